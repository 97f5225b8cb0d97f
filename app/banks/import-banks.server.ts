import { createHash } from "node:crypto";
import type { DBOrTransaction } from "~/database/connection.server";
import { correctIndices } from "./bank-file";
import type { LoadedBank, LoadedQuestion } from "./load-banks.server";

export interface ImportSummary {
  banks: number;
  questionsCreated: number;
  versionsCreated: number;
  unchanged: number;
}

/**
 * Brings the database in line with the shipped bank files. Idempotent: a question whose
 * content is unchanged gets no new version, so running it twice changes nothing.
 * Shipped banks are reviewed in the repository, so their questions arrive approved.
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

    for (const question of bank.questions) {
      const outcome = await upsertQuestion(db, bankId, question);
      summary[outcome]++;
    }
  }
  return summary;
}

async function upsertQuestion(
  db: DBOrTransaction,
  bankId: number,
  question: LoadedQuestion,
): Promise<"questionsCreated" | "versionsCreated" | "unchanged"> {
  const content = {
    type: question.type,
    difficulty: question.difficulty,
    stem: question.stem,
    options: question.options,
    correct: correctIndices(question),
    explanation: question.explanation,
    basis: question.basis,
    tags: question.tags ?? [],
  };
  const hash = createHash("sha256").update(JSON.stringify([question.topic, content])).digest("hex");
  const existing = await db
    .selectFrom("questions")
    .leftJoin("question_versions", "question_versions.id", "questions.current_version_id")
    .select(["questions.id", "question_versions.content_hash", "question_versions.version_no"])
    .where("questions.bank_id", "=", bankId)
    .where("questions.key", "=", question.key)
    .executeTakeFirst();
  if (existing && existing.content_hash === hash) return "unchanged";

  const questionId =
    existing?.id ??
    (
      await db
        .insertInto("questions")
        .values({ bank_id: bankId, key: question.key, topic: question.topic, status: "approved" })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id;
  const version = await db
    .insertInto("question_versions")
    .values({
      question_id: questionId,
      version_no: (existing?.version_no ?? 0) + 1,
      type: content.type,
      difficulty: content.difficulty,
      stem: content.stem,
      options: JSON.stringify(content.options),
      correct: JSON.stringify(content.correct),
      explanation: content.explanation,
      basis: JSON.stringify(content.basis),
      tags: content.tags,
      content_hash: hash,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("questions")
    .set({ current_version_id: version.id, topic: question.topic, status: "approved", updated_at: new Date() })
    .where("id", "=", questionId)
    .execute();
  return existing ? "versionsCreated" : "questionsCreated";
}
