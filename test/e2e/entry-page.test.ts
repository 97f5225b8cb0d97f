import fs from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { journeyEnvironment, pickUnit, confirmStart } from "./support";

const environment = journeyEnvironment();

/** No sideways scrolling on a 360 px phone. */
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

it("on a phone: the navigator, the prediction, saving through a network drop, the confirm step and the review", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // Failed requests while offline are expected; anything else logged as an error (a hydration mismatch, say) is not.
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/Failed to load resource|ERR_INTERNET_DISCONNECTED/.test(message.text())) consoleErrors.push(message.text());
  });
  fs.mkdirSync("test-results", { recursive: true });

  await page.goto(`${environment.server.baseUrl}/dang-ky`);
  await page.getByLabel("Họ và tên").fill("Trần Thị Điều Hướng");
  await page.getByLabel("Email hoặc số điện thoại").fill("0912345678");
  await page.getByLabel("Mật khẩu", { exact: true }).fill("Hoa-sen-no-giua-ho");
  await page.getByLabel("Nhập lại mật khẩu").fill("Hoa-sen-no-giua-ho");
  await pickUnit(page, "Đơn vị công tác", "xa tan phu", "Xã Tân Phú");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/`);

  await page.getByRole("link", { name: "Xem thể lệ và vào thi" }).first().click();
  await page.getByRole("heading", { name: "Thể lệ" }).waitFor();
  await confirmStart(page);
  await page.waitForURL(/\/bai-thi\/\d+$/);
  const questions = page.getByTestId("question");
  await expect.poll(() => questions.count()).toBe(20);
  await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(360);

  // The navigator opens from the sticky top bar, by keyboard too; Escape closes it.
  const toggle = page.getByRole("button", { name: /^Câu hỏi 0\/20 đã trả lời/ });
  await toggle.focus();
  await page.keyboard.press("Enter");
  const navigator = page.getByRole("navigation", { name: "Danh sách câu hỏi" });
  await expect.poll(() => navigator.getByRole("button").count()).toBe(21);
  await page.getByRole("button", { name: "Câu hỏi dự đoán, chưa trả lời", exact: true }).waitFor();
  await page.screenshot({ path: "test-results/20-navigator.png" });
  await page.keyboard.press("Escape");
  await navigator.waitFor({ state: "hidden" });
  await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("navigator-toggle");

  // Far down the page: question 15, reached from the navigator, scrolled to and focused.
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await toggle.click();
  await page.getByRole("button", { name: "Câu 15, chưa trả lời", exact: true }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cau-15");
  const question15 = questions.nth(14);
  // Below the sticky bar and near the top once the scrolling has settled (both at once: mid-scroll it may be anywhere).
  await expect
    .poll(() => question15.evaluate((el) => Math.round(el.getBoundingClientRect().top)), { timeout: 5000 })
    .toSatisfy((top: number) => top >= 40 && top < 200);
  await expect.poll(() => question15.locator("legend").textContent()).toMatch(/^Câu 15\./);
  await question15.locator("label.option").first().click();
  await question15.getByText("Đã lưu").waitFor();
  await page.screenshot({ path: "test-results/21-question-15.png" });
  await page.getByRole("button", { name: /^Câu hỏi 1\/20 đã trả lời/ }).click();
  await page.getByRole("button", { name: "Câu 15, đã trả lời", exact: true }).waitFor();
  await page.getByRole("button", { name: "Câu 14, chưa trả lời", exact: true }).waitFor();
  await page.keyboard.press("Escape");

  // The confirm step counts the unanswered questions and the missing prediction, and leads to the first one.
  await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
  await page.getByText("Bạn còn 19 câu chưa trả lời.").waitFor();
  await page.getByText("Bạn chưa trả lời câu hỏi dự đoán.").waitFor();
  await page.getByRole("button", { name: "Đến câu chưa trả lời" }).click();
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cau-1");

  // The prediction question: a number, saved like an answer.
  const prediction = page.getByTestId("prediction");
  const predictionInput = page.getByLabel("Theo bạn, đợt thi này sẽ có bao nhiêu lượt dự thi?");
  await expect.poll(() => predictionInput.getAttribute("inputmode")).toBe("numeric");
  await predictionInput.fill("-5");
  await prediction.getByText("Số dự đoán không được là số âm.").waitFor();
  await expect.poll(() => predictionInput.getAttribute("aria-invalid")).toBe("true");
  await predictionInput.fill("1.500");
  await prediction.getByText("Đã lưu").waitFor();
  await expect.poll(() => prediction.locator(".field-error").count()).toBe(0);
  await prediction.getByText("Đã lưu").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/22-prediction.png" });

  // "Đánh dấu để xem lại": questions 15 and 4 flagged, 4 unflagged again, 15 and 6 stay flagged.
  const flagOf = (index: number) => questions.nth(index).getByRole("button", { name: "Đánh dấu để xem lại" });
  for (const index of [14, 3, 5]) {
    await flagOf(index).click();
    await expect.poll(() => flagOf(index).getAttribute("aria-pressed")).toBe("true");
  }
  await flagOf(3).click();
  await expect.poll(() => flagOf(3).getAttribute("aria-pressed")).toBe("false");
  await page.screenshot({ path: "test-results/22b-flagged.png" });

  // A reload keeps the answer, the prediction and the flags.
  await page.reload();
  await expect.poll(() => predictionInput.inputValue()).toBe("1500");
  await expect.poll(() => page.locator("input:checked").count()).toBe(1);
  await expect.poll(() => flagOf(14).getAttribute("aria-pressed")).toBe("true");
  await expect.poll(() => flagOf(5).getAttribute("aria-pressed")).toBe("true");
  await expect.poll(() => flagOf(3).getAttribute("aria-pressed")).toBe("false");
  // The navigator names them (not by colour only) and shows a mark on them.
  await page.getByRole("button", { name: /^Câu hỏi 1\/20 đã trả lời, 2 đánh dấu xem lại/ }).click();
  await page.getByRole("button", { name: "Câu 15, đã trả lời, đánh dấu xem lại", exact: true }).waitFor();
  await page.getByRole("button", { name: "Câu 6, chưa trả lời, đánh dấu xem lại", exact: true }).waitFor();
  await page.getByRole("button", { name: "Câu 4, chưa trả lời", exact: true }).waitFor();
  await expect.poll(() => navigator.locator(".qnav__flag").count()).toBe(2);
  await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: "test-results/22c-flagged-navigator.png" });
  await page.keyboard.press("Escape");
  await navigator.waitFor({ state: "hidden" });
  // Flags live in this browser only: nothing about them reached the server.
  const entryId = /\/bai-thi\/(\d+)$/.exec(page.url())![1];
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`cchc:xem-lai:${id}`), entryId)).toBe("[5,14]");

  // The network drops: the answer waits as "Chưa lưu" and is retried; leaving is questioned.
  await context.setOffline(true);
  const question3 = questions.nth(2);
  await question3.scrollIntoViewIfNeeded();
  await question3.locator("label.option").nth(1).click();
  await question3.getByText(/Chưa lưu/).waitFor();
  await question3.getByText(/đang thử lại/).waitFor();
  await page.locator(".qnav-unsaved", { hasText: "1 chưa lưu" }).waitFor();
  await page.screenshot({ path: "test-results/23-offline.png" });
  await page.getByRole("button", { name: /^Câu hỏi 2\/20 đã trả lời, 1 chưa lưu, 2 đánh dấu xem lại/ }).click();
  await page.getByRole("button", { name: "Câu 3, đã trả lời, chưa lưu", exact: true }).waitFor();
  await page.screenshot({ path: "test-results/24-offline-navigator.png" });
  await page.keyboard.press("Escape");

  const dialog = page.waitForEvent("dialog");
  await page.close({ runBeforeUnload: true });
  const leaving = await dialog;
  expect(leaving.type()).toBe("beforeunload");
  await leaving.dismiss();
  expect(page.isClosed()).toBe(false);

  // Back online: the retry goes through.
  await context.setOffline(false);
  await question3.getByText("Đã lưu").waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator(".qnav-unsaved").count()).toBe(0);
  await page.screenshot({ path: "test-results/25-back-online.png" });

  // The confirm step counts what is missing.
  await page.getByRole("button", { name: "Nộp bài", exact: true }).click();
  await page.getByText("Bạn còn 18 câu chưa trả lời.").waitFor();
  await page.getByText("Bạn còn 2 câu đã đánh dấu để xem lại.").waitFor();
  await expect.poll(() => page.getByText("Bạn chưa trả lời câu hỏi dự đoán.").count()).toBe(0);
  await page.getByRole("alertdialog").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/26-confirm.png" });
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await page.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();
  // The entry is final: its flags are forgotten.
  await expect.poll(() => page.evaluate((id) => localStorage.getItem(`cchc:xem-lai:${id}`), entryId)).toBeNull();

  // The result: score, the prediction given, and the review.
  await expect.poll(() => page.getByTestId("entry-score").textContent()).toMatch(/^\d+ \/ 100 điểm$/);
  await expect.poll(() => page.getByTestId("prediction-given").textContent()).toBe("1.500");
  await page.getByRole("heading", { name: "Đáp án và giải thích" }).waitFor();
  const reviewed = page.getByTestId("review-question");
  await expect.poll(() => reviewed.count()).toBe(20);
  await expect.poll(() => page.getByText("Giải thích:").count()).toBe(20);
  await expect.poll(() => page.getByText(/^Căn cứ: /).count()).toBe(20);
  await expect.poll(() => reviewed.nth(14).getByText("Bạn chọn").count()).toBe(1);
  await expect.poll(() => reviewed.nth(2).getByText("Bạn chọn").count()).toBe(1);
  await expect.poll(() => reviewed.nth(0).getByText("Chưa trả lời").count()).toBe(1);
  for (let i = 0; i < 20; i++) await expect.poll(() => reviewed.nth(i).getByText(/Đáp án đúng/).count()).toBeGreaterThanOrEqual(1);
  await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(360);
  await page.screenshot({ path: "test-results/27-result.png" });
  await page.getByTestId("prediction-result").evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: "test-results/28-prediction-result.png" });
  await reviewed.nth(2).scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/29-review.png" });
  await page.screenshot({ path: "test-results/30-review-full.png", fullPage: true });

  // "Chỉ câu sai": only what was not answered right; the number grid still lists all 20.
  const notRight = await page.locator(".review-jump--wrong, .review-jump--none").count();
  expect(notRight).toBeGreaterThan(0);
  await page.getByRole("link", { name: /^Chỉ câu sai/ }).click();
  await expect.poll(() => new URL(page.url()).search).toBe("?loc=sai");
  await expect.poll(() => reviewed.count()).toBe(notRight);
  await expect.poll(() => page.getByTestId("review-jumps").getByRole("link").count()).toBe(20);
  await expect.poll(() => pageWidth(page)).toBeLessThanOrEqual(360);
  await page.getByTestId("review-filter").scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/31-review-wrong-only.png" });
  await page.getByRole("link", { name: /^Tất cả/ }).click();
  await expect.poll(() => reviewed.count()).toBe(20);

  expect(pageErrors).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await context.close();
});
