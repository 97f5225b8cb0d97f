import { describe, expect, it } from "vitest";
import { parseEnv } from "~/config/env.server";
import { siteBase, siteUrl } from "./site-url.server";

const request = (headers: Record<string, string>) => new Request("http://ignored.example/cuoc-thi/x", { headers });
const config = (vars: Record<string, string> = {}) => parseEnv(vars);

describe("siteBase", () => {
  it("is PUBLIC_URL when configured, whatever the request says", () => {
    const source = config({ PUBLIC_URL: "https://thi.tinh.gov.vn/" });
    expect(siteBase(request({ host: "10.0.0.5:3000", "x-forwarded-host": "evil.example" }), source)).toBe("https://thi.tinh.gov.vn");
    expect(siteUrl(request({}), "/cuoc-thi/a", source)).toBe("https://thi.tinh.gov.vn/cuoc-thi/a");
  });

  it("is the Host asked for, over http, without PUBLIC_URL; X-Forwarded-Host is never believed", () => {
    expect(siteBase(request({ host: "Thi.Example.vn:3000", "x-forwarded-host": "evil.example" }), config())).toBe("http://thi.example.vn:3000");
  });

  it("says https when the site is configured for it, or a trusted proxy says so", () => {
    expect(siteBase(request({ host: "thi.example.vn" }), config({ COOKIE_SECURE: "true" }))).toBe("https://thi.example.vn");
    expect(siteBase(request({ host: "thi.example.vn", "x-forwarded-proto": "https" }), config({ TRUST_PROXY: "true" }))).toBe("https://thi.example.vn");
    // Without TRUST_PROXY anyone could have written the header.
    expect(siteBase(request({ host: "thi.example.vn", "x-forwarded-proto": "https" }), config())).toBe("http://thi.example.vn");
  });

  it("falls back to localhost when the Host is missing or not a plain host name", () => {
    expect(siteBase(request({}), config({ PORT: "4000" }))).toBe("http://localhost:4000");
    expect(siteBase(request({ host: "evil.example/<script>" }), config())).toBe("http://localhost:3000");
  });
});
