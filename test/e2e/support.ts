import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { freePort, spawnServerScript } from "../support/spawned-server";

// The machine has no internet: these flags stop Chromium from stalling on refused connections.
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_FLAGS, headless: true });
}

/**
 * Chooses a unit in the unit picker as a person does: types part of its name (diacritics left out)
 * and taps the line that names it with its parents ("Trung tâm … — Xã Tân Phú"). Waits for the
 * picker's search list (the script has run) and for the choice to show as chosen.
 */
export async function pickUnit(scope: Page | Locator, label: string, typed: string, unit: string) {
  await scope.getByRole("listbox", { name: label, exact: true }).waitFor();
  await scope.getByRole("combobox", { name: label, exact: true }).fill(typed);
  const option = scope.getByRole("option", { name: unit, exact: true });
  await option.click();
  await expect.poll(() => option.getAttribute("aria-selected")).toBe("true");
}

/**
 * Starts an entry from the contest page: the start link (or "Thi lượt 2") leads to the confirm
 * step, which names the attempts left; only its button spends one.
 */
export async function confirmStart(page: Page, label = "Bắt đầu làm bài") {
  await page.getByRole("link", { name: label, exact: true }).first().click();
  const confirm = page.getByRole("group", { name: /^Bắt đầu lượt thi thứ \d+\?$/ });
  await confirm.getByText(/^Bạn còn \d+ lượt thi$/).waitFor();
  await confirm.getByRole("button", { name: "Xác nhận bắt đầu" }).click();
}

/** Runs the real server (`scripts/serve.ts`, as `npm start` does after building) on a fresh database. */
export async function startRealServer() {
  const port = await freePort();
  const server = await spawnServerScript({
    script: "scripts/serve.ts",
    env: (databaseUrl, dataDir) => ({ ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir }),
    readyText: "Ứng dụng đang chạy",
    timeoutMs: 60_000,
  });
  return { baseUrl: `http://127.0.0.1:${port}`, databaseUrl: server.databaseUrl, output: server.output, stop: server.stop };
}

export interface JourneyEnvironment {
  server: Awaited<ReturnType<typeof startRealServer>>;
  browser: Browser;
  /** What the Content-Security-Policy blocked so far, on any page of the current test. */
  cspViolations: string[];
}

/** Chrome's console report of something the Content-Security-Policy blocked. */
const CSP_VIOLATION = /Content Security Policy/i;

/** Records every Content-Security-Policy violation the context's pages report (console and DOM event). */
export async function watchContentSecurityPolicy(context: BrowserContext, violations: string[]) {
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      report(`${location.href}: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"} at ${event.sourceFile}:${event.lineNumber}:${event.columnNumber} ${event.sample}`);
    });
  });
  context.on("console", (message) => {
    if (CSP_VIOLATION.test(message.text())) violations.push(`${message.page()?.url()}: ${message.text()}`);
  });
}

/** The real server and a browser for one test file, started before its tests and stopped after. */
export function journeyEnvironment(): JourneyEnvironment {
  const environment = { cspViolations: [] } as unknown as JourneyEnvironment;
  beforeAll(async () => {
    environment.server = await startRealServer();
    const browser = await launchBrowser();
    // Every page of every journey is watched: the app must work with its policy on, breaking none of it.
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (...args) => {
      const context = await newContext(...args);
      await watchContentSecurityPolicy(context, environment.cspViolations);
      return context;
    };
    environment.browser = browser;
  });
  afterEach(() => {
    const seen = environment.cspViolations.splice(0);
    expect(seen, "Content-Security-Policy violations").toEqual([]);
  });
  afterAll(async () => {
    await environment.browser?.close();
    await environment.server?.stop();
  });
  return environment;
}
