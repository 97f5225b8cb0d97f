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
}

/**
 * The round's individual ranking: each person's counted entry (best score, the earlier of
 * equal scores), ordered by score, then time taken, then submission. Same rule as
 * ranking.ts, which the tests check it against.
 */
export async function roundRanking(db: DBOrTransaction, roundId: number, options: { limit: number; offset?: number }) {
  const result = await sql<{
    rank: string;
    user_id: number;
    full_name: string;
    unit_name: string;
    score: number;
    duration_ms: number;
    finished_at: Date;
    total: string;
  }>`
    with counted as (
      select distinct on (user_id) user_id, score, duration_ms, finished_at
      from entries
      where round_id = ${roundId} and status <> 'in_progress'
      order by user_id, score desc, finished_at asc
    ), ranked as (
      select *, rank() over (order by score desc, duration_ms asc, finished_at asc) as rank,
             count(*) over () as total
      from counted
    )
    select ranked.rank, ranked.user_id, users.full_name, units.name as unit_name,
           ranked.score, ranked.duration_ms, ranked.finished_at, ranked.total
    from ranked
    join users on users.id = ranked.user_id
    join units on units.id = users.unit_id
    order by ranked.rank, ranked.user_id
    limit ${options.limit} offset ${options.offset ?? 0}
  `.execute(db);
  const rows: RankingRow[] = result.rows.map((r) => ({
    rank: Number(r.rank),
    userId: r.user_id,
    fullName: r.full_name,
    unitName: r.unit_name,
    score: r.score,
    durationMs: r.duration_ms,
    finishedAt: r.finished_at.toISOString(),
  }));
  const total = result.rows.length > 0 ? Number(result.rows[0].total) : await countRanked(db, roundId);
  return { rows, total };
}

async function countRanked(db: DBOrTransaction, roundId: number): Promise<number> {
  const { n } = await db
    .selectFrom("entries")
    .select(sql<string>`count(distinct user_id)`.as("n"))
    .where("round_id", "=", roundId)
    .where("status", "<>", "in_progress")
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** One person's row, wherever they stand. */
export async function myRoundRank(db: DBOrTransaction, roundId: number, userId: number): Promise<RankingRow | null> {
  const result = await sql<{ rank: string; full_name: string; unit_name: string; score: number; duration_ms: number; finished_at: Date }>`
    with counted as (
      select distinct on (user_id) user_id, score, duration_ms, finished_at
      from entries
      where round_id = ${roundId} and status <> 'in_progress'
      order by user_id, score desc, finished_at asc
    ), mine as (select * from counted where user_id = ${userId})
    select 1 + (select count(*) from counted c, mine m
                where c.score > m.score
                   or (c.score = m.score and c.duration_ms < m.duration_ms)
                   or (c.score = m.score and c.duration_ms = m.duration_ms and c.finished_at < m.finished_at)) as rank,
           users.full_name, units.name as unit_name, mine.score, mine.duration_ms, mine.finished_at
    from mine join users on users.id = mine.user_id join units on units.id = users.unit_id
  `.execute(db);
  const r = result.rows[0];
  if (!r) return null;
  return {
    rank: Number(r.rank),
    userId,
    fullName: r.full_name,
    unitName: r.unit_name,
    score: r.score,
    durationMs: r.duration_ms,
    finishedAt: r.finished_at.toISOString(),
  };
}
