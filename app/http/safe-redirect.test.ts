import { describe, expect, it } from "vitest";
import { isSafeRedirect, safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it.each([
    "/",
    "/cuoc-thi/thi-thu-cchc-chuyen-doi-so",
    "/quan-ly/cau-hoi?q=thu%20tuc+mot+cua&trang=2",
    "/quan-ly/cau-hoi?q=76%2FNQ-CP",
    "/lanh-dao/cuoc-thi/3?dot=1#xep-hang",
    "/bai-thi/12?next=//not-a-host-here",
    "/c%C3%A2u-h%E1%BB%8Fi",
    "/câu-hỏi",
    "/a/./b/../c",
  ])("keeps the same-site path %j", (to) => {
    expect(safeRedirect(to)).toBe(to);
  });

  it.each([
    // The reported case: a browser drops the tab and reads //evil.example/.
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r/evil.example/",
    "/\u0000/evil.example/",
    "/\u007f/evil.example/",
    "/\u0085/evil.example/",
    "/ /evil.example/",
    "/\u00a0/evil.example/",
    "/\u2028/evil.example/",
    "/\u3000/evil.example/",
    "/\ufeff/evil.example/",
    "/cuoc-thi\t",
    "/cuoc-thi?q=a b",
    // Protocol-relative and backslash forms.
    "//evil.example",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/a\\b",
    "/cuoc-thi?next=\\evil",
    "/a//evil.example",
    // Percent-encoded variants.
    "/%2F%2Fevil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%5c%5cevil.example",
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0D%0ALocation:%20http://evil.example",
    "/%00",
    "/%7F",
    "/%20/evil.example",
    "/%252F%252Fevil.example",
    "/cuoc-thi?q=%09",
    "/cuoc-thi#%0a",
    // Full URLs and schemes.
    "http://evil.example/",
    "https://evil.example/",
    "HTTPS://evil.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "evil.example",
    "cuoc-thi",
    "?redirect=1",
    "#top",
    "",
    // Too long to be one of our pages.
    `/${"a".repeat(3000)}`,
  ])("refuses %j", (to) => {
    expect(isSafeRedirect(to)).toBe(false);
    expect(safeRedirect(to)).toBe("/");
    expect(safeRedirect(to, "")).toBe("");
  });

  it.each([null, undefined, 42, {}, ["/"], new Blob(["/"])])("refuses a value that is not text (%#)", (to) => {
    expect(safeRedirect(to)).toBe("/");
  });

  it("never leaves the site for any two-character prefix a browser might mangle", () => {
    // Every pair of printable ASCII or control characters after a slash, then a host.
    for (let a = 0; a < 128; a++) {
      for (let b = 0; b < 128; b++) {
        const to = `/${String.fromCharCode(a)}${String.fromCharCode(b)}evil.example/`;
        const result = safeRedirect(to);
        expect(new URL(result, "http://site.test").host, JSON.stringify(to)).toBe("site.test");
        // What a browser does before parsing: tabs and newlines are removed.
        const stripped = result.replace(/[\t\n\r]/g, "");
        expect(new URL(stripped, "http://site.test").host, JSON.stringify(to)).toBe("site.test");
      }
    }
  });
});
