import { describe, expect, it } from "vitest";
import { blueprintTotals, describeTotals } from "./blueprint-totals";

const LIMITS = { maxLines: 8, maxCount: 200, maxPoints: 100 };

describe("blueprintTotals", () => {
  it("adds the counts of the lines in use and multiplies by the points per question", () => {
    expect(blueprintTotals(["6", "", " 4 ", "", "", "", "", ""], "10", LIMITS)).toEqual({ questions: 10, maxScore: 100, invalidLines: [] });
    expect(blueprintTotals(["20"], "5", LIMITS)).toEqual({ questions: 20, maxScore: 100, invalidLines: [] });
  });

  it("leaves out, and names, lines whose count the form would refuse", () => {
    expect(blueprintTotals(["6", "0", "abc", "201", "1.5", "-3", "7"], "2", LIMITS)).toEqual({ questions: 13, maxScore: 26, invalidLines: [2, 3, 4, 5, 6] });
  });

  it("reads no more lines than the form has", () => {
    expect(blueprintTotals(Array(10).fill("1"), "1", LIMITS).questions).toBe(8);
  });

  it("has no full score while the points per question are not valid", () => {
    for (const points of ["", "0", "101", "x", "2.5"]) expect(blueprintTotals(["5"], points, LIMITS).maxScore).toBeNull();
    expect(blueprintTotals([], "5", LIMITS)).toEqual({ questions: 0, maxScore: 0, invalidLines: [] });
  });

  it("says it in one sentence", () => {
    expect(describeTotals({ questions: 10, maxScore: 100, invalidLines: [] })).toBe("Tổng: 10 câu hỏi mỗi lượt · 100 điểm tối đa");
    expect(describeTotals({ questions: 6, maxScore: null, invalidLines: [2] })).toBe(
      "Tổng: 6 câu hỏi mỗi lượt · điểm tối đa: chưa tính được (điểm mỗi câu chưa hợp lệ) — chưa tính dòng 2 (số câu chưa hợp lệ)",
    );
  });
});
