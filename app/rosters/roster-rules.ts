import { parseLoginIdentifier } from "~/accounts/login-identifier";
import { foldText } from "~/text/normalize";
import { checkCccd } from "./cccd";

// A unit's roster (danh sách cán bộ, công chức, viên chức) as a file gives it: one person a row.
// Everything here is pure: reading the rows' values, the repeats within the file, the clashes with
// other units' rosters (given), and the difference with the unit's roster as it is. An import is all
// or nothing: nothing is planned while any problem remains.

export type RosterColumnId = "fullName" | "birthDate" | "cccd" | "phone" | "position";

export const ROSTER_COLUMN_HEADERS: Record<RosterColumnId, string> = {
  fullName: "Họ và tên",
  birthDate: "Ngày sinh",
  cccd: "Số CCCD",
  phone: "Số điện thoại",
  position: "Chức vụ",
};
export const ROSTER_COLUMN_ORDER: readonly RosterColumnId[] = ["fullName", "birthDate", "cccd", "phone", "position"];

export const ROSTER_NAME_MIN = 2;
export const ROSTER_NAME_MAX = 100;
export const ROSTER_POSITION_MAX = 100;
export const MAX_ROSTER_ROWS = 5000;
export const MAX_ROSTER_FILE_BYTES = 5 * 1024 * 1024;

/** Row 0: the file as a whole. `column` is the header, or "". */
export interface RosterProblem {
  row: number;
  column: string;
  message: string;
}

/** One non-empty row as read (text cleaned, blanks null). `…Numeric`: the cell held a number. */
export interface RosterSheetRow {
  row: number;
  fullName: string | null;
  birthDate: string | null;
  cccd: string | null;
  cccdNumeric?: boolean;
  phone: string | null;
  phoneNumeric?: boolean;
  position: string | null;
  /** Columns whose cell could not be read (already reported): not reported again as missing. */
  unreadable?: readonly RosterColumnId[];
}

/** A person as stored. */
export interface RosterPerson {
  fullName: string;
  nameFolded: string;
  /** yyyy-mm-dd, or null. */
  birthDate: string | null;
  cccd: string | null;
  phone: string | null;
  position: string | null;
}

export interface RosterRow extends RosterPerson {
  row: number;
}

const ORDER = new Map(ROSTER_COLUMN_ORDER.map((id, i) => [ROSTER_COLUMN_HEADERS[id], i]));
export const sortRosterProblems = (problems: RosterProblem[]) =>
  problems.sort((a, b) => a.row - b.row || (ORDER.get(a.column) ?? -1) - (ORDER.get(b.column) ?? -1));

/** A phone as the accounts normalise it (0 and 9 digits); a number cell lost its leading 0. */
export function normalizeRosterPhone(raw: string, fromNumberCell = false): string | null {
  const candidate = fromNumberCell && /^\d{9}$/.test(raw.trim()) ? `0${raw.trim()}` : raw;
  const login = parseLoginIdentifier(candidate);
  return login?.kind === "phone" ? login.phone : null;
}

/** dd/mm/yyyy (or d/m/yyyy, dd-mm-yyyy, yyyy-mm-dd) → yyyy-mm-dd, a real day, not after `today`. */
export function parseBirthDate(raw: string, today: Date): { ok: true; date: string } | { ok: false; message: string } {
  const text = raw.trim();
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  let [day, month, year] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
    if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  const bad = { ok: false as const, message: `Ngày sinh “${text}” không hợp lệ; ghi theo dạng ngày/tháng/năm, ví dụ 05/09/1985` };
  if (!m) return bad;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return bad;
  if (year < 1900 || date.getTime() > today.getTime()) return { ok: false, message: `Ngày sinh “${text}” không hợp lệ: năm sinh phải từ 1900 và không sau hôm nay` };
  const pad = (n: number) => String(n).padStart(2, "0");
  return { ok: true, date: `${year}-${pad(month)}-${pad(day)}` };
}

/** dd/mm/yyyy for people to read. */
export const birthDateText = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/**
 * Checks every row on its own and against the other rows of the file: names, dates, CCCD, phone (at
 * least one of the two), position; the same CCCD or phone twice. `sheetProblems`: problems already
 * found while reading, kept.
 */
export function checkRosterRows(rows: readonly RosterSheetRow[], sheetProblems: readonly RosterProblem[] = [], today = new Date()): { people: RosterRow[]; problems: RosterProblem[] } {
  const problems: RosterProblem[] = [...sheetProblems];
  const people: RosterRow[] = [];
  const firstOfCccd = new Map<string, number>();
  const firstOfPhone = new Map<string, number>();
  for (const sheetRow of rows) {
    const { row } = sheetRow;
    const unreadable = new Set(sheetRow.unreadable ?? []);
    let ok = unreadable.size === 0;
    const report = (id: RosterColumnId, message: string) => {
      problems.push({ row, column: ROSTER_COLUMN_HEADERS[id], message });
      ok = false;
    };

    const fullName = sheetRow.fullName;
    if (fullName === null) {
      if (!unreadable.has("fullName")) report("fullName", "Thiếu họ và tên");
    } else if (fullName.length < ROSTER_NAME_MIN) report("fullName", `Họ và tên cần ít nhất ${ROSTER_NAME_MIN} ký tự`);
    else if (fullName.length > ROSTER_NAME_MAX) report("fullName", `Họ và tên dài quá ${ROSTER_NAME_MAX} ký tự (hiện có ${fullName.length})`);
    else if (/\d/.test(fullName)) report("fullName", `Họ và tên “${fullName}” có chữ số; có thể các cột bị ghi lệch`);

    let birthDate: string | null = null;
    if (sheetRow.birthDate !== null) {
      const parsed = parseBirthDate(sheetRow.birthDate, today);
      if (parsed.ok) birthDate = parsed.date;
      else report("birthDate", parsed.message);
    }

    let cccd: string | null = null;
    if (sheetRow.cccd !== null) {
      const checked = checkCccd(sheetRow.cccd, { fromNumberCell: sheetRow.cccdNumeric });
      if (!checked.ok) report("cccd", checked.message);
      else if (firstOfCccd.has(checked.cccd)) report("cccd", `Số CCCD “${checked.cccd}” trùng với dòng ${firstOfCccd.get(checked.cccd)}: mỗi người chỉ ghi một dòng`);
      else {
        cccd = checked.cccd;
        firstOfCccd.set(cccd, row);
      }
    }

    let phone: string | null = null;
    if (sheetRow.phone !== null) {
      const normalized = normalizeRosterPhone(sheetRow.phone, sheetRow.phoneNumeric);
      if (normalized === null) report("phone", `“${sheetRow.phone}” không phải số điện thoại hợp lệ (10 chữ số, bắt đầu bằng 0; có thể ghi +84)`);
      else if (firstOfPhone.has(normalized)) report("phone", `Số điện thoại “${normalized}” trùng với dòng ${firstOfPhone.get(normalized)}: mỗi số chỉ thuộc về một người`);
      else {
        phone = normalized;
        firstOfPhone.set(phone, row);
      }
    }

    if (sheetRow.cccd === null && sheetRow.phone === null && !unreadable.has("cccd") && !unreadable.has("phone")) {
      report("cccd", "Cần ít nhất một trong hai: số CCCD hoặc số điện thoại");
    }

    const position = sheetRow.position;
    if (position !== null && position.length > ROSTER_POSITION_MAX) report("position", `Chức vụ dài quá ${ROSTER_POSITION_MAX} ký tự`);

    if (ok) people.push({ row, fullName: fullName!, nameFolded: foldText(fullName!), birthDate, cccd, phone, position });
  }
  return { people: problems.length > 0 ? [] : people, problems: sortRosterProblems(problems) };
}

/** A CCCD or phone already on another unit's roster. */
export interface TakenIdentity {
  cccd: string | null;
  phone: string | null;
  unitName: string;
}

/** The same CCCD or phone on the roster of another unit: one person belongs to one unit. */
export function clashesWithOtherUnits(people: readonly RosterRow[], taken: readonly TakenIdentity[]): RosterProblem[] {
  const unitOfCccd = new Map<string, string>();
  const unitOfPhone = new Map<string, string>();
  for (const t of taken) {
    if (t.cccd) unitOfCccd.set(t.cccd, t.unitName);
    if (t.phone) unitOfPhone.set(t.phone, t.unitName);
  }
  const problems: RosterProblem[] = [];
  for (const person of people) {
    const cccdUnit = person.cccd ? unitOfCccd.get(person.cccd) : undefined;
    if (cccdUnit !== undefined) {
      problems.push({ row: person.row, column: ROSTER_COLUMN_HEADERS.cccd, message: `Số CCCD “${person.cccd}” đã có trong danh sách của đơn vị “${cccdUnit}”: mỗi người chỉ thuộc một đơn vị` });
    }
    const phoneUnit = person.phone ? unitOfPhone.get(person.phone) : undefined;
    if (phoneUnit !== undefined) {
      problems.push({ row: person.row, column: ROSTER_COLUMN_HEADERS.phone, message: `Số điện thoại “${person.phone}” đã có trong danh sách của đơn vị “${phoneUnit}”: mỗi số chỉ thuộc về một người` });
    }
  }
  return sortRosterProblems(problems);
}

/** A row of the unit's roster as it is. */
export interface CurrentRosterEntry extends RosterPerson {
  id: number;
}

export type RosterField = "fullName" | "birthDate" | "cccd" | "phone" | "position";
const FIELDS: readonly RosterField[] = ["fullName", "birthDate", "cccd", "phone", "position"];

export interface RosterChange {
  id: number;
  row: number;
  before: RosterPerson;
  after: RosterPerson;
  fields: RosterField[];
}

export interface RosterDiff {
  added: RosterRow[];
  removed: CurrentRosterEntry[];
  changed: RosterChange[];
  unchanged: { id: number; row: number }[];
}

/**
 * The difference between the unit's roster and the file. A row of the file is the same person as a
 * row of the roster when they share the CCCD, else the phone, else the name without diacritics (and
 * the date of birth, when both have one). Kept people keep their row (and later their account link).
 */
export function diffRoster(current: readonly CurrentRosterEntry[], incoming: readonly RosterRow[]): RosterDiff {
  const free = new Map(current.map((c) => [c.id, c]));
  const matchOf = new Map<number, CurrentRosterEntry>();
  const passes: ((c: CurrentRosterEntry, p: RosterRow) => boolean)[] = [
    (c, p) => p.cccd !== null && c.cccd === p.cccd,
    (c, p) => p.phone !== null && c.phone === p.phone && (c.cccd === null || p.cccd === null),
    (c, p) => c.nameFolded === p.nameFolded && (c.birthDate === null || p.birthDate === null || c.birthDate === p.birthDate) && (c.cccd === null || p.cccd === null),
  ];
  for (const same of passes) {
    for (const person of incoming) {
      if (matchOf.has(person.row)) continue;
      const found = [...free.values()].find((c) => same(c, person));
      if (found) {
        matchOf.set(person.row, found);
        free.delete(found.id);
      }
    }
  }
  const diff: RosterDiff = { added: [], removed: [...free.values()], changed: [], unchanged: [] };
  for (const person of incoming) {
    const before = matchOf.get(person.row);
    if (!before) {
      diff.added.push(person);
      continue;
    }
    const fields = FIELDS.filter((f) => before[f] !== person[f]);
    if (fields.length === 0) diff.unchanged.push({ id: before.id, row: person.row });
    else diff.changed.push({ id: before.id, row: person.row, before: personOf(before), after: personOf(person), fields });
  }
  return diff;
}

const personOf = (p: RosterPerson): RosterPerson => ({
  fullName: p.fullName,
  nameFolded: p.nameFolded,
  birthDate: p.birthDate,
  cccd: p.cccd,
  phone: p.phone,
  position: p.position,
});
