import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  COMMENDATION_HEADERS,
  PARTICIPATION_HEADERS,
  RANKING_HEADERS,
  buildCommendationWorkbook,
  buildParticipationWorkbook,
  buildRankingWorkbook,
  streamRankingWorkbook,
  type RankingRecord,
} from "./result-sheets.server";
import { NUMBER_FORMATS, cellValue } from "./xlsx-sheet.server";

const HEADING = { organizer: "UBND TỈNH HẬU GIANG – SỞ NỘI VỤ", contestTitle: "Cuộc thi tìm hiểu về cải cách hành chính năm 2026", scope: "Đợt 1 – Bảng A" };

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** exceljs reads a number with a time format back as a Date counted from Excel's day zero. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const durationMsOf = (value: ExcelJS.CellValue) => (value instanceof Date ? value.getTime() - EXCEL_EPOCH : Number(value) * 86_400_000);

const rowValues = (sheet: ExcelJS.Worksheet, rowNumber: number) => (sheet.getRow(rowNumber).values as ExcelJS.CellValue[]).slice(1);

describe("commendation proposal (.xlsx)", () => {
  it("reads back with the title block, Vietnamese headers, widths, number formats and values", async () => {
    const buffer = await buildCommendationWorkbook(
      HEADING,
      [
        { fullName: "Nguyễn Thị Hường", position: "Chuyên viên", unitName: "Sở Nội vụ", score: 100, durationMs: 754_300, tier: "first" },
        { fullName: "Trần Văn Đức", position: null, unitName: "UBND xã Vị Thủy", score: 97.5, durationMs: 3_725_000, tier: "consolation" },
      ],
      [{ unitName: "UBND huyện Phụng Hiệp", headcount: 200, participants: 150, tier: "first" }],
    );
    const workbook = await open(buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Khen thưởng cá nhân", "Khen thưởng tập thể"]);
    const sheet = workbook.worksheets[0];
    expect([1, 2, 3, 4].map((n) => sheet.getCell(n, 1).value)).toEqual([
      "UBND TỈNH HẬU GIANG – SỞ NỘI VỤ",
      "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CÁ NHÂN",
      "Cuộc thi tìm hiểu về cải cách hành chính năm 2026",
      "Đợt 1 – Bảng A",
    ]);
    expect(sheet.getCell(1, 1).isMerged && sheet.getCell(1, 7).isMerged).toBe(true);
    expect(rowValues(sheet, 6)).toEqual([...COMMENDATION_HEADERS]);
    const [first, second] = [rowValues(sheet, 7), rowValues(sheet, 8)];
    expect(first).toEqual([1, "Nguyễn Thị Hường", "Chuyên viên", "Sở Nội vụ", 100, expect.anything(), "Giải Nhất"]);
    expect(second).toEqual([2, "Trần Văn Đức", undefined, "UBND xã Vị Thủy", 97.5, expect.anything(), "Giải Khuyến khích"]);
    expect(durationMsOf(first[5])).toBeCloseTo(754_300, 3);
    expect(durationMsOf(second[5])).toBeCloseTo(3_725_000, 3); // 62:05.000 with [mm]:ss.000
    expect(sheet.columns.map((c) => c.width)).toEqual([6, 28, 24, 40, 9, 11, 18]);
    expect(sheet.getCell(7, 5).numFmt).toBe(NUMBER_FORMATS.score);
    expect(sheet.getCell(7, 6).numFmt).toBe("[mm]:ss.000");
    expect(sheet.getCell(7, 2).numFmt).toBe("@");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 6 });
    expect(sheet.autoFilter).toBe("A6:G6");

    const units = workbook.worksheets[1];
    const unitRow = rowValues(units, 7);
    expect(unitRow).toEqual([1, "UBND huyện Phụng Hiệp", 200, 150, 0.75, "Giải Nhất"]);
    expect(units.getCell(7, 5).numFmt).toBe("0.00%");
  });

  it("keeps a name that looks like a formula as text, never as a formula", async () => {
    const evil = [
      '=HYPERLINK("http://evil.example","Bấm vào đây")',
      "+84912345678",
      "-1+2",
      "@SUM(A1:A2)",
      "\t=1+1",
      "\r=1+1",
    ];
    const buffer = await buildCommendationWorkbook(
      { contestTitle: "=cmd|' /C calc'!A0" },
      evil.map((fullName) => ({ fullName, position: "=1+1", unitName: "@đơn vị", score: 1, durationMs: 1000, tier: "third" as const })),
    );
    const sheet = (await open(buffer)).worksheets[0];
    expect(sheet.getCell(2, 1).value).toBe("'=cmd|' /C calc'!A0");
    evil.forEach((name, index) => {
      const row = sheet.getRow(5 + index);
      const cell = row.getCell(2);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      // XML reading turns a stored carriage return into a line feed; the leading ' is what matters.
      expect(cell.value).toBe(`'${name.replace("\r", "\n")}`);
      expect(row.getCell(3).value).toBe("'=1+1");
      expect(row.getCell(4).value).toBe("'@đơn vị");
    });
    // Nothing in the file is stored as a formula.
    const xml = buffer.toString("latin1");
    expect(xml).not.toContain("<f>");
  });
});

describe("individual ranking (.xlsx)", () => {
  it("writes finishing times in Vietnam time with a date-time format, and durations as mm:ss.000", async () => {
    const finishedAt = new Date("2026-11-23T01:02:03.000Z"); // 08:02:03 in Vietnam
    const buffer = await buildRankingWorkbook({ contestTitle: "Cuộc thi" }, [
      { rank: 1, fullName: "Lê Thị Ánh", position: "Phó Giám đốc", unitName: "Sở Thông tin và Truyền thông", score: 30, predictionDistance: 12, durationMs: 61_000, finishedAt },
      { rank: 2, fullName: "Phạm Quốc Việt", position: null, unitName: "UBND phường 5", score: 30, predictionDistance: Number.POSITIVE_INFINITY, durationMs: 75_000, finishedAt },
    ]);
    const sheet = (await open(buffer)).worksheets[0];
    expect(rowValues(sheet, 4)).toEqual([...RANKING_HEADERS]);
    const first = sheet.getRow(5);
    expect(first.getCell(8).value).toEqual(new Date("2026-11-23T08:02:03.000Z"));
    expect(first.getCell(8).numFmt).toBe("dd/mm/yyyy hh:mm:ss");
    expect(durationMsOf(first.getCell(7).value)).toBeCloseTo(61_000, 3);
    expect(first.getCell(7).numFmt).toBe("[mm]:ss.000");
    expect(first.getCell(6).value).toBe(12);
    expect(sheet.getRow(6).getCell(6).value).toBe("Không dự đoán");
  });
});

describe("unit participation (.xlsx)", () => {
  it("lists units with rates as percentages, indents by depth, and adds the PAR-index columns on request", async () => {
    const buffer = await buildParticipationWorkbook(
      { contestTitle: "Cuộc thi" },
      [
        { unitName: "Tỉnh Hậu Giang", depth: 0, headcount: 1000, participants: 640, entries: 900, parPoints: 0, parExplanation: "640/1.000 người tham gia" },
        { unitName: "Sở Nội vụ", depth: 1, headcount: 80, participants: 72, entries: 95, parPoints: 1, parExplanation: "72/80 người tham gia, tỷ lệ 90%: cộng 1 điểm" },
        { unitName: "UBND xã Tân Long", depth: 1, headcount: 0, participants: 0, entries: 0, parPoints: -1, parExplanation: "không có ai tham gia" },
      ],
      { withParIndex: true },
    );
    const sheet = (await open(buffer)).worksheets[0];
    expect(rowValues(sheet, 4)).toEqual([...PARTICIPATION_HEADERS, "Điểm Chỉ số CCHC", "Căn cứ tính điểm"]);
    expect(rowValues(sheet, 6)).toEqual([2, "Sở Nội vụ", 80, 72, 0.9, 95, 1, "72/80 người tham gia, tỷ lệ 90%: cộng 1 điểm"]);
    expect(sheet.getCell(6, 2).alignment?.indent).toBe(1);
    expect(sheet.getCell(7, 5).value).toBeNull(); // no headcount, no rate
    expect(sheet.getCell(7, 7).value).toBe(-1);
    expect(sheet.getCell(6, 3).numFmt).toBe("#,##0");
  });
});

describe("cellValue", () => {
  it("neutralises formula starts in text, including after tab or carriage return", () => {
    for (const text of ["=1", "+1", "-1", "@A1", "\t=1", "\r=1"]) expect(cellValue("text", text)).toBe(`'${text}`);
    expect(cellValue("text", "Nguyễn Văn A")).toBe("Nguyễn Văn A");
    expect(cellValue("text", "Nguye\u0302\u0303n")).toBe("Nguyễn"); // decomposed input is written composed (NFC)
    expect(cellValue("integer", null)).toBeNull();
    expect(cellValue("datetime", "not a date")).toBeNull();
  });
});

describe("streamed ranking of 100,000 rows", () => {
  it("completes, reports progress, and leaves the event loop free for other work meanwhile", async () => {
    const total = 100_000;
    async function* rows(): AsyncIterable<RankingRecord> {
      const start = Date.parse("2026-11-23T01:00:00.000Z");
      for (let i = 0; i < total; i++) {
        yield {
          rank: i + 1,
          fullName: `Nguyễn Thị Hường ${i}`,
          position: i % 3 === 0 ? "Chuyên viên" : null,
          unitName: `UBND xã số ${i % 500}`,
          score: 100 - (i % 50),
          predictionDistance: i % 7,
          durationMs: 60_000 + (i % 900) * 1000,
          finishedAt: new Date(start + i * 1000),
        };
      }
    }
    const sink = new PassThrough();
    let bytes = 0;
    sink.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
    });
    const progress: number[] = [];
    let ticks = 0;
    let longestGap = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
      ticks++;
    }, 5);
    const started = performance.now();
    const [written] = await streamRankingWorkbook(sink, { contestTitle: "Cuộc thi lớn" }, rows(), {
      totalRows: [total],
      onProgress: (p) => progress.push(p.rowsWritten),
    });
    const elapsed = performance.now() - started;
    clearInterval(timer);

    expect(written).toBe(total);
    expect(progress.at(-1)).toBe(total);
    expect(progress.length).toBeGreaterThanOrEqual(100);
    expect(ticks).toBeGreaterThan(10); // the timer fired while the file was being written
    expect(bytes).toBeGreaterThan(1_000_000);
    console.log(`100,000-row xlsx: ${Math.round(elapsed)} ms, ${(bytes / 1e6).toFixed(1)} MB, timer ticks ${ticks}, longest gap between ticks ${Math.round(longestGap)} ms`);
  }, 120_000);
});
