import { expect, it } from "vitest";
import { journeyEnvironment } from "./support";

// The main pages under the real Content-Security-Policy: they load, hydrate (React takes over,
// links navigate without a reload) and report no violation; a script the page did not ship is blocked.

const environment = journeyEnvironment();
const DEMO_CONTEST = "thi-thu-cchc-chuyen-doi-so";

it("the main pages work with the Content-Security-Policy on, and a foreign inline script does not run", async () => {
  const base = environment.server.baseUrl;
  const context = await environment.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // Polled from the test (Playwright's in-page waitForFunction would itself need eval).
  const hydrated = () => expect.poll(() => page.evaluate(() => "__remixRouter" in window)).toBe(true);

  for (const path of ["/", "/dang-ky", `/cuoc-thi/${DEMO_CONTEST}`, `/cuoc-thi/${DEMO_CONTEST}/xep-hang`, "/dang-nhap"]) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), path).toBe(200);
    expect(response?.headers()["content-security-policy"], path).toMatch(/script-src 'self' 'nonce-/);
    await hydrated();
  }

  await page.getByLabel("Email hoặc số điện thoại").fill("quantri@demo.cchc.vn");
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${base}/`);
  for (const path of ["/cuoc-thi-cua-toi", "/quan-ly", "/quan-ly/cuoc-thi", "/quan-ly/cau-hoi", "/quan-ly/don-vi", "/quan-ly/ngan-hang", "/lanh-dao", "/quan-tri/nguoi-dung", "/doi-mat-khau"]) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.status(), path).toBe(200);
    await hydrated();
  }

  // A client-side navigation (Remix's router, running under the policy): no new document is loaded.
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByRole("navigation", { name: "Điều hướng chính" }).getByRole("link", { name: "Quản lý" }).click();
  await page.waitForURL(`${base}/quan-ly`);
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  expect(environment.cspViolations).toEqual([]);

  // What an injected script would be: an inline script without this response's nonce.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.__injected = true;";
    document.body.append(script);
  });
  await expect.poll(() => environment.cspViolations.length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  expect(environment.cspViolations.join("\n")).toMatch(/script-src/);
  environment.cspViolations.length = 0;

  expect(pageErrors).toEqual([]);
  await context.close();
});

it("no other site can frame a page", async () => {
  const context = await environment.browser.newContext();
  const page = await context.newPage();
  // A page of another origin embedding the login page; setContent waits for the frame's load too.
  await page.setContent(`<iframe src="${environment.server.baseUrl}/dang-nhap"></iframe>`);
  // The refusal is reported (asynchronously); by then the frame has been given nothing to show.
  await expect.poll(() => environment.cspViolations.join("\n")).toMatch(/frame-ancestors/);
  const frame = page.frames()[1];
  expect(await frame.locator("form").count()).toBe(0);
  environment.cspViolations.length = 0;
  await context.close();
});
