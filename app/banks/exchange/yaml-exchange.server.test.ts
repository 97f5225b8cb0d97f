import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { topicFileSchema } from "../bank-file";
import type { ExchangeQuestion, ExchangeResult } from "./exchange-question";
import { buildQuestionYaml, MAX_YAML_DEPTH, parseQuestionYaml } from "./yaml-exchange.server";

const withoutRow = (questions: ExchangeResult["questions"]): ExchangeQuestion[] => questions.map(({ row: _row, ...question }) => question);

/** One question as YAML list item lines (QUESTION_LINES lines, starting with "  - key:"). */
function questionYaml(key: string, fields: { stem?: string; correct?: string; date?: string; type?: string } = {}): string {
  return [
    `  - key: ${key}`,
    `    type: ${fields.type ?? "single"}`,
    "    difficulty: easy",
    `    stem: ${fields.stem ?? `Câu hỏi ${key}?`}`,
    "    options: [Có, Không, Chưa rõ]",
    `    correct: ${fields.correct ?? "A"}`,
    "    explanation: Theo văn bản căn cứ.",
    "    basis:",
    "      document: Văn bản thử nghiệm",
    "      issuer: Cơ quan thử nghiệm",
    `      date: ${fields.date ?? '"2021-07-15"'}`,
    "",
  ].join("\n");
}
const QUESTION_LINES = 11;
const topicYaml = (topic: string, ...questions: string[]) => `topic: ${topic}\nquestions:\n${questions.join("")}`;
/** Line (1-based) of question `index` of a topic file that starts at line `start`. */
const questionLine = (index: number, start = 1) => start + 2 + index * QUESTION_LINES;

const QUESTIONS: ExchangeQuestion[] = [
  {
    key: "the-che-1",
    topic: "institutional",
    type: "single",
    difficulty: "easy",
    stem: "Câu có dấu hai chấm: và # dấu thăng, cả 'nháy đơn' lẫn \"nháy kép\"?",
    options: ["yes", "123", "true", "- gạch đầu dòng", "=1+1", "null"],
    correct: [3],
    explanation: "Giải thích nhiều dòng.\nDòng hai.",
    basis: { document: "Văn bản: số 1", issuer: "Cơ quan", date: "2021-07-15", article: "Điều 2, khoản 1" },
    tags: ["a, b", "thu"],
  },
  {
    key: "so-1",
    topic: "digital-transformation",
    type: "multiple",
    difficulty: "hard",
    stem: "+84 là gì?",
    options: ["Mã quốc gia", "Số máy lẻ", "Mã vùng", "@tên"],
    correct: [0, 2],
    explanation: "Câu nhiều đáp án đúng.",
    basis: { document: "Văn bản 2", issuer: "@Cơ quan", date: "2020-02-29" },
    tags: [],
  },
  {
    key: "the-che-2",
    topic: "institutional",
    type: "true_false",
    difficulty: "medium",
    stem: "Câu Đúng / Sai.",
    options: ["Đúng", "Sai"],
    correct: [1],
    explanation: "Sai.",
    basis: { document: "Văn bản 3", issuer: "Cơ quan", date: "2019-01-01" },
    tags: ["dung-sai"],
  },
];

describe("buildQuestionYaml / parseQuestionYaml", () => {
  it("round-trips several topics through one multi-document stream", () => {
    const text = buildQuestionYaml(QUESTIONS);
    const result = parseQuestionYaml(text);
    expect(result.problems).toEqual([]);
    // One document per topic, in TOPIC_KEYS order; questions keep their order inside a topic.
    expect(withoutRow(result.questions)).toStrictEqual([QUESTIONS[0], QUESTIONS[2], QUESTIONS[1]]);
  });

  it("writes one document per topic, in TOPIC_KEYS order, each exactly a question-banks topic file", () => {
    const text = buildQuestionYaml([...QUESTIONS].reverse());
    const documents = parseAllDocuments(text);
    expect(Array.isArray(documents) && documents.map((document) => document.get("topic"))).toEqual(["institutional", "digital-transformation"]);
    expect(text.split("\n").filter((line) => line === "---")).toHaveLength(1);
    for (const part of text.split(/^---$/m)) {
      const parsed = topicFileSchema.safeParse(parseYaml(part));
      expect(parsed.success).toBe(true);
    }
  });

  it("writes letters for correct (one letter, or a list for multiple) and quotes basis.date", () => {
    const text = buildQuestionYaml(QUESTIONS);
    expect(text.startsWith("topic: institutional\nquestions:\n  - key: the-che-1\n    type: single\n    difficulty: easy\n")).toBe(true);
    expect(text).toContain("    correct: D\n");
    expect(text).toContain("    correct: B\n");
    expect(text).toContain("    correct: [A, C]\n");
    expect(text).toContain('      date: "2021-07-15"\n');
    expect(text).toContain('      date: "2020-02-29"\n');
    expect(text).not.toMatch(/date: \d/);
    expect(text).not.toMatch(/^\s*tags: \[\]$/m); // no empty tags
  });

  it("reads a real bank file of question-banks/ with no problem, and writes it back to the same questions", () => {
    const file = path.resolve("question-banks/cchc-2021-2030/institutional.yaml");
    const result = parseQuestionYaml(fs.readFileSync(file, "utf8"));
    expect(result.problems).toEqual([]);
    expect(result.questions.length).toBeGreaterThan(0);
    expect(result.questions[0]).toMatchObject({ key: "inst-001", topic: "institutional", row: 3 });
    const again = parseQuestionYaml(buildQuestionYaml(withoutRow(result.questions)));
    expect(again.problems).toEqual([]);
    expect(withoutRow(again.questions)).toStrictEqual(withoutRow(result.questions));
  });
});

describe("parseQuestionYaml: lines and field paths", () => {
  it("gives each question the line of its list item, across documents", () => {
    const first = topicYaml("institutional", questionYaml("a-1"), questionYaml("a-2"));
    const second = topicYaml("apparatus", questionYaml("b-1"));
    const result = parseQuestionYaml(`${first}---\n${second}`);
    expect(result.problems).toEqual([]);
    const secondStart = first.split("\n").length + 1; // after the "---" line
    expect(result.questions.map((question) => [question.key, question.topic, question.row])).toEqual([
      ["a-1", "institutional", questionLine(0)],
      ["a-2", "institutional", questionLine(1)],
      ["b-1", "apparatus", questionLine(0, secondStart)],
    ]);
  });

  it("reports a syntax error with its line, in the second document too, and keeps the valid document", () => {
    const first = topicYaml("institutional", questionYaml("a-1"));
    const second = topicYaml("apparatus", questionYaml("b-1", { stem: "Câu hỏi: có dấu hai chấm: không được" }));
    const secondStart = first.split("\n").length + 1;
    const result = parseQuestionYaml(`${first}---\n${second}`);
    const stemLine = questionLine(0, secondStart) + 3;
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ row: stemLine, column: "" });
    expect(result.problems[0].message).toMatch(/^Tệp không đúng cú pháp ở dòng \d+/);
    expect(result.problems.every((problem) => problem.row === stemLine)).toBe(true);
    expect(result.questions.map((question) => question.key)).toEqual(["a-1"]);
  });

  it.each([
    ["a bad escape in a quoted string", `    stem: "a \\q b"`],
    ["a value starting with @", "    stem: @ten"],
    ["a tab used as indentation", "\tstem: x"],
    ["a key written twice", "    type: single"],
  ])("reports %s at its line", (_label, badLine) => {
    const lines = topicYaml("institutional", questionYaml("a-1")).split("\n");
    expect(lines[5]).toMatch(/^ {4}stem: /);
    lines.splice(5, 1, badLine); // line 6 = the question's stem line
    const result = parseQuestionYaml(lines.join("\n"));
    expect(result.questions).toEqual([]);
    expect(result.problems[0]).toMatchObject({ row: 6, column: "" });
  });

  it.each([
    ["correct: G", { correct: "G" }, 5, "Đáp án đúng", "từ A đến F"],
    ["a correct letter with no option", { correct: "D" }, 5, "Đáp án đúng", "Đáp án D không có trong danh sách phương án"],
    ["two answers for a single question", { correct: "[A, B]" }, 5, "Đáp án đúng", "đúng 1 đáp án đúng"],
    ["an unquoted date that does not exist", { date: "2021-02-30" }, 10, "Ngày ban hành", "không phải là một ngày có thật"],
    ["a date in another format", { date: '"15/07/2021"' }, 10, "Ngày ban hành", "năm-tháng-ngày"],
    ["an unknown type", { type: "essay" }, 1, "Loại câu hỏi", "Một đáp án đúng, Nhiều đáp án đúng hoặc Đúng / Sai"],
  ])("reports %s with its line and the field's Vietnamese name", (_label, fields, offset, column, message) => {
    const result = parseQuestionYaml(topicYaml("institutional", questionYaml("a-1"), questionYaml("a-2", fields)));
    expect(result.problems).toEqual([{ row: questionLine(1) + offset, column, message: expect.stringContaining(message) }]);
    expect(result.questions.map((question) => question.key)).toEqual(["a-1"]);
  });

  it("reports a missing field at its question, an unknown topic at its line and an unknown field", () => {
    const missing = questionYaml("a-1").replace("    explanation: Theo văn bản căn cứ.\n", "");
    const result = parseQuestionYaml(`${topicYaml("institutional", missing)}---\ntopic: khac\nquestions:\n${questionYaml("b-1")}extra: 1\n`);
    const secondStart = missing.split("\n").length + 2 + 1;
    expect(result.problems).toEqual([
      { row: questionLine(0), column: "Giải thích", message: "Thiếu giải thích" },
      { row: secondStart, column: "Chủ đề", message: expect.stringContaining("Chủ đề phải là Cải cách thể chế, ") },
      { row: secondStart, column: "", message: expect.stringContaining("extra") },
    ]);
    expect(result.questions).toEqual([]);
  });

  it("reports a key used twice in the stream, at the second key's line, naming the first", () => {
    const first = topicYaml("institutional", questionYaml("a-1"), questionYaml("a-2"));
    const second = topicYaml("apparatus", questionYaml("a-1", { stem: "Một câu khác?" }));
    const secondStart = first.split("\n").length + 1;
    const result = parseQuestionYaml(`${first}---\n${second}`);
    expect(result.problems).toEqual([
      { row: questionLine(0, secondStart), column: "Mã câu hỏi", message: expect.stringMatching(/"a-1".*dòng 3\b/) },
    ]);
    expect(result.questions.map((question) => question.key)).toEqual(["a-1", "a-2"]);
  });

  it("reports two stems equal once folded, at the second stem's line", () => {
    const result = parseQuestionYaml(
      topicYaml(
        "institutional",
        questionYaml("a-1", { stem: "Thủ tục hành chính là gì?" }),
        questionYaml("a-2", { stem: "THU TUC  hanh chinh la gi?" }),
      ),
    );
    expect(result.problems).toEqual([
      { row: questionLine(1) + 3, column: "Nội dung câu hỏi", message: expect.stringMatching(/"a-1".*dòng 3\b/) },
    ]);
    expect(result.questions.map((question) => question.key)).toEqual(["a-1"]);
  });
});

describe("parseQuestionYaml: never throws", () => {
  const bomb = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]',
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
  ].join("\n");

  it.each([
    ["an empty text", "", "không có nội dung"],
    ["only document markers", "---\n---\n", "không có nội dung"],
    ["an unclosed list", "[1, 2", "Tệp không đúng cú pháp"],
    ["an unresolved alias", "*x", "Tệp không đúng cú pháp"],
    ["an alias bomb", bomb, "Tệp không đúng cú pháp"],
    ["a list instead of a topic file", "- a\n- b\n", "chủ đề và danh sách câu hỏi"],
    ["plain text", "chỉ là chữ", "chủ đề và danh sách câu hỏi"],
    ["a topic file without questions", "topic: institutional\nquestions: []\n", "không có câu hỏi nào"],
  ])("%s gives a problem", (_label, text, message) => {
    const result = parseQuestionYaml(text);
    expect(result.questions).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0].message).toContain(message);
  });
});

describe("parseQuestionYaml: nesting depth", () => {
  const tooDeep = expect.stringMatching(new RegExp(`^Tệp lồng nhau quá sâu ở dòng \\d+: tối đa ${MAX_YAML_DEPTH} cấp`));
  /** A topic file of 3 + `levels` nested collections: the file, questions, one question, and `levels` mappings under its tags. */
  const nestedMaps = (levels: number) =>
    topicYaml("institutional", questionYaml("q-1")) +
    "    tags:\n" +
    Array.from({ length: levels }, (_, i) => `${"  ".repeat(i + 3)}a${i}:\n`).join("") +
    `${"  ".repeat(levels + 3)}x\n`;

  it("reads a file nested exactly to the limit as any other (its problems are about its content)", () => {
    const result = parseQuestionYaml(nestedMaps(MAX_YAML_DEPTH - 3));
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems.map((problem) => problem.message)).not.toContainEqual(tooDeep);
  });

  it("refuses a file nested deeper than the limit, naming the line where it goes too deep", () => {
    const text = nestedMaps(MAX_YAML_DEPTH - 2);
    const result = parseQuestionYaml(text);
    expect(result.questions).toEqual([]);
    expect(result.problems).toEqual([{ row: expect.any(Number), column: "", message: tooDeep }]);
    const line = text.split("\n")[result.problems[0].row - 1];
    expect(line).toMatch(/^ {6,}(a\d+:|x)$/); // within the nested part, not the question above it
  });

  it.each([
    ["a million nested brackets", `topic: institutional\nquestions: ${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}\n`],
    ["a million nested mappings on one line", `topic: institutional\nquestions: ${"{a: ".repeat(1_000_000)}x${"}".repeat(1_000_000)}\n`],
    ["a hundred thousand nested list items on one line", `${"- ".repeat(100_000)}x\n`],
  ])("refuses %s without building it (no stack overflow)", (_label, text) => {
    const result = parseQuestionYaml(text);
    expect(result.problems).toEqual([{ row: expect.any(Number), column: "", message: tooDeep }]);
  });
});
