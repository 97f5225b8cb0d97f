import type { DBOrTransaction } from "~/database/connection.server";
import type { QuestionAction, QuestionStatus } from "~/database/schema";

// The histories authoring keeps: each question's (what happened to which version, by whom, with the
// reviewer's comment or the author's note) and each bank's (made, files imported). The command
// pipeline writes them in the command's transaction; the shipped banks' import at start writes
// its own with no actor.

export interface QuestionLogEntry {
  questionId: number;
  versionId?: number | null;
  action: QuestionAction;
  fromStatus?: QuestionStatus | null;
  toStatus?: QuestionStatus | null;
  /** The reviewer's comment; without one, the command's reason (the author's note) is kept. */
  comment?: string | null;
}

export interface BankLogEntry {
  bankId: number;
  action: "created" | "imported";
  details?: Record<string, unknown>;
}

/** Question history entries, a thousand rows a statement (an import logs one per question). */
export async function recordQuestionEvents(db: DBOrTransaction, entries: readonly QuestionLogEntry[], by: { actorId: number | null; reason: string | null }): Promise<void> {
  for (let start = 0; start < entries.length; start += 1000) {
    await db
      .insertInto("question_events")
      .values(
        entries.slice(start, start + 1000).map((entry) => ({
          question_id: entry.questionId,
          version_id: entry.versionId ?? null,
          actor_id: by.actorId,
          action: entry.action,
          from_status: entry.fromStatus ?? null,
          to_status: entry.toStatus ?? null,
          comment: entry.comment ?? by.reason,
        })),
      )
      .execute();
  }
}

export async function recordBankEvent(db: DBOrTransaction, entry: BankLogEntry, by: { actorId: number | null; reason: string | null }): Promise<void> {
  await db
    .insertInto("bank_events")
    .values({ bank_id: entry.bankId, actor_id: by.actorId, action: entry.action, details: JSON.stringify(entry.details ?? {}), reason: by.reason })
    .execute();
}
