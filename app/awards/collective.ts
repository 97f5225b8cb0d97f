import { formatNumber } from "~/text/format";
import { allocatePlaces, type OpenTie, type PlacedRow, type PrizeCounts, type PrizeTier, type TieDecision } from "./places";

// Collective prizes for units (giải tập thể), by participation. Pure.
//
// Published order, metric "rate": participation rate (participants / headcount), then more
// participants, then higher average score. Metric "participants": more participants, then
// rate, then average score. Units equal on all three are an unbreakable tie (see places.ts).
// A unit takes part only with at least one participant, a known headcount when the rate counts,
// and the organizer's minimum headcount and minimum participants, so that a three-person unit
// cannot win by default.

export type CollectiveMetric = "rate" | "participants";

export const COLLECTIVE_METRIC_LABELS: Record<CollectiveMetric, string> = {
  rate: "Tỷ lệ tham gia",
  participants: "Số người tham gia",
};

export interface UnitStanding {
  unitId: number;
  /** Staff of the unit (số cán bộ, công chức, viên chức). */
  headcount: number;
  /** People of the unit with a counted entry. */
  participants: number;
  /** Average of the participants' counted scores; null without participants. */
  averageScore: number | null;
}

export interface CollectivePrizeRule {
  metric: CollectiveMetric;
  prizes: PrizeCounts;
  minHeadcount: number | null;
  minParticipants: number | null;
}

export type UnitKey = "rate" | "participants" | "averageScore";

export const UNIT_KEY_LABELS: Record<UnitKey, string> = {
  rate: "tỷ lệ tham gia cao hơn",
  participants: "nhiều người tham gia hơn",
  averageScore: "điểm trung bình cao hơn",
};

function unitComparisons(metric: CollectiveMetric, a: UnitStanding, b: UnitStanding): [UnitKey, number][] {
  // Exact: compare pb/hb with pa/ha by cross-multiplying (integers), never by rounded floats.
  const rate = Math.sign(b.participants * a.headcount - a.participants * b.headcount);
  const participants = b.participants - a.participants;
  const sa = a.averageScore ?? Number.NEGATIVE_INFINITY;
  const sb = b.averageScore ?? Number.NEGATIVE_INFINITY;
  const averageScore = sa === sb ? 0 : sa > sb ? -1 : 1;
  return metric === "rate"
    ? [["rate", rate], ["participants", participants], ["averageScore", averageScore]]
    : [["participants", participants], ["rate", rate], ["averageScore", averageScore]];
}

/** The published order of eligible units (each with headcount > 0 when the rate counts). */
export function compareUnits(metric: CollectiveMetric, a: UnitStanding, b: UnitStanding): number {
  for (const [, difference] of unitComparisons(metric, a, b)) if (difference !== 0) return difference;
  return 0;
}

export function separatingUnitKey(metric: CollectiveMetric, a: UnitStanding, b: UnitStanding): UnitKey | null {
  for (const [key, difference] of unitComparisons(metric, a, b)) if (difference !== 0) return key;
  return null;
}

/** Participation rate in percent, for display; null without a headcount. */
export const participationRate = (unit: Pick<UnitStanding, "headcount" | "participants">): number | null =>
  unit.headcount > 0 ? (unit.participants / unit.headcount) * 100 : null;

export type IneligibleReason = "no-participants" | "no-headcount" | "below-min-headcount" | "below-min-participants";

export interface IneligibleUnit<U> {
  unit: U;
  reason: IneligibleReason;
  message: string;
}

export interface CollectiveWinner<U> extends PlacedRow<U> {
  aheadOfNextBy: UnitKey | null;
}

export interface CollectiveAllocation<U> {
  /** Eligible units in the published order (ties in unitId order). */
  ranked: U[];
  winners: CollectiveWinner<U>[];
  unresolvedTies: OpenTie<U>[];
  unfilled: { tier: PrizeTier; count: number }[];
  ineligible: IneligibleUnit<U>[];
}

function ineligibility(unit: UnitStanding, rule: CollectivePrizeRule): Omit<IneligibleUnit<never>, "unit"> | null {
  if (unit.participants <= 0) return { reason: "no-participants", message: "Đơn vị không có người tham gia" };
  if (unit.headcount <= 0 && (rule.metric === "rate" || rule.minHeadcount !== null)) {
    return { reason: "no-headcount", message: "Đơn vị chưa có số cán bộ, công chức, viên chức nên không tính được tỷ lệ tham gia" };
  }
  if (rule.minHeadcount !== null && unit.headcount < rule.minHeadcount) {
    return {
      reason: "below-min-headcount",
      message: `Đơn vị có ${formatNumber(unit.headcount)} cán bộ, công chức, viên chức, dưới mức tối thiểu ${formatNumber(rule.minHeadcount)}`,
    };
  }
  if (rule.minParticipants !== null && unit.participants < rule.minParticipants) {
    return {
      reason: "below-min-participants",
      message: `Đơn vị có ${formatNumber(unit.participants)} người tham gia, dưới mức tối thiểu ${formatNumber(rule.minParticipants)}`,
    };
  }
  return null;
}

/** Proposes collective winners from the units of one scope and group (any order; a unit listed twice throws). */
export function allocateCollectivePrizes<U extends UnitStanding>(
  units: readonly U[],
  rule: CollectivePrizeRule,
  decisions: readonly TieDecision[] = [],
): CollectiveAllocation<U> {
  const seen = new Set<number>();
  const eligible: U[] = [];
  const ineligible: IneligibleUnit<U>[] = [];
  for (const unit of units) {
    if (seen.has(unit.unitId)) throw new Error(`Unit ${unit.unitId} appears twice`);
    seen.add(unit.unitId);
    const why = ineligibility(unit, rule);
    if (why) ineligible.push({ unit, ...why });
    else eligible.push(unit);
  }
  const compare = (a: U, b: U) => compareUnits(rule.metric, a, b);
  const ranked = eligible.slice().sort((a, b) => compare(a, b) || a.unitId - b.unitId);
  const result = allocatePlaces(ranked, rule.prizes, compare, (unit) => unit.unitId, decisions);
  const winners = result.placed.map((placed): CollectiveWinner<U> => {
    const next = ranked[placed.place];
    return { ...placed, aheadOfNextBy: next ? separatingUnitKey(rule.metric, placed.row, next) : null };
  });
  return { ranked, winners, unresolvedTies: result.openTies, unfilled: result.unfilled, ineligible };
}
