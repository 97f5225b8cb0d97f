import { describe, expect, it } from "vitest";
import { TOP_COMMON_PASSWORDS } from "./common-passwords-top";
import { VIETNAMESE_COMMON_PASSWORDS } from "./common-passwords-vi";
import { PASSWORD_MESSAGES, passwordKey } from "./password-policy";
import { assertNewPasswordAllowed, commonPasswords, passwordProblem } from "./password-policy.server";
import { UserFacingError } from "~/http/user-facing-error";

describe("the list of common passwords on the server", () => {
  it("holds at least 10,000 passwords, as keys", () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThanOrEqual(10_000);
    expect([...list].filter((key) => key !== passwordKey(key))).toEqual([]);
  });

  it("holds the Vietnamese ones: more than 100 of our own, this site's name and its demo password", () => {
    expect(VIETNAMESE_COMMON_PASSWORDS.length).toBeGreaterThan(100);
    expect(new Set(VIETNAMESE_COMMON_PASSWORDS.map(passwordKey)).size).toBe(VIETNAMESE_COMMON_PASSWORDS.length);
    const list = commonPasswords();
    for (const entry of VIETNAMESE_COMMON_PASSWORDS) expect(list.has(passwordKey(entry)), entry).toBe(true);
    for (const entry of ["matkhau", "matkhau123", "123456789", "anhyeuem", "iloveyou", "vietnam", "hanoi", "saigon", "cchc", "caicachhanhchinh", "thitimhieu", "thitimhieucchc", "chuyendoiso", "Demo@2026", "Thi tìm hiểu CCHC"]) {
      expect(list.has(passwordKey(entry)), entry).toBe(true);
    }
  });

  it("refuses the passwords of the security finding and their variants", () => {
    expect(passwordProblem("12345678")).toBe(PASSWORD_MESSAGES.pattern);
    for (const password of ["password", "Password", "PASSWORD", "matkhau123", "Mật khẩu 123", "mat-khau-123", "anh yêu em", "Demo@2026", "demo@2026", "thi tim hieu cchc", "Chuyển đổi số", "caicachhanhchinh", "qwertyuiop", "iloveyou"]) {
      expect({ password, problem: passwordProblem(password) }).toEqual({ password, problem: PASSWORD_MESSAGES.common });
    }
    for (const password of ["Password123!", "vietnam2027", "Hà Nội 1010", "sunshine@2026"]) {
      expect({ password, problem: passwordProblem(password) }).toEqual({ password, problem: PASSWORD_MESSAGES.commonWithSuffix });
    }
  });

  it("accepts good passwords, and the test suite's demo password", () => {
    for (const password of ["Demo@2026-test", "Mat-khau-rieng-2026", "trâu ơi ta bảo trâu này", "correct horse battery staple", "Sổ tay nghiệp vụ 2026"]) {
      expect({ password, problem: passwordProblem(password) }).toEqual({ password, problem: null });
    }
  });

  it("checks the person's login and name too", () => {
    expect(passwordProblem("Tran Thi Mai 1985", { fullName: "Trần Thị Mai" })).toBe(PASSWORD_MESSAGES.name);
    expect(passwordProblem("mai.tran.cchc!", { login: "mai.tran@example.vn" })).toBe(PASSWORD_MESSAGES.login);
  });

  it("throws a 400 naming the form field when a password may not be used", () => {
    expect(() => assertNewPasswordAllowed("Mat-khau-rieng-2026", {}, "password")).not.toThrow();
    let thrown: unknown;
    try {
      assertNewPasswordAllowed("matkhau123", {}, "newPassword");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UserFacingError);
    expect(thrown).toMatchObject({ status: 400, code: "newPassword", message: PASSWORD_MESSAGES.common });
  });
});

describe("the browser's short list", () => {
  it("is about 200 of the most common passwords, every one refused by the server", () => {
    expect(TOP_COMMON_PASSWORDS.length).toBeGreaterThanOrEqual(150);
    expect(TOP_COMMON_PASSWORDS.length).toBeLessThanOrEqual(250);
    for (const entry of TOP_COMMON_PASSWORDS) expect({ entry, problem: passwordProblem(entry) }).toEqual({ entry, problem: PASSWORD_MESSAGES.common });
    for (const entry of ["matkhau123", "anhyeuem", "iloveyou", "password", "qwertyuiop", "caicachhanhchinh", "thitimhieu"]) expect(TOP_COMMON_PASSWORDS, entry).toContain(entry);
  });
});
