import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { DEMO_CONTEST_SLUG } from "~/demo/seed-demo.server";
import { allUnitRows } from "~/rankings/rankings.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Units' staff lists (rosters) over HTTP: a refused file writes nothing and says which row and
// column; an accepted one is written; a second file shows the difference before it replaces the
// list; leaders import only inside their subtree; the participation headcount follows the roster;
// CCCDs are shown in full only to organizers and the unit's leaders.

const HEADERS = ["Họ và tên", "Ngày sinh", "Số CCCD", "Số điện thoại", "Chức vụ"];
type Cell = string | number | null;

let app: TestApp;
let organizer: TestClient;
let snvLeader: TestClient;
let wardLeader: TestClient;
let contestant: TestClient;
const unit: Record<string, { id: number; headcount: number }> = {};

beforeAll(async () => {
  app = await startTestApp();
  for (const u of await app.db.selectFrom("units").select(["id", "code", "headcount"]).execute()) unit[u.code] = u;
  await createAccount(app.db, { fullName: "Lãnh Đạo Sở Nội Vụ", login: { kind: "email", email: "lanhdao-snv@roster.example.vn" }, password: DEMO_PASSWORD, unitId: unit["MH-SNV"].id, role: "leader" });
  const login = async (email: string) => {
    const client = app.client();
    await client.login(email, DEMO_PASSWORD);
    return client;
  };
  organizer = await login("bantochuc@demo.cchc.vn");
  snvLeader = await login("lanhdao-snv@roster.example.vn");
  wardLeader = await login("lanhdao@demo.cchc.vn"); // leads a ward, outside Sở Nội vụ
  contestant = await login("thisinh@demo.cchc.vn"); // of Xã Tân Phú
});
afterAll(() => app.close());

async function workbook(rows: Cell[][], headers: string[] = HEADERS): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Danh sách");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const importPath = (code: string) => `/quan-ly/don-vi/${unit[code].id}/danh-sach/nhap`;
const listPath = (code: string) => `/quan-ly/don-vi/${unit[code].id}/danh-sach`;

function upload(client: TestClient, code: string, data: Uint8Array, intent: "check" | "apply", token?: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(data)]), "danh-sach.xlsx");
  form.append("intent", intent);
  if (token) form.append("token", token);
  return client.request(importPath(code), { method: "POST", body: form });
}

const rosterOf = (code: string) =>
  app.db.selectFrom("roster_entries").select(["id", "full_name", "cccd", "phone", "position", "imported_by"]).where("unit_id", "=", unit[code].id).orderBy("id").execute();
const rosterSize = async (code: string) => (await app.db.selectFrom("units").select("roster_size").where("id", "=", unit[code].id).executeTakeFirstOrThrow()).roster_size;
const countEvents = async () => Number((await app.db.selectFrom("unit_events").select((eb) => eb.fn.countAll<string>().as("n")).where("action", "=", "roster.imported").executeTakeFirstOrThrow()).n);
const tokenIn = (html: string) => /name="token" value="([0-9a-f]+)"/.exec(html)?.[1];
const problem = (row: number, column: string) => new RegExp(`<td class="num" data-label="Dòng">${row}</td><td data-label="Cột">${column}</td><td data-label="Lỗi">([^<]*)</td>`);

const FIRST: Cell[][] = [
  ["Đặng Thị Ánh", "05/09/1985", "087190001234", "0912345678", "Trưởng phòng"],
  ["Lê Văn Bình", null, null, "+84 987 654 321", "Chuyên viên"],
  ["Trần Văn Cường", null, "093200123456", null, null],
];

describe("importing a unit's roster", () => {
  it("refuses a file with bad rows, naming row and column, and writes nothing", async () => {
    const events = await countEvents();
    const data = await workbook([
      ["Đặng Thị Ánh", null, "08719000123", null, null], // 11 digits
      ["Lê Văn Bình", null, "003190001234", null, null], // no such province
      ["Trần Văn Cường", "31/02/1990", null, "0912345678", null],
      ["Phạm Dũng", null, null, "0912 345 678", null], // same phone as row 4
      ["Hoàng Em", null, null, null, "Văn thư"], // neither CCCD nor phone
    ]);
    const response = await upload(organizer, "MH-SNV-CCHC", data, "apply");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Tệp có lỗi. Danh sách của đơn vị chưa thay đổi gì.");
    expect(html).toMatch(problem(2, "Số CCCD"));
    expect(html.match(problem(2, "Số CCCD"))![1]).toContain("12 chữ số");
    expect(html.match(problem(3, "Số CCCD"))![1]).toContain("không phải mã tỉnh");
    expect(html).toMatch(problem(4, "Ngày sinh"));
    expect(html.match(problem(5, "Số điện thoại"))![1]).toContain("trùng với dòng 4");
    expect(html.match(problem(6, "Số CCCD"))![1]).toContain("Cần ít nhất một trong hai");
    expect(await rosterOf("MH-SNV-CCHC")).toEqual([]);
    expect(await rosterSize("MH-SNV-CCHC")).toBeNull();
    expect(await countEvents()).toBe(events);
  });

  it("offers a template with the five columns", async () => {
    for (const client of [organizer, snvLeader]) {
      const response = await client.get("/quan-ly/mau-danh-sach-can-bo.xlsx");
      expect(response.status).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await response.arrayBuffer());
      expect([1, 2, 3, 4, 5].map((c) => book.worksheets[0].getRow(1).getCell(c).value)).toEqual(HEADERS);
    }
    expect((await contestant.get("/quan-ly/mau-danh-sach-can-bo.xlsx")).status).toBe(403);
  });

  it("accepts a good first list at once, normalised, logged, and the headcount follows it", async () => {
    const contest = await app.db.selectFrom("contests").select("id").where("slug", "=", DEMO_CONTEST_SLUG).executeTakeFirstOrThrow();
    const headcountOf = async (code: string) => (await allUnitRows(app.db, { scope: { kind: "contest", contestId: contest.id } })).find((r) => r.unitId === unit[code].id)!.headcount;
    const snvBefore = await headcountOf("MH-SNV");
    expect(await headcountOf("MH-SNV-CCHC")).toBe(unit["MH-SNV-CCHC"].headcount);

    const response = await upload(organizer, "MH-SNV-CCHC", await workbook(FIRST), "apply");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Đã cập nhật danh sách: 3 người thêm, 0 người thay đổi thông tin, 0 người bỏ khỏi danh sách, 0 giữ nguyên.");
    const roster = await rosterOf("MH-SNV-CCHC");
    expect(roster.map((r) => [r.full_name, r.cccd, r.phone])).toEqual([
      ["Đặng Thị Ánh", "087190001234", "0912345678"],
      ["Lê Văn Bình", null, "0987654321"],
      ["Trần Văn Cường", "093200123456", null],
    ]);
    expect(await rosterSize("MH-SNV-CCHC")).toBe(3);
    expect(await countEvents()).toBe(1);

    // Participation: the unit counts its 3 listed people instead of its typed 9, and its parent's subtree with it.
    expect(await headcountOf("MH-SNV-CCHC")).toBe(3);
    expect(await headcountOf("MH-SNV")).toBe(snvBefore - unit["MH-SNV-CCHC"].headcount + 3);
    // A unit without a roster keeps its typed headcount.
    expect(await headcountOf("MH-SNV-TCBC")).toBe(unit["MH-SNV-TCBC"].headcount);
    expect(await (await organizer.get(`/quan-ly/don-vi/${unit["MH-SNV-CCHC"].id}`)).text()).toContain("Danh sách có 3 người");
  });

  it("refuses a CCCD or phone already on another unit's roster, naming that unit", async () => {
    const data = await workbook([
      ["Người Khác", null, "087190001234", null, null],
      ["Người Nữa", null, null, "0987654321", null],
    ]);
    const response = await upload(organizer, "MH-SNV-TCBC", data, "check");
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html.match(problem(2, "Số CCCD"))![1]).toContain("Phòng Cải cách hành chính");
    expect(html.match(problem(3, "Số điện thoại"))![1]).toContain("Phòng Cải cách hành chính");
    expect(await rosterOf("MH-SNV-TCBC")).toEqual([]);
  });

  it("shows the difference of a new list, then replaces the roster only once it was seen", async () => {
    const before = await rosterOf("MH-SNV-CCHC");
    const second = await workbook([
      ["Đặng Thị Ánh", "05/09/1985", "087190001234", "0912345678", "Phó Giám đốc"], // position changed
      ["Lê Văn Bình", null, "001085012345", "0987654321", "Chuyên viên"], // CCCD added
      ["Vũ Thị Giang", null, null, "0933333333", "Kế toán"], // new; Trần Văn Cường removed
    ]);

    const checked = await upload(snvLeader, "MH-SNV-CCHC", second, "check");
    expect(checked.status).toBe(200);
    const html = await checked.text();
    expect(html).toContain("1 người thêm, 2 người thay đổi thông tin, 1 người bỏ khỏi danh sách, 0 giữ nguyên");
    expect(html).toContain("Chức vụ: Trưởng phòng → Phó Giám đốc");
    expect(html).toContain("Số CCCD: (trống) → 001085012345");
    expect(html).toMatch(/data-testid="roster-removed"[\s\S]*Trần Văn Cường/);
    expect(html).toMatch(/data-testid="roster-added"[\s\S]*Vũ Thị Giang/);
    const token = tokenIn(html);
    expect(token).toBeTruthy();
    expect(await rosterOf("MH-SNV-CCHC")).toEqual(before);

    // Replacing without having seen the difference: shown again, nothing written.
    const blind = await upload(snvLeader, "MH-SNV-CCHC", second, "apply");
    expect(blind.status).toBe(409);
    expect(await blind.text()).toContain("Danh sách hiện có sẽ được thay thế");
    expect(await rosterOf("MH-SNV-CCHC")).toEqual(before);

    const applied = await upload(snvLeader, "MH-SNV-CCHC", second, "apply", token);
    expect(applied.status).toBe(200);
    expect(await applied.text()).toContain("Đã cập nhật danh sách: 1 người thêm, 2 người thay đổi thông tin, 1 người bỏ khỏi danh sách");
    const after = await rosterOf("MH-SNV-CCHC");
    expect(after.map((r) => r.full_name)).toEqual(["Đặng Thị Ánh", "Lê Văn Bình", "Vũ Thị Giang"]);
    // Kept people keep their row (a later link to their account survives a re-import).
    expect(after[0].id).toBe(before[0].id);
    expect(after[1].id).toBe(before[1].id);
    expect(after[0].position).toBe("Phó Giám đốc");
    expect(await rosterSize("MH-SNV-CCHC")).toBe(3);

    // The same file again: nothing changes and nothing is logged.
    const events = await countEvents();
    const again = await upload(snvLeader, "MH-SNV-CCHC", second, "apply");
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Danh sách đã giống tệp: không có gì thay đổi.");
    expect(await countEvents()).toBe(events);
  });

  it("lets two listed people swap their phones in one re-import", async () => {
    const first = await workbook([
      ["Ngô Văn Hải", null, "001085000001", "0961111111", null],
      ["Ngô Thị Hà", null, "001085000002", "0962222222", null],
    ]);
    expect((await upload(organizer, "MH-SNV-CCVC", first, "apply")).status).toBe(200);
    const swapped = await workbook([
      ["Ngô Văn Hải", null, "001085000001", "0962222222", null],
      ["Ngô Thị Hà", null, "001085000002", "0961111111", null],
    ]);
    const token = tokenIn(await (await upload(organizer, "MH-SNV-CCVC", swapped, "check")).text());
    const applied = await upload(organizer, "MH-SNV-CCVC", swapped, "apply", token);
    expect(applied.status).toBe(200);
    expect((await rosterOf("MH-SNV-CCVC")).map((r) => [r.full_name, r.phone])).toEqual([
      ["Ngô Văn Hải", "0962222222"],
      ["Ngô Thị Hà", "0961111111"],
    ]);
  });

  it("lets a leader import only inside their own subtree", async () => {
    const data = await workbook([["Người Phường", null, null, "0944444444", null]]);
    // The ward's leader and Sở Nội vụ: outside their subtree.
    expect((await wardLeader.get(importPath("MH-SNV-CCHC"))).status).toBe(403);
    expect((await upload(wardLeader, "MH-SNV-CCHC", data, "apply")).status).toBe(403);
    // Sở Nội vụ's leader and the ward: outside too.
    expect((await upload(snvLeader, "MH-P-MHA", data, "apply")).status).toBe(403);
    expect((await upload(contestant, "MH-X-TPH", data, "apply")).status).toBe(403);
    expect(await rosterOf("MH-P-MHA")).toEqual([]);
    expect(await rosterOf("MH-X-TPH")).toEqual([]);
    // The ward's leader, their own ward: allowed.
    expect((await upload(wardLeader, "MH-P-MHA", data, "apply")).status).toBe(200);
    expect((await rosterOf("MH-P-MHA")).map((r) => r.full_name)).toEqual(["Người Phường"]);
    // An id that names no unit.
    expect((await organizer.get("/quan-ly/don-vi/99999999/danh-sach")).status).toBe(404);
  });
});

describe("reading a roster", () => {
  const CCCD = "087190001234";
  it("shows CCCD, phone and date of birth in full to organizers and the unit's leaders", async () => {
    for (const client of [organizer, snvLeader]) {
      const response = await client.get(listPath("MH-SNV-CCHC"));
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(CCCD);
      expect(html).toContain("0912345678");
      expect(html).toContain("05/09/1985");
    }
  });

  it("masks them for another unit's leader and for a contestant of the unit, and shows nothing to others", async () => {
    const other = await wardLeader.get(listPath("MH-SNV-CCHC"));
    expect(other.status).toBe(200);
    const html = await other.text();
    expect(html).toContain("Đặng Thị Ánh");
    expect(html).toContain("0xx••••••234");
    expect(html).not.toContain(CCCD);
    expect(html).not.toContain("0912345678");
    expect(html).not.toContain("1985");

    // The contestant sees their own unit's list, masked; not another unit's.
    await upload(organizer, "MH-X-TPH", await workbook([["Lê Thị Thí Sinh", "01/01/1990", "096200123456", "0955555555", "Công chức"]]), "apply");
    const own = await (await contestant.get(listPath("MH-X-TPH"))).text();
    expect(own).toContain("Lê Thị Thí Sinh");
    expect(own).toContain("0xx••••••456");
    expect(own).not.toContain("096200123456");
    expect(own).not.toContain("0955555555");
    expect((await contestant.get(listPath("MH-SNV-CCHC"))).status).toBe(403);
    expect((await app.client().get(listPath("MH-SNV-CCHC"))).status).toBe(302);
  });
});

describe("merging units", () => {
  it("moves the roster to the receiving unit, whose size follows", async () => {
    const { mergeUnits } = await import("~/units/unit-admin.server");
    const actor = await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow();
    await mergeUnits({ db: app.db, io: undefined }, unit["MH-SNV-CCHC"].id, unit["MH-SNV-TCBC"].id, { actorId: actor.id, reason: "Hợp nhất hai phòng theo quyết định" });
    expect(await rosterSize("MH-SNV-CCHC")).toBeNull();
    expect(await rosterSize("MH-SNV-TCBC")).toBe(3);
    expect((await rosterOf("MH-SNV-TCBC")).map((r) => r.full_name)).toContain("Vũ Thị Giang");
  });
});
