import { describe, expect, it } from "vitest";
import { FALLBACK_SLUG, SLUG_MAX, slugFromTitle, uniqueSlug } from "./slug";

// Every Vietnamese vowel with every tone mark, lower and upper case, and the letter each folds to.
const VOWELS: [string, string][] = [
  ["aàáảãạ", "a"],
  ["ăằắẳẵặ", "a"],
  ["âầấẩẫậ", "a"],
  ["eèéẻẽẹ", "e"],
  ["êềếểễệ", "e"],
  ["iìíỉĩị", "i"],
  ["oòóỏõọ", "o"],
  ["ôồốổỗộ", "o"],
  ["ơờớởỡợ", "o"],
  ["uùúủũụ", "u"],
  ["ưừứửữự", "u"],
  ["yỳýỷỹỵ", "y"],
];

describe("slugFromTitle", () => {
  it("folds each of the 72 Vietnamese vowel forms, in both cases and both Unicode forms, to its plain letter", () => {
    for (const [forms, plain] of VOWELS) {
      for (const letter of forms) {
        for (const written of [letter, letter.toUpperCase()]) {
          expect(slugFromTitle(written.normalize("NFC")), written).toBe(plain);
          expect(slugFromTitle(written.normalize("NFD")), written).toBe(plain);
        }
      }
    }
  });

  it("writes đ and Đ as d (they carry no combining mark to drop)", () => {
    expect(slugFromTitle("đ")).toBe("d");
    expect(slugFromTitle("Đ")).toBe("d");
    expect(slugFromTitle("Đồng Tháp đổi mới")).toBe("dong-thap-doi-moi");
  });

  it("makes a whole title into lower-case words joined by single hyphens", () => {
    expect(slugFromTitle("Cuộc thi tìm hiểu CCHC năm 2027")).toBe("cuoc-thi-tim-hieu-cchc-nam-2027");
    expect(slugFromTitle("Hội thi “Chính quyền điện tử” – lần II")).toBe("hoi-thi-chinh-quyen-dien-tu-lan-ii");
    expect(slugFromTitle("Tìm hiểu Nghị quyết 76/NQ-CP (15/7/2021)")).toBe("tim-hieu-nghi-quyet-76-nq-cp-15-7-2021");
    expect(slugFromTitle("Chuyển đổi số & Đề án 06: người dân, doanh nghiệp!")).toBe("chuyen-doi-so-de-an-06-nguoi-dan-doanh-nghiep");
  });

  it("collapses every run of spaces, tabs, line breaks and punctuation, and trims both ends", () => {
    expect(slugFromTitle("  Thi\t\tCCHC\n\n2027  ")).toBe("thi-cchc-2027");
    expect(slugFromTitle("--Thi---thử--")).toBe("thi-thu");
    expect(slugFromTitle("...Thi_thử...")).toBe("thi-thu");
    expect(slugFromTitle("a - b")).toBe("a-b");
  });

  it("keeps ASCII letters and digits as they are (lower-cased)", () => {
    expect(slugFromTitle("ABCxyz0123456789")).toBe("abcxyz0123456789");
  });

  it("gives an empty address when nothing is left: blank, only punctuation, or letters of no Latin script", () => {
    for (const title of ["", "   ", "!!! ??? ...", "—", "漢字", "😀"]) expect(slugFromTitle(title)).toBe("");
  });

  it("cuts a long title after its last whole word that fits, never ending with a hyphen", () => {
    const words = Array.from({ length: 40 }, (_, i) => `tu${i}`).join(" ");
    const slug = slugFromTitle(words);
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(`${words.replace(/ /g, "-")}-`.startsWith(`${slug}-`)).toBe(true);
    expect(slugFromTitle("cuoc thi tim hieu", 8)).toBe("cuoc-thi");
    expect(slugFromTitle("cuoc thi tim hieu", 9)).toBe("cuoc-thi");
    expect(slugFromTitle("cuoc thi tim hieu", 11)).toBe("cuoc-thi");
    expect(slugFromTitle("cuoc thi tim hieu", 12)).toBe("cuoc-thi-tim");
  });

  it("cuts a single word longer than the limit at the limit", () => {
    expect(slugFromTitle("a".repeat(150))).toBe("a".repeat(SLUG_MAX));
  });

  it("always answers an address the form accepts, for any title", () => {
    const samples = ["Cuộc thi", "x", "Đợt 1 — tuần 2", "ỮỮỮ", "a-b-c", `${"Tìm hiểu ".repeat(30)}`, "1 2 3"];
    for (const title of samples) {
      const slug = slugFromTitle(title);
      expect(slug, title).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug.length, title).toBeLessThanOrEqual(SLUG_MAX);
      // Folding what it gives changes nothing.
      expect(slugFromTitle(slug)).toBe(slug);
    }
  });
});

describe("uniqueSlug", () => {
  it("keeps the address when it is free", () => {
    expect(uniqueSlug("thi-cchc", new Set())).toBe("thi-cchc");
    expect(uniqueSlug("thi-cchc", new Set(["thi-cchc-2"]))).toBe("thi-cchc");
  });

  it("appends -2, then -3 and so on past every taken one", () => {
    expect(uniqueSlug("thi-cchc", new Set(["thi-cchc"]))).toBe("thi-cchc-2");
    expect(uniqueSlug("thi-cchc", new Set(["thi-cchc", "thi-cchc-2"]))).toBe("thi-cchc-3");
    const taken = new Set(["thi-cchc", ...Array.from({ length: 10 }, (_, i) => `thi-cchc-${i + 2}`)]);
    expect(uniqueSlug("thi-cchc", taken)).toBe("thi-cchc-12");
    // A gap is filled.
    expect(uniqueSlug("thi-cchc", new Set(["thi-cchc", "thi-cchc-3"]))).toBe("thi-cchc-2");
  });

  it("uses the fallback address for an empty base", () => {
    expect(uniqueSlug("", new Set())).toBe(FALLBACK_SLUG);
    expect(uniqueSlug("", new Set([FALLBACK_SLUG]))).toBe(`${FALLBACK_SLUG}-2`);
  });

  it("shortens the base to keep the number within the limit", () => {
    const words = slugFromTitle(Array.from({ length: 40 }, (_, i) => `tu${i}`).join(" "));
    const second = uniqueSlug(words, new Set([words]));
    expect(second.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(second).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*-2$/);
    const long = "a".repeat(SLUG_MAX);
    expect(uniqueSlug(long, new Set([long]))).toBe(`${"a".repeat(SLUG_MAX - 2)}-2`);
    const tight = uniqueSlug("ab-cd", new Set(["ab-cd", "ab-2"]), 5);
    expect(tight).toBe("ab-3");
  });
});
