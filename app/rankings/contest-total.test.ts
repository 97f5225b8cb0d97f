import { describe, expect, it } from "vitest";
import { compareContestTotals, contestTotal, distanceKey, NO_PREDICTION_DISTANCE, rankBy, type RoundCounted } from "./ranking";
import { mulberry32 } from "../../test/support/seeded-random";

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 8, minute));
const round = (score: number, durationMs: number, minute: number, distance = 0, fullScore = false, entries = 1): RoundCounted => ({
  score,
  durationMs,
  finishedAt: at(minute),
  distance,
  entries,
  fullScore,
});

describe("distanceKey", () => {
  it("is 0 while the true value is unknown, whatever the guess", () => {
    expect(distanceKey(120, null)).toBe(0);
    expect(distanceKey(null, null)).toBe(0);
  });
  it("is the absolute difference once known, and farther than any guess without one", () => {
    expect(distanceKey(120, 100)).toBe(20);
    expect(distanceKey(80, 100)).toBe(20);
    expect(distanceKey(null, 100)).toBe(NO_PREDICTION_DISTANCE);
    expect(distanceKey(100_000_000, 0)).toBeLessThan(NO_PREDICTION_DISTANCE);
  });
});

describe("contestTotal", () => {
  it("sums scores, distances, times and entries, keeps the latest submission and counts full-score rounds", () => {
    const total = contestTotal([round(90, 300_000, 10, 4, false, 2), round(100, 200_000, 5, 0, true, 1)])!;
    expect(total).toEqual({ score: 190, distance: 4, durationMs: 500_000, finishedAt: at(10), entries: 3, rounds: 2, fullScores: 1 });
  });
  it("has no total without a round", () => {
    expect(contestTotal([])).toBeUndefined();
  });
});

describe("compareContestTotals", () => {
  const total = (score: number, distance: number, durationMs: number, minute: number) => ({ score, distance, durationMs, finishedAt: at(minute) });
  it("ranks the higher total score first, whatever the other keys", () => {
    expect(compareContestTotals(total(190, 999, 999_999, 59), total(180, 0, 1, 0))).toBeLessThan(0);
  });
  it("then the smaller sum of prediction distances", () => {
    expect(compareContestTotals(total(190, 3, 999_999, 59), total(190, 4, 1, 0))).toBeLessThan(0);
  });
  it("then the shorter total time", () => {
    expect(compareContestTotals(total(190, 3, 100, 59), total(190, 3, 101, 0))).toBeLessThan(0);
  });
  it("then the earlier latest submission; equal on everything is a tie", () => {
    expect(compareContestTotals(total(190, 3, 100, 1), total(190, 3, 100, 2))).toBeLessThan(0);
    expect(compareContestTotals(total(190, 3, 100, 1), total(190, 3, 100, 1))).toBe(0);
  });
  it("ranks a person who skipped a prediction after everyone who made one at equal score", () => {
    const guessed = contestTotal([round(100, 100, 1, 50_000_000), round(100, 100, 2, 50_000_000)])!;
    const skipped = contestTotal([round(100, 100, 1, NO_PREDICTION_DISTANCE), round(100, 100, 2, 0)])!;
    expect(compareContestTotals(guessed, skipped)).toBeLessThan(0);
  });
  it("agrees with a lexicographic reference on random totals, and rankBy shares ranks between equals", () => {
    const random = mulberry32(7);
    const pick = (n: number) => Math.floor(random() * n);
    const rows = Array.from({ length: 300 }, (_, id) => ({ id, ...total(pick(3) * 10, pick(3), pick(3) * 1000, pick(3)) }));
    const keys = (r: (typeof rows)[number]) => [-r.score, r.distance, r.durationMs, r.finishedAt.getTime()];
    const reference = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
      const [x, y] = [keys(a), keys(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    };
    for (const a of rows.slice(0, 40)) for (const b of rows) expect(Math.sign(compareContestTotals(a, b))).toBe(reference(a, b));
    const ranked = rankBy(rows, compareContestTotals);
    for (const row of ranked) expect(row.rank).toBe(1 + rows.filter((other) => reference(other, row) < 0).length);
  });
});
