// Pure ranking rules (DOMAIN.md): score, then closeness of the prediction (once the round
// has closed and its true value is known), then time taken, then earlier submission.

export interface RankableResult {
  score: number;
  durationMs: number;
  finishedAt: Date;
  /** |prediction − true value|; Infinity without a prediction; null or absent while the true value is unknown. */
  predictionDistance?: number | null;
}

function distance(result: RankableResult): number {
  return result.predictionDistance ?? 0;
}

/** Negative when `a` ranks above `b`. */
export function compareResults(a: RankableResult, b: RankableResult): number {
  return (
    b.score - a.score ||
    compareDistances(distance(a), distance(b)) ||
    a.durationMs - b.durationMs ||
    a.finishedAt.getTime() - b.finishedAt.getTime()
  );
}

function compareDistances(a: number, b: number): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** A person's counted entry in a round: the highest score; among equal scores, the earlier one. */
export function countedEntry<T extends RankableResult>(entries: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const entry of entries) {
    if (!best || entry.score > best.score || (entry.score === best.score && entry.finishedAt < best.finishedAt)) {
      best = entry;
    }
  }
  return best;
}

/** Sorts and numbers results; rows equal on every key share a rank (1, 2, 2, 4). */
export function rankResults<T extends RankableResult>(results: readonly T[]): (T & { rank: number })[] {
  return rankBy(results, compareResults);
}

/**
 * The ordering key stored for a counted result's prediction: 0 while the true value is unknown
 * (the tie-break does not apply yet), |prediction − truth| once known, and, without a prediction,
 * a distance farther than any guess can be (predictions are capped at 100,000,000 and a true value
 * counts entries, people or full marks of one round).
 */
export const NO_PREDICTION_DISTANCE = 1_000_000_000;

export function distanceKey(prediction: number | null, truth: number | null): number {
  if (truth === null) return 0;
  if (prediction === null) return NO_PREDICTION_DISTANCE;
  return Math.abs(prediction - truth);
}

/** A person's counted result in one round, as the contest total sees it. */
export interface RoundCounted {
  score: number;
  durationMs: number;
  finishedAt: Date;
  /** distanceKey() of the round: 0 while its true value is unknown. */
  distance: number;
  entries: number;
  fullScore: boolean;
}

export interface ContestTotal {
  score: number;
  distance: number;
  durationMs: number;
  /** The latest of the counted submissions. */
  finishedAt: Date;
  entries: number;
  rounds: number;
  fullScores: number;
}

/**
 * The contest total: the sum of the person's counted result in each round they took part in.
 * Its published order (compareContestTotals): total score, higher first; then the sum of
 * prediction distances over the rounds whose true value is known, smaller first (a round without
 * a prediction counts as NO_PREDICTION_DISTANCE; a round not entered counts nothing); then the
 * total time taken, shorter first; then the latest counted submission, earlier first — whoever
 * completed their results sooner.
 */
export function contestTotal(rounds: readonly RoundCounted[]): ContestTotal | undefined {
  if (rounds.length === 0) return undefined;
  return {
    score: rounds.reduce((sum, r) => sum + r.score, 0),
    distance: rounds.reduce((sum, r) => sum + r.distance, 0),
    durationMs: rounds.reduce((sum, r) => sum + r.durationMs, 0),
    finishedAt: new Date(Math.max(...rounds.map((r) => r.finishedAt.getTime()))),
    entries: rounds.reduce((sum, r) => sum + r.entries, 0),
    rounds: rounds.length,
    fullScores: rounds.filter((r) => r.fullScore).length,
  };
}

/** Negative when `a` ranks above `b` in the contest total. */
export function compareContestTotals(a: Pick<ContestTotal, "score" | "distance" | "durationMs" | "finishedAt">, b: Pick<ContestTotal, "score" | "distance" | "durationMs" | "finishedAt">): number {
  return b.score - a.score || a.distance - b.distance || a.durationMs - b.durationMs || a.finishedAt.getTime() - b.finishedAt.getTime();
}

/** Sorts and numbers by any order; rows equal under `compare` share a rank (1, 2, 2, 4). */
export function rankBy<T>(rows: readonly T[], compare: (a: T, b: T) => number): (T & { rank: number })[] {
  const sorted = rows.slice().sort(compare);
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((row, index) => {
    const tiedWithAbove = index > 0 && compare(sorted[index - 1], row) === 0;
    ranked.push({ ...row, rank: tiedWithAbove ? ranked[index - 1].rank : index + 1 });
  });
  return ranked;
}
