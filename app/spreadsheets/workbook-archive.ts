// An .xlsx is a zip archive. Before any library inflates one, its central directory is read here
// (a small pure reader over the bytes) and checked against limits, so that a small upload that
// would inflate to gigabytes, or a directory that contradicts itself, is refused without being
// unpacked. The sizes read here are what the file declares; the worker that parses the workbook
// checks the real inflated sizes against them (see parse-in-worker.server.ts).

export interface ArchiveLimits {
  /** The most entries (parts) a workbook may have. */
  maxEntries: number;
  /** The most bytes one part may inflate to. */
  maxEntryBytes: number;
  /** The most bytes all parts together may inflate to. */
  maxTotalBytes: number;
  /** The most bytes the shared-strings part (every text cell's text) may inflate to. */
  maxSharedStringsBytes: number;
  /** The most distinct texts the shared-strings part may hold (counted when inflated, by the worker). */
  maxSharedStrings: number;
}

export const WORKBOOK_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 1000,
  maxEntryBytes: 40 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxSharedStringsBytes: 20 * 1024 * 1024,
  // 5,000 rows of at most 17 text columns need 85,000.
  maxSharedStrings: 500_000,
};

/** The part of a workbook that holds the text of every text cell. */
export const SHARED_STRINGS_PART = "xl/sharedStrings.xml";

export interface ArchiveEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: 0 | 8;
  /** Where the entry's (compressed) data starts in the file. */
  dataOffset: number;
  compressedSize: number;
  /** As declared by the central directory. */
  uncompressedSize: number;
}

export type ArchiveRefusal =
  /** Not an archive, truncated, or a directory that contradicts itself or the file. */
  | "invalid"
  /** ZIP64, split archives, encryption or a compression method other than deflate. */
  | "unsupported"
  | "too-many-entries"
  | "entry-too-large"
  | "total-too-large"
  | "shared-strings-too-large";

export type ArchiveCheck = { ok: true; entries: ArchiveEntry[] } | { ok: false; reason: ArchiveRefusal };

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const CENTRAL_SIGNATURE = 0x02014b50;
const CENTRAL_SIZE = 46;
const LOCAL_SIGNATURE = 0x04034b50;
const LOCAL_SIZE = 30;
const MAX_COMMENT = 0xffff;

const refuse = (reason: ArchiveRefusal): ArchiveCheck => ({ ok: false, reason });

/**
 * The end-of-central-directory record: the one whose comment runs exactly to the end of the file.
 * Another record signature after it (in its comment) is refused: some readers take the last
 * signature they find, and the file would then mean one thing here and another to them.
 */
function findEndRecord(data: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, data.length - EOCD_SIZE - MAX_COMMENT);
  for (let at = data.length - EOCD_SIZE; at >= lowest; at--) {
    if (view.getUint32(at, true) !== EOCD_SIGNATURE) continue;
    return at + EOCD_SIZE + view.getUint16(at + 20, true) === data.length ? at : -1;
  }
  return -1;
}

/** Reads and checks the directory of a workbook archive. Pure: never inflates, never throws. */
export function checkWorkbookArchive(data: Uint8Array, limits: ArchiveLimits = WORKBOOK_ARCHIVE_LIMITS): ArchiveCheck {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = data.length >= EOCD_SIZE ? findEndRecord(data, view) : -1;
  if (end < 0) return refuse("invalid");

  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  const diskNumber = u16(end + 4);
  const directoryDisk = u16(end + 6);
  const entriesOnDisk = u16(end + 8);
  const entryCount = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryOffset = u32(end + 16);

  // ZIP64 keeps the real values elsewhere and marks these fields as "see there": sizes this reader
  // does not check, and that no workbook within the upload limit needs.
  if (entryCount === 0xffff || entriesOnDisk === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) return refuse("unsupported");
  if (end >= ZIP64_LOCATOR_SIZE && u32(end - ZIP64_LOCATOR_SIZE) === ZIP64_LOCATOR_SIGNATURE) return refuse("unsupported");
  if (diskNumber !== 0 || directoryDisk !== 0) return refuse("unsupported");
  if (entriesOnDisk !== entryCount) return refuse("invalid");
  if (entryCount > limits.maxEntries) return refuse("too-many-entries");
  // Nothing between the directory and its end record: a reader that finds a gap may take it for
  // bytes prepended to the archive and shift every offset by it.
  if (directoryOffset + directorySize !== end) return refuse("invalid");

  const entries: (ArchiveEntry & { headerOffset: number })[] = [];
  const names = new Set<string>();
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let at = directoryOffset;
  const directoryEnd = directoryOffset + directorySize;
  for (let index = 0; index < entryCount; index++) {
    if (at + CENTRAL_SIZE > directoryEnd || u32(at) !== CENTRAL_SIGNATURE) return refuse("invalid");
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const uncompressedSize = u32(at + 24);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const startDisk = u16(at + 34);
    const headerOffset = u32(at + 42);
    const next = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (next > directoryEnd) return refuse("invalid");
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || headerOffset === 0xffffffff || startDisk === 0xffff) return refuse("unsupported");
    if (flags & 0x0001) return refuse("unsupported"); // encrypted
    if (method !== 0 && method !== 8) return refuse("unsupported");
    if (method === 0 && compressedSize !== uncompressedSize) return refuse("invalid");

    const name = decoder.decode(data.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength));
    // Two parts of one name: readers disagree on which one counts.
    if (names.has(name)) return refuse("invalid");
    names.add(name);

    // The data follows the entry's local header, whose name and extra field may differ in length.
    if (headerOffset + LOCAL_SIZE > directoryOffset || u32(headerOffset) !== LOCAL_SIGNATURE) return refuse("invalid");
    const dataOffset = headerOffset + LOCAL_SIZE + u16(headerOffset + 26) + u16(headerOffset + 28);
    if (dataOffset + compressedSize > directoryOffset) return refuse("invalid");

    const sharedStrings = name.replace(/^\//, "").toLowerCase() === SHARED_STRINGS_PART.toLowerCase();
    if (sharedStrings && uncompressedSize > limits.maxSharedStringsBytes) return refuse("shared-strings-too-large");
    if (uncompressedSize > limits.maxEntryBytes) return refuse("entry-too-large");
    entries.push({ name, method, dataOffset, compressedSize, uncompressedSize, headerOffset });
    at = next;
  }
  if (at !== directoryEnd) return refuse("invalid");

  // Entries that share bytes are the trick of the smallest bombs; no real workbook has them.
  const byOffset = [...entries].sort((a, b) => a.headerOffset - b.headerOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const previous = byOffset[i - 1];
    if (previous.dataOffset + previous.compressedSize > byOffset[i].headerOffset) return refuse("invalid");
  }

  let total = 0;
  for (const entry of entries) total += entry.uncompressedSize;
  if (total > limits.maxTotalBytes) return refuse("total-too-large");
  return { ok: true, entries: entries.map(({ headerOffset: _, ...entry }) => entry) };
}
