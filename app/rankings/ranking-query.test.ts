import { describe, expect, it } from "vitest";
import { parseRankingQuery, withParams } from "./ranking-query";

const parse = (query: string) => parseRankingQuery(new URLSearchParams(query));

describe("parseRankingQuery", () => {
  it("reads an empty address as the default board", () => {
    expect(parse("")).toEqual({
      ok: true,
      query: { roundNumber: null, wholeContest: false, groupId: null, unitId: null, search: "", page: 1, view: "people", parentUnitId: null, sort: "participationRate", descending: true },
    });
  });

  it("reads every parameter", () => {
    const result = parse("dot=2&bang=3&donvi=17&q=%20nguyen%20van%20&trang=4&xem=don-vi&cap=9&sap-xep=ten&chieu=giam");
    expect(result).toEqual({
      ok: true,
      query: { roundNumber: 2, wholeContest: false, groupId: 3, unitId: 17, search: "nguyen van", page: 4, view: "units", parentUnitId: 9, sort: "name", descending: true },
    });
  });

  it("sorts names A→Z and figures highest first unless told", () => {
    expect(parse("sap-xep=ten")).toMatchObject({ query: { sort: "name", descending: false } });
    expect(parse("sap-xep=luot-thi")).toMatchObject({ query: { sort: "entries", descending: true } });
    expect(parse("sap-xep=diem-tb&chieu=tang")).toMatchObject({ query: { sort: "averageScore", descending: false } });
  });

  it("treats toan-cuoc with or without a value as the whole contest, and empty fields as absent", () => {
    expect(parse("toan-cuoc")).toMatchObject({ query: { wholeContest: true } });
    expect(parse("toan-cuoc=1&q=&donvi=")).toMatchObject({ query: { wholeContest: true, search: "", unitId: null } });
  });

  it.each([
    ["dot=abc", "Số đợt thi không hợp lệ."],
    ["dot=0", "Số đợt thi không hợp lệ."],
    ["bang=1.5", "Bảng thi không hợp lệ."],
    ["donvi=-1", "Đơn vị không hợp lệ."],
    ["trang=0", "Số trang không hợp lệ."],
    ["trang=10001", "Số trang không hợp lệ."],
    ["xem=bang", "Chế độ xem không hợp lệ: chỉ có “ca-nhan” hoặc “don-vi”."],
    ["sap-xep=diem", "Cách sắp xếp không hợp lệ."],
    ["chieu=len", "Chiều sắp xếp không hợp lệ: chỉ có “tang” hoặc “giam”."],
    [`q=${"a".repeat(101)}`, "Từ khóa tìm kiếm quá dài (tối đa 100 ký tự)."],
    ["dot=1&toan-cuoc=1", "Chỉ chọn một đợt thi hoặc toàn cuộc thi, không chọn cả hai."],
  ])("refuses %s with a message", (query, message) => {
    expect(parse(query)).toEqual({ ok: false, message });
  });
});

describe("withParams", () => {
  it("changes, removes and keeps parameters, and goes back to page 1 when a filter changes", () => {
    const current = new URLSearchParams("dot=1&donvi=4&trang=3");
    expect(withParams(current, { donvi: null })).toBe("?dot=1");
    expect(withParams(current, { bang: 2 })).toBe("?dot=1&donvi=4&bang=2");
    expect(withParams(current, { trang: 5 })).toBe("?dot=1&donvi=4&trang=5");
    expect(withParams(new URLSearchParams(""), { dot: null })).toBe("?");
  });
});
