import { describe, expect, it } from "vitest";
import { discriminationIndex, discriminationVerdict, type QuestionAttempt } from "./discrimination";

const attempts = (rows: [number, boolean][]): QuestionAttempt[] => rows.map(([entryScore, correct]) => ({ entryScore, correct }));

describe("discriminationIndex", () => {
  it("says nothing under 10 entries", () => {
    expect(discriminationIndex(attempts(Array.from({ length: 9 }, (_, i) => [i, true] as [number, boolean]))).index).toBeNull();
  });

  it("is 1 when only the strongest get it right and -1 when only the weakest do", () => {
    const rows = Array.from({ length: 100 }, (_, i) => i);
    expect(discriminationIndex(attempts(rows.map((s) => [s, s >= 73]))).index).toBe(1);
    expect(discriminationIndex(attempts(rows.map((s) => [s, s < 27]))).index).toBe(-1);
  });

  it("is 0 when everyone or no one gets it right", () => {
    const rows = Array.from({ length: 40 }, (_, i) => i);
    expect(discriminationIndex(attempts(rows.map((s) => [s, true]))).index).toBe(0);
    expect(discriminationIndex(attempts(rows.map((s) => [s, false]))).index).toBe(0);
  });

  it("uses the top and bottom 27% by entry score, whatever the input order", () => {
    // 20 entries: groups of round(5.4) = 5. Top 5 scores: 4 right; bottom 5: 1 right.
    const rows: [number, boolean][] = [
      [100, true], [95, true], [90, false], [85, true], [80, true],
      [75, false], [70, false], [65, true], [60, false], [55, true],
      [50, false], [45, true], [40, false], [35, false], [30, true],
      [25, false], [20, false], [15, true], [10, false], [5, false],
    ];
    const shuffled = rows.slice().reverse();
    const result = discriminationIndex(attempts(shuffled));
    expect(result).toEqual({ index: 0.6, groupSize: 5, upperCorrectShare: 0.8, lowerCorrectShare: 0.2 });
  });
});

describe("discriminationVerdict", () => {
  it("names each band", () => {
    expect(discriminationVerdict(null)).toContain("Chưa đủ dữ liệu");
    expect(discriminationVerdict(-0.1)).toContain("kiểm tra lại đáp án");
    expect(discriminationVerdict(0.1)).toContain("Phân loại kém");
    expect(discriminationVerdict(0.25)).toContain("tạm được");
    expect(discriminationVerdict(0.45)).toContain("Phân loại tốt");
  });
});
