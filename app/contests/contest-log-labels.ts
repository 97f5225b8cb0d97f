// How each contest-log action reads to an organizer (shared with the browser).
export const LOG_ACTION_LABELS: Record<string, string> = {
  "contest.created": "Tạo cuộc thi",
  "contest.updated": "Sửa thông tin cuộc thi",
  "contest.published": "Công bố cuộc thi",
  "contest.unpublished": "Chuyển cuộc thi về bản nháp",
  "contest.banner": "Đổi ảnh bìa",
  "group.created": "Thêm bảng thi",
  "group.updated": "Sửa bảng thi",
  "round.created": "Thêm đợt thi",
  "round.updated": "Sửa đợt thi",
  "round.opened": "Mở đợt thi ngay",
  "round.closed": "Đóng đợt thi sớm",
  "round.prediction_computed": "Tính đáp án câu hỏi dự đoán",
  "incident.extra_entry": "Cấp thêm lượt thi",
  "incident.extra_time": "Cấp thêm thời gian",
  "incident.reopen_entry": "Mở lại bài thi bị gián đoạn",
  "entry.preview_started": "Làm bài xem thử (không tính điểm)",
  "par.rule_saved": "Đặt quy tắc điểm Chỉ số CCHC (PAR INDEX)",
  "awards.prize_structure": "Đặt cơ cấu giải thưởng",
  "awards.disqualified_entry": "Loại một bài thi khỏi xét giải",
  "awards.disqualified_person": "Loại một người khỏi xét giải",
  "awards.disqualification_revoked": "Huỷ quyết định loại",
  "awards.tie_decided": "Quyết định trường hợp bằng điểm",
  "results.published": "Công bố kết quả",
  "results.republished": "Công bố lại kết quả (đính chính)",
  "results.correction_opened": "Mở lại kết quả để đính chính",
};

// The facts of a log entry worth showing, in Vietnamese. Ids that mean nothing to a reader and
// whole nested records (a prize structure, a rule before/after) are left to the database.
const DETAIL_LABELS: Record<string, string> = {
  title: "Tên",
  slug: "Địa chỉ",
  name: "Tên",
  number: "Đợt số",
  minutes: "Số phút",
  units: "Số đơn vị",
  openToPublic: "Mở cho người dân",
  rankingPublic: "Công khai bảng xếp hạng",
  removed: "Đã gỡ",
  version: "Lần công bố",
  scopes: "Phạm vi",
  entryId: "Bài thi số",
  userId: "Người dự thi số",
  kind: "Loại",
  order: "Thứ tự",
};

/** "Nhãn: giá trị" lines for a log entry's details; values that are records are not shown. */
export function describeLogDetails(details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(details)) {
    const label = DETAIL_LABELS[key];
    if (!label || value === null || value === undefined) continue;
    if (typeof value === "boolean") lines.push(`${label}: ${value ? "có" : "không"}`);
    else if (typeof value === "string" || typeof value === "number") lines.push(`${label}: ${value}`);
    else if (Array.isArray(value) && value.every((v) => typeof v === "string" || typeof v === "number")) lines.push(`${label}: ${value.join(", ")}`);
  }
  return lines;
}
