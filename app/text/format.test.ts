import { afterEach, describe, expect, it } from "vitest";
import { formatClock, formatDateTime, formatNumber } from "./format";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe("formatClock", () => {
  it.each([
    [0, "0:00"],
    [1, "0:01"],
    [999, "0:01"],
    [1000, "0:01"],
    [1001, "0:02"],
    [9 * SECOND, "0:09"],
    [59 * SECOND, "0:59"],
    [59_999, "1:00"],
    [MINUTE, "1:00"],
    [61_000, "1:01"],
    [14 * MINUTE + 5 * SECOND, "14:05"],
    [HOUR - SECOND, "59:59"],
    [HOUR - 1, "1:00:00"],
    [HOUR, "1:00:00"],
    [HOUR + 2 * MINUTE + 9 * SECOND, "1:02:09"],
    [HOUR + 2 * MINUTE + 8 * SECOND + 1, "1:02:09"],
    [10 * HOUR + 5 * SECOND, "10:00:05"],
  ])("shows %i ms as %s", (ms, expected) => {
    expect(formatClock(ms)).toBe(expected);
  });

  it.each([-1, -999, -61_000, -HOUR])("shows a negative remaining time (%i ms) as 0:00", (ms) => {
    expect(formatClock(ms)).toBe("0:00");
  });

  it("pads minutes to two digits only past an hour", () => {
    expect(formatClock(5 * MINUTE)).toBe("5:00");
    expect(formatClock(HOUR + 5 * MINUTE)).toBe("1:05:00");
  });
});

describe("formatDateTime", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("shows Vietnam time (UTC+7), crossing into the next day", () => {
    const shown = formatDateTime("2026-01-01T17:30:00Z");
    expect(shown).toContain("00:30");
    expect(shown).toContain("02/01/2026");
  });

  it("shows the same text whatever the process time zone", () => {
    const shownIn = (tz: string) => {
      process.env.TZ = tz;
      return formatDateTime("2026-01-01T17:30:00Z");
    };
    const inUtc = shownIn("UTC");
    for (const tz of ["America/Los_Angeles", "Pacific/Kiritimati", "Asia/Tokyo", "Europe/London"]) {
      const shown = shownIn(tz);
      expect(shown, tz).toBe(inUtc);
      expect(shown, tz).toContain("00:30");
      expect(shown, tz).toContain("02/01/2026");
    }
    // Sanity check that changing TZ does affect local-time APIs, so the loop above proves something.
    process.env.TZ = "America/Los_Angeles";
    expect(new Date("2026-01-01T17:30:00Z").getHours()).toBe(9);
  });

  it("accepts a Date as well as an ISO string", () => {
    const instant = "2026-07-15T01:05:00.000Z";
    expect(formatDateTime(new Date(instant))).toBe(formatDateTime(instant));
    expect(formatDateTime(new Date(instant))).toContain("08:05");
    expect(formatDateTime(new Date(instant))).toContain("15/07/2026");
  });

  it("shows a time just before Vietnam midnight on the same day", () => {
    const shown = formatDateTime("2025-12-31T16:59:00Z");
    expect(shown).toContain("23:59");
    expect(shown).toContain("31/12/2025");
  });

  it("uses two-digit days, months, hours and minutes", () => {
    const shown = formatDateTime("2026-03-04T00:07:00Z");
    expect(shown).toContain("07:07");
    expect(shown).toContain("04/03/2026");
  });

  it("uses the 24-hour clock", () => {
    const shown = formatDateTime("2026-03-04T08:45:00Z");
    expect(shown).toContain("15:45");
    expect(shown).not.toMatch(/AM|PM|SA|CH/);
  });
});

describe("formatNumber", () => {
  it("groups thousands with dots, as Vietnamese readers expect", () => {
    expect(formatNumber(1_234_567)).toBe("1.234.567");
    expect(formatNumber(999)).toBe("999");
    expect(formatNumber(0)).toBe("0");
  });

  it("uses a comma as the decimal separator", () => {
    expect(formatNumber(1234.5)).toBe("1.234,5");
  });
});
