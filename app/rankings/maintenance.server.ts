import { sql, type RawBuilder } from "kysely";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { NO_PREDICTION_DISTANCE } from "./ranking";
import { bucketDeltas, unitStatDeltas, type CountedState, type ResultChange } from "./result-deltas";

// Keeps the ranking tables (migration 0005) in step with `entries`, in the transaction that
// changes an entry. Organizers' preview entries (`practice`, docs/decisions/0010) are left out
// everywhere here, so no kept table, and nothing read from them, ever counts one. Each change
// recomputes only the people it touches, from their own entries:
// a person's counted result in a round, then their contest total, then the per-unit counts and
// the rank buckets by delta (old result out, new result in).
//
// Locks are always taken in one order — round_results, unit_round_stats, round_rank_buckets,
// round_entry_hours, contest_results, unit_contest_stats, contest_rank_buckets — and by key
// inside each table, so concurrent finalisations never deadlock. A person's result row is the
// lock that serialises two of their entries finalised at once: whoever comes second waits for
// the row, then re-reads the entries with the first one committed, so no update is lost.

export interface PersonRound {
  roundId: number;
  userId: number;
}

export interface HourDelta {
  roundId: number;
  groupId: number;
  unitId: number;
  hourStart: Date;
  entries: number;
}

type StateRow = { scope_id: number; user_id: number; group_id: number; unit_id: number; score: number; bucket: number; entries: number; full_scores: number };

const toState = (row: StateRow): CountedState => ({
  scopeId: row.scope_id,
  groupId: row.group_id,
  unitId: row.unit_id,
  score: row.score,
  bucket: row.bucket,
  entries: row.entries,
  fullScores: row.full_scores,
});

const key = (scopeId: number, userId: number) => `${scopeId}:${userId}`;

/** Each person's counted entry per round (best score; the earlier of equal scores), with the rule's fields. */
function countedRoundResults(where: RawBuilder<unknown>) {
  return sql`
    select distinct on (e.round_id, e.user_id)
      e.round_id, e.user_id, r.contest_id, coalesce(e.group_id, 0) as group_id, u.unit_id, e.id as entry_id,
      e.score, e.duration_ms, e.finished_at, e.prediction,
      case when r.prediction_value is null then 0
           when e.prediction is null then ${sql.lit(NO_PREDICTION_DISTANCE)}
           else abs(e.prediction::bigint - r.prediction_value) end as distance,
      count(*) over (partition by e.round_id, e.user_id) as entries,
      e.correct_count = e.question_count as full_score
    from entries e
    join rounds r on r.id = e.round_id
    join users u on u.id = e.user_id
    where e.status <> 'in_progress' and not e.practice and ${where}
    order by e.round_id, e.user_id, e.score desc, e.finished_at asc, e.id asc`;
}

/** Each person's contest total from their counted round results (ranking.ts contestTotal). */
function contestTotals(where: RawBuilder<unknown>) {
  return sql`
    select rr.contest_id, rr.user_id, max(rr.group_id) as group_id, u.unit_id,
      sum(rr.score)::int as score, sum(rr.distance) as distance, sum(rr.duration_ms) as duration_ms,
      max(rr.finished_at) as finished_at, sum(rr.entries)::int as entries, count(*)::int as rounds,
      (count(*) filter (where rr.full_score))::int as full_scores,
      (count(*) filter (where r.prediction_value is not null))::int as known_rounds
    from round_results rr
    join users u on u.id = rr.user_id
    join rounds r on r.id = rr.round_id
    where ${where}
    group by rr.contest_id, rr.user_id, u.unit_id`;
}

const ROUND_COLUMNS = sql`round_id, user_id, contest_id, group_id, unit_id, entry_id, score, duration_ms, finished_at, prediction, distance, entries, full_score`;
const ROUND_STATE = sql`t.round_id as scope_id, t.user_id, t.group_id, t.unit_id, t.score, t.bucket, t.entries, t.full_score::int as full_scores`;
const CONTEST_COLUMNS = sql`contest_id, user_id, group_id, unit_id, score, distance, duration_ms, finished_at, entries, rounds, full_scores, known_rounds`;
const CONTEST_STATE = sql`t.contest_id as scope_id, t.user_id, t.group_id, t.unit_id, t.score, t.bucket, t.entries, t.full_scores`;

function pairsIn(scope: string, pairs: { scopeId: number; userId: number }[], alias: string) {
  return sql`(${sql.ref(`${alias}.${scope}`)}, ${sql.ref(`${alias}.user_id`)}) in (select * from unnest(${pairs.map((p) => p.scopeId)}::int[], ${pairs.map((p) => p.userId)}::int[]))`;
}

function sortedPairs(pairs: { scopeId: number; userId: number }[]) {
  const unique = new Map(pairs.map((p) => [key(p.scopeId, p.userId), p]));
  return [...unique.values()].sort((a, b) => a.scopeId - b.scopeId || a.userId - b.userId);
}

/**
 * Recomputes the counted results of the given people in one scope (round or contest) from their
 * source rows and returns what changed. New rows are inserted (ON CONFLICT DO NOTHING waits for a
 * concurrent insert of the same row); existing rows are locked FOR UPDATE, in key order, before
 * the source is read again.
 */
async function refreshScope(trx: DBOrTransaction, scope: "round" | "contest", pairs: { scopeId: number; userId: number }[]): Promise<ResultChange[]> {
  if (pairs.length === 0) return [];
  const table = scope === "round" ? "round_results" : "contest_results";
  const scopeColumn = scope === "round" ? "round_id" : "contest_id";
  const columns = scope === "round" ? ROUND_COLUMNS : CONTEST_COLUMNS;
  const state = scope === "round" ? ROUND_STATE : CONTEST_STATE;
  const source = (alias: string) => (scope === "round" ? countedRoundResults(pairsIn("round_id", pairs, alias)) : contestTotals(pairsIn("contest_id", pairs, alias)));
  const sourceAlias = scope === "round" ? "e" : "rr";

  const inserted = await sql<StateRow>`
    insert into ${sql.table(table)} as t (${columns})
    select ${columns} from (${source(sourceAlias)}) s order by ${sql.ref(scopeColumn)}, user_id
    on conflict do nothing
    returning ${state}`.execute(trx);
  const changes: ResultChange[] = inserted.rows.map((row) => ({ before: null, after: toState(row) }));
  const done = new Set(inserted.rows.map((r) => key(r.scope_id, r.user_id)));
  const rest = pairs.filter((p) => !done.has(key(p.scopeId, p.userId)));
  if (rest.length === 0) return changes;

  const before = await sql<StateRow>`
    select ${state} from ${sql.table(table)} t where ${pairsIn(scopeColumn, rest, "t")}
    order by ${sql.ref(scopeColumn)}, user_id for update`.execute(trx);
  if (before.rows.length === 0) return changes;
  const locked = before.rows.map((r) => ({ scopeId: r.scope_id, userId: r.user_id }));
  const setColumns =
    scope === "round"
      ? sql`group_id = s.group_id, unit_id = s.unit_id, entry_id = s.entry_id, score = s.score, duration_ms = s.duration_ms, finished_at = s.finished_at,
            prediction = s.prediction, distance = s.distance, entries = s.entries, full_score = s.full_score`
      : sql`group_id = s.group_id, unit_id = s.unit_id, score = s.score, distance = s.distance, duration_ms = s.duration_ms, finished_at = s.finished_at,
            entries = s.entries, rounds = s.rounds, full_scores = s.full_scores, known_rounds = s.known_rounds`;
  const lockedSource = scope === "round" ? countedRoundResults(pairsIn("round_id", locked, "e")) : contestTotals(pairsIn("contest_id", locked, "rr"));
  const updated = await sql<StateRow>`
    update ${sql.table(table)} t set ${setColumns}
    from (${lockedSource}) s
    where t.${sql.ref(scopeColumn)} = s.${sql.ref(scopeColumn)} and t.user_id = s.user_id
    returning ${state}`.execute(trx);
  const after = new Map(updated.rows.map((r) => [key(r.scope_id, r.user_id), toState(r)]));
  const gone = before.rows.filter((r) => !after.has(key(r.scope_id, r.user_id)));
  if (gone.length > 0) {
    await sql`delete from ${sql.table(table)} t where ${pairsIn(scopeColumn, gone.map((r) => ({ scopeId: r.scope_id, userId: r.user_id })), "t")}`.execute(trx);
  }
  for (const row of before.rows) changes.push({ before: toState(row), after: after.get(key(row.scope_id, row.user_id)) ?? null });
  return changes;
}

async function applyUnitStats(trx: DBOrTransaction, scope: "round" | "contest", changes: ResultChange[]) {
  const deltas = unitStatDeltas(changes);
  if (deltas.length === 0) return;
  const table = scope === "round" ? "unit_round_stats" : "unit_contest_stats";
  const scopeColumn = scope === "round" ? "round_id" : "contest_id";
  await sql`
    insert into ${sql.table(table)} (${sql.ref(scopeColumn)}, group_id, unit_id, participants, entries, score_sum, full_scores)
    select s, g, u, p, e, ss, f from unnest(
      ${deltas.map((d) => d.scopeId)}::int[], ${deltas.map((d) => d.groupId)}::int[], ${deltas.map((d) => d.unitId)}::int[],
      ${deltas.map((d) => d.participants)}::int[], ${deltas.map((d) => d.entries)}::int[], ${deltas.map((d) => d.scoreSum)}::bigint[],
      ${deltas.map((d) => d.fullScores)}::int[]) with ordinality as d(s, g, u, p, e, ss, f, n)
    order by n
    on conflict (${sql.ref(scopeColumn)}, group_id, unit_id) do update set
      participants = ${sql.table(table)}.participants + excluded.participants,
      entries = ${sql.table(table)}.entries + excluded.entries,
      score_sum = ${sql.table(table)}.score_sum + excluded.score_sum,
      full_scores = ${sql.table(table)}.full_scores + excluded.full_scores`.execute(trx);
}

async function applyBuckets(trx: DBOrTransaction, scope: "round" | "contest", changes: ResultChange[]) {
  const deltas = bucketDeltas(changes);
  if (deltas.length === 0) return;
  const table = scope === "round" ? "round_rank_buckets" : "contest_rank_buckets";
  const scopeColumn = scope === "round" ? "round_id" : "contest_id";
  await sql`
    insert into ${sql.table(table)} (${sql.ref(scopeColumn)}, group_id, score, bucket, people)
    select s, g, sc, b, p from unnest(
      ${deltas.map((d) => d.scopeId)}::int[], ${deltas.map((d) => d.groupId)}::int[], ${deltas.map((d) => d.score)}::int[],
      ${deltas.map((d) => d.bucket)}::int[], ${deltas.map((d) => d.people)}::int[]) with ordinality as d(s, g, sc, b, p, n)
    order by n
    on conflict (${sql.ref(scopeColumn)}, group_id, score, bucket) do update set people = ${sql.table(table)}.people + excluded.people`.execute(trx);
}

async function applyHours(trx: DBOrTransaction, hours: HourDelta[]) {
  const byKey = new Map<string, HourDelta>();
  for (const h of hours) {
    const k = `${h.roundId}:${h.groupId}:${h.unitId}:${h.hourStart.getTime()}`;
    const sum = byKey.get(k) ?? { ...h, entries: 0 };
    sum.entries += h.entries;
    byKey.set(k, sum);
  }
  const deltas = [...byKey.values()]
    .filter((d) => d.entries !== 0)
    .sort((a, b) => a.roundId - b.roundId || a.groupId - b.groupId || a.unitId - b.unitId || a.hourStart.getTime() - b.hourStart.getTime());
  if (deltas.length === 0) return;
  await sql`
    insert into round_entry_hours (round_id, group_id, unit_id, hour_start, entries)
    select r, g, u, h, e from unnest(
      ${deltas.map((d) => d.roundId)}::int[], ${deltas.map((d) => d.groupId)}::int[], ${deltas.map((d) => d.unitId)}::int[],
      ${deltas.map((d) => d.hourStart.toISOString())}::timestamptz[], ${deltas.map((d) => d.entries)}::int[]) with ordinality as d(r, g, u, h, e, n)
    order by n
    on conflict (round_id, group_id, unit_id, hour_start) do update set entries = round_entry_hours.entries + excluded.entries`.execute(trx);
}

/**
 * Brings the ranking tables up to date for these people and rounds, and their contest totals.
 * Call it in the transaction that changed their entries, after the change.
 */
export async function refreshResults(trx: DBOrTransaction, input: { people: PersonRound[]; hours?: HourDelta[] }): Promise<void> {
  const roundChanges = await refreshScope(trx, "round", sortedPairs(input.people.map((p) => ({ scopeId: p.roundId, userId: p.userId }))));
  await applyUnitStats(trx, "round", roundChanges);
  await applyBuckets(trx, "round", roundChanges);
  await applyHours(trx, input.hours ?? []);
  if (roundChanges.length === 0) return;
  const contests = await sql<{ id: number; contest_id: number }>`
    select id, contest_id from rounds where id = any(${[...new Set(roundChanges.map((c) => (c.after ?? c.before)!.scopeId))]}::int[])`.execute(trx);
  const contestOf = new Map(contests.rows.map((r) => [r.id, r.contest_id]));
  const contestPairs = input.people.map((p) => ({ scopeId: contestOf.get(p.roundId) ?? 0, userId: p.userId })).filter((p) => p.scopeId > 0);
  const contestChanges = await refreshScope(trx, "contest", sortedPairs(contestPairs));
  await applyUnitStats(trx, "contest", contestChanges);
  await applyBuckets(trx, "contest", contestChanges);
}

/** One finalised entry per hour of its finish, for the entries-over-time chart; `sign` -1 takes it back out. */
export async function entryHours(trx: DBOrTransaction, entryIds: string[], sign: 1 | -1): Promise<HourDelta[]> {
  if (entryIds.length === 0) return [];
  const rows = await sql<{ round_id: number; group_id: number; unit_id: number; hour_start: Date; entries: number }>`
    select e.round_id, coalesce(e.group_id, 0) as group_id, u.unit_id, date_trunc('hour', e.finished_at, 'UTC') as hour_start, count(*)::int as entries
    from entries e join users u on u.id = e.user_id
    where e.id = any(${entryIds}::bigint[]) and e.status <> 'in_progress' and not e.practice
    group by 1, 2, 3, 4`.execute(trx);
  return rows.rows.map((r) => ({ roundId: r.round_id, groupId: r.group_id, unitId: r.unit_id, hourStart: r.hour_start, entries: sign * r.entries }));
}

/** The ranking side of finalising entries (submit or expiry), in the same transaction. */
export async function recordFinalisedEntries(trx: DBOrTransaction, entryIds: string[]): Promise<void> {
  if (entryIds.length === 0) return;
  const people = await trx.selectFrom("entries").select(["round_id", "user_id"]).where("id", "in", entryIds).where("practice", "=", false).execute();
  await refreshResults(trx, { people: people.map((p) => ({ roundId: p.round_id, userId: p.user_id })), hours: await entryHours(trx, entryIds, 1) });
}

/** How many people's results one batch of settleRoundTruth changes: its transaction stays well under a second at a million results. */
export const TRUTH_BATCH_SIZE = 10_000;

/**
 * Marks a round's kept rankings as waiting for its prediction true value (set when it closes,
 * removed when it is opened again): call it in the transaction that changes `prediction_value`,
 * then settleRoundTruth after the commit. Until it ends the boards say they are provisional.
 */
export async function markRoundTruthPending(trx: DBOrTransaction, roundId: number): Promise<void> {
  await sql`update rounds set truth_pending_after = 0 where id = ${roundId}`.execute(trx);
}

/**
 * One batch of a round's true value, in its own short transaction: the next `batchSize` people of
 * the round after the cursor (`rounds.truth_pending_after`) get their prediction distance, their
 * contest total is recomputed, both rank-bucket tables move by delta, and the cursor advances in
 * the same commit. A batch repeated after a crash finds nothing left to change (idempotent); the
 * next one resumes after the cursor. "busy": another process holds the round's batch right now.
 */
export async function applyRoundTruthBatch(db: DB, roundId: number, batchSize = TRUTH_BATCH_SIZE): Promise<"more" | "done" | "busy"> {
  return db.transaction().execute(async (trx) => {
    // The round row serialises the batches (NO KEY UPDATE: entries referencing the round are not held up).
    const { rows } = await sql<{ contest_id: number; prediction_value: number | null; truth_pending_after: number | null }>`
      select contest_id, prediction_value, truth_pending_after from rounds where id = ${roundId} for no key update skip locked`.execute(trx);
    if (rows.length === 0) return "busy";
    const round = rows[0];
    if (round.truth_pending_after === null) return "done";
    const target =
      round.prediction_value === null
        ? sql`0::bigint`
        : sql`case when prediction is null then ${sql.lit(NO_PREDICTION_DISTANCE)}::bigint else abs(prediction::bigint - ${round.prediction_value}::bigint) end`;
    // Result rows are locked in key order first, as refreshResults does, then buckets, then contest rows.
    const batch = await sql<{ user_id: number }>`
      select user_id from round_results where round_id = ${roundId} and user_id > ${round.truth_pending_after}
      order by user_id limit ${batchSize} for update`.execute(trx);
    const ids = batch.rows.map((r) => r.user_id);
    if (ids.length > 0) {
      // The old rows are read and rewritten in one statement (both see the rows as locked above).
      await sql`
        with old as (
          select group_id, score, bucket from round_results
          where round_id = ${roundId} and user_id = any(${ids}::int[]) and distance <> ${target}
        ), changed as (
          update round_results set distance = ${target}
          where round_id = ${roundId} and user_id = any(${ids}::int[]) and distance <> ${target}
          returning group_id, score, bucket
        ), deltas as (
          select group_id, score, bucket, sum(n)::int as people
          from (select group_id, score, bucket, -1 as n from old union all select group_id, score, bucket, 1 from changed) d
          group by 1, 2, 3 having sum(n) <> 0
        )
        insert into round_rank_buckets (round_id, group_id, score, bucket, people)
        select ${roundId}, group_id, score, bucket, people from deltas order by group_id, score, bucket
        on conflict (round_id, group_id, score, bucket) do update set people = round_rank_buckets.people + excluded.people`.execute(trx);
      await sql`select 1 from contest_results where contest_id = ${round.contest_id} and user_id = any(${ids}::int[]) order by user_id for update`.execute(trx);
      // The two columns the true value moves (contestTotals' distance and known_rounds), recomputed
      // from the round rows, not by delta: a finalisation in another round of the contest,
      // committed before or after this batch, is never counted twice.
      await sql`
        with s as (
          select rr.user_id, sum(rr.distance) as distance, (count(*) filter (where r.prediction_value is not null))::int as known_rounds
          from round_results rr join rounds r on r.id = rr.round_id
          where rr.contest_id = ${round.contest_id} and rr.user_id = any(${ids}::int[])
          group by rr.user_id
        ),
        stale as (
          select c.user_id, c.group_id, c.score, c.bucket, s.distance, s.known_rounds
          from contest_results c join s on s.user_id = c.user_id
          where c.contest_id = ${round.contest_id} and (c.distance, c.known_rounds) is distinct from (s.distance, s.known_rounds)
        ), changed as (
          update contest_results c set distance = stale.distance, known_rounds = stale.known_rounds
          from stale where c.contest_id = ${round.contest_id} and c.user_id = stale.user_id
          returning c.group_id, c.score, c.bucket
        ), deltas as (
          select group_id, score, bucket, sum(n)::int as people
          from (select group_id, score, bucket, -1 as n from stale union all select group_id, score, bucket, 1 from changed) d
          group by 1, 2, 3 having sum(n) <> 0
        )
        insert into contest_rank_buckets (contest_id, group_id, score, bucket, people)
        select ${round.contest_id}, group_id, score, bucket, people from deltas order by group_id, score, bucket
        on conflict (contest_id, group_id, score, bucket) do update set people = contest_rank_buckets.people + excluded.people`.execute(trx);
    }
    const done = ids.length < batchSize;
    await sql`update rounds set truth_pending_after = ${done ? null : ids[ids.length - 1]} where id = ${roundId}`.execute(trx);
    return done ? "done" : "more";
  });
}

/**
 * Applies a round's prediction true value (or its removal) to its kept rankings, batch after
 * batch, each its own transaction: a finalisation in the contest's other rounds waits at most for
 * one batch. Returns "busy" when another process is doing it (it goes on to the end).
 */
export async function settleRoundTruth(db: DB, roundId: number, o: { batchSize?: number } = {}): Promise<"done" | "busy"> {
  for (;;) {
    const step = await applyRoundTruthBatch(db, roundId, o.batchSize);
    if (step !== "more") return step;
  }
}

/** Settles every round left waiting (a process stopped mid-way, or a round opened again); for the finaliser's sweep. */
export async function settlePendingTruths(db: DB, batchSize?: number): Promise<number[]> {
  const pending = await db.selectFrom("rounds").select("id").where("truth_pending_after", "is not", null).orderBy("id").execute();
  const settled: number[] = [];
  for (const { id } of pending) if ((await settleRoundTruth(db, id, { batchSize })) === "done") settled.push(id);
  return settled;
}

const TABLES_IN_LOCK_ORDER = ["round_results", "unit_round_stats", "round_rank_buckets", "round_entry_hours", "contest_results", "unit_contest_stats", "contest_rank_buckets"];

/**
 * Recomputes every ranking table of a contest from `entries`, from scratch: the reference the
 * tests compare the incremental upkeep with, and the repair after maintenance. Writers wait
 * (readers do not) while it runs.
 */
export async function rebuildRankings(db: DB, input: { contestId: number }): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of TABLES_IN_LOCK_ORDER) await sql`lock table ${sql.table(table)} in exclusive mode`.execute(trx);
    const contestId = input.contestId;
    const rounds = sql`round_id in (select id from rounds where contest_id = ${contestId})`;
    await sql`delete from round_results where contest_id = ${contestId}`.execute(trx);
    for (const table of ["unit_round_stats", "round_rank_buckets", "round_entry_hours"]) await sql`delete from ${sql.table(table)} where ${rounds}`.execute(trx);
    for (const table of ["contest_results", "unit_contest_stats", "contest_rank_buckets"]) await sql`delete from ${sql.table(table)} where contest_id = ${contestId}`.execute(trx);

    await sql`insert into round_results (${ROUND_COLUMNS}) select ${ROUND_COLUMNS} from (${countedRoundResults(sql`r.contest_id = ${contestId}`)}) s`.execute(trx);
    await sql`
      insert into unit_round_stats (round_id, group_id, unit_id, participants, entries, score_sum, full_scores)
      select round_id, group_id, unit_id, count(*), sum(entries), sum(score), count(*) filter (where full_score)
      from round_results where contest_id = ${contestId} group by 1, 2, 3`.execute(trx);
    await sql`
      insert into round_rank_buckets (round_id, group_id, score, bucket, people)
      select round_id, group_id, score, bucket, count(*) from round_results where contest_id = ${contestId} group by 1, 2, 3, 4`.execute(trx);
    await sql`
      insert into round_entry_hours (round_id, group_id, unit_id, hour_start, entries)
      select e.round_id, coalesce(e.group_id, 0), u.unit_id, date_trunc('hour', e.finished_at, 'UTC'), count(*)
      from entries e join users u on u.id = e.user_id join rounds r on r.id = e.round_id
      where r.contest_id = ${contestId} and e.status <> 'in_progress' and not e.practice group by 1, 2, 3, 4`.execute(trx);
    await sql`insert into contest_results (${CONTEST_COLUMNS}) select ${CONTEST_COLUMNS} from (${contestTotals(sql`rr.contest_id = ${contestId}`)}) s`.execute(trx);
    await sql`
      insert into unit_contest_stats (contest_id, group_id, unit_id, participants, entries, score_sum, full_scores)
      select contest_id, group_id, unit_id, count(*), sum(entries), sum(score), sum(full_scores)
      from contest_results where contest_id = ${contestId} group by 1, 2, 3`.execute(trx);
    await sql`
      insert into contest_rank_buckets (contest_id, group_id, score, bucket, people)
      select contest_id, group_id, score, bucket, count(*) from contest_results where contest_id = ${contestId} group by 1, 2, 3, 4`.execute(trx);
  });
}

/**
 * When unit `fromUnitId` is merged into `toUnitId`: its people's results, counts and entry hours
 * move with it. Call it in the transaction that moves the people.
 */
export async function moveUnitResults(trx: DBOrTransaction, fromUnitId: number, toUnitId: number): Promise<void> {
  if (fromUnitId === toUnitId) return;
  await sql`update round_results set unit_id = ${toUnitId} where unit_id = ${fromUnitId}`.execute(trx);
  for (const [table, scope] of [
    ["unit_round_stats", "round_id"],
    ["unit_contest_stats", "contest_id"],
  ] as const) {
    await sql`
      insert into ${sql.table(table)} (${sql.ref(scope)}, group_id, unit_id, participants, entries, score_sum, full_scores)
      select ${sql.ref(scope)}, group_id, ${toUnitId}, participants, entries, score_sum, full_scores from ${sql.table(table)} where unit_id = ${fromUnitId}
      order by 1, 2
      on conflict (${sql.ref(scope)}, group_id, unit_id) do update set
        participants = ${sql.table(table)}.participants + excluded.participants,
        entries = ${sql.table(table)}.entries + excluded.entries,
        score_sum = ${sql.table(table)}.score_sum + excluded.score_sum,
        full_scores = ${sql.table(table)}.full_scores + excluded.full_scores`.execute(trx);
    await sql`delete from ${sql.table(table)} where unit_id = ${fromUnitId}`.execute(trx);
    if (table === "unit_round_stats") {
      await sql`
        insert into round_entry_hours (round_id, group_id, unit_id, hour_start, entries)
        select round_id, group_id, ${toUnitId}, hour_start, entries from round_entry_hours where unit_id = ${fromUnitId}
        order by 1, 2, 4
        on conflict (round_id, group_id, unit_id, hour_start) do update set entries = round_entry_hours.entries + excluded.entries`.execute(trx);
      await sql`delete from round_entry_hours where unit_id = ${fromUnitId}`.execute(trx);
      await sql`update contest_results set unit_id = ${toUnitId} where unit_id = ${fromUnitId}`.execute(trx);
    }
  }
}
