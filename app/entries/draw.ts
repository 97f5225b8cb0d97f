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

/** Draws `count` distinct items from the pool in a random order. */
export function drawQuestions<T>(pool: readonly T[], count: number, random: RandomSource): T[] {
  if (pool.length < count) throw new RangeError(`pool of ${pool.length} cannot fill ${count}`);
  return shuffled(pool, random).slice(0, count);
}

/**
 * The order in which a question's options are shown: display index -> authoring index.
 * True/false keeps "Đúng" before "Sai", as everyone expects to read them.
 */
export function optionOrder(optionCount: number, type: "single" | "multiple" | "true_false", random: RandomSource): number[] {
  const identity = Array.from({ length: optionCount }, (_, i) => i);
  return type === "true_false" ? identity : shuffled(identity, random);
}
