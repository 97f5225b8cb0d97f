import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/seeded-random";
import {
  allocateIndividualPrizes,
  allocateRankings,
  compareRankedRows,
  separatingKey,
  type Disqualification,
  type IndividualAllocation,
  type RankedPersonRow,
  type RankingOutcome,
  type RankingToAward,
} from "./individual";
import { NO_PRIZES, PRIZE_TIERS, type PrizeCounts, type PrizeTier, type TieDecision } from "./places";

interface Row extends RankedPersonRow {
  name: string;
}

const T0 = Date.parse("2026-11-23T01:00:00.000Z");

function person(userId: number, score: number, durationMs = 60_000, finishedOffsetMs = 0, predictionDistance: number | null = null): Row {
  return { userId, entryId: `e${userId}`, name: `Người ${userId}`, score, predictionDistance, durationMs, finishedAt: new Date(T0 + finishedOffsetMs) };
}

const prizes = (first: number, second = 0, third = 0, consolation = 0): PrizeCounts => ({ first, second, third, consolation });
const ids = (rows: readonly { userId: number }[]) => rows.map((row) => row.userId);
const winnersOf = (allocation: IndividualAllocation<Row>) => allocation.winners.map((w) => [w.row.userId, w.tier, w.place]);

// --- Independent reference ---------------------------------------------------------------------

/** The published keys as a tuple, smaller first: −score, prediction distance (unknown = 0), duration, finish time. */
const keyTuple = (row: RankedPersonRow) => [-row.score, row.predictionDistance ?? 0, row.durationMs, row.finishedAt.getTime()];

function referenceCompare(a: RankedPersonRow, b: RankedPersonRow): number {
  const ka = keyTuple(a);
  const kb = keyTuple(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] < kb[i] ? -1 : 1;
  return 0;
}

function referenceTier(counts: PrizeCounts, place: number): PrizeTier | null {
  const expanded = PRIZE_TIERS.flatMap((tier) => Array.from({ length: counts[tier] }, () => tier));
  return expanded[place - 1] ?? null;
}

type Verdict = { kind: "winner"; tier: PrizeTier; rank: number; places: number[] } | { kind: "open"; places: number[] } | { kind: "none" };

interface ReferenceResult {
  verdicts: Map<number, Verdict>; // eligible userIds only
  excluded: Map<number, string>; // userId → reason code
  unfilled: PrizeTier[];
}

/**
 * A row's possible places are every position from (rows strictly better + 1) to (rows strictly
 * better + rows tied with it): it wins a tier only if all of them carry that tier.
 */
function referenceAllocate(
  rows: readonly Row[],
  counts: PrizeCounts,
  disqualifications: readonly Disqualification[],
  awarded: ReadonlySet<number>,
  decisions: readonly TieDecision[],
): ReferenceResult {
  const excluded = new Map<number, string>();
  for (const row of rows) {
    if (disqualifications.some((d) => d.kind === "person" && d.userId === row.userId)) excluded.set(row.userId, "disqualified-person");
    else if (disqualifications.some((d) => d.kind === "entry" && d.entryId === row.entryId)) excluded.set(row.userId, "disqualified-entry");
    else if (awarded.has(row.userId)) excluded.set(row.userId, "already-awarded");
  }
  const eligible = rows.filter((row) => !excluded.has(row.userId));
  const total = PRIZE_TIERS.reduce((sum, tier) => sum + counts[tier], 0);
  const verdicts = new Map<number, Verdict>();
  for (const row of eligible) {
    const better = eligible.filter((other) => referenceCompare(other, row) < 0).length;
    const tied = eligible.filter((other) => referenceCompare(other, row) === 0);
    const positions = Array.from({ length: tied.length }, (_, i) => better + 1 + i);
    const tiers = new Set(positions.map((p) => referenceTier(counts, p)));
    const prizeDependsOnOrder = tiers.size > 1 || tiers.has(null);
    // A decision only matters (and only counts) where the order inside the tie changes a prize.
    const decision = decisions.find((d) => tied.every((other) => d.order.includes(other.userId)));
    if (prizeDependsOnOrder && decision) {
      const order = tied.map((other) => other.userId).sort((a, b) => decision.order.indexOf(a) - decision.order.indexOf(b));
      const place = better + 1 + order.indexOf(row.userId);
      const tier = referenceTier(counts, place);
      verdicts.set(row.userId, tier ? { kind: "winner", tier, rank: better + 1, places: [place] } : { kind: "none" });
      continue;
    }
    const inside = positions.filter((p) => p <= total);
    if (tiers.size === 1 && !tiers.has(null)) verdicts.set(row.userId, { kind: "winner", tier: [...tiers][0]!, rank: better + 1, places: positions });
    else if (inside.length === 0) verdicts.set(row.userId, { kind: "none" });
    else verdicts.set(row.userId, { kind: "open", places: inside });
  }
  const unfilled: PrizeTier[] = [];
  for (let place = eligible.length + 1; place <= total; place++) unfilled.push(referenceTier(counts, place)!);
  return { verdicts, excluded, unfilled };
}

function expectMatchesReference(actual: IndividualAllocation<Row>, reference: ReferenceResult, counts: PrizeCounts) {
  expect(new Map(actual.excluded.map((e) => [e.row.userId, e.reason]))).toEqual(reference.excluded);
  const winnerById = new Map(actual.winners.map((w) => [w.row.userId, w]));
  const tieById = new Map(actual.unresolvedTies.flatMap((tie) => tie.candidates.map((row) => [row.userId, tie] as const)));
  for (const [userId, verdict] of reference.verdicts) {
    const winner = winnerById.get(userId);
    const tie = tieById.get(userId);
    if (verdict.kind === "winner") {
      expect(tie, `user ${userId} should win, not be in a tie`).toBeUndefined();
      expect(winner?.tier, `tier of user ${userId}`).toBe(verdict.tier);
      expect(winner?.rank).toBe(verdict.rank);
      expect(verdict.places).toContain(winner?.place);
    } else if (verdict.kind === "open") {
      expect(winner, `user ${userId} is in an open tie`).toBeUndefined();
      expect(tie?.places.map((p) => p.place)).toEqual(verdict.places);
      expect(tie?.places.map((p) => p.tier)).toEqual(verdict.places.map((p) => referenceTier(counts, p)));
    } else {
      expect(winner).toBeUndefined();
      expect(tie).toBeUndefined();
    }
  }
  // Places are distinct and never shared between winners and open ties.
  const places = [...actual.winners.map((w) => w.place), ...actual.unresolvedTies.flatMap((t) => t.places.map((p) => p.place))];
  expect(new Set(places).size).toBe(places.length);
  expect(actual.unfilled.flatMap((u) => Array.from({ length: u.count }, () => u.tier))).toEqual(reference.unfilled);
}

// --- Generated rankings ------------------------------------------------------------------------

function shuffle<T>(random: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Rows from tiny key ranges (heavy ties), shuffled then put in published order by the reference comparison. */
function generateRanking(random: () => number, size: number, userIds: number[], predictionKnown: boolean): Row[] {
  const pick = (n: number) => Math.floor(random() * n);
  const keySpread = 1 + pick(3); // 1: almost everyone tied
  const rows = shuffle(random, userIds.slice()).slice(0, size).map((userId) => {
    const distance = predictionKnown ? [0, 1, 2, Number.POSITIVE_INFINITY][pick(Math.min(4, keySpread + 1))] : null;
    return person(userId, pick(keySpread + 1) * 10, pick(keySpread) * 1000, pick(keySpread) * 60_000, distance);
  });
  return shuffle(random, rows).sort(referenceCompare);
}

function generatePrizes(random: () => number): PrizeCounts {
  const pick = (n: number) => Math.floor(random() * n);
  return { first: pick(3), second: pick(4), third: pick(5), consolation: pick(8) };
}

function generateDisqualifications(random: () => number, rows: readonly Row[]): Disqualification[] {
  return rows.flatMap((row): Disqualification[] => {
    const roll = random();
    if (roll < 0.06) return [{ kind: "person", userId: row.userId, reason: "Gian lận" }];
    if (roll < 0.12) return [{ kind: "entry", entryId: row.entryId, reason: "Thi hộ" }];
    return [];
  });
}

/** Decisions for some of the tied runs (shuffled orders), and one naming people who are not tied. */
function generateDecisions(random: () => number, rows: readonly Row[]): TieDecision[] {
  const decisions: TieDecision[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i + 1;
    while (j < rows.length && referenceCompare(rows[i], rows[j]) === 0) j++;
    if (j - i > 1 && random() < 0.4) decisions.push({ order: shuffle(random, ids(rows.slice(i, j))), note: "Bốc thăm" });
    i = j;
  }
  if (rows.length > 2 && random() < 0.5) decisions.push({ order: [rows[0].userId, rows[rows.length - 1].userId] });
  return decisions;
}

describe("allocateIndividualPrizes against an independent reference", () => {
  it("agrees on generated rankings of many sizes with heavy ties, disqualifications and earlier winners", () => {
    const random = mulberry32(20261123);
    let cases = 0;
    let openTies = 0;
    for (const size of [0, 1, 2, 3, 5, 8, 13, 21, 40, 80, 150, 300]) {
      for (let repeat = 0; repeat < 40; repeat++) {
        const universe = Array.from({ length: size + 5 }, (_, i) => i + 1);
        const rows = generateRanking(random, size, universe, random() < 0.5);
        const counts = generatePrizes(random);
        const disqualifications = generateDisqualifications(random, rows);
        const awarded = new Set(rows.filter(() => random() < 0.1).map((row) => row.userId));
        const decisions = random() < 0.5 ? generateDecisions(random, rows) : [];
        const actual = allocateIndividualPrizes({
          rows,
          prizes: counts,
          disqualifications,
          alreadyAwarded: new Map([...awarded].map((id) => [id, "Đợt 1"])),
          decisions,
        });
        expectMatchesReference(actual, referenceAllocate(rows, counts, disqualifications, awarded, decisions), counts);
        cases++;
        openTies += actual.unresolvedTies.length;
      }
    }
    expect(cases).toBe(480);
    expect(openTies).toBeGreaterThan(50); // the generator does produce ties at prize boundaries
  });

  it("agrees with every order the ties allow: a tie is open exactly when the order of the tied decides a prize", () => {
    // Brute force: enumerate every permutation of the rows, keep those consistent with the keys,
    // give places strictly in each, and see whose tier depends on the permutation.
    const random = mulberry32(7);
    for (let repeat = 0; repeat < 150; repeat++) {
      const size = 1 + Math.floor(random() * 7);
      const rows = generateRanking(random, size, Array.from({ length: size }, (_, i) => i + 1), random() < 0.5);
      const counts = { first: Math.floor(random() * 2), second: Math.floor(random() * 3), third: Math.floor(random() * 3), consolation: Math.floor(random() * 3) };
      const tiersSeen = new Map<number, Set<PrizeTier | null>>(rows.map((row) => [row.userId, new Set()]));
      const occupants = new Map<number, Set<number>>();
      for (const order of permutations(rows)) {
        if (order.some((row, i) => i > 0 && referenceCompare(order[i - 1], row) > 0)) continue;
        order.forEach((row, i) => {
          const tier = referenceTier(counts, i + 1);
          tiersSeen.get(row.userId)!.add(tier);
          if (tier) occupants.set(i + 1, (occupants.get(i + 1) ?? new Set()).add(row.userId));
        });
      }
      const actual = allocateIndividualPrizes({ rows, prizes: counts });
      for (const row of rows) {
        const seen = [...tiersSeen.get(row.userId)!];
        const winner = actual.winners.find((w) => w.row.userId === row.userId);
        const inTie = actual.unresolvedTies.some((tie) => tie.candidates.includes(row));
        if (seen.length === 1) {
          expect(winner?.tier ?? null).toBe(seen[0]);
          expect(inTie).toBe(false);
        } else {
          expect(winner).toBeUndefined();
          expect(inTie).toBe(true);
        }
      }
      const varying = [...occupants].filter(([, who]) => who.size > 1).map(([place]) => place);
      const open = actual.unresolvedTies.flatMap((tie) => tie.places.map((p) => p.place));
      // The open places are exactly the places whose holder depends on the order, except those
      // shared by a tie inside one tier (its members all get that tier, so they are winners).
      expect(open.sort((a, b) => a - b)).toEqual(varying.filter((place) => !actual.winners.some((w) => w.place === place)).sort((a, b) => a - b));
    }
  });
});

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield items.slice();
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i], ...tail];
  }
}

// --- Worked examples ---------------------------------------------------------------------------

describe("allocateIndividualPrizes", () => {
  it("fills the tiers in order: Nhất, Nhì, Ba, Khuyến khích", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 80), person(4, 70), person(5, 60), person(6, 50)];
    const result = allocateIndividualPrizes({ rows, prizes: prizes(1, 1, 2, 1) });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [2, "second", 2],
      [3, "third", 3],
      [4, "third", 4],
      [5, "consolation", 5],
    ]);
    expect(result.unresolvedTies).toEqual([]);
    expect(result.unfilled).toEqual([]);
  });

  it("says which rule put each winner above the next person", () => {
    const rows = [
      person(1, 100, 50_000, 0, 3),
      person(2, 100, 50_000, 0, 5), // behind 1 on the prediction
      person(3, 100, 60_000, 0, 5), // behind 2 on time taken
      person(4, 100, 60_000, 1000, 5), // behind 3 on the finishing time
      person(5, 90, 10_000, 0, 0), // behind 4 on the score
    ];
    const result = allocateIndividualPrizes({ rows, prizes: prizes(1, 1, 1, 2) });
    expect(result.winners.map((w) => w.aheadOfNextBy)).toEqual(["prediction", "duration", "finishedAt", "score", null]);
    expect(separatingKey(rows[0], rows[0])).toBeNull();
  });

  it("ranks no prediction (Infinity) below any guess, and an unknown distance (null) like an exact one", () => {
    expect(compareRankedRows(person(1, 100, 1000, 0, 9999), person(2, 100, 1000, 0, Number.POSITIVE_INFINITY))).toBeLessThan(0);
    expect(compareRankedRows(person(1, 100, 1000, 0, null), person(2, 100, 1000, 0, 0))).toBe(0);
  });

  it("gives a tie inside one tier the same prize to everyone in it", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 90), person(4, 80)];
    const result = allocateIndividualPrizes({ rows, prizes: prizes(1, 2, 1) });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [2, "second", 2],
      [3, "second", 3],
      [4, "third", 4],
    ]);
    expect(result.winners.map((w) => w.rank)).toEqual([1, 2, 2, 4]);
    expect(result.unresolvedTies).toEqual([]);
  });

  it("leaves the places of a tie across a tier boundary to the organizer, and fills the places after it", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 90), person(4, 80), person(5, 70)];
    const result = allocateIndividualPrizes({ rows, prizes: prizes(1, 1, 1, 1) });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [4, "consolation", 4],
    ]);
    expect(result.unresolvedTies).toHaveLength(1);
    const [tie] = result.unresolvedTies;
    expect(ids(tie.candidates)).toEqual([2, 3]);
    expect(tie.places).toEqual([
      { place: 2, tier: "second" },
      { place: 3, tier: "third" },
    ]);
    expect(tie.tiers).toEqual([
      { tier: "second", count: 1 },
      { tier: "third", count: 1 },
    ]);
    expect(tie.rank).toBe(2);
    expect(tie.keys.score).toBe(90);
  });

  it("reports a tie on the last prize with more people than places, and gives no one past it a prize", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 90), person(4, 90), person(5, 80)];
    const result = allocateIndividualPrizes({ rows, prizes: prizes(1, 0, 0, 2) });
    expect(winnersOf(result)).toEqual([[1, "first", 1]]);
    expect(result.unresolvedTies).toHaveLength(1);
    expect(ids(result.unresolvedTies[0].candidates)).toEqual([2, 3, 4]);
    expect(result.unresolvedTies[0].places).toEqual([
      { place: 2, tier: "consolation" },
      { place: 3, tier: "consolation" },
    ]);
  });

  it("applies an organizer's decision that names everyone in the tie, and ignores one that misses someone", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 90), person(4, 90)];
    const partial = allocateIndividualPrizes({ rows, prizes: prizes(1, 1), decisions: [{ order: [3, 2] }] });
    expect(partial.unresolvedTies).toHaveLength(1);

    const decided = allocateIndividualPrizes({ rows, prizes: prizes(1, 1, 1), decisions: [{ order: [4, 2, 3], note: "Bốc thăm ngày 24/11" }] });
    expect(winnersOf(decided)).toEqual([
      [1, "first", 1],
      [4, "second", 2],
      [2, "third", 3],
    ]);
    expect(decided.winners.slice(1).map((w) => [w.decidedBy, w.decisionNote])).toEqual([
      ["organizer", "Bốc thăm ngày 24/11"],
      ["organizer", "Bốc thăm ngày 24/11"],
    ]);
    expect(decided.unresolvedTies).toEqual([]);
  });

  it("still applies a decision after one of the tied people is disqualified", () => {
    const rows = [person(1, 90), person(2, 90), person(3, 90)];
    const result = allocateIndividualPrizes({
      rows,
      prizes: prizes(1, 1),
      decisions: [{ order: [3, 1, 2] }],
      disqualifications: [{ kind: "person", userId: 3, reason: "Dùng hai tài khoản" }],
    });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [2, "second", 2],
    ]);
  });

  it("moves the next person up when a person or an entry is disqualified, and records the written reason", () => {
    const rows = [person(1, 100), person(2, 90), person(3, 80), person(4, 70)];
    const result = allocateIndividualPrizes({
      rows,
      prizes: prizes(1, 1),
      disqualifications: [
        { kind: "person", userId: 1, reason: "Thi hộ người khác" },
        { kind: "entry", entryId: "e3", reason: "Bài thi nộp sau giờ đóng" },
      ],
    });
    expect(winnersOf(result)).toEqual([
      [2, "first", 1],
      [4, "second", 2],
    ]);
    expect(result.excluded.map((e) => [e.row.userId, e.reason, e.note])).toEqual([
      [1, "disqualified-person", "Thi hộ người khác"],
      [3, "disqualified-entry", "Bài thi nộp sau giờ đóng"],
    ]);
  });

  it("reports unfilled places when fewer people than prizes take part", () => {
    const result = allocateIndividualPrizes({ rows: [person(1, 100), person(2, 90)], prizes: prizes(1, 2, 3) });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [2, "second", 2],
    ]);
    expect(result.unfilled).toEqual([
      { tier: "second", count: 1 },
      { tier: "third", count: 3 },
    ]);
  });

  it("gives nothing with zero prizes, and nothing from an empty ranking", () => {
    const none = allocateIndividualPrizes({ rows: [person(1, 100), person(2, 100)], prizes: NO_PRIZES });
    expect(none).toEqual({ winners: [], unresolvedTies: [], unfilled: [], belowMinimum: [], excluded: [] });
    const empty = allocateIndividualPrizes({ rows: [], prizes: prizes(1, 1) });
    expect(empty.unfilled).toEqual([
      { tier: "first", count: 1 },
      { tier: "second", count: 1 },
    ]);
  });

  it("skips a tier with zero prizes: after 1 Nhất and 0 Nhì comes Ba", () => {
    const result = allocateIndividualPrizes({ rows: [person(1, 100), person(2, 90)], prizes: prizes(1, 0, 1) });
    expect(winnersOf(result)).toEqual([
      [1, "first", 1],
      [2, "third", 2],
    ]);
  });

  it("leaves every place open when everyone is tied across tiers, and decides nothing when all tie within one tier", () => {
    const rows = Array.from({ length: 6 }, (_, i) => person(i + 1, 100));
    const across = allocateIndividualPrizes({ rows, prizes: prizes(1, 2, 3) });
    expect(across.winners).toEqual([]);
    expect(across.unresolvedTies[0].places.map((p) => p.place)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(across.unresolvedTies[0].tiers).toEqual([
      { tier: "first", count: 1 },
      { tier: "second", count: 2 },
      { tier: "third", count: 3 },
    ]);
    const within = allocateIndividualPrizes({ rows, prizes: prizes(0, 0, 0, 6) });
    expect(within.winners.map((w) => w.tier)).toEqual(Array(6).fill("consolation"));
  });

  it("refuses rows out of the published order and a person listed twice", () => {
    expect(() => allocateIndividualPrizes({ rows: [person(1, 80), person(2, 90)], prizes: prizes(1) })).toThrow(/published order/);
    expect(() => allocateIndividualPrizes({ rows: [person(1, 90), person(1, 80)], prizes: prizes(1) })).toThrow(/twice/);
    expect(() => allocateIndividualPrizes({ rows: [person(1, 90)], prizes: { ...NO_PRIZES, first: -1 } })).toThrow(RangeError);
  });
});

// --- Several rounds, at most one prize per person ----------------------------------------------

/** Reference for several rankings: the rule restated, using the reference allocation. */
function referenceRankings(rankings: readonly RankingToAward<Row>[], atMostOne: boolean, disqualifications: readonly Disqualification[]) {
  const awarded = new Set<number>();
  const undecided = new Set<number>();
  const disqualifiedPeople = new Set(disqualifications.flatMap((d) => (d.kind === "person" ? [d.userId] : [])));
  return rankings.map((ranking) => {
    if (atMostOne && ranking.rows.some((row) => undecided.has(row.userId) && !disqualifiedPeople.has(row.userId))) {
      ranking.rows.forEach((row) => {
        if (!awarded.has(row.userId) && !disqualifiedPeople.has(row.userId)) undecided.add(row.userId);
      });
      return { status: "waiting" as const };
    }
    const result = referenceAllocate(ranking.rows, ranking.prizes, disqualifications, atMostOne ? awarded : new Set(), ranking.decisions ?? []);
    const openByPlaces = new Map<string, number[]>();
    for (const [userId, verdict] of result.verdicts) {
      if (verdict.kind === "winner") awarded.add(userId);
      if (verdict.kind === "open") openByPlaces.set(verdict.places.join(","), [...(openByPlaces.get(verdict.places.join(",")) ?? []), userId]);
    }
    for (const [places, members] of openByPlaces) {
      const placeCount = places.split(",").length;
      for (const userId of members) (members.length <= placeCount ? awarded : undecided).add(userId);
    }
    return { status: "proposed" as const, result, counts: ranking.prizes };
  });
}

describe("allocateRankings (rounds in order, at most one prize per person)", () => {
  it("lets the next person move up when an earlier round's winner ranks high again", () => {
    const round1 = [person(1, 100), person(2, 90), person(3, 80)];
    const round2 = [person(1, 100), person(3, 95), person(4, 90), person(2, 85)];
    const outcomes = allocateRankings(
      [
        { label: "Đợt 1", rows: round1, prizes: prizes(1, 1) },
        { label: "Đợt 2", rows: round2, prizes: prizes(1, 1) },
      ],
      { atMostOnePrize: true },
    );
    const second = outcomes[1];
    expect(second.status).toBe("proposed");
    if (second.status !== "proposed") return;
    expect(winnersOf(second.allocation)).toEqual([
      [3, "first", 1],
      [4, "second", 2],
    ]);
    expect(second.allocation.excluded.map((e) => [e.row.userId, e.reason, e.note])).toEqual([
      [1, "already-awarded", "Đã đạt Giải Nhất ở Đợt 1"],
      [2, "already-awarded", "Đã đạt Giải Nhì ở Đợt 1"],
    ]);
  });

  it("without the rule, the same person can win in every round", () => {
    const rows = [person(1, 100), person(2, 90)];
    const outcomes = allocateRankings(
      [
        { label: "Đợt 1", rows, prizes: prizes(1) },
        { label: "Đợt 2", rows, prizes: prizes(1) },
      ],
      { atMostOnePrize: false },
    );
    expect(outcomes.map((o) => (o.status === "proposed" ? ids(o.allocation.winners.map((w) => w.row)) : []))).toEqual([[1], [1]]);
  });

  it("makes a later round wait when someone in an open tie with more people than places takes part in it", () => {
    const round1 = [person(1, 100), person(2, 100), person(3, 50)];
    const round2 = [person(2, 100), person(3, 90)];
    const round3 = [person(5, 100), person(6, 90)];
    const outcomes = allocateRankings(
      [
        { label: "Đợt 1", rows: round1, prizes: prizes(1) },
        { label: "Đợt 2", rows: round2, prizes: prizes(1) },
        { label: "Đợt 3", rows: round3, prizes: prizes(1) },
      ],
      { atMostOnePrize: true },
    );
    expect(outcomes[1]).toEqual({ label: "Đợt 2", status: "waiting", waitingFor: ["Đợt 1"], userIds: [2] });
    expect(outcomes[2].status).toBe("proposed");

    const decided = allocateRankings(
      [
        { label: "Đợt 1", rows: round1, prizes: prizes(1), decisions: [{ order: [2, 1] }] },
        { label: "Đợt 2", rows: round2, prizes: prizes(1) },
      ],
      { atMostOnePrize: true },
    );
    const after = decided[1];
    expect(after.status === "proposed" && winnersOf(after.allocation)).toEqual([[3, "first", 1]]);
  });

  it("does not wait when everyone in the open tie wins some prize", () => {
    const round1 = [person(1, 100), person(2, 100)];
    const round2 = [person(1, 100), person(2, 90), person(3, 80)];
    const outcomes = allocateRankings(
      [
        { label: "Đợt 1", rows: round1, prizes: prizes(1, 1) },
        { label: "Đợt 2", rows: round2, prizes: prizes(1) },
      ],
      { atMostOnePrize: true },
    );
    const second = outcomes[1];
    expect(second.status === "proposed" && winnersOf(second.allocation)).toEqual([[3, "first", 1]]);
  });

  it("agrees with the reference on generated contests of several rounds", () => {
    const random = mulberry32(4242);
    let waiting = 0;
    for (let repeat = 0; repeat < 200; repeat++) {
      const universe = Array.from({ length: 4 + Math.floor(random() * 30) }, (_, i) => i + 1);
      const roundCount = 1 + Math.floor(random() * 4);
      const rankings: RankingToAward<Row>[] = Array.from({ length: roundCount }, (_, r) => {
        const rows = generateRanking(random, Math.floor(random() * universe.length), universe, random() < 0.5);
        return { label: `Đợt ${r + 1}`, rows, prizes: generatePrizes(random), decisions: random() < 0.4 ? generateDecisions(random, rows) : [] };
      });
      const disqualifications = universe.flatMap((userId): Disqualification[] =>
        random() < 0.05 ? [{ kind: "person", userId, reason: "Vi phạm thể lệ" }] : random() < 0.05 ? [{ kind: "entry", entryId: `e${userId}`, reason: "Lỗi" }] : [],
      );
      const atMostOne = random() < 0.75;
      const actual: RankingOutcome<Row>[] = allocateRankings(rankings, { atMostOnePrize: atMostOne, disqualifications });
      const reference = referenceRankings(rankings, atMostOne, disqualifications);
      expect(actual.map((o) => o.status)).toEqual(reference.map((o) => o.status));
      actual.forEach((outcome, index) => {
        const expected = reference[index];
        if (outcome.status === "proposed" && expected.status === "proposed") {
          expectMatchesReference(outcome.allocation, expected.result, expected.counts);
        } else waiting++;
      });
      if (atMostOne) {
        const winners = actual.flatMap((o) => (o.status === "proposed" ? o.allocation.winners.map((w) => w.row.userId) : []));
        expect(new Set(winners).size).toBe(winners.length);
      }
    }
    expect(waiting).toBeGreaterThan(0);
  });
});
