import { describe, expect, it } from "vitest";
import { averageScore, participationRate, pathIds, rollUpUnits, sortUnitRows, treeOrder, type RollupUnit, type UnitCounts } from "./unit-rollup";

const unit = (id: number, path: string, name: string, headcount: number, retired = false): RollupUnit => {
  const ids = pathIds(path);
  return { id, parentId: ids.length > 1 ? ids[ids.length - 2] : null, code: `U${id}`, name, path, depth: ids.length - 1, headcount, retired };
};
const counts = (participants: number, entries: number, scoreSum: number, fullScores: number): UnitCounts => ({ participants, entries, scoreSum, fullScores });

// Province 1 → department 2 (→ offices 4, 5 retired) and commune 3 (→ centre 6).
const TREE = [
  unit(1, "1.", "Tỉnh", 10),
  unit(2, "1.2.", "Sở Nội vụ", 50),
  unit(3, "1.3.", "Xã An Hòa", 30),
  unit(4, "1.2.4.", "Phòng Tổ chức", 20),
  unit(5, "1.2.5.", "Phòng cũ", 15, true),
  unit(6, "1.3.6.", "Trung tâm", 0),
];

describe("rollUpUnits", () => {
  const rows = rollUpUnits(TREE, new Map([
    [2, counts(10, 14, 800, 2)],
    [4, counts(5, 9, 450, 1)],
    [5, counts(2, 2, 100, 0)],
  ]));
  const row = (id: number) => rows.find((r) => r.unitId === id)!;

  it("adds each unit's counts to itself and every ancestor, not to siblings", () => {
    expect(row(4)).toMatchObject({ participants: 5, entries: 9, scoreSum: 450, fullScores: 1 });
    expect(row(2)).toMatchObject({ participants: 17, entries: 25, scoreSum: 1350, fullScores: 3 });
    expect(row(1)).toMatchObject({ participants: 17, entries: 25, scoreSum: 1350, fullScores: 3 });
    expect(row(3)).toMatchObject({ participants: 0, entries: 0, scoreSum: 0, fullScores: 0 });
  });

  it("sums headcounts over the subtree, leaving retired units out", () => {
    expect(row(4).headcount).toBe(20);
    expect(row(2).headcount).toBe(70);
    expect(row(3).headcount).toBe(30);
    expect(row(1).headcount).toBe(110);
  });

  it("lists every live unit, those where nobody took part too, and never a retired one", () => {
    expect(rows.map((r) => r.unitId).sort()).toEqual([1, 2, 3, 4, 6]);
    expect(row(6)).toMatchObject({ participants: 0, headcount: 0, participationRate: null, averageScore: null });
  });

  it("counts live children only", () => {
    expect(row(1).childCount).toBe(2);
    expect(row(2).childCount).toBe(1);
    expect(row(4).childCount).toBe(0);
  });

  it("derives rate and average from the rolled-up figures", () => {
    expect(row(2).participationRate).toBeCloseTo(17 / 70);
    expect(row(2).averageScore).toBeCloseTo(1350 / 17);
    expect(row(3).participationRate).toBe(0);
    expect(row(3).averageScore).toBeNull();
  });
});

describe("participationRate and averageScore", () => {
  it("have no value when there is nothing to divide by", () => {
    expect(participationRate(3, 0)).toBeNull();
    expect(participationRate(0, 0)).toBeNull();
    expect(participationRate(0, 10)).toBe(0);
    expect(participationRate(5, 10)).toBe(0.5);
    expect(averageScore(0, 0)).toBeNull();
    expect(averageScore(150, 2)).toBe(75);
  });
});

describe("sortUnitRows", () => {
  const rows = [
    { name: "Bình", participationRate: 0.5, participants: 5, entries: 9, averageScore: 70, fullScores: 1 },
    { name: "An", participationRate: null, participants: 3, entries: 3, averageScore: null, fullScores: 0 },
    { name: "Chợ", participationRate: 0.5, participants: 8, entries: 8, averageScore: 90, fullScores: 4 },
    { name: "Đông", participationRate: 0.1, participants: 1, entries: 1, averageScore: 40, fullScores: 0 },
  ];
  it("sorts by the figure, ties by name, rows without the figure last in either direction", () => {
    expect(sortUnitRows(rows, "participationRate", true).map((r) => r.name)).toEqual(["Bình", "Chợ", "Đông", "An"]);
    expect(sortUnitRows(rows, "participationRate", false).map((r) => r.name)).toEqual(["Đông", "Bình", "Chợ", "An"]);
    expect(sortUnitRows(rows, "averageScore", true).map((r) => r.name)).toEqual(["Chợ", "Bình", "Đông", "An"]);
    expect(sortUnitRows(rows, "participants", true).map((r) => r.name)).toEqual(["Chợ", "Bình", "An", "Đông"]);
  });
  it("sorts names the Vietnamese way (Đ after D)", () => {
    const names = sortUnitRows([...rows, { ...rows[0], name: "Dương" }], "name", false).map((r) => r.name);
    expect(names).toEqual(["An", "Bình", "Chợ", "Dương", "Đông"]);
  });
});

describe("treeOrder", () => {
  it("puts parents before children and siblings by name", () => {
    const ordered = treeOrder(TREE.filter((u) => !u.retired).reverse());
    expect(ordered.map((u) => u.id)).toEqual([1, 2, 4, 3, 6]);
  });
});
