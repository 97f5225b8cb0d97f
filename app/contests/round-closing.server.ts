import { sql } from "kysely";
import type { DB } from "~/database/connection.server";
import { NETWORK_GRACE_SECONDS } from "~/entries/rules";
import { settlePendingTruths } from "~/rankings/maintenance.server";
import { predictionTruth } from "./prediction";

/**
 * Computes the prediction question's true value of every round that has closed and whose
 * last entries are final. Each round is claimed with SKIP LOCKED, so several app processes
 * may run this together; the value is written once. The value then reaches the kept rankings in
 * short batches after that commit (settleRoundTruth), with rounds another sweep left half done.
 */
export async function computeDuePredictions(db: DB, o: { truthBatchSize?: number } = {}): Promise<{ roundId: number; contestId: number; value: number }[]> {
  const computed = await claimDuePredictions(db);
  await settlePendingTruths(db, o.truthBatchSize);
  return computed;
}

function claimDuePredictions(db: DB): Promise<{ roundId: number; contestId: number; value: number }[]> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom("rounds")
      .select(["id", "contest_id", "prediction_rule", "question_count"])
      .where("prediction_rule", "<>", "none")
      .where("prediction_value", "is", null)
      .where(sql<boolean>`closes_at + make_interval(secs => ${sql.lit(NETWORK_GRACE_SECONDS)}) < now()`)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom("entries").select("entries.id").whereRef("entries.round_id", "=", "rounds.id").where("entries.status", "=", "in_progress").where("entries.practice", "=", false))),
      )
      .forUpdate()
      .skipLocked()
      .execute();
    const computed: { roundId: number; contestId: number; value: number }[] = [];
    for (const round of due) {
      if (round.prediction_rule === "none") continue;
      const totals = await trx
        .selectFrom("entries")
        .select([
          sql<string>`count(*)`.as("entries"),
          sql<string>`count(distinct user_id)`.as("participants"),
          sql<string>`count(*) filter (where correct_count = question_count)`.as("full_marks"),
        ])
        .where("round_id", "=", round.id)
        .where("status", "<>", "in_progress")
        .where("practice", "=", false)
        .executeTakeFirstOrThrow();
      const value = predictionTruth(round.prediction_rule, {
        entries: Number(totals.entries),
        participants: Number(totals.participants),
        fullMarks: Number(totals.full_marks),
      });
      // The ranking stays provisional until every counted result of the round has its distance.
      await trx.updateTable("rounds").set({ prediction_value: value, prediction_computed_at: sql`now()`, truth_pending_after: 0 }).where("id", "=", round.id).execute();
      await trx
        .insertInto("contest_log")
        .values({
          contest_id: round.contest_id,
          round_id: round.id,
          action: "round.prediction_computed",
          details: JSON.stringify({ rule: round.prediction_rule, value }),
        })
        .execute();
      computed.push({ roundId: round.id, contestId: round.contest_id, value });
    }
    return computed;
  });
}
