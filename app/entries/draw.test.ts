import { describe, expect, it } from "vitest";
import { drawQuestions, optionOrder, shuffled, type RandomSource } from "./draw";
import { mulberry32 } from "../../test/support/seeded-random";


const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sortedNumbers = (values: readonly number[]) => values.slice().sort((a, b) => a - b);

/** Counts how often each key occurs. */
function tally<K>(keys: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

function expectAllWithin(counts: Map<unknown, number>, expectedKeys: number, low: number, high: number) {
  expect(counts.size).toBe(expectedKeys);
  for (const [key, count] of counts) {
    expect(count, `frequency of ${String(key)}`).toBeGreaterThanOrEqual(low);
    expect(count, `frequency of ${String(key)}`).toBeLessThanOrEqual(high);
  }
}

describe("mulberry32 (test helper)", () => {
  it("is deterministic and stays in [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = range(1000).map(() => a());
    expect(values).toEqual(range(1000).map(() => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(new Set(values).size).toBeGreaterThan(990);
  });
});

describe("shuffled", () => {
  it("returns a permutation of the input", () => {
    const random = mulberry32(1);
    for (const length of [0, 1, 2, 3, 7, 50]) {
      const items = range(length);
      const result = shuffled(items, random);
      expect(result).toHaveLength(length);
      expect(sortedNumbers(result)).toEqual(items);
    }
  });

  it("keeps the very same objects (no copies of items)", () => {
    const items = range(8).map((id) => ({ id }));
    const result = shuffled(items, mulberry32(2));
    for (const item of items) expect(result.filter((r) => r === item)).toHaveLength(1);
  });

  it("does not mutate the input and returns a new array", () => {
    const items = Object.freeze(range(10));
    const result = shuffled(items, mulberry32(3));
    expect(items).toEqual(range(10));
    expect(result).not.toBe(items);
    result.push(99);
    expect(items).toHaveLength(10);
  });

  it("returns a new array even for a single item", () => {
    const items = ["một"];
    const result = shuffled(items, mulberry32(4));
    expect(result).toEqual(["một"]);
    expect(result).not.toBe(items);
  });

  it("actually reorders: not every shuffle of 10 items is the identity", () => {
    const random = mulberry32(5);
    const identities = range(100).filter(() => shuffled(range(10), random).every((v, i) => v === i)).length;
    expect(identities).toBeLessThan(2);
  });

  it("gives each of the 24 orders of 4 items with roughly equal frequency", () => {
    const random = mulberry32(20260101);
    const runs = 24_000;
    const counts = tally(range(runs).map(() => shuffled(["a", "b", "c", "d"], random).join("")));
    // Expected 1000 each; the standard deviation is about 31, so ±15% is far beyond chance.
    expectAllWithin(counts, 24, 850, 1150);
  });

  it("puts each item at each position with roughly equal frequency", () => {
    const random = mulberry32(7);
    const runs = 10_000;
    const positions = range(5).map(() => new Array<number>(5).fill(0));
    for (let run = 0; run < runs; run++) {
      shuffled(range(5), random).forEach((item, position) => positions[item][position]++);
    }
    // Expected 2000 per (item, position), standard deviation 40.
    for (const row of positions) {
      for (const count of row) {
        expect(count).toBeGreaterThan(1800);
        expect(count).toBeLessThan(2200);
      }
    }
  });
});

describe("drawQuestions", () => {
  const pool = range(20).map((id) => ({ id, stem: `Câu hỏi ${id}` }));

  it("returns the requested number of items", () => {
    const random = mulberry32(11);
    for (const count of [0, 1, 5, 19, 20]) expect(drawQuestions(pool, count, random)).toHaveLength(count);
  });

  it("returns distinct items, all taken from the pool", () => {
    const random = mulberry32(12);
    for (let run = 0; run < 200; run++) {
      const drawn = drawQuestions(pool, 10, random);
      expect(new Set(drawn).size).toBe(10);
      for (const item of drawn) expect(pool).toContain(item);
    }
  });

  it("returns the whole pool, reordered, when the count equals the pool size", () => {
    const drawn = drawQuestions(pool, pool.length, mulberry32(13));
    expect(sortedNumbers(drawn.map((q) => q.id))).toEqual(range(20));
  });

  it("throws a RangeError when the pool is too small", () => {
    expect(() => drawQuestions(pool, 21, mulberry32(14))).toThrow(RangeError);
    expect(() => drawQuestions([], 1, mulberry32(14))).toThrow(RangeError);
    expect(() => drawQuestions(range(3), 4, mulberry32(14))).toThrow(/3.*4/);
  });

  it("returns nothing from an empty pool when nothing is asked", () => {
    expect(drawQuestions([], 0, mulberry32(15))).toEqual([]);
  });

  it("does not mutate the pool", () => {
    const frozen = Object.freeze(range(12));
    drawQuestions(frozen, 6, mulberry32(16));
    expect(frozen).toEqual(range(12));
  });

  it("is deterministic for a given random source", () => {
    expect(drawQuestions(pool, 8, mulberry32(17))).toEqual(drawQuestions(pool, 8, mulberry32(17)));
  });

  it("draws every item of the pool with roughly uniform frequency", () => {
    const random = mulberry32(123456789);
    const runs = 10_000;
    const counts = tally(range(runs).flatMap(() => drawQuestions(range(10), 3, random)));
    // Each item is drawn with probability 3/10: expected 3000, standard deviation about 46.
    expectAllWithin(counts, 10, 2700, 3300);
  });

  it("draws every item first with roughly uniform frequency", () => {
    const random = mulberry32(987654321);
    const counts = tally(range(10_000).map(() => drawQuestions(range(10), 3, random)[0]));
    // Expected 1000 each, standard deviation 30.
    expectAllWithin(counts, 10, 850, 1150);
  });
});

describe("optionOrder", () => {
  it("is a permutation of the option indices for single and multiple questions", () => {
    const random = mulberry32(21);
    for (const type of ["single", "multiple"] as const) {
      for (let count = 2; count <= 6; count++) {
        for (let run = 0; run < 20; run++) expect(sortedNumbers(optionOrder(count, type, random))).toEqual(range(count));
      }
    }
  });

  it("keeps the identity order for true/false (Đúng before Sai) whatever the random source", () => {
    for (const random of [mulberry32(22), () => 0, () => 0.999_999]) {
      for (let run = 0; run < 20; run++) expect(optionOrder(2, "true_false", random)).toEqual([0, 1]);
    }
  });

  it("does reorder options of single questions with a random source that would swap", () => {
    const random = mulberry32(23);
    const orders = new Set(range(200).map(() => optionOrder(4, "single", random).join(",")));
    expect(orders.size).toBe(24);
  });

  it("shows each option first with roughly uniform frequency", () => {
    const random = mulberry32(24);
    const counts = tally(range(8_000).map(() => optionOrder(4, "multiple", random)[0]));
    // Expected 2000 each, standard deviation about 39.
    expectAllWithin(counts, 4, 1800, 2200);
  });
});
