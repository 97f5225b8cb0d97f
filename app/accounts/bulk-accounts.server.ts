import ExcelJS from "exceljs";
import { sql } from "kysely";
import { hashPassword } from "~/auth/password.server";
import type { ClientInfo } from "~/auth/sessions.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";
import {
  BLANK,
  fileProblem as sheetFileProblem,
  formulaErrorMessage,
  neutralizeCellText,
  readFirstSheet,
  restoreCellText,
  type CellTextRules,
  type SheetColumn,
  type SheetProblem,
  type SheetRow,
  templateWorkbookProblem,
} from "~/spreadsheets/read-sheet.server";
import { downloadFileName, fileNameDate } from "~/http/download-name";
import { formatNumber } from "~/text/format";
import { MAX_ACCOUNT_FILE_BYTES, MAX_ACCOUNT_ROWS } from "./bulk-account-limits";
import { generateInitialPassword, mapWithConcurrency } from "./initial-password.server";
import { parseLoginIdentifier, type LoginIdentifier } from "./login-identifier";

// Accounts created in bulk from an .xlsx file: one person per row. Every row is checked (the file
// itself, then units and logins against the database) and either every account is created, in one
// transaction, or none is. Each account gets a generated initial password that must be changed at
// the first login; the passwords are handed back once, as a spreadsheet, and never stored in clear.

export { MAX_ACCOUNT_FILE_BYTES, MAX_ACCOUNT_ROWS, XLSX_CONTENT_TYPE } from "./bulk-account-limits";
export const FULL_NAME_MIN = 2;
export const FULL_NAME_MAX = 100;
export const POSITION_MAX = 100;
/** bcrypt at cost 10 takes ~56 ms on a core; a few at a time keeps logins of other people flowing. */
export const HASH_CONCURRENCY = 4;

export const ACCOUNT_SHEET_NAME = "Tài khoản";

export type AccountColumnId = "fullName" | "login" | "unitCode" | "position";

export interface AccountColumn extends SheetColumn<AccountColumnId> {
  width: number;
  help: string;
}

export const ACCOUNT_COLUMNS: readonly AccountColumn[] = [
  {
    id: "fullName",
    header: "Họ và tên",
    aliases: ["Họ tên"],
    required: true,
    width: 30,
    help: `Họ và tên đầy đủ, có dấu, từ ${FULL_NAME_MIN} đến ${FULL_NAME_MAX} ký tự.`,
  },
  {
    id: "login",
    header: "Email hoặc số điện thoại",
    required: true,
    width: 32,
    help:
      "Dùng để đăng nhập: một địa chỉ email, hoặc một số điện thoại gồm 10 chữ số bắt đầu bằng 0 (có thể ghi +84). " +
      "Mỗi email hoặc số điện thoại chỉ dùng cho một tài khoản, không trùng trong tệp và chưa được đăng ký.",
  },
  {
    id: "unitCode",
    header: "Mã đơn vị",
    required: true,
    width: 18,
    help: 'Mã của đơn vị công tác, xem trang "Mã đơn vị" của tệp mẫu. Không dùng đơn vị đã ngừng hoạt động.',
  },
  {
    id: "position",
    header: "Chức vụ",
    required: false,
    width: 26,
    help: `Không bắt buộc. Chức vụ của người dự thi, tối đa ${POSITION_MAX} ký tự.`,
  },
];

const COLUMN_BY_ID = new Map(ACCOUNT_COLUMNS.map((column) => [column.id, column]));
const headerOf = (id: AccountColumnId) => COLUMN_BY_ID.get(id)!.header;
const orderOf = (header: string) => ACCOUNT_COLUMNS.findIndex((column) => column.header === header);

export type AccountProblem = SheetProblem;

/** One non-empty row of the sheet; fields that could not be read are null (and have a problem). */
export interface AccountRow {
  row: number;
  fullName: string | null;
  login: LoginIdentifier | null;
  unitCode: string | null;
  position: string | null;
}

export interface AccountSheet {
  rows: AccountRow[];
  problems: AccountProblem[];
}

export const loginText = (login: LoginIdentifier) => (login.kind === "email" ? login.email : login.phone);
const loginKey = (login: LoginIdentifier) => (login.kind === "email" ? `e:${login.email}` : `p:${login.phone}`);

const sortProblems = (problems: AccountProblem[]) => problems.sort((a, b) => a.row - b.row || orderOf(a.column) - orderOf(b.column));

// --- Reading -----------------------------------------------------------------------------------

const tidy = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();
const pad = (n: number) => String(n).padStart(2, "0");

/** Spaces tidied; a date reads as the text dd/mm/yyyy. */
const ACCOUNT_CELL_TEXT: CellTextRules = {
  clean: (text) => tidy(restoreCellText(text.trim())),
  dateText: (date) => `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`,
};

const fileProblem = (message: string): AccountSheet => ({ rows: [], problems: sheetFileProblem(message) });


/**
 * Reads the accounts of an uploaded file: the first worksheet, headers in row 1 (any order), one
 * person per further non-empty row. Checks everything that needs no database: the file, names,
 * logins (and repeats within the file), presence of a unit code, length of the position.
 * Never throws; every problem names its row and column.
 */
export async function parseAccountWorkbook(fileName: string, data: Uint8Array): Promise<AccountSheet> {
  const problem = templateWorkbookProblem(fileName, data, MAX_ACCOUNT_FILE_BYTES);
  if (problem) return fileProblem(problem);

  const spec = { columns: ACCOUNT_COLUMNS, noun: "tài khoản", maxRows: MAX_ACCOUNT_ROWS, cellText: ACCOUNT_CELL_TEXT, headerProblemRow: 0 } as const;
  return readFirstSheet(data, spec, (read) => (read.ok ? checkAccountRows(read.rows) : { rows: [], problems: read.problems }));
}

function checkAccountRows(read: SheetRow<AccountColumnId>[]): AccountSheet {
  const problems: AccountProblem[] = [];
  const rows: AccountRow[] = [];
  const firstRowOfLogin = new Map<string, number>();
  for (const { row, cells } of read) {
    const report = (id: AccountColumnId, message: string) => problems.push({ row, column: headerOf(id), message });
    const text = (id: AccountColumnId): string | null => {
      const cell = cells.get(id) ?? BLANK;
      if (cell.kind === "error") {
        report(id, formulaErrorMessage(cell.code));
        return null;
      }
      return cell.kind === "text" ? cell.text : null;
    };
    const isError = (id: AccountColumnId) => cells.get(id)?.kind === "error";

    let fullName = text("fullName");
    if (fullName === null) {
      if (!isError("fullName")) report("fullName", "Thiếu họ và tên");
    } else if (fullName.length < FULL_NAME_MIN) {
      report("fullName", `Họ và tên cần ít nhất ${FULL_NAME_MIN} ký tự`);
      fullName = null;
    } else if (fullName.length > FULL_NAME_MAX) {
      report("fullName", `Họ và tên dài quá ${FULL_NAME_MAX} ký tự`);
      fullName = null;
    }

    let login: LoginIdentifier | null = null;
    const loginCell = cells.get("login") ?? BLANK;
    const loginValue = text("login");
    if (loginValue === null) {
      if (!isError("login")) report("login", "Thiếu email hoặc số điện thoại");
    } else {
      // A phone number typed into a number cell loses its leading 0: 912345678 stands for 0912345678.
      const candidate = loginCell.kind === "text" && loginCell.numeric && /^\d{9}$/.test(loginValue) ? `0${loginValue}` : loginValue;
      login = parseLoginIdentifier(candidate);
      if (!login) {
        report("login", `"${loginValue}" không phải email hoặc số điện thoại hợp lệ (số điện thoại gồm 10 chữ số, bắt đầu bằng 0)`);
      } else {
        const key = loginKey(login);
        const first = firstRowOfLogin.get(key);
        if (first !== undefined) {
          report(
            "login",
            `${login.kind === "email" ? "Email" : "Số điện thoại"} "${loginText(login)}" trùng với dòng ${first}: mỗi email hoặc số điện thoại chỉ dùng cho một tài khoản`,
          );
          login = null;
        } else firstRowOfLogin.set(key, row);
      }
    }

    const unitCode = text("unitCode");
    if (unitCode === null && !isError("unitCode")) report("unitCode", "Thiếu mã đơn vị");

    let position = text("position");
    if (position !== null && position.length > POSITION_MAX) {
      report("position", `Chức vụ dài quá ${POSITION_MAX} ký tự`);
      position = null;
    }

    rows.push({ row, fullName, login, unitCode, position });
  }
  return { rows, problems: sortProblems(problems) };
}

// --- Checking against the database ---------------------------------------------------------------

export interface PlannedAccount {
  row: number;
  fullName: string;
  login: LoginIdentifier;
  unitId: number;
  unitCode: string;
  position: string | null;
}

export interface AccountPlan {
  accounts: PlannedAccount[];
  problems: AccountProblem[];
}

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * The file's own problems plus those only the database can tell: unit codes that do not exist or
 * whose unit is retired, logins already registered. Accounts are planned only when nothing is wrong.
 * Inside a transaction, `lockUnits` keeps the units found from being retired until it ends.
 */
export async function planAccounts(db: DBOrTransaction, sheet: AccountSheet, options: { lockUnits?: boolean } = {}): Promise<AccountPlan> {
  const problems = [...sheet.problems];
  if (problems.some((p) => p.row <= 1)) return { accounts: [], problems };

  // Units: the exact code, or else the only one whose code differs in case alone.
  const codes = [...new Set(sheet.rows.flatMap((r) => (r.unitCode === null ? [] : [r.unitCode.toUpperCase()])))];
  type UnitFound = { id: number; code: string; name: string; retired: boolean };
  const byCode = new Map<string, UnitFound>();
  const byUpper = new Map<string, UnitFound[]>();
  for (const part of chunks(codes, 1000)) {
    let query = db
      .selectFrom("units")
      .select(["id", "code", "name", "retired_at"])
      .where(sql<string>`upper(code)`, "in", part);
    if (options.lockUnits) query = query.forShare();
    for (const unit of await query.execute()) {
      const found = { id: unit.id, code: unit.code, name: unit.name, retired: unit.retired_at !== null };
      byCode.set(unit.code, found);
      const upper = unit.code.toUpperCase();
      byUpper.set(upper, [...(byUpper.get(upper) ?? []), found]);
    }
  }
  const unitOf = (code: string) => {
    const exact = byCode.get(code);
    if (exact) return exact;
    const loose = byUpper.get(code.toUpperCase()) ?? [];
    return loose.length === 1 ? loose[0] : undefined;
  };

  // Logins already registered (emails compared in lower case, as the unique index does).
  const emails = sheet.rows.flatMap((r) => (r.login?.kind === "email" ? [r.login.email] : []));
  const phones = sheet.rows.flatMap((r) => (r.login?.kind === "phone" ? [r.login.phone] : []));
  const taken = new Set<string>();
  for (const part of chunks(emails, 1000)) {
    const found = await db
      .selectFrom("users")
      .select(sql<string>`lower(email)`.as("email"))
      .where(sql<string>`lower(email)`, "in", part)
      .execute();
    for (const user of found) taken.add(`e:${user.email}`);
  }
  for (const part of chunks(phones, 1000)) {
    const found = await db.selectFrom("users").select("phone").where("phone", "in", part).execute();
    for (const user of found) if (user.phone) taken.add(`p:${user.phone}`);
  }

  const accounts: PlannedAccount[] = [];
  for (const row of sheet.rows) {
    let ok = row.fullName !== null;
    if (row.unitCode !== null) {
      const unit = unitOf(row.unitCode);
      if (!unit) {
        problems.push({
          row: row.row,
          column: headerOf("unitCode"),
          message: `Không có đơn vị nào mang mã "${row.unitCode}"; xem trang "Mã đơn vị" của tệp mẫu`,
        });
        ok = false;
      } else if (unit.retired) {
        problems.push({ row: row.row, column: headerOf("unitCode"), message: `Đơn vị "${unit.name}" (mã ${unit.code}) đã ngừng hoạt động` });
        ok = false;
      }
    } else ok = false;
    if (row.login !== null) {
      if (taken.has(loginKey(row.login))) {
        problems.push({
          row: row.row,
          column: headerOf("login"),
          message: `${row.login.kind === "email" ? "Email" : "Số điện thoại"} "${loginText(row.login)}" đã được dùng để đăng ký một tài khoản khác`,
        });
        ok = false;
      }
    } else ok = false;
    if (ok && row.fullName !== null && row.login !== null && row.unitCode !== null) {
      const unit = unitOf(row.unitCode)!;
      accounts.push({ row: row.row, fullName: row.fullName, login: row.login, unitId: unit.id, unitCode: unit.code, position: row.position });
    }
  }
  sortProblems(problems);
  return { accounts: problems.length === 0 ? accounts : [], problems };
}

// --- Creating ------------------------------------------------------------------------------------

export interface CreatedAccount {
  row: number;
  fullName: string;
  login: string;
  unitCode: string;
  position: string | null;
  /** Shown to the organizer once; only its bcrypt hash is stored. */
  initialPassword: string;
}

export type CreateAccountsResult = { ok: true; created: CreatedAccount[] } | { ok: false; problems: AccountProblem[] };

class Refused extends Error {
  constructor(readonly problems: AccountProblem[]) {
    super("refused");
  }
}

const INSERT_CHUNK = 500;

/**
 * Creates every account of the sheet, or none, as one command (~/commands/command.server.ts):
 * checked first, passwords generated and hashed (a few at a time, before the transaction), then
 * checked again and inserted in one transaction with the account log's entry. Each account is a
 * contestant who must change the initial password at the first login.
 */
export async function createAccountsFromSheet(
  context: CommandContext,
  sheet: AccountSheet,
  input: { actorId: number; fileName: string; client: ClientInfo | null },
): Promise<CreateAccountsResult> {
  try {
    const created = await runCommand(context, {
      actorId: input.actorId,
      target: { newAccounts: true },
      prepare: async () => {
        const plan = await planAccounts(context.db, sheet);
        if (plan.problems.length > 0) throw new Refused(plan.problems);
        if (plan.accounts.length === 0) throw new Refused([{ row: 0, column: "", message: "Tệp không có tài khoản nào." }]);
        const passwords = plan.accounts.map((account) => generateInitialPassword({ login: account.login, fullName: account.fullName }));
        const hashes = await mapWithConcurrency(passwords, HASH_CONCURRENCY, (password) => hashPassword(password));
        return new Map(plan.accounts.map((account, i) => [account.row, { password: passwords[i], hash: hashes[i] }]));
      },
      write: async (trx, { prepared: secretsByRow }) => {
        const again = await planAccounts(trx, sheet, { lockUnits: true });
        if (again.problems.length > 0) throw new Refused(again.problems);
        for (const part of chunks(again.accounts, INSERT_CHUNK)) {
          await trx
            .insertInto("users")
            .values(
              part.map((account) => ({
                full_name: account.fullName,
                email: account.login.kind === "email" ? account.login.email : null,
                phone: account.login.kind === "phone" ? account.login.phone : null,
                password_hash: secretsByRow.get(account.row)!.hash,
                role: "contestant" as const,
                unit_id: account.unitId,
                position: account.position,
                must_change_password: true,
              })),
            )
            .execute();
        }
        const created = again.accounts.map(
          (account): CreatedAccount => ({
            row: account.row,
            fullName: account.fullName,
            login: loginText(account.login),
            unitCode: account.unitCode,
            position: account.position,
            initialPassword: secretsByRow.get(account.row)!.password,
          }),
        );
        return { changed: true, value: created, log: { kind: "accounts_created", client: input.client, details: { count: created.length, file: input.fileName } } };
      },
    });
    return { ok: true, created };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    if ((error as { code?: string }).code === "23505") {
      // Someone registered one of these logins between the check and the insert: the unique index decided.
      return {
        ok: false,
        problems: [
          {
            row: 0,
            column: headerOf("login"),
            message: "Một số email hoặc số điện thoại trong tệp vừa được đăng ký trong lúc tạo tài khoản. Hãy kiểm tra lại tệp rồi thử lại.",
          },
        ],
      };
    }
    throw error;
  }
}

// --- Writing -------------------------------------------------------------------------------------

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cuộc thi tìm hiểu cải cách hành chính";
  workbook.created = new Date();
  return workbook;
}

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}

function styleHeader(row: ExcelJS.Row) {
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { vertical: "middle", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin" } };
  });
}

/** A sheet of text columns (so phone numbers keep their leading 0), header in row 1. */
function addTextSheet(workbook: ExcelJS.Workbook, name: string, columns: { header: string; width: number }[]): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ width: column.width, style: { numFmt: "@", alignment: { vertical: "top" } } }));
  styleHeader(sheet.addRow(columns.map((column) => neutralizeCellText(column.header))));
  return sheet;
}

const cellText = (text: string | null) => (text === null ? null : neutralizeCellText(text));

/** The template: an empty "Tài khoản" sheet, a "Hướng dẫn" sheet and the codes of the active units. */
export async function buildAccountTemplateWorkbook(units: { code: string; label: string }[]): Promise<Buffer> {
  const workbook = newWorkbook();
  addTextSheet(workbook, ACCOUNT_SHEET_NAME, [...ACCOUNT_COLUMNS]);

  const guide = workbook.addWorksheet("Hướng dẫn");
  guide.columns = [
    { width: 28, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 16, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 90, style: { alignment: { vertical: "top", wrapText: true } } },
  ];
  guide.addRow(["Hướng dẫn điền tệp tạo tài khoản"]).font = { bold: true, size: 13 };
  for (const line of [
    `Điền vào trang "${ACCOUNT_SHEET_NAME}" (trang tính đầu tiên), mỗi dòng từ dòng 2 là một người; dòng 1 là dòng tiêu đề, giữ nguyên tên cột.`,
    `Mỗi tệp có tối đa ${formatNumber(MAX_ACCOUNT_ROWS)} tài khoản, dung lượng tối đa ${MAX_ACCOUNT_FILE_BYTES / 1024 / 1024} MB. Tệp còn lỗi thì không tài khoản nào được tạo.`,
    "Mỗi tài khoản được tạo là thí sinh, có mật khẩu ban đầu do hệ thống sinh ngẫu nhiên; người dùng phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
    "Danh sách mật khẩu ban đầu chỉ được cung cấp một lần, ngay sau khi tạo: hãy tải về, lưu giữ cẩn thận và gửi riêng cho từng người.",
  ]) {
    guide.addRow([line]).getCell(1).alignment = { vertical: "top", wrapText: false };
  }
  guide.addRow([]);
  const header = guide.addRow(["Cột", "Bắt buộc", "Cách ghi"]);
  header.font = { bold: true };
  for (const column of ACCOUNT_COLUMNS) {
    guide.addRow([column.header, column.required ? "Bắt buộc" : "Không bắt buộc", column.help]).height =
      Math.max(1, Math.ceil(column.help.length / 85)) * 15;
  }

  const unitSheet = addTextSheet(workbook, "Mã đơn vị", [
    { header: "Mã đơn vị", width: 20 },
    { header: "Đơn vị", width: 80 },
  ]);
  for (const unit of units) unitSheet.addRow([cellText(unit.code), cellText(unit.label)]);
  return toBuffer(workbook);
}

/** "Mật khẩu ban đầu - 23-11-2026 14.05.xlsx": when the list was made, in Vietnam time (a file name holds no colon). */
export function passwordListFileName(now: Date): string {
  const vietnam = new Date(now.getTime() + 7 * 60 * 60 * 1000);
  const time = `${String(vietnam.getUTCHours()).padStart(2, "0")}.${String(vietnam.getUTCMinutes()).padStart(2, "0")}`;
  return downloadFileName(["Mật khẩu ban đầu", `${fileNameDate(now)} ${time}`], "xlsx");
}

export const PASSWORD_LIST_COLUMNS = ["Họ và tên", "Đăng nhập", "Mã đơn vị", "Mật khẩu ban đầu"] as const;

/** The initial passwords of the accounts just created, for the organizer to hand out. */
export async function buildInitialPasswordsWorkbook(created: CreatedAccount[]): Promise<Buffer> {
  const workbook = newWorkbook();
  const sheet = addTextSheet(workbook, "Mật khẩu ban đầu", [
    { header: PASSWORD_LIST_COLUMNS[0], width: 30 },
    { header: PASSWORD_LIST_COLUMNS[1], width: 32 },
    { header: PASSWORD_LIST_COLUMNS[2], width: 18 },
    { header: PASSWORD_LIST_COLUMNS[3], width: 20 },
  ]);
  for (const account of created) {
    sheet.addRow([cellText(account.fullName), cellText(account.login), cellText(account.unitCode), cellText(account.initialPassword)]);
  }
  return toBuffer(workbook);
}
