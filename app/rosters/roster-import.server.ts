import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
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
import { roundsCounting } from "~/units/unit-admin.server";
import {
  MAX_ROSTER_FILE_BYTES,
  MAX_ROSTER_ROWS,
  ROSTER_COLUMN_HEADERS,
  ROSTER_COLUMN_ORDER,
  ROSTER_NAME_MAX,
  ROSTER_POSITION_MAX,
  checkRosterRows,
  clashesWithOtherUnits,
  diffRoster,
  sortRosterProblems,
  type CurrentRosterEntry,
  type RosterColumnId,
  type RosterDiff,
  type RosterProblem,
  type RosterRow,
  type RosterSheetRow,
} from "./roster-rules";

// A unit's roster in from an .xlsx file: one person a row. The file is checked first (its own
// rows, then against the other units' rosters), then it replaces the unit's roster in one command,
// all or nothing: kept people keep their row, changed ones are updated, the others added or removed.
// Replacing a roster that exists needs the difference seen first: the check hands back a token of
// this file against the roster as it is, and the replacement is refused (the difference shown
// again) unless that token comes with it — so nobody wipes a list by pressing the wrong button, and
// a roster changed meanwhile by someone else is shown again before it is replaced.

export const ROSTER_SHEET_NAME = "Danh sách";

interface RosterColumn extends SheetColumn<RosterColumnId> {
  width: number;
  help: string;
}

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { id: "fullName", header: ROSTER_COLUMN_HEADERS.fullName, aliases: ["Họ tên"], required: true, width: 30, help: `Họ và tên đầy đủ, có dấu, tối đa ${ROSTER_NAME_MAX} ký tự.` },
  { id: "birthDate", header: ROSTER_COLUMN_HEADERS.birthDate, required: false, width: 14, help: "Không bắt buộc. Ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1985." },
  {
    id: "cccd",
    header: ROSTER_COLUMN_HEADERS.cccd,
    aliases: ["CCCD", "Số căn cước công dân", "Số căn cước", "Số định danh cá nhân"],
    required: true,
    width: 18,
    help: "Số căn cước công dân: đúng 12 chữ số, 3 chữ số đầu là mã tỉnh nơi đăng ký khai sinh. Cần ít nhất một trong hai cột số CCCD và số điện thoại.",
  },
  {
    id: "phone",
    header: ROSTER_COLUMN_HEADERS.phone,
    aliases: ["Điện thoại", "SĐT"],
    required: true,
    width: 16,
    help: "Số điện thoại di động: 10 chữ số bắt đầu bằng 0 (có thể ghi +84). Mỗi số chỉ thuộc về một người.",
  },
  { id: "position", header: ROSTER_COLUMN_HEADERS.position, required: false, width: 26, help: `Không bắt buộc. Chức vụ, tối đa ${ROSTER_POSITION_MAX} ký tự.` },
];

export interface RosterSheet {
  rows: RosterSheetRow[];
  problems: RosterProblem[];
  /** sha-256 of the file: with the roster as it is, the token of a checked replacement. */
  digest: string;
}

const tidy = (text: string) => text.normalize("NFC").replace(/\s+/g, " ").trim();
const pad = (n: number) => String(n).padStart(2, "0");
const CELL_TEXT: CellTextRules = {
  clean: (text) => tidy(restoreCellText(text.trim())),
  dateText: (date) => `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()}`,
};

/** Reads the people of an uploaded file. Never throws; every problem names its row and column. */
export async function parseRosterWorkbook(fileName: string, data: Uint8Array): Promise<RosterSheet> {
  const digest = createHash("sha256").update(data).digest("hex");
  const refused = (message: string): RosterSheet => ({ rows: [], problems: fileProblem(message), digest });
  const problem = templateWorkbookProblem(fileName, data, MAX_ROSTER_FILE_BYTES);
  if (problem) return refused(problem);
  const spec = { columns: ROSTER_COLUMNS, noun: "người", maxRows: MAX_ROSTER_ROWS, cellText: CELL_TEXT, headerProblemRow: 0 } as const;
  return readFirstSheet(data, spec, (read) => (read.ok ? { ...toSheetRows(read.rows), digest } : { rows: [], problems: read.problems, digest }));
}

function toSheetRows(read: SheetRow<RosterColumnId>[]): Omit<RosterSheet, "digest"> {
  const problems: RosterProblem[] = [];
  const rows = read.map(({ row, cells }): RosterSheetRow => {
    const unreadable: RosterColumnId[] = [];
    const text = (id: RosterColumnId): string | null => {
      const cell = cells.get(id) ?? BLANK;
      if (cell.kind === "error") {
        problems.push({ row, column: ROSTER_COLUMN_HEADERS[id], message: formulaErrorMessage(cell.code) });
        unreadable.push(id);
        return null;
      }
      return cell.kind === "text" ? cell.text : null;
    };
    const numeric = (id: RosterColumnId) => {
      const cell = cells.get(id);
      return cell?.kind === "text" && cell.numeric;
    };
    return {
      row,
      fullName: text("fullName"),
      birthDate: text("birthDate"),
      cccd: text("cccd"),
      cccdNumeric: numeric("cccd"),
      phone: text("phone"),
      phoneNumeric: numeric("phone"),
      position: text("position"),
      unreadable,
    };
  });
  return { rows, problems };
}

export interface RosterUnit {
  id: number;
  code: string;
  name: string;
  path: string;
  headcount: number;
  rosterSize: number | null;
  retired: boolean;
}

export async function findRosterUnit(db: DBOrTransaction, unitId: number): Promise<RosterUnit | null> {
  const unit = await db.selectFrom("units").select(["id", "code", "name", "path", "headcount", "roster_size", "retired_at"]).where("id", "=", unitId).executeTakeFirst();
  return unit ? { id: unit.id, code: unit.code, name: unit.name, path: unit.path, headcount: unit.headcount, rosterSize: unit.roster_size, retired: unit.retired_at !== null } : null;
}

/** The unit's roster as stored, in the order it was imported. */
export async function currentRoster(db: DBOrTransaction, unitId: number): Promise<(CurrentRosterEntry & { updatedAt: string })[]> {
  const rows = await db
    .selectFrom("roster_entries")
    .select([
      "id",
      "full_name",
      "name_folded",
      sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as("birth_date"),
      "cccd",
      "phone",
      "position",
      sql<string>`to_char(updated_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')`.as("updated_at"),
    ])
    .where("unit_id", "=", unitId)
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    fullName: r.full_name,
    nameFolded: r.name_folded,
    birthDate: r.birth_date,
    cccd: r.cccd,
    phone: r.phone,
    position: r.position,
    updatedAt: r.updated_at,
  }));
}

export interface RosterPlan {
  problems: RosterProblem[];
  people: RosterRow[];
  diff: RosterDiff | null;
  /** Whether the unit has a roster the file would replace. */
  replaces: boolean;
  /** The token of this file against the roster as it is; sent back with the replacement. */
  token: string;
}

const tokenOf = (digest: string, current: readonly { id: number; updatedAt: string }[]) =>
  createHash("sha256")
    .update(digest)
    .update(JSON.stringify(current.map((c) => [c.id, c.updatedAt])))
    .digest("hex")
    .slice(0, 32);

/** Checks the file against the other units' rosters and plans the difference with this unit's. */
export async function planRosterImport(db: DBOrTransaction, unit: RosterUnit, sheet: RosterSheet): Promise<RosterPlan> {
  const current = await currentRoster(db, unit.id);
  const token = tokenOf(sheet.digest, current);
  const replaces = current.length > 0;
  const empty = (problems: RosterProblem[]): RosterPlan => ({ problems, people: [], diff: null, replaces, token });
  if (sheet.problems.some((p) => p.row <= 1)) return empty(sortRosterProblems([...sheet.problems]));
  const checked = checkRosterRows(sheet.rows, sheet.problems);
  if (checked.problems.length > 0) return empty(checked.problems);
  const cccds = checked.people.flatMap((p) => (p.cccd ? [p.cccd] : []));
  const phones = checked.people.flatMap((p) => (p.phone ? [p.phone] : []));
  const taken =
    cccds.length + phones.length === 0
      ? []
      : await db
          .selectFrom("roster_entries as r")
          .innerJoin("units as u", "u.id", "r.unit_id")
          .select(["r.cccd", "r.phone", "u.name as unitName"])
          .where("r.unit_id", "<>", unit.id)
          .where((eb) => eb.or([eb("r.cccd", "=", eb.fn.any(eb.val(cccds))), eb("r.phone", "=", eb.fn.any(eb.val(phones)))]))
          .execute();
  const clashes = clashesWithOtherUnits(checked.people, taken);
  if (clashes.length > 0) return empty(clashes);
  return { problems: [], people: checked.people, diff: diffRoster(current, checked.people), replaces, token };
}

export type ApplyRosterResult =
  | { outcome: "applied"; plan: RosterPlan; changed: boolean }
  | { outcome: "refused"; problems: RosterProblem[] }
  /** A roster exists and the difference was not seen (or the roster changed since): shown, nothing written. */
  | { outcome: "review"; plan: RosterPlan };

class Stop extends Error {
  constructor(readonly result: ApplyRosterResult) {
    super("stopped");
  }
}

/**
 * Replaces the unit's roster with the file as one command under the tree's lock (a merge moves
 * rosters too), planned again inside it. The same file twice changes (and logs) nothing. The
 * unit's headcount for participation becomes the roster's size: if it moves, the boards of the
 * rounds its subtree took part in are told after the commit.
 */
export async function applyRosterImport(
  context: CommandContext,
  unitId: number,
  sheet: RosterSheet,
  input: { actorId: number; fileName: string; seenToken: string | null },
): Promise<ApplyRosterResult> {
  if (sheet.problems.length > 0) return { outcome: "refused", problems: sortRosterProblems([...sheet.problems]) };
  try {
    return await runCommand(context, {
      actorId: input.actorId,
      target: { unitTree: true },
      write: async (trx) => {
        const unit = await trx.selectFrom("units").select(["id", "code", "name", "path", "headcount", "roster_size", "retired_at"]).where("id", "=", unitId).forUpdate().executeTakeFirst();
        if (!unit) throw new UserFacingError(404, "Không tìm thấy đơn vị.");
        if (unit.retired_at !== null) throw new UserFacingError(409, "Đơn vị đã ngừng hoạt động: không nhập được danh sách.");
        const found: RosterUnit = { id: unit.id, code: unit.code, name: unit.name, path: unit.path, headcount: unit.headcount, rosterSize: unit.roster_size, retired: false };
        const plan = await planRosterImport(trx, found, sheet);
        if (plan.problems.length > 0) throw new Stop({ outcome: "refused", problems: plan.problems });
        const diff = plan.diff!;
        const nothing = diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
        if (nothing) return { changed: false, value: { outcome: "applied", plan, changed: false } as ApplyRosterResult };
        if (plan.replaces && input.seenToken !== plan.token) throw new Stop({ outcome: "review", plan });

        // Two kept people may swap a phone (or a CCCD): checked at the commit, when both rows are written.
        await sql`set constraints roster_entries_cccd, roster_entries_phone deferred`.execute(trx);
        if (diff.removed.length > 0) await trx.deleteFrom("roster_entries").where("id", "in", diff.removed.map((r) => r.id)).execute();
        for (const change of diff.changed) {
          const p = change.after;
          await trx
            .updateTable("roster_entries")
            .set({ full_name: p.fullName, name_folded: p.nameFolded, birth_date: p.birthDate, cccd: p.cccd, phone: p.phone, position: p.position, imported_by: input.actorId, updated_at: sql`now()` })
            .where("id", "=", change.id)
            .execute();
        }
        for (let start = 0; start < diff.added.length; start += 1000) {
          await trx
            .insertInto("roster_entries")
            .values(
              diff.added.slice(start, start + 1000).map((p) => ({
                unit_id: unit.id,
                full_name: p.fullName,
                name_folded: p.nameFolded,
                birth_date: p.birthDate,
                cccd: p.cccd,
                phone: p.phone,
                position: p.position,
                imported_by: input.actorId,
              })),
            )
            .execute();
        }
        const size = plan.people.length;
        const headcountBefore = unit.roster_size ?? unit.headcount;
        if (unit.roster_size !== size) await trx.updateTable("units").set({ roster_size: size }).where("id", "=", unit.id).execute();
        const touched = headcountBefore !== size ? await roundsCounting(trx, unit.path) : [];
        // Counts only: the history never holds a CCCD or a phone.
        const details = {
          fileName: input.fileName,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          unchanged: diff.unchanged.length,
          size,
          before: unit.roster_size,
        };
        return { changed: true, value: { outcome: "applied", plan, changed: true } as ApplyRosterResult, log: [{ unitId: unit.id, action: "roster.imported", details }], rankingsOf: touched };
      },
    });
  } catch (error) {
    if (error instanceof Stop) return error.result;
    throw error;
  }
}

// --- The roster as a page shows it ----------------------------------------------------------------

export interface RosterListRow {
  fullName: string;
  birthDate: string | null;
  cccd: string | null;
  phone: string | null;
  position: string | null;
}

export async function rosterForPage(db: DBOrTransaction, unitId: number): Promise<{ rows: RosterListRow[]; lastImport: { at: string; by: string | null } | null }> {
  const rows = await currentRoster(db, unitId);
  const last = await db
    .selectFrom("unit_events as e")
    .leftJoin("users as a", "a.id", "e.actor_id")
    .select(["e.at", "a.full_name"])
    .where("e.unit_id", "=", unitId)
    .where("e.action", "=", "roster.imported")
    .orderBy("e.id", "desc")
    .limit(1)
    .executeTakeFirst();
  return {
    rows: rows.map((r) => ({ fullName: r.fullName, birthDate: r.birthDate, cccd: r.cccd, phone: r.phone, position: r.position })),
    lastImport: last ? { at: new Date(last.at).toISOString(), by: last.full_name } : null,
  };
}

// --- The template ---------------------------------------------------------------------------------

/** The import format: an empty "Danh sách" sheet (text cells, so a CCCD keeps its leading zeros) and a guide. */
export async function buildRosterTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Cuộc thi tìm hiểu cải cách hành chính";
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(ROSTER_SHEET_NAME, { views: [{ state: "frozen", xSplit: 0, ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((column) => ({ width: column.width, style: { numFmt: "@", alignment: { vertical: "top" } } }));
  const header = sheet.addRow(ROSTER_COLUMN_ORDER.map((id) => ROSTER_COLUMN_HEADERS[id]));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
    cell.border = { bottom: { style: "thin" } };
  });

  const guide = workbook.addWorksheet("Hướng dẫn");
  guide.columns = [
    { width: 24, style: { alignment: { vertical: "top", wrapText: true } } },
    { width: 100, style: { alignment: { vertical: "top", wrapText: true } } },
  ];
  guide.addRow(["Hướng dẫn điền danh sách cán bộ, công chức, viên chức của một đơn vị"]).font = { bold: true, size: 13 };
  for (const line of [
    `Mỗi dòng của trang "${ROSTER_SHEET_NAME}" (trang tính đầu tiên), từ dòng 2, là một người; dòng 1 là dòng tiêu đề, giữ nguyên tên cột.`,
    "Mỗi tệp là danh sách của một đơn vị, nhập trên trang danh sách của đơn vị đó. Nhập lại thì danh sách mới thay cho danh sách cũ, sau khi bạn xem các thay đổi.",
    "Mỗi số CCCD và mỗi số điện thoại chỉ thuộc về một người trong toàn bộ các đơn vị.",
    `Mỗi tệp có tối đa ${formatNumber(MAX_ROSTER_ROWS)} người, dung lượng tối đa ${MAX_ROSTER_FILE_BYTES / 1024 / 1024} MB. Tệp còn lỗi thì danh sách không thay đổi gì.`,
  ]) {
    guide.addRow([line]).getCell(1).alignment = { vertical: "top", wrapText: false };
  }
  guide.addRow([]);
  guide.addRow(["Cột", "Cách ghi"]).font = { bold: true };
  for (const column of ROSTER_COLUMNS) guide.addRow([neutralizeCellText(column.header), column.help]);
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(written) ? written : Buffer.from(written as ArrayBuffer);
}
