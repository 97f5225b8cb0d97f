import { describe, expect, it } from "vitest";
import { isFromThisSite, parseAllowedOrigins, writeSource, type SameOriginPolicy } from "./same-origin";

const plain: SameOriginPolicy = { secure: false, trustForwardedProto: false, allowedOrigins: [] };
const secure: SameOriginPolicy = { ...plain, secure: true };
const proxied: SameOriginPolicy = { ...plain, trustForwardedProto: true };
const withProxy: SameOriginPolicy = { ...plain, allowedOrigins: ["https://thi.tinh.gov.vn"] };
const HOST = "thi.example.vn:3000";

describe("isFromThisSite", () => {
  it("accepts the site's own origin over http", () => {
    expect(writeSource({ host: HOST, origin: "http://thi.example.vn:3000" }, plain)).toBe("site");
    expect(isFromThisSite({ host: "localhost", origin: "http://localhost" }, plain)).toBe(true);
    expect(isFromThisSite({ host: "[::1]:3000", origin: "http://[::1]:3000" }, plain)).toBe(true);
  });

  it.each([
    "http://evil.example",
    "https://thi.example.vn:3000",
    "http://thi.example.vn",
    "http://thi.example.vn:30000",
    "http://thi.example.vn:3000.evil.example",
    "http://evil.thi.example.vn:3000",
    "http://thi.example.vn:3000/",
    "ttp://thi.example.vn:3000",
    "http:/thi.example.vn:3000",
    "http//:thi.example.vn:3000",
    "null",
    "",
  ])("refuses the origin %j", (origin) => {
    expect(writeSource({ host: HOST, origin }, plain)).toBeNull();
  });

  it("refuses a request with neither Origin nor Referer, or without a Host", () => {
    expect(isFromThisSite({ host: HOST }, plain)).toBe(false);
    expect(isFromThisSite({ origin: "http://thi.example.vn:3000" }, plain)).toBe(false);
    expect(isFromThisSite({ host: "", origin: "http://" }, plain)).toBe(false);
  });

  it("reads the Referer's origin only when there is no Origin", () => {
    expect(isFromThisSite({ host: HOST, referer: "http://thi.example.vn:3000/quan-ly?x=1" }, plain)).toBe(true);
    expect(isFromThisSite({ host: HOST, referer: "http://evil.example/http://thi.example.vn:3000/" }, plain)).toBe(false);
    expect(isFromThisSite({ host: HOST, referer: "http://thi.example.vn:3000.evil.example/" }, plain)).toBe(false);
    expect(isFromThisSite({ host: HOST, referer: "not a url" }, plain)).toBe(false);
    expect(isFromThisSite({ host: HOST, referer: "" }, plain)).toBe(false);
    // The Origin decides when both are present.
    expect(isFromThisSite({ host: HOST, origin: "http://evil.example", referer: "http://thi.example.vn:3000/" }, plain)).toBe(false);
  });

  it("takes https as the site's scheme when the site is served over HTTPS", () => {
    expect(isFromThisSite({ host: HOST, origin: "https://thi.example.vn:3000" }, secure)).toBe(true);
    expect(isFromThisSite({ host: HOST, origin: "http://thi.example.vn:3000" }, secure)).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    const headers = { host: HOST, origin: "https://thi.example.vn:3000", "x-forwarded-proto": "https" };
    expect(isFromThisSite(headers, plain)).toBe(false);
    expect(isFromThisSite(headers, proxied)).toBe(true);
    expect(isFromThisSite({ ...headers, "x-forwarded-proto": "HTTPS, http" }, proxied)).toBe(true);
    expect(isFromThisSite({ ...headers, "x-forwarded-proto": "http, https" }, proxied)).toBe(false);
    expect(isFromThisSite({ ...headers, "x-forwarded-proto": ["https"] }, proxied)).toBe(true);
    expect(isFromThisSite({ host: HOST, origin: "http://thi.example.vn:3000" }, proxied)).toBe(true);
  });

  it("accepts the allowed origins exactly, and says so", () => {
    expect(writeSource({ host: "127.0.0.1:3000", origin: "https://thi.tinh.gov.vn" }, withProxy)).toBe("allowed-origin");
    expect(writeSource({ host: "127.0.0.1:3000", referer: "https://thi.tinh.gov.vn/dang-nhap" }, withProxy)).toBe("allowed-origin");
    for (const origin of ["http://thi.tinh.gov.vn", "https://thi.tinh.gov.vn.evil.example", "https://evil.thi.tinh.gov.vn", "https://thi.tinh.gov.vn:8443"]) {
      expect(writeSource({ host: "127.0.0.1:3000", origin }, withProxy), origin).toBeNull();
    }
  });
});

describe("parseAllowedOrigins", () => {
  it("normalises origins the way browsers write them", () => {
    expect(parseAllowedOrigins("")).toEqual({ ok: true, origins: [] });
    expect(parseAllowedOrigins(" https://Thi.Tinh.gov.vn/ , http://cong.example:8080,https://a.example:443 ,")).toEqual({
      ok: true,
      origins: ["https://thi.tinh.gov.vn", "http://cong.example:8080", "https://a.example"],
    });
  });

  it.each(["thi.tinh.gov.vn", "https://thi.tinh.gov.vn/dang-nhap", "https://thi.tinh.gov.vn?x=1", "https://user@thi.tinh.gov.vn", "ftp://thi.tinh.gov.vn", "javascript:alert(1)", "*"])(
    "names %j as not an origin",
    (item) => {
      expect(parseAllowedOrigins(`https://ok.example,${item}`)).toEqual({ ok: false, invalid: item });
    },
  );
});
