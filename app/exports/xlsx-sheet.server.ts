import { PassThrough, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import { neutralizeCellText } from "~/spreadsheets/read-sheet.server";

// One writer for every exported table (rankings, participation, commendation proposals): a few
// title rows, a bold header row that stays frozen and carries an autofilter, then one row per
// record. It always streams (exceljs WorkbookWriter, rows committed as they are written) and
// yields to the event loop between batches, so a 100,000-row export neither builds one giant
// object nor holds up other requests.

/** How a column's values are written and shown. */
export type ColumnFormat =
  /** Text, neutralised so that it can never run as a formula. */
  | "text"
  /** Whole number with thousands separators. */
  | "integer"
  /** A score: up to two decimals, shown without trailing zeros for whole scores. */
  | "score"
  /** A ratio (0.5 = 50%) shown as a percentage with two decimals. */
  | "percent"
  /**
   * Milliseconds, written as an Excel time and shown as minutes, seconds and milliseconds (12:34.300;
   * past an hour, 75:10.000): ties are broken on milliseconds, and a spreadsheet would round tenths.
   */
  | "duration"
  /** An instant, written as its Vietnam wall-clock time (UTC+7) and shown as dd/mm/yyyy hh:mm:ss. */
  | "datetime";

export const NUMBER_FORMATS: Record<ColumnFormat, string> = {
  text: "@",
  integer: "#,##0",
  score: "#,##0.##;-#,##0.##;0",
  percent: "0.00%",
  duration: "[mm]:ss.000",
  datetime: "dd/mm/yyyy hh:mm:ss",
};

export type CellInput = string | number | Date | null | undefined;

export interface ExportColumn<R> {
  header: string;
  /** In characters, as Excel counts them. */
  width: number;
  format: ColumnFormat;
  value: (record: R, index: number) => CellInput;
  /** Wrap long text (names of units…). */
  wrap?: boolean;
  align?: "left" | "center" | "right";
  /** Indent level of the cell (0–15), e.g. a unit's depth in the tree. */
  indent?: (record: R) => number;
}

export interface ExportSheet<R> {
  /** The worksheet's name (cleaned to Excel's rules). */
  name: string;
  /** Lines above the table: the contest, the document's title, the scope… The first is bold and larger. */
  titleLines: readonly string[];
  columns: readonly ExportColumn<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
  landscape?: boolean;
}

// Sheets of different record types go into one workbook; each sheet's own columns are typed where it is built.
export type AnySheet = ExportSheet<any>;

export interface ExportProgress {
  sheet: string;
  rowsWritten: number;
  /** When the caller knows it. */
  totalRows?: number;
}

export interface StreamOptions {
  /** Rows written between two yields to the event loop. */
  batchSize?: number;
  onProgress?: (progress: ExportProgress) => void;
  /** Per sheet, in order, when the caller knows the counts (for a percentage). */
  totalRows?: readonly (number | undefined)[];
  creator?: string;
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
const THIN: Partial<ExcelJS.Border> = { style: "thin", color: { argb: "FF999999" } };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Excel's rules for sheet names: at most 31 characters, none of \ / ? * [ ] :, not empty. */
export function sheetName(name: string): string {
  const cleaned = name.replace(/[\\/?*[\]:]/g, " ").replace(/\s+/g, " ").trim().replace(/^'+|'+$/g, "").slice(0, 31).trim();
  return cleaned || "Trang 1";
}

/** The cell value for a record's field: text neutralised, instants in Vietnam time, durations as Excel times. */
export function cellValue(format: ColumnFormat, input: CellInput): ExcelJS.CellValue {
  if (input === null || input === undefined) return null;
  if (format === "text") return neutralizeCellText(String(input).normalize("NFC"));
  if (format === "datetime") {
    const time = input instanceof Date ? input.getTime() : typeof input === "string" ? Date.parse(input) : input;
    // Excel has no time zones: write the wall-clock time Vietnamese readers expect (exceljs writes Dates by their UTC fields).
    return Number.isFinite(time) ? new Date(time + VIETNAM_OFFSET_MS) : null;
  }
  const number = typeof input === "number" ? input : Number(input);
  if (!Number.isFinite(number)) return typeof input === "string" ? neutralizeCellText(input) : null;
  if (format === "duration") return number / DAY_MS;
  return number;
}

function isAsync<R>(rows: AsyncIterable<R> | Iterable<R>): rows is AsyncIterable<R> {
  return typeof (rows as AsyncIterable<R>)[Symbol.asyncIterator] === "function";
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeSheet<R>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  spec: ExportSheet<R>,
  options: StreamOptions,
  totalRows: number | undefined,
): Promise<number> {
  const columnCount = spec.columns.length;
  const headerRowNumber = spec.titleLines.length + (spec.titleLines.length > 0 ? 2 : 1); // a blank row under the title
  const name = sheetName(spec.name);
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRowNumber, showGridLines: true }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: spec.landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: "&CTrang &P/&N" },
  });
  sheet.columns = spec.columns.map((column) => ({
    width: column.width,
    style: {
      numFmt: NUMBER_FORMATS[column.format],
      alignment: { vertical: "top", wrapText: column.wrap ?? false, horizontal: column.align ?? (column.format === "text" ? "left" : "right") },
    },
  }));

  spec.titleLines.forEach((line, index) => {
    const row = sheet.getRow(index + 1);
    const cell = row.getCell(1);
    cell.value = neutralizeCellText(line.normalize("NFC"));
    cell.font = index === 0 ? { bold: true, size: 14 } : { bold: index === 1, size: 12 };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    if (columnCount > 1) sheet.mergeCells(index + 1, 1, index + 1, columnCount);
    row.height = index === 0 ? 22 : 18;
    row.commit();
  });
  if (spec.titleLines.length > 0) sheet.getRow(spec.titleLines.length + 1).commit();

  const header = sheet.getRow(headerRowNumber);
  spec.columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = neutralizeCellText(column.header.normalize("NFC"));
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BOX;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.numFmt = "@";
  });
  header.height = 32;
  header.commit();
  sheet.autoFilter = { from: { row: headerRowNumber, column: 1 }, to: { row: headerRowNumber, column: columnCount } };

  const batchSize = Math.max(1, options.batchSize ?? 250);
  let written = 0;
  const writeRecord = (record: R) => {
    const row = sheet.getRow(headerRowNumber + 1 + written);
    spec.columns.forEach((column, index) => {
      const cell = row.getCell(index + 1);
      cell.value = cellValue(column.format, column.value(record, written));
      cell.border = BOX;
      const indent = column.indent?.(record);
      if (indent) cell.alignment = { vertical: "top", wrapText: column.wrap ?? false, horizontal: "left", indent: Math.min(15, indent) };
    });
    row.commit();
    written++;
  };
  const report = () => options.onProgress?.({ sheet: name, rowsWritten: written, ...(totalRows !== undefined ? { totalRows } : {}) });

  if (isAsync(spec.rows)) {
    for await (const record of spec.rows) {
      writeRecord(record);
      if (written % batchSize === 0) {
        report();
        await yieldToEventLoop();
      }
    }
  } else {
    for (const record of spec.rows) {
      writeRecord(record);
      if (written % batchSize === 0) {
        report();
        await yieldToEventLoop();
      }
    }
  }
  report();
  sheet.commit();
  return written;
}

/**
 * Writes the sheets, in order, as one .xlsx into `output` (a file, an HTTP response…), streaming.
 * Resolves with the number of data rows written per sheet once the file is complete.
 */
export async function streamWorkbook(output: Writable, sheets: readonly AnySheet[], options: StreamOptions = {}): Promise<number[]> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator ?? "Cuộc thi tìm hiểu cải cách hành chính";
  workbook.created = new Date();
  const counts: number[] = [];
  for (const [index, sheet] of sheets.entries()) counts.push(await writeSheet(workbook, sheet, options, options.totalRows?.[index]));
  await workbook.commit();
  return counts;
}

/** The same workbook in memory, for exports small enough to send in one piece. */
export async function buildWorkbook(sheets: readonly AnySheet[], options: StreamOptions = {}): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  await streamWorkbook(sink, sheets, options);
  await ended;
  return Buffer.concat(chunks);
}
