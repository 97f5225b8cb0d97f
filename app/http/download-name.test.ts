import { describe, expect, it } from "vitest";
import { asciiFileName, attachment, downloadFileName, fileNameDate } from "./download-name";

/** The name a browser saves the file under: filename* decoded (every current browser reads it). */
const savedName = (header: string) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(header)![1]);

describe("a download's file name", () => {
  const name = "Bảng xếp hạng cá nhân - Cuộc thi tìm hiểu CCHC (2026) - Đợt 1 Tuần đầu.xlsx";

  it("keeps the Vietnamese name in filename* (RFC 5987) and gives an unaccented fallback", () => {
    const header = attachment(name);
    expect(header).toBe(`attachment; filename="bang-xep-hang-ca-nhan-cuoc-thi-tim-hieu-cchc-2026-dot-1-tuan-dau.xlsx"; filename*=UTF-8''${encodeURIComponent(name).replace("(", "%28").replace(")", "%29")}`);
    expect(savedName(header)).toBe(name);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
    expect(encoded).not.toMatch(/['()*\s"]/);
    // The whole header is ASCII: nothing a proxy or an old client could mangle.
    expect(header).toMatch(/^[\x20-\x7e]+$/);
  });

  it("stores the name composed (NFC), whatever form it came in", () => {
    const decomposed = "Mẫu nhập câu hỏi.xlsx".normalize("NFD");
    expect(savedName(attachment(decomposed))).toBe("Mẫu nhập câu hỏi.xlsx");
  });

  it("joins the parts with dashes, drops empty ones and what a file name cannot hold", () => {
    expect(downloadFileName(["Đề nghị khen thưởng", "Cuộc thi: CCHC/2026", null, "", "Dự thảo"], "pdf")).toBe("Đề nghị khen thưởng - Cuộc thi CCHC 2026 - Dự thảo.pdf");
    expect(downloadFileName(['Tên "lạ" <a>|b?*', "x\r\ny"], "xlsx")).toBe("Tên lạ a b - x y.xlsx");
    expect(downloadFileName([], "xlsx")).toBe("Tệp tải về.xlsx");
    expect(downloadFileName(["…", "  "], "pdf")).toBe("….pdf");
  });

  it("cuts a long name before its extension, without a trailing dash or dot", () => {
    const long = downloadFileName(["Giấy chứng nhận", "Cuộc thi ".repeat(30)], "pdf");
    expect(long.length).toBeLessThanOrEqual(154);
    expect(long).toMatch(/[^\s.-]\.pdf$/);
  });

  it("never leaves quotes, slashes or a trailing dash in the fallback, nor an empty name", () => {
    expect(asciiFileName('a"b/c\\d.xlsx')).toBe("a-b-c-d.xlsx");
    expect(asciiFileName(`${"Đ".repeat(120)}!.xlsx`)).toBe(`${"d".repeat(100)}.xlsx`);
    expect(asciiFileName("“”.xlsx")).toBe("tep-tai-ve.xlsx");
    expect(asciiFileName("Giấy chứng nhận - Dự thảo.pdf")).toBe("giay-chung-nhan-du-thao.pdf");
  });

  it("dates a file by the day in Vietnam", () => {
    expect(fileNameDate(new Date("2026-11-23T16:59:00Z"))).toBe("23-11-2026");
    expect(fileNameDate(new Date("2026-11-23T17:00:00Z"))).toBe("24-11-2026");
    expect(fileNameDate(new Date("2026-01-05T03:00:00Z"))).toBe("05-01-2026");
  });
});
