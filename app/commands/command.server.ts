import { sql } from "kysely";
import { assertRoundNotFrozen, resultsFrozenError } from "~/awards/freeze.server";
import { logContest } from "~/contests/contest-log.server";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { notifyRankingChanged, type RealtimeServer } from "~/realtime/realtime.server";
import { checkOptionalReason, checkReason } from "./reason";

// One way for an organizer's or admin's change. Every command used to repeat the same steps and
// some forgot one: the reason rule differed between pages, and a few commands that change the
// rankings (reopening an entry or a round, merging units) left live boards stale. runCommand says
// each step once, in this order:
//   1. the reason, checked before anything is opened (one rule: ./reason.ts);
//   2. one transaction;
//   3. the lock: the contest row, or the unit tree's lock;
//   4. the freeze (~/awards/freeze.server.ts): the whole contest for award records, or each round
//      the write names through `refuseIfFrozen`;
//   5. the write, which says what it changed: nothing (a repeated post: no log, no notice), or the
//      log entries and the rounds whose rankings moved;
//   6. the log entries, with the actor and the reason, in the same transaction;
//   7. after the commit only, a live notice for every round touched (a board must never reload a
//      ranking that is then rolled back). A lost notice never fails the command.
// The contestants' hot path (entries, answers) and the ranking core stay outside: they are not
// commands of a person with a reason, and their cost per call matters.

/** Where the command is running: `io` is the live server (absent in scripts). */
export interface CommandContext {
  db: DB;
  io: RealtimeServer | undefined;
}

export type ReasonDemand =
  /** Refused without a reason of the minimum length; `what` names it in the refusal. */
  | { required: true; text: string | null | undefined; what?: string }
  /** May be blank (then null); a long one is still refused. */
  | { required: false; text: string | null | undefined }
  /** Needed only in some cases, which the write knows: checked and logged when it calls `requireReason`. */
  | { required: "when-asked"; text: string | null | undefined };

export type CommandTarget =
  /**
   * A contest's command. `freeze: "contest"`: award records, refused whenever a publication stands
   * (the contest row locked for update). `freeze: "rounds"`: the write names its rounds through
   * `refuseIfFrozen` (the contest row share-locked, as freeze.server.ts does). `freeze: "none"`: the
   * contest row locked for update, nothing refused here: publishing and reopening for correction
   * (they make and lift the freeze themselves), and settings no publication holds (the contest's
   * details, its PAR-index rule).
   */
  | { contestId: number; freeze: "contest" | "rounds" | "none" }
  /** A change to the shape of the unit tree: serialised by the tree's lock. Results follow people, not publications: no freeze. */
  | { unitTree: true };

export interface ContestLogEntry {
  action: string;
  roundId?: number | null;
  details?: Record<string, unknown>;
}

export interface UnitLogEntry {
  unitId: number | null;
  action: string;
  details?: Record<string, unknown>;
}

export type CommandOutcome<T> =
  /** Nothing changed (a repeated post): nothing is logged or announced. */
  | { changed: false; value: T }
  | {
      changed: true;
      value: T;
      /** The contest log's entry (contest commands) or the unit history's entries (unit-tree commands). */
      log: ContestLogEntry | UnitLogEntry[];
      /** The rounds whose rankings the write changed: their live boards are told after the commit. */
      rankingsOf?: number[];
    };

export interface CommandTools {
  /** The reason trimmed (null when optional and blank). */
  reason: string | null;
  /**
   * For a reason only some cases need (republishing after a correction): refuses unless the
   * reason given meets the rule, and returns it trimmed; it is then the one logged.
   */
  requireReason(what?: string): string;
  /** Refuses the command when `roundId` is behind the standing publication. */
  refuseIfFrozen(roundId: number): Promise<void>;
}

export interface CommandSpec<T> {
  actorId: number;
  target: CommandTarget;
  reason?: ReasonDemand;
  write(trx: DBOrTransaction, tools: CommandTools): Promise<CommandOutcome<T>>;
}

/** The tree's lock, held until the transaction ends: no two concurrent moves can build a cycle. */
export async function lockUnitTree(trx: DBOrTransaction): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('units.tree'))`.execute(trx);
}

export async function logUnitEvent(
  db: DBOrTransaction,
  event: { unitId: number | null; actorId: number | null; action: string; details?: Record<string, unknown>; reason?: string | null },
): Promise<void> {
  await db
    .insertInto("unit_events")
    .values({ unit_id: event.unitId, actor_id: event.actorId, action: event.action, details: JSON.stringify(event.details ?? {}), reason: event.reason ?? null })
    .execute();
}

export async function runCommand<T>(context: CommandContext, spec: CommandSpec<T>): Promise<T> {
  let reason = checkedReason(spec.reason);
  const { target } = spec;
  const { value, touched } = await context.db.transaction().execute(async (trx) => {
    if ("unitTree" in target) {
      await lockUnitTree(trx);
    } else {
      const contest = await trx
        .selectFrom("contests")
        .select(["id", "results_frozen_at"])
        .where("id", "=", target.contestId)
        .$call((q) => (target.freeze === "rounds" ? q.forShare() : q.forUpdate()))
        .executeTakeFirst();
      if (!contest) throw new UserFacingError(404, "Không tìm thấy cuộc thi.");
      if (target.freeze === "contest" && contest.results_frozen_at) throw resultsFrozenError();
    }
    const requireReason = (what?: string) => {
      const checked = checkReason(spec.reason?.text, what);
      if (!checked.ok) throw new UserFacingError(400, checked.message, "reason");
      return (reason = checked.reason);
    };
    const outcome = await spec.write(trx, { reason, requireReason, refuseIfFrozen: (roundId) => assertRoundNotFrozen(trx, roundId) });
    if (!outcome.changed) return { value: outcome.value, touched: [] };

    if ("unitTree" in target) {
      if (!Array.isArray(outcome.log)) throw new Error("A unit-tree command logs unit events.");
      for (const entry of outcome.log) await logUnitEvent(trx, { ...entry, actorId: spec.actorId, reason });
    } else {
      if (Array.isArray(outcome.log)) throw new Error("A contest command logs one contest log entry.");
      await logContest(trx, { contestId: target.contestId, ...outcome.log, actorId: spec.actorId, reason });
    }
    const roundIds = [...new Set(outcome.rankingsOf ?? [])];
    const touched = roundIds.length === 0 ? [] : await trx.selectFrom("rounds").select(["id as roundId", "contest_id as contestId"]).where("id", "in", roundIds).execute();
    return { value: outcome.value, touched };
  });
  // Committed: now the boards may read the new rankings.
  for (const change of touched) {
    try {
      notifyRankingChanged(context.io, change);
    } catch (error) {
      console.error("[commands] could not announce a ranking change:", error);
    }
  }
  return value;
}

function checkedReason(demand: ReasonDemand | undefined): string | null {
  if (!demand || demand.required === "when-asked") return null;
  const checked = demand.required === true ? checkReason(demand.text, demand.what) : checkOptionalReason(demand.text);
  if (!checked.ok) throw new UserFacingError(400, checked.message, "reason");
  return checked.reason;
}
