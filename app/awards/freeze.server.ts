import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";

// Published results are frozen. While a contest's latest publication stands:
// - the rounds behind it (contests.results_frozen_rounds: the rounds with prizes in it, or every
//   round when the whole contest has prizes) take no write that could change them: entries,
//   answers, predictions, finalisation, incidents, round times, opening and closing;
// - the award records (prize structure, disqualifications, tie decisions) do not change;
// - a round is added only when the whole contest's prizes are not published.
// Rounds outside the publication keep running: results are published round by round.
// A correction starts only through "Mở lại để đính chính" with a reason.

export const RESULTS_FROZEN_MESSAGE =
  "Kết quả cuộc thi đã được công bố nên không thể thay đổi. Muốn sửa, ban tổ chức cần chọn “Mở lại để đính chính” và ghi rõ lý do.";

export const resultsFrozenError = () => new UserFacingError(409, RESULTS_FROZEN_MESSAGE, "results_frozen");

/** SQL: whether round `roundId` of contest `contest` (aliases) is behind the standing publication. */
export const frozenRoundSql = (contest: string, round: string) =>
  sql<boolean>`(${sql.ref(`${contest}.results_frozen_at`)} is not null and ${sql.ref(`${round}.id`)} = any(coalesce(${sql.ref(`${contest}.results_frozen_rounds`)}, '{}')))`;

/**
 * Refuses a write to a round behind the standing publication. Contestants' hot paths pass
 * `lock: false`: thousands of share locks on one contest row would make every submit queue on
 * it, and they need none — a publication requires its rounds closed with no entry running, so a
 * contestant's write racing it cannot touch a published result.
 */
export async function assertRoundNotFrozen(trx: DBOrTransaction, roundId: number, options: { lock?: boolean } = {}): Promise<void> {
  const row = await trx
    .selectFrom("rounds as r")
    .innerJoin("contests as c", "c.id", "r.contest_id")
    .select(frozenRoundSql("c", "r").as("frozen"))
    .where("r.id", "=", roundId)
    .$if(options.lock !== false, (q) => q.forShare("c"))
    .executeTakeFirst();
  if (row?.frozen) throw resultsFrozenError();
}

/** A new round would change the whole contest's totals: refused while they are published. */
export async function assertCanAddRound(trx: DBOrTransaction, contestId: number): Promise<void> {
  const row = await trx
    .selectFrom("contests as c")
    .select(
      sql<boolean>`c.results_frozen_at is not null and exists (
        select 1 from result_publications p where p.contest_id = c.id
          and p.version = (select max(version) from result_publications where contest_id = c.id)
          and p.snapshot->'scopes' @> '[{"scopeKey": "contest"}]')`.as("frozen"),
    )
    .where("c.id", "=", contestId)
    .forShare()
    .executeTakeFirst();
  if (row?.frozen) throw resultsFrozenError();
}
