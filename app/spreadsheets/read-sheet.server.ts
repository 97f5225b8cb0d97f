import type ExcelJS from "exceljs";
import { formatNumber } from "~/text/format";
import { foldText } from "~/text/normalize";
import { readFirstSheetInWorker, WORKER_LIMITS, type PlainRow, type WorkerRefusal } from "./parse-in-worker.server";
import { checkWorkbookArchive, WORKBOOK_ARCHIVE_LIMITS, type ArchiveRefusal } from "./workbook-archive";

// Reading an uploaded .xlsx whose first worksheet holds a header row (row 1, columns in any order,
// found by their header text) and one record per further non-empty row: questions of a bank,
// accounts to create… Loading is guarded against huge or crafted files; nothing ever throws.

// Messages name the file as its reader knows it ("tệp Excel"), never by its extension.
export const INVALID_WORKBOOK_MESSAGE = "Tệp không phải là tệp Excel hợp lệ.";
/** An .xls: the format of Excel 97–2003, which the reader cannot read. */
export const OLD_WORKBOOK_MESSAGE = "Tệp Excel 97–2003 chưa được hỗ trợ: hãy mở tệp bằng Excel, chọn Lưu thành, chọn kiểu Sổ làm việc Excel rồi gửi lại tệp mới.";
/** Anything but a workbook, for imports that take only the template's workbook. */
export const ONLY_TEMPLATE_WORKBOOK_MESSAGE = "Chỉ nhận tệp Excel soạn theo tệp mẫu.";

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/**
 * The checks an upload of a template workbook (units, accounts, staff lists) gets before it is
 * opened, in this order: empty, too large, the old format, not a workbook by its name, not a
 * workbook by its first bytes. The message to show, or null when the file may be read.
 */
export function templateWorkbookProblem(fileName: string, data: Uint8Array, maxBytes: number): string | null {
  const lower = fileName.trim().toLowerCase();
  if (data.byteLength === 0) return "Tệp rỗng.";
  if (data.byteLength > maxBytes) return `Tệp quá lớn: tối đa ${maxBytes / 1024 / 1024} MB.`;
  if (lower.endsWith(".xls")) return OLD_WORKBOOK_MESSAGE;
  if (!lower.endsWith(".xlsx")) return ONLY_TEMPLATE_WORKBOOK_MESSAGE;
  if (data.byteLength < 4 || ZIP_MAGIC.some((byte, i) => data[i] !== byte)) return INVALID_WORKBOOK_MESSAGE;
  return null;
}

// --- Formula neutralisation --------------------------------------------------------------------

// A cell whose text starts with one of these would be run as a formula by a spreadsheet
// (CSV/formula injection). Export prefixes one ' ; import removes exactly that one again.
// Leading quotes before the character are part of the pattern so that text which itself
// starts with "'=" also survives a round trip.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text to write in a cell so that a spreadsheet shows it as text, never runs it. */
export function neutralizeCellText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutralizeCellText. */
export function restoreCellText(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

// --- Cells -------------------------------------------------------------------------------------

/** Folded, letters and digits only: "Điều, khoản" / "dieu khoan" / "ĐIỀU KHOẢN" / "điều_khoản" all match. */
export const looseText = (text: string) => foldText(text).replace(/[^a-z0-9]/g, "");

export type CellRead =
  | { kind: "blank" }
  /** `numeric`: the cell held a number. */
  | { kind: "text"; text: string; numeric: boolean }
  | { kind: "date"; date: Date }
  | { kind: "error"; code: string };

export const BLANK: CellRead = { kind: "blank" };

export interface CellTextRules {
  /** The text a cell holds, cleaned; "" reads as a blank cell. */
  clean: (text: string) => string;
  /** Dates read as this text; without it, as { kind: "date" }. */
  dateText?: (date: Date) => string;
}

/** Undoes the export's formula neutralisation, then trims. */
export const PLAIN_TEXT: CellTextRules = { clean: (text) => restoreCellText(text).trim() };

function textCell(text: string, rules: CellTextRules, numeric = false): CellRead {
  const cleaned = rules.clean(text);
  return cleaned === "" ? BLANK : { kind: "text", text: cleaned, numeric };
}

const isDate = (value: unknown): value is Date => Object.prototype.toString.call(value) === "[object Date]";

/** What a cell holds. A formula is never run: only the value the spreadsheet saved with it counts. */
export function readCell(value: ExcelJS.CellValue | undefined, rules: CellTextRules = PLAIN_TEXT, depth = 0): CellRead {
  if (value === null || value === undefined || depth > 3) return BLANK;
  if (typeof value === "string") return textCell(value, rules);
  if (typeof value === "number") return Number.isFinite(value) ? textCell(String(value), rules, true) : BLANK;
  if (typeof value === "boolean") return textCell(value ? "TRUE" : "FALSE", rules);
  if (isDate(value)) {
    if (Number.isNaN(value.getTime())) return BLANK;
    return rules.dateText ? textCell(rules.dateText(value), rules) : { kind: "date", date: value };
  }
  if (typeof value === "object") {
    if ("richText" in value && Array.isArray(value.richText)) {
      return textCell(value.richText.map((run) => (typeof run?.text === "string" ? run.text : "")).join(""), rules);
    }
    if ("error" in value) return { kind: "error", code: String(value.error) };
    if ("formula" in value || "sharedFormula" in value) {
      return readCell((value as { result?: ExcelJS.CellValue }).result, rules, depth + 1);
    }
    if ("text" in value) {
      const text = (value as { text: unknown }).text; // e.g. an email Excel turned into a mailto: link
      return typeof text === "string" ? textCell(text, rules) : readCell(text as ExcelJS.CellValue, rules, depth + 1);
    }
  }
  return BLANK;
}

export const formulaErrorMessage = (code: string) => `Ô có lỗi công thức (${code}); hãy nhập giá trị thay cho công thức`;

// --- Sheets ------------------------------------------------------------------------------------

export interface SheetColumn<Id extends string> {
  id: Id;
  /** The header text in row 1. */
  header: string;
  /** Other header texts accepted for the column. */
  aliases?: readonly string[];
  /** A workbook without this column is refused. */
  required: boolean;
}

export interface SheetProblem {
  /** 0: the file as a whole. */
  row: number;
  /** The column header, or "" when the problem is not about one column. */
  column: string;
  message: string;
}

export interface SheetRow<Id extends string> {
  row: number;
  cells: Map<Id, CellRead>;
}

export interface SheetSpec<Id extends string> {
  columns: readonly SheetColumn<Id>[];
  /** What one row holds, as messages name it: "câu hỏi", "tài khoản". */
  noun: string;
  /** The most rows a file may have. */
  maxRows: number;
  cellText?: CellTextRules;
  /** The row of the problem "row 1 is not a header row". */
  headerProblemRow: 0 | 1;
}

export type SheetRead<Id extends string> = { ok: true; rows: SheetRow<Id>[] } | { ok: false; problems: SheetProblem[] };

// Rows and cells exceljs may hold while reading, before our own limit applies: a guard against huge sheets.
const READ_MAX_ROWS = 50_000;
const READ_MAX_CELLS_PER_ROW = 1_000;

// Only the cell data is needed. Skipping the rest also skips parts that exceljs expands cell by cell
// (data validations, merged ranges) and that a crafted file could make enormous.
const READ_OPTIONS: Partial<ExcelJS.XlsxReadOptions> & { maxRows: number; maxCols: number } = {
  ignoreNodes: [
    "dataValidations",
    "mergeCells",
    "conditionalFormatting",
    "hyperlinks",
    "drawing",
    "picture",
    "tableParts",
    "extLst",
    "autoFilter",
    "rowBreaks",
    "pageSetup",
    "headerFooter",
    "printOptions",
    "pageMargins",
    "sheetProtection",
  ],
  maxRows: READ_MAX_ROWS,
  maxCols: READ_MAX_CELLS_PER_ROW,
};

export const fileProblem = (message: string): SheetProblem[] => [{ row: 0, column: "", message }];

/** `count`: the rows counted; without it, the sheet was too big to read at all. */
const tooManyRows = (spec: SheetSpec<string>, count?: number): SheetProblem[] =>
  fileProblem(
    (count === undefined
      ? `Tệp có hơn ${formatNumber(READ_MAX_ROWS)} dòng (kể cả các dòng trống đã được định dạng)`
      : `Tệp có ${formatNumber(count)} dòng ${spec.noun}`) +
      `, vượt quá giới hạn ${formatNumber(spec.maxRows)} ${spec.noun} mỗi tệp. Hãy chia thành nhiều tệp nhỏ hơn.`,
  );

function toNodeBuffer(data: Buffer | ArrayBuffer | Uint8Array): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const SPLIT_ADVICE = "Hãy chia thành nhiều tệp nhỏ hơn.";
const SAVE_AGAIN_ADVICE = "Hãy mở tệp bằng Excel, lưu lại rồi thử lại.";
const megabytes = (bytes: number) => `${formatNumber(bytes / 1024 / 1024)} MB`;
const TOO_LARGE_MESSAGE = `Tệp Excel này quá lớn khi giải nén (nội dung vượt quá ${megabytes(WORKBOOK_ARCHIVE_LIMITS.maxTotalBytes)}). ${SPLIT_ADVICE}`;
const TOO_MANY_TEXTS_MESSAGE =
  `Tệp Excel có quá nhiều ô chữ: tối đa ${formatNumber(WORKBOOK_ARCHIVE_LIMITS.maxSharedStrings)} đoạn chữ khác nhau, ` +
  `dài tổng cộng ${megabytes(WORKBOOK_ARCHIVE_LIMITS.maxSharedStringsBytes)}. ${SPLIT_ADVICE}`;

/** What the person reads when a workbook is refused before or while it is read. */
const WORKBOOK_REFUSAL_MESSAGES: Record<ArchiveRefusal | Exclude<WorkerRefusal, "too-many-rows" | "too-many-columns">, string> = {
  invalid: INVALID_WORKBOOK_MESSAGE,
  unsupported: `Tệp Excel này được lưu theo cách chưa được hỗ trợ (ví dụ có đặt mật khẩu). ${SAVE_AGAIN_ADVICE}`,
  "too-many-entries": `Tệp Excel có quá nhiều thành phần (hơn ${formatNumber(WORKBOOK_ARCHIVE_LIMITS.maxEntries)}). Hãy chép dữ liệu sang tệp mẫu rồi thử lại.`,
  "entry-too-large": TOO_LARGE_MESSAGE,
  "total-too-large": TOO_LARGE_MESSAGE,
  "shared-strings-too-large": TOO_MANY_TEXTS_MESSAGE,
  "too-many-shared-strings": TOO_MANY_TEXTS_MESSAGE,
  "inflates-beyond-declared": `Tệp Excel bị hỏng: nội dung khi giải nén lớn hơn kích thước ghi trong tệp. ${SAVE_AGAIN_ADVICE}`,
  timeout: `Tệp Excel cần quá nhiều thời gian để đọc (hơn ${formatNumber(WORKER_LIMITS.timeMs / 1000)} giây). ${SPLIT_ADVICE}`,
  "out-of-memory": `Tệp Excel này quá lớn để đọc. ${SPLIT_ADVICE}`,
  busy: "Máy chủ đang đọc nhiều tệp khác. Vui lòng thử lại sau ít phút.",
};

/**
 * Loads an .xlsx and reads its first worksheet: the header row, then every non-empty row. `handle`
 * turns the rows into the caller's result; if it throws, the file is reported as unreadable.
 * The archive is checked before anything is inflated, and the workbook is read in a worker thread
 * (parse-in-worker.server.ts), so that no file can take this process's time or memory.
 * Never throws; every problem names its row and column.
 */
export async function readFirstSheet<Id extends string, R>(
  data: Buffer | ArrayBuffer | Uint8Array,
  spec: SheetSpec<Id>,
  handle: (read: SheetRead<Id>) => R,
): Promise<R> {
  const fail = (problems: SheetProblem[]) => handle({ ok: false, problems });
  const buffer = toNodeBuffer(data);
  if (buffer.length === 0) return fail(fileProblem(INVALID_WORKBOOK_MESSAGE));
  const archive = checkWorkbookArchive(buffer);
  if (!archive.ok) return fail(fileProblem(WORKBOOK_REFUSAL_MESSAGES[archive.reason]));
  const read = await readFirstSheetInWorker(buffer, archive.entries, READ_OPTIONS);
  if (!read.ok) {
    if (read.reason === "too-many-rows") return fail(tooManyRows(spec));
    if (read.reason === "too-many-columns") return fail(fileProblem(`Tệp có dòng quá nhiều ô (hơn ${formatNumber(READ_MAX_CELLS_PER_ROW)} cột).`));
    return fail(fileProblem(WORKBOOK_REFUSAL_MESSAGES[read.reason]));
  }
  try {
    return handle(readSheet(read.rows, spec));
  } catch {
    return fail(fileProblem("Không đọc được nội dung tệp Excel. Hãy mở tệp bằng Excel, lưu lại rồi thử lại."));
  }
}

function readSheet<Id extends string>(sheetRows: readonly PlainRow[], spec: SheetSpec<Id>): SheetRead<Id> {
  const rules = spec.cellText ?? PLAIN_TEXT;
  const lookup = new Map<string, SheetColumn<Id>>();
  for (const column of spec.columns) lookup.set(looseText(column.header), column);
  for (const column of spec.columns) for (const alias of column.aliases ?? []) lookup.set(looseText(alias), column);

  // Row 1: headers → column numbers.
  const problems: SheetProblem[] = [];
  const columnNumbers = new Map<Id, number>();
  const header = sheetRows.find((row) => row.row === 1);
  header?.values.forEach((value, columnNumber) => {
    const read = readCell(value, rules);
    if (read.kind !== "text") return;
    const column = lookup.get(looseText(read.text));
    if (!column) return; // extra columns (notes…) are ignored
    if (columnNumbers.has(column.id)) {
      problems.push({ row: 1, column: column.header, message: `Cột "${column.header}" xuất hiện nhiều lần ở dòng tiêu đề` });
    } else columnNumbers.set(column.id, columnNumber);
  });
  if (columnNumbers.size === 0) {
    const headers = spec.columns.map((column) => column.header).join(", ");
    const message = `Dòng 1 của trang tính đầu tiên phải là dòng tiêu đề với các cột của tệp mẫu (${headers}).`;
    return { ok: false, problems: [{ row: spec.headerProblemRow, column: "", message }] };
  }
  for (const column of spec.columns) {
    if (column.required && !columnNumbers.has(column.id)) {
      problems.push({ row: 1, column: column.header, message: `Thiếu cột "${column.header}" ở dòng tiêu đề (dòng 1)` });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  // Every non-empty row after the header.
  const rows: SheetRow<Id>[] = [];
  let count = 0;
  for (const { row: rowNumber, values } of sheetRows) {
    if (rowNumber === 1) continue;
    const cells = new Map<Id, CellRead>();
    let empty = true;
    for (const [id, columnNumber] of columnNumbers) {
      const read = readCell(values[columnNumber], rules);
      cells.set(id, read);
      if (read.kind !== "blank") empty = false;
    }
    if (empty) continue;
    count++;
    if (count <= spec.maxRows) rows.push({ row: rowNumber, cells });
  }
  if (count > spec.maxRows) return { ok: false, problems: tooManyRows(spec, count) };
  if (rows.length === 0) {
    return { ok: false, problems: [{ row: 2, column: "", message: `Tệp không có ${spec.noun} nào: các dòng từ dòng 2 đều trống.` }] };
  }
  return { ok: true, rows };
}
