import { describe, expect, it } from "vitest";
import { digitsToTellApart, formatDuration, formatListDurations, listDurationDigits, type DurationDigits } from "./duration";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The text with ordinary spaces, to compare against readable expectations. */
const plain = (text: string) => text.replace(/\u00a0/g, " ");
/** Reads a shown duration back, in seconds. */
function shownSeconds(text: string): number {
  const match = /^(?:(\d+) giờ )?(?:(\d+) phút )?(\d+)(?:,(\d+))? giây$/.exec(plain(text));
  if (!match) throw new Error(`not a duration: ${text}`);
  const [, h, m, s, fraction] = match;
  return Number(h ?? 0) * 3600 + Number(m ?? 0) * 60 + Number(`${s}.${fraction ?? 0}`);
}

describe("formatDuration", () => {
  it.each([
    [0, "0,0 giây"],
    [1, "0,0 giây"],
    [99, "0,0 giây"],
    [100, "0,1 giây"],
    [8_000, "8,0 giây"],
    [8_049, "8,0 giây"],
    [8_300, "8,3 giây"],
    [8_399, "8,3 giây"],
    [8_999, "8,9 giây"],
    [59_999, "59,9 giây"],
    [MINUTE, "1 phút 0,0 giây"],
    [MINUTE + 500, "1 phút 0,5 giây"],
    [754_300, "12 phút 34,3 giây"],
    [754_399, "12 phút 34,3 giây"],
    [HOUR - 1, "59 phút 59,9 giây"],
    [HOUR, "1 giờ 0 phút 0,0 giây"],
    [HOUR + 2 * MINUTE + 5 * SECOND, "1 giờ 2 phút 5,0 giây"],
    [10 * HOUR + 5 * SECOND + 250, "10 giờ 0 phút 5,2 giây"],
  ])("shows %i ms as %s (tenths, the default)", (ms, expected) => {
    expect(plain(formatDuration(ms))).toBe(expected);
  });

  it.each([
    [8_999, 0, "8 giây"],
    [8_999, 1, "8,9 giây"],
    [8_999, 2, "8,99 giây"],
    [8_999, 3, "8,999 giây"],
    [8_050, 2, "8,05 giây"],
    [8_005, 3, "8,005 giây"],
    [8_005, 2, "8,00 giây"],
    [754_300, 0, "12 phút 34 giây"],
    [MINUTE, 0, "1 phút 0 giây"],
    [HOUR + 1, 3, "1 giờ 0 phút 0,001 giây"],
  ] as [number, DurationDigits, string][])("shows %i ms with %i digits as %s", (ms, digits, expected) => {
    expect(plain(formatDuration(ms, digits))).toBe(expected);
  });

  it("cuts, never rounds: a time never reads longer than it was, at any number of digits", () => {
    const wrong: string[] = [];
    for (let ms = 0; ms < 2 * HOUR; ms += 997) {
      for (const digits of [0, 1, 2, 3] as DurationDigits[]) {
        const text = formatDuration(ms, digits);
        const shortBy = ms / 1000 - shownSeconds(text);
        if (shortBy < -1e-9 || shortBy >= 10 ** -digits) wrong.push(`${ms} ms → ${text}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reads in order: a longer time never shows a smaller figure", () => {
    const wrong: string[] = [];
    for (let ms = 13; ms < 2 * MINUTE; ms += 13) {
      if (shownSeconds(formatDuration(ms)) < shownSeconds(formatDuration(ms - 13))) wrong.push(`${ms - 13} / ${ms} ms`);
    }
    expect(wrong).toEqual([]);
  });

  it("keeps a number with its unit (no break between 12 and phút)", () => {
    expect(formatDuration(754_300)).toBe("12\u00a0phút 34,3\u00a0giây");
  });

  it.each([-1, -MINUTE, Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY])("shows a time that cannot be (%s) as zero", (ms) => {
    expect(plain(formatDuration(ms))).toBe("0,0 giây");
  });
});

describe("digitsToTellApart", () => {
  it.each([
    [8_000, 8_000, 1],
    [8_000, 9_000, 1],
    [8_301, 8_399, 2],
    [8_301, 8_309, 3],
    [8_300, 8_400, 1],
    [8_349, 8_351, 2],
    [8_390, 8_391, 3],
    [60_000, 59_999, 1],
  ])("%i and %i read apart at %i digits", (a, b, expected) => {
    expect(digitsToTellApart(a, b)).toBe(expected);
    expect(digitsToTellApart(b, a)).toBe(expected);
  });

  it("starts from the least digits asked for", () => {
    expect(digitsToTellApart(8_000, 9_000, 0)).toBe(0);
    expect(digitsToTellApart(8_100, 8_900, 0)).toBe(1);
  });
});

describe("listDurationDigits", () => {
  const rows = (...ms: number[]) => ms.map((durationMs) => ({ durationMs }));

  it("shows tenths everywhere when the tenths tell every neighbour apart", () => {
    expect(listDurationDigits(rows(8_100, 8_200, 9_000, 12_500))).toEqual([1, 1, 1, 1]);
  });

  it("adds digits to both rows of a pair that would otherwise read the same", () => {
    expect(listDurationDigits(rows(8_100, 8_301, 8_349, 9_000))).toEqual([1, 2, 2, 1]);
    expect(listDurationDigits(rows(8_301, 8_302, 8_349))).toEqual([3, 3, 2]);
  });

  it("leaves equal times as they are: the same time is shown the same", () => {
    expect(listDurationDigits(rows(8_301, 8_301, 8_301))).toEqual([1, 1, 1]);
  });

  it("adds digits only where the time is what orders the pair", () => {
    const ranked = [
      { score: 100, durationMs: 8_301 },
      { score: 95, durationMs: 8_349 },
      { score: 95, durationMs: 8_360 },
    ];
    expect(listDurationDigits(ranked, { timeDecides: (a, b) => a.score === b.score })).toEqual([1, 2, 2]);
  });

  it("starts from whole seconds when asked", () => {
    expect(listDurationDigits(rows(8_000, 9_000, 9_500), { least: 0 })).toEqual([0, 1, 1]);
  });

  it("handles the empty list and a single row", () => {
    expect(listDurationDigits([])).toEqual([]);
    expect(listDurationDigits(rows(5))).toEqual([1]);
  });

  it("never shows two neighbours ranked apart by time with the same text", () => {
    // Every pair of times in a dense range: whatever the two, the list tells them apart.
    const same: string[] = [];
    for (let a = 8_000; a < 8_400; a += 7) {
      for (let b = a + 1; b < a + 250; b += 11) {
        const [first, second] = formatListDurations(rows(a, b));
        if (first === second) same.push(`${a} / ${b} ms`);
      }
    }
    expect(same).toEqual([]);
  });
});
