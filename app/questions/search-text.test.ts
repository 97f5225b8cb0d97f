import { describe, expect, it } from "vitest";
import {
  compareRelevance,
  describeSearchTiers,
  duplicateFingerprint,
  listedBySearch,
  matchRanges,
  parseSearchQuery,
  questionSearchText,
  relevanceOf,
  searchTsQueries,
} from "./search-text";

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

describe("duplicateFingerprint", () => {
  it("ignores diacritics, case, spacing and punctuation", () => {
    expect(duplicateFingerprint("Thủ tục  hành chính là gì?")).toBe(duplicateFingerprint("thu tuc hanh chinh la gi"));
    expect(duplicateFingerprint("A, B.")).not.toBe(duplicateFingerprint("A B C"));
  });
});

describe("parseSearchQuery", () => {
  it("folds the query into its words, in order, punctuation and wildcards dropped", () => {
    expect(parseSearchQuery("  Thủ tục “MỘT cửa” ")).toEqual({ words: ["thu", "tuc", "mot", "cua"], distinct: ["thu", "tuc", "mot", "cua"] });
    expect(parseSearchQuery("76/NQ-CP")?.words).toEqual(["76", "nq", "cp"]);
    expect(parseSearchQuery("cửa một cửa")).toEqual({ words: ["cua", "mot", "cua"], distinct: ["cua", "mot"] });
    expect(parseSearchQuery("100%_a\\b")?.words).toEqual(["100", "a", "b"]);
  });

  it("has nothing to search for in blanks and punctuation, and keeps at most eight words", () => {
    expect(parseSearchQuery("   ")).toBeNull();
    expect(parseSearchQuery("%%% ?!")).toBeNull();
    expect(parseSearchQuery("a b c d e f g h i j")?.words).toHaveLength(8);
  });

  it("makes text-search queries of plain words only (nothing to quote or escape)", () => {
    const q = searchTsQueries(parseSearchQuery("thủ tục một cửa thủ tục")!);
    expect(q).toEqual({
      phrase: "thu <-> tuc <-> mot <-> cua <-> thu <-> tuc",
      all: "thu & tuc & mot & cua",
      any: "thu | tuc | mot | cua",
      pairs: ["thu <-> tuc", "tuc <-> mot", "mot <-> cua", "cua <-> thu"],
      each: ["thu", "tuc", "mot", "cua"],
    });
  });
});

type Question = string | { stem: string; rest: string };
/** A question's stem and whole search text; a bare string is a question that is all stem. */
const parts = (question: Question) => (typeof question === "string" ? { stem: question, text: question } : { stem: question.stem, text: `${question.stem} ${question.rest}` });

/** The keys of `questions` (key → stem, or stem and the rest) in the order the list shows them for `query`. */
function ranked(query: string, questions: Record<string, Question>): string[] {
  const search = parseSearchQuery(query)!;
  return listedBySearch(Object.entries(questions).map(([key, question]) => ({ key, ...relevanceOf(parts(question), search) })))
    .sort(compareRelevance)
    .map((r) => r.key);
}

describe("relevance", () => {
  // The example: "thu tuc mot cua" found 33 questions, most without "một cửa", by code.
  const bank = {
    "a-01": "Thứ tự các bước tiếp nhận hồ sơ của tổ chức là gì?", // thu, cua — not the procedure
    "a-02": "Tiếp tục thực hiện cải cách thủ tục hành chính của tỉnh như thế nào?", // thu, tuc, cua — no "một"
    "a-03": "Bộ phận Một cửa của Ủy ban nhân dân cấp xã do ai thành lập?", // mot cua side by side, no "thủ tục"
    "a-04": "Thủ tục hành chính được giải quyết theo cơ chế một cửa tại đâu?", // every word, "thủ tục" and "một cửa"
    "a-05": "Thủ tục một cửa liên thông áp dụng khi nào?", // the phrase
    "a-06": "Thuộc tính của thực thể mốt là gì?", // "thuộc", "thực" do not count; "của", "mốt" fold to whole words
  };

  it("lists the questions with every word, the phrase first; none of those with only some", () => {
    expect(ranked("thu tuc mot cua", bank)).toEqual(["a-05", "a-04"]);
  });

  it("lists those with some words when none has them all: more pairs side by side, then more words, then the code", () => {
    // No stem holds "điện tử": "tự" of "Thứ tự" is the word "tu", "của" and "mốt" are "cua" and "mot".
    expect(ranked("một cửa điện tử", bank)).toEqual(["a-03", "a-04", "a-05", "a-01", "a-06", "a-02"]);
  });

  it("scores every tier as the database sorts them", () => {
    const search = parseSearchQuery("thu tuc mot cua")!;
    const scored = Object.entries(bank).map(([key, stem]) => ({ key, ...relevanceOf(parts(stem), search) }));
    expect(scored.sort(compareRelevance).map((r) => r.key)).toEqual(["a-05", "a-04", "a-02", "a-03", "a-01", "a-06"]);
  });

  it("ranks the same typed with diacritics, in capitals or with punctuation", () => {
    expect(ranked("THỦ TỤC “một cửa”", bank)).toEqual(ranked("thu tuc mot cua", bank));
  });

  it("matches whole words only: thu is not found inside thuộc or thực, nor mot inside mốt's neighbours", () => {
    const search = parseSearchQuery("thu tuc mot cua")!;
    const none = { phrase: false, pairs: 0, words: 0 };
    expect(relevanceOf(parts("Thuộc tính thực thể"), search)).toEqual({ allWords: false, stem: none, text: none });
    expect(relevanceOf(parts("Tiếp tục"), search).text.words).toBe(1); // "tục" is a whole word
    expect(ranked("thu", { x: "Thuộc tính", y: "Thu ngân sách", z: "Thứ hai" })).toEqual(["y", "z"]);
    expect(ranked("thu", { x: "Thuộc tính", y: "Thực hiện" })).toEqual([]);
    expect(ranked("nq", { x: "Nghị quyết 76/NQ-CP", y: "NQCP" })).toEqual(["x"]);
  });

  it("ranks what the stem says before what the options and explanation say", () => {
    expect(
      ranked("thu tuc mot cua", {
        "b-1": { stem: "Nghị định số 61/2018/NĐ-CP có nội dung gì?", rest: "Quy định thủ tục một cửa, một cửa liên thông" }, // the phrase, outside the stem
        "b-2": { stem: "Cơ chế một cửa được áp dụng ở đâu?", rest: "Thủ tục hành chính" }, // "một cửa" in the stem
        "b-3": { stem: "Thủ tục một cửa là gì?", rest: "" }, // the phrase in the stem
        "b-4": { stem: "Thủ tục nào của tỉnh?", rest: "Một cửa" }, // "thủ tục" in the stem, more words of it there
      }),
    ).toEqual(["b-3", "b-1", "b-4", "b-2"]);
  });

  it("orders questions holding every word by how many of the query's pairs stand side by side", () => {
    expect(
      ranked("cai cach hanh chinh", {
        x: "Chính sách hành chính về cải tạo cách thức", // every word, no pair
        y: "Hành chính: cải cách thể chế", // every word, two pairs
        w: "Cải cách hành chính nhà nước", // the phrase
      }),
    ).toEqual(["w", "y", "x"]);
  });
});

describe("matchRanges", () => {
  const marked = (text: string, query: string) =>
    matchRanges(text, parseSearchQuery(query))
      .map(([start, end]) => text.slice(start, end))
      .join(" | ");

  it("marks whole words, with their diacritics, and a phrase as one range", () => {
    expect(marked("Thủ tục hành chính theo cơ chế một cửa tại đâu?", "thu tuc mot cua")).toBe("Thủ tục | một cửa");
    expect(marked("Bộ phận Một cửa, một cửa liên thông", "mot cua")).toBe("Một cửa, một cửa");
  });

  it("never marks a word inside another", () => {
    expect(marked("Thuộc tính thực thể, thuở trước", "thu")).toBe("");
    expect(marked("Thứ tự", "thu")).toBe("Thứ");
  });

  it("keeps offsets right in decomposed text (accents as separate marks) and after other scripts", () => {
    const decomposed = "Cơ chế một cửa".normalize("NFD");
    const [[start, end]] = matchRanges(decomposed, parseSearchQuery("mot cua"));
    expect(decomposed.slice(start, end).normalize("NFC")).toBe("một cửa");
    const text = "𝔸 Đề án 06 về định danh";
    expect(marked(text, "de an 06")).toBe("Đề án 06");
  });

  it("marks nothing without a search", () => {
    expect(matchRanges("Thủ tục", null)).toEqual([]);
  });
});

describe("describeSearchTiers", () => {
  it("says what was found, tier by tier, with Vietnamese number grouping", () => {
    expect(describeSearchTiers({ phrase: 3, allWords: 4977, someWords: 0 })).toBe("3 câu có đúng cụm từ, 4.977 câu có đủ các từ");
    expect(describeSearchTiers({ phrase: 0, allWords: 0, someWords: 12 })).toBe("Không câu nào có đủ các từ; 12 câu có một số từ");
    expect(describeSearchTiers({ phrase: 0, allWords: 0, someWords: 0 })).toBe("Không có câu hỏi nào chứa các từ này");
  });
});
