import { extractText, getDocumentProxy } from "unpdf";
import { expect, it } from "vitest";
import { journeyEnvironment } from "./support";

// The organizer prints the contest's poster: under the real Content-Security-Policy the QR code
// shows (an inline SVG, no script), and the browser's print is one A4 page with the address on it.

const environment = journeyEnvironment();

it("the poster shows its QR code on a phone and prints on one A4 page with the contest's address", async () => {
  const base = environment.server.baseUrl;
  const context = await environment.browser.newContext({ viewport: { width: 360, height: 800 }, isMobile: true, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(`${base}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill("bantochuc@demo.cchc.vn");
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${base}/`);

  await page.goto(`${base}/quan-ly/cuoc-thi`);
  await page.getByRole("link", { name: /thi thử/ }).first().click();
  await page.getByTestId("contest-share").waitFor();
  const qr = page.getByRole("img", { name: /^Mã QR dẫn tới / });
  expect((await qr.boundingBox())?.width).toBeGreaterThan(100);
  await page.getByRole("link", { name: "Áp phích để in (khổ A4)" }).click();
  await page.waitForURL(/\/ap-phich$/);
  const address = (await page.getByTestId("poster-url").textContent())?.trim();
  expect(address).toMatch(new RegExp(`^${base.replace(/[.]/g, "\\.")}/cuoc-thi/[a-z0-9-]+$`));
  const poster = page.getByRole("img", { name: /^Mã QR dẫn tới trang cuộc thi / });
  const box = await poster.boundingBox();
  expect(box!.width).toBeGreaterThan(200);
  expect(box!.x + box!.width).toBeLessThanOrEqual(360);
  await page.screenshot({ path: "test-results/50-poster-phone.png", fullPage: true });

  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const document = await getDocumentProxy(new Uint8Array(pdf));
  expect(document.numPages).toBe(1);
  const { width, height } = (await document.getPage(1)).view.reduce((size, value, i) => (i === 2 ? { ...size, width: value } : i === 3 ? { ...size, height: value } : size), { width: 0, height: 0 });
  // A4 in PDF points (210 × 297 mm).
  expect(Math.round(width)).toBe(595);
  expect(Math.round(height)).toBe(842);
  const { text } = await extractText(document, { mergePages: true });
  expect(text).toContain(address);
  for (const words of ["Cách tham gia", "Đăng ký", "Đăng nhập"]) expect(text).toContain(words);
  // The site's navigation is not printed.
  expect(text).not.toContain("Đăng xuất");
});
