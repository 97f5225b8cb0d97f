import { describe, expect, it } from "vitest";
import { compareResults, countedEntry, rankResults, type RankableResult } from "./ranking";
import { mulberry32 } from "../../test/support/seeded-random";

interface Row extends RankableResult {
  id: string;
}

const BASE_TIME = Date.parse("2026-05-01T08:00:00.000Z");

function row(id: string, score: number, durationMs: number, finishedAtOffsetMs: number): Row {
  return { id, score, durationMs, finishedAt: new Date(BASE_TIME + finishedAtOffsetMs) };
}


/** Rows drawn from tiny ranges, so that ties on one, two or all three keys are frequent. */
function generateRows(random: () => number, count: number): Row[] {
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: count }, (_, i) => row(`r${i}`, pick(3) * 10, pick(3) * 1000, pick(3) * 60_000));
}

/** Reference order, written independently: a lexicographic comparison of (−score, duration, finish time). */
function referenceCompare(a: RankableResult, b: RankableResult): number {
  const keysA = [-a.score, a.durationMs, a.finishedAt.getTime()];
  const keysB = [-b.score, b.durationMs, b.finishedAt.getTime()];
  for (let i = 0; i < keysA.length; i++) {
    if (keysA[i] < keysB[i]) return -1;
    if (keysA[i] > keysB[i]) return 1;
  }
  return 0;
}

/** Reference rank: one more than the number of results strictly better (competition ranking, 1-2-2-4). */
function referenceRank(result: RankableResult, all: readonly RankableResult[]): number {
  return 1 + all.filter((other) => referenceCompare(other, result) < 0).length;
}

describe("compareResults", () => {
  it("ranks a higher score first, whatever the time taken and the finishing time", () => {
    const high = row("high", 90, 900_000, 50_000);
    const low = row("low", 80, 1_000, 0);
    expect(compareResults(high, low)).toBeLessThan(0);
    expect(compareResults(low, high)).toBeGreaterThan(0);
  });

  it("on equal scores, ranks the shorter time taken first, whatever the finishing time", () => {
    const fast = row("fast", 80, 300_000, 90_000);
    const slow = row("slow", 80, 300_001, 0);
    expect(compareResults(fast, slow)).toBeLessThan(0);
    expect(compareResults(slow, fast)).toBeGreaterThan(0);
  });

  it("on equal scores and times, ranks the earlier submission first", () => {
    const early = row("early", 80, 300_000, 0);
    const late = row("late", 80, 300_000, 1);
    expect(compareResults(early, late)).toBeLessThan(0);
    expect(compareResults(late, early)).toBeGreaterThan(0);
  });

  it("returns 0 only when all three keys are equal", () => {
    expect(compareResults(row("a", 80, 300_000, 5), row("b", 80, 300_000, 5))).toBe(0);
  });

  it("treats a result as equal to itself", () => {
    const result = row("a", 70, 1234, 99);
    expect(compareResults(result, result)).toBe(0);
  });

  it("sorts with Array.prototype.sort in the documented order", () => {
    const rows = [row("c", 80, 200, 0), row("a", 90, 500, 0), row("d", 80, 200, 10), row("b", 80, 100, 50)];
    expect(rows.sort(compareResults).map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("agrees in sign with a brute-force reference on every pair of many generated results", () => {
    const rows = generateRows(mulberry32(2026), 120);
    let ties = 0;
    for (const a of rows) {
      for (const b of rows) {
        expect(Math.sign(compareResults(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(referenceCompare(a, b));
        if (a !== b && referenceCompare(a, b) === 0) ties++;
      }
    }
    // The generator is meant to produce full ties: make sure this test exercises them.
    expect(ties).toBeGreaterThan(100);
  });

  it("is antisymmetric and transitive on generated triples", () => {
    const rows = generateRows(mulberry32(7), 40);
    for (const a of rows) {
      for (const b of rows) {
        expect(Math.sign(compareResults(a, b))).toBe(-Math.sign(compareResults(b, a)) || 0);
        for (const c of rows) {
          if (compareResults(a, b) <= 0 && compareResults(b, c) <= 0) expect(compareResults(a, c)).toBeLessThanOrEqual(0);
        }
      }
    }
  });
});

describe("countedEntry", () => {
  it("is undefined for no entries", () => {
    expect(countedEntry([])).toBeUndefined();
  });

  it("is the only entry when there is one", () => {
    const only = row("only", 40, 1000, 0);
    expect(countedEntry([only])).toBe(only);
  });

  it("picks the highest score wherever it is in the list", () => {
    const best = row("best", 90, 800_000, 30_000);
    expect(countedEntry([best, row("a", 70, 1000, 0), row("b", 80, 1000, 10_000)])).toBe(best);
    expect(countedEntry([row("a", 70, 1000, 0), best, row("b", 80, 1000, 10_000)])).toBe(best);
    expect(countedEntry([row("a", 70, 1000, 0), row("b", 80, 1000, 10_000), best])).toBe(best);
  });

  it("among equal scores, picks the earlier submission even when a later one was faster", () => {
    const earlierButSlower = row("earlier", 80, 900_000, 0);
    const laterButFaster = row("later", 80, 60_000, 3_600_000);
    expect(countedEntry([earlierButSlower, laterButFaster])).toBe(earlierButSlower);
    expect(countedEntry([laterButFaster, earlierButSlower])).toBe(earlierButSlower);
  });

  it("prefers a higher score over an earlier submission", () => {
    const early = row("early", 70, 1000, 0);
    const betterLater = row("better", 71, 900_000, 86_400_000);
    expect(countedEntry([early, betterLater])).toBe(betterLater);
  });

  it("keeps the first listed of entries equal in score and finishing time", () => {
    const first = row("first", 80, 500, 0);
    const second = row("second", 80, 100, 0);
    expect(countedEntry([first, second])).toBe(first);
  });

  it("agrees with a brute-force choice on generated sets of entries", () => {
    const random = mulberry32(99);
    for (let run = 0; run < 300; run++) {
      const entries = generateRows(random, 1 + Math.floor(random() * 6));
      const maxScore = Math.max(...entries.map((e) => e.score));
      const earliest = Math.min(...entries.filter((e) => e.score === maxScore).map((e) => e.finishedAt.getTime()));
      const chosen = countedEntry(entries)!;
      expect(chosen.score).toBe(maxScore);
      expect(chosen.finishedAt.getTime()).toBe(earliest);
      expect(entries).toContain(chosen);
    }
  });
});

describe("rankResults", () => {
  it("returns nothing for no results", () => {
    expect(rankResults([])).toEqual([]);
  });

  it("numbers distinct results 1, 2, 3… in ranking order", () => {
    const ranked = rankResults([row("c", 70, 100, 0), row("a", 90, 100, 0), row("b", 80, 100, 0)]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([["a", 1], ["b", 2], ["c", 3]]);
  });

  it("shares a rank between full ties and skips the following numbers (1, 2, 2, 4)", () => {
    const ranked = rankResults([row("d", 70, 100, 0), row("b", 80, 100, 0), row("a", 90, 100, 0), row("c", 80, 100, 0)]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 2, 4]);
    expect(ranked.map((r) => r.id)).toEqual(["a", "b", "c", "d"]);
  });

  it("gives everyone rank 1 when all are fully tied", () => {
    const rows = [row("a", 50, 100, 0), row("b", 50, 100, 0), row("c", 50, 100, 0)];
    expect(rankResults(rows).map((r) => r.rank)).toEqual([1, 1, 1]);
  });

  it("does not share a rank when only the score is tied", () => {
    const ranked = rankResults([row("slow", 80, 200, 0), row("fast", 80, 100, 0)]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([["fast", 1], ["slow", 2]]);
  });

  it("does not share a rank when score and time are tied but submission times differ", () => {
    const ranked = rankResults([row("late", 80, 100, 1), row("early", 80, 100, 0)]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([["early", 1], ["late", 2]]);
  });

  it("keeps the input order among full ties (stable)", () => {
    const rows = [row("x", 80, 100, 0), row("top", 99, 1, 0), row("y", 80, 100, 0), row("z", 80, 100, 0)];
    expect(rankResults(rows).map((r) => r.id)).toEqual(["top", "x", "y", "z"]);
    expect(rankResults([rows[3], rows[2], rows[1], rows[0]]).map((r) => r.id)).toEqual(["top", "z", "y", "x"]);
  });

  it("gives the same order whatever the input order when no two results are fully tied", () => {
    const rows = [row("a", 90, 100, 0), row("b", 80, 100, 0), row("c", 80, 200, 0), row("d", 80, 200, 5), row("e", 10, 1, 1)];
    const random = mulberry32(5);
    for (let run = 0; run < 50; run++) {
      const input = rows.map((r) => ({ r, k: random() })).sort((x, y) => x.k - y.k).map(({ r }) => r);
      expect(rankResults(input).map((r) => `${r.id}${r.rank}`)).toEqual(["a1", "b2", "c3", "d4", "e5"]);
    }
  });

  it("keeps each row's own fields and does not modify the input", () => {
    const input = Object.freeze([row("b", 10, 100, 0), row("a", 20, 100, 0)]);
    const ranked = rankResults(input);
    expect(ranked[0]).toEqual({ ...input[1], rank: 1 });
    expect(input.map((r) => r.id)).toEqual(["b", "a"]);
    expect("rank" in input[0]).toBe(false);
  });

  it("matches a brute-force competition ranking on many generated cases with ties", () => {
    const random = mulberry32(31337);
    for (let run = 0; run < 200; run++) {
      const rows = generateRows(random, Math.floor(random() * 15));
      const ranked = rankResults(rows);
      expect(ranked).toHaveLength(rows.length);
      expect(new Set(ranked.map((r) => r.id)).size).toBe(rows.length);
      ranked.forEach((result, index) => {
        expect(result.rank, `rank of ${JSON.stringify(result)}`).toBe(referenceRank(result, rows));
        if (index > 0) expect(referenceCompare(ranked[index - 1], result)).toBeLessThanOrEqual(0);
      });
    }
  });
});
