import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { bankHeaderSchema, bankQuestionSchema, correctIndices, topicFileSchema } from "./bank-file";

type Input = Record<string, unknown>;

/** At least one letter only Vietnamese uses: the message is written for Vietnamese organizers. */
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

const BASIS = { document: "Nghị quyết số 76/NQ-CP", issuer: "Chính phủ", date: "2021-07-15" };

function singleQuestion(overrides: Input = {}): Input {
  return {
    key: "inst-001",
    type: "single",
    difficulty: "easy",
    stem: "Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 – 2030 được ban hành kèm theo văn bản nào?",
    options: ["Nghị quyết số 76/NQ-CP", "Nghị quyết số 30c/NQ-CP", "Chỉ thị số 26/CT-TTg", "Quyết định số 06/QĐ-TTg"],
    correct: "A",
    explanation: "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ.",
    basis: { ...BASIS },
    ...overrides,
  };
}

function multipleQuestion(overrides: Input = {}): Input {
  return singleQuestion({
    key: "idx-004",
    type: "multiple",
    difficulty: "medium",
    stem: "Những chỉ số nào đo lường sự hài lòng hoặc trải nghiệm của người dân?",
    options: ["SIPAS", "PCI", "PAPI", "DTI"],
    correct: ["C", "A"],
    ...overrides,
  });
}

function trueFalseQuestion(overrides: Input = {}): Input {
  return singleQuestion({
    key: "dx-010",
    type: "true_false",
    difficulty: "hard",
    stem: "Tài khoản định danh điện tử mức độ 2 được dùng để đăng nhập Cổng Dịch vụ công quốc gia.",
    options: ["Đúng", "Sai"],
    correct: "A",
    ...overrides,
  });
}

function without(input: Input, field: string): Input {
  const copy = { ...input };
  delete copy[field];
  return copy;
}

function withBasis(overrides: Input, remove?: string): Input {
  const basis: Input = { ...BASIS, ...overrides };
  if (remove) delete basis[remove];
  return singleQuestion({ basis });
}

/** The file's own keys and codes, and format names: an organizer reading a message must meet none of them. */
const FILE_WORDS =
  /\b(key|title|stem|options|correct|explanation|basis|document|issuer|date|article|tags|topic|questions|type|difficulty|single|multiple|true_false|easy|medium|hard|institutional|reviewerMustDifferFromAuthor|true|false|YYYY|MM|DD|YAML)\b/;

interface Issue {
  path: string;
  message: string;
}

function issuesOf(schema: z.ZodType, input: unknown): Issue[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}

/** Expects the input to be rejected with a Vietnamese message at `path` containing `fragment`. */
function expectRejected(schema: z.ZodType, input: unknown, path: string, fragment: string) {
  const issues = issuesOf(schema, input);
  expect(issues.length, "expected the input to be rejected").toBeGreaterThan(0);
  for (const issue of issues) expect(issue.message, `message at ${issue.path}`).toMatch(VIETNAMESE);
  for (const issue of issues) expect(issue.message, `message at ${issue.path}`).not.toMatch(FILE_WORDS);
  expect(issues.filter((issue) => issue.path === path).map((issue) => issue.message), JSON.stringify(issues)).toEqual(
    expect.arrayContaining([expect.stringContaining(fragment)]),
  );
}

const expectQuestionRejected = (input: Input, path: string, fragment: string) => expectRejected(bankQuestionSchema, input, path, fragment);

describe("bankQuestionSchema: valid questions", () => {
  it("accepts a single-answer question", () => {
    expect(issuesOf(bankQuestionSchema, singleQuestion())).toEqual([]);
  });

  it("accepts a multiple-answer question", () => {
    expect(issuesOf(bankQuestionSchema, multipleQuestion())).toEqual([]);
  });

  it("accepts a true/false question", () => {
    expect(issuesOf(bankQuestionSchema, trueFalseQuestion())).toEqual([]);
    expect(issuesOf(bankQuestionSchema, trueFalseQuestion({ correct: "B" }))).toEqual([]);
  });

  it("accepts the optional article and tags", () => {
    const question = singleQuestion({ basis: { ...BASIS, article: "Điều 1" }, tags: ["nq-76", "chương-trình"] });
    expect(issuesOf(bankQuestionSchema, question)).toEqual([]);
  });

  it("accepts 2 and 6 options", () => {
    expect(issuesOf(bankQuestionSchema, singleQuestion({ options: ["Có", "Không"] }))).toEqual([]);
    expect(issuesOf(bankQuestionSchema, multipleQuestion({ options: ["A1", "B1", "C1", "D1", "E1", "F1"], correct: ["A", "F"] }))).toEqual([]);
  });

  it("accepts a leap day", () => {
    expect(issuesOf(bankQuestionSchema, withBasis({ date: "2020-02-29" }))).toEqual([]);
  });

  it("trims the text fields", () => {
    const parsed = bankQuestionSchema.parse(singleQuestion({ stem: "  Câu hỏi?  ", options: [" Có ", "Không\n"], explanation: " Vì thế. " }));
    expect(parsed.stem).toBe("Câu hỏi?");
    expect(parsed.options).toEqual(["Có", "Không"]);
    expect(parsed.explanation).toBe("Vì thế.");
  });
});

describe("bankQuestionSchema: missing fields", () => {
  it.each([
    ["key", "Thiếu mã câu hỏi"],
    ["type", "Loại câu hỏi phải là"],
    ["difficulty", "Độ khó phải là"],
    ["stem", "Thiếu nội dung câu hỏi"],
    ["options", "Thiếu danh sách phương án"],
    ["correct", "Thiếu đáp án đúng"],
    ["explanation", "Thiếu giải thích"],
    ["basis", "căn cứ"],
  ])("rejects a question without %s", (field, fragment) => {
    expectQuestionRejected(without(singleQuestion(), field), field, fragment);
  });

  it.each([
    ["document", "Thiếu văn bản căn cứ"],
    ["issuer", "Thiếu cơ quan ban hành"],
    ["date", "Ngày ban hành"],
  ])("rejects a basis without %s", (field, fragment) => {
    expectQuestionRejected(withBasis({}, field), `basis.${field}`, fragment);
  });

  it.each([
    ["stem", "Nội dung câu hỏi không được để trống"],
    ["explanation", "Giải thích không được để trống"],
  ])("rejects a blank %s", (field, fragment) => {
    expectQuestionRejected(singleQuestion({ [field]: "   " }), field, fragment);
  });

  it("rejects a blank option", () => {
    expectQuestionRejected(singleQuestion({ options: ["Có", " \t "] }), "options.1", "Phương án không được để trống");
  });

  it("rejects a blank basis document and issuer", () => {
    expectQuestionRejected(withBasis({ document: "" }), "basis.document", "không được để trống");
    expectQuestionRejected(withBasis({ issuer: " " }), "basis.issuer", "không được để trống");
  });
});

describe("bankQuestionSchema: options", () => {
  it("rejects a single option", () => {
    expectQuestionRejected(singleQuestion({ options: ["Chỉ một"] }), "options", "ít nhất 2 phương án");
  });

  it("rejects seven options", () => {
    expectQuestionRejected(singleQuestion({ options: ["1", "2", "3", "4", "5", "6", "7"] }), "options", "nhiều nhất 6 phương án");
  });

  it("rejects options that are not a list", () => {
    expectQuestionRejected(singleQuestion({ options: "Có, Không" }), "options", "phương án");
  });

  it.each([
    ["exactly the same", ["Bộ Nội vụ", "Bộ Nội vụ", "Bộ Tư pháp"]],
    ["differing only by case", ["Bộ Nội vụ", "BỘ NỘI VỤ", "Bộ Tư pháp"]],
    ["differing only by spacing", ["Bộ Nội vụ", "Bộ  Nội   vụ", "Bộ Tư pháp"]],
  ])("rejects duplicate options (%s)", (_, options) => {
    expectQuestionRejected(singleQuestion({ options }), "options", "không được trùng nhau");
  });
});

describe("bankQuestionSchema: correct answers", () => {
  it("rejects a correct letter beyond the options", () => {
    expectQuestionRejected(singleQuestion({ options: ["Có", "Không", "Chưa rõ"], correct: "D" }), "correct", "Đáp án D không có trong danh sách phương án");
  });

  it("rejects one of several correct letters beyond the options", () => {
    expectQuestionRejected(multipleQuestion({ correct: ["A", "E"] }), "correct", "Đáp án E không có trong danh sách phương án");
  });

  it.each([
    ["a letter after F", "G"],
    ["a lower-case letter", "a"],
    ["a number", 1],
    ["an empty string", ""],
    ["a list with a letter after F", ["A", "G"]],
  ])("rejects %s", (_, correct) => {
    const issues = issuesOf(bankQuestionSchema, singleQuestion({ correct }));
    expect(issues.map((i) => i.path)).toContain("correct");
    for (const issue of issues) expect(issue.message).toMatch(VIETNAMESE);
  });

  it("rejects a multiple-answer question with one correct letter in a list", () => {
    expectQuestionRejected(multipleQuestion({ correct: ["B"] }), "correct", "ít nhất 2 đáp án đúng");
  });

  it("rejects a multiple-answer question with one correct letter on its own", () => {
    expectQuestionRejected(multipleQuestion({ correct: "B" }), "correct", "ít nhất 2 đáp án đúng");
  });

  it("rejects a single-answer question with two correct letters", () => {
    expectQuestionRejected(singleQuestion({ correct: ["A", "B"] }), "correct", "chỉ được có đúng 1 đáp án đúng");
  });

  it("rejects a true/false question with two correct letters", () => {
    expectQuestionRejected(trueFalseQuestion({ correct: ["A", "B"] }), "correct", "chỉ được có đúng 1 đáp án đúng");
  });

  it("rejects an empty list of correct letters", () => {
    expectQuestionRejected(singleQuestion({ correct: [] }), "correct", "chỉ được có đúng 1 đáp án đúng");
    expectQuestionRejected(multipleQuestion({ correct: [] }), "correct", "ít nhất 2 đáp án đúng");
  });

  it("rejects a repeated correct letter", () => {
    expectQuestionRejected(multipleQuestion({ correct: ["A", "C", "A"] }), "correct", "Đáp án đúng bị lặp lại");
  });
});

describe("bankQuestionSchema: true/false options", () => {
  it.each([
    ["in the other order", ["Sai", "Đúng"]],
    ["with a third option", ["Đúng", "Sai", "Không xác định"]],
    ["in lower case", ["đúng", "sai"]],
    ["without diacritics", ["Dung", "Sai"]],
    ["in English", ["True", "False"]],
    ["with another wording", ["Đúng", "Không đúng"]],
  ])("rejects options %s", (_, options) => {
    expectQuestionRejected(trueFalseQuestion({ options }), "options", "Câu Đúng/Sai phải có đúng hai phương án");
  });

  it("accepts Đúng and Sai surrounded by spaces (they are trimmed)", () => {
    expect(issuesOf(bankQuestionSchema, trueFalseQuestion({ options: [" Đúng ", "Sai "] }))).toEqual([]);
  });
});

describe("bankQuestionSchema: dates, keys and other fields", () => {
  it.each(["2021-02-30", "2021-02-29", "2021-04-31", "2021-13-01", "2021-00-10", "2021-07-00", "2021-07-32"])(
    "rejects the impossible date %s",
    (date) => {
      expectQuestionRejected(withBasis({ date }), "basis.date", "không phải là một ngày có thật");
    },
  );

  it.each(["15/07/2021", "2021-7-15", "2021/07/15", "20210715", "2021-07-15T00:00:00Z"])("rejects the date format %s", (date) => {
    expectQuestionRejected(withBasis({ date }), "basis.date", "năm-tháng-ngày");
  });

  it("rejects an unquoted (non-string) date and asks for quotes", () => {
    expectQuestionRejected(withBasis({ date: new Date("2021-07-15") }), "basis.date", "ngoặc kép");
    expectQuestionRejected(withBasis({ date: 20210715 }), "basis.date", "ngoặc kép");
  });

  it.each(["Inst-001", "inst_001", "inst 001", "inst--001", "-inst-001", "inst-001-", "câu-1", "inst.001", ""])(
    "rejects the question key %j",
    (key) => {
      expectQuestionRejected(singleQuestion({ key }), "key", "Mã câu hỏi chỉ gồm chữ thường không dấu");
    },
  );

  it.each(["a", "inst-001", "2021-nq-76", "x9"])("accepts the question key %j", (key) => {
    expect(issuesOf(bankQuestionSchema, singleQuestion({ key }))).toEqual([]);
  });

  it("rejects an unknown type", () => {
    expectQuestionRejected(singleQuestion({ type: "essay" }), "type", "Loại câu hỏi phải là Một đáp án đúng, Nhiều đáp án đúng hoặc Đúng / Sai");
  });

  it("rejects an unknown difficulty", () => {
    expectQuestionRejected(singleQuestion({ difficulty: "very-hard" }), "difficulty", "Độ khó phải là Dễ, Trung bình hoặc Khó");
  });

  it("takes a type, a difficulty and a topic by their Vietnamese names too, as the Excel template does", () => {
    const parsed = bankQuestionSchema.parse(singleQuestion({ type: "Một đáp án đúng", difficulty: "trung binh" }));
    expect([parsed.type, parsed.difficulty]).toEqual(["single", "medium"]);
    expect(bankQuestionSchema.parse(trueFalseQuestion({ type: "Đúng / Sai" })).type).toBe("true_false");
    expect(topicFileSchema.parse({ topic: "Cải cách thể chế", questions: [singleQuestion()] }).topic).toBe("institutional");
  });

  it("rejects an unknown field in a question, naming it", () => {
    expectQuestionRejected(singleQuestion({ answer: "A" }), "", "answer");
    expectQuestionRejected(singleQuestion({ answer: "A" }), "", "không có trong mẫu");
  });

  it("rejects an unknown field in the basis, naming it", () => {
    expectQuestionRejected(withBasis({ link: "https://vanban.chinhphu.vn" }), "basis", "link");
  });

  it("rejects a basis that is not an object", () => {
    const issues = issuesOf(bankQuestionSchema, singleQuestion({ basis: "Nghị quyết số 76/NQ-CP" }));
    expect(issues.map((i) => i.path)).toContain("basis");
    for (const issue of issues) expect(issue.message).toMatch(VIETNAMESE);
  });
});

describe("correctIndices", () => {
  it("maps a single letter to its 0-based index", () => {
    expect(correctIndices(bankQuestionSchema.parse(singleQuestion({ correct: "C" })))).toEqual([2]);
    expect(correctIndices(bankQuestionSchema.parse(singleQuestion({ correct: "A" })))).toEqual([0]);
  });

  it("maps the letters of a multiple-answer question to sorted 0-based indices", () => {
    const question = bankQuestionSchema.parse(multipleQuestion({ options: ["1", "2", "3", "4", "5", "6"], correct: ["F", "B", "D", "A"] }));
    expect(correctIndices(question)).toEqual([0, 1, 3, 5]);
  });

  it("maps Sai of a true/false question to 1", () => {
    expect(correctIndices(bankQuestionSchema.parse(trueFalseQuestion({ correct: "B" })))).toEqual([1]);
  });

  it("does not reorder the question's own list of letters", () => {
    const question = bankQuestionSchema.parse(multipleQuestion({ correct: ["C", "A"] }));
    expect(correctIndices(question)).toEqual([0, 2]);
    expect(question.correct).toEqual(["C", "A"]);
  });
});

describe("bankHeaderSchema", () => {
  const header = { key: "cchc-2021-2030", title: "Cải cách hành chính nhà nước giai đoạn 2021 – 2030" };

  it("accepts a header and fills in the defaults", () => {
    expect(bankHeaderSchema.parse(header)).toEqual({ ...header, description: "", reviewerMustDifferFromAuthor: true });
  });

  it("keeps an explicit reviewer rule and description", () => {
    const parsed = bankHeaderSchema.parse({ ...header, description: "Mô tả", reviewerMustDifferFromAuthor: false });
    expect(parsed.reviewerMustDifferFromAuthor).toBe(false);
    expect(parsed.description).toBe("Mô tả");
  });

  it("rejects a header without key or title", () => {
    expectRejected(bankHeaderSchema, { title: header.title }, "key", "Thiếu mã ngân hàng");
    expectRejected(bankHeaderSchema, { key: header.key }, "title", "Thiếu tên ngân hàng");
  });

  it("rejects a badly formed bank key", () => {
    expectRejected(bankHeaderSchema, { ...header, key: "CCHC 2021" }, "key", "Mã ngân hàng chỉ gồm chữ thường không dấu");
  });

  it("rejects a reviewer rule that is not a boolean", () => {
    expectRejected(bankHeaderSchema, { ...header, reviewerMustDifferFromAuthor: "có" }, "reviewerMustDifferFromAuthor", "chỉ nhận giá trị có hoặc không");
  });

  it("rejects an unknown field, naming it", () => {
    expectRejected(bankHeaderSchema, { ...header, author: "Sở Nội vụ" }, "", "Mục không có trong mẫu: “author”");
  });
});

describe("topicFileSchema", () => {
  it("accepts a topic file with questions of every type", () => {
    const file = { topic: "institutional", questions: [singleQuestion(), multipleQuestion(), trueFalseQuestion()] };
    expect(issuesOf(topicFileSchema, file)).toEqual([]);
  });

  it("rejects an unknown topic, listing the valid ones", () => {
    expectRejected(topicFileSchema, { topic: "tax", questions: [singleQuestion()] }, "topic", "Chủ đề phải là Cải cách thể chế, Cải cách thủ tục hành chính");
  });

  it("rejects a file without questions or with an empty list", () => {
    expectRejected(topicFileSchema, { topic: "indices" }, "questions", "Thiếu danh sách câu hỏi");
    expectRejected(topicFileSchema, { topic: "indices", questions: [] }, "questions", "không có câu hỏi nào");
  });

  it("reports a question's problem under its position in the list", () => {
    const file = { topic: "indices", questions: [singleQuestion(), without(multipleQuestion(), "explanation")] };
    expectRejected(topicFileSchema, file, "questions.1.explanation", "Thiếu giải thích");
  });
});

describe("regressions found in review", () => {
  const base = {
    key: "reg-001",
    type: "single",
    difficulty: "easy",
    stem: "Câu hỏi hồi quy?",
    options: ["Một", "Hai"],
    correct: "A",
    explanation: "Giải thích.",
    basis: { document: "Văn bản", issuer: "Cơ quan", date: "2021-07-15" },
  };
  const messages = (input: unknown) => bankQuestionSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];

  it("names a wrong answer letter as wrong, not as missing", () => {
    for (const correct of ["G", "a", ["A", "G"]]) {
      const found = messages({ ...base, correct });
      expect(found.join(" ")).toContain("chữ cái từ A đến F");
      expect(found.join(" ")).not.toContain("Thiếu đáp án đúng");
    }
    expect(messages({ ...base, correct: undefined })).toEqual(["Thiếu đáp án đúng"]);
  });

  it("reports a badly formatted date once", () => {
    expect(messages({ ...base, basis: { ...base.basis, date: "15/07/2021" } })).toEqual(['Ngày ban hành phải ghi năm-tháng-ngày trong ngoặc kép, ví dụ "2024-12-31"']);
  });

  it("treats decomposed accents like composed ones", () => {
    expect(messages({ ...base, type: "true_false", options: ["Đúng".normalize("NFD"), "Sai"] })).toEqual([]);
    expect(messages({ ...base, options: ["Bộ Nội vụ", "Bộ Nội vụ".normalize("NFD")] }).join(" ")).toContain("không được trùng nhau");
  });
});
