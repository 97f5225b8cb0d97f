import { unitKindLabel } from "./tree-edits";

// How each unit event reads to an organizer (shared with the browser).

export const UNIT_EVENT_LABELS: Record<string, string> = {
  "unit.created": "Thêm đơn vị",
  "unit.edited": "Sửa thông tin đơn vị",
  "unit.moved": "Chuyển đơn vị",
  "unit.merged": "Sáp nhập vào đơn vị khác",
  "unit.received": "Nhận đơn vị sáp nhập",
  "unit.retired": "Ngừng hoạt động",
  "import.created": "Thêm đơn vị khi nhập tệp",
  "import.updated": "Cập nhật đơn vị khi nhập tệp",
  "import.applied": "Nhập cây đơn vị từ tệp Excel",
  "roster.imported": "Nhập danh sách cán bộ",
};

type Ref = { code?: string; name?: string } | null | undefined;
const ref = (value: unknown) => {
  const unit = value as Ref;
  return unit ? `“${unit.name ?? ""}” (${unit.code ?? ""})` : "cấp cao nhất";
};
const num = (value: unknown) => (typeof value === "number" ? value.toLocaleString("vi-VN") : "0");
const FIELD_LABELS: Record<string, string> = { name: "Tên", kind: "Loại", headcount: "Biên chế", parent: "Cấp trên" };
const show = (field: string, value: unknown) => (field === "kind" && typeof value === "string" ? unitKindLabel(value) : field === "parent" ? ref(value) : String(value ?? ""));

/** One line saying what changed, from an event's details. */
export function describeUnitEvent(action: string, details: Record<string, unknown>): string {
  switch (action) {
    case "unit.created":
      return `Mã ${String(details.code ?? "")}, thuộc ${ref(details.parent)}, biên chế ${num(details.headcount)}`;
    case "unit.edited":
    case "import.updated": {
      const changes = (action === "unit.edited" ? details : details.changes) as Record<string, { from: unknown; to: unknown }> | undefined;
      return Object.entries(changes ?? {})
        .map(([field, change]) => `${FIELD_LABELS[field] ?? field}: ${show(field, change.from)} → ${show(field, change.to)}`)
        .join("; ");
    }
    case "unit.moved":
      return `Từ ${ref(details.from)} sang ${ref(details.to)} (${num(details.subtreeSize)} đơn vị kể cả đơn vị trực thuộc)`;
    case "unit.merged":
    case "unit.received": {
      const other = action === "unit.merged" ? `Vào ${ref(details.into)}` : `Từ ${ref(details.from)}`;
      return `${other}: ${num(details.people)} người dùng, ${num(details.children)} đơn vị trực thuộc, ${num(details.audiences)} bảng thi, ${num(details.contests)} cuộc thi, biên chế ${num(details.headcount)}`;
    }
    case "import.created":
      return `Mã ${String(details.code ?? "")}, thuộc ${ref(details.parent)}, biên chế ${num(details.headcount)}`;
    case "import.applied":
      return `Tệp ${String(details.fileName ?? "")}: ${num(details.created)} đơn vị mới, ${num(details.updated)} đơn vị cập nhật, ${num(details.unchanged)} giữ nguyên, ${num(details.absent)} không có trong tệp`;
    case "roster.imported":
      return `Tệp ${String(details.fileName ?? "")}: ${num(details.added)} người thêm, ${num(details.changed)} thay đổi, ${num(details.removed)} bỏ khỏi danh sách, ${num(details.unchanged)} giữ nguyên; danh sách có ${num(details.size)} người`;
    default:
      return "";
  }
}
