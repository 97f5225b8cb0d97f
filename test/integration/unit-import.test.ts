import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insertUnitTree } from "~/units/units.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

const HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại đơn vị", "Số biên chế"];
const IMPORT_PATH = "/quan-ly/don-vi/nhap";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

type Cell = string | number | null | ExcelJS.CellValue;

let app: TestApp;
let organizer: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  const cu = await insertUnitTree(app.db, { code: "MH-CU", name: "Sở cũ", kind: "department", headcount: 3 }, await parentRef("MH"));
  const stp = await app.db.selectFrom("units").select("id").where("code", "=", "MH-STP").executeTakeFirstOrThrow();
  await app.db.updateTable("units").set({ retired_at: new Date(), merged_into_id: stp.id }).where("id", "=", cu.id).execute();
});
afterAll(() => app.close());

async function parentRef(code: string) {
  return app.db.selectFrom("units").select(["id", "path", "depth"]).where("code", "=", code).executeTakeFirstOrThrow();
}

async function workbook(rows: Cell[][], headers: string[] = HEADERS): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Đơn vị");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function upload(client: TestClient, name: string, data: Uint8Array, intent: "check" | "apply") {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(data)]), name);
  form.append("intent", intent);
  return client.request(IMPORT_PATH, { method: "POST", body: form });
}

/** The whole units table (what an import may change), to compare before and after. */
const snapshot = () => app.db.selectFrom("units").select(["id", "parent_id", "code", "name", "kind", "headcount", "path", "depth", "retired_at"]).orderBy("id").execute();
const countEvents = async () => Number((await app.db.selectFrom("unit_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
const unitByCode = (code: string) => app.db.selectFrom("units").selectAll().where("code", "=", code).executeTakeFirstOrThrow();

async function expectConsistentPaths() {
  const units = await app.db.selectFrom("units").select(["id", "parent_id", "path", "depth"]).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const unit of units) {
    const parent = unit.parent_id === null ? null : byId.get(unit.parent_id)!;
    expect(unit.path).toBe(`${parent?.path ?? ""}${unit.id}.`);
    expect(unit.depth).toBe(parent ? parent.depth + 1 : 0);
  }
}

/** The report row for a problem: row, column, message. */
const problem = (row: number, column: string) => new RegExp(`<td class="num" data-label="Dòng">${row}</td><td data-label="Cột">${column}</td><td data-label="Lỗi">([^<]*)</td>`);

async function readSheet(response: Response): Promise<Cell[][]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const rows: Cell[][] = [];
  book.worksheets[0].eachRow((row) => rows.push([1, 2, 3, 4, 5].map((c) => row.getCell(c).value)));
  return rows;
}

describe("the template and the export", () => {
  it("offers an empty template with the five columns, a guide and the kinds", async () => {
    const response = await organizer.get("/quan-ly/mau-don-vi.xlsx");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(XLSX);
    expect(response.headers.get("content-disposition")).toMatch(/attachment/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(["Đơn vị", "Hướng dẫn", "Loại đơn vị"]);
    expect([1, 2, 3, 4, 5].map((c) => book.worksheets[0].getRow(1).getCell(c).value)).toEqual(HEADERS);
    expect(book.worksheets[0].rowCount).toBe(1);
  });

  it("exports the active tree, parents before children, without retired units", async () => {
    const rows = await readSheet(await organizer.get("/quan-ly/don-vi/xuat.xlsx"));
    expect(rows[0]).toEqual(HEADERS);
    const codes = rows.slice(1).map((r) => r[0]);
    expect(codes).toContain("MH-SNV-CCHC");
    expect(codes).not.toContain("MH-CU");
    expect(rows.find((r) => r[0] === "MH-SNV")).toEqual(["MH-SNV", "Sở Nội vụ", "MH", "Sở, ban, ngành", 95]);
    expect(rows.find((r) => r[0] === "MH")![2]).toBeNull();
    for (const row of rows.slice(1)) if (row[2] !== null) expect(codes.indexOf(row[2] as string)).toBeLessThan(codes.indexOf(row[0] as string));
  });

  it("re-imports its own export as no change at all", async () => {
    const exported = new Uint8Array(await (await organizer.get("/quan-ly/don-vi/xuat.xlsx")).arrayBuffer());
    const before = await snapshot();
    const events = await countEvents();
    const response = await upload(organizer, "cay-don-vi.xlsx", exported, "apply");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Cây đơn vị đã giống tệp: không có gì thay đổi.");
    expect(await snapshot()).toEqual(before);
    expect(await countEvents()).toBe(events);
  });
});

describe("importing the tree", () => {
  it("checks a valid file, reporting new, changed and absent units, without writing anything", async () => {
    const before = await snapshot();
    const data = await workbook([
      ["MH-SNV", "Sở Nội vụ tỉnh Minh Hòa", "MH", "Sở, ban, ngành", 96],
      ["mh-xa-moi", "Xã Tân Mới", "MH", "Xã", 20],
    ]);
    const response = await upload(organizer, "don-vi.xlsx", data, "check");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/Tệp hợp lệ: 1 đơn vị mới, 1 đơn vị cập nhật, 0 giữ nguyên; \d+ đơn vị không có trong tệp được giữ nguyên/);
    expect(html).toContain("Tên: Sở Nội vụ → Sở Nội vụ tỉnh Minh Hòa; Biên chế: 95 → 96");
    expect(html).toContain("Xã Tân Mới");
    expect(html).toContain("Sở Tư pháp (MH-STP)");
    expect(html).toContain("không có trong tệp");
    expect(await snapshot()).toEqual(before);
  });

  it("creates new units (parents first, whatever the order) and updates existing ones, in one go, with events", async () => {
    const events = await countEvents();
    const people = await app.db.selectFrom("users").select(["id", "unit_id"]).orderBy("id").execute();
    const data = await workbook([
      ["MH-KHOI-TO", "Tổ công tác khối", "MH-KHOI", "Đơn vị trực thuộc", 2],
      ["MH-KHOI", "Khối nội chính", "MH", "Khác", "0"],
      ["MH-STP", "Sở Tư pháp", "MH-KHOI", "Sở, ban, ngành", 61],
      ["MH-SNV-CCHC", "Phòng Cải cách hành chính và Chuyển đổi số", "MH-SNV", "Đơn vị trực thuộc", 9],
    ]);
    const response = await upload(organizer, "don-vi.xlsx", data, "apply");
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/Đã áp dụng: 2 đơn vị mới, 2 đơn vị cập nhật, 0 giữ nguyên/);
    const khoi = await unitByCode("MH-KHOI");
    const mh = await unitByCode("MH");
    expect(khoi).toMatchObject({ parent_id: mh.id, name: "Khối nội chính", kind: "other", headcount: 0, depth: 1 });
    expect(await unitByCode("MH-KHOI-TO")).toMatchObject({ parent_id: khoi.id, depth: 2, kind: "sub_unit" });
    expect(await unitByCode("MH-STP")).toMatchObject({ parent_id: khoi.id, headcount: 61, depth: 2 });
    expect((await unitByCode("MH-SNV-CCHC")).name).toBe("Phòng Cải cách hành chính và Chuyển đổi số");
    await expectConsistentPaths();
    // Nobody's unit changed; absent units are untouched.
    expect(await app.db.selectFrom("users").select(["id", "unit_id"]).orderBy("id").execute()).toEqual(people);
    expect((await unitByCode("MH-SNV")).name).toBe("Sở Nội vụ");
    const logged = await app.db.selectFrom("unit_events").select(["action", "unit_id"]).orderBy("id", "desc").limit(5).execute();
    expect(logged.map((e) => e.action).sort()).toEqual(["import.applied", "import.created", "import.created", "import.updated", "import.updated"]);
    expect(await countEvents()).toBe(events + 5);
    const history = await (await organizer.get("/quan-ly/don-vi/lich-su")).text();
    expect(history).toContain("Nhập cây đơn vị từ tệp Excel");
    expect(history).toContain("Tệp don-vi.xlsx: 2 đơn vị mới, 2 đơn vị cập nhật");
  });

  it("applying the same file again changes nothing and logs nothing (a repeated post)", async () => {
    const data = await workbook([
      ["MH-KHOI-TO", "Tổ công tác khối", "MH-KHOI", "Đơn vị trực thuộc", 2],
      ["MH-KHOI", "Khối nội chính", "MH", "Khác", 0],
    ]);
    const before = await snapshot();
    const events = await countEvents();
    const response = await upload(organizer, "don-vi.xlsx", data, "apply");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("không có gì thay đổi");
    expect(await snapshot()).toEqual(before);
    expect(await countEvents()).toBe(events);
  });

  const refusals: [string, Cell[][], number, string, string][] = [
    ["a missing code", [[null, "Xã Không Mã", "MH", "Xã", 1]], 2, "Mã đơn vị", "Thiếu mã đơn vị"],
    ["a duplicate code", [["MH-DUP", "Xã A", "MH", "Xã", 1], ["mh-dup", "Xã B", "MH", "Xã", 1]], 3, "Mã đơn vị", "Mã đơn vị “mh-dup” trùng với dòng 2: mỗi đơn vị chỉ ghi một dòng"],
    ["an unknown parent code", [["MH-XA9", "Xã Chín", "MH-KHONG", "Xã", 1]], 2, "Mã đơn vị cấp trên", "Không có đơn vị nào mang mã “MH-KHONG”, trong tệp cũng như trong hệ thống"],
    ["a parent cycle", [["MH-VA", "Đơn vị A", "MH-VB", "Khác", 1], ["MH-VB", "Đơn vị B", "MH-VA", "Khác", 1]], 2, "Mã đơn vị cấp trên", "Vòng lặp đơn vị cấp trên: MH-VA → MH-VB → MH-VA. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó"],
    ["a negative headcount", [["MH-XA8", "Xã Tám", "MH", "Xã", -5]], 2, "Số biên chế", "Số biên chế không được là số âm (&quot;-5&quot;)"],
    ["a fractional headcount", [["MH-XA7", "Xã Bảy", "MH", "Xã", 7.5]], 2, "Số biên chế", "Số biên chế phải là số nguyên, không có phần thập phân hay dấu phân cách (&quot;7.5&quot;)"],
    ["a retired parent", [["MH-XA6", "Xã Sáu", "MH-CU", "Xã", 1]], 2, "Mã đơn vị cấp trên", "Đơn vị cấp trên “Sở cũ” (mã MH-CU) đã ngừng hoạt động (đã sáp nhập vào “Sở Tư pháp”)"],
    ["a name too long", [["MH-XA5", "X".repeat(201), "MH", "Xã", 1]], 2, "Tên đơn vị", "Tên đơn vị dài quá 200 ký tự (hiện có 201)"],
    ["an unknown kind", [["MH-XA4", "Xã Bốn", "MH", "Làng", 1]], 2, "Loại đơn vị", "Loại đơn vị “Làng” không có trong danh sách"],
    ["a formula error", [["MH-XA3", { formula: "A1/0", result: { error: "#DIV/0!" } }, "MH", "Xã", 1]], 2, "Tên đơn vị", "Ô có lỗi công thức (#DIV/0!)"],
  ];

  it.each(refusals)("refuses a file with %s, naming row and column, and changes nothing", async (_what, rows, row, column, message) => {
    const before = await snapshot();
    const events = await countEvents();
    const data = await workbook(rows);
    for (const intent of ["check", "apply"] as const) {
      const response = await upload(organizer, "don-vi.xlsx", data, intent);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("Tệp có lỗi. Cây đơn vị chưa thay đổi gì.");
      expect(html).toMatch(problem(row, column));
      expect(problem(row, column).exec(html)![1]).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
    expect(await countEvents()).toBe(events);
  });

  it("changes nothing at all when one row of many is bad (all or nothing)", async () => {
    const before = await snapshot();
    const data = await workbook([
      ["MH-SNV", "Sở Nội vụ đổi tên", "MH", "Sở, ban, ngành", 100],
      ["MH-ALL-1", "Xã Một", "MH", "Xã", 10],
      ["MH-ALL-2", "Xã Hai", "MH", "Xã", 10],
      ["MH-ALL-3", "Xã Ba", "MH", "Xã", "mười"],
    ]);
    const response = await upload(organizer, "don-vi.xlsx", data, "apply");
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(problem(5, "Số biên chế"));
    expect(await snapshot()).toEqual(before);
  });

  it("refuses files that are not the expected workbook", async () => {
    const noHeader = await workbook([["MH-X", "Xã", "MH", "Xã", 1]], ["Cột 1", "Cột 2"]);
    const missing = await workbook([["MH-X", "Xã", "MH", 1]], ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Số biên chế"]);
    const cases: [string, Uint8Array, string][] = [
      ["don-vi.xlsx", noHeader, "Dòng 1 của trang tính đầu tiên phải là dòng tiêu đề"],
      ["don-vi.xlsx", missing, "Thiếu cột &quot;Loại đơn vị&quot; ở dòng tiêu đề (dòng 1)"],
      ["don-vi.csv", new TextEncoder().encode("a,b"), "Chỉ nhận tệp Excel soạn theo tệp mẫu."],
      ["don-vi.xlsx", new TextEncoder().encode("không phải excel"), "Tệp không phải là tệp Excel hợp lệ."],
      ["don-vi.xlsx", await workbook([]), "Tệp không có đơn vị nào"],
    ];
    const before = await snapshot();
    for (const [name, data, message] of cases) {
      const response = await upload(organizer, name, data, "apply");
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(message);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("refuses contestants and leaders", async () => {
    const data = await workbook([["MH-XA-LA", "Xã Lạ", "MH", "Xã", 1]]);
    for (const login of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(login, DEMO_PASSWORD);
      const response = await upload(client, "don-vi.xlsx", data, "apply");
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("Bạn không có quyền truy cập trang này.");
    }
    expect(await app.db.selectFrom("units").select("id").where("code", "=", "MH-XA-LA").executeTakeFirst()).toBeUndefined();
  });
});
