import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/seeded-random";
import { allocateCollectivePrizes, compareUnits, participationRate, type CollectiveMetric, type CollectivePrizeRule, type UnitStanding } from "./collective";
import { PRIZE_TIERS, type PrizeCounts, type PrizeTier } from "./places";

interface Unit extends UnitStanding {
  name: string;
}

const unit = (unitId: number, headcount: number, participants: number, averageScore: number | null = participants > 0 ? 80 : null): Unit => ({
  unitId,
  name: `Đơn vị ${unitId}`,
  headcount,
  participants,
  averageScore,
});

const rule = (prizes: Partial<PrizeCounts>, extra: Partial<CollectivePrizeRule> = {}): CollectivePrizeRule => ({
  metric: "rate",
  prizes: { first: 0, second: 0, third: 0, consolation: 0, ...prizes },
  minHeadcount: null,
  minParticipants: null,
  ...extra,
});

describe("allocateCollectivePrizes", () => {
  it("ranks by participation rate, then participants, then average score", () => {
    const units = [
      unit(1, 100, 50, 90), // 50%
      unit(2, 10, 9, 70), // 90%
      unit(3, 20, 18, 60), // 90%, more participants than unit 2
      unit(4, 40, 20, 95), // 50%, fewer participants than unit 1
      unit(5, 200, 100, 91), // 50%, more participants than unit 1
    ];
    const result = allocateCollectivePrizes(units, rule({ first: 1, second: 1, third: 1, consolation: 2 }, { minParticipants: 1 }));
    expect(result.winners.map((w) => [w.row.unitId, w.tier, w.aheadOfNextBy])).toEqual([
      [3, "first", "participants"],
      [2, "second", "rate"],
      [5, "third", "participants"],
      [1, "consolation", "participants"],
      [4, "consolation", null],
    ]);
  });

  it("ranks by participants first with the participants metric", () => {
    const units = [unit(1, 1000, 300), unit(2, 50, 50), unit(3, 600, 300)];
    const result = allocateCollectivePrizes(units, rule({ first: 1, second: 1, third: 1 }, { metric: "participants", minParticipants: 10 }));
    expect(result.winners.map((w) => [w.row.unitId, w.aheadOfNextBy])).toEqual([
      [3, "rate"],
      [1, "participants"],
      [2, null],
    ]);
  });

  it("keeps a three-person unit out with a minimum headcount, and says why", () => {
    const units = [unit(1, 3, 3), unit(2, 120, 100), unit(3, 80, 0), unit(4, 0, 5)];
    const result = allocateCollectivePrizes(units, rule({ first: 1, second: 1 }, { minHeadcount: 20 }));
    expect(result.winners.map((w) => w.row.unitId)).toEqual([2]);
    expect(result.unfilled).toEqual([{ tier: "second", count: 1 }]);
    expect(result.ineligible.map((i) => [i.unit.unitId, i.reason, i.message])).toEqual([
      [1, "below-min-headcount", "Đơn vị có 3 cán bộ, công chức, viên chức, dưới mức tối thiểu 20"],
      [3, "no-participants", "Đơn vị không có người tham gia"],
      [4, "no-headcount", "Đơn vị chưa có số cán bộ, công chức, viên chức nên không tính được tỷ lệ tham gia"],
    ]);
  });

  it("applies a minimum of participants", () => {
    const result = allocateCollectivePrizes([unit(1, 10, 9), unit(2, 1000, 400)], rule({ first: 1 }, { minParticipants: 10 }));
    expect(result.winners.map((w) => w.row.unitId)).toEqual([2]);
    expect(result.ineligible[0].message).toBe("Đơn vị có 9 người tham gia, dưới mức tối thiểu 10");
  });

  it("compares rates exactly: 1/3 and 2/6 tie, 333/1000 is lower", () => {
    expect(compareUnits("rate", unit(1, 3, 1, 50), unit(2, 6, 2, 50))).toBeGreaterThan(0); // tie on rate, more participants wins
    expect(compareUnits("rate", unit(1, 3, 1, 50), unit(2, 3, 1, 50))).toBe(0);
    expect(compareUnits("rate", unit(1, 3, 1, 50), unit(2, 1000, 333, 50))).toBeLessThan(0);
    expect(participationRate(unit(1, 8, 2))).toBe(25);
    expect(participationRate(unit(1, 0, 2))).toBeNull();
  });

  it("reports units equal on every key across a prize boundary, and applies the organizer's decision", () => {
    const units = [unit(1, 50, 50, 80), unit(2, 50, 50, 80), unit(3, 50, 40, 80)];
    const open = allocateCollectivePrizes(units, rule({ first: 1, second: 1 }, { minHeadcount: 10 }));
    expect(open.winners).toEqual([]);
    expect(open.unresolvedTies.map((t) => [t.candidates.map((u) => u.unitId), t.places])).toEqual([
      [
        [1, 2],
        [
          { place: 1, tier: "first" },
          { place: 2, tier: "second" },
        ],
      ],
    ]);
    const decided = allocateCollectivePrizes(units, rule({ first: 1, second: 1 }, { minHeadcount: 10 }), [{ order: [2, 1], note: "Hội đồng thi đua quyết định" }]);
    expect(decided.winners.map((w) => [w.row.unitId, w.tier, w.decidedBy])).toEqual([
      [2, "first", "organizer"],
      [1, "second", "organizer"],
    ]);
  });

  it("gives nothing with zero prizes and refuses a unit listed twice", () => {
    expect(allocateCollectivePrizes([unit(1, 10, 10)], rule({}, { minParticipants: 1 })).winners).toEqual([]);
    expect(() => allocateCollectivePrizes([unit(1, 10, 10), unit(1, 10, 10)], rule({ first: 1 }))).toThrow(/twice/);
  });
});

// --- Against a brute-force reference -----------------------------------------------------------

/** Reference keys as exact fractions, compared one by one: bigger is better. */
function referenceCompare(metric: CollectiveMetric, a: UnitStanding, b: UnitStanding): number {
  const rateDiff = (x: UnitStanding, y: UnitStanding) => x.participants * y.headcount - y.participants * x.headcount; // x/hx − y/hy, scaled
  const steps: number[] =
    metric === "rate"
      ? [rateDiff(a, b), a.participants - b.participants, (a.averageScore ?? -1) - (b.averageScore ?? -1)]
      : [a.participants - b.participants, rateDiff(a, b), (a.averageScore ?? -1) - (b.averageScore ?? -1)];
  for (const step of steps) if (step !== 0) return step > 0 ? -1 : 1;
  return 0;
}

function referenceTier(counts: PrizeCounts, place: number): PrizeTier | null {
  return PRIZE_TIERS.flatMap((tier) => Array<PrizeTier>(counts[tier]).fill(tier))[place - 1] ?? null;
}

describe("allocateCollectivePrizes against a reference", () => {
  it("agrees on generated units with heavy ties, minimums and both metrics", () => {
    const random = mulberry32(1911);
    const pick = (n: number) => Math.floor(random() * n);
    let ties = 0;
    for (let repeat = 0; repeat < 600; repeat++) {
      const count = pick(40);
      const units = Array.from({ length: count }, (_, i) => {
        const headcount = [0, 3, 10, 20, 40][pick(5)];
        const participants = Math.min(pick(5) * 5, headcount + pick(3));
        return unit(i + 1, headcount, participants, participants > 0 ? [60, 80][pick(2)] : null);
      });
      const currentRule: CollectivePrizeRule = {
        metric: random() < 0.5 ? "rate" : "participants",
        prizes: { first: pick(2), second: pick(3), third: pick(4), consolation: pick(5) },
        minHeadcount: random() < 0.5 ? [5, 20][pick(2)] : null,
        minParticipants: random() < 0.5 ? [1, 5, 10][pick(3)] : null,
      };
      const actual = allocateCollectivePrizes(units, currentRule);

      const eligible = units.filter(
        (u) =>
          u.participants >= 1 &&
          (u.headcount > 0 || (currentRule.metric === "participants" && currentRule.minHeadcount === null)) &&
          u.headcount >= (currentRule.minHeadcount ?? 0) &&
          u.participants >= (currentRule.minParticipants ?? 0),
      );
      expect(actual.ineligible.map((i) => i.unit.unitId).sort((a, b) => a - b)).toEqual(
        units.filter((u) => !eligible.includes(u)).map((u) => u.unitId),
      );
      const total = PRIZE_TIERS.reduce((sum, tier) => sum + currentRule.prizes[tier], 0);
      for (const u of eligible) {
        const better = eligible.filter((o) => referenceCompare(currentRule.metric, o, u) < 0).length;
        const tied = eligible.filter((o) => referenceCompare(currentRule.metric, o, u) === 0).length;
        const tiers = new Set(Array.from({ length: tied }, (_, i) => referenceTier(currentRule.prizes, better + 1 + i)));
        const winner = actual.winners.find((w) => w.row.unitId === u.unitId);
        const tie = actual.unresolvedTies.find((t) => t.candidates.includes(u));
        if (tiers.size === 1 && !tiers.has(null)) {
          expect(winner?.tier).toBe([...tiers][0]);
          expect(winner?.rank).toBe(better + 1);
        } else if (better + 1 > total) {
          expect(winner ?? tie).toBeUndefined();
        } else {
          expect(winner).toBeUndefined();
          expect(tie?.places.map((p) => p.place)).toEqual(
            Array.from({ length: Math.min(tied, total - better) }, (_, i) => better + 1 + i),
          );
          ties++;
        }
      }
    }
    expect(ties).toBeGreaterThan(20);
  });
});
