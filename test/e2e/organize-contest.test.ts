import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { toVietnamDateTimeInput } from "~/text/vietnam-time";
import { journeyEnvironment, pickUnit, confirmStart } from "./support";

const environment = journeyEnvironment();

async function addRound(page: Page, title: string, opensAt: Date, closesAt: Date) {
  await page.getByRole("link", { name: "Thêm đợt thi" }).click();
  await page.getByLabel("Tên đợt thi").fill(title);
  await page.getByLabel("Mở lúc (giờ Việt Nam)").fill(toVietnamDateTimeInput(opensAt));
  await page.getByLabel("Đóng lúc (giờ Việt Nam)").fill(toVietnamDateTimeInput(closesAt));
  await page.getByLabel("Thời gian mỗi lượt (phút)").fill("10");
  await page.getByLabel("Dòng 1: số câu").fill("6");
  await page.getByLabel("Dòng 2: chủ đề").selectOption({ label: "Chuyển đổi số, định danh điện tử, dịch vụ công trực tuyến" });
  await page.getByLabel("Dòng 2: số câu").fill("4");
  await page.getByLabel("Điểm mỗi câu").fill("10");
  // The running total follows what is typed.
  await expect.poll(() => page.getByTestId("blueprint-total").textContent()).toBe("Tổng: 10 câu hỏi mỗi lượt · 100 điểm tối đa");
  await page.getByRole("button", { name: "Thêm đợt thi" }).click();
  await page.waitForURL(/\/quan-ly\/cuoc-thi\/\d+$/);
}

it("an organizer creates a contest with two rounds and publishes it; a contestant enters the open round", async () => {
  const organizer = await (await environment.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" })).newPage();
  await organizer.goto(`${environment.server.baseUrl}/dang-nhap`);
  await organizer.getByLabel("Email hoặc số điện thoại").fill("bantochuc@demo.cchc.vn");
  await organizer.getByLabel("Mật khẩu").fill("Demo@2026");
  await organizer.getByRole("button", { name: "Đăng nhập" }).click();
  await organizer.waitForURL(`${environment.server.baseUrl}/`);

  await organizer.goto(`${environment.server.baseUrl}/quan-ly/cuoc-thi`);
  await organizer.getByLabel("Tên cuộc thi").fill("Cuộc thi tìm hiểu chuyển đổi số năm 2027");
  // The address follows the title while it has not been edited by hand.
  await expect.poll(() => organizer.getByLabel("Đường dẫn").inputValue()).toBe("cuoc-thi-tim-hieu-chuyen-doi-so-nam-2027");
  await organizer.getByLabel("Đường dẫn").fill("chuyen-doi-so-2027");
  await organizer.getByLabel("Tên cuộc thi").fill("Cuộc thi tìm hiểu chuyển đổi số năm 2028");
  expect(await organizer.getByLabel("Đường dẫn").inputValue()).toBe("chuyen-doi-so-2027");
  await organizer.getByLabel("Tên cuộc thi").fill("Cuộc thi tìm hiểu chuyển đổi số năm 2027");
  await organizer.getByLabel("Thể lệ").fill("Mỗi tuần một đợt thi, mỗi đợt 10 câu hỏi trong 10 phút.");
  await organizer.getByLabel("Cơ cấu giải thưởng").fill("Mỗi đợt: 1 giải nhất, 2 giải nhì, 3 giải ba.");
  await organizer.getByRole("button", { name: "Tạo cuộc thi (bản nháp)" }).click();
  await organizer.waitForURL(/\/quan-ly\/cuoc-thi\/\d+$/);

  const now = Date.now();
  await addRound(organizer, "Tuần 1", new Date(now - 3600_000), new Date(now + 7 * 86_400_000));
  await addRound(organizer, "Tuần 2", new Date(now + 7 * 86_400_000), new Date(now + 14 * 86_400_000));
  await organizer.getByRole("button", { name: "Công bố cuộc thi" }).click();
  await organizer.getByText("Cuộc thi đã được công bố.").waitFor();
  await expect.poll(() => organizer.getByTestId("contest-log").textContent()).toContain("Công bố cuộc thi");
  for (const line of ["Tạo cuộc thi", "Thêm đợt thi · Tuần 1", "Thêm đợt thi · Tuần 2"]) await expect.poll(() => organizer.getByTestId("contest-log").textContent()).toContain(line);
  await organizer.screenshot({ path: "test-results/40-contest-admin.png", fullPage: true });

  const context = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(`${environment.server.baseUrl}/dang-ky?redirectTo=${encodeURIComponent("/cuoc-thi/chuyen-doi-so-2027")}`);
  await page.getByLabel("Họ và tên").fill("Trần Thị Dự Thi");
  await page.getByLabel("Email hoặc số điện thoại").fill("duthi@example.vn");
  await page.getByLabel("Mật khẩu", { exact: true }).fill("Hoa-sen-no-giua-ho");
  await page.getByLabel("Nhập lại mật khẩu").fill("Hoa-sen-no-giua-ho");
  await pickUnit(page, "Đơn vị công tác", "so noi vu", "Sở Nội vụ");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/cuoc-thi/chuyen-doi-so-2027`);
  await page.getByRole("heading", { name: "Tuần 2" }).waitFor();
  await expect.poll(() => page.getByTestId("next-round-countdown").textContent()).toMatch(/^[67] ngày/);
  await expect.poll(() => page.getByText("Mỗi đợt: 1 giải nhất").count()).toBe(1);
  await page.screenshot({ path: "test-results/41-contest-landing.png", fullPage: true });

  await confirmStart(page);
  await page.waitForURL(/\/bai-thi\/\d+$/);
  const questions = page.getByTestId("question");
  await expect.poll(() => questions.count()).toBe(10);
  for (let i = 0; i < 10; i++) await questions.nth(i).locator("label.option").first().click();
  await expect.poll(() => page.getByText("Đã lưu").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(10);
  await page.getByRole("button", { name: "Nộp bài" }).click();
  await page.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await page.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();
  await expect.poll(() => page.getByTestId("entry-score").textContent()).toMatch(/^\d+ \/ 100 điểm$/);

  await page.goto(`${environment.server.baseUrl}/cuoc-thi-cua-toi`);
  await page.getByRole("heading", { name: "Cuộc thi tìm hiểu chuyển đổi số năm 2027" }).waitFor();
  await expect.poll(() => page.getByRole("cell", { name: /^1 \/ 2/ }).count()).toBe(1);
  await page.screenshot({ path: "test-results/42-my-contests.png", fullPage: true });

  // A second entry, left in progress: closing the round now must say so, and ask why, before it acts.
  await page.goto(`${environment.server.baseUrl}/cuoc-thi/chuyen-doi-so-2027`);
  await confirmStart(page, "Thi lượt 2");
  await page.waitForURL(/\/bai-thi\/\d+$/);
  await expect.poll(() => page.getByTestId("question").count()).toBe(10);

  await organizer.getByRole("link", { name: "Chuyển về bản nháp" }).click();
  const panel = organizer.getByTestId("confirm-action");
  await expect.poll(() => panel.textContent()).toContain("Hiện có 1 người đang làm bài (1 bài).");
  await panel.getByRole("link", { name: "Huỷ" }).click();
  await expect.poll(() => panel.count()).toBe(0);
  await expect.poll(() => organizer.getByText("Đã công bố", { exact: true }).count()).toBe(1);

  await organizer.getByRole("row", { name: /Tuần 1/ }).getByRole("link", { name: "Đóng ngay Tuần 1" }).click();
  await expect.poll(() => panel.textContent()).toContain("Tuần 1 đang có 1 bài đang làm của 1 người; đóng ngay sẽ nộp các bài này với các câu đã lưu.");
  await organizer.screenshot({ path: "test-results/43-confirm-close.png", fullPage: true });
  // Without a reason the browser does not send it; the server would refuse it anyway.
  await panel.getByRole("button", { name: "Xác nhận đóng đợt thi" }).click();
  await expect.poll(() => panel.getByLabel("Lý do đóng đợt thi ngay").evaluate((field: HTMLTextAreaElement) => field.validity.valid)).toBe(false);
  await expect.poll(() => organizer.getByRole("row", { name: /Tuần 1/ }).textContent()).toContain("Đang mở");
  await panel.getByLabel("Lý do đóng đợt thi ngay").fill("Kết thúc sớm tuần 1 theo chỉ đạo của trưởng ban");
  await panel.getByRole("button", { name: "Xác nhận đóng đợt thi" }).click();
  await organizer.getByText("Đợt thi đã đóng; các bài đang làm được nộp tự động.").waitFor();
  await expect.poll(() => panel.count()).toBe(0);
  await expect.poll(() => organizer.getByRole("row", { name: /Tuần 1/ }).textContent()).toContain("Đã kết thúc");
  await expect.poll(() => organizer.getByTestId("contest-log").textContent()).toContain("Lý do: Kết thúc sớm tuần 1 theo chỉ đạo của trưởng ban");
  await context.close();
});
