import type { TopicKey } from "~/banks/topics";
import type { DBOrTransaction } from "~/database/connection.server";
import { downloadFileName, fileNameDate } from "~/http/download-name";
import type { QuestionContent } from "~/questions/question-content";

/** The current version of every question of a bank that is still in use, ordered by topic and key. */
export async function bankQuestionsForExport(db: DBOrTransaction, bankId: number): Promise<QuestionContent[]> {
  const rows = await db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .select(["questions.key", "questions.topic", "v.type", "v.difficulty", "v.stem", "v.options", "v.correct", "v.explanation", "v.basis", "v.tags"])
    .where("questions.bank_id", "=", bankId)
    .where("questions.status", "<>", "retired")
    .orderBy("questions.topic")
    .orderBy("questions.key")
    .execute();
  return rows.map((r) => ({
    key: r.key,
    topic: r.topic as TopicKey,
    type: r.type,
    difficulty: r.difficulty,
    stem: r.stem,
    options: r.options,
    correct: r.correct,
    explanation: r.explanation,
    basis: r.basis,
    tags: r.tags,
  }));
}

export async function bankByKey(db: DBOrTransaction, key: string) {
  if (!/^[a-z0-9-]{1,100}$/.test(key)) return undefined;
  return db.selectFrom("question_banks").select(["id", "key", "title", "description", "reviewer_must_differ"]).where("key", "=", key).executeTakeFirst();
}

/** "Ngân hàng câu hỏi - Cải cách hành chính - 22-11-2026.xlsx", by the one rule of downloads (http/download-name.ts). */
export function exportFileName(bankTitle: string, extension: string): string {
  return downloadFileName(["Ngân hàng câu hỏi", bankTitle, fileNameDate(new Date())], extension);
}
