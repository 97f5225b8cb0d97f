import { describe, expect, it } from "vitest";
import { ROUND_STATE_LABELS, roundState } from "./round-state";

const opensAt = new Date("2026-04-01T01:00:00.000Z");
const closesAt = new Date("2026-04-08T01:00:00.000Z");
const shifted = (date: Date, ms: number) => new Date(date.getTime() + ms);

describe("roundState", () => {
  it("is upcoming long before the opening", () => {
    expect(roundState(opensAt, closesAt, new Date("2025-12-31T00:00:00.000Z"))).toBe("upcoming");
  });

  it("is upcoming one millisecond before the opening", () => {
    expect(roundState(opensAt, closesAt, shifted(opensAt, -1))).toBe("upcoming");
  });

  it("is open exactly at the opening time", () => {
    expect(roundState(opensAt, closesAt, new Date(opensAt.getTime()))).toBe("open");
  });

  it("is open between opening and closing", () => {
    expect(roundState(opensAt, closesAt, shifted(opensAt, 1))).toBe("open");
    expect(roundState(opensAt, closesAt, new Date("2026-04-05T12:00:00.000Z"))).toBe("open");
  });

  it("is open one millisecond before the closing", () => {
    expect(roundState(opensAt, closesAt, shifted(closesAt, -1))).toBe("open");
  });

  it("is closed exactly at the closing time", () => {
    expect(roundState(opensAt, closesAt, new Date(closesAt.getTime()))).toBe("closed");
  });

  it("is closed after the closing", () => {
    expect(roundState(opensAt, closesAt, shifted(closesAt, 1))).toBe("closed");
    expect(roundState(opensAt, closesAt, new Date("2027-01-01T00:00:00.000Z"))).toBe("closed");
  });

  it("is never open when a round opens and closes at the same instant", () => {
    expect(roundState(opensAt, opensAt, shifted(opensAt, -1))).toBe("upcoming");
    expect(roundState(opensAt, opensAt, opensAt)).toBe("closed");
  });

  it("compares instants, not time zones of the input strings", () => {
    const opensInVietnam = new Date("2026-04-01T08:00:00+07:00");
    expect(roundState(opensInVietnam, closesAt, new Date("2026-04-01T01:00:00Z"))).toBe("open");
    expect(roundState(opensInVietnam, closesAt, new Date("2026-04-01T07:59:59+07:00"))).toBe("upcoming");
  });
});

describe("ROUND_STATE_LABELS", () => {
  it("gives a Vietnamese label to each state", () => {
    expect(ROUND_STATE_LABELS).toEqual({ upcoming: "Sắp mở", open: "Đang mở", closed: "Đã kết thúc" });
  });
});
