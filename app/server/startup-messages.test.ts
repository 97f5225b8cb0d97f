import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS } from "~/demo/seed-demo.server";
import { demoAccountLines, startupErrorMessage, workerExitReason } from "./startup-messages";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("what npm start prints", () => {
  it("lists the demo accounts by the role's Vietnamese name, in a column", () => {
    const lines = demoAccountLines(DEMO_ACCOUNTS);
    expect(lines).toEqual([
      "  Quản trị hệ thống  quantri@demo.cchc.vn",
      "  Ban tổ chức        bantochuc@demo.cchc.vn",
      "  Lãnh đạo           lanhdao@demo.cchc.vn",
      "  Thí sinh           thisinh@demo.cchc.vn",
    ]);
    for (const line of lines) expect(line).not.toMatch(/admin|organizer|leader|contestant/);
  });

  it.each([
    [null, "SIGKILL", "bị buộc dừng"],
    [null, "SIGTERM", "bị yêu cầu dừng"],
    [null, "SIGUSR2", "bị hệ điều hành dừng"],
    [1, null, "thoát với mã 1"],
    [null, null, "thoát với mã không rõ"],
  ])("says why a worker ended (code %s, signal %s)", (code, signal, expected) => {
    expect(workerExitReason(code, signal)).toBe(expected);
  });

  it.each([
    [withCode("listen EADDRINUSE: address already in use 127.0.0.1:3000", "EADDRINUSE"), "Cổng 3000 đang được một chương trình khác dùng"],
    [withCode("listen EACCES: permission denied 0.0.0.0:80", "EACCES"), "Không được phép mở cổng 3000"],
    [withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "Không kết nối được tới máy chủ cơ sở dữ liệu"],
    [withCode('password authentication failed for user "cchc"', "28P01"), "từ chối đăng nhập"],
    [withCode('database "cchc" does not exist', "3D000"), "chưa được tạo"],
  ])("explains a common failure to start in Vietnamese: %s", (error, expected) => {
    const message = startupErrorMessage(error, { port: 3000 });
    expect(message).toContain(expected);
    expect(message).not.toMatch(/EADDRINUSE|EACCES|ECONNREFUSED|password|database|listen/);
  });

  it("keeps a Vietnamese message as it is, and puts a Vietnamese lead before any other", () => {
    expect(startupErrorMessage(new Error("Số tiến trình ứng dụng phải là số nguyên từ 1 đến 64 (đang đặt: 0)."))).toBe("Số tiến trình ứng dụng phải là số nguyên từ 1 đến 64 (đang đặt: 0).");
    expect(startupErrorMessage(new Error("boom"))).toBe("Không khởi động được ứng dụng. Chi tiết kỹ thuật: boom");
    expect(startupErrorMessage("lạ")).toBe("lạ");
  });
});
