import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildQuestionWorkbook } from "~/banks/exchange/excel.server";
import type { ExchangeQuestion } from "~/banks/exchange/exchange-question";
import { parseQuestionYaml } from "~/banks/exchange/yaml-exchange.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let organizer: TestClient;
const BANK = "test-bank";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(() => app.close());

function upload(client: TestClient, name: string, data: Uint8Array | string, intent: "check" | "import", submitForReview = false) {
  const form = new FormData();
  form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  form.append("intent", intent);
  if (submitForReview) form.append("submitForReview", "on");
  return client.request(`/quan-ly/ngan-hang/${BANK}/nhap`, { method: "POST", body: form });
}

const reportOf = async (response: Response) => {
  const url = new URL(response.url);
  expect(url.pathname).toBe(`/quan-ly/ngan-hang/${BANK}/nhap`);
  return response.text();
};

async function snapshot() {
  return {
    questions: await app.db.selectFrom("questions").select(["id", "key", "status", "current_version_id"]).orderBy("id").execute(),
    versions: Number((await app.db.selectFrom("question_versions").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n),
  };
}

function question(key: string, overrides: Partial<ExchangeQuestion> = {}): ExchangeQuestion {
  return {
    key,
    topic: "civil-service",
    type: "single",
    difficulty: "easy",
    stem: `Câu hỏi nhập từ Excel ${key}?`,
    options: ["Phương án một", "Phương án hai", "Phương án ba"],
    correct: [1],
    explanation: "Giải thích của câu nhập.",
    basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2020-01-02" },
    tags: [],
    ...overrides,
  };
}

describe("the Excel template and exports", () => {
  it("gives organizers the template and both exports, and nobody else", async () => {
    const template = await organizer.get("/quan-ly/mau-cau-hoi.xlsx");
    expect(template.status).toBe(200);
    expect(template.headers.get("content-type")).toBe(XLSX);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    expect(workbook.worksheets[0].getRow(1).values).toContain("Nội dung câu hỏi");

    const yaml = await (await organizer.get(`/quan-ly/ngan-hang/${BANK}/xuat.yaml`)).text();
    expect(parseQuestionYaml(yaml).questions).toHaveLength(30);

    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    for (const path of ["/quan-ly/mau-cau-hoi.xlsx", `/quan-ly/ngan-hang/${BANK}/xuat.xlsx`, `/quan-ly/ngan-hang/${BANK}/xuat.yaml`, `/quan-ly/ngan-hang/${BANK}/nhap`]) {
      expect((await contestant.get(path)).status).toBe(403);
    }
    expect((await upload(contestant, "a.yaml", yaml, "import")).status).toBe(403);
  });

  it("refuses the template's own example rows, so they never land in a bank by mistake", async () => {
    const template = new Uint8Array(await (await organizer.get("/quan-ly/mau-cau-hoi.xlsx")).arrayBuffer());
    const response = await upload(organizer, "mau.xlsx", template, "import");
    expect(response.status).toBe(409);
    expect(await reportOf(response)).toContain("Đây là dòng ví dụ của tệp mẫu");
  });

  it("re-imports its own export without changing anything", async () => {
    const before = await snapshot();
    const exported = new Uint8Array(await (await organizer.get(`/quan-ly/ngan-hang/${BANK}/xuat.xlsx`)).arrayBuffer());
    const response = await upload(organizer, "xuat.xlsx", exported, "import");
    expect(response.status).toBe(200);
    expect(await reportOf(response)).toContain("Đã nhập: 0 câu mới, 0 câu có phiên bản mới, 30 câu không đổi.");
    expect(await snapshot()).toEqual(before);
  });
});

describe("importing a bank file", () => {
  it("refuses a file with any bad row, reports row and column, and writes nothing", async () => {
    const before = await snapshot();
    const data = await buildQuestionWorkbook([question("nhap-001"), question("nhap-002", { correct: [5] }), question("nhap-003")]);
    const response = await upload(organizer, "cau-hoi.xlsx", new Uint8Array(data), "import");
    expect(response.status).toBe(400);
    const html = await reportOf(response);
    expect(html).toContain("Tệp có lỗi. Chưa có câu hỏi nào được nhập.");
    expect(html).toMatch(/<td class="num" data-label="Dòng">3<\/td><td data-label="Cột">Đáp án đúng<\/td>/);
    expect(await snapshot()).toEqual(before);
  });

  it("checks first without writing, then imports all rows as drafts, flagging likely duplicates", async () => {
    const existing = await app.db
      .selectFrom("questions")
      .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
      .select(["questions.key", "v.stem"])
      .where("questions.key", "=", "test-010")
      .executeTakeFirstOrThrow();
    const rows = [
      question("nhap-101"),
      question("nhap-102", { type: "multiple", options: ["Một", "Hai", "Ba", "Bốn"], correct: [0, 2] }),
      // The same stem as test-010, typed without diacritics and in capitals.
      question("nhap-103", { stem: existing.stem.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").toUpperCase() }),
    ];
    const data = new Uint8Array(await buildQuestionWorkbook(rows));
    const before = await snapshot();
    const checked = await upload(organizer, "moi.xlsx", data, "check");
    expect(checked.status).toBe(200);
    const checkHtml = await reportOf(checked);
    expect(checkHtml).toContain("Tệp hợp lệ.");
    expect(checkHtml).toContain("Sẽ thêm 3 câu mới");
    expect(checkHtml).toContain("Có thể trùng với câu hỏi đã có");
    expect(checkHtml).toContain("test-010");
    expect(await snapshot()).toEqual(before);

    const imported = await upload(organizer, "moi.xlsx", data, "import", true);
    expect(imported.status).toBe(200);
    expect(await reportOf(imported)).toContain("Đã nhập: 3 câu mới");
    const created = await app.db.selectFrom("questions").select(["key", "status", "author_id"]).where("key", "like", "nhap-1%").orderBy("key").execute();
    expect(created.map((q) => [q.key, q.status])).toEqual([
      ["nhap-101", "in_review"],
      ["nhap-102", "in_review"],
      ["nhap-103", "in_review"],
    ]);
    expect(created.every((q) => q.author_id !== null)).toBe(true);
    // Each question's history and the bank's own say who imported what.
    const bankHistory = () =>
      app.db
        .selectFrom("bank_events")
        .innerJoin("question_banks as b", "b.id", "bank_events.bank_id")
        .select(["bank_events.action", "bank_events.details", "bank_events.actor_id"])
        .where("b.key", "=", BANK)
        .orderBy("bank_events.id")
        .execute();
    expect(await bankHistory()).toEqual([
      { action: "imported", details: { create: 3, update: 0, unchanged: 0, likelyDuplicates: 1, submitForReview: true }, actor_id: created[0].author_id },
    ]);
    const questionHistory = await app.db
      .selectFrom("question_events as e")
      .innerJoin("questions as q", "q.id", "e.question_id")
      .select(["q.key", "e.action", "e.to_status", "e.actor_id"])
      .where("q.key", "like", "nhap-1%")
      .orderBy("q.key")
      .execute();
    expect(questionHistory).toEqual(created.map((q) => ({ key: q.key, action: "imported", to_status: "in_review", actor_id: q.author_id })));

    // Importing the same file again changes nothing, and logs nothing.
    const after = await snapshot();
    expect(await reportOf(await upload(organizer, "moi.xlsx", data, "import"))).toContain("0 câu mới, 0 câu có phiên bản mới, 3 câu không đổi");
    expect(await snapshot()).toEqual(after);
    expect(await bankHistory()).toHaveLength(1);
  });

  it("stores a changed row of a known key as a new version that needs review again", async () => {
    const { questions } = parseQuestionYaml(await (await organizer.get(`/quan-ly/ngan-hang/${BANK}/xuat.yaml`)).text());
    const target = questions.find((q) => q.key === "test-020")!;
    const { row: _row, ...content } = target;
    const data = new Uint8Array(await buildQuestionWorkbook([{ ...content, explanation: `${content.explanation} Bổ sung.` }]));
    const response = await upload(organizer, "sua.xlsx", data, "import");
    expect(await reportOf(response)).toContain("0 câu mới, 1 câu có phiên bản mới");
    const q = await app.db
      .selectFrom("questions")
      .innerJoin("question_versions as v", "v.id", "questions.current_version_id")
      .select(["questions.status", "v.version_no", "v.explanation"])
      .where("questions.key", "=", "test-020")
      .executeTakeFirstOrThrow();
    expect(q).toEqual({ status: "draft", version_no: 2, explanation: `${content.explanation} Bổ sung.` });
  });

  it("accepts YAML in the question-banks format", async () => {
    const yaml = `topic: indices
questions:
  - key: yaml-001
    type: true_false
    difficulty: easy
    stem: Câu hỏi Đúng/Sai nhập từ YAML?
    options: [Đúng, Sai]
    correct: B
    explanation: Giải thích.
    basis:
      document: Văn bản kiểm thử
      issuer: Ban kiểm thử
      date: "2021-07-15"
`;
    const response = await upload(organizer, "chi-so.yaml", yaml, "import");
    expect(await reportOf(response)).toContain("Đã nhập: 1 câu mới");
    const bad = await upload(organizer, "loi.yml", yaml.replace("correct: B", "correct: [B"), "import");
    expect(bad.status).toBe(400);
    expect(await reportOf(bad)).toContain("Tệp có lỗi");
  });

  it("refuses wrong types, disguised files, empty and oversized files with clear messages", async () => {
    const before = await snapshot();
    const cases: [string, Uint8Array | string, string][] = [
      ["cau-hoi.csv", "a,b,c", "Chỉ nhận tệp Excel soạn theo tệp mẫu, hoặc tệp văn bản xuất từ một ngân hàng câu hỏi."],
      ["cau-hoi.xlsx", "Mã câu hỏi,Nội dung\nx,y", "Tệp không phải là tệp Excel hợp lệ."],
      ["cau-hoi.xls", "binary", "Tệp Excel 97–2003 chưa được hỗ trợ"],
      ["trong.yaml", new Uint8Array(), "Tệp rỗng."],
      ["latin1.yaml", new Uint8Array([0x74, 0x6f, 0x70, 0x69, 0x63, 0x3a, 0x20, 0xe9, 0xff]), "bảng mã Unicode"],
      ["lon.xlsx", new Uint8Array(6 * 1024 * 1024), "Tệp quá lớn: tối đa 5 MB."],
    ];
    for (const [name, data, message] of cases) {
      const response = await upload(organizer, name, data, "import");
      expect({ name, status: response.status >= 400 }).toEqual({ name, status: true });
      expect(await response.text(), name).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("creating a bank", () => {
  it("makes an empty bank recorded in its history with who made it, and refuses a code already used", async () => {
    const create = () =>
      organizer.request("/quan-ly/ngan-hang", {
        method: "POST",
        body: new URLSearchParams({ intent: "create-bank", key: "ngan-hang-xa", title: "Ngân hàng của xã", description: "", reviewerMustDiffer: "on" }),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    const made = await create();
    expect(made.status).toBe(200);
    expect(await made.text()).toContain("Đã tạo ngân hàng ngan-hang-xa");
    const bank = await app.db.selectFrom("question_banks").select(["id", "title", "reviewer_must_differ"]).where("key", "=", "ngan-hang-xa").executeTakeFirstOrThrow();
    expect(bank).toMatchObject({ title: "Ngân hàng của xã", reviewer_must_differ: true });
    const organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
    const history = () => app.db.selectFrom("bank_events").select(["action", "actor_id"]).where("bank_id", "=", bank.id).execute();
    expect(await history()).toEqual([{ action: "created", actor_id: organizerId }]);

    const again = await create();
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("Mã ngân hàng này đã được dùng");
    expect(await history()).toHaveLength(1);
  });
});
