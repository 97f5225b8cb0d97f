import { sql } from "kysely";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { QuestionStatus } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";
import type { QuestionContent } from "./question-content";
import { createQuestion, editQuestion } from "./questions.server";
import { reviewTransition, type ReviewAction } from "./workflow";

// What an organizer does to a question, each on the command pipeline: the question's (or, for a
// new one, its bank's) row locked, the history entry written in the same transaction with the
// author's note or the reviewer's comment. No live page shows a bank, so nothing is announced.

/** The editor's "create": the question, its first version and its history entry, all or nothing. */
export function createQuestionCommand(
  context: CommandContext,
  input: { bankId: number; content: QuestionContent; actorId: number; note?: string | null },
): Promise<{ id: number; versionId: number }> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { bank: input.bankId },
    reason: { required: false, text: input.note },
    write: async (trx) => {
      const { event, ...created } = await createQuestion(trx, { bankId: input.bankId, content: input.content, actorId: input.actorId });
      return { changed: true, value: created, log: { questions: [event] } };
    },
  });
}

/**
 * The editor's "save": a new version and its history entry, all or nothing. Saving an approved
 * question takes it out of the drawable pool until it is approved again: refused unless the
 * person ticked that they accept it.
 */
export function editQuestionCommand(
  context: CommandContext,
  input: { questionId: number; content: QuestionContent; actorId: number; expectedVersionId: number; confirmedLeavingPool: boolean; note?: string | null },
): Promise<{ versionId: number; changed: boolean }> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { question: input.questionId },
    reason: { required: false, text: input.note },
    write: async (trx) => {
      const { event, ...saved } = await editQuestion(trx, {
        questionId: input.questionId,
        content: input.content,
        actorId: input.actorId,
        expectedVersionId: input.expectedVersionId,
        confirmedLeavingPool: input.confirmedLeavingPool,
      });
      return event ? { changed: true, value: saved, log: { questions: [event] } } : { changed: false, value: saved };
    },
  });
}

/** One step of the review workflow, recorded in the question's history with the reviewer's comment. */
export function reviewQuestionCommand(
  context: CommandContext,
  input: { questionId: number; action: ReviewAction; actorId: number; comment?: string | null },
): Promise<{ status: QuestionStatus }> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { question: input.questionId },
    write: async (trx) => {
      const question = await trx
        .selectFrom("questions")
        .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
        .innerJoin("question_banks as b", "b.id", "questions.bank_id")
        .select(["questions.id", "questions.status", "questions.current_version_id", "v.created_by", "b.reviewer_must_differ"])
        .where("questions.id", "=", input.questionId)
        .executeTakeFirstOrThrow();
      const transition = reviewTransition(question.status, input.action, {
        actorId: input.actorId,
        authorId: question.created_by,
        reviewerMustDiffer: question.reviewer_must_differ,
        comment: input.comment,
      });
      if (!transition.ok) throw new UserFacingError(409, transition.message);
      await trx.updateTable("questions").set({ status: transition.status, updated_at: sql`now()` }).where("id", "=", question.id).execute();
      const action = ({ submit: "submitted", approve: "approved", return: "returned", retire: "retired", restore: "restored" } as const)[input.action];
      return {
        changed: true,
        value: { status: transition.status },
        log: {
          questions: [
            {
              questionId: question.id,
              versionId: question.current_version_id,
              action,
              fromStatus: question.status,
              toStatus: transition.status,
              comment: input.comment?.trim() || null,
            },
          ],
        },
      };
    },
  });
}
