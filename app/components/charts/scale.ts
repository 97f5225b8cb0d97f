// Pure geometry of the charts: scales, ticks, gaps and labels. No React, so it is tested alone.

/** The smallest "nice" number (1, 2, 2.5, 5 × 10^k) at or above `value`; 1 for nothing to show. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    const candidate = step * magnitude;
    // Tolerate float noise: 0.30000000000000004 is 0.3.
    if (candidate >= value - magnitude * 1e-9) return candidate;
  }
  return 10 * magnitude;
}

/**
 * Ticks from 0 to a nice top covering `max`, about `count` of them. `integer`: counts of people
 * or entries never get a tick at 2.5.
 */
export function niceTicks(max: number, count = 4, integer = true): number[] {
  let step = niceCeiling(Math.max(max, 0) / Math.max(1, count));
  if (integer) step = Math.max(1, step === 2.5 ? 2 : Math.ceil(step));
  const top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top + step * 1e-9; value += step) ticks.push(Math.round(value * 1e9) / 1e9);
  return ticks;
}

/** A linear map from a domain to a range; a degenerate domain maps everything to the range's start. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (d1 === d0) return () => r0;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

const HOUR_MS = 3_600_000;
/** A chart of a few weeks at most; beyond this, gaps are not filled (the line joins the points). */
const MAX_FILLED_HOURS = 24 * 7 * 6;

/**
 * Points of entries per hour, in time order, with the hours nobody entered added as zeros, so
 * that a quiet night reads as a dip and not as a straight line between two busy hours.
 */
export function fillHourGaps(points: { hourStart: string; entries: number }[]): { hourStart: string; entries: number }[] {
  const byHour = new Map<number, number>();
  for (const point of points) {
    const time = Date.parse(point.hourStart);
    if (Number.isNaN(time)) continue;
    const hour = Math.floor(time / HOUR_MS) * HOUR_MS;
    byHour.set(hour, (byHour.get(hour) ?? 0) + point.entries);
  }
  const hours = [...byHour.keys()].sort((a, b) => a - b);
  if (hours.length === 0) return [];
  const first = hours[0];
  const last = hours[hours.length - 1];
  const span = (last - first) / HOUR_MS;
  const all = span <= MAX_FILLED_HOURS ? Array.from({ length: span + 1 }, (_, i) => first + i * HOUR_MS) : hours;
  return all.map((hour) => ({ hourStart: new Date(hour).toISOString(), entries: byHour.get(hour) ?? 0 }));
}

/** Indices of at most `maxLabels` evenly spaced items, always the first and, when it fits, the last. */
export function labelIndices(length: number, maxLabels: number): number[] {
  if (length <= 0) return [];
  if (length <= maxLabels) return Array.from({ length }, (_, i) => i);
  const every = Math.ceil((length - 1) / Math.max(1, maxLabels - 1));
  const indices: number[] = [];
  for (let i = 0; i < length; i += every) indices.push(i);
  return indices;
}

/** Cuts a label to `maxChars` characters with an ellipsis (the full text goes in a <title>). */
export function truncateLabel(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(1, maxChars - 1)).join("").trimEnd()}…`;
}

/** Units by participation rate, highest first; units without a headcount (no rate) last; ties by name. */
export function sortByParticipation<T extends { name: string; participationRate: number | null }>(rows: readonly T[]): T[] {
  const collator = new Intl.Collator("vi");
  return [...rows].sort((a, b) => {
    if (a.participationRate === null || b.participationRate === null) {
      if (a.participationRate !== b.participationRate) return a.participationRate === null ? 1 : -1;
    } else if (a.participationRate !== b.participationRate) {
      return b.participationRate - a.participationRate;
    }
    return collator.compare(a.name, b.name);
  });
}

/** Width of one score's bar: the smallest gap between two scores, or a twentieth of the scale. */
export function scoreStep(scores: number[], maxScore: number): number {
  const distinct = [...new Set(scores)].sort((a, b) => a - b);
  let step = maxScore > 0 ? maxScore / 20 : 1;
  for (let i = 1; i < distinct.length; i++) step = Math.min(step, distinct[i] - distinct[i - 1]);
  return step > 0 ? step : 1;
}
