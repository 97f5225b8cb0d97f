import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";

// Published results are frozen: while a contest's latest publication stands, nothing behind it
// (entries, answers, round times, blueprints, incidents, prize structure, disqualifications, tie
// decisions) may change. A correction starts only through "Mở lại để đính chính" with a reason.

export const RESULTS_FROZEN_MESSAGE =
  "Kết quả cuộc thi đã được công bố nên không thể thay đổi. Muốn sửa, ban tổ chức cần chọn “Mở lại để đính chính” và ghi rõ lý do.";

export const resultsFrozenError = () => new UserFacingError(409, RESULTS_FROZEN_MESSAGE, "results_frozen");

/**
 * Refuses when the contest's results are frozen. By default the row is read FOR SHARE, so an
 * organizer's write that passed the check cannot commit under a publication taken at the same
 * moment (publishing locks the row FOR UPDATE). Contestants' hot paths (start, finalise,
 * prediction) pass `lock: false`: thousands of share locks on one contest row would make every
 * submit queue on it, and they need none — a publication requires its rounds closed with no
 * entry running, so a contestant's write racing it cannot touch a published result.
 */
export async function assertNotFrozen(trx: DBOrTransaction, contestId: number, options: { lock?: boolean } = {}): Promise<void> {
  const contest = await trx
    .selectFrom("contests")
    .select("results_frozen_at")
    .where("id", "=", contestId)
    .$if(options.lock !== false, (q) => q.forShare())
    .executeTakeFirst();
  if (contest?.results_frozen_at) throw resultsFrozenError();
}

/** The same check for a round's contest. */
export async function assertRoundNotFrozen(trx: DBOrTransaction, roundId: number): Promise<void> {
  const round = await trx.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirst();
  if (round) await assertNotFrozen(trx, round.contest_id);
}
