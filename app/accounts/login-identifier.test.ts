import { describe, expect, it } from "vitest";
import { parseLoginIdentifier } from "./login-identifier";

const email = (value: string) => ({ kind: "email", email: value });
const phone = (value: string) => ({ kind: "phone", phone: value });

describe("parseLoginIdentifier: emails", () => {
  it("accepts a plain email as is", () => {
    expect(parseLoginIdentifier("nguyenvana@example.gov.vn")).toEqual(email("nguyenvana@example.gov.vn"));
  });

  it("lower-cases the whole address", () => {
    expect(parseLoginIdentifier("Nguyen.Van.A@SoNoiVu.Gov.VN")).toEqual(email("nguyen.van.a@sonoivu.gov.vn"));
  });

  it("trims surrounding spaces, tabs and newlines", () => {
    expect(parseLoginIdentifier("  cchc@example.vn \t\n")).toEqual(email("cchc@example.vn"));
  });

  it("keeps plus signs, dots and dashes in the local part", () => {
    expect(parseLoginIdentifier("tran.thi-b+cuocthi@example.com")).toEqual(email("tran.thi-b+cuocthi@example.com"));
  });

  it.each([
    ["no domain dot", "user@example"],
    ["nothing before @", "@example.com"],
    ["nothing after @", "user@"],
    ["only @", "@"],
    ["two @", "user@mail@example.com"],
    ["space inside", "nguyen van@example.com"],
    ["space in the domain", "user@exa mple.com"],
    ["empty top-level domain", "user@example."],
  ])("rejects an invalid email (%s)", (_, value) => {
    expect(parseLoginIdentifier(value)).toBeNull();
  });

  it("accepts an address of 254 characters and rejects one of 255", () => {
    const domain = "@example.com";
    const at254 = `${"a".repeat(254 - domain.length)}${domain}`;
    const at255 = `${"a".repeat(255 - domain.length)}${domain}`;
    expect(at254).toHaveLength(254);
    expect(parseLoginIdentifier(at254)).toEqual(email(at254));
    expect(parseLoginIdentifier(at255)).toBeNull();
  });

  it("applies the length limit after trimming", () => {
    const at254 = `${"b".repeat(254 - "@example.com".length)}@example.com`;
    expect(parseLoginIdentifier(`   ${at254}   `)).toEqual(email(at254));
  });
});

describe("parseLoginIdentifier: Vietnamese phone numbers", () => {
  it.each([
    "0912345678",
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "(0912) 345 678",
    "+84912345678",
    "+84 912 345 678",
    "84912345678",
    "84 912 345 678",
    "  0912345678  ",
  ])("normalises %j to 0912345678", (value) => {
    expect(parseLoginIdentifier(value)).toEqual(phone("0912345678"));
  });

  it("accepts any ten digits starting with 0, not only mobile prefixes", () => {
    expect(parseLoginIdentifier("0243 824 567")).toEqual(phone("0243824567"));
    expect(parseLoginIdentifier("0381234567")).toEqual(phone("0381234567"));
  });

  it("does not treat a number without @ as an email", () => {
    expect(parseLoginIdentifier("0912345678")?.kind).toBe("phone");
    expect(parseLoginIdentifier("0912345678@example.vn")?.kind).toBe("email");
  });

  it.each([
    ["nine digits", "091234567"],
    ["eleven digits starting with 0", "09123456789"],
    ["+84 with too few digits", "+8491234567"],
    ["+84 with too many digits", "+849123456789"],
    ["84 with too many digits", "849123456789"],
    ["84 with too few digits", "8491234567"],
    ["no leading 0", "9123456789"],
    ["letters", "09123abc78"],
    ["a letter O for a zero", "O912345678"],
    ["a slash", "0912/345/678"],
    ["empty", ""],
    ["only spaces", "   "],
    ["only separators", ". - ()"],
    ["a plus sign elsewhere", "0912+345678"],
  ])("rejects %s", (_, value) => {
    expect(parseLoginIdentifier(value)).toBeNull();
  });
});
