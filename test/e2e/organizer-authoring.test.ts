import fs from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { buildQuestionWorkbook } from "~/banks/exchange/excel.server";
import { journeyEnvironment } from "./support";

const environment = journeyEnvironment();

async function login(page: Page, email: string) {
  await page.goto(`${environment.server.baseUrl}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill(email);
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/`);
}

it("an organizer searches, writes a question with a live preview, sends it for review, and an admin approves it", async () => {
  fs.mkdirSync("test-results", { recursive: true });
  const context = await environment.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await login(page, "bantochuc@demo.cchc.vn");

  await page.getByRole("link", { name: "Quản lý" }).click();
  await page.getByRole("link", { name: "Câu hỏi", exact: true }).click();
  await page.getByLabel("Tìm kiếm (không cần gõ dấu)").fill("thu tuc mot cua");
  await page.getByRole("button", { name: "Lọc" }).click();
  await page.waitForURL(/q=thu\+tuc\+mot\+cua/);
  // Found, by relevance: those with the whole phrase or every word come first, and say so.
  await expect.poll(async () => (await page.getByRole("status").textContent()) ?? "").toMatch(/^[\d.]+ câu có (đúng cụm từ|đủ các từ)/);
  await page.screenshot({ path: "test-results/10-question-list.png", fullPage: false });

  await page.getByRole("link", { name: "Thêm câu hỏi" }).click();
  await page.getByLabel("Mã câu hỏi").fill("e2e-001");
  await page.getByLabel("Chủ đề").selectOption({ label: "Cải cách thủ tục hành chính" });
  await page.getByLabel("Nội dung câu hỏi").fill("Câu hỏi viết trong trình duyệt để kiểm thử?");
  await page.getByLabel("Phương án A").fill("Phương án thứ nhất");
  await page.getByLabel("Phương án B").fill("Phương án thứ hai");
  await page.getByLabel("Phương án C").fill("Phương án thứ ba");
  // The preview shows what a contestant will see, as it is typed.
  const preview = page.getByRole("complementary", { name: "Xem trước" });
  await expect.poll(() => preview.textContent()).toContain("Câu hỏi viết trong trình duyệt để kiểm thử?");
  await expect.poll(() => preview.textContent()).toContain("Phương án thứ hai");
  await page.locator('input[name="correct"][value="B"]').check();
  await page.getByLabel("Giải thích").fill("Giải thích của câu hỏi kiểm thử.");
  await page.getByLabel("Số hiệu văn bản").fill("Văn bản kiểm thử");
  await page.getByLabel("Cơ quan ban hành").fill("Ban kiểm thử");
  await page.getByLabel("Ngày ban hành").fill("2021-07-15");
  await page.screenshot({ path: "test-results/11-question-editor.png", fullPage: true });
  await page.getByRole("button", { name: "Tạo câu hỏi (bản nháp)" }).click();
  await page.waitForURL(/\/quan-ly\/cau-hoi\/\d+$/);
  await page.getByRole("heading", { name: /Câu hỏi e2e-001/ }).waitFor();
  await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toContain("Nháp");
  await page.getByRole("button", { name: "Gửi duyệt" }).click();
  await page.getByText('Câu hỏi đã chuyển sang trạng thái "Chờ duyệt".').waitFor();
  const questionUrl = page.url();

  // The author is told someone else must approve and is not offered "Duyệt"; an admin can approve.
  await page.getByText("Bạn là tác giả của phiên bản này: cần một người khác duyệt.").waitFor();
  await expect.poll(() => page.getByRole("button", { name: "Duyệt", exact: true }).count()).toBe(0);
  await expect.poll(() => page.getByRole("button", { name: "Trả lại để sửa" }).count()).toBe(1);
  await page.getByRole("button", { name: "Đăng xuất" }).click();
  // Wait until the logout has landed: the login page sends logged-in people home.
  await page.getByRole("link", { name: "Đăng nhập" }).waitFor();
  await login(page, "quantri@demo.cchc.vn");
  await page.goto(questionUrl);
  await page.getByRole("button", { name: "Duyệt", exact: true }).click();
  await page.getByText('Câu hỏi đã chuyển sang trạng thái "Đã duyệt".').waitFor();
  await page.screenshot({ path: "test-results/12-question-approved.png", fullPage: true });
  expect(pageErrors).toEqual([]);
  await context.close();
});

it("an organizer checks an Excel file, then imports it", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  const page = await context.newPage();
  await login(page, "bantochuc@demo.cchc.vn");
  await page.goto(`${environment.server.baseUrl}/quan-ly/ngan-hang`);
  await page.getByRole("link", { name: "Nhập từ tệp" }).first().click();
  const workbook = await buildQuestionWorkbook([
    {
      key: "e2e-excel-001",
      topic: "civil-service",
      type: "single",
      difficulty: "easy",
      stem: "Câu hỏi nhập từ Excel trong kiểm thử trình duyệt?",
      options: ["Một", "Hai", "Ba", "Bốn"],
      correct: [2],
      explanation: "Giải thích.",
      basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2021-07-15" },
      tags: [],
    },
  ]);
  const file = { name: "cau-hoi.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: workbook };
  await page.getByLabel("Tệp câu hỏi").setInputFiles(file);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await page.getByText("Tệp hợp lệ.").waitFor();
  await expect.poll(() => page.getByTestId("import-report").textContent()).toContain("Sẽ thêm 1 câu mới");
  await page.getByLabel("Tệp câu hỏi").setInputFiles(file);
  await page.getByRole("button", { name: "Nhập vào ngân hàng" }).click();
  await page.getByText("Đã nhập: 1 câu mới").waitFor();
  await page.screenshot({ path: "test-results/13-import.png", fullPage: true });
  await context.close();
});
