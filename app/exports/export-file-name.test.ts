import { describe, expect, it } from "vitest";
import { asciiFileName, contentDisposition } from "./export-jobs.server";

describe("the download's file name", () => {
  const name = "Bảng xếp hạng cá nhân - Cuộc thi tìm hiểu CCHC (2026) - Đợt 1 Tuần đầu.xlsx";

  it("keeps the Vietnamese name in filename* (RFC 5987) and gives an ASCII fallback", () => {
    const header = contentDisposition(name);
    expect(header).toBe(`attachment; filename="bang-xep-hang-ca-nhan-cuoc-thi-tim-hieu-cchc-2026-dot-1-tuan-dau.xlsx"; filename*=UTF-8''${encodeURIComponent(name).replace("(", "%28").replace(")", "%29")}`);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(header)![1];
    expect(decodeURIComponent(encoded)).toBe(name);
    expect(encoded).not.toMatch(/['()*\s"]/);
  });

  it("never leaves quotes, slashes or a trailing dash in the fallback, nor an empty name", () => {
    expect(asciiFileName('a"b/c\\d.xlsx')).toBe("a-b-c-d.xlsx");
    expect(asciiFileName(`${"Đ".repeat(120)}!.xlsx`)).toBe(`${"d".repeat(100)}.xlsx`);
    expect(asciiFileName("“”.xlsx")).toBe("xuat-ket-qua.xlsx");
  });
});
