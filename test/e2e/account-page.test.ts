import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { expect, it } from "vitest";
import { journeyEnvironment } from "./support";

const environment = journeyEnvironment();
const PASSWORD = "Demo@2026";
const PHONE = { viewport: { width: 360, height: 800 }, isMobile: true, hasTouch: true, locale: "vi-VN" };
const DESKTOP_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0";

async function logIn(browser: Browser, login: string, options: Parameters<Browser["newContext"]>[0]) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${environment.server.baseUrl}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill(login);
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/`);
  return page;
}

const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const smallestInputFont = (page: Page) =>
  page.evaluate(() => Math.min(...[...document.querySelectorAll("input, select")].map((el) => parseFloat(getComputedStyle(el).fontSize))));

it("on a phone, a contestant sees their logins, ends the one on another computer, then logs out everywhere", async () => {
  fs.mkdirSync("test-results", { recursive: true });
  const phone = await logIn(environment.browser, "thisinh@demo.cchc.vn", PHONE);
  const desktop = await logIn(environment.browser, "thisinh@demo.cchc.vn", { userAgent: DESKTOP_AGENT });

  await phone.getByRole("link", { name: "Tài khoản" }).click();
  await phone.getByRole("heading", { name: "Các thiết bị đang đăng nhập" }).waitFor();
  const rows = phone.locator(".session-list__item");
  await expect.poll(() => rows.count()).toBe(2);
  await expect.poll(() => phone.getByText("Thiết bị này", { exact: true }).count()).toBe(1);
  await expect.poll(() => pageWidth(phone)).toBeLessThanOrEqual(360);
  await phone.screenshot({ path: "test-results/account-page-phone.png", fullPage: true });

  await rows.filter({ hasText: "Edge trên Windows" }).getByRole("button", { name: "Đăng xuất thiết bị này" }).click();
  await phone.getByText("Đã đăng xuất thiết bị đó.").waitFor();
  await expect.poll(() => rows.count()).toBe(1);
  await desktop.goto(`${environment.server.baseUrl}/tai-khoan`);
  await desktop.waitForURL(/\/dang-nhap\?redirectTo=/);

  await phone.getByRole("link", { name: "Đăng xuất khỏi mọi thiết bị" }).click();
  const confirm = phone.getByTestId("confirm-action");
  await confirm.getByText("Thiết bị bạn đang dùng, thiết bị duy nhất đang đăng nhập tài khoản này, sẽ bị đăng xuất ngay.").waitFor();
  await expect.poll(() => pageWidth(phone)).toBeLessThanOrEqual(360);
  await confirm.getByRole("button", { name: "Xác nhận đăng xuất khỏi mọi thiết bị" }).click();
  await phone.waitForURL(`${environment.server.baseUrl}/dang-nhap`);
  await phone.goto(`${environment.server.baseUrl}/cuoc-thi-cua-toi`);
  await phone.waitForURL(/\/dang-nhap\?redirectTo=/);
});

it("on a phone, an admin searches the account log: filters fit the screen and inputs are legible", async () => {
  const admin = await logIn(environment.browser, "quantri@demo.cchc.vn", PHONE);
  await admin.goto(`${environment.server.baseUrl}/quan-tri/nguoi-dung`);
  await admin.getByRole("link", { name: "Nhật ký tài khoản" }).click();
  await admin.getByRole("heading", { name: "Nhật ký tài khoản" }).waitFor();
  await admin.getByLabel("Loại sự kiện").selectOption({ label: "Đăng nhập" });
  await admin.getByRole("button", { name: "Lọc" }).click();
  await admin.waitForURL(/loai=login/);
  await expect.poll(() => admin.locator(".event-list__item").count()).toBeGreaterThan(0);
  await expect.poll(() => admin.locator(".event-list__item strong").first().textContent()).toBe("Đăng nhập");
  await expect.poll(() => pageWidth(admin)).toBeLessThanOrEqual(360);
  await expect.poll(() => smallestInputFont(admin)).toBeGreaterThanOrEqual(16);
  await admin.screenshot({ path: "test-results/account-log-phone.png", fullPage: true });
});
