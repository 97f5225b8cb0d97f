import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { prepared, type DB, type DBOrTransaction } from "~/database/connection.server";
import type { BlueprintLine, EntryStatus, QuestionType } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";
import { assertRoundNotFrozen, frozenRoundSql, resultsFrozenError } from "~/awards/freeze.server";
import { recordFinalisedEntries } from "~/rankings/maintenance.server";
import { drawByBlueprint } from "~/contests/blueprint";
import { personGroup, type AudienceGroup } from "~/contests/audience";
import { AUDIENCE_REFUSAL } from "~/contests/audience.server";
import { blueprintBankVersionsSql, candidatePools, loadPools, type BankVersions } from "./candidates.server";
import { optionOrder, shuffled, type RandomSource } from "./draw";
import { entryQuestionRows } from "./entry-view.server";
import { NETWORK_GRACE_SECONDS } from "./rules";
import { durationMs, scoreEntry } from "./scoring";
import { MUST_CHANGE_PASSWORD_MESSAGE } from "~/auth/auth.server";
import { sessionUserIdSql } from "~/auth/sessions.server";
import { saveAnswerRow } from "./answer-batch.server";

/** Draws for real entries and for the organizers' sample draws alike. */
export const secureRandom: RandomSource = () => randomInt(0, 2 ** 32) / 2 ** 32;
const grace = sql.lit(NETWORK_GRACE_SECONDS);

export interface FinalisedEntry {
  entryId: string;
  roundId: number;
  status: EntryStatus;
  score: number;
  correctCount: number;
  questionCount: number;
  durationMs: number;
  /** False when the entry was already final (a repeated submit or a race with the finaliser). */
  changed: boolean;
  /** An organizer's preview entry: it moved no ranking, so no board needs telling. */
  practice: boolean;
}

/** A round the contest's page does not have: a malformed request, said as the page's own parser says it. */
export const NO_SUCH_ROUND = "Yêu cầu không hợp lệ: không tìm thấy đợt thi.";

/**
 * Starts an entry, or returns the one already in progress (a double click or a second tab
 * gets the same entry). The server checks the audience and the window, draws the questions
 * by the round's blueprint and fixes the deadline.
 *
 * `attemptNo` is the attempt the person confirmed ("lượt 2"): when that entry exists already — a
 * confirm sent again after the entry was submitted (the back button, a retried request) — it is
 * returned instead of spending another attempt.
 *
 * `contestId`: the contest whose page asked; a round outside it is refused as a malformed request.
 */
export async function startEntry(
  db: DB,
  input: { roundId: number; userId: number; attemptNo?: number; contestId?: number },
): Promise<{ entryId: string; resumed: boolean }> {
  return db.transaction().execute(async (trx) => {
    // Serialise starts of one person in one round; other people are not blocked. Its own
    // statement: a statement's snapshot is taken before its locks, and what follows must see a
    // start that committed while this one waited.
    await prepared(sql`select pg_advisory_xact_lock(${input.roundId}::int, ${input.userId}::int)`).execute(trx);

    // Everything the rules need, in one round trip.
    const { rows } = await prepared(sql<StartFacts>`
      select r.id, r.contest_id, r.blueprint, r.question_count, r.max_entries, r.time_limit_seconds,
             r.shuffle_questions, r.shuffle_options, c.status as contest_status,
             r.opens_at > now() as not_open_yet, r.closes_at <= now() as closed, ${frozenRoundSql("c", "r")} as frozen,
             running.id as in_progress_id, running.open as in_progress_open,
             (select e.id from entries e where e.round_id = r.id and e.user_id = ${input.userId} and e.attempt_no = ${input.attemptNo ?? null}::int and not e.practice) as confirmed_id,
             (select count(*)::int from entries e where e.round_id = r.id and e.user_id = ${input.userId} and not e.practice) as attempts,
             a.extra_entries, a.extra_seconds,
             p.group_id as fixed_group_id,
             -- The audience, only while the person's group is not fixed yet (their first entry).
             case when p.group_id is null then (select un.path from users us join units un on un.id = us.unit_id where us.id = ${input.userId}) end as unit_path,
             case when p.group_id is null then (
               select coalesce(jsonb_agg(jsonb_build_object('id', g.id, 'position', g.position, 'openToPublic', g.open_to_public,
                        'unitPaths', (select coalesce(jsonb_agg(u.path), '[]') from contest_group_units gu join units u on u.id = gu.unit_id where gu.group_id = g.id))), '[]')
               from contest_groups g where g.contest_id = c.id) end as groups,
             ${blueprintBankVersionsSql("r.blueprint")} as bank_versions
      from rounds r
      join contests c on c.id = r.contest_id
      left join lateral (
        select e.id, e.deadline + make_interval(secs => ${grace}) > now() as open from entries e
        where e.round_id = r.id and e.user_id = ${input.userId} and not e.practice and e.status = 'in_progress'
      ) running on true
      left join round_allowances a on a.round_id = r.id and a.user_id = ${input.userId}
      left join contest_participants p on p.contest_id = c.id and p.user_id = ${input.userId}
      where r.id = ${input.roundId}`).execute(trx);
    const round = rows[0];
    // Asked from a contest's page: a round of another contest (or none) is a malformed request.
    if (input.contestId !== undefined && round?.contest_id !== input.contestId) throw new UserFacingError(400, NO_SUCH_ROUND);
    if (!round || round.contest_status !== "published") throw new UserFacingError(404, "Không tìm thấy đợt thi này.");
    if (round.frozen) throw resultsFrozenError();
    if (round.not_open_yet) throw new UserFacingError(409, "Đợt thi chưa mở. Vui lòng quay lại khi đợt thi bắt đầu.", "not_open");
    if (round.closed) throw new UserFacingError(409, "Đợt thi đã kết thúc, không thể bắt đầu lượt thi mới.", "closed");

    if (round.in_progress_id !== null && round.in_progress_open) return { entryId: round.in_progress_id, resumed: true };
    if (round.in_progress_id !== null) await finaliseEntry(trx, round.in_progress_id, "expire");
    if (input.attemptNo !== undefined && round.confirmed_id !== null) return { entryId: round.confirmed_id, resumed: true };

    // The same rule as "Cuộc thi của tôi" (audience.ts): the group fixed at the first entry, else the first that admits the unit.
    const group =
      round.fixed_group_id !== null
        ? { id: round.fixed_group_id, fixed: true }
        : ((g) => (g ? { id: g.id, fixed: false } : null))(personGroup(round.groups ?? [], { unitPath: round.unit_path ?? "", fixedGroupId: null }));
    if (!group) throw new UserFacingError(403, AUDIENCE_REFUSAL, "audience");
    const maxEntries = round.max_entries + (round.extra_entries ?? 0);
    if (round.attempts >= maxEntries) {
      throw new UserFacingError(409, `Bạn đã dùng hết ${maxEntries} lượt thi của đợt này.`, "attempts_exhausted");
    }

    const ordered = await drawEntryQuestions(trx, round, secureRandom, round.bank_versions);
    if (!ordered) {
      throw new UserFacingError(409, "Ngân hàng câu hỏi của đợt thi chưa đủ câu hỏi đã duyệt. Vui lòng báo ban tổ chức.", "blueprint");
    }
    const entryId = await insertEntry(trx, {
      roundId: input.roundId,
      userId: input.userId,
      groupId: group.id,
      joinGroup: group.fixed ? null : round.contest_id,
      attemptNo: round.attempts + 1,
      seconds: round.time_limit_seconds + (round.extra_seconds ?? 0),
      questions: ordered,
      practice: false,
    });
    return { entryId, resumed: false };
  });
}

interface StartFacts {
  id: number;
  contest_id: number;
  blueprint: BlueprintLine[];
  question_count: number;
  max_entries: number;
  time_limit_seconds: number;
  shuffle_questions: boolean;
  shuffle_options: boolean;
  contest_status: string;
  not_open_yet: boolean;
  closed: boolean;
  frozen: boolean;
  in_progress_id: string | null;
  in_progress_open: boolean | null;
  confirmed_id: string | null;
  attempts: number;
  extra_entries: number | null;
  extra_seconds: number | null;
  fixed_group_id: number | null;
  unit_path: string | null;
  groups: AudienceGroup[] | null;
  bank_versions: BankVersions;
}

/**
 * Stores a new entry with its drawn questions and its deadline, in one statement; returns its id.
 * `joinGroup` (a contest id) fixes the person's group at their first entry in the same statement.
 */
async function insertEntry(
  trx: DBOrTransaction,
  input: {
    roundId: number;
    userId: number;
    groupId: number | null;
    joinGroup?: number | null;
    attemptNo: number;
    seconds: number;
    questions: DrawnQuestion[];
    practice: boolean;
  },
): Promise<string> {
  // Never past the round's close: the last minutes of a round give a shorter entry. A preview
  // is not bound by the round's window: it gets the whole time limit whenever it is taken.
  const deadline = input.practice
    ? sql`now() + make_interval(secs => ${input.seconds})`
    : sql`least(now() + make_interval(secs => ${input.seconds}), (select closes_at from rounds where id = ${input.roundId}))`;
  const joinGroup = input.joinGroup ?? null;
  const { rows } = await prepared(sql<{ id: string }>`
    with joined as (
      insert into contest_participants (contest_id, user_id, group_id)
      select ${joinGroup}::int, ${input.userId}::int, ${input.groupId}::int where ${joinGroup}::int is not null
      on conflict do nothing
    ),
    entry as (
      insert into entries (round_id, user_id, group_id, attempt_no, question_count, started_at, deadline, practice)
      values (${input.roundId}, ${input.userId}, ${input.groupId}::int, ${input.attemptNo}, ${input.questions.length}, now(), ${deadline}, ${input.practice})
      returning id
    ),
    questions as (
      insert into entry_questions (entry_id, position, question_version_id, option_order)
      select entry.id, q.position - 1, q.version_id, q.option_order::smallint[]
      from entry, unnest(${sql.val(input.questions.map((q) => q.versionId))}::int[], ${sql.val(input.questions.map((q) => `{${q.optionOrder.join(",")}}`))}::text[])
           with ordinality as q(version_id, option_order, position)
    )
    select id::text from entry`).execute(trx);
  return rows[0].id;
}

/**
 * An organizer's preview entry (docs/decisions/0010): the round's real draw, timer, answer save and
 * scoring, whatever the contest's or round's state (a draft, a round not open yet or closed, a
 * published result), but counted nowhere: no group is joined, no attempt used, no ranking touched.
 * Returns the preview already running in this round, if any. Call it inside the organizer's command.
 */
export async function startPracticeEntry(trx: DBOrTransaction, input: { contestId: number; roundId: number; userId: number }): Promise<{ entryId: string; resumed: boolean }> {
  await sql`select pg_advisory_xact_lock(${input.roundId}::int, ${input.userId}::int)`.execute(trx);
  const round = await trx
    .selectFrom("rounds")
    .select(["id", "blueprint", "time_limit_seconds", "shuffle_questions", "shuffle_options"])
    .where("id", "=", input.roundId)
    .where("contest_id", "=", input.contestId)
    .executeTakeFirst();
  if (!round) throw new UserFacingError(404, "Không tìm thấy đợt thi.");
  const running = await trx
    .selectFrom("entries")
    .select(["id", sql<boolean>`deadline + make_interval(secs => ${grace}) > now()`.as("open")])
    .where("round_id", "=", input.roundId)
    .where("user_id", "=", input.userId)
    .where("practice", "=", true)
    .where("status", "=", "in_progress")
    .executeTakeFirst();
  if (running?.open) return { entryId: running.id, resumed: true };
  if (running) await finaliseEntry(trx, running.id, "expire");
  const ordered = await drawEntryQuestions(trx, round, secureRandom);
  if (!ordered) throw new UserFacingError(409, "Cấu trúc đề của đợt này chưa đủ câu hỏi đã duyệt.", "blueprint");
  const { attempts } = await trx
    .selectFrom("entries")
    .select((eb) => eb.fn.max("attempt_no").as("attempts"))
    .where("round_id", "=", input.roundId)
    .where("user_id", "=", input.userId)
    .where("practice", "=", true)
    .executeTakeFirstOrThrow();
  const entryId = await insertEntry(trx, {
    roundId: input.roundId,
    userId: input.userId,
    groupId: null,
    attemptNo: (attempts ?? 0) + 1,
    seconds: round.time_limit_seconds,
    questions: ordered,
    practice: true,
  });
  return { entryId, resumed: false };
}

export interface DrawnQuestion {
  versionId: number;
  /** Display index -> authoring index of the options, as the contestant will see them. */
  optionOrder: number[];
}

/**
 * An entry's questions in the order the contestant gets them: the round's blueprint filled from
 * the approved questions (none twice), then the round's shuffles of questions and options. Null
 * when the approved questions cannot always fill the blueprint. The organizers' preview draws its
 * samples through this too, so a sample follows exactly the rules a real entry does.
 */
export async function drawEntryQuestions(
  db: DBOrTransaction,
  round: { blueprint: BlueprintLine[]; shuffle_questions: boolean; shuffle_options: boolean },
  random: RandomSource,
  /** The banks' draw versions read in the caller's transaction (else read here). */
  bankVersions?: BankVersions,
): Promise<DrawnQuestion[] | null> {
  const { pools, short } = await candidatePools(db, round.blueprint, bankVersions);
  if (short) return null;
  const drawn = drawByBlueprint(pools, (q) => q.id, random);
  const ordered = round.shuffle_questions ? shuffled(drawn, random) : drawn;
  return ordered.map((question) => ({
    versionId: question.id,
    optionOrder: round.shuffle_options
      ? optionOrder(question.option_count, question.type as QuestionType, random)
      : Array.from({ length: question.option_count }, (_, i) => i),
  }));
}

/** Approved current versions matching each blueprint line (read now, not from the start's lists). */
export async function blueprintPools(db: DBOrTransaction, lines: BlueprintLine[]) {
  return loadPools(db, lines);
}

/**
 * Whose entry: a user id, or the session token of the request (the answer API), which the save's
 * own statement resolves so that a logged-out or expired session saves nothing.
 */
export type EntryOwner = number | { sessionTokenHash: Buffer };

function ownerIdSql(owner: EntryOwner) {
  return typeof owner === "number" ? sql<number>`${owner}::int` : sessionUserIdSql(owner.sessionTokenHash);
}

export interface SaveAnswerInput {
  entryId: string;
  userId: EntryOwner;
  position: number;
  /** Display indices, as the contestant saw the options. */
  chosen: number[];
  /** Client-side ordering stamp: an older save that arrives late never overwrites a newer one. */
  revision: number;
}

export async function saveAnswer(db: DB, input: SaveAnswerInput): Promise<{ remainingMs: number }> {
  if (new Set(input.chosen).size !== input.chosen.length) throw new UserFacingError(400, "Phương án đã chọn không hợp lệ.");
  // The hottest write of a contest: one statement, grouped with the saves that arrive while
  // earlier ones run (answer-batch.server.ts), replied to once its row is committed.
  const entry = await saveAnswerRow(db, { entryId: input.entryId, owner: input.userId, position: input.position, chosen: input.chosen, revision: input.revision });
  if (!entry.has_user) throw new UserFacingError(401, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", "unauthenticated");
  if (entry.must_change_password) throw mustChangePassword();
  if (!entry.found) throw new UserFacingError(404, "Không tìm thấy bài thi.");
  if (entry.frozen) throw resultsFrozenError();
  if (entry.status !== "in_progress") throw new UserFacingError(409, "Bài thi đã được nộp, không thể thay đổi câu trả lời.", "entry_final");
  if (!entry.open) throw new UserFacingError(409, "Đã hết giờ làm bài, câu trả lời này không được ghi nhận.", "deadline_passed");
  if (!entry.has_question) throw new UserFacingError(400, "Câu hỏi không thuộc bài thi này.");
  if (!entry.valid) {
    if (entry.type !== "multiple" && input.chosen.length > 1) throw new UserFacingError(400, "Câu hỏi này chỉ được chọn một phương án.");
    throw new UserFacingError(400, "Phương án đã chọn không hợp lệ.");
  }
  return { remainingMs: entry.remaining_ms ?? 0 };
}

/** The same refusal getCurrentUser gives /api calls while the initial password is unchanged. */
function mustChangePassword() {
  return new UserFacingError(403, MUST_CHANGE_PASSWORD_MESSAGE, "must_change_password");
}

/** The contestant's submit: scores the entry at once. A second submit returns the first result. */
export async function submitEntry(db: DB, input: { entryId: string; userId: number }): Promise<FinalisedEntry> {
  return db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom("entries").select("user_id").where("id", "=", input.entryId).executeTakeFirst();
    if (!owner || owner.user_id !== input.userId) throw new UserFacingError(404, "Không tìm thấy bài thi.");
    return finaliseEntry(trx, input.entryId, "submit");
  });
}

/**
 * Finalises one entry exactly once, under a row lock. "submit" comes from the contestant;
 * "expire" from the finaliser when the time ran out. Answers saved until the deadline count.
 * The status says how the entry ended (finish-reason.ts): "submitted" when the contestant
 * submitted before the deadline, "expired" when the time ran out — also for a submit that
 * arrives after the deadline, which is the entry page's own submit at zero (or a click in the
 * network grace): either way the saved answers were submitted because time was up.
 * The rankings are updated in the same transaction, unless the caller does it for a whole batch
 * (`rankings: "caller"`).
 */
export async function finaliseEntry(
  trx: DBOrTransaction,
  entryId: string,
  reason: "submit" | "expire",
  options: { rankings?: "now" | "caller" } = {},
): Promise<FinalisedEntry> {
  const entry = await trx
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.id", "entries.round_id")
    .innerJoin("contests", "contests.id", "rounds.contest_id")
    .select([
      "entries.id",
      "entries.round_id",
      "entries.status",
      "entries.started_at",
      "entries.deadline",
      "entries.score",
      "entries.correct_count",
      "entries.question_count",
      "entries.duration_ms",
      "entries.practice",
      "rounds.points_per_question",
      frozenRoundSql("contests", "rounds").as("frozen"),
      sql<Date>`now()`.as("now"),
    ])
    .where("entries.id", "=", entryId)
    .forUpdate("entries")
    .executeTakeFirstOrThrow();
  // Published results are frozen (awards/freeze.server.ts): read in the same query, no extra
  // round trip; refused even for an entry already final, so a repeated submit says why.
  if (entry.frozen && !entry.practice) throw resultsFrozenError();
  if (entry.status !== "in_progress") {
    return {
      entryId,
      roundId: entry.round_id,
      status: entry.status,
      score: entry.score ?? 0,
      correctCount: entry.correct_count ?? 0,
      questionCount: entry.question_count,
      durationMs: entry.duration_ms ?? 0,
      changed: false,
      practice: entry.practice,
    };
  }

  const questions = await entryQuestionRows(trx, entryId)
    .select(["entry_questions.position", "question_versions.correct", "entry_answers.chosen"])
    .execute();
  const result = scoreEntry(
    questions.map((q) => ({ correct: q.correct, chosen: q.chosen ?? undefined })),
    entry.points_per_question,
  );

  const status: EntryStatus = reason === "submit" && entry.now < entry.deadline ? "submitted" : "expired";
  const finishedAt = status === "submitted" ? entry.now : entry.deadline;
  const taken = durationMs(entry.started_at, finishedAt, entry.deadline);

  // Marks every answer right or wrong in one statement, not one per question: submits are a hot path.
  const correctPositions = questions.filter((q, index) => q.chosen && result.perQuestion[index]).map((q) => q.position);
  await trx
    .updateTable("entry_answers")
    .set({ is_correct: sql<boolean>`position = any(${sql.val(correctPositions)}::int[])` })
    .where("entry_id", "=", entryId)
    .execute();
  await trx
    .updateTable("entries")
    .set({ status, finished_at: finishedAt, score: result.score, correct_count: result.correctCount, duration_ms: taken })
    .where("id", "=", entryId)
    .execute();
  // A preview entry counts nowhere (recordFinalisedEntries leaves it out of a batch too).
  if (options.rankings !== "caller" && !entry.practice) await recordFinalisedEntries(trx, [entryId]);
  return {
    entryId,
    roundId: entry.round_id,
    status,
    score: result.score,
    correctCount: result.correctCount,
    questionCount: entry.question_count,
    durationMs: taken,
    changed: true,
    practice: entry.practice,
  };
}

/**
 * Finalises entries whose time (plus the network grace) has run out. Safe to run in several
 * processes at once: each entry is claimed with SKIP LOCKED and finalised in its own transaction.
 */
export async function finaliseDueEntries(db: DB, batchSize = 200): Promise<FinalisedEntry[]> {
  const finalised: FinalisedEntry[] = [];
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("entries")
        .select("id")
        .where("status", "=", "in_progress")
        .where(sql<boolean>`deadline + make_interval(secs => ${grace}) < now()`)
        // A contest whose results are published is frozen: its entries wait for a correction.
        .where(sql<boolean>`(practice or not exists (select 1 from rounds r join contests c on c.id = r.contest_id where r.id = entries.round_id and ${frozenRoundSql("c", "r")}))`)
        .orderBy("deadline")
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      const results: FinalisedEntry[] = [];
      for (const { id } of due) results.push(await finaliseEntry(trx, id, "expire", { rankings: "caller" }));
      // One pass for the batch: its ranking rows are then locked in key order, like a single submit's.
      await recordFinalisedEntries(trx, results.filter((e) => e.changed && !e.practice).map((e) => e.entryId));
      return results;
    });
    finalised.push(...batch.filter((e) => e.changed));
    if (batch.length < batchSize) return finalised;
  }
}

/** Saves the answer to the round's prediction question; the same rules as an answer (in time, in progress, own entry). */
export async function savePrediction(db: DB, input: { entryId: string; userId: EntryOwner; prediction: number }): Promise<{ remainingMs: number }> {
  return db.transaction().execute(async (trx) => {
    const entry = await trx
      .selectFrom("entries")
      .innerJoin("rounds", "rounds.id", "entries.round_id")
      .innerJoin("users", "users.id", "entries.user_id")
      .select([
        "entries.status",
        "rounds.prediction_rule",
        "entries.round_id",
        "entries.practice",
        "users.must_change_password",
        sql<boolean>`now() <= entries.deadline + make_interval(secs => ${grace})`.as("open"),
        sql<number>`greatest(0, floor(extract(epoch from entries.deadline - now()) * 1000))::int`.as("remaining_ms"),
      ])
      .where("entries.id", "=", input.entryId)
      .where("entries.user_id", "=", ownerIdSql(input.userId))
      .forShare("entries")
      .executeTakeFirst();
    if (!entry) throw new UserFacingError(404, "Không tìm thấy bài thi.");
    if (entry.must_change_password) throw mustChangePassword();
    if (!entry.practice) await assertRoundNotFrozen(trx, entry.round_id, { lock: false });
    if (entry.prediction_rule === "none") throw new UserFacingError(400, "Đợt thi này không có câu hỏi dự đoán.");
    if (entry.status !== "in_progress") throw new UserFacingError(409, "Bài thi đã được nộp, không thể thay đổi câu trả lời.", "entry_final");
    if (!entry.open) throw new UserFacingError(409, "Đã hết giờ làm bài, câu trả lời này không được ghi nhận.", "deadline_passed");
    await trx.updateTable("entries").set({ prediction: input.prediction }).where("id", "=", input.entryId).execute();
    return { remainingMs: entry.remaining_ms };
  });
}
