// Unit figures rolled up over subtrees, pure. Counts are kept per DIRECT unit (a person counts in
// the unit they belong to); a unit's figures are the sums over its whole subtree, found through the
// materialised path ("1.4.17." lies under 1, 4 and itself).

export interface UnitCounts {
  /** People with a result. */
  participants: number;
  entries: number;
  /** Sum of the people's counted scores. */
  scoreSum: number;
  /** People whose counted result is a full score. */
  fullScores: number;
}

export interface RollupUnit {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  path: string;
  depth: number;
  /** The unit's OWN staff, sub-units excluded. */
  headcount: number;
  retired: boolean;
}

export interface RolledUpUnit extends UnitCounts {
  unitId: number;
  code: string;
  name: string;
  path: string;
  depth: number;
  /** Units directly under this one, retired ones left out. */
  childCount: number;
  /** Staff of the subtree, retired units left out. */
  headcount: number;
  /** participants ÷ headcount; null when the headcount is 0 (nothing to divide by). */
  participationRate: number | null;
  /** scoreSum ÷ participants; null when nobody took part. */
  averageScore: number | null;
}

export const NO_COUNTS: UnitCounts = { participants: 0, entries: 0, scoreSum: 0, fullScores: 0 };

/** Ids on the path from the root down to the unit itself. */
export function pathIds(path: string): number[] {
  return path
    .split(".")
    .filter(Boolean)
    .map(Number);
}

export function participationRate(participants: number, headcount: number): number | null {
  return headcount > 0 ? participants / headcount : null;
}

export function averageScore(scoreSum: number, participants: number): number | null {
  return participants > 0 ? scoreSum / participants : null;
}

/**
 * Every non-retired unit with its subtree's figures. Counts of retired units (people whose unit
 * was retired without being merged) still count in their ancestors, so no result is lost; their
 * headcount does not.
 */
export function rollUpUnits(units: readonly RollupUnit[], countsByUnit: ReadonlyMap<number, UnitCounts>): RolledUpUnit[] {
  const totals = new Map<number, UnitCounts & { headcount: number; childCount: number }>();
  const totalOf = (id: number) => {
    let total = totals.get(id);
    if (!total) {
      total = { ...NO_COUNTS, headcount: 0, childCount: 0 };
      totals.set(id, total);
    }
    return total;
  };
  for (const unit of units) {
    if (!unit.retired && unit.parentId !== null) totalOf(unit.parentId).childCount += 1;
    const counts = countsByUnit.get(unit.id);
    for (const ancestorId of pathIds(unit.path)) {
      const total = totalOf(ancestorId);
      if (!unit.retired) total.headcount += unit.headcount;
      if (counts) {
        total.participants += counts.participants;
        total.entries += counts.entries;
        total.scoreSum += counts.scoreSum;
        total.fullScores += counts.fullScores;
      }
    }
  }
  const rows: RolledUpUnit[] = [];
  for (const unit of units) {
    if (unit.retired) continue;
    const total = totals.get(unit.id) ?? { ...NO_COUNTS, headcount: 0, childCount: 0 };
    rows.push({
      unitId: unit.id,
      code: unit.code,
      name: unit.name,
      path: unit.path,
      depth: unit.depth,
      childCount: total.childCount,
      headcount: total.headcount,
      participants: total.participants,
      entries: total.entries,
      scoreSum: total.scoreSum,
      fullScores: total.fullScores,
      participationRate: participationRate(total.participants, total.headcount),
      averageScore: averageScore(total.scoreSum, total.participants),
    });
  }
  return rows;
}

// One collator for every comparison: localeCompare with a locale builds one per call, far too slow for 2,000 units.
const vietnamese = new Intl.Collator("vi");

/** Parents before children, siblings by name (then id): the order of a tree table. */
export function treeOrder<T extends { name: string; path: string }>(rows: readonly T[]): T[] {
  const nameOf = new Map(rows.map((r) => [pathIds(r.path).at(-1)!, r.name]));
  const ids = new Map(rows.map((r) => [r, pathIds(r.path)]));
  return rows.slice().sort((a, b) => {
    const x = ids.get(a)!;
    const y = ids.get(b)!;
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] === y[i]) continue;
      return vietnamese.compare(nameOf.get(x[i]) ?? "", nameOf.get(y[i]) ?? "") || x[i] - y[i];
    }
    return x.length - y.length;
  });
}

export type UnitSortKey = "participationRate" | "participants" | "entries" | "averageScore" | "fullScores" | "name";

/**
 * Orders unit rows by one figure; units without a figure (no headcount, nobody took part) go last
 * whichever the direction, and ties go by name.
 */
export function sortUnitRows<T extends Pick<RolledUpUnit, "name" | "participationRate" | "participants" | "entries" | "averageScore" | "fullScores">>(
  rows: readonly T[],
  sort: UnitSortKey,
  descending: boolean,
): T[] {
  const byName = (a: T, b: T) => vietnamese.compare(a.name, b.name);
  return rows.slice().sort((a, b) => {
    if (sort === "name") return descending ? byName(b, a) : byName(a, b);
    const x = a[sort];
    const y = b[sort];
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return (descending ? y - x : x - y) || byName(a, b);
  });
}
