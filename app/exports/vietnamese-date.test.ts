import { describe, expect, it } from "vitest";
import { placeAndDate, vietnamCalendarDay, vietnameseDateWords } from "./vietnamese-date";

describe("vietnameseDateWords", () => {
  it("writes the day in words as official documents do", () => {
    expect(vietnameseDateWords(new Date("2026-11-23T03:00:00Z"))).toBe("ngày 23 tháng 11 năm 2026");
  });

  it("pads days below 10 and months 1 and 2 with a zero, and no other month", () => {
    expect(vietnameseDateWords(new Date("2026-01-05T03:00:00Z"))).toBe("ngày 05 tháng 01 năm 2026");
    expect(vietnameseDateWords(new Date("2026-02-10T03:00:00Z"))).toBe("ngày 10 tháng 02 năm 2026");
    expect(vietnameseDateWords(new Date("2026-03-09T03:00:00Z"))).toBe("ngày 09 tháng 3 năm 2026");
    expect(vietnameseDateWords(new Date("2026-12-31T03:00:00Z"))).toBe("ngày 31 tháng 12 năm 2026");
  });

  it("uses the calendar day in Vietnam, not the server's", () => {
    // 23:30 UTC on 31/12 is already 06:30 on 1/1 in Vietnam.
    expect(vietnameseDateWords(new Date("2026-12-31T23:30:00Z"))).toBe("ngày 01 tháng 01 năm 2027");
    expect(vietnamCalendarDay(new Date("2026-11-22T16:59:59Z"))).toEqual({ day: 22, month: 11, year: 2026 });
    expect(vietnamCalendarDay(new Date("2026-11-22T17:00:00Z"))).toEqual({ day: 23, month: 11, year: 2026 });
  });

  it("puts the place before the date, or capitalises the date alone", () => {
    expect(placeAndDate("Hậu Giang", new Date("2026-11-23T03:00:00Z"))).toBe("Hậu Giang, ngày 23 tháng 11 năm 2026");
    expect(placeAndDate(" ", new Date("2026-11-23T03:00:00Z"))).toBe("Ngày 23 tháng 11 năm 2026");
  });
});
