import { describe, expect, it } from "vitest";
import {
  UNIT_CODE_MAX,
  UNIT_HEADCOUNT_MAX,
  UNIT_KINDS,
  UNIT_KIND_KEYS,
  checkMerge,
  checkMove,
  checkRetire,
  isInSubtree,
  mergeRebase,
  moveRebase,
  normalizeUnitCode,
  parseHeadcount,
  parseUnitKind,
  rebase,
  unitCodeProblem,
  unitKindLabel,
  type TreeUnit,
} from "./tree-edits";

// A small province:  1 Tỉnh ─┬─ 2 Sở Nội vụ ── 3 Phòng CCHC ── 4 Tổ kiểm tra
//                             ├─ 5 Sở Tư pháp
//                             └─ 6 Sở cũ (retired)
// and a second root 7 (Người dân).
const node = (id: number, name: string, path: string, parentId: number | null, retired = false): TreeUnit => ({
  id,
  name,
  path,
  depth: path.split(".").filter(Boolean).length - 1,
  parentId,
  retired,
});
const TINH = node(1, "Tỉnh", "1.", null);
const SNV = node(2, "Sở Nội vụ", "1.2.", 1);
const CCHC = node(3, "Phòng CCHC", "1.2.3.", 2);
const TO = node(4, "Tổ kiểm tra", "1.2.3.4.", 3);
const STP = node(5, "Sở Tư pháp", "1.5.", 1);
const CU = node(6, "Sở cũ", "1.6.", 1, true);
const DAN = node(7, "Người dân", "7.", null);
const ALL = [TINH, SNV, CCHC, TO, STP, CU, DAN];

describe("isInSubtree", () => {
  it("counts the root itself and everything below it, nothing else", () => {
    expect(ALL.filter((u) => isInSubtree(u, SNV)).map((u) => u.id)).toEqual([2, 3, 4]);
    expect(ALL.filter((u) => isInSubtree(u, TINH)).map((u) => u.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("does not confuse ids that share leading digits (1.2. is not under 1.23.)", () => {
    expect(isInSubtree(node(23, "x", "1.23.", 1), SNV)).toBe(false);
    expect(isInSubtree(node(12, "x", "12.", null), TINH)).toBe(false);
  });
});

describe("checkMove", () => {
  it("allows moving a unit under another active unit outside its subtree", () => {
    expect(checkMove(CCHC, STP)).toEqual({ ok: true, unchanged: false });
    expect(checkMove(TO, TINH)).toEqual({ ok: true, unchanged: false });
    expect(checkMove(SNV, DAN)).toEqual({ ok: true, unchanged: false });
  });

  it("allows moving a unit to the top level", () => {
    expect(checkMove(CCHC, null)).toEqual({ ok: true, unchanged: false });
  });

  it("treats a move to the current place as no change (a repeated form post does nothing)", () => {
    expect(checkMove(CCHC, SNV)).toEqual({ ok: true, unchanged: true });
    expect(checkMove(TINH, null)).toEqual({ ok: true, unchanged: true });
  });

  it("refuses a move into the unit itself", () => {
    const result = checkMove(SNV, SNV);
    expect(result).toEqual({ ok: false, message: "Không thể chuyển một đơn vị vào chính nó." });
  });

  it("refuses a move into any of its descendants, however deep", () => {
    for (const target of [CCHC, TO]) {
      const result = checkMove(SNV, target);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toBe(`Không thể chuyển “Sở Nội vụ” vào “${target.name}” vì “${target.name}” là đơn vị trực thuộc của “Sở Nội vụ”.`);
    }
    expect(checkMove(TINH, TO).ok).toBe(false);
  });

  it("refuses a retired target and a retired unit", () => {
    expect(checkMove(STP, CU)).toEqual({ ok: false, message: "Đơn vị cấp trên “Sở cũ” đã ngừng hoạt động." });
    expect(checkMove(CU, STP)).toEqual({ ok: false, message: "Đơn vị “Sở cũ” đã ngừng hoạt động, không thể chuyển." });
    expect(checkMove(CU, null).ok).toBe(false);
  });

  it("never allows a move that would create a cycle, for every pair of units", () => {
    for (const unit of ALL) {
      for (const target of ALL) {
        const result = checkMove(unit, target);
        if (result.ok) expect(target.path.startsWith(unit.path)).toBe(false);
      }
    }
  });
});

describe("moveRebase and rebase", () => {
  it("rebases the moved unit and every descendant, and nothing else", () => {
    const plan = moveRebase(SNV, STP);
    expect(plan).toEqual({ fromPrefix: "1.2.", toPrefix: "1.5.2.", depthDelta: 1 });
    expect(rebase(SNV, plan)).toEqual({ path: "1.5.2.", depth: 2 });
    expect(rebase(CCHC, plan)).toEqual({ path: "1.5.2.3.", depth: 3 });
    expect(rebase(TO, plan)).toEqual({ path: "1.5.2.3.4.", depth: 4 });
    for (const other of [TINH, STP, CU, DAN]) expect(rebase(other, plan)).toEqual({ path: other.path, depth: other.depth });
  });

  it("moves a subtree up to the top level", () => {
    const plan = moveRebase(CCHC, null);
    expect(plan).toEqual({ fromPrefix: "1.2.3.", toPrefix: "3.", depthDelta: -2 });
    expect(rebase(TO, plan)).toEqual({ path: "3.4.", depth: 1 });
  });

  it("moves a deep subtree up a level (depth decreases)", () => {
    const plan = moveRebase(TO, TINH);
    expect(rebase(TO, plan)).toEqual({ path: "1.4.", depth: 1 });
  });

  it("keeps every rebased path consistent with its depth across a 12-level chain moved under another root", () => {
    const chain: TreeUnit[] = [];
    let path = "";
    for (let i = 0; i < 12; i++) {
      path += `${100 + i}.`;
      chain.push(node(100 + i, `Cấp ${i}`, path, i === 0 ? null : 99 + i));
    }
    const plan = moveRebase(chain[3], DAN);
    for (const unit of chain) {
      const after = rebase(unit, plan);
      expect(after.path.split(".").filter(Boolean).length - 1).toBe(after.depth);
      if (unit.path.startsWith(chain[3].path)) expect(after.path.startsWith("7.103.")).toBe(true);
      else expect(after).toEqual({ path: unit.path, depth: unit.depth });
    }
  });
});

describe("mergeRebase", () => {
  it("puts the children of the merged unit directly under the receiving unit", () => {
    const plan = mergeRebase(SNV, STP);
    expect(plan).toEqual({ fromPrefix: "1.2.", toPrefix: "1.5.", depthDelta: 0 });
    expect(rebase(CCHC, plan)).toEqual({ path: "1.5.3.", depth: 2 });
    expect(rebase(TO, plan)).toEqual({ path: "1.5.3.4.", depth: 3 });
  });

  it("adjusts depths when the receiving unit sits at another level", () => {
    const plan = mergeRebase(SNV, DAN);
    expect(rebase(CCHC, plan)).toEqual({ path: "7.3.", depth: 1 });
    const deeper = mergeRebase(STP, CCHC);
    expect(rebase(node(8, "Phòng hộ tịch", "1.5.8.", 5), deeper)).toEqual({ path: "1.2.3.8.", depth: 3 });
  });
});

describe("checkMerge", () => {
  it("allows merging into a sibling, a parent or another branch", () => {
    expect(checkMerge(STP, SNV)).toEqual({ ok: true, unchanged: false });
    expect(checkMerge(CCHC, SNV)).toEqual({ ok: true, unchanged: false });
    expect(checkMerge(TO, DAN)).toEqual({ ok: true, unchanged: false });
  });

  it("refuses merging a unit into itself", () => {
    expect(checkMerge(SNV, SNV)).toEqual({ ok: false, message: "Không thể sáp nhập một đơn vị vào chính nó." });
  });

  it("refuses merging into its own descendant", () => {
    const result = checkMerge(SNV, TO);
    expect(result).toEqual({ ok: false, message: "Không thể sáp nhập “Sở Nội vụ” vào “Tổ kiểm tra” vì “Tổ kiểm tra” là đơn vị trực thuộc của “Sở Nội vụ”." });
    expect(checkMerge(TINH, STP).ok).toBe(false);
  });

  it("refuses a unit merged before (a repeated merge) and names where it went", () => {
    expect(checkMerge({ ...CU, mergedIntoName: "Sở Tư pháp" }, STP)).toEqual({ ok: false, message: "Đơn vị “Sở cũ” đã được sáp nhập vào “Sở Tư pháp” trước đó." });
    expect(checkMerge(CU, STP)).toEqual({ ok: false, message: "Đơn vị “Sở cũ” đã ngừng hoạt động." });
  });

  it("refuses merging into a retired unit", () => {
    expect(checkMerge(STP, CU)).toEqual({ ok: false, message: "Đơn vị nhận “Sở cũ” đã ngừng hoạt động." });
  });
});

describe("checkRetire", () => {
  it("allows retiring an empty unit", () => {
    expect(checkRetire(STP, { people: 0, activeChildren: 0 })).toEqual({ ok: true, unchanged: false });
  });

  it("refuses while people belong to it, and says to move or merge first", () => {
    const result = checkRetire(STP, { people: 3, activeChildren: 0 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain("còn 3 người dùng");
      expect(result.message).toContain("sáp nhập");
    }
  });

  it("refuses while active children remain, naming both reasons when both apply", () => {
    const result = checkRetire(SNV, { people: 2, activeChildren: 1 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain("còn 2 người dùng và 1 đơn vị trực thuộc đang hoạt động");
  });

  it("refuses a unit already retired (a repeated post)", () => {
    expect(checkRetire(CU, { people: 0, activeChildren: 0 })).toEqual({ ok: false, message: "Đơn vị “Sở cũ” đã ngừng hoạt động từ trước." });
  });
});

describe("unit codes", () => {
  it("normalises to upper case without surrounding spaces", () => {
    expect(normalizeUnitCode("  mh-snv ")).toBe("MH-SNV");
  });

  it("accepts letters, digits and - _ . up to the limit", () => {
    for (const code of ["MH", "MH-SNV-CCHC", "X_1.2", "9A", "A".repeat(UNIT_CODE_MAX)]) expect(unitCodeProblem(code)).toBeNull();
  });

  it("refuses empty, too long, accented, spaced or symbol-led codes", () => {
    expect(unitCodeProblem("")).toBe("Thiếu mã đơn vị");
    for (const code of ["A".repeat(UNIT_CODE_MAX + 1), "SỞ-NV", "MH SNV", "-MH", "MH/SNV", "=1+1"]) {
      expect(unitCodeProblem(code)).toMatch(/^Mã đơn vị chỉ gồm/);
    }
  });
});

describe("parseHeadcount", () => {
  it("reads whole numbers, spaces ignored", () => {
    expect(parseHeadcount("0")).toEqual({ ok: true, value: 0 });
    expect(parseHeadcount(" 125 ")).toEqual({ ok: true, value: 125 });
    expect(parseHeadcount("1 250")).toEqual({ ok: true, value: 1250 });
    expect(parseHeadcount(String(UNIT_HEADCOUNT_MAX))).toEqual({ ok: true, value: UNIT_HEADCOUNT_MAX });
  });

  it("refuses negative, fractional, separated, too large and non-numeric values with a reason", () => {
    const message = (text: string) => {
      const result = parseHeadcount(text);
      return result.ok ? null : result.message;
    };
    expect(message("")).toMatch(/^Thiếu số biên chế/);
    expect(message("-3")).toMatch(/không được là số âm/);
    expect(message("-2.5")).toMatch(/không được là số âm/);
    expect(message("12.5")).toMatch(/phải là số nguyên/);
    expect(message("1.234")).toMatch(/phải là số nguyên/);
    expect(message("3,5")).toMatch(/phải là số nguyên/);
    expect(message("mười")).toMatch(/phải là một số nguyên không âm/);
    expect(message("1e3")).toMatch(/phải là một số nguyên không âm/);
    expect(message(String(UNIT_HEADCOUNT_MAX + 1))).toMatch(/quá lớn/);
  });
});

describe("unit kinds", () => {
  it("reads every label and every key, ignoring case, accents and punctuation", () => {
    for (const key of UNIT_KIND_KEYS) {
      expect(parseUnitKind(key)).toBe(key);
      expect(parseUnitKind(UNIT_KINDS[key])).toBe(key);
      expect(parseUnitKind(UNIT_KINDS[key].toUpperCase())).toBe(key);
    }
    expect(parseUnitKind("so ban nganh")).toBe("department");
    expect(parseUnitKind("Xa")).toBe("commune");
  });

  it("returns null for an unknown kind", () => {
    expect(parseUnitKind("Ấp")).toBeNull();
    expect(parseUnitKind("")).toBeNull();
  });

  it("labels known kinds in Vietnamese and shows unknown ones as they are", () => {
    expect(unitKindLabel("department")).toBe("Sở, ban, ngành");
    expect(unitKindLabel("hamlet")).toBe("hamlet");
  });
});
