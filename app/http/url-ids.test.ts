import { describe, expect, it } from "vitest";
import { bigintIdParam, intIdParam, parseBigintId, parseIntId } from "./url-ids";

const NOT_IDS = ["", "0", "00", "-1", "+1", " 1", "1 ", "01", "007", "1.0", "1e3", "0x10", "١", "12a", "abc", "NaN", "Infinity", "1_000"];

describe("int4 ids in URLs", () => {
  it("reads the canonical form from 1 to 2147483647", () => {
    expect(parseIntId("1")).toBe(1);
    expect(parseIntId("42")).toBe(42);
    expect(parseIntId("2147483647")).toBe(2147483647);
  });

  it.each(NOT_IDS)("names no row: %j", (raw) => {
    expect(parseIntId(raw)).toBeNull();
  });

  it.each(["2147483648", "4294967296", "9999999999", "99999999999", "9".repeat(400)])("beyond int4 names no row: %s", (raw) => {
    expect(parseIntId(raw)).toBeNull();
  });

  it("a missing param names no row", () => {
    expect(parseIntId(undefined)).toBeNull();
    expect(parseIntId(null)).toBeNull();
  });

  it("a bad param answers 404 with the given message", async () => {
    expect(intIdParam("7", "Không tìm thấy cuộc thi.")).toBe(7);
    let thrown: unknown;
    try {
      intIdParam("2147483648", "Không tìm thấy cuộc thi.");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe("Không tìm thấy cuộc thi.");
  });
});

describe("bigint ids in URLs", () => {
  it("reads the canonical form up to 9223372036854775807, as text", () => {
    expect(parseBigintId("1")).toBe("1");
    expect(parseBigintId("2147483648")).toBe("2147483648");
    expect(parseBigintId("9223372036854775807")).toBe("9223372036854775807");
  });

  it.each(NOT_IDS)("names no row: %j", (raw) => {
    expect(parseBigintId(raw)).toBeNull();
  });

  it.each(["9223372036854775808", "9999999999999999999", "10000000000000000000", "9".repeat(400)])("beyond int8 names no row: %s", (raw) => {
    expect(parseBigintId(raw)).toBeNull();
  });

  it("a bad param answers 404", () => {
    expect(bigintIdParam("12", "Không tìm thấy bài thi.")).toBe("12");
    expect(() => bigintIdParam("-12", "Không tìm thấy bài thi.")).toThrow(Response);
  });
});
