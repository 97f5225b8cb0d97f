// Pure drawing rules: which questions an entry gets and in which order its options appear.

export type RandomSource = () => number;

/** Fisher–Yates on a copy. */
export function shuffled<T>(items: readonly T[], random: RandomSource): T[] {
  const copy = items.slice();
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/**
 * Draws `count` distinct items from the pool in a random order: the first `count` steps of a
 * Fisher–Yates shuffle, so a draw costs `count` random numbers, not one per item of the pool.
 */
export function drawQuestions<T>(pool: readonly T[], count: number, random: RandomSource): T[] {
  if (pool.length < count) throw new RangeError(`pool of ${pool.length} cannot fill ${count}`);
  const copy = pool.slice();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  copy.length = count;
  return copy;
}

/**
 * The order in which a question's options are shown: display index -> authoring index.
 * True/false keeps "Đúng" before "Sai", as everyone expects to read them.
 */
export function optionOrder(optionCount: number, type: "single" | "multiple" | "true_false", random: RandomSource): number[] {
  const identity = Array.from({ length: optionCount }, (_, i) => i);
  return type === "true_false" ? identity : shuffled(identity, random);
}
