import type { BlueprintLine } from "~/database/schema";
import { DIFFICULTY_LABELS, TOPICS, type TopicKey } from "~/banks/topics";
import { drawQuestions, type RandomSource } from "~/entries/draw";

// A round's blueprint, as pure rules: how many approved questions to draw from which bank,
// topic and difficulty. Lines are filled most-constrained first, and a question is drawn at
// most once per entry even when it matches several lines.

export interface BlueprintPool<T> {
  line: BlueprintLine;
  /** Approved questions matching the line. */
  candidates: readonly T[];
}

export interface Shortfall {
  line: BlueprintLine;
  lineIndex: number;
  /** Questions that can be relied on for this line after the lines filled before it. */
  available: number;
  missing: number;
}

/** Fill order: the line with the fewest candidates first, so broad lines never eat what a narrow one needs. */
function fillOrder<T>(pools: readonly BlueprintPool<T>[]): number[] {
  return pools.map((_, i) => i).sort((a, b) => pools[a].candidates.length - pools[b].candidates.length || a - b);
}

/**
 * Lines that might not be filled, in the worst case: a line can count only on its candidates
 * minus what earlier lines could have taken from them. An empty result guarantees every draw succeeds.
 */
export function blueprintShortfalls<T>(pools: readonly BlueprintPool<T>[], keyOf: (item: T) => string | number): Shortfall[] {
  const order = fillOrder(pools);
  const shortfalls: Shortfall[] = [];
  const keys = pools.map((p) => new Set(p.candidates.map(keyOf)));
  order.forEach((index, position) => {
    let mightBeTaken = 0;
    for (const earlier of order.slice(0, position)) {
      let overlap = 0;
      for (const key of keys[index]) if (keys[earlier].has(key)) overlap++;
      mightBeTaken += Math.min(pools[earlier].line.count, overlap);
    }
    const available = Math.max(0, keys[index].size - mightBeTaken);
    if (available < pools[index].line.count) {
      shortfalls.push({ line: pools[index].line, lineIndex: index, available, missing: pools[index].line.count - available });
    }
  });
  return shortfalls.sort((a, b) => a.lineIndex - b.lineIndex);
}

/** Draws every line's questions (no repeats); the result is in blueprint line order. */
export function drawByBlueprint<T>(pools: readonly BlueprintPool<T>[], keyOf: (item: T) => string | number, random: RandomSource): T[] {
  const taken = new Set<string | number>();
  const drawn: T[][] = pools.map(() => []);
  for (const index of fillOrder(pools)) {
    const { line, candidates } = pools[index];
    const free = candidates.filter((c) => !taken.has(keyOf(c)));
    if (free.length < line.count) throw new RangeError(`blueprint line ${index} cannot be filled: ${free.length} < ${line.count}`);
    for (const item of drawQuestions(free, line.count, random)) {
      taken.add(keyOf(item));
      drawn[index].push(item);
    }
  }
  return drawn.flat();
}

export function blueprintQuestionCount(lines: readonly BlueprintLine[]): number {
  return lines.reduce((n, line) => n + line.count, 0);
}

/** "20 câu · Cải cách thể chế · mức Khó" — how a line reads to an organizer. */
export function describeBlueprintLine(line: BlueprintLine, bankTitle?: string): string {
  const parts = [`${line.count} câu`];
  if (bankTitle) parts.push(bankTitle);
  parts.push(line.topic ? (TOPICS[line.topic as TopicKey] ?? line.topic) : "mọi chủ đề");
  parts.push(line.difficulty ? `mức ${DIFFICULTY_LABELS[line.difficulty]}` : "mọi mức độ");
  return parts.join(" · ");
}

export function shortfallMessage(shortfall: Shortfall, bankTitle?: string): string {
  return `Dòng ${shortfall.lineIndex + 1} (${describeBlueprintLine(shortfall.line, bankTitle)}): chỉ chắc chắn có ${shortfall.available} câu đã duyệt, thiếu ${shortfall.missing} câu.`;
}
