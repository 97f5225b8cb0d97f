import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildAccountTemplateWorkbook, buildInitialPasswordsWorkbook, parseAccountWorkbook } from "./bulk-accounts.server";
import { INITIAL_PASSWORD_ALPHABET, generateInitialPassword, mapWithConcurrency } from "./initial-password.server";
import { passwordProblem } from "./password-policy.server";

const HEADERS = ["Họ và tên", "Email hoặc số điện thoại", "Mã đơn vị", "Chức vụ"];

async function workbook(rows: ExcelJS.CellValue[][], headers: ExcelJS.CellValue[] = HEADERS): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Tài khoản");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("generateInitialPassword", () => {
  it("gives 10 characters from an alphabet without look-alikes", () => {
    expect(INITIAL_PASSWORD_ALPHABET).not.toMatch(/[0O1lIio]/);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const password = generateInitialPassword();
      expect(password).toMatch(new RegExp(`^[${INITIAL_PASSWORD_ALPHABET}]{10}$`));
      seen.add(password);
    }
    expect(seen.size).toBe(2000);
  });

  it("uses every character of the alphabet", () => {
    const used = new Set(Array.from({ length: 500 }, () => generateInitialPassword()).join(""));
    expect(used.size).toBe(INITIAL_PASSWORD_ALPHABET.length);
  });

  it("always passes the password policy for the person it is made for", () => {
    const people = [
      { login: "nguyen.van.an@example.vn", fullName: "Nguyễn Văn An" },
      { login: "0912 345 678", fullName: "Trần Thị Bình" },
      {},
    ];
    for (const person of people) {
      for (let i = 0; i < 1000; i++) {
        const password = generateInitialPassword(person);
        expect({ password, problem: passwordProblem(password, person) }).toEqual({ password, problem: null });
      }
    }
  });

  it("draws again when a draw would break the policy", () => {
    const a = INITIAL_PASSWORD_ALPHABET.indexOf("a");
    const person = { login: "abcd@example.vn" };
    // First "aaaaaaaaaa" (repeated), then "abcdxyz234" (contains the login), then a good one.
    const scripted = [...Array(10).fill(a), ..."abcdxyz234", ..."Hq7mPx3Tkz"].map((c) => (typeof c === "number" ? c : INITIAL_PASSWORD_ALPHABET.indexOf(c)));
    let next = 0;
    const password = generateInitialPassword(person, () => scripted[next++]);
    expect(password).toBe("Hq7mPx3Tkz");
    expect(next).toBe(30);
  });
});

describe("mapWithConcurrency", () => {
  it("keeps the order of results and never runs more than the limit at once", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(peak).toBe(3);
    expect(await mapWithConcurrency([], 4, async () => 1)).toEqual([]);
  });
});

describe("parseAccountWorkbook", () => {
  it("reads columns in any order by loose headers, skips blank rows and keeps sheet row numbers", async () => {
    const data = await workbook(
      [
        ["MH-X-TPH", "Chuyên viên", "  Nguyễn   Văn An ", "AN@Example.VN"],
        [null, null, null, null],
        ["MH-SNV", null, "Trần Thị Bình", "+84 912 345 678"],
      ],
      ["MÃ ĐƠN VỊ", "chuc vu", "Họ tên", "Email hoặc số điện thoại"],
    );
    const sheet = await parseAccountWorkbook("ds.XLSX", data);
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toEqual([
      { row: 2, fullName: "Nguyễn Văn An", login: { kind: "email", email: "an@example.vn" }, unitCode: "MH-X-TPH", position: "Chuyên viên" },
      { row: 4, fullName: "Trần Thị Bình", login: { kind: "phone", phone: "0912345678" }, unitCode: "MH-SNV", position: null },
    ]);
  });

  it("reads phone numbers typed as numbers, mailto links, formula results and neutralised text", async () => {
    const data = await workbook([
      ["Lê Văn Số", 912345678, "MH-A", null],
      ["Lê Văn Liên Kết", { text: "lienket@example.vn", hyperlink: "mailto:lienket@example.vn" }, "MH-A", null],
      ["Lê Văn Công Thức", { formula: 'LOWER("CT@EXAMPLE.VN")', result: "ct@example.vn" }, "MH-A", null],
      ["'=Lê Văn Dấu", "dau@example.vn", "MH-A", "'+Tổ trưởng"],
    ]);
    const sheet = await parseAccountWorkbook("ds.xlsx", data);
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows.map((r) => [r.fullName, r.login, r.position])).toEqual([
      ["Lê Văn Số", { kind: "phone", phone: "0912345678" }, null],
      ["Lê Văn Liên Kết", { kind: "email", email: "lienket@example.vn" }, null],
      ["Lê Văn Công Thức", { kind: "email", email: "ct@example.vn" }, null],
      ["=Lê Văn Dấu", { kind: "email", email: "dau@example.vn" }, "+Tổ trưởng"],
    ]);
  });

  it("reports each bad cell with its row and column", async () => {
    const data = await workbook([
      ["A", "khong-hop-le", null, "x".repeat(101)],
      [null, "a@b.vn", "MH-A", null],
      ["Nguyễn Văn Lặp", "A@B.VN", "MH-A", null],
    ]);
    const { problems } = await parseAccountWorkbook("ds.xlsx", data);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, "Họ và tên"],
      [2, "Email hoặc số điện thoại"],
      [2, "Mã đơn vị"],
      [2, "Chức vụ"],
      [3, "Họ và tên"],
      [4, "Email hoặc số điện thoại"],
    ]);
    expect(problems[5].message).toContain("trùng với dòng 3");
  });

  it("refuses files that are not a usable .xlsx", async () => {
    const message = async (name: string, data: Uint8Array) => (await parseAccountWorkbook(name, data)).problems.map((p) => p.message);
    expect(await message("a.xlsx", new Uint8Array())).toEqual(["Tệp rỗng."]);
    expect(await message("a.csv", new TextEncoder().encode("a,b"))).toEqual(["Chỉ nhận tệp Excel soạn theo tệp mẫu."]);
    expect(await message("a.xlsx", new TextEncoder().encode("a,b"))).toEqual(["Tệp không phải là tệp Excel hợp lệ."]);
    expect(await message("a.xlsx", new Uint8Array(5 * 1024 * 1024 + 1))).toEqual(["Tệp quá lớn: tối đa 5 MB."]);
    expect(await message("a.xlsx", await workbook([], ["Họ và tên"]))).toEqual([
      'Thiếu cột "Email hoặc số điện thoại" ở dòng tiêu đề (dòng 1)',
      'Thiếu cột "Mã đơn vị" ở dòng tiêu đề (dòng 1)',
    ]);
  });
});

describe("the workbooks written", () => {
  it("writes the password list as text, formula-like cells neutralised", async () => {
    const data = await buildInitialPasswordsWorkbook([
      { row: 2, fullName: "=cmd|' /C calc'!A0", login: "0912345678", unitCode: "@MH", position: null, initialPassword: "Ab3dEf7hJk" },
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(data as unknown as ArrayBuffer);
    const row = book.worksheets[0].getRow(2);
    expect([1, 2, 3, 4].map((c) => row.getCell(c).value)).toEqual(["'=cmd|' /C calc'!A0", "0912345678", "'@MH", "Ab3dEf7hJk"]);
    expect(book.worksheets[0].getRow(1).values).toEqual([undefined, "Họ và tên", "Đăng nhập", "Mã đơn vị", "Mật khẩu ban đầu"]);
  });

  it("makes a template that, once filled in, reads back", async () => {
    const template = await buildAccountTemplateWorkbook([{ code: "MH-A", label: "Sở A" }, { code: "=MH", label: "Đơn vị lạ" }]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template as unknown as ArrayBuffer);
    expect(book.getWorksheet("Mã đơn vị")!.getRow(3).getCell(1).value).toBe("'=MH");
    book.worksheets[0].addRow(["Nguyễn Văn Mẫu", "0912345678", "MH-A", null]);
    const filled = new Uint8Array(await book.xlsx.writeBuffer());
    const sheet = await parseAccountWorkbook("mau.xlsx", filled);
    expect(sheet.problems).toEqual([]);
    expect(sheet.rows).toHaveLength(1);
  });
});
