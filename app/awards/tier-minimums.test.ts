import { describe, expect, it } from "vitest";
import { allocateIndividualPrizes, allocateRankings, type RankedPersonRow } from "./individual";
import { PRIZE_TIERS, type PrizeCounts, type PrizeTier } from "./places";
import { tierMinimumsSchema } from "./prize-structure";
import {
  countsWithinMinimums,
  describeBelowMinimum,
  describeMinimumScores,
  minimumScores,
  minimumsProblem,
  NO_MINIMUM_SCORES,
  type MinimumScores,
  type TierMinimums,
} from "./tier-minimums";

const counts = (first: number, second = 0, third = 0, consolation = 0): PrizeCounts => ({ first, second, third, consolation });
const points = (first: number | null, second: number | null, third: number | null, consolation: number | null): TierMinimums => ({ unit: "points", first, second, third, consolation });
const percent = (first: number | null, second: number | null, third: number | null, consolation: number | null): TierMinimums => ({ unit: "percent", first, second, third, consolation });

const T0 = Date.parse("2026-11-23T01:00:00.000Z");
/** Distinct finish times keep every pair apart: no ties unless a test builds one. */
const person = (userId: number, score: number, finishedOffsetMs = userId): RankedPersonRow => ({ userId, entryId: `e${userId}`, score, predictionDistance: null, durationMs: 60_000, finishedAt: new Date(T0 + finishedOffsetMs) });
const tiersOf = (rows: { row: RankedPersonRow; tier: PrizeTier }[]) => rows.map((w) => [w.row.userId, w.tier]);

describe("minimum scores in points", () => {
  it("reads points as they are and a share of full marks rounded up to whole points", () => {
    expect(minimumScores(points(80, 70, 60, 50), 100)).toEqual({ first: 80, second: 70, third: 60, consolation: 50 });
    expect(minimumScores(percent(80, null, null, 50), 200)).toEqual({ first: 160, second: 100, third: 100, consolation: 100 });
    // 33 % of 30 is 9.9: with whole-point scores that means 10.
    expect(minimumScores(percent(null, null, null, 33), 30).consolation).toBe(10);
    expect(minimumScores(percent(null, null, null, 50), 30).consolation).toBe(15);
  });

  it("gives a blank tier the highest minimum of the tiers below it, and nothing where none is set", () => {
    expect(minimumScores(points(null, null, null, 50), 100)).toEqual({ first: 50, second: 50, third: 50, consolation: 50 });
    expect(minimumScores(points(90, null, 40, null), 100)).toEqual({ first: 90, second: 40, third: 40, consolation: null });
    expect(minimumScores(null, 100)).toEqual(NO_MINIMUM_SCORES);
    expect(minimumScores(points(null, null, null, null), 100)).toEqual(NO_MINIMUM_SCORES);
  });
});

describe("places within the minimums", () => {
  it("gives no consolation prize to 5 out of 100 when the minimum is 50: the place stays empty", () => {
    const result = countsWithinMinimums([95, 80, 60, 5], counts(1, 1, 1, 3), minimumScores(points(null, null, null, 50), 100));
    expect(result).toEqual({ counts: counts(1, 1, 1, 0), belowMinimum: [{ tier: "consolation", count: 3 }], unfilled: [] });
  });

  it("lets a person below a tier's minimum take a lower tier whose minimum they reach", () => {
    // One first prize at 90 or more: 85 does not reach it and starts the second prizes.
    const result = countsWithinMinimums([85, 80, 40], counts(1, 2, 0, 1), minimumScores(points(90, 60, null, 30), 100));
    expect(result).toEqual({ counts: counts(0, 2, 0, 1), belowMinimum: [{ tier: "first", count: 1 }], unfilled: [] });
  });

  it("tells places below the minimum from places nobody was left for", () => {
    const result = countsWithinMinimums([70, 20], counts(1, 1, 0, 3), minimumScores(points(null, 50, null, null), 100));
    // 70 takes the first prize; 20 is below the second's 50 but takes a consolation prize; two consolation places have nobody.
    expect(result).toEqual({ counts: counts(1, 0, 0, 1), belowMinimum: [{ tier: "second", count: 1 }], unfilled: [{ tier: "consolation", count: 2 }] });
  });

  it("counts a score equal to the minimum as reaching it", () => {
    expect(countsWithinMinimums([50, 49], counts(0, 0, 0, 2), minimumScores(points(null, null, null, 50), 100)).counts).toEqual(counts(0, 0, 0, 1));
    expect(countsWithinMinimums([50, 49], counts(0, 0, 0, 2), minimumScores(percent(null, null, null, 50), 100)).counts).toEqual(counts(0, 0, 0, 1));
  });

  it("changes nothing without minimums, and gives nothing to an empty ranking", () => {
    expect(countsWithinMinimums([10, 9, 8], counts(1, 1, 1, 1), NO_MINIMUM_SCORES)).toEqual({ counts: counts(1, 1, 1, 0), belowMinimum: [], unfilled: [{ tier: "consolation", count: 1 }] });
    expect(countsWithinMinimums([], counts(1, 0, 0, 0), minimumScores(points(10, null, null, null), 100))).toEqual({ counts: counts(0), belowMinimum: [], unfilled: [{ tier: "first", count: 1 }] });
  });

  it("refuses scores that are not best first (the caller's bug)", () => {
    expect(() => countsWithinMinimums([5, 10], counts(1), NO_MINIMUM_SCORES)).toThrow(/best first/);
  });

  /** Independent reference: walk the ranking person by person, moving down the tiers. */
  function reference(scores: number[], prizes: PrizeCounts, raw: Record<PrizeTier, number | null>) {
    const effective = (index: number) => Math.max(-Infinity, ...PRIZE_TIERS.slice(index).flatMap((tier) => (raw[tier] === null ? [] : [raw[tier]!])));
    const left = { ...prizes };
    const given: PrizeTier[] = [];
    const below: PrizeTier[] = [];
    let t = 0;
    for (const score of scores) {
      while (t < PRIZE_TIERS.length && (left[PRIZE_TIERS[t]] === 0 || score < effective(t))) {
        for (; left[PRIZE_TIERS[t]] > 0; left[PRIZE_TIERS[t]]--) below.push(PRIZE_TIERS[t]);
        t++;
      }
      if (t === PRIZE_TIERS.length) break;
      given.push(PRIZE_TIERS[t]);
      left[PRIZE_TIERS[t]]--;
    }
    const unfilled = PRIZE_TIERS.flatMap((tier) => Array.from({ length: left[tier] }, () => tier));
    return { given, below, unfilled };
  }

  const expand = (list: { tier: PrizeTier; count: number }[]) => list.flatMap((x) => Array.from({ length: x.count }, () => x.tier));

  it("agrees with a walk through the ranking on every small case", () => {
    const values = [null, 1, 2] as const;
    const scoreLists: number[][] = [[]];
    for (let length = 1; length <= 3; length++) {
      const grow = (prefix: number[]): void => {
        if (prefix.length === length) return void scoreLists.push(prefix);
        for (let s = prefix.at(-1) ?? 3; s >= 0; s--) grow([...prefix, s]);
      };
      grow([]);
    }
    let cases = 0;
    for (const first of values)
      for (const second of values)
        for (const third of values)
          for (const consolation of values) {
            const raw = { first, second, third, consolation };
            const scores: MinimumScores = minimumScores({ unit: "points", ...raw }, 3);
            for (let code = 0; code < 81; code++) {
              const prizes = counts(code % 3, Math.floor(code / 3) % 3, Math.floor(code / 9) % 3, Math.floor(code / 27) % 3);
              for (const list of scoreLists) {
                const actual = countsWithinMinimums(list, prizes, scores);
                const expected = reference(list, prizes, raw);
                const given = PRIZE_TIERS.flatMap((tier) => Array.from({ length: actual.counts[tier] }, () => tier));
                expect({ given, below: expand(actual.belowMinimum), unfilled: expand(actual.unfilled) }, JSON.stringify({ raw, prizes, list })).toEqual(expected);
                cases++;
              }
            }
          }
    expect(cases).toBe(81 * 81 * 35);
  });
});

describe("individual prizes with minimums", () => {
  it("gives the prizes in ranking order, each to someone who reaches its tier's minimum", () => {
    const rows = [person(1, 95), person(2, 72), person(3, 68), person(4, 30), person(5, 5)];
    const result = allocateIndividualPrizes({ rows, prizes: counts(1, 1, 1, 3), minimumScores: minimumScores(points(90, 70, 50, 25), 100) });
    expect(tiersOf(result.winners)).toEqual([
      [1, "first"],
      [2, "second"],
      [3, "third"],
      [4, "consolation"],
    ]);
    expect(result.winners.map((w) => w.place)).toEqual([1, 2, 3, 4]);
    expect(result.belowMinimum).toEqual([{ tier: "consolation", count: 2 }]);
    expect(result.unfilled).toEqual([]);
  });

  it("leaves a disqualified person out before the minimums are applied: the next person must reach the minimum too", () => {
    const rows = [person(1, 90), person(2, 40)];
    const result = allocateIndividualPrizes({ rows, prizes: counts(1), disqualifications: [{ kind: "person", userId: 1, reason: "Thi hộ" }], minimumScores: minimumScores(points(50, null, null, null), 100) });
    expect(result.winners).toEqual([]);
    expect(result.belowMinimum).toEqual([{ tier: "first", count: 1 }]);
    expect(result.excluded.map((e) => e.row.userId)).toEqual([1]);
  });

  it("keeps a tie whole: people with equal scores all reach a minimum or all miss it", () => {
    const rows = [person(1, 80), person(2, 60, 0), person(3, 60, 0)];
    const result = allocateIndividualPrizes({ rows, prizes: counts(1, 1, 0, 0), minimumScores: minimumScores(points(null, 70, null, null), 100) });
    // 60 misses the second prize's 70 (and so the first's): only person 1 wins.
    expect(tiersOf(result.winners)).toEqual([[1, "first"]]);
    expect(result.unresolvedTies).toEqual([]);
    const lower = allocateIndividualPrizes({ rows, prizes: counts(1, 1, 0, 0), minimumScores: minimumScores(points(null, 60, null, null), 100) });
    expect(lower.unresolvedTies.map((t) => t.candidates.map((c) => c.userId))).toEqual([[2, 3]]);
  });

  it("applies each ranking's own minimums across rounds", () => {
    const outcomes = allocateRankings(
      [
        { label: "Đợt 1", rows: [person(1, 40), person(2, 30)], prizes: counts(1, 1), minimumScores: minimumScores(percent(null, 50, null, null), 60) },
        { label: "Đợt 2", rows: [person(1, 40), person(2, 30)], prizes: counts(1, 1) },
      ],
      { atMostOnePrize: false },
    );
    const winners = outcomes.map((o) => (o.status === "proposed" ? tiersOf(o.allocation.winners) : []));
    expect(winners).toEqual([
      [[1, "first"], [2, "second"]],
      [[1, "first"], [2, "second"]],
    ]);
    const strict = allocateRankings([{ label: "Đợt 1", rows: [person(1, 40), person(2, 29)], prizes: counts(1, 1), minimumScores: minimumScores(percent(null, 50, null, null), 60) }], { atMostOnePrize: false });
    expect(strict[0].status === "proposed" && tiersOf(strict[0].allocation.winners)).toEqual([[1, "first"]]);
  });
});

describe("the minimums as the organizer types them", () => {
  const issues = (input: unknown) => {
    const result = tierMinimumsSchema.safeParse(input);
    return result.success ? [] : result.error.issues.map((issue) => issue.message);
  };

  it("reads blank fields as no minimum, and all blank as none at all", () => {
    expect(tierMinimumsSchema.parse({ unit: "points", first: "", second: "", third: "", consolation: "" })).toBeNull();
    expect(tierMinimumsSchema.parse({ unit: "percent", first: "", second: "", third: "60", consolation: "50" })).toEqual(percent(null, null, 60, 50));
  });

  it("refuses a share above 100 %, negative or fractional numbers, and a higher tier asking less than a lower one, in Vietnamese", () => {
    expect(issues({ unit: "percent", first: "120", second: "", third: "", consolation: "" })).toEqual(["Điểm tối thiểu của Giải Nhất tính theo phần trăm nên không được quá 100%."]);
    expect(issues({ unit: "points", first: "", second: "", third: "", consolation: "-1" })).toEqual(["Điểm tối thiểu của Giải Khuyến khích không được âm"]);
    expect(issues({ unit: "points", first: "", second: "7.5", third: "", consolation: "" })).toEqual(["Điểm tối thiểu của Giải Nhì phải là số nguyên"]);
    expect(issues({ unit: "points", first: "mười", second: "", third: "", consolation: "" })).toEqual(["Điểm tối thiểu của Giải Nhất phải là số"]);
    expect(issues({ unit: "points", first: "40", second: "", third: "", consolation: "50" })).toEqual(["Điểm tối thiểu của Giải Nhất (40 điểm) không được thấp hơn của Giải Khuyến khích (50 điểm)."]);
    expect(issues({ unit: "giờ", first: "", second: "", third: "", consolation: "" })).toEqual(["Vui lòng chọn cách tính điểm tối thiểu: theo điểm hoặc theo phần trăm điểm tối đa"]);
  });

  it("refuses points above the full marks when they are known", () => {
    expect(minimumsProblem(points(null, null, null, 120), { points: 100, of: "Đợt 1" })).toBe("Điểm tối thiểu của Giải Khuyến khích (120 điểm) lớn hơn điểm tối đa của Đợt 1 (100 điểm).");
    expect(minimumsProblem(points(100, null, null, 50), { points: 100, of: "Đợt 1" })).toBeNull();
    expect(minimumsProblem(percent(100, null, null, 50), { points: 20, of: "Đợt 1" })).toBeNull();
  });

  it("describes the minimums and the places left empty for people", () => {
    expect(describeMinimumScores(minimumScores(points(80, null, null, 50), 100))).toBe("Điểm tối thiểu – Giải Nhất: từ 80 điểm; Giải Nhì: từ 50 điểm; Giải Ba: từ 50 điểm; Giải Khuyến khích: từ 50 điểm");
    expect(describeMinimumScores(NO_MINIMUM_SCORES)).toBeNull();
    expect(describeBelowMinimum([{ tier: "consolation", count: 2 }])).toBe("2 giải Khuyến khích không trao vì không có người đạt điểm tối thiểu.");
    expect(describeBelowMinimum([])).toBeNull();
  });
});
