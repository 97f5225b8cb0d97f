import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { computeProposal } from "~/awards/commendation.server";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Issue 14 over HTTP on real PostgreSQL: a minimum score per prize tier (set in the form, kept by
// the proposal and its files), "Loại…" on a row of the proposal (reason required, logged, the
// person leaves the proposal, also without JavaScript), and a winner's own certificate linked
// from the public results page, which nobody else can get by changing the address.

let app: TestApp;
let contestId: number;
let roundId: number;
const slug = "thi-diem-toi-thieu";
const people = new Map<string, number>();
let organizer: TestClient;
let winner: TestClient; // the demo contestant: first
let second: TestClient; // another winner with a login of her own
let loser: TestClient; // takes part, wins nothing

const page = () => `/quan-ly/cuoc-thi/${contestId}/khen-thuong`;
const ACTION_DATA = `?index&_data=${encodeURIComponent("routes/quan-ly.cuoc-thi.$id.khen-thuong._index")}`;
const post = (client: TestClient, fields: Record<string, string | number>) =>
  client.postForm(`${page()}${ACTION_DATA}`, fields).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; message: string } }));
const f = (name: string) => `round:${roundId}.all.${name}`;
/** One round, 20 questions of 5 points (full marks 100): 1 Nhất, 1 Nhì, 1 Ba, 4 Khuyến khích: a prize for each of the seven. */
const structure = (minimums: Record<string, string | number> = {}) => ({
  intent: "structure",
  [f("enabled")]: "on",
  [f("first")]: 1,
  [f("second")]: 1,
  [f("third")]: 1,
  [f("consolation")]: 4,
  ...Object.fromEntries(Object.entries(minimums).map(([k, v]) => [f(k), v])),
});
const winnersNow = async () => (await computeProposal(app.db, contestId)).scopes[0].winners.map((w) => [w.fullName, w.tier]);

async function login(email: string) {
  const client = app.client();
  await client.login(email, DEMO_PASSWORD);
  return client;
}

async function pdfText(data: ArrayBuffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(data)), { mergePages: true });
  return text.normalize("NFC");
}

beforeAll(async () => {
  app = await startTestApp();
  const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();
  const province = await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  ({ id: contestId } = await app.db
    .insertInto("contests")
    .values({ slug, title: "Hội thi có điểm sàn", rules: "Thể lệ", owner_unit_id: province.id, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow());
  const { id: groupId } = await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow();
  await app.db.insertInto("contest_group_units").values({ group_id: groupId, unit_id: province.id }).execute();
  const now = Date.now();
  ({ id: roundId } = await app.db
    .insertInto("rounds")
    .values({
      contest_id: contestId,
      number: 1,
      title: "Tuần 1",
      opens_at: new Date(now - 3 * 86_400_000),
      closes_at: new Date(now - 86_400_000),
      time_limit_seconds: 900,
      bank_id: demo.bank_id,
      question_count: 20,
      blueprint: JSON.stringify(demo.blueprint),
      points_per_question: 5,
      max_entries: 3,
    })
    .returning("id")
    .executeTakeFirstOrThrow());

  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
  for (const [key, fullName, email] of [
    ["second", "Trần Thị Nhì", "nhi@example.vn"],
    ["loser", "Đỗ Văn Trượt", "truot@example.vn"],
  ]) {
    await createAccount(app.db, { fullName, login: { kind: "email", email }, password: DEMO_PASSWORD, unitId: unit.id });
    people.set(key, (await app.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id);
  }
  people.set("winner", (await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow()).id);
  for (const [key, fullName] of [
    ["third", "Phan Văn Ba"],
    ["cheat", "Lý Văn Gian"],
    ["fifty", "Mai Thị Năm Mươi"],
    ["five", "Cao Văn Năm"],
  ]) {
    const { id } = await app.db.insertInto("users").values({ full_name: fullName, email: `${key}@example.vn`, password_hash: "x", unit_id: unit.id }).returning("id").executeTakeFirstOrThrow();
    people.set(key, id);
  }
  // Scores out of 100, every key distinct: no ties.
  const scores: [string, number][] = [
    ["cheat", 95],
    ["winner", 90],
    ["second", 85],
    ["third", 80],
    ["fifty", 50],
    ["loser", 45],
    ["five", 5],
  ];
  for (const [i, [key, score]] of scores.entries()) {
    const userId = people.get(key)!;
    await app.db.insertInto("contest_participants").values({ contest_id: contestId, user_id: userId, group_id: groupId }).onConflict((oc) => oc.doNothing()).execute();
    const finishedAt = new Date(now - 2 * 86_400_000 + i * 1000);
    await app.db
      .insertInto("entries")
      .values({
        round_id: roundId,
        user_id: userId,
        attempt_no: 1,
        status: "submitted",
        started_at: new Date(finishedAt.getTime() - 60_000),
        deadline: new Date(finishedAt.getTime() + 600_000),
        finished_at: finishedAt,
        question_count: 20,
        score,
        correct_count: score / 5,
        duration_ms: 60_000,
        group_id: groupId,
      })
      .execute();
  }
  await rebuildRankings(app.db, { contestId });
  organizer = await login("bantochuc@demo.cchc.vn");
  winner = await login("thisinh@demo.cchc.vn");
  second = await login("nhi@example.vn");
  loser = await login("truot@example.vn");
});
afterAll(() => app?.close());

describe("a minimum score per prize tier", () => {
  it("without one, the last consolation prize goes to 5 out of 100", async () => {
    expect((await post(organizer, structure())).status).toBe(200);
    expect(await winnersNow()).toContainEqual(["Cao Văn Năm", "consolation"]);
  });

  it("refuses minimums that do not hold, in Vietnamese, and keeps what was typed without JavaScript", async () => {
    const percent = await post(organizer, structure({ minUnit: "percent", min_consolation: 150 }));
    expect(percent).toMatchObject({ status: 400, body: { message: "Điểm tối thiểu của Giải Khuyến khích tính theo phần trăm nên không được quá 100%." } });
    const aboveFullMarks = await post(organizer, structure({ minUnit: "points", min_consolation: 120 }));
    expect(aboveFullMarks).toMatchObject({ status: 400, body: { message: "Điểm tối thiểu của Giải Khuyến khích (120 điểm) lớn hơn điểm tối đa của Đợt 1 (100 điểm)." } });
    const upsideDown = await post(organizer, structure({ minUnit: "points", min_first: 40, min_consolation: 50 }));
    expect(upsideDown.body.message).toBe("Điểm tối thiểu của Giải Nhất (40 điểm) không được thấp hơn của Giải Khuyến khích (50 điểm).");
    const document = await organizer.postForm(`${page()}?index`, structure({ minUnit: "points", min_consolation: 120 }));
    expect(document.status).toBe(400);
    const html = await document.text();
    expect(html).toContain("lớn hơn điểm tối đa của Đợt 1");
    expect(html).toMatch(new RegExp(`name="${f("min_consolation")}"[^>]*value="120"`));
  });

  it("gives no consolation prize below 50 %: the next tier's places stay empty and the page says why", async () => {
    expect((await post(organizer, structure({ minUnit: "percent", min_consolation: 50 }))).status).toBe(200);
    expect(await winnersNow()).toEqual([
      ["Lý Văn Gian", "first"],
      ["Lê Thị Thí Sinh", "second"],
      ["Trần Thị Nhì", "third"],
      ["Phan Văn Ba", "consolation"],
      ["Mai Thị Năm Mươi", "consolation"],
    ]);
    const html = await (await organizer.get(page())).text();
    expect(html).toContain("2 giải Khuyến khích không trao vì không có người đạt điểm tối thiểu.");
    expect(html).toContain("Giải Khuyến khích: từ 50 điểm");
    // The prize structure comes before publication on the page.
    expect(html.indexOf("<h2>Cơ cấu giải thưởng</h2>")).toBeGreaterThan(-1);
    expect(html.indexOf("<h2>Cơ cấu giải thưởng</h2>")).toBeLessThan(html.indexOf("<h2>Công bố kết quả</h2>"));
    // The form shows the saved minimum.
    expect(html).toMatch(new RegExp(`name="${f("min_consolation")}"[^>]*value="50"`));
  });

  it("lets a person below a tier's minimum take a lower tier, and keeps the files to the proposal", async () => {
    // Nhất needs 99: nobody reaches it; the 95 starts the Nhì places.
    expect((await post(organizer, structure({ minUnit: "points", min_first: 99, min_consolation: 50 }))).status).toBe(200);
    expect((await winnersNow()).slice(0, 3)).toEqual([
      ["Lý Văn Gian", "second"],
      ["Lê Thị Thí Sinh", "third"],
      ["Trần Thị Nhì", "consolation"],
    ]);
    const response = await organizer.get(`${page()}/de-nghi.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.worksheets[0].eachRow((row) => cells.push((row.values as unknown[]).map((v) => String(v ?? "")).join("|")));
    expect(cells.join("\n")).not.toContain("Cao Văn Năm");
    expect(cells.join("\n")).not.toContain("Giải Nhất");
    const pdf = await pdfText(await (await organizer.get(`${page()}/de-nghi.pdf?pham-vi=0`)).arrayBuffer());
    expect(pdf).toContain("Mai Thị Năm Mươi");
    expect(pdf).not.toContain("Cao Văn Năm");
    expect((await post(organizer, structure({ minUnit: "percent", min_consolation: 50 }))).status).toBe(200);
  });
});

describe("“Loại…” on a row of the proposal", () => {
  const row = () => ({ intent: "disqualify-row", row: `round:${roundId}/0/${people.get("cheat")}`, userId: people.get("cheat")!, kind: "person" });

  it("is on every row the organizer may change, with a confirm step that says what it does", async () => {
    const html = await (await organizer.get(page())).text();
    expect(html.match(/data-testid="disqualify-row"/g)?.length).toBe(5);
    expect(html).toContain("Lý Văn Gian rời khỏi bảng xếp hạng xét giải và danh sách đề nghị khen thưởng");
    expect(html).toContain("Xác nhận loại");
    // The entry-code form nobody could fill is gone.
    expect(html).not.toContain("Mã bài thi");
  });

  it("refuses without a reason: nothing recorded; without JavaScript the row's step comes back open with what was typed", async () => {
    expect((await post(organizer, { ...row(), reason: "" })).status).toBe(400);
    const short = await post(organizer, { ...row(), reason: "gian lận" });
    expect(short).toMatchObject({ status: 400, body: { ok: false } });
    expect(short.body.message).toContain("lý do loại");
    const document = await organizer.postForm(`${page()}?index`, { ...row(), reason: "gian lận" });
    expect(document.status).toBe(400);
    const html = await document.text();
    expect(html).toMatch(/<details class="row-action" open="" data-testid="disqualify-row">/);
    expect(html).toContain(">gian lận</textarea>");
    expect(await app.db.selectFrom("contest_disqualifications").select("id").where("contest_id", "=", contestId).execute()).toEqual([]);
  });

  it("with a reason: recorded and logged, the person leaves the proposal and the next one moves up", async () => {
    const reason = "Nhờ người khác thi hộ, có biên bản xác minh";
    const done = await post(organizer, { ...row(), reason });
    expect(done).toMatchObject({ status: 200, body: { ok: true, message: "Đã loại người dự thi khỏi xét giải; người xếp sau được xét thay. Đề nghị khen thưởng được tính lại." } });
    const log = await app.db.selectFrom("contest_log").select(["action", "reason", "actor_id"]).where("contest_id", "=", contestId).where("action", "=", "awards.disqualified_person").execute();
    expect(log).toHaveLength(1);
    expect(log[0].reason).toBe(reason);
    expect(await winnersNow()).toEqual([
      ["Lê Thị Thí Sinh", "first"],
      ["Trần Thị Nhì", "second"],
      ["Phan Văn Ba", "third"],
      ["Mai Thị Năm Mươi", "consolation"],
    ]);
    const html = await (await organizer.get(page())).text();
    expect(html).toContain(`Không xét: Lý Văn Gian (Bị loại (cá nhân): ${reason})`);
    // A leader reads the page but has no "Loại…".
    const leader = await login("lanhdao@demo.cchc.vn");
    expect(await (await leader.get(page())).text()).not.toContain('data-testid="disqualify-row"');
    expect((await leader.postForm(`${page()}?index`, { ...row(), reason })).status).toBe(403);
  });
});

describe("a winner's certificate from the public results page", () => {
  beforeAll(async () => {
    expect((await post(organizer, { intent: "publish", confirm: "on" })).status).toBe(200);
  });

  it("links the winner's own certificate, and shows no link to anyone else", async () => {
    const mine = await (await winner.get(`/cuoc-thi/${slug}/ket-qua`)).text();
    expect(mine).toContain("Chúc mừng! Bạn đạt Giải Nhất – Đợt 1: Tuần 1.");
    expect(mine).toContain(`href="/cuoc-thi/${slug}/giay-chung-nhan">Tải giấy chứng nhận</a>`);
    for (const client of [loser, app.client(), organizer]) {
      const html = await (await client.get(`/cuoc-thi/${slug}/ket-qua`)).text();
      expect(html).toContain("Lê Thị Thí Sinh");
      expect(html).not.toContain("Tải giấy chứng nhận");
    }
  });

  it("gives the owner their certificate and no one else's, whatever the address says", async () => {
    const own = await winner.get(`/cuoc-thi/${slug}/giay-chung-nhan`);
    expect(own.status).toBe(200);
    const ownText = await pdfText(await own.arrayBuffer());
    expect(ownText).toContain("Lê Thị Thí Sinh");
    expect(ownText).not.toContain("Trần Thị Nhì");

    // Another winner asking with the first one's id in the address still gets only her own.
    for (const query of ["", `?userId=${people.get("winner")}`, `?nguoi=${people.get("winner")}`, `?id=${people.get("winner")}&phien-ban=1`]) {
      const response = await second.get(`/cuoc-thi/${slug}/giay-chung-nhan${query}`);
      expect(response.status).toBe(200);
      const text = await pdfText(await response.arrayBuffer());
      expect(text).toContain("Trần Thị Nhì");
      expect(text).not.toContain("Lê Thị Thí Sinh");
    }
  });

  it("refuses another contestant who won nothing, and sends an anonymous visitor to log in", async () => {
    for (const query of ["", `?userId=${people.get("winner")}`]) {
      const refused = await loser.get(`/cuoc-thi/${slug}/giay-chung-nhan${query}`);
      expect(refused.status).toBe(404);
      const body = await refused.text();
      expect(body).toContain("không có tên trong danh sách đạt giải");
      expect(body).not.toContain("Lê Thị Thí Sinh");
    }
    // The organizers' file of every certificate stays theirs.
    expect((await loser.get(`${page()}/giay-chung-nhan.pdf`)).status).toBe(403);
    const anonymous = await app.client().get(`/cuoc-thi/${slug}/giay-chung-nhan`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/dang-nhap");
  });
});
