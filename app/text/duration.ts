// Time taken by an entry, as every page, list and PDF shows it: "8,3 giây", "12 phút 34,5 giây".
// One rule everywhere, so the result page, the ranking and the commendation list read alike.

/** Digits after the decimal comma: 0 whole seconds, 1 tenths, 2 hundredths, 3 milliseconds. */
export type DurationDigits = 0 | 1 | 2 | 3;

/** Tenths by default: times are stored to the millisecond and ties are broken on them. */
export const DEFAULT_DURATION_DIGITS: DurationDigits = 1;

const NBSP = "\u00a0";

/**
 * The duration cut (never rounded) to `digits`: a stopwatch's reading, so a time shown with more
 * digits always starts like the same time shown with fewer, and a shorter time never reads longer.
 */
function truncated(ms: number, digits: DurationDigits): number {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  return Math.floor(safe / 10 ** (3 - digits));
}

/**
 * "8,3 giây", "1 phút 0,5 giây", "12 phút 34,5 giây", "1 giờ 2 phút 5,0 giây" (digits = 1);
 * "8 giây" (digits = 0). A number and its unit never part at a line break.
 */
export function formatDuration(ms: number, digits: DurationDigits = DEFAULT_DURATION_DIGITS): string {
  const units = truncated(ms, digits);
  const perSecond = 10 ** digits;
  const totalSeconds = Math.floor(units / perSecond);
  const fraction = units % perSecond;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const secondsText = digits === 0 ? String(seconds) : `${seconds},${String(fraction).padStart(digits, "0")}`;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours}${NBSP}giờ`);
  if (hours > 0 || minutes > 0) parts.push(`${minutes}${NBSP}phút`);
  parts.push(`${secondsText}${NBSP}giây`);
  return parts.join(" ");
}

/** The fewest digits (at least `least`) at which two durations read differently; `least` when they are equal. */
export function digitsToTellApart(a: number, b: number, least: DurationDigits = DEFAULT_DURATION_DIGITS): DurationDigits {
  if (a === b) return least;
  for (let digits = least; digits < 3; digits++) {
    if (truncated(a, digits as DurationDigits) !== truncated(b, digits as DurationDigits)) return digits as DurationDigits;
  }
  return 3;
}

/**
 * Digits for each row of an ordered list (a ranking, a list of winners): `least` everywhere, more
 * on two neighbouring rows whose times differ but would read the same, when the time is what puts
 * one before the other (`timeDecides`, by default always). Without it, two rows ranked apart by a
 * few milliseconds would show the same time.
 */
export function listDurationDigits<R extends { durationMs: number }>(
  rows: readonly R[],
  options: { least?: DurationDigits; timeDecides?: (above: R, below: R) => boolean } = {},
): DurationDigits[] {
  const least = options.least ?? DEFAULT_DURATION_DIGITS;
  const digits: DurationDigits[] = rows.map(() => least);
  for (let i = 1; i < rows.length; i++) {
    const above = rows[i - 1];
    const below = rows[i];
    if (above.durationMs === below.durationMs) continue;
    if (options.timeDecides && !options.timeDecides(above, below)) continue;
    const needed = digitsToTellApart(above.durationMs, below.durationMs, least);
    if (needed > digits[i - 1]) digits[i - 1] = needed;
    if (needed > digits[i]) digits[i] = needed;
  }
  return digits;
}

/** Each row's time as text, with the digits listDurationDigits gives it. */
export function formatListDurations<R extends { durationMs: number }>(
  rows: readonly R[],
  options: { least?: DurationDigits; timeDecides?: (above: R, below: R) => boolean } = {},
): string[] {
  const digits = listDurationDigits(rows, options);
  return rows.map((row, i) => formatDuration(row.durationMs, digits[i]));
}
