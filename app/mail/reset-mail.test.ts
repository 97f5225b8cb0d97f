import { describe, expect, it } from "vitest";
import { passwordResetMail } from "./reset-mail";

describe("the password-reset mail", () => {
  const link = "https://thi.example.vn/dat-lai-mat-khau/abc_DEF-123";

  it("gives the link, its lifetime and what to do when one did not ask, in both parts", () => {
    const mail = passwordResetMail({ to: "a@example.vn", fullName: "Lê Thị Thí Sinh", link, minutes: 30 });
    expect(mail.to).toBe("a@example.vn");
    expect(mail.subject).toBe("Đặt lại mật khẩu · Thi tìm hiểu cải cách hành chính");
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Lê Thị Thí Sinh");
      expect(part).toContain(link);
      expect(part).toContain("trong vòng 30 phút");
      expect(part).toContain("Nếu bạn không yêu cầu, hãy bỏ qua thư này");
    }
    // The link alone on its line, so that mail programs make it clickable whole.
    expect(mail.text.split("\n")).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
  });

  it("escapes the person's name in the HTML part", () => {
    const mail = passwordResetMail({ to: "a@example.vn", fullName: `<img src=x onerror="alert(1)">`, link, minutes: 30 });
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.text).toContain(`<img src=x onerror="alert(1)">`);
  });
});
