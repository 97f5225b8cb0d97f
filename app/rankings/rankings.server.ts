import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";

export interface RankingRow {
  rank: number;
  userId: number;
  fullName: string;
  unitName: string;
  score: number;
  durationMs: number;
  finishedAt: string;
  prediction: number | null;
  /** |prediction − true value|, once the round has closed; null before. */
  predictionDistance: number | null;
}

export interface RankingOptions {
  limit: number;
  offset?: number;
  /** Rank within one group (bảng) of the contest. */
  groupId?: number | null;
}

// Each person's counted entry (best score; the earlier of equal scores) and its place, by the
// published order: score, then prediction closeness once the true value is known, then time
// taken, then submission. The same rule as ranking.ts, which the tests check it against.
function rankedCte(roundId: number, groupId: number | null | undefined) {
  return sql`
    with round as (select prediction_value from rounds where id = ${roundId}),
    counted as (
      select distinct on (e.user_id) e.user_id, e.score, e.duration_ms, e.finished_at, e.prediction
      from entries e
      where e.round_id = ${roundId} and e.status <> 'in_progress'
        ${groupId ? sql`and e.group_id = ${groupId}` : sql``}
      order by e.user_id, e.score desc, e.finished_at asc
    ),
    scored as (
      select counted.*,
        case when round.prediction_value is null then null
             else abs(counted.prediction::bigint - round.prediction_value) end as distance,
        round.prediction_value is not null as known
      from counted, round
    ),
    ranked as (
      select scored.*,
        rank() over (order by score desc, (case when known then coalesce(distance, 9223372036854775807) else 0 end) asc,
                              duration_ms asc, finished_at asc) as rank,
        count(*) over () as total
      from scored
    )`;
}

type RankedRow = {
  rank: string;
  user_id: number;
  full_name: string;
  unit_name: string;
  score: number;
  duration_ms: number;
  finished_at: Date;
  prediction: number | null;
  distance: string | null;
  total: string;
};

function toRow(r: RankedRow): RankingRow {
  return {
    rank: Number(r.rank),
    userId: r.user_id,
    fullName: r.full_name,
    unitName: r.unit_name,
    score: r.score,
    durationMs: r.duration_ms,
    finishedAt: r.finished_at.toISOString(),
    prediction: r.prediction,
    predictionDistance: r.distance === null ? null : Number(r.distance),
  };
}

export async function roundRanking(db: DBOrTransaction, roundId: number, options: RankingOptions) {
  const result = await sql<RankedRow>`
    ${rankedCte(roundId, options.groupId)}
    select ranked.*, users.full_name, units.name as unit_name
    from ranked
    join users on users.id = ranked.user_id
    join units on units.id = users.unit_id
    order by ranked.rank, ranked.user_id
    limit ${options.limit} offset ${options.offset ?? 0}
  `.execute(db);
  const total = result.rows.length > 0 ? Number(result.rows[0].total) : await countRanked(db, roundId, options.groupId);
  return { rows: result.rows.map(toRow), total };
}

async function countRanked(db: DBOrTransaction, roundId: number, groupId: number | null | undefined): Promise<number> {
  const { n } = await db
    .selectFrom("entries")
    .select(sql<string>`count(distinct user_id)`.as("n"))
    .where("round_id", "=", roundId)
    .where("status", "<>", "in_progress")
    .$if(Boolean(groupId), (q) => q.where("group_id", "=", groupId!))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** One person's row, wherever they stand. */
export async function myRoundRank(db: DBOrTransaction, roundId: number, userId: number, groupId?: number | null): Promise<RankingRow | null> {
  const result = await sql<RankedRow>`
    ${rankedCte(roundId, groupId)}
    select ranked.*, users.full_name, units.name as unit_name
    from ranked
    join users on users.id = ranked.user_id
    join units on units.id = users.unit_id
    where ranked.user_id = ${userId}
  `.execute(db);
  return result.rows[0] ? toRow(result.rows[0]) : null;
}
