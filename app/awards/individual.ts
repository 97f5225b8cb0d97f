import { PRIZE_TIER_LABELS, allocatePlaces, type OpenTie, type PlacedRow, type PrizeCounts, type PrizeTier, type TieDecision } from "./places";
import { countsWithinMinimums, NO_MINIMUM_SCORES, type MinimumScores } from "./tier-minimums";

// Individual prizes from a published ranking. Pure: the rows come from the ranking (its counted
// entries, best first, with every tie-break key), disqualifications and earlier winners come
// from the organizer's records. See places.ts for how places and ties are handled.

/** One row of a published ranking with the keys of the published order (DOMAIN.md). */
export interface RankedPersonRow {
  userId: number;
  /** The counted entry. */
  entryId: string;
  score: number;
  /**
   * |prediction − true value|; Infinity when the person made no prediction; null while the true
   * value is unknown (or the round has no prediction question), when it separates nobody.
   * As in the ranking, null compares like 0.
   */
  predictionDistance: number | null;
  durationMs: number;
  finishedAt: Date;
}

export type TieBreakKey = "score" | "prediction" | "duration" | "finishedAt";

export const TIE_BREAK_KEY_LABELS: Record<TieBreakKey, string> = {
  score: "điểm cao hơn",
  prediction: "dự đoán gần đúng hơn",
  duration: "thời gian làm bài ngắn hơn",
  finishedAt: "nộp bài sớm hơn",
};

const distanceOf = (row: RankedPersonRow) => row.predictionDistance ?? 0;

function keyComparisons(a: RankedPersonRow, b: RankedPersonRow): [TieBreakKey, number][] {
  const da = distanceOf(a);
  const db = distanceOf(b);
  return [
    ["score", b.score - a.score],
    ["prediction", da === db ? 0 : da < db ? -1 : 1],
    ["duration", a.durationMs - b.durationMs],
    ["finishedAt", a.finishedAt.getTime() - b.finishedAt.getTime()],
  ];
}

/** The published order: negative when `a` ranks above `b`; 0 when every key is equal. */
export function compareRankedRows(a: RankedPersonRow, b: RankedPersonRow): number {
  for (const [, difference] of keyComparisons(a, b)) if (difference !== 0) return difference;
  return 0;
}

/** The first key on which `a` and `b` differ: the rule that put one above the other. */
export function separatingKey(a: RankedPersonRow, b: RankedPersonRow): TieBreakKey | null {
  for (const [key, difference] of keyComparisons(a, b)) if (difference !== 0) return key;
  return null;
}

export type Disqualification =
  | { kind: "person"; userId: number; reason: string }
  | { kind: "entry"; entryId: string; reason: string };

export type ExclusionReason = "disqualified-person" | "disqualified-entry" | "already-awarded";

export interface ExcludedRow<R> {
  row: R;
  reason: ExclusionReason;
  /** The organizer's written reason, or where the earlier prize was won. */
  note: string;
}

export interface IndividualWinner<R> extends PlacedRow<R> {
  /** The rule that put this row above the next eligible one; null for the last row or inside a tie. */
  aheadOfNextBy: TieBreakKey | null;
}

export interface UnresolvedTie<R> extends OpenTie<R> {
  /** The shared keys of everyone in the tie. */
  keys: Pick<RankedPersonRow, "score" | "predictionDistance" | "durationMs" | "finishedAt">;
}

export interface IndividualAllocation<R> {
  winners: IndividualWinner<R>[];
  unresolvedTies: UnresolvedTie<R>[];
  unfilled: { tier: PrizeTier; count: number }[];
  /** Places not given because nobody left reached the tier's minimum score (tier-minimums.ts). */
  belowMinimum: { tier: PrizeTier; count: number }[];
  excluded: ExcludedRow<R>[];
}

export interface IndividualAllocationInput<R extends RankedPersonRow> {
  /** The ranking in published order, one row per person. */
  rows: readonly R[];
  prizes: PrizeCounts;
  disqualifications?: readonly Disqualification[];
  /** People who already hold an individual prize (at-most-one rule), with where they won it. */
  alreadyAwarded?: ReadonlyMap<number, string>;
  /** The organizer's decisions on ties, by userId. */
  decisions?: readonly TieDecision[];
  /** Each tier's minimum score in points (tier-minimums.ts: minimumScores). */
  minimumScores?: MinimumScores;
}

/**
 * Proposes individual winners. Disqualified people and entries and earlier winners are left out
 * and listed with the reason; the next in the ranking moves up. A person listed twice, or rows
 * out of the published order, throw (the caller's bug).
 * Note: a disqualified entry only removes its row here; the ranking fed in should already be
 * computed without it so that the person's next-best entry can count.
 */
export function allocateIndividualPrizes<R extends RankedPersonRow>(input: IndividualAllocationInput<R>): IndividualAllocation<R> {
  const personReasons = new Map<number, string>();
  const entryReasons = new Map<string, string>();
  for (const d of input.disqualifications ?? []) {
    if (d.kind === "person") personReasons.set(d.userId, d.reason);
    else entryReasons.set(d.entryId, d.reason);
  }

  const seen = new Set<number>();
  const eligible: R[] = [];
  const excluded: ExcludedRow<R>[] = [];
  for (const row of input.rows) {
    if (seen.has(row.userId)) throw new Error(`Person ${row.userId} appears twice in one ranking`);
    seen.add(row.userId);
    const person = personReasons.get(row.userId);
    const entry = entryReasons.get(row.entryId);
    const earlier = input.alreadyAwarded?.get(row.userId);
    if (person !== undefined) excluded.push({ row, reason: "disqualified-person", note: person });
    else if (entry !== undefined) excluded.push({ row, reason: "disqualified-entry", note: entry });
    else if (earlier !== undefined) excluded.push({ row, reason: "already-awarded", note: earlier });
    else eligible.push(row);
  }

  for (let i = 1; i < eligible.length; i++) {
    if (compareRankedRows(eligible[i - 1], eligible[i]) > 0) throw new Error(`Rows are not in the published order at index ${i}`);
  }
  // A tier gives only as many places as people left reach its minimum; the next tier starts with the next person.
  const within = countsWithinMinimums(
    eligible.map((row) => row.score),
    input.prizes,
    input.minimumScores ?? NO_MINIMUM_SCORES,
  );
  const result = allocatePlaces(eligible, within.counts, compareRankedRows, (row) => row.userId, input.decisions);
  const winners = result.placed.map((placed): IndividualWinner<R> => {
    const next = eligible[placed.place]; // the row just below, 0-based index = place
    return { ...placed, aheadOfNextBy: next ? separatingKey(placed.row, next) : null };
  });
  const unresolvedTies = result.openTies.map((tie): UnresolvedTie<R> => {
    const { score, predictionDistance, durationMs, finishedAt } = tie.candidates[0];
    return { ...tie, keys: { score, predictionDistance, durationMs, finishedAt } };
  });
  return { winners, unresolvedTies, unfilled: within.unfilled, belowMinimum: within.belowMinimum, excluded };
}

// --- Several rankings under the at-most-one rule -----------------------------------------------

export interface RankingToAward<R extends RankedPersonRow> {
  /** Names the ranking in notes: "Đợt 2 – Bảng A". */
  label: string;
  rows: readonly R[];
  prizes: PrizeCounts;
  decisions?: readonly TieDecision[];
  minimumScores?: MinimumScores;
}

export type RankingOutcome<R> =
  | { label: string; status: "proposed"; allocation: IndividualAllocation<R> }
  /** Cannot be proposed yet: it depends on who wins an open tie (or a waiting ranking) before it. */
  | { label: string; status: "waiting"; waitingFor: string[]; userIds: number[] };

/**
 * Allocates rankings in order (rounds in order; groups of a round in the order given). With
 * `atMostOnePrize`, whoever won in an earlier ranking is left out of later ones and the next in
 * the ranking moves up. An open tie with more people than places leaves undecided who won: a
 * later ranking where any of those people (not disqualified) appears waits for the organizer's
 * decision, and so do rankings after a waiting one that share people with it. When every tied
 * person gets some prize, they all count as winners and nothing waits.
 */
export function allocateRankings<R extends RankedPersonRow>(
  rankings: readonly RankingToAward<R>[],
  options: { atMostOnePrize: boolean; disqualifications?: readonly Disqualification[] },
): RankingOutcome<R>[] {
  const awarded = new Map<number, string>();
  const pending = new Map<number, string>(); // userId → the ranking whose result is undecided for them
  const disqualifiedPeople = new Set((options.disqualifications ?? []).flatMap((d) => (d.kind === "person" ? [d.userId] : [])));
  const outcomes: RankingOutcome<R>[] = [];

  for (const ranking of rankings) {
    if (options.atMostOnePrize) {
      const blocking = ranking.rows.filter((row) => pending.has(row.userId) && !disqualifiedPeople.has(row.userId));
      if (blocking.length > 0) {
        const waitingFor = [...new Set(blocking.map((row) => pending.get(row.userId)!))];
        outcomes.push({ label: ranking.label, status: "waiting", waitingFor, userIds: blocking.map((row) => row.userId) });
        for (const row of ranking.rows) {
          if (!pending.has(row.userId) && !awarded.has(row.userId) && !disqualifiedPeople.has(row.userId)) pending.set(row.userId, ranking.label);
        }
        continue;
      }
    }
    const allocation = allocateIndividualPrizes({
      rows: ranking.rows,
      prizes: ranking.prizes,
      disqualifications: options.disqualifications,
      alreadyAwarded: options.atMostOnePrize ? awarded : undefined,
      decisions: ranking.decisions,
      minimumScores: ranking.minimumScores,
    });
    outcomes.push({ label: ranking.label, status: "proposed", allocation });
    for (const winner of allocation.winners) awarded.set(winner.row.userId, `Đã đạt ${PRIZE_TIER_LABELS[winner.tier]} ở ${ranking.label}`);
    for (const tie of allocation.unresolvedTies) {
      const everyoneWins = tie.candidates.length <= tie.places.length;
      for (const row of tie.candidates) {
        if (everyoneWins) awarded.set(row.userId, `Đã được đề nghị giải ở ${ranking.label} (ban tổ chức đang quyết định hạng giải)`);
        else pending.set(row.userId, ranking.label);
      }
    }
  }
  return outcomes;
}
