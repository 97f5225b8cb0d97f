import { describe, expect, it } from "vitest";
import { CCCD_PROVINCE_CODES, checkCccd, maskCccd, maskPhone } from "./cccd";

describe("checkCccd", () => {
  it("takes 12 digits starting with a province code, spaces and dots dropped", () => {
    expect(checkCccd("001085012345")).toEqual({ ok: true, cccd: "001085012345" });
    expect(checkCccd(" 087 190 001 234 ")).toEqual({ ok: true, cccd: "087190001234" });
    expect(checkCccd("096.200.123.456")).toEqual({ ok: true, cccd: "096200123456" });
  });

  it("refuses another length, naming the count", () => {
    const short = checkCccd("00108501234");
    expect(short.ok).toBe(false);
    expect(!short.ok && short.message).toContain("11 chữ số");
    expect(checkCccd("0010850123456").ok).toBe(false);
    expect(checkCccd("001085").ok).toBe(false);
  });

  it("refuses letters and signs", () => {
    const letters = checkCccd("00108501234A");
    expect(letters.ok).toBe(false);
    expect(!letters.ok && letters.message).toContain("chỉ được gồm chữ số");
    expect(checkCccd("001-085-012345").ok).toBe(false);
    expect(checkCccd("").ok).toBe(false);
  });

  it("refuses a number whose first three digits are no province code", () => {
    for (const code of ["000", "003", "005", "013", "047", "050", "097", "100", "999"]) {
      const checked = checkCccd(`${code}085012345`);
      expect(checked.ok, code).toBe(false);
      expect(!checked.ok && checked.message).toContain("không phải mã tỉnh");
    }
  });

  it("knows the 63 provinces' codes, each three digits", () => {
    expect(Object.keys(CCCD_PROVINCE_CODES)).toHaveLength(63);
    for (const code of Object.keys(CCCD_PROVINCE_CODES)) expect(code).toMatch(/^0\d\d$/);
    expect(CCCD_PROVINCE_CODES["087"]).toBe("Đồng Tháp");
    expect(CCCD_PROVINCE_CODES["093"]).toBe("Hậu Giang");
    expect(CCCD_PROVINCE_CODES["079"]).toBe("Hồ Chí Minh");
  });

  it("puts back the leading zeros a number cell dropped, only for a number cell", () => {
    expect(checkCccd("1085012345", { fromNumberCell: true })).toEqual({ ok: true, cccd: "001085012345" });
    expect(checkCccd("87190001234", { fromNumberCell: true })).toEqual({ ok: true, cccd: "087190001234" });
    expect(checkCccd("1085012345").ok).toBe(false);
    expect(checkCccd("12345", { fromNumberCell: true }).ok).toBe(false);
  });
});

describe("masking", () => {
  it("keeps only the first and last three digits' shape", () => {
    expect(maskCccd("087190001234")).toBe("0xx••••••234");
    expect(maskCccd("087190001234")).not.toContain("190001");
    expect(maskPhone("0912345678")).toBe("09x••••678");
  });
});
