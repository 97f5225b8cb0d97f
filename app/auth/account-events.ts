// What the account log records, and how each kind reads in the admin's page. Pure.

export const ACCOUNT_EVENT_LABELS = {
  login: "Đăng nhập",
  login_failed: "Đăng nhập sai",
  login_throttled: "Đăng nhập bị tạm chặn",
  logout: "Đăng xuất",
  logout_everywhere: "Đăng xuất khỏi mọi thiết bị",
  session_ended: "Kết thúc một phiên đăng nhập",
  registered: "Đăng ký tài khoản",
  register_throttled: "Đăng ký bị tạm chặn",
  password_changed: "Đổi mật khẩu",
  password_reset_requested: "Yêu cầu đặt lại mật khẩu",
  password_reset: "Đặt lại mật khẩu",
  reset_code_issued: "Cấp mã đặt lại mật khẩu",
  role_changed: "Đổi vai trò",
  accounts_created: "Tạo tài khoản hàng loạt",
  personal_data_downloaded: "Tải dữ liệu cá nhân",
} as const;

export type AccountEventKind = keyof typeof ACCOUNT_EVENT_LABELS;

export const ACCOUNT_EVENT_KINDS = Object.keys(ACCOUNT_EVENT_LABELS) as AccountEventKind[];

export function isAccountEventKind(value: string): value is AccountEventKind {
  return Object.hasOwn(ACCOUNT_EVENT_LABELS, value);
}

const DETAIL_LABELS: Record<string, string> = {
  reason: "Lý do",
  from: "Từ vai trò",
  to: "Sang vai trò",
  count: "Số lượng",
  file: "Tệp",
  wait: "Phải chờ",
  ended: "Số phiên kết thúc",
  contest: "Cuộc thi",
  via: "Cách thức",
  outcome: "Kết quả",
};

/** The details of an event as "Nhãn: giá trị" lines; keys without a label are not shown. */
export function accountEventDetailLines(details: Record<string, unknown>): string[] {
  return Object.entries(details)
    .filter(([key, value]) => DETAIL_LABELS[key] !== undefined && value !== null && value !== undefined && value !== "")
    .map(([key, value]) => `${DETAIL_LABELS[key]}: ${String(value)}`);
}
