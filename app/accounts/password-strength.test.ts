import { describe, expect, it } from "vitest";
import { strengthHint } from "./password-strength";

const level = (password: string, personal = {}) => strengthHint(password, personal)?.level ?? null;

describe("the strength hint", () => {
  it("says nothing before anything is typed", () => {
    expect(strengthHint("")).toBeNull();
  });

  it("counts down the characters still missing, then stops at 8", () => {
    expect(strengthHint("abc")).toEqual({ level: "short", text: "Quá ngắn: cần thêm 5 ký tự nữa." });
    expect(strengthHint("Đồng Th")).toEqual({ level: "short", text: "Quá ngắn: cần thêm 1 ký tự nữa." });
    expect(level("Đồng Thá")).not.toBe("short");
  });

  it("warns past 72 bytes", () => {
    expect(level("ệ".repeat(25))).toBe("long");
    expect(strengthHint("ệ".repeat(25))?.text).toContain("72 ký tự không dấu");
  });

  it("names the most common passwords, in any form, and runs of characters", () => {
    for (const password of ["matkhau123", "Mật khẩu 123", "password", "Password1", "anh yêu em", "iloveyou", "thitimhieu"]) {
      expect({ password, hint: strengthHint(password) }).toEqual({ password, hint: { level: "refused", text: "Mật khẩu quá phổ biến: rất dễ bị đoán." } });
    }
    expect(strengthHint("12345678")).toEqual({ level: "refused", text: "Ký tự lặp lại hoặc liên tiếp: rất dễ bị đoán." });
  });

  it("warns about the person's own login and name", () => {
    expect(strengthHint("0912345678xyz", { login: "0912345678" })?.text).toBe("Không nên dùng email hoặc số điện thoại của bạn trong mật khẩu.");
    expect(strengthHint("Nguyễn Thị Hoa 1990", { fullName: "Nguyễn Thị Hoa" })?.text).toBe("Không nên dùng họ và tên của bạn trong mật khẩu.");
  });

  it("grades by length and variety: weak, fair, strong", () => {
    expect(level("hoctap12")).toBe("weak");
    expect(level("aaaaaaab")).toBe("weak");
    expect(level("xuongrongnohoa")).toBe("fair");
    expect(level("Hoctap2026")).toBe("fair");
    expect(level("xuong rong no hoa")).toBe("strong");
    expect(level("Chim én bay về phương nam")).toBe("strong");
    expect(strengthHint("xuong rong no hoa")?.text).toBe("Mạnh.");
  });
});
