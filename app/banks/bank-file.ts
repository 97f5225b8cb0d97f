import { z } from "~/validation/z";
import { TOPIC_KEYS } from "./topics";

// The file format of question-banks/ (documented in question-banks/README.md).
// Messages are Vietnamese: organizers read them.

const LETTERS = ["A", "B", "C", "D", "E", "F"] as const;
const letter = z.enum(LETTERS, { error: "Đáp án đúng phải là một chữ cái từ A đến F" });
// NFC first: text pasted from Word may carry decomposed accents, which would defeat comparisons.
const text = (field: string) =>
  z.string({ error: `Thiếu ${field}` }).normalize("NFC").trim().min(1, { error: `${field} không được để trống` });

export const bankHeaderSchema = z.strictObject(
  {
    key: z
      .string({ error: "Thiếu mã ngân hàng (key)" })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã ngân hàng chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }),
    title: text("tên ngân hàng (title)"),
    description: z.string().default(""),
    reviewerMustDifferFromAuthor: z.boolean({ error: "reviewerMustDifferFromAuthor phải là true hoặc false" }).default(true),
  },
  { error: (issue) => (issue.code === "unrecognized_keys" ? `Trường không được hỗ trợ: ${issue.keys.join(", ")}` : undefined) },
);

export const legalBasisSchema = z.strictObject({
  document: text("số hiệu văn bản căn cứ (basis.document)"),
  issuer: text("cơ quan ban hành (basis.issuer)"),
  date: z
    .string({ error: "Ngày ban hành (basis.date) phải là chuỗi dạng \"YYYY-MM-DD\" đặt trong ngoặc kép" })
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Ngày ban hành phải có dạng YYYY-MM-DD", abort: true })
    .refine((value) => isRealDate(value), { error: "Ngày ban hành không phải là một ngày có thật" }),
  article: z.string().trim().min(1).optional(),
}, { error: (issue) => (issue.input === undefined ? "Thiếu căn cứ pháp lý (basis: document, issuer, date)" : undefined) });

export const bankQuestionSchema = z
  .strictObject({
    key: z
      .string({ error: "Thiếu mã câu hỏi (key)" })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã câu hỏi chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }),
    type: z.enum(["single", "multiple", "true_false"], { error: "Loại câu hỏi phải là single, multiple hoặc true_false" }),
    difficulty: z.enum(["easy", "medium", "hard"], { error: "Độ khó phải là easy, medium hoặc hard" }),
    stem: text("nội dung câu hỏi (stem)"),
    options: z
      .array(text("phương án"), { error: "Thiếu danh sách phương án (options)" })
      .min(2, { error: "Câu hỏi cần ít nhất 2 phương án" })
      .max(6, { error: "Câu hỏi có nhiều nhất 6 phương án" }),
    correct: z.union([letter, z.array(letter)], {
      error: (issue) => (issue.input === undefined ? "Thiếu đáp án đúng (correct)" : "Đáp án đúng phải là một chữ cái từ A đến F, hoặc danh sách như [A, C]"),
    }),
    explanation: text("giải thích (explanation)"),
    basis: legalBasisSchema,
    tags: z.array(z.string().trim().min(1)).optional(),
  })
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
  topic: z.enum(TOPIC_KEYS, { error: `Chủ đề (topic) phải là một trong: ${TOPIC_KEYS.join(", ")}` }),
  questions: z.array(bankQuestionSchema, { error: "Thiếu danh sách câu hỏi (questions)" }).min(1, { error: "Tệp chủ đề không có câu hỏi nào" }),
});

export type BankHeader = z.infer<typeof bankHeaderSchema>;
export type BankQuestion = z.infer<typeof bankQuestionSchema>;
export type TopicFile = z.infer<typeof topicFileSchema>;

/** Correct option indices (0-based) of a question from a file. */
export function correctIndices(question: BankQuestion): number[] {
  const correct = Array.isArray(question.correct) ? question.correct : [question.correct];
  return correct.map((l) => LETTERS.indexOf(l)).sort((a, b) => a - b);
}

function isRealDate(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
