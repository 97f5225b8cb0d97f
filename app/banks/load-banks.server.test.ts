import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBanks, type BankProblem } from "./load-banks.server";

const temporaryRoots: string[] = [];

afterEach(() => {
  for (const root of temporaryRoots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/** Writes banks under a fresh temporary folder: { folder: { fileName: contents } }. */
function writeRoot(banks: Record<string, Record<string, string>>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-banks-"));
  temporaryRoots.push(root);
  for (const [folder, files] of Object.entries(banks)) {
    fs.mkdirSync(path.join(root, folder));
    for (const [name, contents] of Object.entries(files)) fs.writeFileSync(path.join(root, folder, name), contents);
  }
  return root;
}

const BANK_YAML = "key: thu-nghiem\ntitle: Ngân hàng thử nghiệm\n";

/** One question as YAML list item lines (11 lines, starting with "  - key:"). */
function questionYaml(key: string, stem: string, correct = "A"): string {
  return [
    `  - key: ${key}`,
    "    type: single",
    "    difficulty: easy",
    `    stem: ${stem}`,
    "    options: [Có, Không]",
    `    correct: ${correct}`,
    "    explanation: Theo văn bản căn cứ.",
    "    basis:",
    "      document: Nghị quyết số 76/NQ-CP",
    "      issuer: Chính phủ",
    '      date: "2021-07-15"',
    "",
  ].join("\n");
}
const QUESTION_LINES = 11;

function topicYaml(topic: string, ...questions: string[]): string {
  return `topic: ${topic}\nquestions:\n${questions.join("")}`;
}

/** The line (1-based) of question `index` in a file made by topicYaml. */
const questionLine = (index: number) => 3 + index * QUESTION_LINES;

/** Whether a problem's file label designates this file on disk. */
const isAbout = (problem: BankProblem, root: string, ...parts: string[]) => path.resolve(problem.file) === path.join(root, ...parts);

describe("loadBanks: a valid bank", () => {
  it("loads the header with its defaults, and every question with its topic, file and line", () => {
    const root = writeRoot({
      "thu-nghiem": {
        "bank.yaml": BANK_YAML,
        "institutional.yaml": topicYaml("institutional", questionYaml("inst-001", "Câu hỏi thể chế một?"), questionYaml("inst-002", "Câu hỏi thể chế hai?", "B")),
        "indices.yml": topicYaml("indices", questionYaml("idx-001", "PAR INDEX là gì?")),
        "README.md": "Không phải tệp YAML: bị bỏ qua.\n",
      },
    });
    const { banks, problems } = loadBanks(root);
    expect(problems).toEqual([]);
    expect(banks).toHaveLength(1);
    const [bank] = banks;
    expect(bank.header).toEqual({ key: "thu-nghiem", title: "Ngân hàng thử nghiệm", description: "", reviewerMustDifferFromAuthor: true });
    expect(path.resolve(bank.folder)).toBe(path.join(root, "thu-nghiem"));
    // Topic files are read in name order: indices.yml, then institutional.yaml.
    expect(bank.questions.map((q) => [q.key, q.topic, q.line])).toEqual([
      ["idx-001", "indices", questionLine(0)],
      ["inst-001", "institutional", questionLine(0)],
      ["inst-002", "institutional", questionLine(1)],
    ]);
    expect(path.resolve(bank.questions[0].file)).toBe(path.join(root, "thu-nghiem", "indices.yml"));
    expect(path.resolve(bank.questions[2].file)).toBe(path.join(root, "thu-nghiem", "institutional.yaml"));
  });

  it("keeps the parsed content of each question", () => {
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("e-government", questionYaml("eg-001", "Chính phủ số là gì?", "B")) } });
    const [question] = loadBanks(root).banks[0].questions;
    expect(question).toMatchObject({
      key: "eg-001",
      type: "single",
      difficulty: "easy",
      stem: "Chính phủ số là gì?",
      options: ["Có", "Không"],
      correct: "B",
      basis: { document: "Nghị quyết số 76/NQ-CP", issuer: "Chính phủ", date: "2021-07-15" },
      topic: "e-government",
    });
  });

  it("loads several banks in folder order and ignores loose files at the root", () => {
    const root = writeRoot({
      "z-bank": { "bank.yaml": "key: z-bank\ntitle: Ngân hàng Z\n", "t.yaml": topicYaml("indices", questionYaml("z-1", "Câu Z?")) },
      "a-bank": { "bank.yaml": "key: a-bank\ntitle: Ngân hàng A\n", "t.yaml": topicYaml("indices", questionYaml("a-1", "Câu A?")) },
    });
    fs.writeFileSync(path.join(root, "notes.yaml"), "not: a bank\n");
    const { banks, problems } = loadBanks(root);
    expect(problems).toEqual([]);
    expect(banks.map((b) => b.header.key)).toEqual(["a-bank", "z-bank"]);
  });
});

describe("loadBanks: YAML syntax errors", () => {
  it("reports a nested mapping on the line where it is written", () => {
    const topic = ["topic: indices", "questions:", "  - key: q-1", "    type: single", "    stem: Câu hỏi: có hai chấm: sai", "    difficulty: easy", ""].join("\n");
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topic } });
    const { banks, problems } = loadBanks(root);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(isAbout(problem, root, "b", "t.yaml")).toBe(true);
      expect(problem.line).toBe(5);
      expect(problem.message).toContain("Tệp không đúng cú pháp");
    }
    expect(banks[0].questions).toEqual([]);
  });

  it("reports a tab used for indentation on its line", () => {
    const topic = ["topic: indices", "questions:", "  - key: q-1", "    type: single", "\tdifficulty: easy", ""].join("\n");
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topic } });
    const { problems } = loadBanks(root);
    expect(problems.map((p) => p.line)).toEqual([5]);
    expect(problems[0].message).toContain("Tệp không đúng cú pháp");
  });

  it("reports a key written twice in the same question on the second occurrence", () => {
    const topic = questionYaml("q-1", "Câu một?").replace("    difficulty: easy\n", "    difficulty: easy\n    difficulty: hard\n");
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", topic) } });
    const { problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(6);
    expect(problems[0].message).toContain("Tệp không đúng cú pháp");
  });

  it("reports a syntax error in bank.yaml and drops the bank", () => {
    const root = writeRoot({ b: { "bank.yaml": "key: b\ntitle: [Ngân hàng\n", "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu?")) } });
    const { banks, problems } = loadBanks(root);
    expect(banks).toEqual([]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => isAbout(p, root, "b", "bank.yaml") && p.message.includes("Tệp không đúng cú pháp"))).toBe(true);
  });
});

describe("loadBanks: schema errors", () => {
  it("points a missing field at the line where the offending question starts", () => {
    const broken = questionYaml("q-2", "Câu hai?").replace("    explanation: Theo văn bản căn cứ.\n", "");
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu một?"), broken) } });
    const { banks, problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "b", "t.yaml")).toBe(true);
    expect(problems[0].line).toBe(questionLine(1));
    expect(problems[0].message).toContain("Thiếu giải thích");
    expect(problems[0].message).toContain("q-2");
    // A file with a problem contributes no question at all.
    expect(banks[0].questions).toEqual([]);
  });

  it("points a wrong value at its own line inside the offending question", () => {
    const root = writeRoot({
      b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu một?"), questionYaml("q-2", "Câu hai?", "C")) },
    });
    const { problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    const correctLine = questionLine(1) + 5;
    expect(problems[0].line).toBe(correctLine);
    expect(problems[0].message).toContain("Đáp án C không có trong danh sách phương án");
  });

  it("points a bad basis date at the line of the date", () => {
    const broken = questionYaml("q-1", "Câu một?").replace('"2021-07-15"', '"2021-02-30"');
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", broken) } });
    const { problems } = loadBanks(root);
    expect(problems.map((p) => p.line)).toEqual([questionLine(0) + 10]);
    expect(problems[0].message).toContain("không phải là một ngày có thật");
  });

  it("points an unknown topic at the topic line", () => {
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("thue", questionYaml("q-1", "Câu một?")) } });
    const { problems } = loadBanks(root);
    expect(problems.map((p) => p.line)).toEqual([1]);
    expect(problems[0].message).toBe("Chủ đề phải là Cải cách thể chế, Cải cách thủ tục hành chính, Cải cách tổ chức bộ máy hành chính nhà nước, Cải cách chế độ công vụ, Cải cách tài chính công, Xây dựng và phát triển Chính phủ điện tử, Chính phủ số, Chuyển đổi số, định danh điện tử, dịch vụ công trực tuyến hoặc Các chỉ số đo lường (PAR INDEX, SIPAS, PAPI, PCI, DDCI, DTI)");
  });

  it("reports every broken question of a file, each at its own line", () => {
    const noStem = questionYaml("q-1", "x").replace("    stem: x\n", "");
    const badKey = questionYaml("Q_3", "Câu ba?");
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", noStem, questionYaml("q-2", "Câu hai?"), badKey) } });
    // The first question is one line shorter because its stem was removed.
    const { problems } = loadBanks(root);
    expect(problems.map((p) => p.line)).toEqual([questionLine(0), questionLine(2) - 1]);
    expect(problems[0].message).toContain("Thiếu nội dung câu hỏi");
    expect(problems[1].message).toContain("Mã câu hỏi chỉ gồm chữ thường không dấu");
  });

  it("reports a schema error in bank.yaml and drops the bank", () => {
    const root = writeRoot({ b: { "bank.yaml": "key: B 1\ntitle: Ngân hàng\n", "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu?")) } });
    const { banks, problems } = loadBanks(root);
    expect(banks).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "b", "bank.yaml")).toBe(true);
    expect(problems[0].line).toBe(1);
    expect(problems[0].message).toContain("Mã ngân hàng chỉ gồm chữ thường không dấu");
  });
});

describe("loadBanks: problems across questions and banks", () => {
  it("reports a question key used in two topic files, at the second occurrence", () => {
    const root = writeRoot({
      b: {
        "bank.yaml": BANK_YAML,
        "a.yaml": topicYaml("institutional", questionYaml("q-1", "Câu thể chế?")),
        "b.yaml": topicYaml("indices", questionYaml("q-0", "Câu chỉ số?"), questionYaml("q-1", "Một câu khác hẳn?")),
      },
    });
    const { banks, problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "b", "b.yaml")).toBe(true);
    expect(problems[0].line).toBe(questionLine(1));
    expect(problems[0].message).toContain('"q-1"');
    expect(problems[0].message).toContain("trùng");
    expect(problems[0].message).toContain(`a.yaml, dòng ${questionLine(0)}`);
    expect(banks).toHaveLength(1);
  });

  it.each([
    ["diacritics", "Thủ tục hành chính một cửa là gì?", "Thu tuc hanh chinh mot cua la gi?"],
    ["case", "Thủ tục hành chính một cửa là gì?", "THỦ TỤC HÀNH CHÍNH MỘT CỬA LÀ GÌ?"],
    ["spacing", "Thủ tục hành chính một cửa là gì?", "Thủ tục  hành chính   một cửa là gì?"],
    ["all three", "Đề án 06 về định danh điện tử", "DE AN  06 ve dinh danh   DIEN tu"],
  ])("reports two stems that differ only by %s", (_, first, second) => {
    const root = writeRoot({
      b: {
        "bank.yaml": BANK_YAML,
        "a.yaml": topicYaml("institutional", questionYaml("q-1", first)),
        "b.yaml": topicYaml("indices", questionYaml("q-2", `"${second}"`)),
      },
    });
    const { problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "b", "b.yaml")).toBe(true);
    expect(problems[0].line).toBe(questionLine(0));
    expect(problems[0].message).toContain("trùng nội dung");
    expect(problems[0].message).toContain('"q-1"');
  });

  it("reports duplicate stems inside one file too", () => {
    const root = writeRoot({ b: { "bank.yaml": BANK_YAML, "a.yaml": topicYaml("indices", questionYaml("q-1", "Chỉ số PAPI?"), questionYaml("q-2", "chỉ số papi?")) } });
    const { problems } = loadBanks(root);
    expect(problems.map((p) => p.line)).toEqual([questionLine(1)]);
    expect(problems[0].message).toContain("trùng nội dung");
  });

  it("does not report stems that really differ", () => {
    const root = writeRoot({
      b: { "bank.yaml": BANK_YAML, "a.yaml": topicYaml("indices", questionYaml("q-1", "Chỉ số PAPI đo gì?"), questionYaml("q-2", "Chỉ số PCI đo gì?")) },
    });
    expect(loadBanks(root).problems).toEqual([]);
  });

  it("does not compare question keys across different banks", () => {
    const root = writeRoot({
      one: { "bank.yaml": "key: one\ntitle: Một\n", "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu hỏi chung?")) },
      two: { "bank.yaml": "key: two\ntitle: Hai\n", "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu hỏi chung?")) },
    });
    const { banks, problems } = loadBanks(root);
    expect(problems).toEqual([]);
    expect(banks).toHaveLength(2);
  });

  it("reports a bank key used by two folders", () => {
    const root = writeRoot({
      one: { "bank.yaml": "key: same\ntitle: Một\n", "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu một?")) },
      two: { "bank.yaml": "key: same\ntitle: Hai\n", "t.yaml": topicYaml("indices", questionYaml("q-2", "Câu hai?")) },
    });
    const { problems } = loadBanks(root);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "two", "bank.yaml")).toBe(true);
    expect(problems[0].message).toContain('"same"');
  });

  it("reports a folder without bank.yaml and leaves it out", () => {
    const root = writeRoot({
      good: { "bank.yaml": BANK_YAML, "t.yaml": topicYaml("indices", questionYaml("q-1", "Câu một?")) },
      headless: { "t.yaml": topicYaml("indices", questionYaml("q-9", "Câu chín?")) },
    });
    const { banks, problems } = loadBanks(root);
    expect(banks.map((b) => path.resolve(b.folder))).toEqual([path.join(root, "good")]);
    expect(problems).toHaveLength(1);
    expect(isAbout(problems[0], root, "headless", "bank.yaml")).toBe(true);
    expect(problems[0].line).toBe(1);
    expect(problems[0].message).toContain("Thiếu tệp bank.yaml");
  });

  it("reports an empty folder as missing its bank.yaml", () => {
    const root = writeRoot({ empty: {} });
    const { banks, problems } = loadBanks(root);
    expect(banks).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining("Thiếu tệp bank.yaml")]);
  });

  it("returns nothing for a root without folders", () => {
    expect(loadBanks(writeRoot({}))).toEqual({ banks: [], problems: [] });
  });
});
