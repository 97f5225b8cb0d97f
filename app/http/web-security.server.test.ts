import { describe, expect, it } from "vitest";
import { parseEnv } from "~/config/env.server";
import { webSecurityFromEnv } from "./web-security.server";

const SESSION_SECRET = "a-session-secret-long-enough-for-the-schema-0123";

describe("webSecurityFromEnv", () => {
  it("by default: plain HTTP, no proxy trusted, no other origin, no HSTS", () => {
    expect(webSecurityFromEnv(parseEnv({ SESSION_SECRET }))).toEqual({
      sameOrigin: { secure: false, trustForwardedProto: false, allowedOrigins: [] },
      hsts: false,
      trustProxy: false,
    });
  });

  it("COOKIE_SECURE=true means HTTPS: https origin and HSTS; TRUST_PROXY and ALLOWED_ORIGINS are read", () => {
    const security = webSecurityFromEnv(parseEnv({ SESSION_SECRET, COOKIE_SECURE: "true", TRUST_PROXY: "true", ALLOWED_ORIGINS: "https://Thi.Tinh.gov.vn/, http://10.0.0.5:8080" }));
    expect(security).toEqual({
      sameOrigin: { secure: true, trustForwardedProto: true, allowedOrigins: ["https://thi.tinh.gov.vn", "http://10.0.0.5:8080"] },
      hsts: true,
      trustProxy: true,
    });
  });

  it("refuses to start with an ALLOWED_ORIGINS entry that is not an origin, naming it", () => {
    expect(() => parseEnv({ SESSION_SECRET, ALLOWED_ORIGINS: "https://ok.example, thi.tinh.gov.vn/dang-nhap" })).toThrow(
      /Cấu hình môi trường không hợp lệ:\n  - ALLOWED_ORIGINS: "thi\.tinh\.gov\.vn\/dang-nhap" không phải địa chỉ gốc/,
    );
  });
});
