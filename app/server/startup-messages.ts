import { ROLE_LABELS } from "~/auth/roles";
import type { Role } from "~/database/schema";

// What `npm start` prints, in Vietnamese for whoever runs it: no role codes, setting names,
// folders or the English of Node and PostgreSQL. Pure, so every line can be checked in a test.

/** "  Ban tổ chức        bantochuc@demo.cchc.vn": the demo accounts, by the role's Vietnamese name. */
export function demoAccountLines(accounts: readonly { role: Role; email: string }[]): string[] {
  const width = Math.max(...accounts.map((account) => ROLE_LABELS[account.role].length));
  return accounts.map((account) => `  ${ROLE_LABELS[account.role].padEnd(width)}  ${account.email}`);
}

const SIGNALS: Record<string, string> = {
  SIGTERM: "bị yêu cầu dừng",
  SIGINT: "bị ngắt",
  SIGKILL: "bị buộc dừng",
  SIGSEGV: "gặp lỗi truy cập bộ nhớ",
  SIGABRT: "tự hủy do lỗi nghiêm trọng",
  SIGHUP: "mất kết nối điều khiển",
};

/** Why a worker process ended, for the supervisor's line about it. */
export function workerExitReason(code: number | null, signal: string | null): string {
  if (signal) return SIGNALS[signal] ?? "bị hệ điều hành dừng";
  return `thoát với mã ${code ?? "không rõ"}`;
}

/**
 * The reason the app could not start, in Vietnamese. The common causes get a sentence that says
 * what to do; anything else keeps its own text after a Vietnamese lead, since that text is all
 * there is to go on.
 */
export function startupErrorMessage(error: unknown, context: { port?: number } = {}): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "EADDRINUSE":
      return `${context.port ? `Cổng ${context.port}` : "Cổng mạng"} đang được một chương trình khác dùng: hãy dừng chương trình đó hoặc chọn cổng khác.`;
    case "EACCES":
      return `Không được phép mở ${context.port ? `cổng ${context.port}` : "cổng mạng"}: hãy chọn cổng từ 1024 trở lên.`;
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
      return "Không kết nối được tới máy chủ cơ sở dữ liệu: hãy kiểm tra máy chủ PostgreSQL đang chạy và địa chỉ kết nối.";
    case "28P01":
    case "28000":
      return "Máy chủ cơ sở dữ liệu từ chối đăng nhập: hãy kiểm tra tên người dùng và mật khẩu trong địa chỉ kết nối.";
    case "3D000":
      return "Cơ sở dữ liệu trong địa chỉ kết nối chưa được tạo trên máy chủ PostgreSQL.";
    default:
      // Our own messages are Vietnamese already; a foreign one is kept, behind a Vietnamese lead.
      return /[\u00c0-\u1ef9]/.test(text) ? text : `Không khởi động được ứng dụng. Chi tiết kỹ thuật: ${text}`;
  }
}
