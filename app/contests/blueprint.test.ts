import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/seeded-random";
import { blueprintShortfalls, drawByBlueprint, shortfallMessage, type BlueprintPool } from "./blueprint";

type Q = { id: number; topic: string; difficulty: string };
const bank: Q[] = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, topic: ["a", "b", "c"][i % 3], difficulty: ["easy", "medium", "hard"][Math.floor(i / 20)] }));
const pool = (count: number, filter: (q: Q) => boolean, topic?: string, difficulty?: "easy" | "medium" | "hard"): BlueprintPool<Q> => ({
  line: { bankId: 1, topic, difficulty, count },
  candidates: bank.filter(filter),
});
const key = (q: Q) => q.id;

describe("drawByBlueprint", () => {
  it("draws each line's count from its own candidates, with no question twice", () => {
    const pools = [pool(5, (q) => q.topic === "a", "a"), pool(4, (q) => q.difficulty === "hard", undefined, "hard"), pool(10, () => true)];
    for (let seed = 1; seed <= 200; seed++) {
      const drawn = drawByBlueprint(pools, key, mulberry32(seed));
      expect(drawn).toHaveLength(19);
      expect(new Set(drawn.map(key)).size).toBe(19);
      expect(drawn.slice(0, 5).every((q) => q.topic === "a")).toBe(true);
      expect(drawn.slice(5, 9).every((q) => q.difficulty === "hard")).toBe(true);
    }
  });

  it("fills narrow lines first, so a broad line never takes what a narrow one needs", () => {
    // Exactly 6 questions are topic a + hard; the broad line comes first in the blueprint.
    const narrow = pool(6, (q) => q.topic === "a" && q.difficulty === "hard", "a", "hard");
    const broad = pool(54, () => true);
    expect(narrow.candidates).toHaveLength(6);
    expect(blueprintShortfalls([broad, narrow], key)).toEqual([]);
    for (let seed = 1; seed <= 100; seed++) expect(drawByBlueprint([broad, narrow], key, mulberry32(seed))).toHaveLength(60);
  });

  it("throws rather than return a short entry", () => {
    expect(() => drawByBlueprint([pool(61, () => true)], key, mulberry32(1))).toThrow(RangeError);
  });
});

describe("blueprintShortfalls", () => {
  it("names the line that cannot be filled and by how much", () => {
    const shortfalls = blueprintShortfalls([pool(5, (q) => q.topic === "a", "a"), pool(25, (q) => q.topic === "b", "b")], key);
    expect(shortfalls).toEqual([{ line: { bankId: 1, topic: "b", difficulty: undefined, count: 25 }, lineIndex: 1, available: 20, missing: 5 }]);
    expect(shortfallMessage(shortfalls[0], "Ngân hàng A")).toBe("Dòng 2 (25 câu · Ngân hàng A · b · mọi mức độ): chỉ chắc chắn có 20 câu đã duyệt, thiếu 5 câu.");
  });

  it("counts what overlapping earlier lines might take", () => {
    // 20 questions of topic a, 20 of b: line 2 may lose up to 15 of its 40 to line 1.
    const lines = [pool(15, (q) => q.topic === "a", "a"), pool(10, (q) => q.topic === "a" || q.topic === "b")];
    const shortfalls = blueprintShortfalls(lines, key);
    expect(shortfalls).toEqual([]);
    const tooMany = [pool(15, (q) => q.topic === "a", "a"), pool(30, (q) => q.topic === "a" || q.topic === "b")];
    expect(blueprintShortfalls(tooMany, key).map((s) => [s.lineIndex, s.missing])).toEqual([[1, 5]]);
  });

  it("guarantees a draw whenever it reports no shortfall (random blueprints)", () => {
    const random = mulberry32(7);
    const filters: [(q: Q) => boolean, string | undefined, ("easy" | "medium" | "hard") | undefined][] = [
      [(q) => q.topic === "a", "a", undefined],
      [(q) => q.topic === "b", "b", undefined],
      [(q) => q.difficulty === "hard", undefined, "hard"],
      [(q) => q.topic === "c" && q.difficulty === "easy", "c", "easy"],
      [() => true, undefined, undefined],
    ];
    for (let trial = 0; trial < 300; trial++) {
      const pools = filters.filter(() => random() < 0.6).map(([f, t, d]) => pool(1 + Math.floor(random() * 25), f, t, d));
      if (pools.length === 0) continue;
      if (blueprintShortfalls(pools, key).length === 0) {
        for (let seed = 0; seed < 5; seed++) expect(() => drawByBlueprint(pools, key, mulberry32(trial * 10 + seed))).not.toThrow();
      }
    }
  });
});
