import { describe, expect, it } from "vitest";
import { fillHourGaps, labelIndices, linearScale, niceCeiling, niceTicks, scoreStep, sortByParticipation, truncateLabel } from "./scale";
import { formatPercent, formatTimeOfDay, hourLabel } from "./chart-format";

describe("nice numbers and ticks", () => {
  it("round up to 1, 2, 2.5 or 5 times a power of ten", () => {
    expect([0, -3, NaN, 0.3, 0.30000000000000004, 1, 7, 11, 23, 26, 480, 1001].map(niceCeiling)).toEqual([1, 1, 1, 0.5, 0.5, 1, 10, 20, 25, 50, 500, 2000]);
  });

  it("cover the maximum from zero in even integer steps for counts", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(3)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(1234)).toEqual([0, 500, 1000, 1500]);
    for (const max of [1, 9, 10, 57, 999, 4236]) {
      const ticks = niceTicks(max);
      expect(ticks[0]).toBe(0);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      const steps = new Set(ticks.slice(1).map((t, i) => t - ticks[i]));
      expect(steps.size).toBe(1);
    }
  });

  it("allow fractions for rates", () => {
    expect(niceTicks(1, 4, false)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(1.3, 4, false)).toEqual([0, 0.5, 1, 1.5]);
  });
});

describe("linear scale", () => {
  it("maps the domain onto the range, inverted ranges included", () => {
    const y = linearScale([0, 100], [200, 0]);
    expect([0, 50, 100].map(y)).toEqual([200, 100, 0]);
    expect(linearScale([5, 5], [10, 20])(7)).toBe(10);
  });
});

describe("hour gaps", () => {
  it("fill the quiet hours with zeros, in time order, merging points of the same hour", () => {
    const filled = fillHourGaps([
      { hourStart: "2026-11-24T03:00:00.000Z", entries: 4 },
      { hourStart: "2026-11-24T00:00:00.000Z", entries: 10 },
      { hourStart: "2026-11-24T00:00:00.000Z", entries: 1 },
    ]);
    expect(filled).toEqual([
      { hourStart: "2026-11-24T00:00:00.000Z", entries: 11 },
      { hourStart: "2026-11-24T01:00:00.000Z", entries: 0 },
      { hourStart: "2026-11-24T02:00:00.000Z", entries: 0 },
      { hourStart: "2026-11-24T03:00:00.000Z", entries: 4 },
    ]);
    expect(fillHourGaps([])).toEqual([]);
    expect(fillHourGaps([{ hourStart: "not a date", entries: 3 }])).toEqual([]);
  });

  it("do not fill a span of months hour by hour", () => {
    const filled = fillHourGaps([
      { hourStart: "2026-01-01T00:00:00.000Z", entries: 1 },
      { hourStart: "2026-06-01T00:00:00.000Z", entries: 2 },
    ]);
    expect(filled).toHaveLength(2);
  });
});

describe("labels", () => {
  it("pick at most the asked number of evenly spaced indices, starting with the first", () => {
    expect(labelIndices(0, 5)).toEqual([]);
    expect(labelIndices(3, 5)).toEqual([0, 1, 2]);
    expect(labelIndices(24, 5)).toEqual([0, 6, 12, 18]);
    for (const length of [6, 25, 49, 168]) {
      const indices = labelIndices(length, 5);
      expect(indices.length).toBeLessThanOrEqual(5);
      expect(indices[0]).toBe(0);
      expect(indices.at(-1)!).toBeLessThan(length);
    }
  });

  it("cut long unit names with an ellipsis, counting Vietnamese letters as one", () => {
    expect(truncateLabel("Sở Nội vụ", 20)).toBe("Sở Nội vụ");
    expect(truncateLabel("Trung tâm Phục vụ hành chính công tỉnh", 12)).toBe("Trung tâm P…");
    expect([...truncateLabel("Ủy ban nhân dân phường Đông Hòa", 10)]).toHaveLength(10);
  });

  it("show hours in Vietnam time, the date when the day changes", () => {
    // 17:00 UTC is midnight in Vietnam (UTC+7).
    expect(hourLabel("2026-11-24T16:00:00Z", null)).toBe("24/11 23:00");
    expect(hourLabel("2026-11-24T17:00:00Z", "2026-11-24T16:00:00Z")).toBe("25/11 00:00");
    expect(hourLabel("2026-11-24T18:00:00Z", "2026-11-24T17:00:00Z")).toBe("01:00");
    expect(formatTimeOfDay("2026-11-24T07:05:09Z")).toBe("14:05:09");
  });

  it("write percentages the Vietnamese way", () => {
    expect(formatPercent(0.425)).toBe("42,5%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.33333)).toBe("33,3%");
  });
});

describe("ordering units by participation", () => {
  it("puts the highest rate first, units without a headcount last, ties by Vietnamese name order", () => {
    const sorted = sortByParticipation([
      { name: "Sở Y tế", participationRate: 0.5 },
      { name: "Người dân", participationRate: null },
      { name: "Ủy ban", participationRate: 0.9 },
      { name: "Sở Công Thương", participationRate: 0.5 },
      { name: "Ban Quản lý", participationRate: 0 },
    ]);
    expect(sorted.map((u) => u.name)).toEqual(["Ủy ban", "Sở Công Thương", "Sở Y tế", "Ban Quản lý", "Người dân"]);
  });
});

describe("score step", () => {
  it("is the smallest gap between scores, at most a twentieth of the maximum", () => {
    expect(scoreStep([0, 5, 10, 100], 100)).toBe(5);
    expect(scoreStep([0, 1, 3], 30)).toBe(1);
    expect(scoreStep([80], 100)).toBe(5);
    expect(scoreStep([], 0)).toBe(1);
  });
});
