import { sql, type RawBuilder } from "kysely";
import { onReplica, type DBOrTransaction } from "~/database/connection.server";
import { foldText } from "~/text/normalize";
import { unitPathLabels } from "~/units/tree";
import { pathIds, rollUpUnits, sortUnitRows, treeOrder, type UnitCounts } from "./unit-rollup";
import { escapeLike, likePrefix } from "~/text/like";

// Reading the rankings. Everything here reads the tables kept by maintenance.server.ts, never
// `entries`: a page of a million-row board is an index range, a person's rank is a sum over the
// rank buckets ahead of them plus a count inside their own bucket, and the unit table rolls up
// one row per unit. The order is the published one (ranking.ts): score, then prediction distance
// once known, then time taken, then submission; a contest total orders by compareContestTotals.
// Ranks shown on a filtered page (a unit subtree, a name search) are ranks on the whole board.
// The boards (a page of people, the unit table, the counters) read from the streaming replica
// when there is one (onReplica); a person's own rank reads from the primary, so that someone who
// has just submitted sees their place at once.

export type RankingScope = { kind: "round"; roundId: number } | { kind: "contest"; contestId: number };

export interface PersonRankingRow {
  rank: number;
  userId: number;
  fullName: string;
  unitId: number;
  /** The unit with its parents, e.g. "Sở Nội vụ › Phòng Tổ chức" (the province left out). */
  unitLabel: string;
  score: number;
  durationMs: number;
  finishedAt: string;
  /** The counted entry's prediction (a round); null for a contest total. */
  prediction: number | null;
  /** |prediction − truth| once known (a round), or the sum over the known rounds (a contest); null otherwise. */
  predictionDistance: number | null;
  entries: number;
}

export interface UnitRankingRow {
  unitId: number;
  code: string;
  name: string;
  path: string;
  depth: number;
  childCount: number;
  headcount: number;
  participants: number;
  entries: number;
  /** participants ÷ headcount of the subtree; null when the headcount is 0. */
  participationRate: number | null;
  averageScore: number | null;
  fullScores: number;
}

export type UnitSort = "participationRate" | "participants" | "entries" | "averageScore" | "fullScores" | "name";

interface ScopeTables {
  results: string;
  buckets: string;
  stats: string;
  column: string;
  id: number;
}

function tablesOf(scope: RankingScope): ScopeTables {
  return scope.kind === "round"
    ? { results: "round_results", buckets: "round_rank_buckets", stats: "unit_round_stats", column: "round_id", id: scope.roundId }
    : { results: "contest_results", buckets: "contest_rank_buckets", stats: "unit_contest_stats", column: "contest_id", id: scope.contestId };
}

const ORDER = sql`score desc, bucket, distance, duration_ms, finished_at, user_id`;

type ResultRow = {
  user_id: number;
  unit_id: number;
  group_id: number;
  score: number;
  bucket: number;
  distance: string;
  duration_ms: string | number;
  finished_at: Date;
  prediction: number | null;
  entries: number;
  known: boolean;
  full_name: string;
};

function resultColumns(scope: RankingScope, alias: string) {
  const a = (column: string) => sql.ref(`${alias}.${column}`);
  const common = sql`${a("user_id")}, ${a("unit_id")}, ${a("group_id")}, ${a("score")}, ${a("bucket")}, ${a("distance")}, ${a("duration_ms")}, ${a("finished_at")}, ${a("entries")}`;
  return scope.kind === "round"
    ? // Distances are shown once every result of the round has its own (see settleRoundTruth).
      sql`${common}, ${a("prediction")}, (select prediction_value is not null and truth_pending_after is null from rounds where id = ${scope.roundId}) as known`
    : sql`${common}, null::int as prediction, ${a("known_rounds")} > 0 as known`;
}

/** Whether the order may still change once a prediction's true value is known. */
async function isProvisional(db: DBOrTransaction, scope: RankingScope): Promise<boolean> {
  const rounds = await db
    .selectFrom("rounds")
    .select("id")
    .where("prediction_rule", "<>", "none")
    // No true value yet, or one still being applied to the results in batches.
    .where((eb) => eb.or([eb("prediction_value", "is", null), eb("truth_pending_after", "is not", null)]))
    .$call((q) => (scope.kind === "round" ? q.where("id", "=", scope.roundId) : q.where("contest_id", "=", scope.contestId)))
    .limit(1)
    .execute();
  return rounds.length > 0;
}

function groupFilter(groupId: number | null | undefined, alias: string) {
  return groupId ? sql`and ${sql.ref(`${alias}.group_id`)} = ${groupId}` : sql``;
}

/**
 * Each person's rank on the whole board (or their group's): 1 + the people in rank buckets ahead
 * of theirs + the people ahead of them inside their own bucket, read from the ordering index.
 */
async function ranksOf(db: DBOrTransaction, scope: RankingScope, groupId: number | null | undefined, rows: ResultRow[]): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const t = tablesOf(scope);
  const inBucketAhead = sql`(select count(*) from ${sql.table(t.results)} x
           where x.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "x")}
             and x.score = m.score and x.bucket = m.bucket
             and (x.distance, x.duration_ms, x.finished_at) < (m.distance, m.duration_ms, m.finished_at))`;
  const asked = sql`m.${sql.ref(t.column)} = ${t.id} and m.user_id = any(${rows.map((r) => r.user_id)}::int[])`;
  // One person: a filtered sum over the buckets (a few thousand small rows) is enough.
  // Many: the running sum over the buckets is computed once (materialized) and joined to each
  // row; only buckets at or above the lowest score asked for can be ahead of anyone asked for.
  const lowestScore = Math.min(...rows.map((r) => r.score));
  const result =
    rows.length === 1
      ? await sql<{ user_id: number; rank: string }>`
          select m.user_id,
            1 + (select coalesce(sum(people), 0) from ${sql.table(t.buckets)} b
                 where b.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "b")}
                   and (b.score > m.score or (b.score = m.score and b.bucket < m.bucket)))
              + ${inBucketAhead} as rank
          from ${sql.table(t.results)} m where ${asked}`.execute(db)
      : await sql<{ user_id: number; rank: string }>`
          with ahead as materialized (
            select score, bucket, sum(sum(people)) over (order by score desc, bucket rows between unbounded preceding and 1 preceding) as before
            from ${sql.table(t.buckets)} b
            where b.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "b")} and b.score >= ${lowestScore}
            group by score, bucket
          )
          select m.user_id, 1 + coalesce(ahead.before, 0) + ${inBucketAhead} as rank
          from ${sql.table(t.results)} m
          left join ahead on ahead.score = m.score and ahead.bucket = m.bucket
          where ${asked}`.execute(db);
  return new Map(result.rows.map((r) => [r.user_id, Number(r.rank)]));
}

/**
 * A filtered page with each row's rank on the whole board computed in the same statement (the
 * buckets ahead, then the people ahead inside the row's own bucket): one round trip less than
 * reading the page and then its ranks.
 */
function rankedPage(scope: RankingScope, groupId: number | null | undefined, page: RawBuilder<ResultRow>) {
  const t = tablesOf(scope);
  return sql<ResultRow & { rank: string }>`
    with page as materialized (${page}),
    ahead as materialized (
      select score, bucket, sum(sum(people)) over (order by score desc, bucket rows between unbounded preceding and 1 preceding) as before
      from ${sql.table(t.buckets)} b
      where b.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "b")} and b.score >= (select coalesce(min(score), 0) from page)
      group by score, bucket
    )
    select page.*, 1 + coalesce(ahead.before, 0) + (
        select count(*) from ${sql.table(t.results)} x
        where x.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "x")}
          and x.score = page.score and x.bucket = page.bucket
          and (x.distance, x.duration_ms, x.finished_at) < (page.distance, page.duration_ms, page.finished_at)) as rank
    from page left join ahead on ahead.score = page.score and ahead.bucket = page.bucket
    order by page.score desc, page.bucket, page.distance, page.duration_ms, page.finished_at, page.user_id`;
}

const sameKeys = (a: ResultRow, b: ResultRow) =>
  a.score === b.score && a.distance === b.distance && Number(a.duration_ms) === Number(b.duration_ms) && a.finished_at.getTime() === b.finished_at.getTime();

function toPersonRow(scope: RankingScope, row: ResultRow, rank: number, labels: Map<number, string>): PersonRankingRow {
  return {
    rank,
    userId: row.user_id,
    fullName: row.full_name,
    unitId: row.unit_id,
    unitLabel: labels.get(row.unit_id) ?? "",
    score: row.score,
    durationMs: Number(row.duration_ms),
    finishedAt: row.finished_at.toISOString(),
    prediction: row.prediction,
    predictionDistance: !row.known || (scope.kind === "round" && row.prediction === null) ? null : Number(row.distance),
    entries: row.entries,
  };
}

/** "Sở Nội vụ › Phòng Tổ chức" for each unit: the units and their ancestors, read through their paths. */
export async function unitLabels(db: DBOrTransaction, unitIds: number[]): Promise<Map<number, string>> {
  if (unitIds.length === 0) return new Map();
  const units = await sql<{ id: number; parent_id: number | null; name: string }>`
    select id, parent_id, name from units
    where id in (select unnest(string_to_array(rtrim(path, '.'), '.')::int[]) from units where id = any(${unitIds}::int[]))`.execute(db);
  return unitPathLabels(units.rows.map((u) => ({ id: u.id, parentId: u.parent_id, name: u.name })));
}

async function subtreeUnitIds(db: DBOrTransaction, unitPath: string): Promise<number[]> {
  const rows = await sql<{ id: number }>`select id from units where path like ${likePrefix(unitPath)}`.execute(db);
  return rows.rows.map((r) => r.id);
}


async function countOnBoard(db: DBOrTransaction, scope: RankingScope, groupId: number | null | undefined): Promise<number> {
  const t = tablesOf(scope);
  const { rows } = await sql<{ n: string | null }>`
    select sum(people) as n from ${sql.table(t.buckets)} b where b.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "b")}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/** The units of a subtree (retired ones too: their people's results still count) and how many people of it have a result. */
async function subtreeWithSize(db: DBOrTransaction, scope: RankingScope, groupId: number | null | undefined, unitPath: string) {
  const t = tablesOf(scope);
  const { rows } = await sql<{ ids: number[] | null; people: string | null }>`
    with subtree as (select id from units where path like ${likePrefix(unitPath)})
    select (select array_agg(id) from subtree) as ids,
      (select sum(participants) from ${sql.table(t.stats)} s
       where s.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "s")} and s.unit_id in (select id from subtree)) as people`.execute(db);
  return { unitIds: rows[0]?.ids ?? [], people: Number(rows[0]?.people ?? 0) };
}

/** One page of the individual ranking, optionally within a group, a unit subtree, or matching a name. */
async function personRankingRead(
  db: DBOrTransaction,
  q: { scope: RankingScope; groupId?: number | null; unitPath?: string | null; search?: string; limit: number; offset?: number },
): Promise<{ rows: PersonRankingRow[]; total: number; provisional: boolean }> {
  const t = tablesOf(q.scope);
  const limit = Math.max(0, Math.min(1000, Math.floor(q.limit)));
  const offset = Math.max(0, Math.floor(q.offset ?? 0));
  const search = q.search ? foldText(q.search) : "";
  // Independent reads go out together: on a busy machine each round trip costs more than the query.
  const [provisional, boardSize, subtree] = await Promise.all([
    isProvisional(db, q.scope),
    countOnBoard(db, q.scope, q.groupId),
    q.unitPath ? subtreeWithSize(db, q.scope, q.groupId, q.unitPath) : null,
  ]);
  const unitIds = subtree?.unitIds ?? null;
  if (unitIds !== null && unitIds.length === 0) return { rows: [], total: 0, provisional };

  const unitFilter = unitIds ? sql`and r.unit_id = any(${unitIds}::int[])` : sql``;
  const nameFilter = search
    ? sql`and r.user_id in (select id from users where fold_text(full_name) like ${`%${escapeLike(search)}%`})`
    : sql``;
  const where = sql`r.${sql.ref(t.column)} = ${t.id} ${groupFilter(q.groupId, "r")} ${unitFilter} ${nameFilter}`;
  const countMatches = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t.results)} r where ${where}`.execute(db)).rows[0].n);
  const subtreeSize = subtree && !search ? subtree.people : null;

  // A small subtree is gathered through the unit index and sorted; a large one is read in rank
  // order through the ordering index, skipping people outside it. Each costs about the rows it
  // touches: the subtree's size, or (page end) × board ÷ subtree.
  const pageEnd = offset + limit;
  const gather = subtreeSize !== null && subtreeSize * subtreeSize < pageEnd * boardSize * 4;
  const page = gather
    ? sql<ResultRow>`
        with subtree as materialized (
          select r.user_id, r.score, r.bucket, r.distance, r.duration_ms, r.finished_at from ${sql.table(t.results)} r where ${where}
        ),
        chosen as (select user_id from subtree order by ${ORDER} limit ${limit} offset ${offset})
        select ${resultColumns(q.scope, "r")}, users.full_name
        from chosen join ${sql.table(t.results)} r on r.${sql.ref(t.column)} = ${t.id} and r.user_id = chosen.user_id
        join users on users.id = r.user_id
        order by ${sql.raw(["r.score desc", "r.bucket", "r.distance", "r.duration_ms", "r.finished_at", "r.user_id"].join(", "))}`
    : sql<ResultRow>`
        select page.*, users.full_name from (
          select ${resultColumns(q.scope, "r")} from ${sql.table(t.results)} r where ${where}
          order by ${ORDER} limit ${limit} offset ${offset}) page
        join users on users.id = page.user_id order by ${ORDER}`;
  const total = search ? countMatches() : Promise.resolve(subtreeSize ?? boardSize);

  if (!unitIds && !search) {
    // The whole board: only the first row's rank needs the buckets; below it, a row ranks at its
    // place unless it ties with the row above.
    const { rows } = await page.execute(db);
    const [first, labels] = await Promise.all([ranksOf(db, q.scope, q.groupId, rows.slice(0, 1)), unitLabels(db, [...new Set(rows.map((r) => r.unit_id))])]);
    const numbered: number[] = [];
    const ranked = rows.map((row, index) => {
      numbered[index] = index === 0 ? (first.get(row.user_id) ?? offset + 1) : sameKeys(rows[index - 1], row) ? numbered[index - 1] : offset + index + 1;
      return toPersonRow(q.scope, row, numbered[index], labels);
    });
    return { rows: ranked, total: await total, provisional };
  }
  if (search) {
    // A name search: the page, then the ranks of the people on it.
    const [{ rows }, count] = await Promise.all([page.execute(db), total]);
    const [ranks, labels] = await Promise.all([ranksOf(db, q.scope, q.groupId, rows), unitLabels(db, [...new Set(rows.map((r) => r.unit_id))])]);
    return { rows: rows.map((row) => toPersonRow(q.scope, row, ranks.get(row.user_id) ?? 0, labels)), total: count, provisional };
  }
  // A subtree page carries its ranks on the whole board, and a small subtree's unit labels are
  // read alongside it: two rounds of queries instead of three.
  const prefetchLabels = unitIds!.length <= 200 ? unitLabels(db, unitIds!) : null;
  const [{ rows }, count, prefetched] = await Promise.all([rankedPage(q.scope, q.groupId, page).execute(db), total, prefetchLabels]);
  const labels = prefetched ?? (await unitLabels(db, [...new Set(rows.map((r) => r.unit_id))]));
  return { rows: rows.map((row) => toPersonRow(q.scope, row, Number(row.rank), labels)), total: count, provisional };
}

/** One person's row and rank, wherever they stand; null when they have no result (in that group). */
export async function personRank(db: DBOrTransaction, q: { scope: RankingScope; groupId?: number | null; userId: number }): Promise<PersonRankingRow | null> {
  const t = tablesOf(q.scope);
  const { rows } = await sql<ResultRow>`
    select ${resultColumns(q.scope, "r")}, users.full_name from ${sql.table(t.results)} r join users on users.id = r.user_id
    where r.${sql.ref(t.column)} = ${t.id} and r.user_id = ${q.userId} ${groupFilter(q.groupId, "r")}`.execute(db);
  if (rows.length === 0) return null;
  const [ranks, labels] = await Promise.all([ranksOf(db, q.scope, q.groupId, rows), unitLabels(db, [rows[0].unit_id])]);
  return toPersonRow(q.scope, rows[0], ranks.get(rows[0].user_id) ?? 0, labels);
}

async function unitCounts(db: DBOrTransaction, scope: RankingScope, groupId: number | null | undefined, unitFilter: RawBuilder<unknown>) {
  const t = tablesOf(scope);
  const { rows } = await sql<{ unit_id: number; participants: string; entries: string; score_sum: string; full_scores: string }>`
    select s.unit_id, sum(participants) as participants, sum(entries) as entries, sum(score_sum) as score_sum, sum(full_scores) as full_scores
    from ${sql.table(t.stats)} s
    where s.${sql.ref(t.column)} = ${t.id} ${groupFilter(groupId, "s")} ${unitFilter}
    group by s.unit_id`.execute(db);
  return new Map<number, UnitCounts>(
    rows.map((r) => [r.unit_id, { participants: Number(r.participants), entries: Number(r.entries), scoreSum: Number(r.score_sum), fullScores: Number(r.full_scores) }]),
  );
}

/** Every unit of the tree (or of one subtree), each with its figures rolled up over its subtree; units where nobody took part included. */
export async function allUnitRows(db: DBOrTransaction, q: { scope: RankingScope; groupId?: number | null; withinPath?: string | null }): Promise<UnitRankingRow[]> {
  const within = q.withinPath ? likePrefix(q.withinPath) : null;
  const units = await db
    .selectFrom("units")
    // A unit with a roster counts its roster's size; the typed headcount stays for units without one.
    .select(["id", "parent_id", "code", "name", "path", "depth", sql<number>`coalesce(roster_size, headcount)`.as("headcount"), "retired_at"])
    .$if(within !== null, (qb) => qb.where(sql<boolean>`path like ${within}`))
    .execute();
  const counts = await unitCounts(db, q.scope, q.groupId, within ? sql`and s.unit_id in (select id from units where path like ${within})` : sql``);
  const rolled = rollUpUnits(
    units.map((u) => ({ id: u.id, parentId: u.parent_id, code: u.code, name: u.name, path: u.path, depth: u.depth, headcount: u.headcount, retired: u.retired_at !== null })),
    counts,
  );
  return treeOrder(rolled).map(toUnitRow);
}

function toUnitRow(r: UnitRankingRow): UnitRankingRow {
  return {
    unitId: r.unitId,
    code: r.code,
    name: r.name,
    path: r.path,
    depth: r.depth,
    childCount: r.childCount,
    headcount: r.headcount,
    participants: r.participants,
    entries: r.entries,
    participationRate: r.participationRate,
    averageScore: r.averageScore,
    fullScores: r.fullScores,
  };
}

/** The units directly under `parentUnitId` (null: the top of the tree), with the parent's own row, for drilling down. */
async function unitRankingRead(
  db: DBOrTransaction,
  q: { scope: RankingScope; groupId?: number | null; parentUnitId: number | null; sort?: UnitSort; descending?: boolean },
): Promise<{ parent: UnitRankingRow | null; rows: UnitRankingRow[] }> {
  let withinPath: string | null = null;
  if (q.parentUnitId !== null) {
    const parent = await db.selectFrom("units").select("path").where("id", "=", q.parentUnitId).executeTakeFirst();
    if (!parent) return { parent: null, rows: [] };
    withinPath = parent.path;
  }
  const all = await allUnitRows(db, { scope: q.scope, groupId: q.groupId, withinPath });
  const parent = q.parentUnitId === null ? null : all.find((r) => r.unitId === q.parentUnitId) ?? null;
  const children =
    q.parentUnitId === null
      ? all.filter((r) => pathIds(r.path).length === 1)
      : all.filter((r) => {
          const ids = pathIds(r.path);
          return ids.length >= 2 && ids[ids.length - 2] === q.parentUnitId;
        });
  return { parent, rows: sortUnitRows(children, q.sort ?? "participationRate", q.descending ?? q.sort !== "name") };
}

/** Counters and chart series for a board: totals, the distribution of counted scores, finalised entries per hour. */
async function rankingSummaryRead(
  db: DBOrTransaction,
  q: { scope: RankingScope; groupId?: number | null; unitPath?: string | null },
): Promise<{
  participants: number;
  entries: number;
  fullScores: number;
  averageScore: number | null;
  scoreDistribution: { score: number; people: number }[];
  entriesOverTime: { hourStart: string; entries: number }[];
}> {
  const t = tablesOf(q.scope);
  const unitIds = q.unitPath ? await subtreeUnitIds(db, q.unitPath) : null;
  const inUnits = (alias: string) => (unitIds ? sql`and ${sql.ref(`${alias}.unit_id`)} = any(${unitIds}::int[])` : sql``);
  const rounds = q.scope.kind === "round" ? sql`h.round_id = ${q.scope.roundId}` : sql`h.round_id in (select id from rounds where contest_id = ${q.scope.contestId})`;
  // Three independent reads, sent together.
  const [unitTotals, distribution, hours] = await Promise.all([
    unitCounts(db, q.scope, q.groupId, inUnits("s")),
    unitIds
      ? sql<{ score: number; people: string }>`
          select score, count(*) as people from ${sql.table(t.results)} r
          where r.${sql.ref(t.column)} = ${t.id} ${groupFilter(q.groupId, "r")} ${inUnits("r")}
          group by score order by score`.execute(db)
      : sql<{ score: number; people: string }>`
          select score, sum(people) as people from ${sql.table(t.buckets)} b
          where b.${sql.ref(t.column)} = ${t.id} ${groupFilter(q.groupId, "b")}
          group by score having sum(people) > 0 order by score`.execute(db),
    sql<{ hour_start: Date; entries: string }>`
      select hour_start, sum(entries) as entries from round_entry_hours h
      where ${rounds} ${groupFilter(q.groupId, "h")} ${inUnits("h")}
      group by hour_start having sum(entries) > 0 order by hour_start`.execute(db),
  ]);
  const counts = [...unitTotals.values()];
  const sum = (f: (c: UnitCounts) => number) => counts.reduce((s, c) => s + f(c), 0);
  const participants = sum((c) => c.participants);
  return {
    participants,
    entries: sum((c) => c.entries),
    fullScores: sum((c) => c.fullScores),
    averageScore: participants > 0 ? sum((c) => c.scoreSum) / participants : null,
    scoreDistribution: distribution.rows.map((r) => ({ score: r.score, people: Number(r.people) })),
    entriesOverTime: hours.rows.map((r) => ({ hourStart: r.hour_start.toISOString(), entries: Number(r.entries) })),
  };
}

/** One page of the individual ranking (from the replica, when there is one). */
export function personRanking(db: DBOrTransaction, q: Parameters<typeof personRankingRead>[1]) {
  return onReplica(db, (source) => personRankingRead(source, q));
}

/** The unit table under a parent (from the replica, when there is one). */
export function unitRanking(db: DBOrTransaction, q: Parameters<typeof unitRankingRead>[1]) {
  return onReplica(db, (source) => unitRankingRead(source, q));
}

/** A board's counters and charts (from the replica, when there is one). */
export function rankingSummary(db: DBOrTransaction, q: Parameters<typeof rankingSummaryRead>[1]) {
  return onReplica(db, (source) => rankingSummaryRead(source, q));
}
