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
  const sorted = results.slice().sort(compareResults);
  const ranked: (T & { rank: number })[] = [];
  sorted.forEach((result, index) => {
    const tiedWithAbove = index > 0 && compareResults(sorted[index - 1], result) === 0;
    ranked.push({ ...result, rank: tiedWithAbove ? ranked[index - 1].rank : index + 1 });
  });
  return ranked;
}
