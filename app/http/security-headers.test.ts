import { describe, expect, it } from "vitest";
import { fixedSecurityHeaders, pageContentSecurityPolicy, STATIC_CONTENT_SECURITY_POLICY } from "./security-headers";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("fixedSecurityHeaders", () => {
  it("forbids framing and sniffing and trims the Referer", () => {
    expect(Object.fromEntries(fixedSecurityHeaders({ hsts: false }))).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
  });

  it("adds Strict-Transport-Security only for a site served over HTTPS", () => {
    expect(Object.fromEntries(fixedSecurityHeaders({ hsts: true }))["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("Content-Security-Policy", () => {
  it("lets a page run only its own scripts and those carrying its nonce", () => {
    const page = directives(pageContentSecurityPolicy("bm9uY2Utb2YtdGhpcy1yZXE=", "thi.example.vn:3000"));
    expect(page.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2Utb2YtdGhpcy1yZXE='"]);
    expect(page.get("connect-src")).toEqual(["'self'", "ws://thi.example.vn:3000", "wss://thi.example.vn:3000"]);
    expect(page.get("default-src")).toEqual(["'self'"]);
    expect(page.get("frame-ancestors")).toEqual(["'none'"]);
    expect(page.get("object-src")).toEqual(["'none'"]);
    expect(page.get("base-uri")).toEqual(["'self'"]);
    expect(page.get("form-action")).toEqual(["'self'"]);
    expect(page.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect(page.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it("leaves out a Host that could smuggle in a directive or a source", () => {
    for (const host of ["evil.example; script-src *", "a.example *", "a.example,b.example", "", undefined]) {
      const page = directives(pageContentSecurityPolicy("bm9uY2U=", host));
      expect(page.get("connect-src"), String(host)).toEqual(["'self'"]);
      expect(page.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    }
    expect(directives(pageContentSecurityPolicy("bm9uY2U=", "[::1]:3000")).get("connect-src")).toEqual(["'self'", "ws://[::1]:3000", "wss://[::1]:3000"]);
  });

  it("allows no inline script at all outside pages", () => {
    const policy = directives(STATIC_CONTENT_SECURITY_POLICY);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });
});
