import { PRIZE_TIERS, PRIZE_TIER_LABELS, type PrizeCounts, type PrizeTier } from "./places";

// A minimum score per prize tier (issue 14): without it, the last consolation prize of a round
// where few took part went to an entry of 5/100. The organizer sets it in points or as a share
// of full marks. Pure.
//
// The rule: a person below a tier's minimum does not get that tier; they may get a lower tier
// whose minimum they reach, or nothing. A higher tier never asks less than a lower one: a tier
// left blank takes the highest minimum of the tiers below it (a consolation prize at 50 points
// means a first prize needs 50 points too). Places are still given in ranking order: the places
// of a tier nobody left reaches stay empty, and the next tier starts with the next person.
// Scores are whole points, so "at least 33 % of 30" is "at least 10 points".

export type MinimumUnit = "points" | "percent";

export const MINIMUM_UNIT_LABELS: Record<MinimumUnit, string> = {
  points: "Điểm",
  percent: "Phần trăm điểm tối đa",
};

/** The organizer's minimums for one scope and group; null: no minimum for that tier. */
export type TierMinimums = { unit: MinimumUnit } & Record<PrizeTier, number | null>;

/** Each tier's minimum in points, after the rule above; null where no minimum applies. */
export type MinimumScores = Record<PrizeTier, number | null>;

export const NO_MINIMUM_SCORES: MinimumScores = { first: null, second: null, third: null, consolation: null };

/** The minimums as points for a ranking whose full marks are `fullMarks`, each tier at least what the tiers below it ask. */
export function minimumScores(minimums: TierMinimums | null | undefined, fullMarks: number): MinimumScores {
  const result: MinimumScores = { ...NO_MINIMUM_SCORES };
  if (!minimums) return result;
  let floor: number | null = null;
  for (const tier of [...PRIZE_TIERS].reverse()) {
    const own = minimums[tier];
    const points = own === null ? null : minimums.unit === "points" ? own : Math.ceil((own * fullMarks) / 100);
    if (points !== null && (floor === null || points > floor)) floor = points;
    result[tier] = floor;
  }
  return result;
}

export interface CountsWithinMinimums {
  /** The prize counts the ranking can fill: a tier gives only as many places as people left who reach its minimum. */
  counts: PrizeCounts;
  /** Places not given because the next person in the ranking did not reach the tier's minimum. */
  belowMinimum: { tier: PrizeTier; count: number }[];
  /** Places not given because there was nobody left at all. */
  unfilled: { tier: PrizeTier; count: number }[];
}

/**
 * How many places of each tier the ranking can fill. `scores` are the eligible people's scores in
 * ranking order (best first); a tie is never split by a minimum, since the tied share their score.
 * Throws on scores out of order (the caller's bug).
 */
export function countsWithinMinimums(scores: readonly number[], counts: PrizeCounts, minimums: MinimumScores): CountsWithinMinimums {
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[i - 1]) throw new Error(`Scores are not best first at index ${i}`);
  for (const tier of PRIZE_TIERS) {
    if (!Number.isInteger(counts[tier]) || counts[tier] < 0) throw new RangeError(`Invalid prize count for ${tier}: ${counts[tier]}`);
  }
  const filled: PrizeCounts = { first: 0, second: 0, third: 0, consolation: 0 };
  const belowMinimum: { tier: PrizeTier; count: number }[] = [];
  const unfilled: { tier: PrizeTier; count: number }[] = [];
  let used = 0; // people given a place so far: the next tier starts with the next one
  for (const tier of PRIZE_TIERS) {
    const minimum = minimums[tier];
    const reaching = minimum === null ? scores.length : countAtLeast(scores, minimum);
    const take = Math.max(0, Math.min(counts[tier], reaching - used));
    filled[tier] = take;
    if (take < counts[tier]) {
      // Someone left who was not taken fell short of the minimum: the tier's other places stay empty for that reason.
      if (used + take < scores.length) belowMinimum.push({ tier, count: counts[tier] - take });
      else unfilled.push({ tier, count: counts[tier] - take });
    }
    used += take;
  }
  return { counts: filled, belowMinimum, unfilled };
}

/** How many of the scores (best first) are at least `minimum`. */
function countAtLeast(scores: readonly number[], minimum: number): number {
  let n = 0;
  while (n < scores.length && scores[n] >= minimum) n++;
  return n;
}

/** "Giải Nhất: từ 80 điểm; Giải Khuyến khích: từ 50 điểm", or null when no minimum applies. */
export function describeMinimumScores(scores: MinimumScores): string | null {
  const parts = PRIZE_TIERS.filter((tier) => scores[tier]).map((tier) => `${PRIZE_TIER_LABELS[tier]}: từ ${scores[tier]} điểm`);
  return parts.length > 0 ? `Điểm tối thiểu – ${parts.join("; ")}` : null;
}

/** "2 giải Khuyến khích không trao vì không đủ điểm tối thiểu", or null. */
export function describeBelowMinimum(below: readonly { tier: PrizeTier; count: number }[]): string | null {
  if (below.length === 0) return null;
  return `${below.map((b) => `${b.count} ${PRIZE_TIER_LABELS[b.tier].replace("Giải", "giải")}`).join(", ")} không trao vì không có người đạt điểm tối thiểu.`;
}

/**
 * What is wrong with the minimums as typed, in Vietnamese, or null. A higher tier may not ask less
 * than a lower one; a share is at most 100 %; points at most the full marks (when known).
 */
export function minimumsProblem(minimums: TierMinimums, fullMarks?: { points: number; of: string }): string | null {
  const written = (value: number) => (minimums.unit === "points" ? `${value} điểm` : `${value}%`);
  for (const tier of PRIZE_TIERS) {
    const value = minimums[tier];
    if (value === null) continue;
    if (minimums.unit === "percent" && value > 100) return `Điểm tối thiểu của ${PRIZE_TIER_LABELS[tier]} tính theo phần trăm nên không được quá 100%.`;
    if (minimums.unit === "points" && fullMarks && value > fullMarks.points) {
      return `Điểm tối thiểu của ${PRIZE_TIER_LABELS[tier]} (${value} điểm) lớn hơn điểm tối đa của ${fullMarks.of} (${fullMarks.points} điểm).`;
    }
  }
  for (let i = 0; i < PRIZE_TIERS.length; i++) {
    const higher = minimums[PRIZE_TIERS[i]];
    if (higher === null) continue;
    for (const lowerTier of PRIZE_TIERS.slice(i + 1)) {
      const lower = minimums[lowerTier];
      if (lower !== null && lower > higher) {
        return `Điểm tối thiểu của ${PRIZE_TIER_LABELS[PRIZE_TIERS[i]]} (${written(higher)}) không được thấp hơn của ${PRIZE_TIER_LABELS[lowerTier]} (${written(lower)}).`;
      }
    }
  }
  return null;
}
