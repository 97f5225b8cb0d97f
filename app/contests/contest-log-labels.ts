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
  "par.rule_saved": "Đặt quy tắc điểm Chỉ số CCHC (PAR INDEX)",
};
