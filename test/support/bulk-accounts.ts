import ExcelJS from "exceljs";
import { expect } from "vitest";
import type { TestClient } from "./test-app";

export const ACCOUNT_HEADERS = ["Họ và tên", "Email hoặc số điện thoại", "Mã đơn vị", "Chức vụ"];
export const IMPORT_PATH = "/quan-ly/tai-khoan/nhap";

export type CellInput = string | number | null | ExcelJS.CellValue;

/** An .xlsx like an organizer would fill in: headers in row 1, one person per row. */
export async function accountsWorkbook(rows: CellInput[][], headers: string[] = ACCOUNT_HEADERS): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Tài khoản");
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export function uploadAccounts(client: TestClient, name: string, data: Uint8Array | string, intent: "check" | "create") {
  const form = new FormData();
  form.append("file", new Blob([typeof data === "string" ? data : new Uint8Array(data)]), name);
  form.append("intent", intent);
  return client.request(IMPORT_PATH, { method: "POST", body: form });
}

export interface PasswordListRow {
  fullName: string;
  login: string;
  unitCode: string;
  password: string;
}

/** The password list offered by the page that created the accounts: its header and rows. */
export async function readPasswordFile(html: string): Promise<{ headers: string[]; rows: PasswordListRow[]; raw: ExcelJS.Workbook }> {
  const match = /href="data:application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  expect(match, "the page offers the password file").not.toBeNull();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(match![1], "base64") as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  const text = (value: ExcelJS.CellValue) => (value === null || value === undefined ? "" : String(value));
  const headers = [1, 2, 3, 4].map((c) => text(sheet.getRow(1).getCell(c).value));
  const rows: PasswordListRow[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const [fullName, login, unitCode, password] = [1, 2, 3, 4].map((c) => text(row.getCell(c).value));
    rows.push({ fullName, login, unitCode, password });
  });
  return { headers, rows, raw: workbook };
}
