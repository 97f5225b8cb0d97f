import { describe, expect, it } from "vitest";
import { UNIT_EVENT_LABELS, describeUnitEvent } from "./unit-event-labels";

describe("describeUnitEvent", () => {
  it("names the code, parent and headcount of a new unit, or the top level", () => {
    expect(describeUnitEvent("unit.created", { code: "MH-X", parent: { code: "MH", name: "Tỉnh" }, headcount: 1200 })).toBe("Mã MH-X, thuộc “Tỉnh” (MH), biên chế 1.200");
    expect(describeUnitEvent("import.created", { code: "MH", parent: null, headcount: 0 })).toBe("Mã MH, thuộc cấp cao nhất, biên chế 0");
  });

  it("lists each edited field with its old and new value, kinds by their Vietnamese label", () => {
    expect(describeUnitEvent("unit.edited", { name: { from: "A", to: "B" }, kind: { from: "sub_unit", to: "department" }, headcount: { from: 3, to: 4 } })).toBe(
      "Tên: A → B; Loại: Đơn vị trực thuộc → Sở, ban, ngành; Biên chế: 3 → 4",
    );
    expect(describeUnitEvent("import.updated", { changes: { parent: { from: { code: "MH-SNV", name: "Sở Nội vụ" }, to: null } } })).toBe(
      "Cấp trên: “Sở Nội vụ” (MH-SNV) → cấp cao nhất",
    );
  });

  it("describes moves, merges and imports with their counts", () => {
    expect(describeUnitEvent("unit.moved", { from: { code: "A", name: "Sở A" }, to: { code: "B", name: "Sở B" }, subtreeSize: 3 })).toBe(
      "Từ “Sở A” (A) sang “Sở B” (B) (3 đơn vị kể cả đơn vị trực thuộc)",
    );
    const counts = { people: 5, children: 2, audiences: 1, contests: 0, headcount: 30 };
    expect(describeUnitEvent("unit.merged", { into: { code: "B", name: "Sở B" }, ...counts })).toBe(
      "Vào “Sở B” (B): 5 người dùng, 2 đơn vị trực thuộc, 1 bảng thi, 0 cuộc thi, biên chế 30",
    );
    expect(describeUnitEvent("unit.received", { from: { code: "A", name: "Sở A" }, ...counts })).toMatch(/^Từ “Sở A” \(A\): 5 người dùng/);
    expect(describeUnitEvent("import.applied", { fileName: "cay.xlsx", created: 2, updated: 1, unchanged: 40, absent: 3 })).toBe(
      "Tệp cay.xlsx: 2 đơn vị mới, 1 đơn vị cập nhật, 40 giữ nguyên, 3 không có trong tệp",
    );
    expect(describeUnitEvent("roster.imported", { fileName: "ds.xlsx", added: 2, changed: 1, removed: 3, unchanged: 10, size: 13 })).toBe(
      "Tệp ds.xlsx: 2 người thêm, 1 thay đổi, 3 bỏ khỏi danh sách, 10 giữ nguyên; danh sách có 13 người",
    );
  });

  it("has a label for every action the server writes, and says nothing for unknown ones", () => {
    for (const action of ["unit.created", "unit.edited", "unit.moved", "unit.merged", "unit.received", "unit.retired", "import.created", "import.updated", "import.applied", "roster.imported"]) {
      expect(UNIT_EVENT_LABELS[action]).toBeTruthy();
    }
    expect(describeUnitEvent("unit.unknown", {})).toBe("");
  });
});
