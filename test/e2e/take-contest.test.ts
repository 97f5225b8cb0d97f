import fs from "node:fs";
import { expect, it } from "vitest";
import { confirmStart, journeyEnvironment, pickUnit } from "./support";

const environment = journeyEnvironment();

it("a civil servant registers on a phone, takes the demo contest and sees the score", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  fs.mkdirSync("test-results", { recursive: true });

  await page.goto(`${environment.server.baseUrl}/dang-ky`);
  const fillAccount = async () => {
    await page.getByLabel("Mật khẩu", { exact: true }).fill("Hoa-sen-no-giua-ho");
    await page.getByLabel("Nhập lại mật khẩu").fill("Hoa-sen-no-giua-ho");
  };
  await page.getByLabel("Họ và tên").fill("Nguyễn Văn Thử Nghiệm");
  await page.getByLabel("Email hoặc số điện thoại").fill("0987654321");
  await fillAccount();
  // Nothing is chosen for the person: skipping the unit is refused, and what was typed stays.
  const units = page.getByRole("listbox", { name: "Đơn vị công tác" });
  await units.waitFor();
  await expect.poll(() => units.locator('[aria-selected="true"]').count()).toBe(0);
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.getByText("Vui lòng chọn đơn vị công tác").first().waitFor();
  await expect.poll(() => page.getByLabel("Họ và tên").inputValue()).toBe("Nguyễn Văn Thử Nghiệm");
  await expect.poll(() => page.getByLabel("Email hoặc số điện thoại").inputValue()).toBe("0987654321");

  // Same-named units say whose they are; a search nothing matches says so.
  const search = page.getByRole("combobox", { name: "Đơn vị công tác" });
  await search.fill("trung tam phuc vu");
  await page.getByRole("option", { name: "Trung tâm Phục vụ hành chính công — Xã Tân Phú", exact: true }).waitFor();
  await page.getByRole("option", { name: "Trung tâm Phục vụ hành chính công — Phường Minh Hòa", exact: true }).waitFor();
  await search.fill("khong co don vi nay");
  await page.getByText("Không tìm thấy đơn vị nào khớp").waitFor();
  // The search ignores diacritics; the keyboard alone chooses.
  await search.fill("xa tan phu");
  await search.press("ArrowDown");
  await search.press("Enter");
  await expect.poll(() => page.getByRole("option", { name: "Xã Tân Phú", exact: true }).getAttribute("aria-selected")).toBe("true");
  await fillAccount();
  await page.screenshot({ path: "test-results/01-register.png", fullPage: true });
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/`);
  // The header names the new account: waits for it, fails when it never shows.
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByText("Nguyễn Văn Thử Nghiệm").waitFor({ timeout: 10_000 });

  await page.getByRole("link", { name: "Xem thể lệ và vào thi" }).first().click();
  await page.getByRole("heading", { name: "Thể lệ" }).waitFor();
  // Starting asks first, with the attempts left; "Để sau" spends nothing.
  const contestUrl = page.url();
  await page.getByRole("link", { name: "Bắt đầu làm bài", exact: true }).click();
  const confirm = page.getByRole("group", { name: "Bắt đầu lượt thi thứ 1?" });
  await confirm.getByText("Bạn còn 3 lượt thi", { exact: true }).waitFor();
  await page.screenshot({ path: "test-results/02-confirm-start.png", fullPage: true });
  await confirm.getByRole("link", { name: "Để sau" }).click();
  await page.waitForURL(contestUrl);
  await page.getByText("Bạn còn 3 lượt thi", { exact: true }).waitFor();
  await confirmStart(page);
  await page.waitForURL(/\/bai-thi\/\d+$/);

  const questions = page.getByTestId("question");
  await expect.poll(() => questions.count()).toBe(20);
  await expect.poll(() => page.getByTestId("countdown").textContent()).toMatch(/^1[45]:\d\d$/);

  // Answer every question with its first option; each one is saved at once.
  for (let i = 0; i < 20; i++) {
    await questions.nth(i).locator("label.option").first().click();
  }
  await expect.poll(() => page.getByText("Đã lưu").count(), { timeout: 15_000 }).toBe(20);
  await page.screenshot({ path: "test-results/02-entry.png" });

  // A reload resumes with every answer still chosen.
  await page.reload();
  await expect.poll(() => page.locator("input:checked").count()).toBe(20);

  await page.getByRole("button", { name: "Nộp bài" }).click();
  await page.getByText("Bạn đã trả lời tất cả các câu.").waitFor();
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await page.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();
  await expect.poll(() => page.getByTestId("entry-score").textContent()).toMatch(/^\d+ \/ 100 điểm$/);
  await expect.poll(() => page.getByTestId("entry-correct").textContent()).toMatch(/^\d+ \/ 20$/);
  await page.screenshot({ path: "test-results/03-result.png", fullPage: true });

  // The ranking lists the contestant.
  await page.getByRole("link", { name: "Xem bảng xếp hạng" }).click();
  await page.getByRole("cell", { name: "Nguyễn Văn Thử Nghiệm" }).waitFor();
  await page.screenshot({ path: "test-results/04-ranking.png", fullPage: true });
  expect(pageErrors).toEqual([]);
  await context.close();
});

it("without JavaScript: registers choosing from the plain list of units with their parents, and starts through the confirm step", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, javaScriptEnabled: false, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(`${environment.server.baseUrl}/dang-ky`);
  await page.getByLabel("Họ và tên").fill("Lê Văn Không Kịch Bản");
  await page.getByLabel("Email hoặc số điện thoại").fill("khongkichban@example.vn");
  await page.getByLabel("Mật khẩu", { exact: true }).fill("Cau-tre-bac-qua-song");
  await page.getByLabel("Nhập lại mật khẩu").fill("Cau-tre-bac-qua-song");
  const unit = page.getByLabel("Đơn vị công tác");
  await expect.poll(() => unit.inputValue()).toBe("");
  await unit.selectOption({ label: "Trung tâm Phục vụ hành chính công — Xã Tân Phú" });
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByText("Lê Văn Không Kịch Bản").waitFor();

  await page.getByRole("link", { name: "Cuộc thi của tôi" }).click();
  await page.getByRole("link", { name: "Vào thi" }).first().click();
  const confirm = page.getByRole("group", { name: "Bắt đầu lượt thi thứ 1?" });
  await confirm.getByText("Bạn còn 3 lượt thi", { exact: true }).waitFor();
  await confirm.getByRole("button", { name: "Xác nhận bắt đầu" }).click();
  await page.waitForURL(/\/bai-thi\/\d+$/);
  await context.close();
});
