import { describe, expect, it } from "vitest";
import {
  PASSWORD_MESSAGES,
  commonPasswordSet,
  findPasswordProblem,
  findPasswordRule,
  isRepetitiveOrSequential,
  passwordKey,
  passwordLengthProblem,
} from "./password-policy";

const common = commonPasswordSet(["password", "matkhau123", "Mật khẩu", "iloveyou", "hoa-hong", "sunshine", "demo@2026"]);
const rule = (password: string, personal = {}) => findPasswordRule(password, personal, common);

describe("length", () => {
  it("refuses 7 characters and accepts 8", () => {
    expect(rule("Qz7#kLp")).toBe("tooShort");
    expect(rule("Qz7#kLpw")).toBeNull();
    expect(rule("")).toBe("tooShort");
    expect(passwordLengthProblem("Qz7#kLp")).toBe("Mật khẩu cần ít nhất 8 ký tự.");
    expect(passwordLengthProblem("Qz7#kLpw")).toBeNull();
  });

  it("counts a Vietnamese letter as one character however it was composed", () => {
    const composed = "Đồng Tháp"; // 9 characters
    expect(rule(composed)).toBeNull();
    expect(rule("Đường")).toBe("tooShort");
    // 7 letters typed with combining marks (NFD) are still 7 characters, not 10.
    expect(rule("Tiếng Ý".normalize("NFD"))).toBe("tooShort");
  });

  it("allows 72 bytes and refuses 73, counting Vietnamese letters as the 2 or 3 bytes bcrypt sees", () => {
    expect(rule("a".repeat(7) + "x".repeat(65))).toBeNull();
    expect(rule("q".repeat(36) + "w".repeat(37))).toBe("tooLong");
    // 60 + 9 ASCII characters and "ệ" (3 bytes) are 72 bytes; one more character is too many.
    expect(rule("Mot cau dai ".repeat(5) + "abcdefghi" + "ệ")).toBeNull();
    expect(rule("Mot cau dai ".repeat(5) + "abcdefghij" + "ệ")).toBe("tooLong");
    // A Vietnamese sentence well under 72 characters can be over 72 bytes: it is refused, not cut.
    const sentence = "Chiều chiều ra đứng ngõ sau, trông về quê mẹ ruột đau chín chiều";
    expect(sentence.length).toBeLessThan(72);
    expect(new TextEncoder().encode(sentence).length).toBeGreaterThan(72);
    expect(rule(sentence)).toBe("tooLong");
    const padded = (bytes: number) => {
      const start = "Chiều chiều ra đứng ngõ sau ";
      return start + "x".repeat(bytes - new TextEncoder().encode(start).length);
    };
    expect(rule(padded(72))).toBeNull();
    expect(rule(padded(73))).toBe("tooLong");
    expect(rule("ệ".repeat(12) + "ê".repeat(12) + "ế".repeat(12))).toBe("tooLong"); // 36 characters, 96 bytes
    expect(PASSWORD_MESSAGES.tooLong).toContain("72 ký tự không dấu");
  });
});

describe("repeated and sequential characters", () => {
  it("refuses one character, a short block repeated, a run up or down, or mostly separators", () => {
    for (const password of ["aaaaaaaa", "        ", "11111111", "abcabcabc", "hahahahaha", "12121212", "abcdabcd", "12345678", "87654321", "abcdefgh", "hgfedcba", "7890123456", "0987654321", "1 2 3 4 5 6 7 8", "hoa hoa hoa", "a-------", "--------"]) {
      expect({ password, rule: rule(password) }).toEqual({ password, rule: "pattern" });
    }
  });

  it("accepts text that only contains a run", () => {
    for (const key of ["abcdefgz", "12345679", "aaaaaaab", "abcabcabd", "hoa hoa hoa nở"]) expect({ key, pattern: isRepetitiveOrSequential(passwordKey(key)) }).toEqual({ key, pattern: false });
  });
});

describe("the list of common passwords", () => {
  it("finds a password whatever its case, diacritics, spaces, dots, dashes or underscores", () => {
    for (const password of ["password", "PASSWORD", "PassWord", "pass word", "p.a.s.s.w.o.r.d", "pass_word", "matkhau123", "MatKhau123", "mật khẩu 123", "Mật-Khẩu-123", "MẬT KHẨU 123", "mat khau", "Mật Khẩu", "I love you", "Hoa hồng", "hoa_hong"]) {
      expect({ password, rule: rule(password) }).toEqual({ password, rule: "common" });
    }
    expect(findPasswordProblem("Mật khẩu 123", {}, common)).toBe("Mật khẩu này quá phổ biến, rất dễ bị đoán. Vui lòng chọn mật khẩu khác, ví dụ ghép vài từ thành một câu dễ nhớ.");
  });

  it("finds a common password followed only by digits or symbols", () => {
    for (const password of ["password1", "Password2026!", "sunshine@2026", "iloveyou!!", "Hoa hồng 1990"]) {
      expect({ password, rule: rule(password) }).toEqual({ password, rule: "commonWithSuffix" });
    }
    expect(findPasswordProblem("Password2026!", {}, common)).toContain("mật khẩu phổ biến thêm vài chữ số hoặc ký hiệu");
  });

  it("accepts a common word inside a longer phrase", () => {
    for (const password of ["password manager rất tiện", "sunshine và mưa rào", "2026sunshine", "iloveyoutoo", "mật khẩu của nhà tôi"]) {
      expect({ password, rule: rule(password) }).toEqual({ password, rule: null });
    }
  });

  it("keeps the list as keys: folded, lower case, without separators, without blanks or duplicates", () => {
    expect([...commonPasswordSet(["Mật Khẩu", "mat-khau", "MATKHAU", "", "  ", "Hoa Hồng"])]).toEqual(["matkhau", "hoahong"]);
  });
});

describe("the person's own login and name", () => {
  const person = { login: { kind: "email" as const, email: "nguyen.van.hung@sonoivu.gov.vn" }, fullName: "Nguyễn Văn Hùng" };

  it("refuses the email's local part, alone or inside, in any case or with separators", () => {
    for (const password of ["nguyen.van.hung", "NguyenVanHung2026", "xin chao nguyen van hung", "nguyen_van_hung!"]) {
      expect({ password, rule: rule(password, { login: person.login }) }).toEqual({ password, rule: "login" });
    }
    expect(findPasswordProblem("NguyenVanHung2026", { login: person.login }, common)).toBe("Mật khẩu không được chứa email hoặc số điện thoại dùng để đăng nhập.");
  });

  it("refuses the phone number, with or without its leading 0 or +84", () => {
    const login = "0912 345 678";
    for (const password of ["0912345678", "0912.345.678", "+84912345678", "sdt0912345678", "912345678abc"]) {
      expect({ password, rule: rule(password, { login }) }).toEqual({ password, rule: "login" });
    }
    expect(rule("0912345679", { login })).toBeNull();
  });

  it("looks at every login the person has", () => {
    const logins = { login: ["thuy.tran@example.vn", "0987 123 456", null] };
    expect(rule("Thuy-Tran-2026", logins)).toBe("login");
    expect(rule("goi 0987123456 nhe", logins)).toBe("login");
    expect(rule("Tôi thích đọc sách", logins)).toBeNull();
  });

  it("refuses the full name folded, in Vietnamese or Western order, or without the middle name", () => {
    for (const password of ["Nguyễn Văn Hùng", "nguyenvanhung", "NGUYEN VAN HUNG 1980", "Hùng Văn Nguyễn", "hung nguyen 2026", "Nguyen Hung!!"]) {
      expect({ password, rule: rule(password, { fullName: person.fullName }) }).toEqual({ password, rule: "name" });
    }
    expect(findPasswordProblem("nguyen van hung 1980", { fullName: person.fullName }, common)).toBe("Mật khẩu không được chứa họ và tên của bạn.");
    // The family name or the given name alone is not the person's name.
    expect(rule("Nguyễn Trãi 1380", { fullName: person.fullName })).toBeNull();
    expect(rule("hùng vương dựng nước", { fullName: person.fullName })).toBeNull();
  });

  it("ignores logins and names too short to tell anything", () => {
    expect(rule("anh trai toi o xa", { login: "an@x.vn", fullName: "Lê An" })).toBeNull();
    expect(rule("Cleanwater2026", { fullName: "Lê An" })).toBeNull();
  });

  it("needs no personal data at all", () => {
    expect(rule("Trăng rằm tháng tám", {})).toBeNull();
    expect(rule("Trăng rằm tháng tám", { login: null, fullName: null })).toBeNull();
  });
});

describe("what may be used", () => {
  it("accepts long passphrases, Vietnamese ones included, and composition plays no part", () => {
    for (const password of ["trang ram thang tam", "Chim én bay về phương nam", "correct horse battery staple", "xuongrongnohoa", "bốn con mèo trắng"]) {
      expect({ password, problem: findPasswordProblem(password, { fullName: "Trần Thị Mai", login: "mai.tran@example.vn" }, common) }).toEqual({ password, problem: null });
    }
  });
});
