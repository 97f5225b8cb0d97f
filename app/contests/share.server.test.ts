import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { shareDescription, shareMeta } from "./share";
import { qrCodePath } from "./share.server";

/** The dark cells a path of `M x y h w v1 h-w z` runs paints. */
function paintedCells(path: string): Set<string> {
  const cells = new Set<string>();
  const runs = [...path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  expect(runs.map((r) => r[0]).join("")).toBe(path);
  for (const [, x, y, w, back] of runs) {
    expect(back).toBe(w);
    for (let i = 0; i < Number(w); i++) cells.add(`${Number(x) + i},${y}`);
  }
  return cells;
}

describe("qrCodePath", () => {
  it("paints exactly the dark modules of the QR code of the address, nothing else", () => {
    for (const text of ["http://localhost:3000/cuoc-thi/thi-thu", `https://thi.tinh.gov.vn/cuoc-thi/${"a".repeat(90)}`]) {
      const { size, path } = qrCodePath(text);
      const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
      expect(size).toBe(modules.size);
      const expected = new Set<string>();
      for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (modules.get(y, x)) expected.add(`${x},${y}`);
      expect(paintedCells(path)).toEqual(expected);
    }
  });
});

describe("share tags", () => {
  it("folds whitespace and cuts a long description at a word, with an ellipsis", () => {
    expect(shareDescription("  Thể lệ\n\ncuộc thi  ")).toBe("Thể lệ cuộc thi");
    const long = shareDescription(`${"Cải cách hành chính ".repeat(30)}`, 60);
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith("…")).toBe(true);
    expect(long).not.toMatch(/\s…$/);
  });

  it("only a title when the page has no card (a failed loader)", () => {
    expect(shareMeta("Cuộc thi", undefined)).toEqual([{ title: "Cuộc thi" }]);
  });
});
