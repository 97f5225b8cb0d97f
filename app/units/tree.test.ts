import { describe, expect, it } from "vitest";
import { depthFirst, unitChoiceLabel, unitParentLabels, unitPathLabels, unitPickerChoices, type UnitNode } from "./tree";

const unit = (id: number, parentId: number | null, name: string): UnitNode => ({ id, parentId, name });

const PROVINCE = unit(1, null, "Tỉnh Quảng Ninh");
const SO_NOI_VU = unit(2, 1, "Sở Nội vụ");
const PHONG_CCHC = unit(3, 2, "Phòng Cải cách hành chính");
const TO_KIEM_TRA = unit(4, 3, "Tổ kiểm tra");
const SO_TU_PHAP = unit(5, 1, "Sở Tư pháp");

/** A chain root → level 1 → … → level `levels - 1`. */
function chain(levels: number): UnitNode[] {
  return Array.from({ length: levels }, (_, i) => unit(100 + i, i === 0 ? null : 100 + i - 1, i === 0 ? "Tỉnh" : `Cấp ${i}`));
}

const names = (units: readonly UnitNode[]) => units.map((u) => u.name);

describe("unitPathLabels", () => {
  it("labels the root with its own name", () => {
    expect(unitPathLabels([PROVINCE]).get(1)).toBe("Tỉnh Quảng Ninh");
  });

  it("leaves the root out of its children's labels", () => {
    expect(unitPathLabels([PROVINCE, SO_NOI_VU]).get(2)).toBe("Sở Nội vụ");
  });

  it("joins the ancestors below the root with ›", () => {
    const labels = unitPathLabels([PROVINCE, SO_NOI_VU, PHONG_CCHC, TO_KIEM_TRA]);
    expect(labels.get(3)).toBe("Sở Nội vụ › Phòng Cải cách hành chính");
    expect(labels.get(4)).toBe("Sở Nội vụ › Phòng Cải cách hành chính › Tổ kiểm tra");
  });

  it("labels every unit, whatever the order of the input", () => {
    const labels = unitPathLabels([TO_KIEM_TRA, SO_TU_PHAP, PHONG_CCHC, PROVINCE, SO_NOI_VU]);
    expect(labels.size).toBe(5);
    expect(labels.get(4)).toBe("Sở Nội vụ › Phòng Cải cách hành chính › Tổ kiểm tra");
    expect(labels.get(5)).toBe("Sở Tư pháp");
  });

  it("labels a tree of depth 6 with the five levels under the root", () => {
    const labels = unitPathLabels(chain(6));
    expect(labels.get(100)).toBe("Tỉnh");
    expect(labels.get(101)).toBe("Cấp 1");
    expect(labels.get(103)).toBe("Cấp 1 › Cấp 2 › Cấp 3");
    expect(labels.get(105)).toBe("Cấp 1 › Cấp 2 › Cấp 3 › Cấp 4 › Cấp 5");
  });

  it("labels deep chains (30 levels) from the top down, input reversed", () => {
    const units = chain(30).reverse();
    const expected = Array.from({ length: 29 }, (_, i) => `Cấp ${i + 1}`).join(" › ");
    expect(unitPathLabels(units).get(129)).toBe(expected);
  });

  it("labels a unit whose parent is missing with its own name", () => {
    const labels = unitPathLabels([unit(7, 999, "Phòng mồ côi")]);
    expect(labels.get(7)).toBe("Phòng mồ côi");
  });

  it("labels the children of a unit whose parent is missing under that unit", () => {
    const labels = unitPathLabels([unit(7, 999, "Phòng mồ côi"), unit(8, 7, "Tổ một")]);
    expect(labels.get(8)).toBe("Phòng mồ côi › Tổ một");
  });

  it("returns an empty map for no units", () => {
    expect(unitPathLabels([]).size).toBe(0);
  });
});

describe("depthFirst", () => {
  it("returns nothing for no units", () => {
    expect(depthFirst([])).toEqual([]);
  });

  it("puts every parent before its children and numbers depths from 0", () => {
    const ordered = depthFirst([TO_KIEM_TRA, SO_TU_PHAP, PHONG_CCHC, SO_NOI_VU, PROVINCE]);
    expect(ordered.map((u) => [u.name, u.depth])).toEqual([
      ["Tỉnh Quảng Ninh", 0],
      ["Sở Nội vụ", 1],
      ["Phòng Cải cách hành chính", 2],
      ["Tổ kiểm tra", 3],
      ["Sở Tư pháp", 1],
    ]);
  });

  it("keeps a subtree together before the next sibling", () => {
    const units = [PROVINCE, unit(10, 1, "Sở A"), unit(11, 1, "Sở B"), unit(12, 10, "Phòng A1"), unit(13, 11, "Phòng B1"), unit(14, 12, "Tổ A1a")];
    expect(names(depthFirst(units))).toEqual(["Tỉnh Quảng Ninh", "Sở A", "Phòng A1", "Tổ A1a", "Sở B", "Phòng B1"]);
  });

  it("sorts siblings by Vietnamese alphabetical order (D before Đ, U before Ư, A before Ă before Â)", () => {
    const siblings = ["Phòng Văn hóa", "Phòng Ứng dụng", "Phòng Đào tạo", "Phòng Uỷ thác", "Phòng Dân tộc", "Phòng Tư pháp", "Phòng Âm nhạc", "Phòng Ăn uống", "Phòng An ninh"];
    const units = [PROVINCE, ...siblings.map((name, i) => unit(20 + i, 1, name))];
    expect(names(depthFirst(units)).slice(1)).toEqual([
      "Phòng An ninh",
      "Phòng Ăn uống",
      "Phòng Âm nhạc",
      "Phòng Dân tộc",
      "Phòng Đào tạo",
      "Phòng Tư pháp",
      "Phòng Uỷ thác",
      "Phòng Ứng dụng",
      "Phòng Văn hóa",
    ]);
  });

  it("orders a tree of depth 6 with depths 0 to 5", () => {
    const ordered = depthFirst(chain(6).reverse());
    expect(ordered.map((u) => u.depth)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(names(ordered)).toEqual(["Tỉnh", "Cấp 1", "Cấp 2", "Cấp 3", "Cấp 4", "Cấp 5"]);
  });

  it("lists every unit exactly once", () => {
    const units = [PROVINCE, SO_NOI_VU, PHONG_CCHC, TO_KIEM_TRA, SO_TU_PHAP, ...chain(6)];
    const ordered = depthFirst(units);
    expect(ordered.map((u) => u.id).sort((a, b) => a - b)).toEqual(units.map((u) => u.id).sort((a, b) => a - b));
  });

  it("places each unit one level below its parent and after it", () => {
    const units = [PROVINCE, SO_NOI_VU, PHONG_CCHC, TO_KIEM_TRA, SO_TU_PHAP, unit(6, 5, "Phòng Hộ tịch"), unit(9, 2, "Văn phòng Sở")];
    const ordered = depthFirst(units);
    const position = new Map(ordered.map((u, i) => [u.id, i]));
    for (const u of ordered) {
      if (u.parentId === null) continue;
      const parent = ordered[position.get(u.parentId)!];
      expect(position.get(u.id)!).toBeGreaterThan(position.get(u.parentId)!);
      expect(u.depth).toBe(parent.depth + 1);
    }
  });

  it("treats a unit whose parent is missing as a root of depth 0", () => {
    const ordered = depthFirst([unit(8, 7, "Tổ một"), unit(7, 999, "Phòng mồ côi"), PROVINCE]);
    expect(ordered.map((u) => [u.name, u.depth])).toEqual([
      ["Phòng mồ côi", 0],
      ["Tổ một", 1],
      ["Tỉnh Quảng Ninh", 0],
    ]);
  });

  it("keeps the other fields of each unit and does not modify the input", () => {
    const input = Object.freeze([{ ...SO_NOI_VU, code: "snv" }, { ...PROVINCE, code: "qn" }]);
    const ordered = depthFirst(input);
    expect(ordered).toEqual([
      { ...PROVINCE, code: "qn", depth: 0 },
      { ...SO_NOI_VU, code: "snv", depth: 1 },
    ]);
    expect(input.map((u) => u.id)).toEqual([2, 1]);
    expect("depth" in input[0]).toBe(false);
  });
});

describe("unitParentLabels", () => {
  it("names a unit's ancestors nearest first, without the root", () => {
    const parents = unitParentLabels([PROVINCE, SO_NOI_VU, PHONG_CCHC, TO_KIEM_TRA]);
    expect(parents.get(4)).toBe("Phòng Cải cách hành chính — Sở Nội vụ");
    expect(parents.get(2)).toBe("");
    expect(parents.get(1)).toBe("");
  });

  it("tells apart units of the same name by their parents", () => {
    const xaA = unit(10, 1, "UBND xã Tân Phú");
    const xaB = unit(11, 1, "UBND phường Minh Hòa");
    const centres = [unit(20, 10, "Trung tâm Phục vụ hành chính công"), unit(21, 11, "Trung tâm Phục vụ hành chính công")];
    const choices = unitPickerChoices([PROVINCE, xaA, xaB, ...centres]);
    const labels = choices.filter((c) => c.name.startsWith("Trung tâm")).map(unitChoiceLabel);
    expect(labels).toEqual(["Trung tâm Phục vụ hành chính công — UBND phường Minh Hòa", "Trung tâm Phục vụ hành chính công — UBND xã Tân Phú"]);
  });

  it("keeps the parents' names of a unit whose parent is not offered", () => {
    const tree = [PROVINCE, SO_NOI_VU, PHONG_CCHC, TO_KIEM_TRA];
    const choices = unitPickerChoices([TO_KIEM_TRA], tree);
    expect(choices).toEqual([{ id: 4, name: "Tổ kiểm tra", parents: "Phòng Cải cách hành chính — Sở Nội vụ", depth: 0 }]);
  });
});
