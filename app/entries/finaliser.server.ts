import type { DB } from "~/database/connection.server";
import { isDatabaseUnavailable } from "~/database/unavailable";
import { notifyRoundRankingChanged, type RealtimeServer } from "~/realtime/realtime.server";
import { computeDuePredictions } from "~/contests/round-closing.server";
import { finaliseDueEntries } from "./entries.server";
import { FINALISER_INTERVAL_MS } from "./rules";

/**
 * Finalises entries whose time ran out, whether or not a browser is still there, then
 * computes the prediction value of rounds that have closed. It runs
 * once at start (catching up after a restart) and then on an interval; database locks make
 * several app processes safe together.
 */
export function startFinaliser(db: DB, io: RealtimeServer | undefined, intervalMs = FINALISER_INTERVAL_MS) {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= finaliseDueEntries(db)
      .then(async (entries) => {
        const closed = await computeDuePredictions(db);
        for (const roundId of new Set([...entries.filter((e) => !e.practice).map((e) => e.roundId), ...closed.map((c) => c.roundId)])) await notifyRoundRankingChanged({ io, db }, roundId);
      })
      .catch((error) => {
        // The database restarting or busy: the next sweep catches up.
        if (isDatabaseUnavailable(error)) console.warn(`[nộp bài tự động] mất kết nối cơ sở dữ liệu, sẽ thử lại (chi tiết: ${(error as Error).message})`);
        else console.error("[nộp bài tự động] lỗi:", error);
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  const first = sweep();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
