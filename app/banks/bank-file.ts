import { z } from "~/validation/z";
import { choiceKey, choiceNames, DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, TOPICS } from "./topics";

// The file format of question-banks/ (documented in question-banks/README.md).
// Messages are Vietnamese and name fields as organizers know them (the Excel template's column
// headers), never by the file's keys: organizers read them, in the import report too.

const LETTERS = ["A", "B", "C", "D", "E", "F"] as const;
const letter = z.enum(LETTERS, { error: "Đáp án đúng phải là một chữ cái từ A đến F" });
// NFC first: text pasted from Word may carry decomposed accents, which would defeat comparisons.
const text = (field: string) =>
  z.string({ error: `Thiếu ${field}` }).normalize("NFC").trim().min(1, { error: `${capitalize(field)} không được để trống` });

/**
 * One of a set of choices, written as its key ("true_false") or its Vietnamese name ("Đúng / Sai"),
 * like the Excel template's cells; a wrong value is told the names to choose from.
 */
const choice = <K extends string>(labels: Record<K, string>, field: string) =>
  z.preprocess(
    (value) => (typeof value === "string" ? (choiceKey(labels, value) ?? value) : value),
    z.enum(Object.keys(labels) as [K, ...K[]], { error: `${field} phải là ${choiceNames(labels)}` }),
  );

/** The file's fields as organizers know them: the column headers of the Excel template. */
const QUESTION_FIELD_LABELS: Record<string, string> = {
  key: "Mã câu hỏi",
  type: "Loại câu hỏi",
  difficulty: "Độ khó",
  stem: "Nội dung câu hỏi",
  options: "Phương án",
  correct: "Đáp án đúng",
  explanation: "Giải thích",
  basis: "Căn cứ pháp lý",
  tags: "Thẻ",
};
const BASIS_FIELD_LABELS: Record<string, string> = { document: "Văn bản căn cứ", issuer: "Cơ quan ban hành", date: "Ngày ban hành", article: "Điều, khoản" };
const FILE_FIELD_LABELS: Record<string, string> = {
  topic: "Chủ đề",
  questions: "Danh sách câu hỏi",
  title: "Tên ngân hàng",
  description: "Mô tả",
  reviewerMustDifferFromAuthor: "Người duyệt phải khác tác giả",
};
const OPTION_LETTERS = "ABCDEF";

/**
 * The Vietnamese name of the field at `path` in a topic file (or bank header): ["questions", 2,
 * "basis", "date"] is "Ngày ban hành", ["questions", 0, "options", 1] is "Phương án B". Empty for
 * the file as a whole.
 */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const inQuestion = path[0] === "questions" && typeof path[1] === "number";
  const [first, second] = inQuestion ? path.slice(2) : path;
  if (first === undefined) return "";
  if (!inQuestion) return FILE_FIELD_LABELS[String(first)] ?? (first === "key" ? "Mã ngân hàng" : "");
  if (first === "options" && typeof second === "number" && second < OPTION_LETTERS.length) return `Phương án ${OPTION_LETTERS[second]}`;
  if (first === "basis" && typeof second === "string") return BASIS_FIELD_LABELS[second] ?? QUESTION_FIELD_LABELS.basis;
  return QUESTION_FIELD_LABELS[String(first)] ?? "";
}

export const bankHeaderSchema = z.strictObject(
  {
    key: z
      .string({ error: "Thiếu mã ngân hàng" })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã ngân hàng chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }),
    title: text("tên ngân hàng"),
    description: z.string({ error: "Mô tả phải là một đoạn chữ" }).default(""),
    reviewerMustDifferFromAuthor: z.boolean({ error: "Mục người duyệt phải khác tác giả chỉ nhận giá trị có hoặc không" }).default(true),
  },
  { error: objectError("Tệp mô tả ngân hàng phải gồm mã ngân hàng, tên ngân hàng và mô tả") },
);

const DATE_RULE = "ghi năm-tháng-ngày trong ngoặc kép, ví dụ \"2024-12-31\"";

export const legalBasisSchema = z.strictObject({
  document: text("văn bản căn cứ"),
  issuer: text("cơ quan ban hành văn bản căn cứ"),
  date: z
    .string({ error: `Ngày ban hành phải ${DATE_RULE}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `Ngày ban hành phải ${DATE_RULE}`, abort: true })
    .refine((value) => isRealDate(value), { error: "Ngày ban hành không phải là một ngày có thật" }),
  article: z.string({ error: "Điều, khoản phải là một đoạn chữ" }).trim().min(1, { error: "Điều, khoản không được để trống" }).optional(),
}, {
  error: (issue) =>
    issue.input === undefined
      ? "Thiếu căn cứ pháp lý (văn bản căn cứ, cơ quan ban hành, ngày ban hành)"
      : objectError("Căn cứ pháp lý phải gồm văn bản căn cứ, cơ quan ban hành và ngày ban hành")(issue),
});

export const bankQuestionSchema = z
  .strictObject({
    key: z
      .string({ error: "Thiếu mã câu hỏi" })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã câu hỏi chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }),
    type: choice(QUESTION_TYPE_LABELS, "Loại câu hỏi"),
    difficulty: choice(DIFFICULTY_LABELS, "Độ khó"),
    stem: text("nội dung câu hỏi"),
    options: z
      .array(text("phương án"), { error: "Thiếu danh sách phương án" })
      .min(2, { error: "Câu hỏi cần ít nhất 2 phương án" })
      .max(6, { error: "Câu hỏi có nhiều nhất 6 phương án" }),
    correct: z.union([letter, z.array(letter)], {
      error: (issue) => (issue.input === undefined ? "Thiếu đáp án đúng" : "Đáp án đúng phải là một chữ cái từ A đến F, hoặc danh sách như [A, C]"),
    }),
    explanation: text("giải thích"),
    basis: legalBasisSchema,
    tags: z
      .array(z.string({ error: "Mỗi thẻ phải là một đoạn chữ" }).trim().min(1, { error: "Thẻ không được để trống" }), { error: "Thẻ phải là một danh sách" })
      .optional(),
  }, { error: objectError("Mỗi câu hỏi phải gồm mã câu hỏi, loại, độ khó, nội dung, phương án, đáp án đúng, giải thích và căn cứ pháp lý") })
  .superRefine((question, ctx) => {
    const correct = Array.isArray(question.correct) ? question.correct : [question.correct];
    const indices = correct.map((l) => LETTERS.indexOf(l));
    for (const [i, index] of indices.entries()) {
      if (index >= question.options.length) {
        ctx.addIssue({ code: "custom", path: ["correct"], message: `Đáp án ${correct[i]} không có trong danh sách phương án` });
      }
    }
    if (new Set(indices).size !== indices.length) {
      ctx.addIssue({ code: "custom", path: ["correct"], message: "Đáp án đúng bị lặp lại" });
    }
    if (question.type === "multiple" && indices.length < 2) {
      ctx.addIssue({ code: "custom", path: ["correct"], message: "Câu nhiều đáp án đúng phải có ít nhất 2 đáp án đúng" });
    }
    if (question.type !== "multiple" && indices.length !== 1) {
      ctx.addIssue({ code: "custom", path: ["correct"], message: "Câu hỏi này chỉ được có đúng 1 đáp án đúng" });
    }
    if (question.type === "true_false" && (question.options.length !== 2 || question.options[0] !== "Đúng" || question.options[1] !== "Sai")) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Câu Đúng/Sai phải có đúng hai phương án: Đúng, Sai" });
    }
    const folded = question.options.map((o) => o.toLowerCase().replace(/\s+/g, " ").trim());
    if (new Set(folded).size !== folded.length) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Các phương án trong một câu hỏi không được trùng nhau" });
    }
  });

export const topicFileSchema = z.strictObject({
  topic: choice(TOPICS, "Chủ đề"),
  questions: z.array(bankQuestionSchema, { error: "Thiếu danh sách câu hỏi" }).min(1, { error: "Tệp chủ đề không có câu hỏi nào" }),
}, { error: objectError("Tệp chủ đề phải gồm chủ đề và danh sách câu hỏi") });

export type BankHeader = z.infer<typeof bankHeaderSchema>;
export type BankQuestion = z.infer<typeof bankQuestionSchema>;
export type TopicFile = z.infer<typeof topicFileSchema>;

/** Correct option indices (0-based) of a question from a file. */
export function correctIndices(question: BankQuestion): number[] {
  const correct = Array.isArray(question.correct) ? question.correct : [question.correct];
  return correct.map((l) => LETTERS.indexOf(l)).sort((a, b) => a - b);
}

/**
 * The message of an object that is not one (`shape` says what it should hold), or that has fields
 * the format does not: those are named as written, being the author's own words.
 */
function objectError(shape: string) {
  return (issue: { code?: string; keys?: readonly string[] }) => {
    if (issue.code === "unrecognized_keys") return `Mục không có trong mẫu: ${(issue.keys ?? []).map((k) => `“${k}”`).join(", ")}`;
    if (issue.code === "invalid_type") return shape;
    return undefined;
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("vi") + text.slice(1);
}

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
