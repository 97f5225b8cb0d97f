import PDFDocument from "pdfkit";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { formatListDurations } from "~/text/duration";
import { formatNumber } from "~/text/format";
import { registerFonts } from "./pdf-fonts.server";
import type { CollectiveCommendationRecord, CommendationRecord } from "./result-sheets.server";
import { placeAndDate } from "./vietnamese-date";

// PDFs leaders print and sign: the list proposed for commendation, and a certificate (giấy chứng
// nhận) per prize-winner. Fonts are embedded (DejaVu), so Vietnamese reads the same everywhere.

const nfc = (text: string) => text.normalize("NFC");

/** Runs `draw` on a new document and resolves with the finished PDF. */
export async function renderPdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ ...options, autoFirstPage: options.autoFirstPage ?? true, info: { Producer: "Cuộc thi CCHC", ...options.info } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  registerFonts(doc);
  draw(doc);
  doc.end();
  return done;
}

// --- The commendation list ---------------------------------------------------------------------

export interface CommendationDocument {
  /** The body proposing, as on the left of an official heading: "SỞ NỘI VỤ TỈNH HẬU GIANG". */
  organizer: string;
  contestTitle: string;
  /** "Đợt 2 – Bảng A", "Toàn cuộc thi". */
  scope?: string;
  /** Place for the date line above the signature: "Hậu Giang". */
  place?: string;
  date: Date;
  /** "TRƯỞNG BAN TỔ CHỨC"; the name below is optional. */
  signerTitle?: string;
  signerName?: string;
  individuals: readonly CommendationRecord[];
  collectives?: readonly CollectiveCommendationRecord[];
  /** A draft: "DỰ THẢO" across every page. */
  draft?: boolean;
}

export interface TableColumn<R> {
  header: string;
  /** The share of the page's width the column starts from, in points (the widths add up to the page's). */
  width: number;
  align: "left" | "center" | "right";
  /** Short values (a number, a time) never broken over two lines; other cells break between words. */
  whole?: boolean;
  text: (records: readonly R[]) => string[];
}

const each =
  <R>(text: (record: R, index: number) => string) =>
  (records: readonly R[]) =>
    records.map(text);

export const INDIVIDUAL_COLUMNS: TableColumn<CommendationRecord>[] = [
  { header: "STT", width: 28, align: "center", whole: true, text: each((_r, i) => String(i + 1)) },
  { header: "Họ và tên", width: 110, align: "left", text: each((r) => r.fullName) },
  { header: "Chức vụ", width: 74, align: "left", text: each((r) => r.position ?? "") },
  { header: "Đơn vị", width: 100, align: "left", text: each((r) => r.unitName) },
  { header: "Điểm", width: 36, align: "right", whole: true, text: each((r) => (r.score === null ? "" : formatNumber(r.score))) },
  {
    header: "Thời gian",
    width: 70,
    align: "right",
    whole: true,
    // Tenths, more where two neighbours with the same score would read the same (text/duration.ts).
    text: (records) => {
      const times = formatListDurations(
        records.map((r) => ({ durationMs: r.durationMs ?? 0, score: r.score })),
        { timeDecides: (a, b) => a.score !== null && a.score === b.score },
      );
      return records.map((r, i) => (r.durationMs === null ? "" : times[i]));
    },
  },
  { header: "Giải", width: 77, align: "left", text: each((r) => PRIZE_TIER_LABELS[r.tier]) },
];

export const COLLECTIVE_COLUMNS: TableColumn<CollectiveCommendationRecord>[] = [
  { header: "STT", width: 30, align: "center", whole: true, text: each((_r, i) => String(i + 1)) },
  { header: "Đơn vị", width: 200, align: "left", text: each((r) => r.unitName) },
  { header: "Số CB, CC, VC", width: 60, align: "right", whole: true, text: each((r) => formatNumber(r.headcount)) },
  { header: "Số người tham gia", width: 65, align: "right", whole: true, text: each((r) => formatNumber(r.participants)) },
  {
    header: "Tỷ lệ tham gia",
    width: 68,
    align: "right",
    whole: true,
    text: each((r) => (r.headcount > 0 ? `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format((r.participants / r.headcount) * 100)}%` : "")),
  },
  { header: "Giải", width: 72, align: "left", text: each((r) => PRIZE_TIER_LABELS[r.tier]) },
];

export const CELL_PADDING = 4;
export const TABLE_FONT_SIZE = 9.5;
const FOOTER_SPACE = 30;

/** How wide a text is in one of the table's fonts, in points. */
export type MeasureText = (text: string, font: "sans" | "sansBold") => number;

export const measureWith =
  (doc: PDFKit.PDFDocument): MeasureText =>
  (text, font) =>
    doc.font(font).fontSize(TABLE_FONT_SIZE).widthOfString(text);

/**
 * The columns' widths for these cells: each column at least as wide as its header's longest word
 * ("STT" must not break into "ST" / "T") and, for a `whole` column, its longest value; the room
 * this takes comes from the columns that can wrap, in proportion to what they can spare. The
 * widths still add up to the starting total.
 */
export function fitColumnWidths(
  columns: readonly { header: string; width: number; whole?: boolean }[],
  cells: readonly (readonly string[])[],
  measure: MeasureText,
): number[] {
  const widest = (texts: string[], font: "sans" | "sansBold") => Math.max(0, ...texts.map((t) => measure(t, font)));
  // A little slack: pdfkit wraps a word that fills its line to the last hundredth of a point.
  const least = columns.map((column, i) => {
    const header = widest(column.header.split(/\s+/), "sansBold");
    const values = column.whole ? widest([...cells[i]], "sans") : widest(cells[i].flatMap((t) => t.split(/\s+/)), "sans");
    return Math.ceil(Math.max(header, values) + 2 * CELL_PADDING + 1);
  });
  const widths = columns.map((column, i) => Math.max(column.width, least[i]));
  const excess = widths.reduce((sum, w) => sum + w, 0) - columns.reduce((sum, c) => sum + c.width, 0);
  if (excess <= 0) return widths;
  const spare = (i: number) => (columns[i].whole ? 0 : Math.max(0, widths[i] - least[i]));
  const totalSpare = columns.reduce((sum, _c, i) => sum + spare(i), 0);
  if (totalSpare <= 0) return widths;
  const take = Math.min(excess, totalSpare);
  return widths.map((w, i) => w - (spare(i) / totalSpare) * take);
}

function drawTable<R>(doc: PDFKit.PDFDocument, columns: readonly TableColumn<R>[], records: readonly R[]): void {
  const left = doc.page.margins.left;
  const bottom = () => doc.page.height - doc.page.margins.bottom - FOOTER_SPACE;
  const texts = columns.map((column) => column.text(records).map(nfc));
  const widths = fitColumnWidths(columns, texts, measureWith(doc));

  const rowHeight = (cells: string[], font: string) => {
    doc.font(font).fontSize(TABLE_FONT_SIZE);
    return Math.max(...cells.map((text, i) => doc.heightOfString(text || " ", { width: widths[i] - 2 * CELL_PADDING }))) + 2 * CELL_PADDING;
  };
  const drawRow = (cells: string[], font: string, y: number, height: number, shade: boolean) => {
    let x = left;
    cells.forEach((text, i) => {
      const width = widths[i];
      if (shade) doc.rect(x, y, width, height).fillAndStroke("#E8EEF7", "#555555");
      else doc.rect(x, y, width, height).stroke("#555555");
      doc
        .fillColor("#000000")
        .font(font)
        .fontSize(TABLE_FONT_SIZE)
        .text(text, x + CELL_PADDING, y + CELL_PADDING, { width: width - 2 * CELL_PADDING, align: shade ? "center" : columns[i].align, lineBreak: true });
      x += width;
    });
    doc.y = y + height; // text() moved the cursor; the next row starts under the tallest cell
  };
  const headerCells = columns.map((c) => c.header);
  const drawHeader = () => {
    const height = rowHeight(headerCells, "sansBold");
    drawRow(headerCells, "sansBold", doc.y, height, true);
  };

  doc.lineWidth(0.6);
  if (doc.y + rowHeight(headerCells, "sansBold") * 2 > bottom()) doc.addPage();
  drawHeader();
  records.forEach((_record, index) => {
    const cells = texts.map((column) => column[index]);
    const height = rowHeight(cells, "sans");
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawHeader(); // the header repeats on every page of the table
    }
    drawRow(cells, "sans", doc.y, height, false);
  });
  doc.x = left;
}

function officialHeading(doc: PDFKit.PDFDocument, organizer: string): void {
  const top = doc.page.margins.top;
  const left = doc.page.margins.left;
  const half = (doc.page.width - left - doc.page.margins.right) / 2;
  doc.font("sansBold").fontSize(10.5);
  doc.text(nfc(organizer.toUpperCase()), left, top, { width: half - 20, align: "center" });
  const leftBottom = doc.y;
  doc.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left + half - 20, top, { width: half + 20, align: "center" });
  doc.fontSize(11).text("Độc lập - Tự do - Hạnh phúc", { width: half + 20, align: "center" });
  const motto = doc.y;
  const center = left + half - 20 + (half + 20) / 2;
  doc.moveTo(center - 75, motto + 2).lineTo(center + 75, motto + 2).lineWidth(0.8).stroke("#000000");
  doc.y = Math.max(leftBottom, motto) + 24;
  doc.x = left;
}

/** The word a draft carries across each page. */
export const DRAFT_WATERMARK = "DỰ THẢO";

/**
 * "DỰ THẢO" in large, pale letters across the page's diagonal, over everything: a draft printed
 * and signed by mistake still says what it is.
 */
function draftWatermark(doc: PDFKit.PDFDocument): void {
  const { width, height } = doc.page;
  const angle = (-Math.atan2(height, width) * 180) / Math.PI;
  doc.save();
  const margins = doc.page.margins;
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }; // writing anywhere must not start a new page
  // Two thirds of the diagonal: across the page, clear of the corners and the border.
  const diagonal = Math.hypot(width, height);
  doc.font("sansBold").fontSize(100);
  doc.fontSize((100 * (diagonal * 0.62)) / doc.widthOfString(DRAFT_WATERMARK));
  const textWidth = doc.widthOfString(DRAFT_WATERMARK);
  const textHeight = doc.currentLineHeight();
  doc.rotate(angle, { origin: [width / 2, height / 2] });
  doc
    .fillColor(RED)
    .fillOpacity(0.14)
    .text(DRAFT_WATERMARK, width / 2 - textWidth / 2, height / 2 - textHeight / 2, { lineBreak: false });
  doc.page.margins = margins;
  doc.restore();
}

function pageNumbers(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc
      .font("sans")
      .fontSize(9)
      .fillColor("#444444")
      .text(`Trang ${i - range.start + 1}/${range.count}`, doc.page.margins.left, doc.page.height - bottomMargin + 10, {
        width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
        align: "center",
        lineBreak: false,
      });
    doc.page.margins.bottom = bottomMargin;
  }
}

/** "Danh sách đề nghị khen thưởng": A4, title block, tables with repeated headers, page numbers, signature block. */
export function buildCommendationPdf(document: CommendationDocument): Promise<Buffer> {
  return renderPdf(
    { size: "A4", margins: { top: 45, bottom: 45, left: 50, right: 50 }, bufferPages: true, info: { Title: nfc(`Danh sách đề nghị khen thưởng – ${document.contestTitle}`) } },
    (doc) => {
      officialHeading(doc, document.organizer);
      const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
      doc.font("sansBold").fontSize(14).fillColor("#000000").text("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", { width, align: "center" });
      doc.font("sans").fontSize(11.5).text(nfc(document.contestTitle), { width, align: "center" });
      if (document.scope) doc.font("sansItalic").fontSize(10.5).text(nfc(document.scope), { width, align: "center" });
      doc.moveDown(1);

      const collectives = document.collectives ?? [];
      if (collectives.length > 0) doc.font("sansBold").fontSize(11).text("I. CÁ NHÂN", { width }).moveDown(0.3);
      if (document.individuals.length > 0) drawTable(doc, INDIVIDUAL_COLUMNS, document.individuals);
      else doc.font("sansItalic").fontSize(10).text("Không có cá nhân được đề nghị khen thưởng.", { width });
      if (collectives.length > 0) {
        doc.moveDown(1);
        doc.font("sansBold").fontSize(11).text("II. TẬP THỂ", { width }).moveDown(0.3);
        drawTable(doc, COLLECTIVE_COLUMNS, collectives);
      }

      // Signature block: kept together on one page.
      const blockHeight = 110;
      if (doc.y + blockHeight > doc.page.height - doc.page.margins.bottom - FOOTER_SPACE) doc.addPage();
      doc.moveDown(1.2);
      const signX = doc.page.margins.left + width / 2;
      doc.font("sansItalic").fontSize(10.5).text(nfc(placeAndDate(document.place, document.date)), signX, doc.y, { width: width / 2, align: "center" });
      doc.font("sansBold").fontSize(11).text(nfc(document.signerTitle ?? "TRƯỞNG BAN TỔ CHỨC"), { width: width / 2, align: "center" });
      if (document.signerName) {
        doc.moveDown(4);
        doc.font("sansBold").fontSize(11).text(nfc(document.signerName), { width: width / 2, align: "center" });
      }
      pageNumbers(doc);
      if (document.draft) {
        const range = doc.bufferedPageRange();
        for (let i = range.start; i < range.start + range.count; i++) {
          doc.switchToPage(i);
          draftWatermark(doc);
        }
      }
    },
  );
}

// --- Certificates ------------------------------------------------------------------------------

export interface CertificateRecord {
  fullName: string;
  position: string | null;
  unitName: string;
  /** "Giải Nhất", "Giải Khuyến khích"… or a collective prize's label. */
  prize: string;
  /** "Số: 12/GCN-BTC", optional. */
  number?: string;
}

export interface CertificateDocument {
  /** The issuing body, top left: "BAN TỔ CHỨC CUỘC THI". */
  issuer: string;
  contestTitle: string;
  /** "Đợt 2", "Toàn cuộc thi"; optional. */
  scope?: string;
  place?: string;
  date: Date;
  signerTitle?: string;
  signerName?: string;
  certificates: readonly CertificateRecord[];
  /** A draft: "DỰ THẢO" across every certificate. */
  draft?: boolean;
}

const RED = "#9B1C1C";
const GOLD = "#B8860B";

function decorativeBorder(doc: PDFKit.PDFDocument): void {
  const { width, height } = doc.page;
  const outer = 22;
  const inner = 34;
  doc.save();
  doc.lineWidth(5).rect(outer, outer, width - 2 * outer, height - 2 * outer).stroke(RED);
  doc.lineWidth(1.2).rect(inner, inner, width - 2 * inner, height - 2 * inner).stroke(GOLD);
  doc.lineWidth(0.6).rect(inner + 5, inner + 5, width - 2 * (inner + 5), height - 2 * (inner + 5)).stroke(GOLD);
  // A diamond with a small square at each corner.
  for (const [x, y] of [
    [inner, inner],
    [width - inner, inner],
    [inner, height - inner],
    [width - inner, height - inner],
  ]) {
    doc
      .moveTo(x, y - 14)
      .lineTo(x + 14, y)
      .lineTo(x, y + 14)
      .lineTo(x - 14, y)
      .closePath()
      .fillAndStroke(RED, GOLD);
    doc.rect(x - 4, y - 4, 8, 8).fill(GOLD);
  }
  // Small diamonds along the top and bottom edges, between the corners.
  for (let x = inner + 60; x < width - inner - 40; x += 60) {
    for (const y of [inner, height - inner]) {
      doc.moveTo(x, y - 4).lineTo(x + 4, y).lineTo(x, y + 4).lineTo(x - 4, y).closePath().fill(GOLD);
    }
  }
  doc.restore();
}

function certificatePage(doc: PDFKit.PDFDocument, document: CertificateDocument, certificate: CertificateRecord): void {
  decorativeBorder(doc);
  const left = 70;
  const width = doc.page.width - 2 * left;
  const half = width / 2;

  doc.fillColor("#000000").font("serifBold").fontSize(11);
  doc.text(nfc(document.issuer.toUpperCase()), left, 60, { width: half - 20, align: "center" });
  if (certificate.number) doc.font("serif").fontSize(10.5).text(nfc(certificate.number), { width: half - 20, align: "center" });
  doc.font("serifBold").fontSize(11).text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", left + half - 20, 60, { width: half + 20, align: "center" });
  doc.fontSize(11.5).text("Độc lập - Tự do - Hạnh phúc", { width: half + 20, align: "center" });
  const center = left + half - 20 + (half + 20) / 2;
  doc.moveTo(center - 80, doc.y + 2).lineTo(center + 80, doc.y + 2).lineWidth(0.8).stroke("#000000");

  doc.font("serifBold").fontSize(40).fillColor(RED).text("GIẤY CHỨNG NHẬN", left, 140, { width, align: "center" });
  doc.moveDown(0.3);
  doc.font("serif").fontSize(14).fillColor("#000000").text(nfc(`Ban Tổ chức ${document.contestTitle}`), { width, align: "center" });
  doc.font("serifItalic").fontSize(13).text("chứng nhận", { width, align: "center" });
  doc.moveDown(0.4);
  doc.font("serifBold").fontSize(26).fillColor("#1F3A68").text(nfc(certificate.fullName), { width, align: "center" });
  doc.moveDown(0.2);
  doc.font("serif").fontSize(13).fillColor("#000000");
  if (certificate.position) doc.text(nfc(`Chức vụ: ${certificate.position}`), { width, align: "center" });
  doc.text(nfc(`Đơn vị: ${certificate.unitName}`), { width, align: "center" });
  doc.moveDown(0.5);
  doc.font("serifBold").fontSize(22).fillColor(RED).text(nfc(`Đã đạt ${certificate.prize}`), { width, align: "center" });
  doc.font("serif").fontSize(13).fillColor("#000000").text(nfc(document.scope ? `${document.contestTitle} – ${document.scope}` : document.contestTitle), { width, align: "center" });

  const signX = left + half;
  const signY = doc.page.height - 175;
  doc.font("serifItalic").fontSize(12).text(nfc(placeAndDate(document.place, document.date)), signX, signY, { width: half, align: "center" });
  doc.font("serifBold").fontSize(12.5).text(nfc(document.signerTitle ?? "TRƯỞNG BAN TỔ CHỨC"), { width: half, align: "center" });
  if (document.signerName) doc.font("serifBold").fontSize(13).text(nfc(document.signerName), signX, doc.page.height - 90, { width: half, align: "center" });
}

/** One A4 landscape page per prize-winner, in the order given. */
export function buildCertificatesPdf(document: CertificateDocument): Promise<Buffer> {
  return renderPdf(
    { size: "A4", layout: "landscape", margins: { top: 0, bottom: 0, left: 0, right: 0 }, autoFirstPage: false, info: { Title: nfc(`Giấy chứng nhận – ${document.contestTitle}`) } },
    (doc) => {
      for (const certificate of document.certificates) {
        doc.addPage({ size: "A4", layout: "landscape", margins: { top: 0, bottom: 0, left: 0, right: 0 } });
        certificatePage(doc, document, certificate);
        if (document.draft) draftWatermark(doc);
      }
    },
  );
}
