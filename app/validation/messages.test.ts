import { describe, expect, it } from "vitest";
import { z } from "./z";

// What a person reads when a field has no message of its own: plain Vietnamese that says what to
// do, never a type name ("string", "undefined", "NaN"), a pattern or a comparison sign.
const messageOf = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error("expected a refusal");
  return parsed.error.issues.map((issue) => issue.message).join(" | ");
};

describe("default messages", () => {
  it.each([
    ["a missing field", z.object({ name: z.string() }), {}, "Vui lòng nhập thông tin này."],
    ["an empty required text", z.string().min(1), "", "Vui lòng nhập thông tin này."],
    ["text where a number is expected", z.number(), "mười", "Vui lòng nhập một số."],
    ["a number typed as letters", z.coerce.number(), "abc", "Vui lòng nhập một số."],
    ["a fraction where a whole number is expected", z.number().int(), 1.5, "Vui lòng nhập một số nguyên."],
    ["a number where text is expected", z.string(), 5, "Giá trị không hợp lệ."],
    ["a short text", z.string().min(3), "ab", "Cần ít nhất 3 ký tự."],
    ["a long text", z.string().max(2000), "x".repeat(2001), "Tối đa 2.000 ký tự."],
    ["a number under the minimum", z.number().min(5), 4, "Giá trị phải từ 5 trở lên."],
    ["a number not above zero", z.number().positive(), 0, "Giá trị phải lớn hơn 0."],
    ["a number over the maximum", z.number().max(10000), 10001, "Giá trị không được vượt quá 10.000."],
    ["a number not below the bound", z.number().lt(3), 3, "Giá trị phải nhỏ hơn 3."],
    ["too few choices", z.array(z.string()).min(2), ["a"], "Cần chọn ít nhất 2 mục."],
    ["too many choices", z.array(z.string()).max(1), ["a", "b"], "Chọn tối đa 1 mục."],
    ["an unknown choice", z.enum(["a", "b"]), "c", "Lựa chọn không hợp lệ."],
    ["another value than the one allowed", z.literal("on"), "off", "Lựa chọn không hợp lệ."],
    ["a bad email", z.email(), "ten@", "Địa chỉ email không hợp lệ."],
    ["a text not in the expected form", z.string().regex(/^\d+$/), "12a", "Giá trị chưa đúng định dạng."],
    ["an impossible date", z.coerce.date(), "ngày mai", "Vui lòng nhập một ngày hợp lệ."],
    ["not a multiple", z.number().multipleOf(5), 7, "Giá trị phải là bội số của 5."],
    ["an extra field", z.strictObject({ a: z.string() }), { a: "x", b: "y" }, "Biểu mẫu có thông tin không được chấp nhận."],
    ["nothing that fits", z.union([z.string(), z.number()]), true, "Giá trị không hợp lệ."],
  ])("%s", (_name, schema, value, message) => {
    expect(messageOf(schema, value)).toBe(message);
  });

  it("never names a type, a pattern or a comparison sign", () => {
    const schemas: [z.ZodType, unknown][] = [
      [z.string(), undefined],
      [z.string(), 1],
      [z.number(), "x"],
      [z.boolean(), "x"],
      [z.array(z.number()), "x"],
      [z.string().regex(/^a$/), "b"],
      [z.number().gt(1), 0],
      [z.date(), "x"],
      [z.bigint(), "x"],
    ];
    for (const [schema, value] of schemas) {
      expect(messageOf(schema, value)).not.toMatch(/string|number|undefined|NaN|boolean|array|date|bigint|[<>=/^$]/i);
    }
  });

  it("leaves a schema's own message alone", () => {
    expect(messageOf(z.string({ error: "Vui lòng nhập họ và tên" }), undefined)).toBe("Vui lòng nhập họ và tên");
    expect(messageOf(z.string().min(8, { error: "Mật khẩu cần ít nhất 8 ký tự" }), "ngan")).toBe("Mật khẩu cần ít nhất 8 ký tự");
  });
});
