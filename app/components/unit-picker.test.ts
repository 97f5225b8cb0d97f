import { describe, expect, it } from "vitest";
import { matchUnits } from "./unit-picker";

const units = [
  { id: 1, name: "Xã Tân Phú", parents: "", depth: 1 },
  { id: 2, name: "Trung tâm Phục vụ hành chính công", parents: "Xã Tân Phú", depth: 2 },
  { id: 3, name: "Trung tâm Phục vụ hành chính công", parents: "Phường Minh Hòa", depth: 2 },
  { id: 4, name: "Sở Nội vụ", parents: "", depth: 1 },
  { id: 5, name: "Xã Phước Tân", parents: "", depth: 1 },
];

describe("matchUnits", () => {
  it("ignores diacritics and case", () => {
    expect(matchUnits(units, "SO NOI VU").map((u) => u.id)).toEqual([4]);
  });

  it("finds every typed word in the name or the parents' names", () => {
    expect(matchUnits(units, "trung tam tan phu").map((u) => u.id)).toEqual([2]);
    expect(matchUnits(units, "tân phú").map((u) => u.id)).toEqual([1, 5, 2]);
  });

  it("puts the unit whose name begins with what was typed first", () => {
    expect(matchUnits([...units].reverse(), "xa tan phu").map((u) => u.id)).toEqual([1, 5, 2]);
  });

  it("offers everything for an empty query and nothing for a query nobody matches", () => {
    expect(matchUnits(units, "  ")).toHaveLength(5);
    expect(matchUnits(units, "bo tai chinh")).toEqual([]);
  });
});
