import { describe, expect, it } from "vitest";
import { errorPageText } from "./error-pages";

describe("error page text", () => {
  it.each([
    [400, "Yêu cầu không hợp lệ"],
    [403, "Không có quyền truy cập"],
    [404, "Không tìm thấy trang"],
    [409, "Không thực hiện được"],
    [413, "Dữ liệu quá lớn"],
    [429, "Quá nhiều yêu cầu"],
    [500, "Đã có lỗi xảy ra"],
    [503, "Hệ thống đang bận"],
  ])("a %i has its own title and a message", (status, title) => {
    const text = errorPageText(status);
    expect(text.title).toBe(title);
    expect(text.message.length).toBeGreaterThan(10);
  });

  it("shows the refusal's own message under the status title", () => {
    expect(errorPageText(404, "Không tìm thấy cuộc thi.")).toEqual({ title: "Không tìm thấy trang", message: "Không tìm thấy cuộc thi." });
    expect(errorPageText(403, "  ")).toEqual(errorPageText(403));
  });

  it("never echoes what a server error carries", () => {
    expect(errorPageText(500, "relation \"users\" does not exist")).toEqual(errorPageText(null));
    expect(errorPageText(null, "TypeError: x is undefined").message).not.toContain("TypeError");
  });

  it("an unlisted client error reads as a bad request, with its own message", () => {
    expect(errorPageText(422, "Tệp không đọc được.")).toEqual({ title: "Yêu cầu không hợp lệ", message: "Tệp không đọc được." });
  });
});

describe("a deliberate 503", () => {
  it("keeps its own words", () => {
    expect(errorPageText(503, "Hệ thống đang bận, vui lòng thử lại.").message).toBe("Hệ thống đang bận, vui lòng thử lại.");
  });
});
