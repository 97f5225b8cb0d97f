import {
  UNIT_NAME_MAX,
  UNIT_NAME_MIN,
  UNIT_KINDS,
  normalizeUnitCode,
  parseHeadcount,
  parseUnitKind,
  unitCodeProblem,
  unitKindLabel,
} from "./tree-edits";

// Planning an import of the whole unit tree from a spreadsheet: one unit a row, by code. Rows
// create new units or update existing ones (name, kind, headcount, parent); units absent from the
// file are listed and left as they are, never deleted. Every problem names its row and column,
// and nothing is planned while any problem remains: the import is all or nothing.

export type UnitColumnId = "code" | "name" | "parentCode" | "kind" | "headcount";

export const UNIT_COLUMN_HEADERS: Record<UnitColumnId, string> = {
  code: "Mã đơn vị",
  name: "Tên đơn vị",
  parentCode: "Mã đơn vị cấp trên",
  kind: "Loại đơn vị",
  headcount: "Số biên chế",
};

export const UNIT_COLUMN_ORDER: readonly UnitColumnId[] = ["code", "name", "parentCode", "kind", "headcount"];

export const MAX_UNIT_ROWS = 5000;
export const MAX_UNIT_FILE_BYTES = 5 * 1024 * 1024;

/** 0: the file as a whole. `column` is the header, or "". */
export interface UnitImportProblem {
  row: number;
  column: string;
  message: string;
}

/** One non-empty row as read from the sheet (text cleaned, blanks as null). */
export interface UnitSheetRow {
  row: number;
  code: string | null;
  name: string | null;
  parentCode: string | null;
  kind: string | null;
  headcount: string | null;
  /** Columns whose cell could not be read (already reported): not reported again as missing. */
  unreadable?: readonly UnitColumnId[];
}

/** A unit as it is now. */
export interface ExistingUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  headcount: number;
  parentId: number | null;
  retired: boolean;
  mergedIntoName?: string | null;
}

export type UnitChange = "name" | "kind" | "headcount" | "parent";

export interface PlannedUnit {
  row: number;
  /** Upper case, as stored for a new unit; the existing code for an existing unit. */
  code: string;
  name: string;
  kind: string;
  headcount: number;
  /** Code of the parent (in the file or in the database); null at the top level. */
  parentCode: string | null;
}

export interface PlannedUpdate extends PlannedUnit {
  id: number;
  changes: UnitChange[];
  before: { name: string; kind: string; headcount: number; parentCode: string | null };
}

export interface UnitImportPlan {
  problems: UnitImportProblem[];
  /** New units, each after its parent when the parent is new too. */
  created: PlannedUnit[];
  updated: PlannedUpdate[];
  unchanged: PlannedUnit[];
  /** Active units the file does not mention: left unchanged. */
  absent: { id: number; code: string; name: string }[];
}

const ORDER = new Map(UNIT_COLUMN_ORDER.map((id, i) => [UNIT_COLUMN_HEADERS[id], i]));
const sortProblems = (problems: UnitImportProblem[]) =>
  problems.sort((a, b) => a.row - b.row || (ORDER.get(a.column) ?? -1) - (ORDER.get(b.column) ?? -1));

const KIND_CHOICES = Object.values(UNIT_KINDS).map((label) => `“${label}”`).join(", ");

interface CheckedRow {
  row: number;
  key: string;
  code: string;
  name: string | null;
  kind: string | null;
  headcount: number | null;
  /** undefined: not usable (missing parent reported); null: top level. */
  parentKey: string | null | undefined;
  existing: ExistingUnit | undefined;
  ok: boolean;
}

/**
 * Checks the rows against each other and against the current tree, and plans the changes.
 * `sheetProblems` are problems already found while reading the file; they are kept.
 */
export function planUnitImport(rows: readonly UnitSheetRow[], existing: readonly ExistingUnit[], sheetProblems: readonly UnitImportProblem[] = []): UnitImportPlan {
  const problems: UnitImportProblem[] = [...sheetProblems];
  const empty = (): UnitImportPlan => ({ problems: sortProblems(problems), created: [], updated: [], unchanged: [], absent: [] });
  if (problems.some((p) => p.row <= 1)) return empty();

  const byKey = new Map<string, ExistingUnit>();
  for (const unit of existing) {
    const key = normalizeUnitCode(unit.code);
    // Codes that differ only in case: the active one wins (a retired twin cannot take rows).
    const other = byKey.get(key);
    if (!other || (other.retired && !unit.retired)) byKey.set(key, unit);
  }
  const byId = new Map(existing.map((u) => [u.id, u]));

  const checked: CheckedRow[] = [];
  const firstRowOfKey = new Map<string, number>();
  for (const sheetRow of rows) {
    const { row } = sheetRow;
    const unreadable = new Set(sheetRow.unreadable ?? []);
    const report = (id: UnitColumnId, message: string) => problems.push({ row, column: UNIT_COLUMN_HEADERS[id], message });
    let ok = unreadable.size === 0;

    // Code: required, unique in the file; a new code must follow the rule; a retired unit cannot come back.
    const key = sheetRow.code === null ? "" : normalizeUnitCode(sheetRow.code);
    const current = key ? byKey.get(key) : undefined;
    if (key === "") {
      if (!unreadable.has("code")) report("code", "Thiếu mã đơn vị");
      ok = false;
    } else if (firstRowOfKey.has(key)) {
      report("code", `Mã đơn vị “${sheetRow.code}” trùng với dòng ${firstRowOfKey.get(key)}: mỗi đơn vị chỉ ghi một dòng`);
      ok = false;
    } else {
      firstRowOfKey.set(key, row);
      if (current?.retired) {
        const where = current.mergedIntoName ? ` (đã sáp nhập vào “${current.mergedIntoName}”)` : "";
        report("code", `Đơn vị mã “${current.code}” đã ngừng hoạt động${where}; bỏ dòng này khỏi tệp hoặc dùng mã khác`);
        ok = false;
      } else if (!current) {
        const problem = unitCodeProblem(key);
        if (problem) {
          report("code", problem);
          ok = false;
        }
      }
    }

    let name = sheetRow.name;
    if (name === null) {
      if (!unreadable.has("name")) report("name", "Thiếu tên đơn vị");
      ok = false;
    } else if (name.length < UNIT_NAME_MIN) {
      report("name", `Tên đơn vị cần ít nhất ${UNIT_NAME_MIN} ký tự`);
      name = null;
      ok = false;
    } else if (name.length > UNIT_NAME_MAX) {
      report("name", `Tên đơn vị dài quá ${UNIT_NAME_MAX} ký tự (hiện có ${name.length})`);
      name = null;
      ok = false;
    }

    // Kind: a known kind, or the unit's own kind as it is now (kept even if it is not in the list).
    let kind: string | null = null;
    if (sheetRow.kind === null) {
      if (!unreadable.has("kind")) report("kind", `Thiếu loại đơn vị; chọn một trong: ${KIND_CHOICES}`);
      ok = false;
    } else {
      kind = parseUnitKind(sheetRow.kind);
      if (kind === null && current && (sheetRow.kind === current.kind || sheetRow.kind === unitKindLabel(current.kind))) kind = current.kind;
      if (kind === null) {
        report("kind", `Loại đơn vị “${sheetRow.kind}” không có trong danh sách; chọn một trong: ${KIND_CHOICES}`);
        ok = false;
      }
    }

    let headcount: number | null = null;
    if (sheetRow.headcount === null) {
      if (!unreadable.has("headcount")) report("headcount", "Thiếu số biên chế; ghi 0 nếu đơn vị không có biên chế riêng");
      ok = false;
    } else {
      const parsed = parseHeadcount(sheetRow.headcount);
      if (parsed.ok) headcount = parsed.value;
      else {
        report("headcount", parsed.message);
        ok = false;
      }
    }

    checked.push({ row, key, code: current?.code ?? key, name, kind, headcount, parentKey: undefined, existing: current, ok });
  }

  // Parents: a code in the file or an active unit; never the unit itself.
  const inFile = new Map(checked.filter((r) => r.key !== "" && firstRowOfKey.get(r.key) === r.row).map((r) => [r.key, r]));
  rows.forEach((sheetRow, index) => {
    const entry = checked[index];
    const report = (message: string) => problems.push({ row: entry.row, column: UNIT_COLUMN_HEADERS.parentCode, message });
    if (sheetRow.parentCode === null) {
      entry.parentKey = sheetRow.unreadable?.includes("parentCode") ? undefined : null;
      return;
    }
    const parentKey = normalizeUnitCode(sheetRow.parentCode);
    const parentInFile = inFile.get(parentKey);
    const parentNow = byKey.get(parentKey);
    if (parentKey === entry.key) {
      report("Đơn vị không thể là cấp trên của chính nó");
      entry.ok = false;
    } else if (parentInFile && !parentNow?.retired) {
      entry.parentKey = parentKey;
    } else if (parentNow?.retired) {
      const where = parentNow.mergedIntoName ? ` (đã sáp nhập vào “${parentNow.mergedIntoName}”)` : "";
      report(`Đơn vị cấp trên “${parentNow.name}” (mã ${parentNow.code}) đã ngừng hoạt động${where}`);
      entry.ok = false;
    } else if (parentNow) {
      entry.parentKey = parentKey;
    } else {
      report(`Không có đơn vị nào mang mã “${sheetRow.parentCode}”, trong tệp cũng như trong hệ thống`);
      entry.ok = false;
    }
  });

  // The tree after the import: file rows take their parent from the file, other units keep theirs.
  const parentAfter = new Map<string, string | null>();
  for (const unit of byKey.values()) {
    if (unit.retired) continue;
    const parent = unit.parentId === null ? undefined : byId.get(unit.parentId);
    parentAfter.set(normalizeUnitCode(unit.code), parent ? normalizeUnitCode(parent.code) : null);
  }
  for (const entry of inFile.values()) if (entry.parentKey !== undefined) parentAfter.set(entry.key, entry.parentKey);
  const codeOf = (key: string) => inFile.get(key)?.code ?? byKey.get(key)?.code ?? key;
  for (const entry of inFile.values()) {
    if (entry.parentKey === undefined || entry.parentKey === null) continue;
    const trail = [entry.key];
    const seen = new Set(trail);
    let next = parentAfter.get(entry.key);
    while (next !== undefined && next !== null && !seen.has(next)) {
      trail.push(next);
      seen.add(next);
      next = parentAfter.get(next);
    }
    if (next === entry.key) {
      const loop = [...trail, entry.key].map(codeOf).join(" → ");
      problems.push({
        row: entry.row,
        column: UNIT_COLUMN_HEADERS.parentCode,
        message: `Vòng lặp đơn vị cấp trên: ${loop}. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó`,
      });
      entry.ok = false;
    }
  }

  if (problems.length > 0) return empty();

  // Classify. New units are ordered so that a parent that is new too comes first.
  const created: PlannedUnit[] = [];
  const updated: PlannedUpdate[] = [];
  const unchanged: PlannedUnit[] = [];
  const placed = new Set<string>();
  const pending: PlannedUnit[] = [];
  for (const entry of checked) {
    const planned: PlannedUnit = {
      row: entry.row,
      code: entry.code,
      name: entry.name!,
      kind: entry.kind!,
      headcount: entry.headcount!,
      parentCode: entry.parentKey ? codeOf(entry.parentKey) : null,
    };
    const now = entry.existing;
    if (!now) {
      pending.push(planned);
      continue;
    }
    const parentNow = now.parentId === null ? null : (byId.get(now.parentId)?.code ?? null);
    const changes: UnitChange[] = [];
    if (planned.name !== now.name) changes.push("name");
    if (planned.kind !== now.kind) changes.push("kind");
    if (planned.headcount !== now.headcount) changes.push("headcount");
    if ((parentNow === null ? null : normalizeUnitCode(parentNow)) !== (entry.parentKey ?? null)) changes.push("parent");
    if (changes.length === 0) unchanged.push(planned);
    else updated.push({ ...planned, id: now.id, changes, before: { name: now.name, kind: now.kind, headcount: now.headcount, parentCode: parentNow } });
  }
  const newKeys = new Set(pending.map((p) => normalizeUnitCode(p.code)));
  while (pending.length > 0) {
    const ready = pending.filter((p) => p.parentCode === null || !newKeys.has(normalizeUnitCode(p.parentCode)) || placed.has(normalizeUnitCode(p.parentCode)));
    // The cycle check above guarantees progress; stop rather than loop if it ever did not.
    if (ready.length === 0) break;
    for (const p of ready) {
      created.push(p);
      placed.add(normalizeUnitCode(p.code));
      pending.splice(pending.indexOf(p), 1);
    }
  }

  const absent = existing
    .filter((u) => !u.retired && !inFile.has(normalizeUnitCode(u.code)))
    .map((u) => ({ id: u.id, code: u.code, name: u.name }));
  return { problems: [], created, updated, unchanged, absent };
}
