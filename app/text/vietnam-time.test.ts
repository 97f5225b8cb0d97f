import { describe, expect, it } from "vitest";
import { parseVietnamDateTime, toVietnamDateTimeInput } from "./vietnam-time";

describe("Vietnam time", () => {
  it("reads a datetime-local value as UTC+7", () => {
    expect(parseVietnamDateTime("2026-11-23T08:00")?.toISOString()).toBe("2026-11-23T01:00:00.000Z");
    expect(parseVietnamDateTime("2026-01-01T03:30")?.toISOString()).toBe("2025-12-31T20:30:00.000Z");
  });

  it("refuses impossible or malformed values", () => {
    for (const value of ["2026-02-30T08:00", "2026-11-23T24:00", "2026-11-23 08:00", "", "23/11/2026 08:00"]) {
      expect(parseVietnamDateTime(value)).toBeNull();
    }
  });

  it("round-trips", () => {
    for (const value of ["2026-11-23T08:00", "2026-12-31T23:59", "2027-01-01T00:00"]) {
      expect(toVietnamDateTimeInput(parseVietnamDateTime(value)!)).toBe(value);
    }
  });
});
