import zlib from "node:zlib";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { buildZip, deflatedEntry, deflatedRepetition, unzipParts, type CraftedEntry } from "../../test/support/crafted-zip";
import { checkWorkbookArchive, WORKBOOK_ARCHIVE_LIMITS } from "./workbook-archive";

const MB = 1024 * 1024;

async function realWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Tài khoản");
  sheet.addRow(["Họ và tên", "Email hoặc số điện thoại", "Mã đơn vị"]);
  for (let i = 0; i < 50; i++) sheet.addRow([`Người thứ ${i}`, `nguoi${i}@example.vn`, "SO-NOI-VU"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An entry that declares `size` bytes but stores next to nothing. */
const declared = (name: string, size: number): CraftedEntry => ({ name, stored: zlib.deflateRawSync(Buffer.alloc(0)), uncompressedSize: size });

describe("checkWorkbookArchive", () => {
  it("lists every part of a workbook written by a spreadsheet library, with its real sizes", async () => {
    const file = await realWorkbook();
    const check = checkWorkbookArchive(file);
    if (!check.ok) throw new Error(check.reason);
    const parts = unzipParts(file);
    expect(check.entries.map((entry) => entry.name).sort()).toEqual(parts.map((part) => part.name).sort());
    expect(check.entries.map((entry) => entry.name)).toContain("xl/worksheets/sheet1.xml");
    for (const entry of check.entries) {
      const content = parts.find((part) => part.name === entry.name)!.content;
      expect(entry.uncompressedSize).toBe(content.length);
      const stored = file.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
      expect(entry.method === 8 ? zlib.inflateRawSync(stored) : stored).toEqual(content);
    }
  });

  it("accepts a part of exactly the size limit and refuses one byte more", () => {
    const limit = WORKBOOK_ARCHIVE_LIMITS.maxEntryBytes;
    expect(checkWorkbookArchive(buildZip([declared("xl/worksheets/sheet1.xml", limit)])).ok).toBe(true);
    expect(checkWorkbookArchive(buildZip([declared("xl/worksheets/sheet1.xml", limit + 1)]))).toEqual({ ok: false, reason: "entry-too-large" });
  });

  it("refuses a small file whose one part inflates to 2 GiB", () => {
    const bomb = deflatedRepetition("<worksheet>", Buffer.alloc(MB, 0x20), 2048, "</worksheet>");
    expect(bomb.stored.length).toBeLessThan(3 * MB);
    const file = buildZip([deflatedEntry("[Content_Types].xml", "<Types/>"), { name: "xl/worksheets/sheet1.xml", ...bomb, uncompressedSize: bomb.size }]);
    expect(checkWorkbookArchive(file)).toEqual({ ok: false, reason: "entry-too-large" });
  });

  it("refuses a declared size of 4 GiB − 1 (the largest a plain directory can state)", () => {
    expect(checkWorkbookArchive(buildZip([declared("xl/worksheets/sheet1.xml", 0xfffffffe)]))).toEqual({ ok: false, reason: "entry-too-large" });
  });

  it("refuses parts that are each within the limit but too large together", () => {
    const each = 30 * MB;
    expect(each).toBeLessThanOrEqual(WORKBOOK_ARCHIVE_LIMITS.maxEntryBytes);
    const file = buildZip([declared("xl/worksheets/sheet1.xml", each), declared("xl/worksheets/sheet2.xml", each)]);
    expect(checkWorkbookArchive(file)).toEqual({ ok: false, reason: "total-too-large" });
  });

  it("holds the shared strings to a smaller limit than other parts", () => {
    const size = WORKBOOK_ARCHIVE_LIMITS.maxSharedStringsBytes + 1;
    expect(checkWorkbookArchive(buildZip([declared("xl/sharedStrings.xml", size)]))).toEqual({ ok: false, reason: "shared-strings-too-large" });
    expect(checkWorkbookArchive(buildZip([declared("xl/worksheets/sheet1.xml", size)])).ok).toBe(true);
    const huge = WORKBOOK_ARCHIVE_LIMITS.maxEntryBytes + 1; // says "too many texts" rather than only "too large"
    expect(checkWorkbookArchive(buildZip([declared("/xl/sharedStrings.xml", huge)]))).toEqual({ ok: false, reason: "shared-strings-too-large" });
  });

  it("refuses more than 1,000 parts, and accepts 1,000", () => {
    const parts = (n: number) => Array.from({ length: n }, (_, i) => deflatedEntry(`xl/p${i}.xml`, "<a/>"));
    expect(checkWorkbookArchive(buildZip(parts(1000))).ok).toBe(true);
    expect(checkWorkbookArchive(buildZip(parts(1001)))).toEqual({ ok: false, reason: "too-many-entries" });
  });

  it("takes a lying directory at its word: the real size is the worker's check", () => {
    const lie = deflatedRepetition("", Buffer.alloc(MB, 0x41), 64, "");
    const check = checkWorkbookArchive(buildZip([{ name: "xl/worksheets/sheet1.xml", ...lie, uncompressedSize: 1000 }]));
    expect(check.ok && check.entries[0].uncompressedSize).toBe(1000);
  });

  it.each([
    ["an empty file", Buffer.alloc(0)],
    ["text", Buffer.from("Họ và tên,Email\nA,b@c.vn")],
    ["a local header and nothing else", Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6])],
    ["random bytes", Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))],
  ])("refuses %s as not a workbook", (_label, data) => {
    expect(checkWorkbookArchive(data)).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a workbook cut short, wherever it is cut", async () => {
    const file = await realWorkbook();
    for (const length of [file.length - 1, file.length - 22, file.length - 100, Math.floor(file.length / 2), 30]) {
      expect(checkWorkbookArchive(file.subarray(0, length))).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("refuses a directory that contradicts itself or the file", () => {
    const good = buildZip([deflatedEntry("a.xml", "<a/>"), deflatedEntry("b.xml", "<b/>")]);
    expect(checkWorkbookArchive(good).ok).toBe(true);
    const end = good.length - 22;
    const directory = good.readUInt32LE(end + 16);
    const broken = (change: (file: Buffer) => void) => {
      const copy = Buffer.from(good);
      change(copy);
      return checkWorkbookArchive(copy);
    };
    const invalid = { ok: false, reason: "invalid" };
    expect(broken((f) => f.writeUInt16LE(3, end + 10))).toEqual(invalid); // more entries than on the disk
    expect(broken((f) => (f.writeUInt16LE(3, end + 8), f.writeUInt16LE(3, end + 10)))).toEqual(invalid); // more entries than listed
    expect(broken((f) => f.writeUInt32LE(directory + 1, end + 16))).toEqual(invalid); // directory not where it says
    expect(broken((f) => f.writeUInt32LE(f.readUInt32LE(end + 12) - 1, end + 12))).toEqual(invalid); // directory size wrong
    expect(broken((f) => f.writeUInt32LE(0x12345678, 0))).toEqual(invalid); // no local header where the entry points
    expect(broken((f) => f.writeUInt32LE(5000, directory + 20))).toEqual(invalid); // data runs past the directory
    expect(broken((f) => f.writeUInt32LE(0, directory + 46 + 5 + 42))).toEqual(invalid); // the second entry shares the first one's bytes
    expect(broken((f) => f.write("a", directory + 46 + 5 + 46))).toEqual(invalid); // two entries named a.xml

    // An end record whose comment holds another end record: which one counts depends on the reader.
    const withComment = (comment: Buffer) => {
      const copy = Buffer.concat([good, comment]);
      copy.writeUInt16LE(comment.length, end + 20);
      return checkWorkbookArchive(copy);
    };
    expect(withComment(Buffer.from("Ghi chú của tệp")).ok).toBe(true);
    const decoy = Buffer.alloc(30);
    decoy.writeUInt32LE(0x06054b50, 0);
    expect(withComment(decoy)).toEqual(invalid);
    // Bytes between the directory and its end record.
    const gap = Buffer.concat([good.subarray(0, end), Buffer.alloc(8), good.subarray(end)]);
    expect(checkWorkbookArchive(gap)).toEqual(invalid);
  });

  it("refuses what it cannot check: ZIP64 markers, encryption, other compression methods", () => {
    const good = buildZip([deflatedEntry("a.xml", "<a/>")]);
    const end = good.length - 22;
    const directory = good.readUInt32LE(end + 16);
    const changed = (change: (file: Buffer) => void) => {
      const copy = Buffer.from(good);
      change(copy);
      return checkWorkbookArchive(copy);
    };
    const unsupported = { ok: false, reason: "unsupported" };
    expect(changed((f) => (f.writeUInt16LE(0xffff, end + 8), f.writeUInt16LE(0xffff, end + 10)))).toEqual(unsupported);
    expect(changed((f) => f.writeUInt32LE(0xffffffff, end + 16))).toEqual(unsupported);
    expect(changed((f) => f.writeUInt32LE(0xffffffff, directory + 24))).toEqual(unsupported);
    expect(changed((f) => f.writeUInt32LE(0xffffffff, directory + 42))).toEqual(unsupported);
    expect(changed((f) => f.writeUInt16LE(0x0801, directory + 8))).toEqual(unsupported); // encrypted
    expect(changed((f) => f.writeUInt16LE(12, directory + 10))).toEqual(unsupported); // bzip2

    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const withLocator = Buffer.concat([good.subarray(0, end), locator, good.subarray(end)]);
    expect(checkWorkbookArchive(withLocator)).toEqual(unsupported);
  });
});
