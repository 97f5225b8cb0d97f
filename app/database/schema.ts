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
  created_at: CreatedAt;
}

export interface UserTable {
  id: Generated<number>;
  full_name: string;
  email: string | null;
  phone: string | null;
  password_hash: string;
  role: ColumnType<Role, Role | undefined, Role>;
  unit_id: number;
  created_at: CreatedAt;
}

export interface QuestionBankTable {
  id: Generated<number>;
  key: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  reviewer_must_differ: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
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
  created_at: CreatedAt;
}

export interface RoundTable {
  id: Generated<number>;
  contest_id: number;
  number: number;
  title: string;
  opens_at: Timestamp;
  closes_at: Timestamp;
  time_limit_seconds: number;
  bank_id: number;
  question_count: number;
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

export interface Database {
  units: UnitTable;
  users: UserTable;
  question_banks: QuestionBankTable;
  questions: QuestionTable;
  question_versions: QuestionVersionTable;
  question_events: QuestionEventTable;
  contests: ContestTable;
  rounds: RoundTable;
  entries: EntryTable;
  entry_questions: EntryQuestionTable;
  entry_answers: EntryAnswerTable;
}

export type Unit = Selectable<UnitTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Round = Selectable<RoundTable>;
export type Entry = Selectable<EntryTable>;
