import { describe, expect, it } from "vitest";
import { foldText } from "./normalize";

/**
 * Every Vietnamese vowel with each of the six tones, in this order:
 * ngang (none), huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot below).
 * Each string is written with precomposed (NFC) characters, as typed on a Vietnamese keyboard.
 */
const VOWELS: { base: string; lower: string; upper: string }[] = [
  { base: "a", lower: "aàáảãạ", upper: "AÀÁẢÃẠ" },
  { base: "a", lower: "ăằắẳẵặ", upper: "ĂẰẮẲẴẶ" },
  { base: "a", lower: "âầấẩẫậ", upper: "ÂẦẤẨẪẬ" },
  { base: "e", lower: "eèéẻẽẹ", upper: "EÈÉẺẼẸ" },
  { base: "e", lower: "êềếểễệ", upper: "ÊỀẾỂỄỆ" },
  { base: "i", lower: "iìíỉĩị", upper: "IÌÍỈĨỊ" },
  { base: "o", lower: "oòóỏõọ", upper: "OÒÓỎÕỌ" },
  { base: "o", lower: "ôồốổỗộ", upper: "ÔỒỐỔỖỘ" },
  { base: "o", lower: "ơờớởỡợ", upper: "ƠỜỚỞỠỢ" },
  { base: "u", lower: "uùúủũụ", upper: "UÙÚỦŨỤ" },
  { base: "u", lower: "ưừứửữự", upper: "ƯỪỨỬỮỰ" },
  { base: "y", lower: "yỳýỷỹỵ", upper: "YỲÝỶỸỴ" },
];

describe("foldText: diacritics", () => {
  it("has well-formed test data: 12 vowels × 6 tones × 2 cases, all distinct precomposed characters", () => {
    const all = VOWELS.flatMap((v) => [...v.lower, ...v.upper]);
    expect(all).toHaveLength(12 * 6 * 2);
    expect(new Set(all).size).toBe(all.length);
    for (const v of VOWELS) {
      expect(v.lower.normalize("NFC")).toBe(v.lower);
      expect(v.upper.toLowerCase()).toBe(v.lower);
    }
  });

  for (const { base, lower, upper } of VOWELS) {
    it(`folds every tone of "${lower[0]}" and "${upper[0]}" to "${base}"`, () => {
      for (const character of [...lower, ...upper]) expect(foldText(character), character).toBe(base);
    });
  }

  it("folds đ and Đ to d", () => {
    expect(foldText("đ")).toBe("d");
    expect(foldText("Đ")).toBe("d");
    expect(foldText("Đồng Đăng")).toBe("dong dang");
  });

  it("folds decomposed (NFD) input the same way as precomposed input", () => {
    const word = "Thủ tục hành chính Điện tử";
    expect(word.normalize("NFD")).not.toBe(word);
    expect(foldText(word.normalize("NFD"))).toBe(foldText(word));
    expect(foldText(word.normalize("NFD"))).toBe("thu tuc hanh chinh dien tu");
  });

  it("folds whole Vietnamese sentences", () => {
    expect(foldText("Cải cách hành chính nhà nước giai đoạn 2021 – 2030")).toBe("cai cach hanh chinh nha nuoc giai doan 2021 – 2030");
    expect(foldText("Ủy ban nhân dân tỉnh")).toBe("uy ban nhan dan tinh");
    expect(foldText("Người dân, doanh nghiệp")).toBe("nguoi dan, doanh nghiep");
  });

  it("leaves plain ASCII letters, digits and punctuation alone apart from case", () => {
    expect(foldText("PAR INDEX 2023: SIPAS, PAPI & PCI?")).toBe("par index 2023: sipas, papi & pci?");
  });
});

describe("foldText: case and whitespace", () => {
  it("folds the documented example", () => {
    expect(foldText("Thủ tục  MỘT cửa")).toBe("thu tuc mot cua");
    expect(foldText("Thủ tục  MỘT cửa")).toBe(foldText("thu tuc mot cua"));
  });

  it("collapses runs of spaces, tabs, newlines and no-break spaces into one space", () => {
    expect(foldText("một \t cửa\n\nliên\u00a0thông")).toBe("mot cua lien thong");
  });

  it("trims leading and trailing whitespace", () => {
    expect(foldText("  \n Dịch vụ công \t ")).toBe("dich vu cong");
  });

  it("folds an empty or blank string to the empty string", () => {
    expect(foldText("")).toBe("");
    expect(foldText(" \t\n ")).toBe("");
  });

  it("keeps words that differ by more than diacritics, case and spacing apart", () => {
    expect(foldText("Chính phủ số")).not.toBe(foldText("Chính phủ điện tử"));
  });

  it("is idempotent", () => {
    const once = foldText("  Ứng DỤNG   định danh điện tử VNeID ");
    expect(once).toBe("ung dung dinh danh dien tu vneid");
    expect(foldText(once)).toBe(once);
  });
});
