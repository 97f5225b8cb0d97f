import { sql } from "kysely";
import type { Transaction } from "kysely";
import type { Database } from "~/database/schema";
import { unitLabels, type RankingScope } from "./rankings.server";
import { likePrefix } from "~/text/like";

// The whole individual ranking (or a group's, or the people of one unit subtree) read in rank
// order through a server-side cursor, for exports: one statement, fetched a few thousand rows at a
// time, inside the caller's (repeatable-read) transaction so that the file is one consistent
// snapshot. Ranks are ranks on the whole board (or the group's), as the pages show them: the
// window runs over the board before the subtree filter.

export interface ExportRankingRow {
  rank: number;
  userId: number;
  fullName: string;
  position: string | null;
  unitId: number;
  unitLabel: string;
  score: number;
  /** null while the true value is unknown; Infinity without a prediction. */
  predictionDistance: number | null;
  durationMs: number;
  finishedAt: Date;
}

type CursorRow = {
  user_id: number;
  unit_id: number;
  score: number;
  distance: string;
  duration_ms: string | number;
  finished_at: Date;
  has_prediction: boolean;
  known: boolean;
  rank: string;
  full_name: string;
  position: string | null;
};

/** A distance this large means "no prediction" (1e9 per round without one; predictions are capped at 1e8). */
const NO_PREDICTION = 1_000_000_000;


function source(scope: RankingScope) {
  return scope.kind === "round"
    ? {
        table: sql.table("round_results"),
        where: sql`r.round_id = ${scope.roundId}`,
        hasPrediction: sql`r.prediction is not null`,
        known: sql`(select prediction_value is not null and truth_pending_after is null from rounds where id = ${scope.roundId})`,
      }
    : {
        table: sql.table("contest_results"),
        where: sql`r.contest_id = ${scope.contestId}`,
        hasPrediction: sql`r.distance < ${NO_PREDICTION}`,
        known: sql`r.known_rounds > 0`,
      };
}

function filters(q: { groupId?: number | null; unitPath?: string | null }) {
  return {
    group: q.groupId ? sql`and r.group_id = ${q.groupId}` : sql``,
    unit: q.unitPath ? sql`and r.unit_id in (select id from units where path like ${likePrefix(q.unitPath)})` : sql``,
  };
}

/** How many rows the export will hold. */
export async function countRankingRows(
  trx: Transaction<Database>,
  q: { scope: RankingScope; groupId?: number | null; unitPath?: string | null },
): Promise<number> {
  const s = source(q.scope);
  const f = filters(q);
  const { rows } = await sql<{ n: string }>`select count(*) as n from ${s.table} r where ${s.where} ${f.group} ${f.unit}`.execute(trx);
  return Number(rows[0].n);
}

let cursorNumber = 0;

/**
 * Yields the ranking's rows in rank order, `fetchSize` at a time from a cursor. Must run inside a
 * transaction (a cursor lives as long as its transaction); the caller awaits between rows.
 */
export async function* readRankingRows(
  trx: Transaction<Database>,
  q: { scope: RankingScope; groupId?: number | null; unitPath?: string | null; fetchSize?: number },
): AsyncGenerator<ExportRankingRow> {
  const s = source(q.scope);
  const f = filters(q);
  const cursor = sql.raw(`ranking_export_${++cursorNumber}`);
  const fetchSize = Math.max(100, Math.min(20_000, q.fetchSize ?? 2000));
  // rank() ties on (score, bucket, distance, time, submission): bucket is a function of distance and
  // time, so these are the published tie-break keys; the window follows the ordering index.
  await sql`
    declare ${cursor} no scroll cursor for
    select ranked.*, users.full_name, users.position from (
      select r.user_id, r.unit_id, r.score, r.bucket, r.distance, r.duration_ms, r.finished_at,
        ${s.hasPrediction} as has_prediction, ${s.known} as known,
        rank() over (order by r.score desc, r.bucket, r.distance, r.duration_ms, r.finished_at) as rank
      from ${s.table} r where ${s.where} ${f.group}
    ) ranked
    join users on users.id = ranked.user_id
    where true ${q.unitPath ? sql`and ranked.unit_id in (select id from units where path like ${likePrefix(q.unitPath)})` : sql``}
    order by ranked.score desc, ranked.bucket, ranked.distance, ranked.duration_ms, ranked.finished_at, ranked.user_id`.execute(trx);
  const labels = new Map<number, string>();
  try {
    for (;;) {
      const { rows } = await sql<CursorRow>`fetch forward ${sql.raw(String(fetchSize))} from ${cursor}`.execute(trx);
      if (rows.length === 0) break;
      const missing = [...new Set(rows.map((r) => r.unit_id))].filter((id) => !labels.has(id));
      if (missing.length > 0) for (const [id, label] of await unitLabels(trx, missing)) labels.set(id, label);
      for (const row of rows) {
        const distance = Number(row.distance);
        yield {
          rank: Number(row.rank),
          userId: row.user_id,
          fullName: row.full_name,
          position: row.position,
          unitId: row.unit_id,
          unitLabel: labels.get(row.unit_id) ?? "",
          score: row.score,
          predictionDistance: !row.known ? null : !row.has_prediction || distance >= NO_PREDICTION ? Number.POSITIVE_INFINITY : distance,
          durationMs: Number(row.duration_ms),
          finishedAt: row.finished_at,
        };
      }
      if (rows.length < fetchSize) break;
    }
  } finally {
    await sql`close ${cursor}`.execute(trx).catch(() => undefined);
  }
}
