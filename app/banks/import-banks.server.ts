import type { DBOrTransaction } from "~/database/connection.server";
import { contentHash, type QuestionContent } from "~/questions/question-content";
import { recordQuestionEvents } from "~/questions/question-history.server";
import { createQuestion, editQuestion } from "~/questions/questions.server";
import { correctIndices } from "./bank-file";
import type { LoadedBank, LoadedQuestion } from "./load-banks.server";

// The shipped banks are the repository's: no person made the change, and no note goes with it.
const SHIPPED = { actorId: null, reason: null };

export interface ImportSummary {
  banks: number;
  questionsCreated: number;
  versionsCreated: number;
  unchanged: number;
}

export function contentFromFile(question: LoadedQuestion): QuestionContent {
  return {
    key: question.key,
    topic: question.topic,
    type: question.type,
    difficulty: question.difficulty,
    stem: question.stem,
    options: question.options,
    correct: correctIndices(question),
    explanation: question.explanation,
    basis: question.basis,
    tags: question.tags ?? [],
  };
}

/**
 * Brings the database in line with the shipped bank files. Idempotent: content the database
 * has already seen (in any version) creates nothing, so running it twice changes nothing and
 * an organizer's later edit in the app is not overwritten by an unchanged file. Shipped banks
 * are reviewed in the repository, so their questions arrive approved; a question an organizer
 * retired stays retired.
 */
export async function importShippedBanks(db: DBOrTransaction, banks: LoadedBank[]): Promise<ImportSummary> {
  const summary: ImportSummary = { banks: banks.length, questionsCreated: 0, versionsCreated: 0, unchanged: 0 };
  for (const bank of banks) {
    const { id: bankId } = await db
      .insertInto("question_banks")
      .values({
        key: bank.header.key,
        title: bank.header.title,
        description: bank.header.description,
        reviewer_must_differ: bank.header.reviewerMustDifferFromAuthor,
      })
      .onConflict((oc) =>
        oc.column("key").doUpdateSet({
          title: bank.header.title,
          description: bank.header.description,
          reviewer_must_differ: bank.header.reviewerMustDifferFromAuthor,
        }),
      )
      .returning("id")
      .executeTakeFirstOrThrow();

    const existing = await db
      .selectFrom("questions")
      .leftJoin("question_versions as v", "v.question_id", "questions.id")
      .select(["questions.id", "questions.key", "questions.status", "v.content_hash"])
      .where("questions.bank_id", "=", bankId)
      .execute();
    const byKey = new Map<string, { id: number; status: string; hashes: Set<string> }>();
    for (const row of existing) {
      const entry = byKey.get(row.key) ?? { id: row.id, status: row.status, hashes: new Set<string>() };
      if (row.content_hash) entry.hashes.add(row.content_hash);
      byKey.set(row.key, entry);
    }

    for (const question of bank.questions) {
      const content = contentFromFile(question);
      const known = byKey.get(question.key);
      if (!known) {
        const { event } = await createQuestion(db, { bankId, content, actorId: null, status: "approved", action: "imported" });
        await recordQuestionEvents(db, [event], SHIPPED);
        summary.questionsCreated++;
      } else if (known.hashes.has(contentHash(content)) || known.status === "retired") {
        summary.unchanged++;
      } else {
        const { event } = await editQuestion(db, {
          questionId: known.id,
          content,
          actorId: null,
          expectedVersionId: null,
          confirmedLeavingPool: true,
          nextStatus: "approved",
          action: "imported",
        });
        if (event) await recordQuestionEvents(db, [event], SHIPPED);
        summary.versionsCreated++;
      }
    }
  }
  return summary;
}
