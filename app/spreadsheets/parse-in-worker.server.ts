import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type ExcelJS from "exceljs";
import { SHARED_STRINGS_PART, WORKBOOK_ARCHIVE_LIMITS, type ArchiveEntry, type ArchiveLimits } from "./workbook-archive";

// Reading a workbook costs CPU and memory in proportion to what it inflates to, and exceljs does it
// in one go on the calling thread: a crafted file stalled every other request for seconds. So the
// read runs in a worker thread of its own, with a time and a heap limit, and is killed past them.
//
// The worker's code is a string run with `eval` (as in auth/password.server.ts): the app runs as
// Remix's ESM bundle, as TypeScript sources under vitest and under tsx, and a separate worker file
// would need a different path and loader in each. The string needs nothing but Node and exceljs,
// which it loads by the path resolved here.
//
// exceljs inflates through JSZip, which has no output limit. Rather than trust the sizes the
// archive's directory declares (a crafted file can lie there), the worker first inflates every
// part itself with zlib's `maxOutputLength` set to the declared size: inflating stops as soon as a
// part yields more than it declared, so at most the checked total is ever inflated. Only then does
// exceljs read the file, whose parts are now known to be as small as declared. The same pass counts
// the shared strings: exceljs keeps each in an array, and millions of tiny ones fit in few bytes.

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const zlib = require("node:zlib");
try { require("node:os").setPriority(0, workerData.nice); } catch {}

// Counts "<si>", "<si " and "<si/>" up to one past \`max\`; a byte loop, as Buffer#indexOf costs more per call than this per byte.
function sharedStringsOver(xml, max) {
  let count = 0;
  for (let i = 0, end = xml.length - 3; i < end; i++) {
    if (xml[i] !== 0x3c || xml[i + 1] !== 0x73 || xml[i + 2] !== 0x69) continue;
    const next = xml[i + 3];
    if ((next === 0x3e || next === 0x20 || next === 0x2f) && ++count > max) return true;
  }
  return false;
}

function checkInflatedParts(data, entries, limits) {
  for (const entry of entries) {
    const compressed = data.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let inflated = compressed; // stored: its size was checked with the directory
    if (entry.method === 8) {
      try {
        inflated = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        return error && error.code === "ERR_BUFFER_TOO_LARGE" ? "inflates-beyond-declared" : "invalid";
      }
      if (inflated.length !== entry.uncompressedSize) return "invalid";
    }
    const name = entry.name.replace(/^\\//, "").toLowerCase();
    if (name === limits.sharedStringsPart && sharedStringsOver(inflated, limits.maxSharedStrings)) return "too-many-shared-strings";
  }
  return null;
}

async function read() {
  const data = Buffer.from(workerData.data.buffer, workerData.data.byteOffset, workerData.data.byteLength);
  const refusal = checkInflatedParts(data, workerData.entries, workerData.limits);
  if (refusal) return { ok: false, reason: refusal };
  const ExcelJS = require(workerData.exceljsPath);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data, workerData.options);
  } catch (error) {
    const message = String((error && error.message) || "");
    if (/^Max row count/.test(message)) return { ok: false, reason: "too-many-rows" };
    if (/^Max c count/.test(message)) return { ok: false, reason: "too-many-columns" };
    return { ok: false, reason: "invalid" };
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return { ok: false, reason: "invalid" };
  const rows = [];
  sheet.eachRow((row, number) => rows.push({ row: number, values: row.values }));
  return { ok: true, rows };
}

read().then(
  (result) => parentPort.postMessage(result),
  () => parentPort.postMessage({ ok: false, reason: "invalid" }),
);
`;

/** One non-empty row of the first worksheet: `values[c]` is the value of column c (1-based), as exceljs reads it. */
export interface PlainRow {
  row: number;
  values: (ExcelJS.CellValue | undefined)[];
}

export type WorkerRefusal =
  /** Not readable as a workbook. */
  | "invalid"
  /** A part inflated to more than the archive's directory declared. */
  | "inflates-beyond-declared"
  /** More distinct texts than `maxSharedStrings`. */
  | "too-many-shared-strings"
  /** More rows or columns than the read options allow. */
  | "too-many-rows"
  | "too-many-columns"
  | "timeout"
  | "out-of-memory"
  /** Too many other files were being read; this one waited too long for its turn. */
  | "busy";

export type WorkerRead = { ok: true; rows: PlainRow[] } | { ok: false; reason: WorkerRefusal };

export interface WorkerLimits {
  /** The longest a read may take. */
  timeMs: number;
  /** The worker's heap (old generation), in MB. */
  heapMb: number;
  /** The longest a read may wait for one of the `concurrency` slots. */
  maxWaitMs: number;
}

export const WORKER_LIMITS: WorkerLimits = { timeMs: 20_000, heapMb: 384, maxWaitMs: 30_000 };

/** Reads at once; a few hundred MB of heap each, on a machine that also serves a contest. */
const CONCURRENCY = 2;
/** Below the request handling in CPU priority (a Linux nice value, per thread). */
const NICE = 10;

let running = 0;
const waiting: (() => void)[] = [];

function release() {
  running--;
  waiting.shift()?.();
}

function acquire(maxWaitMs: number): Promise<boolean> {
  if (running < CONCURRENCY) {
    running++;
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const turn = () => {
      clearTimeout(timer);
      running++;
      resolve(true);
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(turn);
      if (at !== -1) waiting.splice(at, 1);
      resolve(false);
    }, maxWaitMs);
    waiting.push(turn);
  });
}

let exceljsPath: string | undefined;

/**
 * Reads the first worksheet of a workbook whose directory `checkWorkbookArchive` has accepted
 * (`entries`), in a worker thread within `limits`. Never throws.
 */
export async function readFirstSheetInWorker(
  data: Uint8Array,
  entries: readonly ArchiveEntry[],
  options: Partial<ExcelJS.XlsxReadOptions> & { maxRows: number; maxCols: number },
  limits: WorkerLimits = WORKER_LIMITS,
  archiveLimits: Pick<ArchiveLimits, "maxSharedStrings"> = WORKBOOK_ARCHIVE_LIMITS,
): Promise<WorkerRead> {
  if (!(await acquire(limits.maxWaitMs))) return { ok: false, reason: "busy" };
  try {
    exceljsPath ??= createRequire(import.meta.url).resolve("exceljs");
    const partLimits = { sharedStringsPart: SHARED_STRINGS_PART.toLowerCase(), maxSharedStrings: archiveLimits.maxSharedStrings };
    return await runWorker({ data, entries, options, limits: partLimits, exceljsPath, nice: NICE }, limits);
  } catch {
    return { ok: false, reason: "invalid" };
  } finally {
    release();
  }
}

function runWorker(workerData: object, limits: WorkerLimits): Promise<WorkerRead> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 32 },
    });
    let settled = false;
    const finish = (result: WorkerRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ ok: false, reason: "timeout" }), limits.timeMs);
    worker.on("message", (message: WorkerRead) => finish(message));
    worker.on("error", (error: Error & { code?: string }) =>
      finish({ ok: false, reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "out-of-memory" : "invalid" }),
    );
    worker.on("exit", () => finish({ ok: false, reason: "invalid" }));
  });
}
