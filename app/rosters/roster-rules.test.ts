import { describe, expect, it } from "vitest";
import { checkRosterRows, clashesWithOtherUnits, diffRoster, normalizeRosterPhone, parseBirthDate, type CurrentRosterEntry, type RosterSheetRow } from "./roster-rules";

const TODAY = new Date(Date.UTC(2026, 11, 6));
const row = (n: number, fields: Partial<RosterSheetRow> = {}): RosterSheetRow => ({
  row: n,
  fullName: "Nguyễn Văn An",
  birthDate: null,
  cccd: null,
  phone: null,
  position: null,
  ...fields,
});
const check = (rows: RosterSheetRow[]) => checkRosterRows(rows, [], TODAY);

describe("phones", () => {
  it("normalises the Vietnamese forms to 0 and nine digits, as logins are", () => {
    expect(normalizeRosterPhone("0912345678")).toBe("0912345678");
    expect(normalizeRosterPhone("+84 912 345 678")).toBe("0912345678");
    expect(normalizeRosterPhone("84912345678")).toBe("0912345678");
    expect(normalizeRosterPhone("0912.345.678")).toBe("0912345678");
    expect(normalizeRosterPhone("(091) 234-5678")).toBe("0912345678");
    expect(normalizeRosterPhone("912345678", true)).toBe("0912345678");
  });
  it("refuses what is not a phone", () => {
    for (const bad of ["912345678", "091234567", "09123456789", "an@example.vn", "09123abc78", "+1 912 345 678"]) expect(normalizeRosterPhone(bad), bad).toBeNull();
  });
});

describe("dates of birth", () => {
  it("reads day/month/year and ISO", () => {
    expect(parseBirthDate("05/09/1985", TODAY)).toEqual({ ok: true, date: "1985-09-05" });
    expect(parseBirthDate("5/9/1985", TODAY)).toEqual({ ok: true, date: "1985-09-05" });
    expect(parseBirthDate("1985-09-05", TODAY)).toEqual({ ok: true, date: "1985-09-05" });
  });
  it("refuses impossible days, the future and odd text", () => {
    for (const bad of ["31/02/1990", "1990", "hôm qua", "07/12/2026", "01/01/1850", "13/13/1990"]) expect(parseBirthDate(bad, TODAY).ok, bad).toBe(false);
  });
});

describe("checkRosterRows", () => {
  it("accepts a good list, CCCD and phone normalised, the name folded", () => {
    const { people, problems } = check([
      row(2, { fullName: "Đặng Thị Ánh", cccd: "087 190 001 234", phone: "+84912345678", position: "Chuyên viên", birthDate: "05/09/1985" }),
      row(3, { fullName: "Lê Văn Bình", phone: "0987654321" }),
      row(4, { fullName: "Trần Cường", cccd: "093200123456" }),
    ]);
    expect(problems).toEqual([]);
    expect(people[0]).toEqual({ row: 2, fullName: "Đặng Thị Ánh", nameFolded: "dang thi anh", birthDate: "1985-09-05", cccd: "087190001234", phone: "0912345678", position: "Chuyên viên" });
    expect(people.map((p) => p.row)).toEqual([2, 3, 4]);
  });

  it("reports a bad CCCD by row and column: length, letters, province code", () => {
    const { people, problems } = check([row(2, { cccd: "08719000123" }), row(3, { cccd: "08719000123X" }), row(4, { cccd: "003190001234" })]);
    expect(people).toEqual([]);
    expect(problems.map((p) => [p.row, p.column])).toEqual([
      [2, "Số CCCD"],
      [3, "Số CCCD"],
      [4, "Số CCCD"],
    ]);
    expect(problems[0].message).toContain("12 chữ số");
    expect(problems[1].message).toContain("chỉ được gồm chữ số");
    expect(problems[2].message).toContain("không phải mã tỉnh");
  });

  it("needs a CCCD or a phone, and a name", () => {
    const { problems } = check([row(2), row(3, { fullName: null, phone: "0912345678" })]);
    expect(problems).toEqual([
      { row: 2, column: "Số CCCD", message: "Cần ít nhất một trong hai: số CCCD hoặc số điện thoại" },
      { row: 3, column: "Họ và tên", message: "Thiếu họ và tên" },
    ]);
  });

  it("reports the same CCCD or phone twice in the file, naming the first row", () => {
    const { people, problems } = check([
      row(2, { cccd: "087190001234", phone: "0912345678" }),
      row(3, { fullName: "Lê Văn Bình", cccd: "087 190 001 234" }),
      row(4, { fullName: "Trần Cường", phone: "+84 912 345 678" }),
    ]);
    expect(people).toEqual([]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ row: 3, column: "Số CCCD" });
    expect(problems[0].message).toContain("trùng với dòng 2");
    expect(problems[1]).toMatchObject({ row: 4, column: "Số điện thoại" });
    expect(problems[1].message).toContain("trùng với dòng 2");
  });

  it("reports a bad phone, a bad date and a long position, all in one pass", () => {
    const { problems } = check([row(2, { phone: "12345", birthDate: "32/01/1990", position: "x".repeat(101) })]);
    expect(problems.map((p) => p.column)).toEqual(["Ngày sinh", "Số điện thoại", "Chức vụ"]);
  });

  it("does not report again a cell that could not be read", () => {
    const { problems } = check([row(2, { cccd: null, unreadable: ["cccd"] })]);
    expect(problems).toEqual([]);
  });
});

describe("clashesWithOtherUnits", () => {
  it("reports a CCCD or phone already on another unit's roster, naming the unit", () => {
    const { people } = check([row(2, { cccd: "087190001234" }), row(3, { fullName: "Lê Bình", phone: "0912345678" }), row(4, { fullName: "Trần Cường", phone: "0987654321" })]);
    const problems = clashesWithOtherUnits(people, [
      { cccd: "087190001234", phone: null, unitName: "Sở Tài chính" },
      { cccd: null, phone: "0912345678", unitName: "Xã Tân Phú" },
    ]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ row: 2, column: "Số CCCD" });
    expect(problems[0].message).toContain("Sở Tài chính");
    expect(problems[1]).toMatchObject({ row: 3, column: "Số điện thoại" });
    expect(problems[1].message).toContain("Xã Tân Phú");
  });
});

describe("diffRoster", () => {
  const current: CurrentRosterEntry[] = [
    { id: 1, fullName: "Đặng Thị Ánh", nameFolded: "dang thi anh", birthDate: null, cccd: "087190001234", phone: null, position: "Chuyên viên" },
    { id: 2, fullName: "Lê Văn Bình", nameFolded: "le van binh", birthDate: null, cccd: null, phone: "0987654321", position: null },
    { id: 3, fullName: "Trần Cường", nameFolded: "tran cuong", birthDate: null, cccd: null, phone: "0911111111", position: null },
    { id: 4, fullName: "Phạm Dũng", nameFolded: "pham dung", birthDate: null, cccd: "093200123456", phone: null, position: null },
  ];
  it("matches by CCCD, then phone, then name; lists added, removed, changed with their fields", () => {
    const { people } = check([
      row(2, { fullName: "Đặng Thị Ánh", cccd: "087190001234", position: "Phó phòng" }), // same CCCD, new position
      row(3, { fullName: "Lê Văn Bình", phone: "0987654321", cccd: "001085012345" }), // same phone, CCCD added
      row(4, { fullName: "Tran Cuong", phone: "0922222222" }), // same name without diacritics, new phone
      row(5, { fullName: "Hoàng Em", phone: "0933333333" }), // new
    ]);
    const diff = diffRoster(current, people);
    expect(diff.added.map((p) => p.fullName)).toEqual(["Hoàng Em"]);
    expect(diff.removed.map((p) => p.id)).toEqual([4]);
    expect(diff.changed.map((c) => [c.id, c.fields])).toEqual([
      [1, ["position"]],
      [2, ["cccd"]],
      [3, ["fullName", "phone"]],
    ]);
    expect(diff.unchanged).toEqual([]);
  });
  it("sees the same list as unchanged", () => {
    const { people } = check(current.map((c, i) => row(i + 2, { fullName: c.fullName, cccd: c.cccd, phone: c.phone, position: c.position })));
    const diff = diffRoster(current, people);
    expect(diff.unchanged).toHaveLength(4);
    expect([diff.added, diff.removed, diff.changed]).toEqual([[], [], []]);
  });
  it("never takes two people with different CCCDs for one, even with the same name", () => {
    const { people } = check([row(2, { fullName: "Phạm Dũng", cccd: "001085012345" })]);
    const diff = diffRoster(current.slice(3), people);
    expect(diff.added).toHaveLength(1);
    expect(diff.removed).toHaveLength(1);
  });
});
