import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INITIAL_PASSWORD_ALPHABET } from "~/accounts/initial-password.server";
import { insertUnitTree } from "~/units/units.server";
import { ACCOUNT_HEADERS, IMPORT_PATH, accountsWorkbook, readPasswordFile, uploadAccounts, type CellInput } from "../support/bulk-accounts";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let organizer: TestClient;
const UNIT = "MH-X-TPH";
const OTHER_UNIT = "MH-SNV-CCHC";
const RETIRED_UNIT = "MH-DA-SAP-NHAP";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const LOGIN_COLUMN = "Email hoặc số điện thoại";

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  await insertUnitTree(app.db, { code: RETIRED_UNIT, name: "Phòng đã sáp nhập", kind: "department", headcount: 0 });
  await app.db.updateTable("units").set({ retired_at: new Date() }).where("code", "=", RETIRED_UNIT).execute();
});
afterAll(() => app.close());

async function countUsers() {
  const { n } = await app.db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}

let serial = 0;
/** A valid row with a login nobody has used yet. */
function person(overrides: { name?: CellInput; login?: CellInput; unit?: CellInput; position?: CellInput } = {}): CellInput[] {
  serial++;
  return [
    overrides.name !== undefined ? overrides.name : `Nguyễn Văn Nhập ${serial}`,
    overrides.login !== undefined ? overrides.login : `nhap${serial}.${Math.random().toString(36).slice(2, 7)}@example.vn`,
    overrides.unit !== undefined ? overrides.unit : UNIT,
    overrides.position !== undefined ? overrides.position : null,
  ];
}

/** The report row for a problem: row, column, message… */
const problemCell = (row: number, column: string) => new RegExp(`<td class="num" data-label="Dòng">${row}</td><td data-label="Cột">${column}</td><td data-label="Lỗi">([^<]*)</td>`);

describe("the template", () => {
  it("gives organizers and admins an .xlsx with the four columns and the codes of active units", async () => {
    for (const login of ["bantochuc@demo.cchc.vn", "quantri@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(login, DEMO_PASSWORD);
      const response = await client.get("/quan-ly/mau-tai-khoan.xlsx");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(XLSX);
      expect(response.headers.get("content-disposition")).toMatch(/attachment/);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const first = workbook.worksheets[0];
      expect([1, 2, 3, 4].map((c) => first.getRow(1).getCell(c).value)).toEqual(ACCOUNT_HEADERS);
      expect(first.rowCount).toBe(1);
      const codes: string[] = [];
      workbook.getWorksheet("Mã đơn vị")!.eachRow((row, n) => {
        if (n > 1) codes.push(String(row.getCell(1).value));
      });
      expect(codes).toContain(UNIT);
      expect(codes).not.toContain(RETIRED_UNIT);
    }
  });

  it("is offered on the import page, which admins can open too", async () => {
    const html = await (await organizer.get(IMPORT_PATH)).text();
    expect(html).toContain('href="/quan-ly/mau-tai-khoan.xlsx"');
    expect(html).toContain("Kiểm tra tệp");
    expect(html).toContain("Tạo tài khoản");
    const admin = app.client();
    await admin.login("quantri@demo.cchc.vn", DEMO_PASSWORD);
    expect((await admin.get(IMPORT_PATH)).status).toBe(200);
  });
});

describe("who may create accounts", () => {
  it("refuses contestants and leaders on both routes, and sends anonymous visitors to the login page", async () => {
    const before = await countUsers();
    const data = await accountsWorkbook([person()]);
    for (const login of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const client = app.client();
      await client.login(login, DEMO_PASSWORD);
      expect((await client.get(IMPORT_PATH)).status).toBe(403);
      expect((await client.get("/quan-ly/mau-tai-khoan.xlsx")).status).toBe(403);
      const created = await uploadAccounts(client, "tai-khoan.xlsx", data, "create");
      expect(created.status).toBe(403);
      expect(await created.text()).toContain("Bạn không có quyền truy cập trang này.");
      expect((await uploadAccounts(client, "tai-khoan.xlsx", data, "check")).status).toBe(403);
    }
    const anonymous = app.client();
    const page = await anonymous.get(IMPORT_PATH);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe(`/dang-nhap?redirectTo=${encodeURIComponent(IMPORT_PATH)}`);
    expect((await uploadAccounts(anonymous, "tai-khoan.xlsx", data, "create")).status).toBe(302);
    expect(await countUsers()).toBe(before);
  });
});

describe("creating accounts from a file", () => {
  it("checks a valid file without writing anything", async () => {
    const before = await countUsers();
    const data = await accountsWorkbook([person(), person({ login: "0987 111 222" }), person({ position: "Chuyên viên" })]);
    const response = await uploadAccounts(organizer, "tai-khoan.xlsx", data, "check");
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Tệp hợp lệ: sẽ tạo 3 tài khoản.");
    expect(html).not.toContain("base64,");
    expect(await countUsers()).toBe(before);
    expect(await app.db.selectFrom("users").select("id").where("phone", "=", "0987111222").executeTakeFirst()).toBeUndefined();
  });

  it("creates every account as a contestant who must change the password, and hands the passwords out once", async () => {
    const before = await countUsers();
    const rows = [
      person({ name: "  Trần   Thị Bích  ", login: "Tran.Bich@Example.VN", position: "Chuyên viên chính" }),
      person({ name: "Lê Văn Điện", login: "+84 912 000 111", unit: OTHER_UNIT }),
      // A phone typed into a number cell loses its leading 0; a unit code typed in lower case.
      person({ name: "Phạm Thu Hà", login: 912000222, unit: UNIT.toLowerCase(), position: "Phó Trưởng phòng" }),
    ];
    const response = await uploadAccounts(organizer, "tai-khoan.xlsx", await accountsWorkbook(rows), "create");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("Đã tạo 3 tài khoản thí sinh.");
    expect(html).toContain("Mật khẩu ban đầu chỉ hiển thị một lần");
    expect(await countUsers()).toBe(before + 3);

    const list = await readPasswordFile(html);
    expect(list.headers).toEqual(["Họ và tên", "Đăng nhập", "Mã đơn vị", "Mật khẩu ban đầu"]);
    expect(list.rows.map(({ password: _p, ...rest }) => rest)).toEqual([
      { fullName: "Trần Thị Bích", login: "tran.bich@example.vn", unitCode: UNIT },
      { fullName: "Lê Văn Điện", login: "0912000111", unitCode: OTHER_UNIT },
      { fullName: "Phạm Thu Hà", login: "0912000222", unitCode: UNIT },
    ]);
    const passwords = list.rows.map((r) => r.password);
    expect(new Set(passwords).size).toBe(3);
    for (const password of passwords) {
      expect(password).toHaveLength(10);
      expect([...password].every((c) => INITIAL_PASSWORD_ALPHABET.includes(c))).toBe(true);
      expect(password).not.toMatch(/[0O1lI]/);
    }

    const units = new Map(
      (await app.db.selectFrom("units").select(["id", "code"]).where("code", "in", [UNIT, OTHER_UNIT]).execute()).map((u) => [u.code, u.id]),
    );
    const created = await app.db
      .selectFrom("users")
      .selectAll()
      .where((eb) => eb.or([eb("email", "=", "tran.bich@example.vn"), eb("phone", "in", ["0912000111", "0912000222"])]))
      .orderBy("id")
      .execute();
    expect(created.map((u) => [u.full_name, u.email, u.phone, u.unit_id, u.position, u.role, u.must_change_password])).toEqual([
      ["Trần Thị Bích", "tran.bich@example.vn", null, units.get(UNIT), "Chuyên viên chính", "contestant", true],
      ["Lê Văn Điện", null, "0912000111", units.get(OTHER_UNIT), null, "contestant", true],
      ["Phạm Thu Hà", null, "0912000222", units.get(UNIT), "Phó Trưởng phòng", "contestant", true],
    ]);
    for (const [i, user] of created.entries()) {
      expect(user.password_hash).toMatch(/^\$2[aby]\$10\$/);
      expect(user.password_hash).not.toContain(passwords[i]);
    }
    // Nothing stores the passwords in clear.
    const stored = JSON.stringify(await app.db.selectFrom("users").selectAll().execute());
    for (const password of passwords) expect(stored).not.toContain(password);

    // The passwords handed out log in.
    for (const row of list.rows) {
      const client = app.client();
      await client.login(row.login, row.password);
      expect(client.hasSession()).toBe(true);
    }
    // And they cannot be fetched again: the page shows none of them.
    const again = await (await organizer.get(IMPORT_PATH)).text();
    for (const password of passwords) expect(again).not.toContain(password);
  });

  it("writes formula-like text as text in the password list", async () => {
    const response = await uploadAccounts(
      organizer,
      "tai-khoan.xlsx",
      await accountsWorkbook([person({ name: "=HYPERLINK(\"http://x\",\"Bấm\")", login: "congthuc@example.vn" })]),
      "create",
    );
    expect(response.status).toBe(200);
    const list = await readPasswordFile(await response.text());
    expect(list.rows[0].fullName).toBe("'=HYPERLINK(\"http://x\",\"Bấm\")");
    const cell = list.raw.worksheets[0].getRow(2).getCell(1);
    expect(cell.formula).toBeUndefined();
    const stored = await app.db.selectFrom("users").select("full_name").where("email", "=", "congthuc@example.vn").executeTakeFirstOrThrow();
    expect(stored.full_name).toBe("=HYPERLINK(\"http://x\",\"Bấm\")");
  });

  const badRows: { rule: string; rows: () => CellInput[][]; row: number; column: string; message: string }[] = [
    { rule: "an invalid login", rows: () => [person(), person({ login: "khong-phai-email" }), person()], row: 3, column: LOGIN_COLUMN, message: "không phải email hoặc số điện thoại hợp lệ" },
    { rule: "a phone number of nine digits typed as text", rows: () => [person({ login: "091234567" })], row: 2, column: LOGIN_COLUMN, message: "không phải email hoặc số điện thoại hợp lệ" },
    { rule: "a missing login", rows: () => [person(), person({ login: null })], row: 3, column: LOGIN_COLUMN, message: "Thiếu email hoặc số điện thoại" },
    { rule: "an unknown unit code", rows: () => [person(), person({ unit: "KHONG-CO-DON-VI" })], row: 3, column: "Mã đơn vị", message: 'Không có đơn vị nào mang mã "KHONG-CO-DON-VI"' },
    { rule: "a retired unit", rows: () => [person({ unit: RETIRED_UNIT }), person()], row: 2, column: "Mã đơn vị", message: "đã ngừng hoạt động" },
    { rule: "a missing unit code", rows: () => [person({ unit: null })], row: 2, column: "Mã đơn vị", message: "Thiếu mã đơn vị" },
    {
      rule: "a login repeated in the file",
      rows: () => [person({ login: "lap.lai@example.vn" }), person(), person({ login: "LAP.LAI@example.vn" })],
      row: 4,
      column: LOGIN_COLUMN,
      message: "trùng với dòng 2",
    },
    {
      rule: "a phone repeated in another spelling",
      rows: () => [person({ login: "0977 123 456" }), person({ login: "+84977123456" })],
      row: 3,
      column: LOGIN_COLUMN,
      message: "trùng với dòng 2",
    },
    { rule: "a login already registered", rows: () => [person(), person(), person({ login: "ThiSinh@demo.cchc.vn" })], row: 4, column: LOGIN_COLUMN, message: "đã được dùng để đăng ký" },
    { rule: "a missing name", rows: () => [person(), person({ name: null })], row: 3, column: "Họ và tên", message: "Thiếu họ và tên" },
    { rule: "a name too short", rows: () => [person({ name: "A" })], row: 2, column: "Họ và tên", message: "Họ và tên cần ít nhất 2 ký tự" },
    { rule: "a name too long", rows: () => [person({ name: "Nguyễn ".repeat(20) })], row: 2, column: "Họ và tên", message: "Họ và tên dài quá 100 ký tự" },
    { rule: "a position too long", rows: () => [person({ position: "x".repeat(101) })], row: 2, column: "Chức vụ", message: "Chức vụ dài quá 100 ký tự" },
    { rule: "a formula error", rows: () => [person({ name: { error: "#REF!" } as ExcelJS.CellErrorValue })], row: 2, column: "Họ và tên", message: "Ô có lỗi công thức (#REF!)" },
  ];

  it.each(badRows)("refuses a file with $rule, writes nothing and names the row and column", async ({ rows, row, column, message }) => {
    const before = await countUsers();
    const data = await accountsWorkbook(rows());
    for (const intent of ["check", "create"] as const) {
      const response = await uploadAccounts(organizer, "tai-khoan.xlsx", data, intent);
      expect(response.status).toBe(400);
      const html = await response.text();
      expect(html).toContain("Tệp có lỗi. Chưa có tài khoản nào được tạo.");
      const found = problemCell(row, column).exec(html);
      expect(found, `row ${row}, column ${column}`).not.toBeNull();
      expect(found![1].replace(/&quot;/g, '"')).toContain(message);
      expect(html).not.toContain("base64,");
    }
    expect(await countUsers()).toBe(before);
  });

  it("reports every problem of a file at once", async () => {
    const response = await uploadAccounts(
      organizer,
      "tai-khoan.xlsx",
      await accountsWorkbook([person({ name: null }), person({ login: "sai" }), person({ unit: "KHONG-CO" })]),
      "check",
    );
    const html = await response.text();
    expect(html).toContain("3 lỗi cần sửa");
    expect(html).toMatch(problemCell(2, "Họ và tên"));
    expect(html).toMatch(problemCell(3, LOGIN_COLUMN));
    expect(html).toMatch(problemCell(4, "Mã đơn vị"));
  });

  it("refuses wrong types, disguised, empty and oversized files with clear messages", async () => {
    const before = await countUsers();
    const cases: [string, Uint8Array | string, string][] = [
      ["tai-khoan.csv", "Họ và tên,Email\nA,b@c.vn", "Chỉ nhận tệp Excel soạn theo tệp mẫu."],
      ["tai-khoan.xlsx", "Họ và tên,Email\nA,b@c.vn", "Tệp không phải là tệp Excel hợp lệ."],
      ["tai-khoan.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), "Tệp không phải là tệp Excel hợp lệ."],
      ["tai-khoan.xls", "binary", "Tệp Excel 97–2003 chưa được hỗ trợ"],
      ["trong.xlsx", new Uint8Array(), "Tệp rỗng."],
      ["lon.xlsx", new Uint8Array(6 * 1024 * 1024), "Tệp quá lớn: tối đa 5 MB."],
      ["chi-tieu-de.xlsx", await accountsWorkbook([]), "Tệp không có tài khoản nào: các dòng từ dòng 2 đều trống."],
      ["thieu-cot.xlsx", await accountsWorkbook([["Nguyễn Văn A", "a@b.vn"]], ["Họ và tên", "Email hoặc số điện thoại"]), "Thiếu cột &quot;Mã đơn vị&quot;"],
      ["khong-tieu-de.xlsx", await accountsWorkbook([["Nguyễn Văn A", "a@b.vn", UNIT]], ["A", "B", "C"]), "Dòng 1 của trang tính đầu tiên phải là dòng tiêu đề"],
    ];
    for (const [name, data, message] of cases) {
      for (const intent of ["check", "create"] as const) {
        const response = await uploadAccounts(organizer, name, data, intent);
        expect({ name, intent, refused: response.status >= 400 }).toEqual({ name, intent, refused: true });
        expect(await response.text(), name).toContain(message);
      }
    }
    const missing = new FormData();
    missing.append("intent", "create");
    const none = await organizer.request(IMPORT_PATH, { method: "POST", body: missing });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("Vui lòng chọn một tệp Excel để tạo tài khoản.");
    expect(await countUsers()).toBe(before);
  });

  it("refuses more than 5,000 rows", async () => {
    const before = await countUsers();
    const rows = Array.from({ length: 5001 }, (_, i) => [`Người thứ ${i}`, `nguoi${i}@lon.example.vn`, UNIT]);
    const response = await uploadAccounts(organizer, "lon.xlsx", await accountsWorkbook(rows), "create");
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Tệp có 5.001 dòng tài khoản, vượt quá giới hạn 5.000 tài khoản mỗi tệp.");
    expect(await countUsers()).toBe(before);
  });
});
