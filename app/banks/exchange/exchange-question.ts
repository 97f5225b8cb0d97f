import type { z } from "zod";
import { foldText } from "~/text/normalize";
import { bankQuestionSchema, correctIndices, type BankQuestion } from "../bank-file";
import type { QuestionContent } from "~/questions/question-content";
import type { TopicKey } from "../topics";

// The common shape of a question exchanged with organizers as .xlsx or YAML, and
// the checks both formats share. Validation goes through the file schema of
// question-banks/ (bankQuestionSchema), so an import accepts exactly what
// `npm run bank:check` accepts.

export type { Difficulty, QuestionType } from "~/database/schema";

/** A question exchanged through a file is exactly the content a version stores. */
export type ExchangeQuestion = QuestionContent;

/** row: spreadsheet row or YAML line (0 when the problem is about the whole file); column: Excel header in Vietnamese or YAML field path. */
export interface ExchangeProblem {
  row: number;
  column: string;
  message: string;
}

export interface ExchangeResult {
  questions: (ExchangeQuestion & { row: number })[];
  problems: ExchangeProblem[];
}

export const OPTION_LETTERS = ["A", "B", "C", "D", "E", "F"] as const;
export type OptionLetter = (typeof OPTION_LETTERS)[number];

/** The file shape (question-banks format) of a question: letters for `correct`, no topic, `tags` only when there are some. */
export function toFileQuestion(question: ExchangeQuestion): BankQuestion {
  const letters = question.correct.map((index) => OPTION_LETTERS[index] ?? String(index));
  const basis: BankQuestion["basis"] = {
    document: question.basis.document,
    issuer: question.basis.issuer,
    date: question.basis.date,
  };
  if (question.basis.article !== undefined) basis.article = question.basis.article;
  const file: BankQuestion = {
    key: question.key,
    type: question.type,
    difficulty: question.difficulty,
    stem: question.stem,
    options: [...question.options],
    correct: (question.type === "multiple" ? letters : letters[0]) as BankQuestion["correct"],
    explanation: question.explanation,
    basis,
  };
  if (question.tags.length > 0) file.tags = [...question.tags];
  return file;
}

/** The exchange shape of a question that passed bankQuestionSchema. */
export function fromFileQuestion(topic: TopicKey, question: BankQuestion): ExchangeQuestion {
  const basis: ExchangeQuestion["basis"] = {
    document: question.basis.document,
    issuer: question.basis.issuer,
    date: question.basis.date,
  };
  if (question.basis.article !== undefined) basis.article = question.basis.article;
  return {
    key: question.key,
    topic,
    type: question.type,
    difficulty: question.difficulty,
    stem: question.stem,
    options: [...question.options],
    correct: correctIndices(question),
    explanation: question.explanation,
    basis,
    tags: question.tags ? [...question.tags] : [],
  };
}

export interface QuestionIssue {
  /** Path inside the question, e.g. ["basis", "date"] or ["options", 2]. */
  path: PropertyKey[];
  code: string;
  message: string;
}

/** Runs the file schema on one question in file shape; messages are Vietnamese and start with a capital letter. */
export function checkFileQuestion(raw: unknown): { question: BankQuestion | null; issues: QuestionIssue[] } {
  const result = bankQuestionSchema.safeParse(raw);
  if (result.success) return { question: result.data, issues: [] };
  return {
    question: null,
    issues: result.error.issues.map((issue) => ({ path: [...issue.path], code: issue.code, message: issueMessage(issue, raw) })),
  };
}

/**
 * The Vietnamese message of a schema issue, with a clearer text for the one schema message that misleads
 * once a value is there ("Thiếu đáp án đúng" for `correct: G`). `raw` is the value the schema was run on.
 */
export function issueMessage(issue: z.core.$ZodIssue, raw: unknown): string {
  const last = issue.path[issue.path.length - 1];
  if (issue.code === "invalid_union" && last === "correct" && valueAt(raw, issue.path) !== undefined) {
    return "Đáp án đúng phải là một chữ cái từ A đến F (câu nhiều đáp án đúng: danh sách chữ cái, ví dụ [A, C])";
  }
  return capitalize(issue.message);
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

export function capitalize(message: string): string {
  return message.length > 0 ? message[0].toLocaleUpperCase("vi") + message.slice(1) : message;
}

export interface DuplicateCandidate {
  /** The question's key as written, when it is a string. */
  key: unknown;
  /** The question's stem as written, when it is a string. */
  stem: unknown;
  /** Where to report a duplicate key / stem (spreadsheet row or YAML line). */
  keyRow: number;
  stemRow: number;
  /** Where the question starts, named in messages about a later duplicate. */
  row: number;
}

export interface DuplicateFinding {
  index: number;
  field: "key" | "stem";
  row: number;
  message: string;
}

/**
 * Keys unique within the file; no two stems equal once folded (diacritics, case, spacing).
 * The later question of a pair is reported, naming the row of the earlier one.
 */
export function findDuplicates(candidates: DuplicateCandidate[]): DuplicateFinding[] {
  const findings: DuplicateFinding[] = [];
  const byKey = new Map<string, number>();
  const byStem = new Map<string, number>();
  candidates.forEach((candidate, index) => {
    if (typeof candidate.key === "string" && candidate.key.trim() !== "") {
      const key = candidate.key.trim();
      const first = byKey.get(key);
      if (first === undefined) byKey.set(key, index);
      else {
        findings.push({
          index,
          field: "key",
          row: candidate.keyRow,
          message: `Mã câu hỏi "${key}" bị trùng với câu ở dòng ${candidates[first].row}`,
        });
      }
    }
    if (typeof candidate.stem === "string" && candidate.stem.trim() !== "") {
      const stem = foldText(candidate.stem);
      const first = byStem.get(stem);
      if (first === undefined) byStem.set(stem, index);
      else {
        const firstKey = candidates[first].key;
        const named = typeof firstKey === "string" && firstKey.trim() !== "" ? `câu "${firstKey.trim()}"` : "câu";
        findings.push({
          index,
          field: "stem",
          row: candidate.stemRow,
          message: `Nội dung câu hỏi trùng với ${named} ở dòng ${candidates[first].row} (không tính dấu, chữ hoa/thường và khoảng trắng)`,
        });
      }
    }
  });
  return findings;
}
