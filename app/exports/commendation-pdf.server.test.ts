import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { PrizeTier } from "~/awards/places";
import PDFDocument from "pdfkit";
import {
  buildCertificatesPdf,
  buildCommendationPdf,
  CELL_PADDING,
  COLLECTIVE_COLUMNS,
  DRAFT_WATERMARK,
  fitColumnWidths,
  INDIVIDUAL_COLUMNS,
  measureWith,
} from "./commendation-pdf.server";
import { fontPath, registerFonts } from "./pdf-fonts.server";
import type { CommendationRecord } from "./result-sheets.server";

async function pagesText(pdf: Buffer): Promise<string[]> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(proxy, { mergePages: false });
  return text.map((page) => page.normalize("NFC"));
}

const squash = (text: string) => text.replace(/\s+/g, " ");

const INDIVIDUAL: CommendationRecord = { fullName: "Nguyễn Thị Hường", position: "Chuyên viên", unitName: "Sở Nội vụ", score: 100, durationMs: 754_300, tier: "first" };

const DATE = new Date("2026-11-23T03:00:00Z");

describe("commendation list PDF", () => {
  it("keeps Vietnamese text intact: title block, names, units, prizes and the date in words", async () => {
    const pdf = await buildCommendationPdf({
      organizer: "Sở Nội vụ tỉnh Hậu Giang",
      contestTitle: "Cuộc thi tìm hiểu về cải cách hành chính năm 2026",
      scope: "Đợt 1 – Bảng A",
      place: "Hậu Giang",
      date: DATE,
      signerName: "Võ Thành Đạt",
      individuals: [
        { fullName: "Nguyễn Thị Hường", position: "Chuyên viên", unitName: "Sở Nội vụ", score: 100, durationMs: 754_300, tier: "first" },
        { fullName: "Trần Văn Đức", position: null, unitName: "UBND xã Vị Thủy", score: 97.5, durationMs: 3_725_000, tier: "consolation" },
      ],
      collectives: [{ unitName: "UBND huyện Phụng Hiệp", headcount: 200, participants: 150, tier: "second" }],
    });
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const pages = await pagesText(pdf);
    expect(pages).toHaveLength(1);
    const text = squash(pages[0]);
    for (const expected of [
      "SỞ NỘI VỤ TỈNH HẬU GIANG",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
      "Cuộc thi tìm hiểu về cải cách hành chính năm 2026",
      "Đợt 1 – Bảng A",
      "Họ và tên",
      "Nguyễn Thị Hường",
      "Sở Nội vụ",
      "Giải Nhất",
      "Giải Khuyến khích",
      "UBND xã Vị Thủy",
      "12 phút 34,3 giây",
      "1 giờ 2 phút 5,0 giây",
      "97,5",
      "II. TẬP THỂ",
      "UBND huyện Phụng Hiệp",
      "75%",
      "Giải Nhì",
      "Hậu Giang, ngày 23 tháng 11 năm 2026",
      "TRƯỞNG BAN TỔ CHỨC",
      "Võ Thành Đạt",
      "Trang 1/1",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("breaks long lists over pages with the header repeated and every page numbered", async () => {
    const tiers: PrizeTier[] = ["first", "second", "third", "consolation"];
    const individuals: CommendationRecord[] = Array.from({ length: 120 }, (_, i) => ({
      fullName: `Lê Thị Ngọc Ánh ${i + 1}`,
      position: i % 2 ? "Phó Trưởng phòng Cải cách hành chính" : null,
      unitName: `Ủy ban nhân dân xã Long Thạnh số ${i + 1}, huyện Phụng Hiệp`,
      score: 100 - i,
      durationMs: 60_000 + i * 1000,
      tier: tiers[Math.min(3, Math.floor(i / 10))],
    }));
    const pages = await pagesText(await buildCommendationPdf({ organizer: "Sở Nội vụ", contestTitle: "Cuộc thi", date: DATE, individuals }));
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, index) => {
      // Every page holding rows of the table starts with its header (the last may hold only the signature).
      if (page.includes("Lê Thị Ngọc Ánh")) {
        expect(page).toContain("Họ và tên");
        expect(page).toContain("Đơn vị");
      }
      expect(squash(page)).toContain(`Trang ${index + 1}/${pages.length}`);
    });
    expect(pages.filter((page) => page.includes("Lê Thị Ngọc Ánh")).length).toBeGreaterThan(3);
    expect(squash(pages.at(-1)!)).toContain("TRƯỞNG BAN TỔ CHỨC");
    const all = squash(pages.join(" "));
    for (const i of [1, 60, 120]) expect(all).toContain(`Lê Thị Ngọc Ánh ${i}`);
    expect(all.indexOf("Lê Thị Ngọc Ánh 60 ")).toBeLessThan(all.indexOf("Lê Thị Ngọc Ánh 61 "));
  });

  it("says so when nobody is proposed", async () => {
    const [page] = await pagesText(await buildCommendationPdf({ organizer: "Sở Nội vụ", contestTitle: "Cuộc thi", date: DATE, individuals: [] }));
    expect(squash(page)).toContain("Không có cá nhân được đề nghị khen thưởng.");
  });
});

describe("certificates PDF", () => {
  it("gives each winner an A4 landscape page with the name, unit, prize, contest and date in words", async () => {
    const pdf = await buildCertificatesPdf({
      issuer: "Ban Tổ chức cuộc thi",
      contestTitle: "Cuộc thi tìm hiểu Chính quyền điện tử năm 2026",
      scope: "Đợt 2",
      place: "Hậu Giang",
      date: new Date("2026-02-05T03:00:00Z"),
      certificates: [
        { fullName: "Nguyễn Thị Hường", position: "Chuyên viên", unitName: "Sở Nội vụ", prize: "Giải Nhất", number: "Số: 01/GCN-BTC" },
        { fullName: "Phạm Quốc Việt", position: null, unitName: "UBND phường 5, thành phố Vị Thanh", prize: "Giải Khuyến khích" },
      ],
    });
    const proxy = await getDocumentProxy(new Uint8Array(pdf));
    expect(proxy.numPages).toBe(2);
    const page = await proxy.getPage(1);
    const [, , width, height] = page.view;
    expect(Math.round(width)).toBe(842); // A4 landscape: 842 × 595 points
    expect(Math.round(height)).toBe(595);

    const pages = await pagesText(pdf);
    const first = squash(pages[0]);
    for (const expected of [
      "GIẤY CHỨNG NHẬN",
      "BAN TỔ CHỨC CUỘC THI",
      "Số: 01/GCN-BTC",
      "Nguyễn Thị Hường",
      "Chức vụ: Chuyên viên",
      "Đơn vị: Sở Nội vụ",
      "Đã đạt Giải Nhất",
      "Cuộc thi tìm hiểu Chính quyền điện tử năm 2026 – Đợt 2",
      "Hậu Giang, ngày 05 tháng 02 năm 2026",
    ]) {
      expect(first).toContain(expected);
    }
    const second = squash(pages[1]);
    expect(second).toContain("Phạm Quốc Việt");
    expect(second).toContain("Đã đạt Giải Khuyến khích");
    expect(second).not.toContain("Chức vụ");
  });

  it("embeds the DejaVu font, found through the installed package", async () => {
    expect(fontPath("serif")).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSerif\.ttf$/);
    const pdf = await buildCertificatesPdf({ issuer: "BTC", contestTitle: "Cuộc thi", date: DATE, certificates: [{ fullName: "Đỗ Ngọc Ý", position: null, unitName: "Sở Y tế", prize: "Giải Ba" }] });
    const raw = pdf.toString("latin1");
    expect(raw).toMatch(/\/FontFile2/); // a TrueType font program is inside the file
    expect(raw).toMatch(/DejaVuSerif-Bold/);
  });
});

describe("the table's columns", () => {
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  const measure = measureWith(doc);
  const individuals: CommendationRecord[] = Array.from({ length: 1200 }, (_, i) => ({
    ...INDIVIDUAL,
    fullName: `Nguyễn Thị Hường ${i + 1}`,
    score: 97.5,
    durationMs: 3_725_000 + i * 7,
    position: "Phó Trưởng phòng Cải cách hành chính",
  }));

  it.each([
    ["individuals", INDIVIDUAL_COLUMNS, individuals],
    ["units", COLLECTIVE_COLUMNS, [{ unitName: "UBND huyện Phụng Hiệp", headcount: 12_345, participants: 12_345, tier: "second" }]],
  ] as const)("fits every header word and every number or time of the %s on one line, within the page's width", (_label, columns, records) => {
    const cells = columns.map((column) => (column.text as (r: typeof records) => string[])(records));
    const widths = fitColumnWidths(columns, cells, measure);
    expect(widths.reduce((sum, w) => sum + w, 0)).toBeCloseTo(
      columns.reduce((sum, c) => sum + c.width, 0),
      6,
    );
    columns.forEach((column, i) => {
      const room = widths[i] - 2 * CELL_PADDING;
      for (const word of column.header.split(" ")) expect(measure(word, "sansBold"), `${column.header}: ${word}`).toBeLessThan(room);
      if (column.whole) for (const cell of cells[i]) expect(measure(cell, "sans"), `${column.header}: ${cell}`).toBeLessThan(room);
    });
  });

  it("widens a column only as far as it must, taking the room from the columns that wrap", () => {
    const measureChars: Parameters<typeof fitColumnWidths>[2] = (text) => text.length * 10;
    const widths = fitColumnWidths(
      [
        { header: "STT", width: 20, whole: true },
        { header: "Họ và tên", width: 100 },
        { header: "Đơn vị", width: 50 },
      ],
      [["1"], ["Ánh"], ["Sở"]],
      measureChars,
    );
    expect(widths[0]).toBe(30 + 2 * CELL_PADDING + 1);
    expect(widths.reduce((sum, w) => sum + w, 0)).toBeCloseTo(170, 6);
    expect(widths[1]).toBeLessThan(100);
    expect(widths[2]).toBeLessThan(50);
  });

  it("shows STT on one line in the PDF itself", async () => {
    const [page] = await pagesText(await buildCommendationPdf({ organizer: "Sở Nội vụ", contestTitle: "Cuộc thi", date: DATE, individuals: [INDIVIDUAL] }));
    expect(page).toMatch(/(^|\s)STT(\s|$)/);
    expect(page).not.toMatch(/(^|\s)ST\s+T(\s|$)/);
  });
});

describe("drafts", () => {
  it("carry DỰ THẢO across every certificate, and finals do not", async () => {
    const certificates = [INDIVIDUAL, { ...INDIVIDUAL, fullName: "Phạm Quốc Việt" }].map((r) => ({ fullName: r.fullName, position: r.position, unitName: r.unitName, prize: "Giải Nhất" }));
    const draft = await pagesText(await buildCertificatesPdf({ issuer: "BAN TỔ CHỨC CUỘC THI", contestTitle: "Cuộc thi", date: DATE, certificates, draft: true }));
    expect(draft).toHaveLength(2);
    for (const page of draft) expect(page).toContain(DRAFT_WATERMARK);
    const final = await pagesText(await buildCertificatesPdf({ issuer: "BAN TỔ CHỨC CUỘC THI", contestTitle: "Cuộc thi", date: DATE, certificates }));
    expect(final).toHaveLength(2);
    for (const page of final) expect(page).not.toContain(DRAFT_WATERMARK);
  });

  it("carry DỰ THẢO across every page of a long proposal, without adding a page", async () => {
    const individuals = Array.from({ length: 120 }, (_, i) => ({ ...INDIVIDUAL, fullName: `Lê Thị Ngọc Ánh ${i + 1}` }));
    const final = await pagesText(await buildCommendationPdf({ organizer: "Sở Nội vụ", contestTitle: "Cuộc thi", date: DATE, individuals }));
    const draft = await pagesText(await buildCommendationPdf({ organizer: "Sở Nội vụ", contestTitle: "Cuộc thi", date: DATE, individuals, draft: true }));
    expect(draft.length).toBe(final.length);
    expect(draft.length).toBeGreaterThan(2);
    for (const page of draft) expect(page).toContain(DRAFT_WATERMARK);
    for (const page of final) expect(page).not.toContain(DRAFT_WATERMARK);
  });
});
