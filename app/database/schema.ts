import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export type Role = "contestant" | "organizer" | "leader" | "admin";
export type QuestionType = "single" | "multiple" | "true_false";
export type Difficulty = "easy" | "medium" | "hard";
export type QuestionStatus = "draft" | "in_review" | "approved" | "retired";
export type EntryStatus = "in_progress" | "submitted" | "expired";

export interface LegalBasis {
  document: string;
  issuer: string;
  date: string;
  article?: string;
}

export interface UnitTable {
  id: Generated<number>;
  parent_id: number | null;
  code: string;
  name: string;
  kind: string;
  headcount: number;
  path: string;
  depth: number;
  retired_at: Date | null;
  /** Set when the unit was merged into another one (and retired). */
  merged_into_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Size of the unit's roster; null when it has none (then the typed headcount counts). */
  roster_size: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
}

/** One person of a unit's staff list (roster). */
export interface RosterEntryTable {
  id: Generated<number>;
  unit_id: number;
  full_name: string;
  /** fold_text(full_name): for matching without diacritics. */
  name_folded: string;
  /** yyyy-mm-dd */
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  cccd: string | null;
  phone: string | null;
  position: string | null;
  /** The account of the person, once matched (later). */
  user_id: ColumnType<number | null, number | null | undefined, number | null>;
  imported_by: number | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface UnitEventTable {
  id: ColumnType<string, never, never>;
  /** Null for an event about the tree as a whole (an import). */
  unit_id: number | null;
  actor_id: number | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  reason: string | null;
  at: CreatedAt;
}

export interface UserTable {
  id: Generated<number>;
  full_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  unit_id: number;
  position: string | null;
  must_change_password: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface QuestionBankTable {
  id: Generated<number>;
  key: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  reviewer_must_differ: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  /** Moves with every change of the bank's drawable questions (a trigger, migration 0017): the draw caches check it. */
  draw_version: ColumnType<string, never, never>;
}

export interface QuestionTable {
  id: Generated<number>;
  bank_id: number;
  key: string;
  topic: string;
  status: ColumnType<QuestionStatus, QuestionStatus | undefined, QuestionStatus>;
  current_version_id: number | null;
  author_id: number | null;
  /** Key, stem, options, explanation and basis folded without diacritics (foldText): what the search box matches. */
  search_text: ColumnType<string, string | undefined, string>;
  /** The current version's stem, folded (foldText): the search ranks matches in it first. */
  search_stem: ColumnType<string, string | undefined, string>;
  /** The words of search_text with their positions (a tsvector PostgreSQL keeps from it): whole-word and phrase search. */
  search_words: ColumnType<string, never, never>;
  /** The same of search_stem. */
  stem_words: ColumnType<string, never, never>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type QuestionAction = "created" | "edited" | "imported" | "submitted" | "approved" | "returned" | "retired" | "restored";

export interface QuestionEventTable {
  id: ColumnType<string, never, never>;
  question_id: number;
  version_id: number | null;
  actor_id: number | null;
  action: QuestionAction;
  from_status: QuestionStatus | null;
  to_status: QuestionStatus | null;
  comment: string | null;
  at: CreatedAt;
}

export interface BankEventTable {
  id: ColumnType<string, never, never>;
  bank_id: number;
  actor_id: number | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string, string>;
  reason: string | null;
  at: CreatedAt;
}

export interface QuestionVersionTable {
  id: Generated<number>;
  question_id: number;
  version_no: number;
  type: QuestionType;
  difficulty: Difficulty;
  stem: string;
  /** Option texts, in authoring order. */
  options: ColumnType<string[], string, string>;
  /** Indices into `options`. */
  correct: ColumnType<number[], string, string>;
  explanation: string;
  basis: ColumnType<LegalBasis, string, string>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  content_hash: string;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface ContestTable {
  id: Generated<number>;
  slug: string;
  title: string;
  rules: string;
  owner_unit_id: number;
  status: ColumnType<"draft" | "published", "draft" | "published" | undefined, "draft" | "published">;
  prizes: ColumnType<string, string | undefined, string>;
  banner: Buffer | null;
  banner_type: string | null;
  /** Contestants and the public may read the rankings. */
  ranking_public: ColumnType<boolean, boolean | undefined, boolean>;
  /** Set while the latest publication of the results stands: writes behind them are refused. */
  results_frozen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The rounds behind the standing publication; null when nothing is frozen. */
  results_frozen_rounds: ColumnType<number[] | null, number[] | null | undefined, number[] | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ContestGroupTable {
  id: Generated<number>;
  contest_id: number;
  name: string;
  open_to_public: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
}

export interface ContestGroupUnitTable {
  group_id: number;
  unit_id: number;
}

export interface ContestParticipantTable {
  contest_id: number;
  user_id: number;
  group_id: number;
  joined_at: CreatedAt;
}

export type ReviewPolicy = "never" | "after_submit" | "after_close";
export type PredictionRule = "none" | "entries" | "participants" | "full_marks";

/** One line of a round's blueprint: draw `count` approved questions from a bank, optionally one topic and difficulty. */
export interface BlueprintLine {
  bankId: number;
  topic?: string | null;
  difficulty?: "easy" | "medium" | "hard" | null;
  count: number;
}

export interface RoundAllowanceTable {
  round_id: number;
  user_id: number;
  extra_entries: ColumnType<number, number | undefined, number>;
  extra_seconds: ColumnType<number, number | undefined, number>;
}

export interface ContestLogTable {
  id: ColumnType<string, never, never>;
  contest_id: number;
  round_id: number | null;
  actor_id: number | null;
  action: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  reason: string | null;
  at: CreatedAt;
}

export interface RoundTable {
  id: Generated<number>;
  contest_id: number;
  number: number;
  title: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  time_limit_seconds: number;
  /** Legacy single bank of the first rounds; the blueprint is what counts. */
  bank_id: number | null;
  question_count: number;
  blueprint: ColumnType<BlueprintLine[], string, string>;
  shuffle_questions: ColumnType<boolean, boolean | undefined, boolean>;
  shuffle_options: ColumnType<boolean, boolean | undefined, boolean>;
  review_policy: ColumnType<ReviewPolicy, ReviewPolicy | undefined, ReviewPolicy>;
  prediction_rule: ColumnType<PredictionRule, PredictionRule | undefined, PredictionRule>;
  prediction_prompt: string | null;
  prediction_value: number | null;
  prediction_computed_at: Date | null;
  /** While the true value is still being applied to the kept rankings: the last user id done (0: none); null when settled (migration 0015). */
  truth_pending_after: ColumnType<number | null, number | null | undefined, number | null>;
  points_per_question: ColumnType<number, number | undefined, number>;
  max_entries: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface EntryTable {
  /** bigserial: pg returns it as a string. */
  id: ColumnType<string, never, never>;
  round_id: number;
  user_id: number;
  attempt_no: number;
  status: ColumnType<EntryStatus, EntryStatus | undefined, EntryStatus>;
  started_at: Timestamp;
  deadline: Timestamp;
  finished_at: Date | null;
  question_count: number;
  score: number | null;
  correct_count: number | null;
  duration_ms: number | null;
  group_id: number | null;
  prediction: number | null;
  /** An organizer's preview entry (docs/decisions/0010): taken and scored like any, counted nowhere. */
  practice: ColumnType<boolean, boolean | undefined, never>;
}

export interface EntryQuestionTable {
  entry_id: ColumnType<string, string, never>;
  position: number;
  question_version_id: number;
  option_order: number[];
}

export interface EntryAnswerTable {
  entry_id: ColumnType<string, string, never>;
  position: number;
  chosen: number[];
  revision: ColumnType<string, number | string, number | string>;
  saved_at: Timestamp;
  is_correct: boolean | null;
}

/** A person's counted result in a round (best score, the earlier of equal ones), kept as entries are finalised. group_id 0: no group. */
export interface RoundResultTable {
  round_id: number;
  user_id: number;
  contest_id: number;
  group_id: number;
  /** The person's unit when the result last changed. */
  unit_id: number;
  entry_id: string;
  score: number;
  duration_ms: number;
  finished_at: Date;
  prediction: number | null;
  /** Ordering key: 0 until the round's true value is known; then |prediction − truth|, or NO_PREDICTION_DISTANCE. */
  distance: ColumnType<string, string | number | undefined, string | number>;
  entries: number;
  full_score: boolean;
  bucket: ColumnType<number, never, never>;
}

/** A person's contest total: the sum of their counted results over the contest's rounds. */
export interface ContestResultTable {
  contest_id: number;
  user_id: number;
  group_id: number;
  unit_id: number;
  score: number;
  distance: ColumnType<string, string | number | undefined, string | number>;
  duration_ms: ColumnType<string, string | number, string | number>;
  finished_at: Date;
  entries: number;
  rounds: number;
  full_scores: number;
  known_rounds: ColumnType<number, number | undefined, number>;
  bucket: ColumnType<number, never, never>;
}

export interface RoundRankBucketTable {
  round_id: number;
  group_id: number;
  score: number;
  bucket: number;
  people: number;
}

export interface ContestRankBucketTable {
  contest_id: number;
  group_id: number;
  score: number;
  bucket: number;
  people: number;
}

/** Per direct unit (not rolled up): people with a result, their entries, the sum of counted scores, people with a full score. */
export interface UnitRoundStatsTable {
  round_id: number;
  group_id: number;
  unit_id: number;
  participants: number;
  entries: number;
  score_sum: ColumnType<string, string | number, string | number>;
  full_scores: number;
}

export interface UnitContestStatsTable {
  contest_id: number;
  group_id: number;
  unit_id: number;
  participants: number;
  entries: number;
  score_sum: ColumnType<string, string | number, string | number>;
  full_scores: number;
}

export interface RoundEntryHourTable {
  round_id: number;
  group_id: number;
  unit_id: number;
  hour_start: Date;
  entries: number;
}

export type ExportJobKind = "ranking" | "units" | "par";
export type ExportJobStatus = "queued" | "running" | "done" | "failed";

export interface ExportJobTable {
  id: Generated<string>;
  contest_id: number;
  kind: ExportJobKind;
  params: ColumnType<Record<string, unknown>, string, string>;
  params_key: string;
  title: string;
  file_name: string;
  requested_by: number;
  status: ColumnType<ExportJobStatus, ExportJobStatus | undefined, ExportJobStatus>;
  rows_done: ColumnType<number, number | undefined, number>;
  rows_total: number | null;
  content: Buffer | null;
  byte_size: number | null;
  error: string | null;
  created_at: CreatedAt;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ContestParRuleTable {
  contest_id: number;
  rule: ColumnType<Record<string, unknown>, string, string>;
  updated_by: number | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ContestPrizeStructureTable {
  contest_id: number;
  /** prizeStructureSchema (app/awards/prize-structure.ts). */
  structure: ColumnType<unknown, string, string>;
  updated_by: number | null;
  updated_at: Timestamp;
}

export interface ContestDisqualificationTable {
  id: Generated<number>;
  contest_id: number;
  kind: "entry" | "person";
  user_id: number;
  entry_id: string | null;
  reason: string;
  created_by: number | null;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: number | null;
  revoke_reason: string | null;
}

export interface ContestTieDecisionTable {
  id: Generated<number>;
  contest_id: number;
  scope_key: string;
  group_id: ColumnType<number, number | undefined, number>;
  kind: "individual" | "collective";
  members: string;
  ordered_ids: ColumnType<number[], string, string>;
  note: string;
  decided_by: number | null;
  decided_at: Timestamp;
}

export interface ResultPublicationTable {
  id: Generated<number>;
  contest_id: number;
  version: number;
  published_at: CreatedAt;
  published_by: number | null;
  reason: string | null;
  snapshot: ColumnType<unknown, string, never>;
}

/** A login: the cookie carries a random token, this row its sha256 (auth/sessions.server.ts). */
export interface SessionTable {
  id: Generated<string>;
  token_hash: Buffer;
  user_id: number;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

/** A counter that throttles logins, registrations and reset requests (auth/rate-limit.server.ts). */
export interface RateLimitTable {
  key: string;
  hits: number;
  window_started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  blocked_until: Date | null;
}

export type PasswordResetKind = "email" | "code";

/** A one-time password reset: an emailed link, or a code an organizer or admin issued. */
export interface PasswordResetTable {
  id: Generated<string>;
  token_hash: Buffer;
  user_id: number;
  kind: PasswordResetKind;
  issued_by: number | null;
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
}

/** The audit log of accounts (auth/account-log.server.ts). */
export interface AccountEventTable {
  id: Generated<string>;
  at: CreatedAt;
  kind: string;
  actor_id: number | null;
  subject_id: number | null;
  login: string | null;
  ip: string | null;
  user_agent: string | null;
  details: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;
}

export interface Database {
  units: UnitTable;
  unit_events: UnitEventTable;
  roster_entries: RosterEntryTable;
  users: UserTable;
  question_banks: QuestionBankTable;
  questions: QuestionTable;
  question_versions: QuestionVersionTable;
  question_events: QuestionEventTable;
  bank_events: BankEventTable;
  contests: ContestTable;
  contest_groups: ContestGroupTable;
  contest_group_units: ContestGroupUnitTable;
  contest_participants: ContestParticipantTable;
  contest_log: ContestLogTable;
  rounds: RoundTable;
  round_allowances: RoundAllowanceTable;
  entries: EntryTable;
  entry_questions: EntryQuestionTable;
  entry_answers: EntryAnswerTable;
  round_results: RoundResultTable;
  contest_results: ContestResultTable;
  round_rank_buckets: RoundRankBucketTable;
  contest_rank_buckets: ContestRankBucketTable;
  unit_round_stats: UnitRoundStatsTable;
  unit_contest_stats: UnitContestStatsTable;
  round_entry_hours: RoundEntryHourTable;
  export_jobs: ExportJobTable;
  contest_par_rules: ContestParRuleTable;
  contest_prize_structures: ContestPrizeStructureTable;
  contest_disqualifications: ContestDisqualificationTable;
  contest_tie_decisions: ContestTieDecisionTable;
  result_publications: ResultPublicationTable;
  sessions: SessionTable;
  rate_limits: RateLimitTable;
  password_resets: PasswordResetTable;
  account_events: AccountEventTable;
}

export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Round = Selectable<RoundTable>;
export type Entry = Selectable<EntryTable>;
