import { describe, expect, it } from "vitest";
import { duplicateFingerprint, questionSearchText, searchPattern, searchPatterns } from "./search-text";

describe("questionSearchText", () => {
  it("folds key, stem, options, explanation, basis and tags", () => {
    const text = questionSearchText({
      key: "tthc-001",
      stem: "Thủ tục MỘT CỬA?",
      options: ["Liên thông"],
      explanation: "Giải thích",
      basis: { document: "Nghị định số 61/2018/NĐ-CP", issuer: "Chính phủ" },
      tags: ["một-cửa"],
    });
    for (const part of ["tthc-001", "thu tuc mot cua?", "lien thong", "giai thich", "nghi dinh so 61/2018/nd-cp", "chinh phu", "mot-cua"]) expect(text).toContain(part);
  });
});

describe("searchPattern", () => {
  it("folds the query and escapes LIKE wildcards", () => {
    expect(searchPattern("  Thủ Tục ")).toBe("%thu tuc%");
    expect(searchPattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
    expect(searchPattern("   ")).toBeNull();
  });
});

describe("duplicateFingerprint", () => {
  it("ignores diacritics, case, spacing and punctuation", () => {
    expect(duplicateFingerprint("Thủ tục  hành chính là gì?")).toBe(duplicateFingerprint("thu tuc hanh chinh la gi"));
    expect(duplicateFingerprint("A, B.")).not.toBe(duplicateFingerprint("A B C"));
  });
});

describe("searchPatterns", () => {
  it("matches every word of three letters or more, in any order", () => {
    expect(searchPatterns("Thủ tục MỘT cửa")).toEqual(["%thu%", "%tuc%", "%mot%", "%cua%"]);
    expect(searchPatterns("cửa một cửa")).toEqual(["%cua%", "%mot%"]);
  });

  it("keeps a query of short words whole, and nothing for a blank one", () => {
    expect(searchPatterns("Ủy ban")).toEqual(["%ban%"]);
    expect(searchPatterns("a b")).toEqual(["%a b%"]);
    expect(searchPatterns("  ")).toEqual([]);
  });

  it("escapes wildcards inside words", () => {
    expect(searchPatterns("100%")).toEqual(["%100\\%%"]);
  });
});
