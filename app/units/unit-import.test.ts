import { describe, expect, it } from "vitest";
import { UNIT_NAME_MAX } from "./tree-edits";
import { planUnitImport, type ExistingUnit, type UnitSheetRow } from "./unit-import";

// Current tree:  MH (1) ─┬─ MH-SNV (2) ── MH-SNV-CCHC (3)
//                        ├─ MH-STP (4)
//                        └─ MH-CU (5, merged into MH-STP)
const unit = (id: number, code: string, name: string, parentId: number | null, extra: Partial<ExistingUnit> = {}): ExistingUnit => ({
  id,
  code,
  name,
  kind: "department",
  headcount: 10,
  parentId,
  retired: false,
  ...extra,
});
const EXISTING: ExistingUnit[] = [
  unit(1, "MH", "Tỉnh Minh Hòa", null, { kind: "province", headcount: 0 }),
  unit(2, "MH-SNV", "Sở Nội vụ", 1, { headcount: 95 }),
  unit(3, "MH-SNV-CCHC", "Phòng Cải cách hành chính", 2, { kind: "sub_unit", headcount: 9 }),
  unit(4, "MH-STP", "Sở Tư pháp", 1, { headcount: 60 }),
  unit(5, "MH-CU", "Sở cũ", 1, { retired: true, mergedIntoName: "Sở Tư pháp" }),
];

let rowNo = 1;
const row = (code: string | null, name: string | null, parentCode: string | null, kind: string | null, headcount: string | null, extra: Partial<UnitSheetRow> = {}): UnitSheetRow => ({
  row: ++rowNo,
  code,
  name,
  parentCode,
  kind,
  headcount,
  ...extra,
});
const rows = (...list: UnitSheetRow[]) => {
  list.forEach((r, i) => (r.row = i + 2));
  return list;
};
/** The current tree, written as the export writes it. */
const asExported = () =>
  rows(
    row("MH", "Tỉnh Minh Hòa", null, "Tỉnh, thành phố", "0"),
    row("MH-SNV", "Sở Nội vụ", "MH", "Sở, ban, ngành", "95"),
    row("MH-SNV-CCHC", "Phòng Cải cách hành chính", "MH-SNV", "Đơn vị trực thuộc", "9"),
    row("MH-STP", "Sở Tư pháp", "MH", "Sở, ban, ngành", "60"),
  );

const messages = (plan: ReturnType<typeof planUnitImport>) => plan.problems.map((p) => `${p.row}|${p.column}|${p.message}`);

describe("planning an import that is valid", () => {
  it("finds nothing to change when the file is the current tree", () => {
    const plan = planUnitImport(asExported(), EXISTING);
    expect(plan.problems).toEqual([]);
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([]);
    expect(plan.unchanged.map((u) => u.code)).toEqual(["MH", "MH-SNV", "MH-SNV-CCHC", "MH-STP"]);
    expect(plan.absent).toEqual([]);
  });

  it("plans new units, with a new parent before its new children whatever the row order", () => {
    const plan = planUnitImport(
      rows(
        row("mh-snv-cchc-to1", "Tổ một cửa", "MH-SNV-CCHC-TO", "Đơn vị trực thuộc", "3"),
        row("MH-SNV-CCHC-TO", "Tổ kiểm tra", "mh-snv-cchc", "Đơn vị trực thuộc", "4"),
        row("MH-XA", "Xã Tân Phú", "MH", "Xã", "25"),
      ),
      EXISTING,
    );
    expect(plan.problems).toEqual([]);
    expect(plan.created).toEqual([
      { row: 3, code: "MH-SNV-CCHC-TO", name: "Tổ kiểm tra", kind: "sub_unit", headcount: 4, parentCode: "MH-SNV-CCHC" },
      { row: 4, code: "MH-XA", name: "Xã Tân Phú", kind: "commune", headcount: 25, parentCode: "MH" },
      { row: 2, code: "MH-SNV-CCHC-TO1", name: "Tổ một cửa", kind: "sub_unit", headcount: 3, parentCode: "MH-SNV-CCHC-TO" },
    ]);
    expect(plan.absent.map((u) => u.code)).toEqual(["MH", "MH-SNV", "MH-SNV-CCHC", "MH-STP"]);
  });

  it("plans renames, kind and headcount changes and moves, naming what changes and what it was", () => {
    const file = asExported();
    file[1].name = "Sở Nội vụ tỉnh Minh Hòa";
    file[2].parentCode = "MH-STP";
    file[2].headcount = "12";
    file[3].kind = "Khác";
    const plan = planUnitImport(file, EXISTING);
    expect(plan.problems).toEqual([]);
    expect(plan.updated.map((u) => [u.code, u.changes])).toEqual([
      ["MH-SNV", ["name"]],
      ["MH-SNV-CCHC", ["headcount", "parent"]],
      ["MH-STP", ["kind"]],
    ]);
    expect(plan.updated[1]).toMatchObject({ id: 3, headcount: 12, parentCode: "MH-STP", before: { headcount: 9, parentCode: "MH-SNV", name: "Phòng Cải cách hành chính" } });
    expect(plan.unchanged.map((u) => u.code)).toEqual(["MH"]);
  });

  it("moves a unit to the top level when its parent code is blank", () => {
    const file = asExported();
    file[3].parentCode = null;
    const plan = planUnitImport(file, EXISTING);
    expect(plan.updated).toEqual([expect.objectContaining({ code: "MH-STP", changes: ["parent"], parentCode: null })]);
  });

  it("lists active units missing from the file as absent, never retired ones, and changes nothing about them", () => {
    const plan = planUnitImport(rows(row("MH-STP", "Sở Tư pháp", "MH", "department", "60")), EXISTING);
    expect(plan.problems).toEqual([]);
    expect(plan.absent).toEqual([
      { id: 1, code: "MH", name: "Tỉnh Minh Hòa" },
      { id: 2, code: "MH-SNV", name: "Sở Nội vụ" },
      { id: 3, code: "MH-SNV-CCHC", name: "Phòng Cải cách hành chính" },
    ]);
    expect(plan.updated).toEqual([]);
  });

  it("matches codes whatever their case and keeps the stored code", () => {
    const plan = planUnitImport(rows(row("mh-snv", "Sở Nội vụ", "mh", "sở, ban, ngành", "96")), EXISTING);
    expect(plan.updated).toEqual([expect.objectContaining({ id: 2, code: "MH-SNV", parentCode: "MH", changes: ["headcount"] })]);
  });

  it("keeps an existing unit's own kind even when it is not one of the listed kinds", () => {
    const existing = [...EXISTING, unit(9, "MH-AP", "Ấp Một", 4, { kind: "hamlet" })];
    const plan = planUnitImport(rows(row("MH-AP", "Ấp Một", "MH-STP", "hamlet", "10")), existing);
    expect(plan.problems).toEqual([]);
    expect(plan.unchanged.map((u) => u.code)).toEqual(["MH-AP"]);
  });

  it("allows a new unit to become the parent of an existing one (a new level inserted)", () => {
    const file = asExported();
    file.push(row("MH-KHOI", "Khối nội chính", "MH", "Khác", "0"));
    file[1].parentCode = "MH-KHOI";
    file[3].parentCode = "MH-KHOI";
    const plan = planUnitImport(rows(...file), EXISTING);
    expect(plan.problems).toEqual([]);
    expect(plan.created.map((u) => u.code)).toEqual(["MH-KHOI"]);
    expect(plan.updated.map((u) => [u.code, u.parentCode])).toEqual([
      ["MH-SNV", "MH-KHOI"],
      ["MH-STP", "MH-KHOI"],
    ]);
  });

  it("swaps two units' places without calling it a cycle when the result is a tree", () => {
    // MH-SNV-CCHC moves up under MH, and MH-SNV moves under it.
    const file = asExported();
    file[1].parentCode = "MH-SNV-CCHC";
    file[2].parentCode = "MH";
    const plan = planUnitImport(file, EXISTING);
    expect(plan.problems).toEqual([]);
    expect(plan.updated.map((u) => u.code)).toEqual(["MH-SNV", "MH-SNV-CCHC"]);
  });

  it("passes on the problems found while reading the file and plans nothing", () => {
    const plan = planUnitImport(asExported(), EXISTING, [{ row: 3, column: "Tên đơn vị", message: "Ô có lỗi công thức (#REF!)" }]);
    expect(messages(plan)).toEqual(["3|Tên đơn vị|Ô có lỗi công thức (#REF!)"]);
    expect(plan.updated).toEqual([]);
    expect(plan.unchanged).toEqual([]);
  });
});

describe("problems in an import, each with its row and column", () => {
  it("reports missing code, name, kind and headcount", () => {
    const plan = planUnitImport(rows(row(null, null, "MH", null, null)), EXISTING);
    expect(messages(plan)).toEqual([
      "2|Mã đơn vị|Thiếu mã đơn vị",
      "2|Tên đơn vị|Thiếu tên đơn vị",
      expect.stringMatching(/^2\|Loại đơn vị\|Thiếu loại đơn vị; chọn một trong: “Tỉnh, thành phố”/),
      "2|Số biên chế|Thiếu số biên chế; ghi 0 nếu đơn vị không có biên chế riêng",
    ]);
    expect(plan.created).toEqual([]);
  });

  it("does not report a cell again as missing when reading it already failed", () => {
    const plan = planUnitImport(rows(row(null, "Xã A", "MH", "Xã", "1", { unreadable: ["code"] })), EXISTING, [
      { row: 2, column: "Mã đơn vị", message: "Ô có lỗi công thức (#N/A)" },
    ]);
    expect(messages(plan)).toEqual(["2|Mã đơn vị|Ô có lỗi công thức (#N/A)"]);
  });

  it("reports a duplicate code at the later row, case ignored", () => {
    const plan = planUnitImport(rows(row("MH-XA", "Xã A", "MH", "Xã", "1"), row("mh-xa", "Xã B", "MH", "Xã", "2")), EXISTING);
    expect(messages(plan)).toEqual(["3|Mã đơn vị|Mã đơn vị “mh-xa” trùng với dòng 2: mỗi đơn vị chỉ ghi một dòng"]);
  });

  it("reports a new code that breaks the code rule", () => {
    const plan = planUnitImport(rows(row("XÃ TÂN PHÚ", "Xã Tân Phú", "MH", "Xã", "1")), EXISTING);
    expect(messages(plan)).toEqual([expect.stringMatching(/^2\|Mã đơn vị\|Mã đơn vị chỉ gồm chữ cái không dấu/)]);
  });

  it("reports an unknown parent code", () => {
    const plan = planUnitImport(rows(row("MH-XA", "Xã A", "MH-KHONG-CO", "Xã", "1")), EXISTING);
    expect(messages(plan)).toEqual(["2|Mã đơn vị cấp trên|Không có đơn vị nào mang mã “MH-KHONG-CO”, trong tệp cũng như trong hệ thống"]);
  });

  it("reports a unit given as its own parent", () => {
    const plan = planUnitImport(rows(row("MH-XA", "Xã A", "mh-xa", "Xã", "1")), EXISTING);
    expect(messages(plan)).toEqual(["2|Mã đơn vị cấp trên|Đơn vị không thể là cấp trên của chính nó"]);
  });

  it("reports a cycle of parents within the file on every row of the cycle", () => {
    const plan = planUnitImport(
      rows(row("A1", "Đơn vị A", "C1", "Khác", "1"), row("B1", "Đơn vị B", "A1", "Khác", "1"), row("C1", "Đơn vị C", "B1", "Khác", "1")),
      EXISTING,
    );
    expect(messages(plan)).toEqual([
      "2|Mã đơn vị cấp trên|Vòng lặp đơn vị cấp trên: A1 → C1 → B1 → A1. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó",
      "3|Mã đơn vị cấp trên|Vòng lặp đơn vị cấp trên: B1 → A1 → C1 → B1. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó",
      "4|Mã đơn vị cấp trên|Vòng lặp đơn vị cấp trên: C1 → B1 → A1 → C1. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó",
    ]);
  });

  it("reports a cycle through a unit the file does not mention (moving a unit under its own child)", () => {
    const plan = planUnitImport(rows(row("MH-SNV", "Sở Nội vụ", "MH-SNV-CCHC", "Sở, ban, ngành", "95")), EXISTING);
    expect(messages(plan)).toEqual([
      "2|Mã đơn vị cấp trên|Vòng lặp đơn vị cấp trên: MH-SNV → MH-SNV-CCHC → MH-SNV. Một đơn vị không thể nằm dưới đơn vị trực thuộc của chính nó",
    ]);
  });

  it("reports negative, fractional and non-numeric headcounts", () => {
    const plan = planUnitImport(
      rows(row("MH-A", "Xã A", "MH", "Xã", "-1"), row("MH-B", "Xã B", "MH", "Xã", "2.5"), row("MH-C", "Xã C", "MH", "Xã", "nhiều")),
      EXISTING,
    );
    expect(messages(plan)).toEqual([
      '2|Số biên chế|Số biên chế không được là số âm ("-1")',
      '3|Số biên chế|Số biên chế phải là số nguyên, không có phần thập phân hay dấu phân cách ("2.5")',
      '4|Số biên chế|Số biên chế phải là một số nguyên không âm ("nhiều")',
    ]);
  });

  it("reports an unknown kind, listing the kinds to choose from", () => {
    const plan = planUnitImport(rows(row("MH-A", "Xã A", "MH", "Làng", "1")), EXISTING);
    expect(messages(plan)).toEqual([expect.stringMatching(/^2\|Loại đơn vị\|Loại đơn vị “Làng” không có trong danh sách; chọn một trong: .*“Xã”/)]);
  });

  it("reports a retired parent and names where it was merged", () => {
    const plan = planUnitImport(rows(row("MH-A", "Phòng A", "MH-CU", "Đơn vị trực thuộc", "1")), EXISTING);
    expect(messages(plan)).toEqual(["2|Mã đơn vị cấp trên|Đơn vị cấp trên “Sở cũ” (mã MH-CU) đã ngừng hoạt động (đã sáp nhập vào “Sở Tư pháp”)"]);
  });

  it("refuses a row for a retired unit instead of bringing it back", () => {
    const plan = planUnitImport(rows(row("MH-CU", "Sở cũ", "MH", "Sở, ban, ngành", "1")), EXISTING);
    expect(messages(plan)).toEqual(["2|Mã đơn vị|Đơn vị mã “MH-CU” đã ngừng hoạt động (đã sáp nhập vào “Sở Tư pháp”); bỏ dòng này khỏi tệp hoặc dùng mã khác"]);
  });

  it("reports names that are too long or too short", () => {
    const plan = planUnitImport(rows(row("MH-A", "A".repeat(UNIT_NAME_MAX + 1), "MH", "Xã", "1"), row("MH-B", "B", "MH", "Xã", "1")), EXISTING);
    expect(messages(plan)).toEqual([`2|Tên đơn vị|Tên đơn vị dài quá ${UNIT_NAME_MAX} ký tự (hiện có ${UNIT_NAME_MAX + 1})`, "3|Tên đơn vị|Tên đơn vị cần ít nhất 2 ký tự"]);
  });

  it("plans nothing at all when one row of many is wrong (all or nothing)", () => {
    const file = asExported();
    file.push(row("MH-XA", "Xã Tân Phú", "MH", "Xã", "25"));
    file[1].name = "Sở Nội vụ mới";
    file.push(row("MH-XB", "Xã B", "MH", "Xã", "-2"));
    const plan = planUnitImport(rows(...file), EXISTING);
    expect(plan.problems).toHaveLength(1);
    expect(plan.created).toEqual([]);
    expect(plan.updated).toEqual([]);
    expect(plan.unchanged).toEqual([]);
    expect(plan.absent).toEqual([]);
  });

  it("sorts problems by row, then in the order of the columns", () => {
    const plan = planUnitImport(rows(row("MH-A", "Xã A", "KHONG", "Xã", "-1"), row(null, "B", "MH", "Làng", "1")), EXISTING);
    expect(plan.problems.map((p) => [p.row, p.column])).toEqual([
      [2, "Mã đơn vị cấp trên"],
      [2, "Số biên chế"],
      [3, "Mã đơn vị"],
      [3, "Tên đơn vị"],
      [3, "Loại đơn vị"],
    ]);
  });
});
