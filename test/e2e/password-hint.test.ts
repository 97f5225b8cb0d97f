import fs from "node:fs";
import { expect, it } from "vitest";
import { journeyEnvironment, pickUnit } from "./support";

const environment = journeyEnvironment();

it("registration hints at the password's strength as it is typed, and the server's refusal keeps what was typed", async () => {
  const context = await environment.browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, locale: "vi-VN" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  fs.mkdirSync("test-results", { recursive: true });

  await page.goto(`${environment.server.baseUrl}/dang-ky`);
  await page.getByLabel("Họ và tên").fill("Phan Thị Gợi Ý");
  await page.getByLabel("Email hoặc số điện thoại").fill("0978 111 222");
  const password = page.getByLabel("Mật khẩu", { exact: true });
  const hint = page.locator(".password-strength");
  expect(await hint.getAttribute("aria-live")).toBe("polite");
  expect(await password.evaluate((input) => parseFloat(getComputedStyle(input).fontSize))).toBeGreaterThanOrEqual(16);

  await password.fill("matkh");
  await expect.poll(() => hint.textContent()).toBe("Quá ngắn: cần thêm 3 ký tự nữa.");
  await password.fill("Mật khẩu 123");
  await expect.poll(() => hint.textContent()).toBe("Mật khẩu quá phổ biến: rất dễ bị đoán.");
  await password.fill("goi 0978111222");
  await expect.poll(() => hint.textContent()).toBe("Không nên dùng email hoặc số điện thoại của bạn trong mật khẩu.");
  await password.fill("hoctap12");
  await expect.poll(() => hint.textContent()).toMatch(/^Yếu/);
  await password.fill("Chim én bay về phương nam");
  await expect.poll(() => hint.textContent()).toBe("Mạnh.");
  await page.screenshot({ path: "test-results/password-hint-strong.png", fullPage: true });

  // A password the short list does not know: only the server refuses it, and nothing typed is lost.
  const deepInTheList = "christopher";
  await password.fill(deepInTheList);
  await page.getByLabel("Nhập lại mật khẩu").fill(deepInTheList);
  await pickUnit(page, "Đơn vị công tác", "xa tan phu", "Xã Tân Phú");
  await page.getByRole("button", { name: "Đăng ký" }).click();
  await page.getByText("Mật khẩu này quá phổ biến, rất dễ bị đoán.").waitFor();
  await expect.poll(() => page.getByLabel("Họ và tên").inputValue()).toBe("Phan Thị Gợi Ý");
  await expect.poll(() => password.inputValue()).toBe(deepInTheList);
  await expect.poll(() => password.getAttribute("aria-invalid")).toBe("true");
  await page.screenshot({ path: "test-results/password-hint-refused.png", fullPage: true });
  expect(pageErrors).toEqual([]);
  await context.close();
});
