import { bankQuestionSchema, correctIndices } from "~/banks/bank-file";
import { TOPIC_KEYS, type TopicKey } from "~/banks/topics";
import type { FieldErrors } from "~/http/forms";
import { z } from "~/validation/z";
import type { QuestionContent } from "./question-content";

// The question editor's form. Its fields are turned into the bank-file shape and checked by
// the very schema that checks the YAML files, so the form and the files obey the same rules.

export const LETTERS = ["A", "B", "C", "D", "E", "F"] as const;
export const MAX_OPTIONS = 6;

const BASIS_FIELDS: Record<string, string> = { document: "basisDocument", issuer: "basisIssuer", date: "basisDate", article: "basisArticle" };

export interface QuestionFormValues {
  key: string;
  topic: string;
  type: string;
  difficulty: string;
  stem: string;
  options: string[];
  correct: string[];
  explanation: string;
  basisDocument: string;
  basisIssuer: string;
  basisDate: string;
  basisArticle: string;
  tags: string;
}

/**
 * The editor's values from what was sent: a posted form (as `formObject` gives it) or the values
 * of a refused reply, which the editor shows again.
 */
export function questionFormValues(sent: Readonly<Record<string, unknown>>): QuestionFormValues {
  const all = (name: string): string[] => {
    const value = sent[name];
    return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => (typeof v === "string" ? v : ""));
  };
  const one = (name: string): string => all(name)[0] ?? "";
  return {
    key: one("key").trim(),
    topic: one("topic"),
    type: one("type"),
    difficulty: one("difficulty"),
    stem: one("stem"),
    options: all("option").slice(0, MAX_OPTIONS + 1),
    correct: all("correct"),
    explanation: one("explanation"),
    basisDocument: one("basisDocument"),
    basisIssuer: one("basisIssuer"),
    basisDate: one("basisDate"),
    basisArticle: one("basisArticle"),
    tags: one("tags"),
  };
}

const topicSchema = z.enum(TOPIC_KEYS, { error: "Vui lòng chọn chủ đề" });

export type QuestionFormResult = { ok: true; content: QuestionContent } | { ok: false; fieldErrors: FieldErrors };

/** Validates the editor's values; errors are keyed by form field (option.2, basisDate, …). */
export function validateQuestionForm(values: QuestionFormValues): QuestionFormResult {
  const fieldErrors: FieldErrors = {};
  const topic = topicSchema.safeParse(values.topic);
  if (!topic.success) fieldErrors.topic = topic.error.issues[0].message;

  // Empty option boxes at the end are simply unused; an empty one in the middle is an error.
  const options = values.options.map((o) => o.trim());
  while (options.length > 0 && options[options.length - 1] === "") options.pop();
  const correctLetters = values.correct.filter((l) => (LETTERS as readonly string[]).includes(l));
  const candidate = {
    key: values.key,
    type: values.type,
    difficulty: values.difficulty,
    stem: values.stem,
    options,
    correct: values.type === "multiple" ? correctLetters : (correctLetters[0] ?? undefined),
    explanation: values.explanation,
    basis: {
      document: values.basisDocument,
      issuer: values.basisIssuer,
      date: values.basisDate,
      ...(values.basisArticle.trim() ? { article: values.basisArticle } : {}),
    },
    ...(values.tags.trim() ? { tags: values.tags.split(",").map((t) => t.trim()).filter(Boolean) } : {}),
  };
  const parsed = bankQuestionSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, second] = issue.path;
      let field = String(head ?? "form");
      if (head === "options" && typeof second === "number") field = `option.${second}`;
      else if (head === "basis") field = BASIS_FIELDS[String(second)] ?? "basisDocument";
      else if (head === "correct" && values.correct.length === 0) {
        fieldErrors.correct ??= "Vui lòng chọn đáp án đúng";
        continue;
      }
      fieldErrors[field] ??= issue.message;
    }
  }
  if (!parsed.success || !topic.success) return { ok: false, fieldErrors };
  const q = parsed.data;
  return {
    ok: true,
    content: {
      key: q.key,
      topic: topic.data as TopicKey,
      type: q.type,
      difficulty: q.difficulty,
      stem: q.stem,
      options: q.options,
      correct: correctIndices(q),
      explanation: q.explanation,
      basis: q.basis,
      tags: q.tags ?? [],
    },
  };
}

/**
 * The editor's form: `fields` (the bank, the version the edit starts from) and the question, whose
 * content is checked by `validateQuestionForm`; every message is on its field.
 */
export function questionFormSchema<F extends z.ZodType<Record<string, unknown>>>(fields: F) {
  return z.unknown().transform((sent, ctx): z.output<F> & { content: QuestionContent } => {
    const head = fields.safeParse(sent);
    if (!head.success) for (const issue of head.error.issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    const question = validateQuestionForm(questionFormValues(typeof sent === "object" && sent !== null ? (sent as Record<string, unknown>) : {}));
    if (!question.ok) {
      for (const [field, message] of Object.entries(question.fieldErrors)) ctx.addIssue({ code: "custom", path: field === "form" ? [] : [field], message });
    }
    if (!head.success || !question.ok) return z.NEVER;
    return { ...head.data, content: question.content };
  });
}

/** The editor's starting values for an existing version. */
export function formValuesFromContent(content: QuestionContent): QuestionFormValues {
  return {
    key: content.key,
    topic: content.topic,
    type: content.type,
    difficulty: content.difficulty,
    stem: content.stem,
    options: content.options,
    correct: content.correct.map((i) => LETTERS[i]),
    explanation: content.explanation,
    basisDocument: content.basis.document,
    basisIssuer: content.basis.issuer,
    basisDate: content.basis.date,
    basisArticle: content.basis.article ?? "",
    tags: content.tags.join(", "),
  };
}

export const EMPTY_QUESTION_FORM: QuestionFormValues = {
  key: "",
  topic: "",
  type: "single",
  difficulty: "medium",
  stem: "",
  options: ["", "", "", ""],
  correct: [],
  explanation: "",
  basisDocument: "",
  basisIssuer: "",
  basisDate: "",
  basisArticle: "",
  tags: "",
};
