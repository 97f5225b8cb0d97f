import { sql } from "kysely";
import { logAccountEvent } from "~/auth/account-log.server";
import type { AccountEventKind } from "~/auth/account-events";
import type { ClientInfo } from "~/auth/sessions.server";
import { assertRoundNotFrozen, resultsFrozenError } from "~/awards/freeze.server";
import { logContest } from "~/contests/contest-log.server";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { recordBankEvent, recordQuestionEvents, type BankLogEntry, type QuestionLogEntry } from "~/questions/question-history.server";
import { UserFacingError } from "~/http/user-facing-error";
import { notifyRankingChanged, type RealtimeServer } from "~/realtime/realtime.server";
import { checkOptionalReason, checkReason, type ReasonCheck } from "./reason";

// One way for an organizer's or admin's change. Every command used to repeat the same steps and
// some forgot one: the reason rule differed between pages, and a few commands that change the
// rankings (reopening an entry or a round, merging units) left live boards stale. runCommand says
// each step once, in this order:
//   1. the reason, checked before anything is opened (one rule: ./reason.ts);
//      then the command's slow preparation, if any (hashing a password), outside any transaction;
//   2. one transaction;
//   3. the lock: the contest row, the unit tree's lock, the person's account row, or the question or bank row;
//   4. the freeze (~/awards/freeze.server.ts): the whole contest for award records, or each round
//      the write names through `refuseIfFrozen`;
//   5. the write, which says what it changed: nothing (a repeated post: no log, no notice), or the
//      log entries and the rounds whose rankings moved;
//   6. the log entries, with the actor and the reason, in the same transaction: the contest log,
//      the unit history, the account log, or a question's and a bank's history, whichever the
//      target keeps;
//   7. after the commit only, a live notice for every round touched (a board must never reload a
//      ranking that is then rolled back). A lost notice never fails the command.
// The contestants' hot path (entries, answers) and the ranking core stay outside: they are not
// commands of a person with a reason, and their cost per call matters (docs/decisions/0001).

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
  | { unitTree: true }
  /** A new contest: there is no row to lock yet (its slug is unique); the write names the contest it made in its log entry. */
  | { newContest: true }
  /** One person's account: the user row locked for update, so nothing about them changes under the write's checks. Logged to the account log. */
  | { account: number }
  /** New accounts (a sheet of them): the write locks what it relies on (their units). Logged to the account log. */
  | { newAccounts: true }
  /** One question: its row locked for update, so no edit and review step interleave. Logged to its history. */
  | { question: number }
  /**
   * A bank's questions as a whole (a new question, a file imported): the bank row locked for
   * update, so two imports, or an import and a new question with the same code, cannot interleave.
   */
  | { bank: number }
  /** A new bank: no row to lock yet (its code is unique); the write names the bank in its log. */
  | { newBank: true };

export interface ContestLogEntry {
  action: string;
  roundId?: number | null;
  details?: Record<string, unknown>;
}

/** The contest log's entry of a contest the write has just made. */
export interface NewContestLogEntry extends ContestLogEntry {
  contestId: number;
}

export interface UnitLogEntry {
  unitId: number | null;
  action: string;
  details?: Record<string, unknown>;
}

/** The account log's entry; the reason, when there is one, is kept in its details. */
export interface AccountLogEntry {
  kind: AccountEventKind;
  /** Whose account it concerns: the target's person unless said otherwise. */
  subjectId?: number | null;
  client: ClientInfo | null;
  details?: Record<string, unknown>;
}

/** What authoring commands log: each question's history entries, and the bank's own entry if any. */
export interface QuestionBankLog {
  questions: QuestionLogEntry[];
  bank?: BankLogEntry;
}

export type CommandOutcome<T> =
  /** Nothing changed (a repeated post): nothing is logged or announced. */
  | { changed: false; value: T }
  | {
      changed: true;
      value: T;
      /**
       * The contest log's entry (contest commands, and a new contest with its id), the unit history's
       * entries (unit-tree commands), the account log's entry (account commands) or the question
       * and bank histories (authoring commands).
       */
      log: ContestLogEntry | NewContestLogEntry | UnitLogEntry[] | AccountLogEntry | QuestionBankLog;
      /** The rounds whose rankings the write changed: their live boards are told after the commit. */
      rankingsOf?: number[];
    };

export interface CommandTools<P = undefined> {
  /** What `prepare` returned (undefined without one). */
  prepared: P;
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

export interface CommandSpec<T, P = undefined> {
  actorId: number;
  target: CommandTarget;
  reason?: ReasonDemand;
  /**
   * Slow work done after the reason is checked and before the transaction opens (hashing passwords
   * costs ~56 ms each and may queue behind logins): no connection or lock is held meanwhile. The
   * write must check again, under the lock, whatever it took from here.
   */
  prepare?: () => Promise<P>;
  write(trx: DBOrTransaction, tools: CommandTools<P>): Promise<CommandOutcome<T>>;
}

/** The tree's lock, held until the transaction ends: no two concurrent moves can build a cycle. */
async function lockUnitTree(trx: DBOrTransaction): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('units.tree'))`.execute(trx);
}

/** Several unit history entries, a thousand rows a statement (a tree import logs one per unit). */
async function logUnitEvents(db: DBOrTransaction, entries: readonly UnitLogEntry[], by: { actorId: number | null; reason: string | null }): Promise<void> {
  for (let start = 0; start < entries.length; start += 1000) {
    await db
      .insertInto("unit_events")
      .values(
        entries.slice(start, start + 1000).map((entry) => ({
          unit_id: entry.unitId,
          actor_id: by.actorId,
          action: entry.action,
          details: JSON.stringify(entry.details ?? {}),
          reason: by.reason,
        })),
      )
      .execute();
  }
}

export async function runCommand<T, P = undefined>(context: CommandContext, spec: CommandSpec<T, P>): Promise<T> {
  let reason = checkedReason(spec.reason);
  const { target } = spec;
  const prepared = (spec.prepare ? await spec.prepare() : undefined) as P;
  const { value, touched } = await context.db.transaction().execute(async (trx) => {
    if ("unitTree" in target) {
      await lockUnitTree(trx);
    } else if ("account" in target) {
      const person = await trx.selectFrom("users").select("id").where("id", "=", target.account).forUpdate().executeTakeFirst();
      if (!person) throw new UserFacingError(404, "Không tìm thấy người dùng.");
    } else if ("question" in target) {
      const question = await trx.selectFrom("questions").select("id").where("id", "=", target.question).forUpdate().executeTakeFirst();
      if (!question) throw new UserFacingError(404, "Không tìm thấy câu hỏi.");
    } else if ("bank" in target) {
      const bank = await trx.selectFrom("question_banks").select("id").where("id", "=", target.bank).forUpdate().executeTakeFirst();
      if (!bank) throw new UserFacingError(404, "Không tìm thấy ngân hàng câu hỏi.");
    } else if ("contestId" in target) {
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
    const outcome = await spec.write(trx, { prepared, reason, requireReason, refuseIfFrozen: (roundId) => assertRoundNotFrozen(trx, roundId) });
    if (!outcome.changed) return { value: outcome.value, touched: [] };

    const { log } = outcome;
    if ("question" in target || "bank" in target || "newBank" in target) {
      if (!("questions" in log)) throw new Error("An authoring command logs question or bank history.");
      await recordQuestionEvents(trx, log.questions, { actorId: spec.actorId, reason });
      if (log.bank) await recordBankEvent(trx, log.bank, { actorId: spec.actorId, reason });
    } else if ("unitTree" in target) {
      if (!Array.isArray(log)) throw new Error("A unit-tree command logs unit events.");
      await logUnitEvents(trx, log, { actorId: spec.actorId, reason });
    } else if ("account" in target || "newAccounts" in target) {
      if (Array.isArray(log) || !("kind" in log)) throw new Error("An account command logs one account event.");
      const subjectId = log.subjectId !== undefined ? log.subjectId : "account" in target ? target.account : null;
      const details = reason === null ? log.details : { ...log.details, reason };
      await logAccountEvent(trx, { kind: log.kind, actorId: spec.actorId, subjectId, client: log.client, details });
    } else {
      if (Array.isArray(log) || "kind" in log || "questions" in log) throw new Error("A contest command logs one contest log entry.");
      const contestId = "contestId" in target ? target.contestId : "contestId" in log ? log.contestId : null;
      if (contestId === null) throw new Error("A new contest's log entry names the contest.");
      await logContest(trx, { ...log, contestId, actorId: spec.actorId, reason });
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
      console.error("[thao tác ban tổ chức] đã lưu nhưng chưa báo được thay đổi xếp hạng tới các màn hình:", error);
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
