import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importShippedBanks } from "~/banks/import-banks.server";
import { loadBanks } from "~/banks/load-banks.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

const run = promisify(execFile);
const SHIPPED = path.resolve("question-banks");

describe("the shipped question banks", () => {
  it("pass every rule of the file format", () => {
    const { banks, problems } = loadBanks(SHIPPED);
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(banks.length).toBeGreaterThan(0);
    // The demo contest draws 20 questions from the first bank.
    expect(banks[0].questions.length).toBeGreaterThanOrEqual(20);
  });

  it("cover every area of the master programme with enough questions", () => {
    const { banks } = loadBanks(SHIPPED);
    const questions = banks.flatMap((b) => b.questions);
    const count = (topic: string) => questions.filter((q) => q.topic === topic).length;
    expect(questions.length).toBeGreaterThanOrEqual(300);
    for (const topic of ["institutional", "administrative-procedures", "apparatus", "civil-service", "public-finance", "e-government"]) {
      expect({ topic, count: count(topic) >= 30 }).toEqual({ topic, count: true });
    }
    expect(count("digital-transformation")).toBeGreaterThanOrEqual(40);
    expect(count("indices")).toBeGreaterThanOrEqual(20);
    // Every question carries its legal basis and an explanation.
    for (const q of questions) {
      expect(q.basis.document.length, q.key).toBeGreaterThan(3);
      expect(q.explanation.length, q.key).toBeGreaterThan(10);
    }
  });
});

describe("npm run bank:check", () => {
  it("prints each problem as file:line: message in Vietnamese and fails", async () => {
    const error = await run("npx", ["tsx", "scripts/bank-check.ts", "test/fixtures/bad-banks"]).then(
      () => null,
      (e: { code: number; stdout: string }) => e,
    );
    expect(error?.code).toBe(1);
    expect(error?.stdout).toContain('test/fixtures/bad-banks/broken/institutional.yaml:10: Câu "bad-001", Đáp án đúng: Đáp án D không có trong danh sách phương án');
    expect(error?.stdout).toContain('test/fixtures/bad-banks/broken/institutional.yaml:16: Câu "bad-002": Thiếu căn cứ pháp lý');
  });

  it("counts the questions per topic and succeeds on valid banks", async () => {
    const { stdout } = await run("npx", ["tsx", "scripts/bank-check.ts", "test/fixtures/banks"]);
    expect(stdout).toContain("Ngân hàng kiểm thử");
    expect(stdout).toMatch(/30\s+Cải cách thể chế/);
    expect(stdout).not.toContain("institutional");
    expect(stdout).toContain("Hợp lệ: 1 ngân hàng, 30 câu hỏi.");
  });
});

describe("importing the shipped banks", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it("is idempotent: a second import changes nothing", async () => {
    const { banks } = loadBanks(SHIPPED);
    const first = await importShippedBanks(database.db, banks);
    const total = banks.reduce((n, b) => n + b.questions.length, 0);
    expect(first.questionsCreated).toBe(total);
    const snapshot = async () => ({
      questions: await database.db.selectFrom("questions").selectAll().orderBy("id").execute(),
      versions: await database.db.selectFrom("question_versions").select(["id", "question_id", "version_no", "content_hash"]).orderBy("id").execute(),
    });
    const before = await snapshot();
    const second = await importShippedBanks(database.db, banks);
    expect(second).toEqual({ banks: banks.length, questionsCreated: 0, versionsCreated: 0, unchanged: total });
    expect(await snapshot()).toEqual(before);
  });

  it("stores an edited question as a new version and keeps the old one", async () => {
    const { banks } = loadBanks(SHIPPED);
    const edited = structuredClone(banks);
    const question = edited[0].questions[0];
    question.explanation = `${question.explanation} (bổ sung)`;
    const summary = await importShippedBanks(database.db, edited);
    expect(summary.versionsCreated).toBe(1);
    const versions = await database.db
      .selectFrom("question_versions")
      .innerJoin("questions", "questions.id", "question_versions.question_id")
      .select(["question_versions.version_no", "question_versions.explanation", "questions.current_version_id", "question_versions.id"])
      .where("questions.key", "=", question.key)
      .orderBy("version_no")
      .execute();
    expect(versions.map((v) => v.version_no)).toEqual([1, 2]);
    expect(versions[1].current_version_id).toBe(versions[1].id);
    expect(versions[0].explanation).toBe(banks[0].questions[0].explanation);
  });
});

describe("the option-crutch rule", () => {
  it("flags a bank that leans on 'Tất cả các phương án trên'", () => {
    const { problems } = loadBanks(path.resolve("test/fixtures/crutch-banks"));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toContain("Quá nhiều câu có phương án kiểu");
    expect(problems[0].message).toContain("5 câu, tối đa 3");
  });
});
