import fs from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { journeyEnvironment } from "./support";

// Forgetting a password, in the browser: the link by mail (kept in the outbox without an SMTP
// server, read by the admin), then a code an admin issues, which forces a change at login.

const environment = journeyEnvironment();

async function logIn(page: Page, login: string, password: string) {
  await page.goto(`${environment.server.baseUrl}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill(login);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("main").getByRole("button", { name: "Đăng nhập" }).click();
}

it("a contestant resets the password from a mailed link, and later logs in with a code an admin issued", async () => {
  const base = environment.server.baseUrl;
  const phoneContext = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const phone = await phoneContext.newPage();
  const adminContext = await environment.browser.newContext({ locale: "vi-VN" });
  const admin = await adminContext.newPage();
  const pageErrors: string[] = [];
  for (const page of [phone, admin]) page.on("pageerror", (error) => pageErrors.push(error.message));
  fs.mkdirSync("test-results", { recursive: true });

  // Asking: the login page's link, the form, the same answer for everyone.
  await phone.goto(`${base}/dang-nhap`);
  await phone.getByRole("link", { name: "Quên mật khẩu?" }).click();
  await phone.getByRole("heading", { name: "Quên mật khẩu" }).waitFor();
  await phone.getByLabel("Email hoặc số điện thoại").fill("thisinh@demo.cchc.vn");
  await phone.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  await phone.getByText("Nếu địa chỉ này thuộc một tài khoản, chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu.").waitFor();
  await phone.getByText("hãy liên hệ ban tổ chức cuộc thi để được cấp mã đặt lại mật khẩu").waitFor();
  await phone.screenshot({ path: "test-results/password-recovery-requested.png", fullPage: true });

  // No SMTP server here: the admin reads the mail on "Thư đã gửi".
  await logIn(admin, "quantri@demo.cchc.vn", "Demo@2026");
  await admin.waitForURL(`${base}/`);
  await admin.goto(`${base}/quan-tri/nguoi-dung`);
  await admin.getByRole("link", { name: "Thư đã gửi" }).click();
  await admin.waitForURL(`${base}/quan-tri/thu-da-gui`);
  await expect.poll(async () => {
    await admin.reload();
    return admin.getByText("gửi tới").count();
  }).toBe(1);
  const text = (await admin.locator("pre").first().textContent()) ?? "";
  const link = /http:\/\/localhost:\d+(\/dat-lai-mat-khau\/[A-Za-z0-9_-]{43})/.exec(text);
  expect(link).not.toBeNull();

  // The link: a new password with the strength hint, then the login page.
  await phone.goto(`${base}${link![1]}`);
  await phone.getByText("Chọn mật khẩu mới cho tài khoản của").waitFor();
  const newPassword = phone.getByLabel("Mật khẩu mới", { exact: true });
  await newPassword.fill("matkhau123");
  await expect.poll(() => phone.locator(".password-strength").textContent()).toBe("Mật khẩu quá phổ biến: rất dễ bị đoán.");
  const chosen = "Hoa sen no giua dam lay";
  await newPassword.fill(chosen);
  await phone.getByLabel("Nhập lại mật khẩu mới").fill(chosen);
  await phone.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
  await phone.getByText("Đã đặt mật khẩu mới.").waitFor();
  await phone.waitForURL((url) => url.pathname === "/dang-nhap");
  await logIn(phone, "thisinh@demo.cchc.vn", chosen);
  await phone.waitForURL(`${base}/`);

  // Later, forgotten again: the admin issues a code from the users page.
  await admin.goto(`${base}/quan-tri/nguoi-dung?q=thisinh`);
  await admin.getByRole("link", { name: "Cấp mã đặt lại mật khẩu cho Lê Thị Thí Sinh" }).click();
  await admin.getByRole("heading", { name: "Cấp mã đặt lại mật khẩu" }).waitFor();
  await admin.getByRole("button", { name: "Cấp mã đặt lại mật khẩu" }).click();
  await admin.getByText("Vui lòng xác nhận bạn đã kiểm tra đúng là chủ tài khoản").waitFor();
  await admin.getByLabel("Lý do (bắt buộc)").fill("Gọi điện báo quên mật khẩu, đã đối chiếu đơn vị");
  await admin.getByLabel("Tôi đã kiểm tra đúng là chủ tài khoản này đề nghị cấp lại mật khẩu.").check();
  await admin.getByRole("button", { name: "Cấp mã đặt lại mật khẩu" }).click();
  await admin.getByText("Mã chỉ hiện một lần").waitFor();
  const code = () => admin.locator("[data-code-group]").allTextContents().then((groups) => groups.join(""));
  await expect.poll(code).toMatch(/^[A-Z2-9]{10}$/);
  await admin.screenshot({ path: "test-results/password-recovery-code.png", fullPage: true });

  // The phone was logged out; the code logs in and the change is forced.
  await phone.goto(`${base}/tai-khoan`);
  await phone.waitForURL((url) => url.pathname === "/dang-nhap");
  await logIn(phone, "thisinh@demo.cchc.vn", await code());
  await phone.waitForURL(/\/doi-mat-khau/);
  await phone.getByText("Vui lòng đổi sang mật khẩu của riêng bạn").waitFor();
  expect(pageErrors).toEqual([]);
  await phoneContext.close();
  await adminContext.close();
});
