import { describe, expect, it } from "vitest";
import { checkOptionalReason, checkReason, optionalReasonField, REASON_MAX, REASON_MIN, reasonField, reasonTooShortMessage } from "./reason";

describe("the reason rule", () => {
  it("refuses a reason missing, blank or shorter than the minimum once trimmed, naming what is asked for", () => {
    for (const text of [undefined, null, "", "         ", "  Mất điện ", "a".repeat(REASON_MIN - 1)]) {
      expect(checkReason(text, "lý do sáp nhập")).toEqual({ ok: false, message: "Vui lòng ghi rõ lý do sáp nhập (ít nhất 10 ký tự): nội dung được lưu vào nhật ký." });
    }
  });

  it("accepts a reason of the minimum length and gives it back trimmed", () => {
    expect(checkReason("  Mất điện cả xã  ")).toEqual({ ok: true, reason: "Mất điện cả xã" });
    expect(checkReason("a".repeat(REASON_MIN))).toEqual({ ok: true, reason: "a".repeat(REASON_MIN) });
  });

  it("refuses a reason longer than the maximum, required or not", () => {
    expect(checkReason("a".repeat(REASON_MAX + 1))).toEqual({ ok: false, message: "Lý do tối đa 500 ký tự." });
    expect(checkOptionalReason("a".repeat(REASON_MAX + 1))).toEqual({ ok: false, message: "Lý do tối đa 500 ký tự." });
  });

  it("takes a blank optional reason as none", () => {
    expect(checkOptionalReason("   ")).toEqual({ ok: true, reason: null });
    expect(checkOptionalReason(undefined)).toEqual({ ok: true, reason: null });
    expect(checkOptionalReason(" Điều chỉnh ")).toEqual({ ok: true, reason: "Điều chỉnh" });
  });

  it("gives forms the same rule and message", () => {
    const field = reasonField("lý do ngừng hoạt động");
    expect(field.safeParse("  ngắn  ").error?.issues[0].message).toBe(reasonTooShortMessage("lý do ngừng hoạt động"));
    expect(field.safeParse(undefined).error?.issues[0].message).toBe(reasonTooShortMessage("lý do ngừng hoạt động"));
    expect(field.safeParse(" Theo quyết định 20/QĐ-UBND ").data).toBe("Theo quyết định 20/QĐ-UBND");
    expect(optionalReasonField.safeParse("").success).toBe(true);
    expect(optionalReasonField.safeParse("a".repeat(REASON_MAX + 1)).success).toBe(false);
  });
});
