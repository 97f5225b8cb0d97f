import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { contentHash, type QuestionContent } from "~/questions/question-content";
import type { QuestionLogEntry } from "~/questions/question-history.server";
import { createQuestion, editQuestion } from "~/questions/questions.server";
import { duplicateFingerprint } from "~/questions/search-text";
import { TEMPLATE_EXAMPLES } from "./exchange/excel.server";

const TEMPLATE_KEYS = new Set(TEMPLATE_EXAMPLES.map((q) => q.key));

/** A question read from an uploaded file, with the row (or line) it came from. */
export type UploadedQuestion = QuestionContent & { row: number };

export interface ImportProblem {
  row: number;
  column: string;
  message: string;
}

export interface ImportPlanRow {
  row: number;
  key: string;
  action: "create" | "update" | "unchanged";
  /** A question already in the bank with the same stem (ignoring diacritics, case, punctuation) under another key. */
  likelyDuplicateOf: string | null;
}

export interface ImportPlan {
  rows: ImportPlanRow[];
  problems: ImportProblem[];
  counts: { create: number; update: number; unchanged: number; likelyDuplicates: number };
}

/**
 * What an import would do, without writing: new keys are created, known keys get a new
 * version when their content changed. A retired question cannot be overwritten from a file.
 */
export async function planImport(db: DBOrTransaction, bankId: number, questions: UploadedQuestion[]): Promise<ImportPlan> {
  const existing = await db
    .selectFrom("questions")
    .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
    .select(["questions.key", "questions.status", "v.stem", "v.content_hash"])
    .where("questions.bank_id", "=", bankId)
    .execute();
  const byKey = new Map(existing.map((q) => [q.key, q]));
  const byFingerprint = new Map<string, string>();
  for (const q of existing) if (q.status !== "retired") byFingerprint.set(duplicateFingerprint(q.stem), q.key);

  const rows: ImportPlanRow[] = [];
  const problems: ImportProblem[] = [];
  for (const question of questions) {
    const known = byKey.get(question.key);
    const duplicate = byFingerprint.get(duplicateFingerprint(question.stem));
    const likelyDuplicateOf = duplicate && duplicate !== question.key ? duplicate : null;
    if (TEMPLATE_KEYS.has(question.key)) {
      problems.push({ row: question.row, column: "Mã câu hỏi", message: "Đây là dòng ví dụ của tệp mẫu: hãy xóa dòng này trước khi nhập." });
      continue;
    }
    if (known?.status === "retired") {
      problems.push({ row: question.row, column: "Mã câu hỏi", message: `Câu hỏi "${question.key}" đã ngừng sử dụng; hãy khôi phục nó trong ứng dụng trước khi nhập đè.` });
      continue;
    }
    const action = !known ? "create" : known.content_hash === contentHash(question) ? "unchanged" : "update";
    rows.push({ row: question.row, key: question.key, action, likelyDuplicateOf });
  }
  const counts = {
    create: rows.filter((r) => r.action === "create").length,
    update: rows.filter((r) => r.action === "update").length,
    unchanged: rows.filter((r) => r.action === "unchanged").length,
    likelyDuplicates: rows.filter((r) => r.likelyDuplicateOf).length,
  };
  return { rows, problems, counts };
}

/**
 * Writes a whole file or nothing, on the command pipeline: the bank row locked so two imports into
 * one bank cannot interleave, the plan re-checked under that lock, one history entry per question
 * and one for the bank. New questions start as drafts (or go straight to review when asked);
 * changed ones get a new version and need review again: the page said so before the import.
 */
export function applyImport(
  context: CommandContext,
  input: { bankId: number; questions: UploadedQuestion[]; actorId: number; submitForReview: boolean },
): Promise<ImportPlan> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { bank: input.bankId },
    write: async (trx) => {
      const plan = await planImport(trx, input.bankId, input.questions);
      if (plan.problems.length > 0) throw new UserFacingError(409, "Tệp còn lỗi, chưa nhập câu hỏi nào.");
      const status = input.submitForReview ? "in_review" : "draft";
      const current = await trx.selectFrom("questions").select(["id", "key", "current_version_id"]).where("bank_id", "=", input.bankId).execute();
      const idByKey = new Map(current.map((q) => [q.key, q]));
      const events: QuestionLogEntry[] = [];
      for (const question of input.questions) {
        const { row: _row, ...content } = question;
        const known = idByKey.get(content.key);
        if (!known) {
          const created = await createQuestion(trx, { bankId: input.bankId, content, actorId: input.actorId, status, action: "imported" });
          events.push(created.event);
        } else {
          const edited = await editQuestion(trx, {
            questionId: known.id,
            content,
            actorId: input.actorId,
            expectedVersionId: known.current_version_id,
            confirmedLeavingPool: true,
            nextStatus: status,
            action: "imported",
          });
          if (edited.event) events.push(edited.event);
        }
      }
      if (events.length === 0) return { changed: false, value: plan };
      return {
        changed: true,
        value: plan,
        log: { questions: events, bank: { bankId: input.bankId, action: "imported", details: { ...plan.counts, submitForReview: input.submitForReview } } },
      };
    },
  });
}
