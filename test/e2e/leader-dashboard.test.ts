import fs from "node:fs";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { journeyEnvironment, pickUnit, confirmStart } from "./support";

const environment = journeyEnvironment();

async function login(page: Page, email: string) {
  await page.goto(`${environment.server.baseUrl}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill(email);
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${environment.server.baseUrl}/`);
}

const counter = (page: Page, name: string) => page.getByTestId(`counter-${name}`).locator("strong").textContent();

it("a leader watches the dashboard update live as a contestant of the ward submits, and is told when the connection drops", async () => {
  fs.mkdirSync("test-results", { recursive: true });
  const base = environment.server.baseUrl;

  // The leader of Phường Minh Hòa opens the contest's dashboard from the list, on a phone.
  const leaderContext = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const leader = await leaderContext.newPage();
  const leaderErrors: string[] = [];
  leader.on("pageerror", (error) => leaderErrors.push(error.message));
  await login(leader, "lanhdao@demo.cchc.vn");
  await leader.goto(`${base}/lanh-dao`);
  await leader.getByRole("link", { name: "Mở bảng theo dõi" }).first().click();
  await leader.waitForURL(/\/lanh-dao\/cuoc-thi\/\d+$/);
  await leader.getByRole("heading", { name: "Số liệu của Phường Minh Hòa" }).waitFor();
  await expect.poll(() => leader.getByTestId("live-status").getAttribute("data-state"), { timeout: 15_000 }).toBe("live");
  await expect.poll(() => counter(leader, "participants")).toBe("0");
  await leader.getByTestId("dashboard-empty").waitFor();
  // Phone-first: the page itself does not scroll sideways, the tables scroll inside their wrapper.
  await expect.poll(() => leader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await leader.screenshot({ path: "test-results/dashboard-01-empty.png", fullPage: true });

  // A civil servant of the ward registers in another browser and submits an entry.
  const contestantContext = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const contestant = await contestantContext.newPage();
  await contestant.goto(`${base}/dang-ky`);
  await contestant.getByLabel("Họ và tên").fill("Võ Thị Phường Minh");
  await contestant.getByLabel("Email hoặc số điện thoại").fill("vothiphuong@example.vn");
  await contestant.getByLabel("Mật khẩu", { exact: true }).fill("Hoa-sen-no-giua-ho");
  await contestant.getByLabel("Nhập lại mật khẩu").fill("Hoa-sen-no-giua-ho");
  await pickUnit(contestant, "Đơn vị công tác", "phuong minh hoa", "Phường Minh Hòa");
  await contestant.getByRole("button", { name: "Đăng ký" }).click();
  await contestant.waitForURL(`${base}/`);
  await contestant.getByRole("link", { name: "Xem thể lệ và vào thi" }).first().click();
  await contestant.waitForURL(/\/cuoc-thi\/[a-z0-9-]+$/);
  const contestUrl = contestant.url();
  await confirmStart(contestant);
  await contestant.waitForURL(/\/bai-thi\/\d+$/);
  const questions = contestant.getByTestId("question");
  await questions.first().waitFor();
  for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator("label.option").first().click();
  await expect.poll(() => contestant.getByText("Đã lưu").count(), { timeout: 15_000 }).toBe(20);
  await contestant.getByRole("button", { name: "Nộp bài" }).click();
  await contestant.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await contestant.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();
  const submittedAt = Date.now();

  // Without a reload the leader's counters and top table show the entry within a few seconds.
  await expect.poll(() => counter(leader, "participants"), { timeout: 5_000, interval: 100 }).toBe("1");
  const seenAfterMs = Date.now() - submittedAt;
  await expect.poll(() => counter(leader, "entries")).toBe("1");
  await leader.getByTestId("dashboard-top").getByRole("cell", { name: "Võ Thị Phường Minh" }).waitFor();
  await expect.poll(() => leader.getByTestId("dashboard-empty").count()).toBe(0);
  console.log(`dashboard updated ${seenAfterMs} ms after the contestant saw the submission`);
  await leader.screenshot({ path: "test-results/dashboard-02-live.png", fullPage: true });

  // The connection drops: the leader is told the board may be stale, and it comes back by itself.
  await leaderContext.setOffline(true);
  await leader.getByTestId("live-offline").waitFor({ timeout: 30_000 });
  await expect.poll(() => leader.getByTestId("live-offline").textContent()).toContain("Mất kết nối");
  await leader.screenshot({ path: "test-results/dashboard-03-offline.png", fullPage: true });

  // A second entry lands while the leader is offline: the board stays as it was, under the banner…
  await contestant.goto(contestUrl);
  await confirmStart(contestant, "Thi lượt 2");
  await contestant.waitForURL(/\/bai-thi\/\d+$/);
  await questions.first().waitFor();
  for (let i = 0; i < (await questions.count()); i++) await questions.nth(i).locator("label.option").last().click();
  await expect.poll(() => contestant.getByText("Đã lưu").count(), { timeout: 15_000 }).toBe(20);
  await contestant.getByRole("button", { name: "Nộp bài" }).click();
  await contestant.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await contestant.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();
  expect(await counter(leader, "entries")).toBe("1");
  await leader.getByTestId("live-offline").waitFor();

  // …and on reconnecting the dashboard resynchronises by itself.
  await leaderContext.setOffline(false);
  await expect.poll(() => leader.getByTestId("live-status").getAttribute("data-state"), { timeout: 30_000 }).toBe("live");
  await expect.poll(() => leader.getByTestId("live-offline").count()).toBe(0);
  await expect.poll(() => counter(leader, "entries"), { timeout: 5_000, interval: 100 }).toBe("2");
  await expect.poll(() => counter(leader, "participants")).toBe("1");

  expect(leaderErrors).toEqual([]);
  await contestantContext.close();
  await leaderContext.close();
});
