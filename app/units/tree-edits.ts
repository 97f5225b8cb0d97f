// Pure rules for editing the unit tree: what may move or merge where, how the materialised
// paths ("1.4.17.") of a subtree change, and when a unit may be retired. No I/O here.

/** Known kinds of unit; the database keeps the key, people read the label. */
export const UNIT_KINDS = {
  province: "Tỉnh, thành phố",
  department: "Sở, ban, ngành",
  district: "Huyện, thị xã, thành phố thuộc tỉnh",
  commune: "Xã",
  ward: "Phường",
  town: "Thị trấn",
  sub_unit: "Đơn vị trực thuộc",
  public: "Người dân",
  other: "Khác",
} as const;

export type UnitKind = keyof typeof UNIT_KINDS;
export const UNIT_KIND_KEYS = Object.keys(UNIT_KINDS) as UnitKind[];

export const unitKindLabel = (kind: string): string => (kind in UNIT_KINDS ? UNIT_KINDS[kind as UnitKind] : kind);

export const UNIT_CODE_MAX = 40;
export const UNIT_NAME_MIN = 2;
export const UNIT_NAME_MAX = 200;
export const UNIT_HEADCOUNT_MAX = 1_000_000;

/** Codes are compared and stored in upper case: "mh-snv" and "MH-SNV" are one unit. */
export const normalizeUnitCode = (code: string): string => code.normalize("NFC").trim().toUpperCase();

const CODE_PATTERN = /^[A-Z0-9][A-Z0-9._-]*$/;
export const UNIT_CODE_RULE = `Mã đơn vị chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (bắt đầu bằng chữ hoặc số, tối đa ${UNIT_CODE_MAX} ký tự)`;

/** Null when the (normalised) code may be given to a new unit, else why not. */
export function unitCodeProblem(code: string): string | null {
  if (code === "") return "Thiếu mã đơn vị";
  if (code.length > UNIT_CODE_MAX || !CODE_PATTERN.test(code)) return UNIT_CODE_RULE;
  return null;
}

/** What the rules need to know of a unit. */
export interface TreeUnit {
  id: number;
  name: string;
  /** Materialised path of ids, with a trailing dot: "1.4.17.". */
  path: string;
  depth: number;
  parentId: number | null;
  retired: boolean;
}

export type TreeCheck = { ok: true; unchanged: boolean } | { ok: false; message: string };

const refuse = (message: string): TreeCheck => ({ ok: false, message });

/** True when `unit` is `root` or lies under it. */
export const isInSubtree = (unit: Pick<TreeUnit, "path">, root: Pick<TreeUnit, "path">): boolean => unit.path.startsWith(root.path);

/** May `unit` be placed under `target` (null: at the top level)? Placing it where it already is changes nothing. */
export function checkMove(unit: TreeUnit, target: TreeUnit | null): TreeCheck {
  if (unit.retired) return refuse(`Đơn vị “${unit.name}” đã ngừng hoạt động, không thể chuyển.`);
  if (target === null) return { ok: true, unchanged: unit.parentId === null };
  if (target.id === unit.id) return refuse("Không thể chuyển một đơn vị vào chính nó.");
  if (isInSubtree(target, unit)) {
    return refuse(`Không thể chuyển “${unit.name}” vào “${target.name}” vì “${target.name}” là đơn vị trực thuộc của “${unit.name}”.`);
  }
  if (target.retired) return refuse(`Đơn vị cấp trên “${target.name}” đã ngừng hoạt động.`);
  return { ok: true, unchanged: target.id === unit.parentId };
}

/** How the paths of a subtree change: every path starting with `fromPrefix` starts with `toPrefix` instead. */
export interface PathRebase {
  fromPrefix: string;
  toPrefix: string;
  depthDelta: number;
}

/** The rebase of `unit`'s subtree (itself included) when it is placed under `target` (null: top level). */
export function moveRebase(unit: Pick<TreeUnit, "id" | "path" | "depth">, target: Pick<TreeUnit, "path" | "depth"> | null): PathRebase {
  return {
    fromPrefix: unit.path,
    toPrefix: `${target?.path ?? ""}${unit.id}.`,
    depthDelta: (target ? target.depth + 1 : 0) - unit.depth,
  };
}

/** The rebase of the units under `from` (not `from` itself) when `from`'s children go to `into`. */
export function mergeRebase(from: Pick<TreeUnit, "path" | "depth">, into: Pick<TreeUnit, "path" | "depth">): PathRebase {
  return { fromPrefix: from.path, toPrefix: into.path, depthDelta: into.depth - from.depth };
}

/** A unit's path and depth after a rebase; units outside the rebased subtree keep theirs. */
export function rebase(unit: { path: string; depth: number }, plan: PathRebase): { path: string; depth: number } {
  if (!unit.path.startsWith(plan.fromPrefix)) return { path: unit.path, depth: unit.depth };
  return { path: plan.toPrefix + unit.path.slice(plan.fromPrefix.length), depth: unit.depth + plan.depthDelta };
}

/** May `from` be merged into `into` (its people, children, audiences and contests going to `into`)? */
export function checkMerge(from: TreeUnit & { mergedIntoName?: string | null }, into: TreeUnit): TreeCheck {
  if (from.id === into.id) return refuse("Không thể sáp nhập một đơn vị vào chính nó.");
  if (from.retired) {
    return refuse(
      from.mergedIntoName
        ? `Đơn vị “${from.name}” đã được sáp nhập vào “${from.mergedIntoName}” trước đó.`
        : `Đơn vị “${from.name}” đã ngừng hoạt động.`,
    );
  }
  if (isInSubtree(into, from)) {
    return refuse(`Không thể sáp nhập “${from.name}” vào “${into.name}” vì “${into.name}” là đơn vị trực thuộc của “${from.name}”.`);
  }
  if (into.retired) return refuse(`Đơn vị nhận “${into.name}” đã ngừng hoạt động.`);
  return { ok: true, unchanged: false };
}

/** May a unit stop operating? Not while anyone or any active unit still belongs to it. */
export function checkRetire(unit: TreeUnit, held: { people: number; activeChildren: number }): TreeCheck {
  if (unit.retired) return refuse(`Đơn vị “${unit.name}” đã ngừng hoạt động từ trước.`);
  const still: string[] = [];
  if (held.people > 0) still.push(`${held.people} người dùng`);
  if (held.activeChildren > 0) still.push(`${held.activeChildren} đơn vị trực thuộc đang hoạt động`);
  if (still.length > 0) {
    return refuse(
      `Chưa thể cho “${unit.name}” ngừng hoạt động vì đơn vị còn ${still.join(" và ")}. ` +
        "Hãy chuyển các đơn vị trực thuộc sang nơi khác, hoặc sáp nhập đơn vị này vào một đơn vị khác (người dùng và đơn vị trực thuộc sẽ chuyển theo).",
    );
  }
  return { ok: true, unchanged: false };
}

/** Parses a headcount typed by a person: a whole number from 0 to UNIT_HEADCOUNT_MAX. */
export function parseHeadcount(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const compact = text.replace(/\s+/g, "");
  if (compact === "") return { ok: false, message: "Thiếu số biên chế; ghi 0 nếu đơn vị không có biên chế riêng" };
  if (/^-\d+([.,]\d+)?$/.test(compact)) return { ok: false, message: `Số biên chế không được là số âm ("${text}")` };
  if (/^\d+[.,]\d+$/.test(compact)) return { ok: false, message: `Số biên chế phải là số nguyên, không có phần thập phân hay dấu phân cách ("${text}")` };
  if (!/^\d+$/.test(compact)) return { ok: false, message: `Số biên chế phải là một số nguyên không âm ("${text}")` };
  const value = Number(compact);
  if (value > UNIT_HEADCOUNT_MAX) return { ok: false, message: `Số biên chế quá lớn (tối đa ${UNIT_HEADCOUNT_MAX.toLocaleString("vi-VN")})` };
  return { ok: true, value };
}

const looseKind = (text: string) =>
  text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

const KIND_LOOKUP = new Map<string, UnitKind>(UNIT_KIND_KEYS.flatMap((key) => [[looseKind(key), key], [looseKind(UNIT_KINDS[key]), key]] as const));

/** The kind a person wrote, by its label ("Sở, ban, ngành") or key ("department"), loosely; null if unknown. */
export function parseUnitKind(text: string): UnitKind | null {
  return KIND_LOOKUP.get(looseKind(text)) ?? null;
}
