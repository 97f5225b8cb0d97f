// Which downloads carry other people's personal data (names, positions, scores), so that each
// one is written to the account log. Pure: the Express middleware asks it for every response.

const PERSONAL_DATA_DOWNLOADS: { pattern: RegExp; label: string }[] = [
  { pattern: /^\/quan-ly\/xuat\/[^/]+\/tai-ve\/?$/, label: "Tệp xuất bảng xếp hạng hoặc điểm đơn vị" },
  { pattern: /^\/quan-ly\/cuoc-thi\/\d+\/khen-thuong\/de-nghi\.xlsx$/, label: "Danh sách đề nghị khen thưởng (Excel)" },
  { pattern: /^\/quan-ly\/cuoc-thi\/\d+\/khen-thuong\/de-nghi\.pdf$/, label: "Danh sách đề nghị khen thưởng (PDF)" },
  { pattern: /^\/quan-ly\/cuoc-thi\/\d+\/khen-thuong\/giay-chung-nhan\.pdf$/, label: "Giấy chứng nhận của người đạt giải" },
  { pattern: /^\/quan-ly\/cuoc-thi\/\d+\/khen-thuong\/in\/?$/, label: "Bản in danh sách khen thưởng" },
];

/** What a successful GET of this path hands over, in words; null when it carries no one else's personal data. */
export function personalDataDownload(pathname: string): string | null {
  return PERSONAL_DATA_DOWNLOADS.find((d) => d.pattern.test(pathname))?.label ?? null;
}
