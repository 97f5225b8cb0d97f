import ExcelJS from "exceljs";
import { sql } from "kysely";
import { runCommand, type CommandContext, type UnitLogEntry } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";
import {
  BLANK,
  fileProblem,
  formulaErrorMessage,
  neutralizeCellText,
  readFirstSheet,
  restoreCellText,
  type CellTextRules,
  type SheetColumn,
  type SheetRow,
  templateWorkbookProblem,
} from "~/spreadsheets/read-sheet.server";
import { formatNumber } from "~/text/format";
import { roundsCounting } from "./unit-admin.server";
import { UNIT_KINDS, UNIT_CODE_RULE, UNIT_HEADCOUNT_MAX, UNIT_NAME_MAX, unitKindLabel } from "./tree-edits";
import {
  MAX_UNIT_FILE_BYTES,
  MAX_UNIT_ROWS,
  UNIT_COLUMN_HEADERS,
  UNIT_COLUMN_ORDER,
  planUnitImport,
  type ExistingUnit,
  type UnitColumnId,
  type UnitImportPlan,
  type UnitImportProblem,
  type UnitSheetRow,
} from "./unit-import";

// The whole unit tree in and out of an .xlsx file: one unit a row (code, name, parent's code,
// kind, own headcount). An import is checked first, then applied in one transaction, all or
// nothing; units the file does not mention are left as they are. The export writes the current
// tree in the same format, so an organizer can edit it and import it back.

export const UNIT_SHEET_NAME = "Đơn vị";

interface UnitColumn extends SheetColumn<UnitColumnId> {
  width: number;
  help: string;
}

const KIND_LIST = Object.values(UNIT_KINDS).join("; ");

export const UNIT_COLUMNS: readonly UnitColumn[] = [
  {
    id: "code",
    header: UNIT_COLUMN_HEADERS.code,
    required: true,
    width: 20,
    help: `Mã duy nhất của đơn vị, dùng để nhận ra đơn vị khi nhập lại tệp. ${UNIT_CODE_RULE}. Mã viết hoa hay thường đều được.`,
  },
  { id: "name", header: UNIT_COLUMN_HEADERS.name, aliases: ["Tên"], required: true, width: 50, help: `Tên đầy đủ, có dấu, tối đa ${UNIT_NAME_MAX} ký tự.` },
  {
    id: "parentCode",
    header: UNIT_COLUMN_HEADERS.parentCode,
    aliases: ["Mã cấp trên", "Đơn vị cấp trên"],
    required: true,
    width: 22,
    help: "Mã của đơn vị cấp trên: một mã trong tệp hoặc một đơn vị đang hoạt động. Để trống nếu đơn vị ở cấp cao nhất (tỉnh).",
  },
  { id: "kind", header: UNIT_COLUMN_HEADERS.kind, aliases: ["Loại"], required: true, width: 26, help: `Một trong các loại: ${KIND_LIST}.` },
  {
    id: "headcount",
    header: UNIT_COLUMN_HEADERS.headcount,
    aliases: ["Biên chế", "Số cán bộ, công chức, viên chức"],
    required: true,
    width: 14,
    help: `Số cán bộ, công chức, viên chức của riêng đơn vị (không tính đơn vị trực thuộc): số nguyên từ 0 đến ${formatNumber(UNIT_HEADCOUNT_MAX)}.`,
  },
];

export interface UnitSheet {
  rows: UnitSheetRow[];
  problems: UnitImportProblem[];
}

const tidy = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();
const pad = (n: number) => String(n).padStart(2, "0");
const CELL_TEXT: CellTextRules = {
  clean: (text) => tidy(restoreCellText(text.trim())),
  dateText: (date) => `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`,
};
const refused = (message: string): UnitSheet => ({ rows: [], problems: fileProblem(message) });

/** Reads the units of an uploaded file. Never throws; every problem names its row and column. */
export async function parseUnitWorkbook(fileName: string, data: Uint8Array): Promise<UnitSheet> {
  const problem = templateWorkbookProblem(fileName, data, MAX_UNIT_FILE_BYTES);
  if (problem) return refused(problem);
  const spec = { columns: UNIT_COLUMNS, noun: "đơn vị", maxRows: MAX_UNIT_ROWS, cellText: CELL_TEXT, headerProblemRow: 0 } as const;
  return readFirstSheet(data, spec, (read) => (read.ok ? toSheetRows(read.rows) : { rows: [], problems: read.problems }));
}

function toSheetRows(read: SheetRow<UnitColumnId>[]): UnitSheet {
  const problems: UnitImportProblem[] = [];
  const rows = read.map(({ row, cells }): UnitSheetRow => {
    const unreadable: UnitColumnId[] = [];
    const text = (id: UnitColumnId): string | null => {
      const cell = cells.get(id) ?? BLANK;
      if (cell.kind === "error") {
        problems.push({ row, column: UNIT_COLUMN_HEADERS[id], message: formulaErrorMessage(cell.code) });
        unreadable.push(id);
        return null;
      }
      return cell.kind === "text" ? cell.text : null;
    };
    return {
      row,
      code: text("code"),
      name: text("name"),
      parentCode: text("parentCode"),
      kind: text("kind"),
      headcount: text("headcount"),
      unreadable,
    };
  });
  return { rows, problems };
}

/** Every unit as it is now; inside a transaction holding the tree lock, nothing changes under us. */
export async function loadExistingUnits(db: DBOrTransaction): Promise<ExistingUnit[]> {
  const rows = await db
    .selectFrom("units as u")
    .leftJoin("units as m", "m.id", "u.merged_into_id")
    .select(["u.id", "u.code", "u.name", "u.kind", "u.headcount", "u.parent_id", "u.retired_at", "m.name as merged_into_name"])
    .orderBy("u.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    headcount: r.headcount,
    parentId: r.parent_id,
    retired: r.retired_at !== null,
    mergedIntoName: r.merged_into_name,
  }));
}

export async function planUnitImportFromDb(db: DBOrTransaction, sheet: UnitSheet): Promise<UnitImportPlan> {
  if (sheet.problems.some((p) => p.row <= 1)) return planUnitImport([], [], sheet.problems);
  return planUnitImport(sheet.rows, await loadExistingUnits(db), sheet.problems);
}

class Refused extends Error {
  constructor(readonly problems: UnitImportProblem[]) {
    super("refused");
  }
}

export type ApplyUnitImportResult = { ok: true; plan: UnitImportPlan } | { ok: false; problems: UnitImportProblem[] };

const CHUNK = 1000;
const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Applies the file as one command (~/commands/command.server.ts) under the tree lock, planned
 * again inside it: every change or none. Applying the same file twice changes nothing the second
 * time (and logs nothing). Units moved or given another headcount change the unit rankings of the
 * rounds their people took part in: those boards are told after the commit.
 */
export async function applyUnitImport(context: CommandContext, sheet: UnitSheet, input: { actorId: number; fileName: string }): Promise<ApplyUnitImportResult> {
  if (sheet.problems.length > 0) return { ok: false, problems: sheet.problems };
  try {
    const plan = await runCommand(context, {
      actorId: input.actorId,
      target: { unitTree: true },
      write: async (trx) => {
        const existing = await loadExistingUnits(trx);
        const plan = planUnitImport(sheet.rows, existing, []);
        if (plan.problems.length > 0) throw new Refused(plan.problems);
        if (plan.created.length === 0 && plan.updated.length === 0) return { changed: false, value: plan };

        // Read before the paths are rewritten: the subtrees as their results are counted now.
        const regrouped = plan.updated.filter((u) => u.changes.includes("parent") || u.changes.includes("headcount")).map((u) => u.id);
        const touched = regrouped.length === 0 ? [] : await roundsCounting(trx, (await trx.selectFrom("units").select("path").where("id", "in", regrouped).execute()).map((u) => u.path));

        const idOfCode = new Map(existing.filter((u) => !u.retired).map((u) => [u.code, u.id]));
        for (const part of chunks(plan.created, CHUNK)) {
          const inserted = await trx
            .insertInto("units")
            .values(part.map((u) => ({ parent_id: null, code: u.code, name: u.name, kind: u.kind, headcount: u.headcount, path: "", depth: 0 })))
            .returning(["id", "code"])
            .execute();
          for (const row of inserted) idOfCode.set(row.code, row.id);
        }
        const writes = [...plan.created, ...plan.updated].map((u) => ({
          id: idOfCode.get(u.code)!,
          parent_id: u.parentCode === null ? null : idOfCode.get(u.parentCode)!,
          name: u.name,
          kind: u.kind,
          headcount: u.headcount,
        }));
        for (const part of chunks(writes, CHUNK)) {
          await sql`
            update units u set parent_id = x.parent_id, name = x.name, kind = x.kind, headcount = x.headcount
            from jsonb_to_recordset(${JSON.stringify(part)}::jsonb) as x(id int, parent_id int, name text, kind text, headcount int)
            where u.id = x.id
          `.execute(trx);
        }
        await recomputeAllPaths(trx);

        const parentRef = (code: string | null) => (code ? { code, name: nameOf(plan, existing, code) } : null);
        const log: UnitLogEntry[] = [
          ...plan.created.map((u) => ({
            unitId: idOfCode.get(u.code)!,
            action: "import.created",
            details: { code: u.code, name: u.name, kind: u.kind, headcount: u.headcount, parent: parentRef(u.parentCode), row: u.row },
          })),
          ...plan.updated.map((u) => ({
            unitId: u.id,
            action: "import.updated",
            details: {
              row: u.row,
              changes: Object.fromEntries(
                u.changes.map((field) => [field, field === "parent" ? { from: parentRef(u.before.parentCode), to: parentRef(u.parentCode) } : { from: u.before[field], to: u[field] }]),
              ),
            },
          })),
          {
            unitId: null,
            action: "import.applied",
            details: { fileName: input.fileName, created: plan.created.length, updated: plan.updated.length, unchanged: plan.unchanged.length, absent: plan.absent.length },
          },
        ];
        return { changed: true, value: plan, log, rankingsOf: touched };
      },
    });
    return { ok: true, plan };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problems: error.problems };
    throw error;
  }
}

function nameOf(plan: UnitImportPlan, existing: ExistingUnit[], code: string): string {
  return [...plan.created, ...plan.updated, ...plan.unchanged].find((u) => u.code === code)?.name ?? existing.find((u) => u.code === code)?.name ?? code;
}

/** Path and depth of every unit from its parent chain, in one statement; only rows that differ are written. */
async function recomputeAllPaths(trx: DBOrTransaction): Promise<void> {
  await sql`
    with recursive tree as (
      select id, (id::text || '.') as path, 0 as depth from units where parent_id is null
      union all
      select u.id, tree.path || u.id::text || '.', tree.depth + 1 from units u join tree on u.parent_id = tree.id
    )
    update units set path = tree.path, depth = tree.depth
    from tree
    where units.id = tree.id and (units.path <> tree.path or units.depth <> tree.depth)
  `.execute(trx);
}

// --- Writing -------------------------------------------------------------------------------------

export interface UnitExportRow {
  code: string;
  name: string;
  parentCode: string | null;
  kind: string;
  headcount: number;
}

/** The import format: a "Đơn vị" sheet (empty for the template, the active tree for an export), a guide and the kinds. */
export async function buildUnitWorkbook(units: UnitExportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cuộc thi tìm hiểu cải cách hành chính";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(UNIT_SHEET_NAME, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  sheet.columns = UNIT_COLUMNS.map((column) => ({
    width: column.width,
    style: column.id === "headcount" ? { alignment: { vertical: "top" } } : { numFmt: "@", alignment: { vertical: "top" } },
  }));
  const header = sheet.addRow(UNIT_COLUMN_ORDER.map((id) => UNIT_COLUMN_HEADERS[id]));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin" } };
  });
  for (const unit of units) {
    sheet.addRow([
      neutralizeCellText(unit.code),
      neutralizeCellText(unit.name),
      unit.parentCode === null ? null : neutralizeCellText(unit.parentCode),
      neutralizeCellText(unitKindLabel(unit.kind)),
      unit.headcount,
    ]);
  }

  const guide = workbook.addWorksheet("Hướng dẫn");
  guide.columns = [
    { width: 24, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 100, style: { alignment: { vertical: "top", wrapText: true } } },
  ];
  guide.addRow(["Hướng dẫn điền tệp cây đơn vị"]).font = { bold: true, size: 13 };
  for (const line of [
    `Mỗi dòng của trang "${UNIT_SHEET_NAME}" (trang tính đầu tiên), từ dòng 2, là một đơn vị; dòng 1 là dòng tiêu đề, giữ nguyên tên cột.`,
    "Đơn vị có mã đã có trong hệ thống được cập nhật (tên, loại, biên chế, đơn vị cấp trên); mã mới tạo đơn vị mới.",
    "Đơn vị không có trong tệp được giữ nguyên, không bị xoá. Muốn sáp nhập hay cho ngừng hoạt động, hãy làm trên trang quản lý đơn vị.",
    `Mỗi tệp có tối đa ${formatNumber(MAX_UNIT_ROWS)} đơn vị, dung lượng tối đa ${MAX_UNIT_FILE_BYTES / 1024 / 1024} MB. Tệp còn lỗi thì không có thay đổi nào được áp dụng.`,
  ]) {
    guide.addRow([line]).getCell(1).alignment = { vertical: "top", wrapText: false };
  }
  guide.addRow([]);
  guide.addRow(["Cột", "Cách ghi"]).font = { bold: true };
  for (const column of UNIT_COLUMNS) guide.addRow([column.header, column.help]);

  const kinds = workbook.addWorksheet("Loại đơn vị");
  kinds.columns = [{ width: 40 }];
  kinds.addRow(["Loại đơn vị"]).font = { bold: true };
  for (const label of Object.values(UNIT_KINDS)) kinds.addRow([label]);

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}

/** The active units of a tree listed parents first, as rows of the import format. */
export function exportRowsOf(tree: readonly { id: number; parentId: number | null; code: string; name: string; kind: string; headcount: number; retired: boolean }[]): UnitExportRow[] {
  const codeOf = new Map(tree.map((u) => [u.id, u.code]));
  return tree
    .filter((u) => !u.retired)
    .map((u) => ({ code: u.code, name: u.name, kind: u.kind, headcount: u.headcount, parentCode: u.parentId === null ? null : (codeOf.get(u.parentId) ?? null) }));
}
