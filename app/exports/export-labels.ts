import type { ParIndexLine } from "~/awards/par-index";
import type { ExportJobKind, ExportJobStatus } from "~/database/schema";

// How exports read to people (shared with the browser).
export const EXPORT_KIND_LABELS: Record<ExportJobKind, string> = {
  ranking: "Bảng xếp hạng cá nhân",
  units: "Bảng tham gia theo đơn vị",
  par: "Điểm Chỉ số CCHC (PAR INDEX) theo đơn vị",
};

export const EXPORT_STATUS_LABELS: Record<ExportJobStatus, string> = {
  queued: "Đang chờ",
  running: "Đang xuất",
  done: "Đã xong",
  failed: "Không thành công",
};

export const PAR_LINE_LABELS: Record<ParIndexLine, string> = {
  "none-participated": "Không có ai tham gia",
  bonus: "Đạt tỷ lệ được cộng điểm",
  penalty: "Dưới tỷ lệ bị trừ điểm",
  neutral: "Không cộng, không trừ",
  "no-headcount": "Chưa có số cán bộ",
};
