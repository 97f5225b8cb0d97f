import type { Writable } from "node:stream";
import { PRIZE_TIER_LABELS, type PrizeTier } from "~/awards/places";
import { type AnySheet, type ExportColumn, type ExportSheet, type StreamOptions, buildWorkbook, streamWorkbook } from "./xlsx-sheet.server";

// The three tables leaders sign or file, as .xlsx: the individual ranking, the participation of
// units, and the proposal for commendation. Records are plain shapes the caller maps its query
// rows into; nothing here reads the database.

/** Lines above a table: who organizes, which contest, which round or group. */
export interface DocumentHeading {
  /** E.g. "UBND TỈNH HẬU GIANG – SỞ NỘI VỤ"; optional. */
  organizer?: string;
  contestTitle: string;
  /** E.g. "Đợt 2 (từ 01/11/2026 đến 07/11/2026) – Bảng A". */
  scope?: string;
}

export interface RankingRecord {
  rank: number;
  fullName: string;
  /** Chức vụ; may be unknown. */
  position: string | null;
  unitName: string;
  score: number;
  /** |prediction − truth|; null unknown; Infinity without a prediction. */
  predictionDistance?: number | null;
  durationMs: number;
  finishedAt: Date;
}

export interface UnitParticipationRecord {
  unitName: string;
  /** Depth in the tree under the table's root, for indenting (0 = the root). */
  depth?: number;
  headcount: number;
  participants: number;
  entries: number;
  /** PAR-index points when the table carries them. */
  parPoints?: number;
  parExplanation?: string;
}

export interface CommendationRecord {
  fullName: string;
  position: string | null;
  unitName: string;
  /** null where the reader may not read the person's details. */
  score: number | null;
  durationMs: number | null;
  tier: PrizeTier;
}

export interface CollectiveCommendationRecord {
  unitName: string;
  headcount: number;
  participants: number;
  tier: PrizeTier;
}

const headingLines = (heading: DocumentHeading, title: string): string[] =>
  [heading.organizer, title, heading.contestTitle, heading.scope].filter((line): line is string => Boolean(line && line.trim()));

const counter = <R>(): ExportColumn<R> => ({ header: "STT", width: 6, format: "integer", value: (_record, index) => index + 1, align: "center" });

// --- Individual ranking ------------------------------------------------------------------------

export const RANKING_HEADERS = ["Hạng", "Họ và tên", "Chức vụ", "Đơn vị", "Điểm", "Sai số dự đoán", "Thời gian làm bài", "Nộp bài lúc"] as const;

export function rankingSheet(heading: DocumentHeading, rows: AsyncIterable<RankingRecord> | Iterable<RankingRecord>): ExportSheet<RankingRecord> {
  return {
    name: "Xếp hạng cá nhân",
    titleLines: headingLines(heading, "BẢNG XẾP HẠNG CÁ NHÂN"),
    landscape: true,
    rows,
    columns: [
      { header: RANKING_HEADERS[0], width: 7, format: "integer", value: (r) => r.rank, align: "center" },
      { header: RANKING_HEADERS[1], width: 28, format: "text", value: (r) => r.fullName },
      { header: RANKING_HEADERS[2], width: 22, format: "text", value: (r) => r.position, wrap: true },
      { header: RANKING_HEADERS[3], width: 40, format: "text", value: (r) => r.unitName, wrap: true },
      { header: RANKING_HEADERS[4], width: 9, format: "score", value: (r) => r.score },
      {
        header: RANKING_HEADERS[5],
        width: 14,
        format: "integer",
        // Without a prediction: a dash, shown as text (neutralised, so it cannot start a formula).
        value: (r) => (r.predictionDistance === null || r.predictionDistance === undefined ? null : Number.isFinite(r.predictionDistance) ? r.predictionDistance : "Không dự đoán"),
      },
      { header: RANKING_HEADERS[6], width: 14, format: "duration", value: (r) => r.durationMs },
      { header: RANKING_HEADERS[7], width: 21, format: "datetime", value: (r) => r.finishedAt },
    ],
  };
}

// --- Unit participation ------------------------------------------------------------------------

export const PARTICIPATION_HEADERS = ["STT", "Đơn vị", "Số CB, CC, VC", "Số người tham gia", "Tỷ lệ tham gia", "Số lượt thi"] as const;
export const PAR_INDEX_HEADERS = ["Điểm Chỉ số CCHC", "Căn cứ tính điểm"] as const;

export function participationSheet(
  heading: DocumentHeading,
  rows: AsyncIterable<UnitParticipationRecord> | Iterable<UnitParticipationRecord>,
  options: { withParIndex?: boolean } = {},
): ExportSheet<UnitParticipationRecord> {
  const columns: ExportColumn<UnitParticipationRecord>[] = [
    counter(),
    { header: PARTICIPATION_HEADERS[1], width: 46, format: "text", value: (r) => r.unitName, wrap: true, indent: (r) => r.depth ?? 0 },
    { header: PARTICIPATION_HEADERS[2], width: 13, format: "integer", value: (r) => r.headcount },
    { header: PARTICIPATION_HEADERS[3], width: 13, format: "integer", value: (r) => r.participants },
    { header: PARTICIPATION_HEADERS[4], width: 13, format: "percent", value: (r) => (r.headcount > 0 ? r.participants / r.headcount : null) },
    { header: PARTICIPATION_HEADERS[5], width: 12, format: "integer", value: (r) => r.entries },
  ];
  if (options.withParIndex) {
    columns.push(
      { header: PAR_INDEX_HEADERS[0], width: 12, format: "score", value: (r) => r.parPoints ?? null },
      { header: PAR_INDEX_HEADERS[1], width: 60, format: "text", value: (r) => r.parExplanation ?? null, wrap: true },
    );
  }
  return {
    name: "Tham gia theo đơn vị",
    titleLines: headingLines(heading, options.withParIndex ? "BẢNG TỔNG HỢP THAM GIA VÀ ĐIỂM CHỈ SỐ CCHC THEO ĐƠN VỊ" : "BẢNG TỔNG HỢP THAM GIA THEO ĐƠN VỊ"),
    landscape: Boolean(options.withParIndex),
    rows,
    columns,
  };
}

// --- Commendation proposal ---------------------------------------------------------------------

export const COMMENDATION_HEADERS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điểm", "Thời gian", "Giải"] as const;
export const COLLECTIVE_COMMENDATION_HEADERS = ["STT", "Đơn vị", "Số CB, CC, VC", "Số người tham gia", "Tỷ lệ tham gia", "Giải"] as const;

export function commendationSheet(heading: DocumentHeading, rows: Iterable<CommendationRecord> | AsyncIterable<CommendationRecord>): ExportSheet<CommendationRecord> {
  return {
    name: "Khen thưởng cá nhân",
    titleLines: headingLines(heading, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG CÁ NHÂN"),
    landscape: true,
    rows,
    columns: [
      counter(),
      { header: COMMENDATION_HEADERS[1], width: 28, format: "text", value: (r) => r.fullName },
      { header: COMMENDATION_HEADERS[2], width: 24, format: "text", value: (r) => r.position, wrap: true },
      { header: COMMENDATION_HEADERS[3], width: 40, format: "text", value: (r) => r.unitName, wrap: true },
      { header: COMMENDATION_HEADERS[4], width: 9, format: "score", value: (r) => r.score },
      { header: COMMENDATION_HEADERS[5], width: 11, format: "duration", value: (r) => r.durationMs },
      { header: COMMENDATION_HEADERS[6], width: 18, format: "text", value: (r) => PRIZE_TIER_LABELS[r.tier] },
    ],
  };
}

export function collectiveCommendationSheet(
  heading: DocumentHeading,
  rows: Iterable<CollectiveCommendationRecord>,
): ExportSheet<CollectiveCommendationRecord> {
  return {
    name: "Khen thưởng tập thể",
    titleLines: headingLines(heading, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG TẬP THỂ"),
    rows,
    columns: [
      counter(),
      { header: COLLECTIVE_COMMENDATION_HEADERS[1], width: 46, format: "text", value: (r) => r.unitName, wrap: true },
      { header: COLLECTIVE_COMMENDATION_HEADERS[2], width: 13, format: "integer", value: (r) => r.headcount },
      { header: COLLECTIVE_COMMENDATION_HEADERS[3], width: 13, format: "integer", value: (r) => r.participants },
      { header: COLLECTIVE_COMMENDATION_HEADERS[4], width: 13, format: "percent", value: (r) => (r.headcount > 0 ? r.participants / r.headcount : null) },
      { header: COLLECTIVE_COMMENDATION_HEADERS[5], width: 18, format: "text", value: (r) => PRIZE_TIER_LABELS[r.tier] },
    ],
  };
}

// --- Whole files -------------------------------------------------------------------------------

/** The ranking, streamed into `output` (large contests): progress is reported per batch of rows. */
export function streamRankingWorkbook(
  output: Writable,
  heading: DocumentHeading,
  rows: AsyncIterable<RankingRecord> | Iterable<RankingRecord>,
  options: StreamOptions = {},
): Promise<number[]> {
  return streamWorkbook(output, [rankingSheet(heading, rows)], options);
}

export function streamParticipationWorkbook(
  output: Writable,
  heading: DocumentHeading,
  rows: AsyncIterable<UnitParticipationRecord> | Iterable<UnitParticipationRecord>,
  options: StreamOptions & { withParIndex?: boolean } = {},
): Promise<number[]> {
  return streamWorkbook(output, [participationSheet(heading, rows, options)], options);
}

/** The proposal for commendation: individuals, then (when given) units, each on its own sheet. */
export function buildCommendationWorkbook(
  heading: DocumentHeading,
  individuals: readonly CommendationRecord[],
  collectives: readonly CollectiveCommendationRecord[] = [],
): Promise<Buffer> {
  const sheets: AnySheet[] = [commendationSheet(heading, individuals)];
  if (collectives.length > 0) sheets.push(collectiveCommendationSheet(heading, collectives));
  return buildWorkbook(sheets);
}

export function buildRankingWorkbook(heading: DocumentHeading, rows: Iterable<RankingRecord>): Promise<Buffer> {
  return buildWorkbook([rankingSheet(heading, rows)]);
}

export function buildParticipationWorkbook(heading: DocumentHeading, rows: Iterable<UnitParticipationRecord>, options: { withParIndex?: boolean } = {}): Promise<Buffer> {
  return buildWorkbook([participationSheet(heading, rows, options)]);
}
