import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildZip, deflatedEntry, deflatedRepetition, unzipParts } from "../../test/support/crafted-zip";
import { readFirstSheetInWorker, WORKER_LIMITS } from "./parse-in-worker.server";
import { checkWorkbookArchive, WORKBOOK_ARCHIVE_LIMITS } from "./workbook-archive";

const OPTIONS = { maxRows: 1000, maxCols: 100 };

async function workbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("Đơn vị");
  sheet.addRow(["Mã đơn vị", "Tên đơn vị", "Biên chế"]);
  sheet.addRow(["SO-NOI-VU", "Sở Nội vụ", 42]);
  sheet.addRow([]);
  sheet.addRow(["UBND-XA", { richText: [{ text: "Uỷ ban " }, { text: "xã", font: { bold: true } }] }, { formula: "1+1", result: 2 }]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The workbook with one part's content replaced; `declare` overrides the size its directory states. */
async function withPart(name: string, content: { stored: Buffer; size: number } | string, declare?: number): Promise<Buffer> {
  const parts = unzipParts(await workbook());
  expect(parts.map((part) => part.name)).toContain(name);
  return buildZip(
    parts.map((part) => {
      if (part.name !== name) return deflatedEntry(part.name, part.content);
      if (typeof content === "string") return deflatedEntry(name, content);
      return { name, stored: content.stored, uncompressedSize: declare ?? content.size };
    }),
  );
}

async function read(file: Buffer, limits = WORKER_LIMITS) {
  const check = checkWorkbookArchive(file);
  if (!check.ok) throw new Error(`directory refused: ${check.reason}`);
  return readFirstSheetInWorker(file, check.entries, OPTIONS, limits);
}

describe("readFirstSheetInWorker", () => {
  it("hands back the non-empty rows of the first sheet, each value at its column", async () => {
    const result = await read(await workbook());
    if (!result.ok) throw new Error(result.reason);
    expect(result.rows.map((row) => row.row)).toEqual([1, 2, 4]);
    expect(result.rows[0].values.slice(1)).toEqual(["Mã đơn vị", "Tên đơn vị", "Biên chế"]);
    expect(result.rows[1].values.slice(1)).toEqual(["SO-NOI-VU", "Sở Nội vụ", 42]);
    expect(result.rows[2].values[2]).toMatchObject({ richText: [{ text: "Uỷ ban " }, { text: "xã" }] });
    expect(result.rows[2].values[3]).toMatchObject({ formula: "1+1", result: 2 });
  });

  it("stops inflating a part that yields more than its directory declares", async () => {
    const sheet = deflatedRepetition("<worksheet>", Buffer.alloc(1024 * 1024, 0x20), 1024, "</worksheet>");
    const file = await withPart("xl/worksheets/sheet1.xml", sheet, 4000);
    expect(file.length).toBeLessThan(2 * 1024 * 1024);
    expect(await read(file)).toEqual({ ok: false, reason: "inflates-beyond-declared" });
  });

  it("refuses a part whose data does not inflate to what it declares", async () => {
    const file = await withPart("xl/worksheets/sheet1.xml", { stored: Buffer.from("not deflate data at all"), size: 100 });
    expect(await read(file)).toEqual({ ok: false, reason: "invalid" });
  });

  it("counts the shared strings: more than allowed is refused even when their bytes are few", async () => {
    const texts = (n: number) => `<sst count="${n}" uniqueCount="${n}">${"<si><t>a</t></si>".repeat(n)}</sst>`;
    const over = await withPart("xl/sharedStrings.xml", texts(WORKBOOK_ARCHIVE_LIMITS.maxSharedStrings + 1));
    expect(checkWorkbookArchive(over).ok).toBe(true);
    expect(await read(over)).toEqual({ ok: false, reason: "too-many-shared-strings" });

    const limits = { maxSharedStrings: 1000 };
    for (const [count, expected] of [[1000, { ok: true }], [1001, { ok: false, reason: "too-many-shared-strings" }]] as const) {
      const file = await withPart("xl/sharedStrings.xml", texts(count));
      const check = checkWorkbookArchive(file);
      if (!check.ok) throw new Error(check.reason);
      expect(await readFirstSheetInWorker(file, check.entries, OPTIONS, WORKER_LIMITS, limits)).toMatchObject(expected);
    }
  });

  it("ends a read that takes longer than its time limit", async () => {
    expect(await read(await workbook(), { ...WORKER_LIMITS, timeMs: 5 })).toEqual({ ok: false, reason: "timeout" });
  });

  it("ends a read that needs more memory than its heap limit", async () => {
    expect(await read(await workbook(), { ...WORKER_LIMITS, heapMb: 4 })).toEqual({ ok: false, reason: "out-of-memory" });
  });
});
