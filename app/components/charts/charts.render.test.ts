import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { EntriesOverTimeChart, ParticipationByUnitChart, ScoreDistributionChart } from "./index";

/** The attributes of every element carrying `data-<name>`, read back from the markup. */
function elements(html: string, tag: string) {
  const found: Record<string, string>[] = [];
  for (const match of html.matchAll(new RegExp(`<${tag}\\s([^>]*)>`, "g"))) {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of match[1].matchAll(/([\w-]+)="([^"]*)"/g)) attributes[name] = value;
    found.push(attributes);
  }
  return found;
}

const svgOf = (html: string) => elements(html, "svg")[0];

describe("EntriesOverTimeChart", () => {
  const points = [
    { hourStart: "2026-11-24T01:00:00.000Z", entries: 12 },
    { hourStart: "2026-11-24T02:00:00.000Z", entries: 40 },
    { hourStart: "2026-11-24T04:00:00.000Z", entries: 8 },
  ];
  const html = renderToStaticMarkup(createElement(EntriesOverTimeChart, { points }));

  it("draws one point per hour, the quiet hour at zero, higher for more entries", () => {
    const circles = elements(html, "circle");
    expect(circles.map((c) => [c["data-hour"], Number(c["data-entries"])])).toEqual([
      ["2026-11-24T01:00:00.000Z", 12],
      ["2026-11-24T02:00:00.000Z", 40],
      ["2026-11-24T03:00:00.000Z", 0],
      ["2026-11-24T04:00:00.000Z", 8],
    ]);
    const cy = circles.map((c) => Number(c.cy));
    // SVG y grows downwards: 40 entries is the highest point, 0 the lowest.
    expect(cy[1]).toBeLessThan(cy[0]);
    expect(cy[0]).toBeLessThan(cy[3]);
    expect(cy[3]).toBeLessThan(cy[2]);
    const cx = circles.map((c) => Number(c.cx));
    expect([...cx].sort((a, b) => a - b)).toEqual(cx);
  });

  it("is one accessible, responsive image with the numbers as a table, in Vietnam time", () => {
    const svg = svgOf(html);
    expect(svg.role).toBe("img");
    expect(svg["aria-label"]).toContain("60 lượt thi");
    expect(svg["aria-label"]).toContain("nhiều nhất 40 lượt lúc 24/11 09:00");
    expect(svg.viewBox).toBe("0 0 320 200");
    expect(svg.width).toBe("100%");
    expect(html).toContain("<summary>Xem số liệu dạng bảng</summary>");
    expect(html).toContain('<td data-label="Giờ (giờ Việt Nam)">24/11 08:00</td><td class="num" data-label="Lượt thi">12</td>');
  });

  it("says so when there is nothing yet", () => {
    expect(renderToStaticMarkup(createElement(EntriesOverTimeChart, { points: [] }))).toContain("Chưa có lượt thi nào.");
  });
});

describe("ParticipationByUnitChart", () => {
  const longName = "Trung tâm Phục vụ hành chính công tỉnh và các điểm tiếp nhận hồ sơ cấp xã trực thuộc";
  const units = [
    { name: "Sở Y tế", participationRate: 0.25, participants: 25, headcount: 100 },
    { name: longName, participationRate: 0.8, participants: 28, headcount: 35 },
    { name: "Người dân", participationRate: null, participants: 12, headcount: 0 },
    { name: "Sở Tư pháp", participationRate: 0.5, participants: 30, headcount: 60 },
  ];
  const html = renderToStaticMarkup(createElement(ParticipationByUnitChart, { units }));

  it("draws units highest rate first, bar lengths in proportion, no bar without a headcount", () => {
    const groups = elements(html, "g");
    expect(groups.map((g) => g["data-unit"])).toEqual([longName, "Sở Tư pháp", "Sở Y tế", "Người dân"]);
    const bars = elements(html, "rect").filter((r) => r.class === "chart-bar");
    expect(bars).toHaveLength(3);
    const widths = bars.map((b) => Number(b.width));
    expect(widths[0] / widths[1]).toBeCloseTo(0.8 / 0.5, 5);
    expect(widths[1] / widths[2]).toBeCloseTo(0.5 / 0.25, 5);
    expect(html).toContain(">80%<");
    expect(html).toContain(">—<");
  });

  it("truncates long names on the bar and keeps the full name in the title and the table", () => {
    expect(html).toContain(`<title>${longName}: 80% (28/35 người)</title>`);
    expect(html).toMatch(/>Trung tâm Phục vụ hành chính công tỉnh và…</);
    expect(html).toContain(`<td data-label="Đơn vị">${longName}</td>`);
    expect(svgOf(html)["aria-label"]).toContain("thấp nhất Sở Y tế 25%");
  });
});

describe("ScoreDistributionChart", () => {
  const scores = [
    { score: 100, people: 1200 },
    { score: 60, people: 300 },
    { score: 95, people: 2000 },
    { score: 0, people: 5 },
  ];
  const html = renderToStaticMarkup(createElement(ScoreDistributionChart, { scores, maxScore: 100 }));

  it("draws one bar per score, left to right by score, heights in proportion to people", () => {
    const bars = elements(html, "rect").filter((r) => r.class === "chart-bar");
    expect(bars.map((b) => Number(b["data-score"]))).toEqual([0, 60, 95, 100]);
    const x = bars.map((b) => Number(b.x));
    expect([...x].sort((a, b) => a - b)).toEqual(x);
    const heights = bars.map((b) => Number(b.height));
    expect(heights[3] / heights[1]).toBeCloseTo(1200 / 300, 5);
    expect(heights[2] / heights[3]).toBeCloseTo(2000 / 1200, 5);
  });

  it("summarises with Vietnamese numbers", () => {
    const label = svgOf(html)["aria-label"];
    expect(label).toContain("3.505 người");
    expect(label).toContain("1.200 người đạt điểm tối đa 100");
    expect(label).toContain("nhiều người nhất ở mức 95 điểm (2.000 người)");
  });
});
