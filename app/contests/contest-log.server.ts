import type { DBOrTransaction } from "~/database/connection.server";

/** Every change to a contest, its rounds and its people, with who, when, what and why. */
export async function logContest(
  db: DBOrTransaction,
  entry: { contestId: number; roundId?: number | null; actorId: number | null; action: string; details?: Record<string, unknown>; reason?: string | null },
) {
  await db
    .insertInto("contest_log")
    .values({
      contest_id: entry.contestId,
      round_id: entry.roundId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
      reason: entry.reason ?? null,
    })
    .execute();
}
