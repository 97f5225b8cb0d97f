import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_CONTEST_SLUG } from "~/demo/seed-demo.server";
import { journeyEnvironment, confirmStart } from "./support";

// Civil servants take the contests on a phone: every page, for every role, at 360 × 800, must fit
// the screen (nothing hidden beyond its right edge) and must not make iOS zoom into a field.

const environment = journeyEnvironment();

const PHONE = { width: 360, height: 800 };
const ROUTES_DIR = path.resolve("app/routes");
type Role = "anonymous" | (typeof DEMO_ACCOUNTS)[number]["role"];
const ROLES: Role[] = ["anonymous", "contestant", "leader", "organizer", "admin"];

/**
 * The URL pattern of a Remix flat-routes file name: `quan-ly.cuoc-thi.$id.khen-thuong._index.tsx`
 * is `/quan-ly/cuoc-thi/:id/khen-thuong`, `[.]` is a literal dot, `_index` and pathless `_layout`
 * segments add nothing.
 */
function urlPattern(fileName: string): string {
  const segments = fileName.replace(/\.(tsx|ts|jsx|js)$/, "").split(/\.(?![^[]*\])/);
  const parts = segments
    .filter((segment) => segment !== "_index" && !segment.startsWith("_"))
    .map((segment) => segment.replace(/_$/, "").replace(/\[(.*?)\]/g, "$1"))
    .map((segment) => (segment.startsWith("$") ? `:${segment.slice(1)}` : segment));
  return `/${parts.join("/")}`;
}

/**
 * Every page route: a file in app/routes, or a folder with its route.tsx. The rule for what is not
 * a page: a route module without a default export renders nothing (a file download, an API
 * endpoint, an action only), so it is skipped here.
 */
function pageRoutes(): { file: string; pattern: string }[] {
  return fs
    .readdirSync(ROUTES_DIR, { withFileTypes: true })
    .flatMap((entry) => {
      if (entry.isFile()) return /\.(tsx|ts)$/.test(entry.name) && !/\.test\./.test(entry.name) ? [{ file: entry.name, name: entry.name }] : [];
      const module = ["route.tsx", "route.ts"].find((name) => fs.existsSync(path.join(ROUTES_DIR, entry.name, name)));
      return module ? [{ file: path.join(entry.name, module), name: entry.name }] : [];
    })
    .filter(({ file }) => /^export default /m.test(fs.readFileSync(path.join(ROUTES_DIR, file), "utf8")))
    .map(({ file, name }) => ({ file, pattern: urlPattern(name) }))
    .sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** What a route's parameters stand for, keyed by the segment before them. */
type Samples = Record<string, string[]>;

/** Views of a page that are the same route with another query string and look different. */
const OTHER_VIEWS: Record<string, string[]> = {
  // Round 1 is the one with results (the default is the running round 2), people and units.
  "/cuoc-thi/:slug/xep-hang": ["?dot=1", "?dot=1&xem=don-vi"],
  // The list shows once something is searched for.
  "/quan-ly/tai-khoan": ["?q=demo"],
  // The confirmation panels of the actions that end, reopen or hide what contestants see.
  "/quan-ly/cuoc-thi/:id": ["?xac-nhan=chuyen-ban-nhap"],
  "/quan-ly/cuoc-thi/:id/khen-thuong": ["?xac-nhan=dinh-chinh"],
  "/tai-khoan": ["?xac-nhan=dang-xuat-tat-ca"],
};

/** Fills a pattern's parameters from the samples; a parameter without a sample is an error. */
function urlsOf(pattern: string, samples: Samples): string[] {
  let urls = [""];
  const segments = pattern.split("/").slice(1);
  segments.forEach((segment, index) => {
    if (!segment.startsWith(":")) {
      urls = urls.map((url) => `${url}/${segment}`);
      return;
    }
    const key = `${segments[index - 1] ?? ""}/${segment}`;
    const values = samples[key];
    if (!values?.length) throw new Error(`${pattern}: no demo value for ${key}; add one to the samples of test/e2e/phone-width.test.ts`);
    urls = urls.flatMap((url) => values.map((value) => `${url}/${encodeURIComponent(value)}`));
  });
  return urls.flatMap((url) => [url, ...(OTHER_VIEWS[pattern] ?? []).map((query) => `${url}${query}`)]);
}

async function logIn(page: Page, email: string) {
  const base = environment.server.baseUrl;
  await page.goto(`${base}/dang-nhap`);
  await page.getByLabel("Email hoặc số điện thoại").fill(email);
  await page.getByLabel("Mật khẩu").fill("Demo@2026");
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(`${base}/`);
}

async function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "vi-VN" });
}

/** Waits until React has hydrated the page, then for one frame of the effects it ran. */
async function settle(page: Page) {
  await page.waitForFunction(() => "__remixRouter" in window, null, { timeout: 10_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * What a person holding a 360 px phone would notice, measured in the page:
 * - the page scrolls sideways (wider than the screen);
 * - a box hides part of its content beyond its right edge (a table scrolling inside its wrapper);
 * - a field whose text is under 16 px (iOS zooms into it);
 * - chart text under 12 px once the chart is scaled to the screen;
 * - a chart shape drawn another size than the chart says (a page rule resizing it);
 * - a table shown as cards whose cells do not say which column they are.
 */
function phoneProblems(width: number): string[] {
  const problems: string[] = [];
  const describe = (element: Element) => {
    const id = element.id ? `#${element.id}` : "";
    const classes = typeof element.className === "string" && element.className ? `.${element.className.trim().split(/\s+/).join(".")}` : "";
    const testId = element.getAttribute("data-testid");
    const text = (element.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
    return `<${element.localName}${id}${classes}${testId ? `[data-testid=${testId}]` : ""}> "${text}"`;
  };
  const visible = (element: Element) => {
    if (element.getClientRects().length === 0) return false;
    const style = getComputedStyle(element);
    return style.visibility !== "hidden" && style.display !== "none";
  };
  const all = Array.from(document.body.querySelectorAll("*")).filter(visible);

  const pageWidth = document.documentElement.scrollWidth;
  if (pageWidth > Math.min(window.innerWidth, width)) {
    // The outermost elements that stick out name the culprit.
    const out = all.filter((element) => element.getBoundingClientRect().right > width + 0.5);
    const outermost = out.filter((element) => !out.includes(element.parentElement!));
    problems.push(`page is ${pageWidth} px wide (screen ${window.innerWidth} px): ${outermost.slice(0, 3).map(describe).join(", ")}`);
  }

  for (const element of all) {
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement) continue;
    const style = getComputedStyle(element);
    if (!["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) continue;
    if (element.clientWidth <= 1 || style.textOverflow === "ellipsis") continue; // visually hidden; or cut with a visible "…"
    const hidden = element.scrollWidth - element.clientWidth;
    if (hidden > 1) problems.push(`${describe(element)} hides ${hidden} px of its content beyond its right edge`);
  }

  for (const field of document.querySelectorAll("input:not([type=hidden]), select, textarea")) {
    if (!visible(field)) continue;
    const size = parseFloat(getComputedStyle(field).fontSize);
    if (size < 16) problems.push(`${describe(field)}${field.getAttribute("name") ? ` name=${field.getAttribute("name")}` : ""} has ${size} px text: iOS zooms in`);
  }

  for (const svg of document.querySelectorAll("svg")) {
    const sizes = Array.from(svg.querySelectorAll("text"))
      .filter(visible)
      .map((text) => parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 1));
    const small = sizes.filter((size) => size < 12);
    if (small.length) problems.push(`${small.length} labels of ${describe(svg.closest("figure") ?? svg)} are under 12 px on screen (smallest ${Math.min(...small).toFixed(1)} px)`);
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const edge = text.getBoundingClientRect();
      if (visible(text) && (edge.left < box.left - 1 || edge.right > box.right + 1)) problems.push(`chart label ${describe(text)} is cut at the chart's edge`);
    }
  }

  for (const shape of document.querySelectorAll("svg rect")) {
    if (!visible(shape)) continue;
    const rect = shape as SVGRectElement;
    const scale = rect.getScreenCTM()?.d ?? 1;
    const drawn = rect.getBoundingClientRect().height;
    const meant = rect.height.baseVal.value * scale;
    if (Math.abs(drawn - meant) > 1) problems.push(`chart shape ${describe(rect)} is drawn ${drawn.toFixed(1)} px high, the chart says ${meant.toFixed(1)} px`);
  }

  for (const table of document.querySelectorAll("table")) {
    if (!visible(table)) continue;
    const cells = Array.from(table.querySelectorAll("tbody td")).filter(visible);
    if (cells.every((cell) => getComputedStyle(cell).display === "table-cell")) continue;
    const headers = Array.from(table.querySelectorAll("thead th")).map((th) => (th.textContent ?? "").trim());
    for (const cell of cells) {
      // A cell across the columns is a message ("nobody yet"), not a value.
      if ((cell as HTMLTableCellElement).colSpan > 1) continue;
      const label = cell.getAttribute("data-label");
      if (!label || !headers.some((header) => header.startsWith(label))) {
        problems.push(`card ${describe(cell)} does not name its column (data-label ${JSON.stringify(label)}, columns ${JSON.stringify(headers)})`);
      }
    }
  }
  return problems;
}

async function demoSamples(): Promise<Samples> {
  const client = new pg.Client({ connectionString: environment.server.databaseUrl });
  await client.connect();
  try {
    const one = async (sql: string, values: unknown[] = []) => {
      const { rows } = await client.query(sql, values);
      if (!rows[0]) throw new Error(`no demo row for: ${sql}`);
      return String(Object.values(rows[0])[0]);
    };
    const contestId = await one("select id from contests where slug = $1", [DEMO_CONTEST_SLUG]);
    // A staff list on the top unit, so that its roster page shows the table (in full or masked).
    await client.query(`
      with top as (select id from units where parent_id is null order by id limit 1),
      added as (
        insert into roster_entries (unit_id, full_name, name_folded, birth_date, cccd, phone, position)
        select id, 'Nguyễn Thị Phương Thảo', 'nguyen thi phuong thao', '1985-09-05', '087190001234', '0912345678', 'Phó Trưởng phòng Cải cách hành chính và Chuyển đổi số'
        from top where not exists (select 1 from roster_entries where cccd = '087190001234')
        returning unit_id
      )
      update units set roster_size = coalesce(roster_size, 0) + 1 where id in (select unit_id from added)`);
    return {
      "cuoc-thi/:slug": [DEMO_CONTEST_SLUG],
      "cuoc-thi/:id": [contestId],
      "cuoc-thi/:contestId": [contestId],
      // A round's page and the form for a new one.
      "dot/:roundId": [await one("select id from rounds where contest_id = $1 order by number limit 1", [contestId]), "moi"],
      "cau-hoi/:id": [await one("select id from questions order by id limit 1")],
      "ngan-hang/:key": [await one("select key from question_banks order by id limit 1")],
      // The top of the tree: the unit with the most on its page.
      "don-vi/:id": [await one("select id from units where parent_id is null order by id limit 1")],
      "tai-khoan/:userId": [await one("select id from users where email = 'thisinh@demo.cchc.vn'")],
    };
  } finally {
    await client.end();
  }
}

/**
 * The demo contest in the middle of its life, so that the pages show their tables and charts:
 * round 1 taken, closed and its results published (a winner, a collective prize), round 2 running
 * with an entry under way; an export job; a password-reset link. Adds the samples this makes.
 */
async function bringDemoToLife(pages: Map<Role, Page>, samples: Samples) {
  const base = environment.server.baseUrl;
  const contestId = samples["cuoc-thi/:id"][0];
  const contestant = pages.get("contestant")!;
  await contestant.goto(`${base}/cuoc-thi/${DEMO_CONTEST_SLUG}`);
  await confirmStart(contestant);
  await contestant.waitForURL(/\/bai-thi\/\d+$/);
  const submitted = contestant.url().split("/").pop()!;
  const questions = contestant.getByTestId("question");
  await questions.first().waitFor();
  const count = await questions.count();
  for (let i = 0; i < count; i++) await questions.nth(i).locator("label.option").nth(i % 2).click();
  await expect.poll(() => contestant.getByText("Đã lưu").count(), { timeout: 15_000 }).toBe(count);
  await contestant.getByRole("button", { name: "Nộp bài" }).click();
  await contestant.getByRole("button", { name: "Xác nhận nộp bài" }).click();
  await contestant.getByRole("heading", { name: "Bạn đã nộp bài" }).waitFor();

  const organizer = pages.get("organizer")!;
  await organizer.goto(`${base}/quan-ly/cuoc-thi/${contestId}/khen-thuong`);
  const firstRound = organizer.locator("fieldset", { has: organizer.locator("legend", { hasText: "Đợt 1" }) });
  await firstRound.getByLabel("Có giải", { exact: true }).check();
  await firstRound.getByLabel("Giải Nhất", { exact: true }).fill("1");
  await firstRound.getByLabel("Có giải tập thể", { exact: true }).check();
  await firstRound.getByLabel("Tập thể – Giải Nhất", { exact: true }).fill("1");
  await firstRound.getByLabel("Số người tham gia tối thiểu", { exact: true }).fill("1");
  await organizer.getByRole("button", { name: "Lưu cơ cấu giải" }).click();
  await organizer.getByText("Đã lưu cơ cấu giải thưởng").waitFor();
  await organizer.goto(`${base}/quan-ly/cuoc-thi/${contestId}`);
  // Both ask first, on a panel that says what happens, and need a written reason.
  await organizer.getByRole("row", { name: /Đợt thi thử/ }).getByRole("link", { name: /Đóng ngay/ }).click();
  await organizer.getByTestId("confirm-action").getByLabel("Lý do đóng đợt thi ngay").fill("Kết thúc đợt thi thử theo kế hoạch");
  await organizer.getByRole("button", { name: "Xác nhận đóng đợt thi" }).click();
  await organizer.getByText("Đợt thi đã đóng").waitFor();
  await organizer.getByRole("row", { name: /Đợt thi chính thức/ }).getByRole("link", { name: /Mở ngay/ }).click();
  await organizer.getByTestId("confirm-action").getByLabel("Lý do mở đợt thi ngay").fill("Mở sớm đợt chính thức theo chỉ đạo");
  await organizer.getByRole("button", { name: "Xác nhận mở đợt thi" }).click();
  await organizer.getByText("Đợt thi đã mở").waitFor();
  // The server works out round 1's prediction answer within seconds; then its results are final.
  await expect
    .poll(
      async () => {
        await organizer.goto(`${base}/quan-ly/cuoc-thi/${contestId}/khen-thuong`);
        return organizer.getByRole("cell", { name: "Lê Thị Thí Sinh" }).count();
      },
      { timeout: 20_000, interval: 1_000 },
    )
    .toBeGreaterThan(0);
  await organizer.getByRole("button", { name: "Công bố kết quả…" }).click();
  await organizer.getByLabel(/Tôi xác nhận công bố/).check();
  await organizer.getByRole("button", { name: "Công bố", exact: true }).click();
  await organizer.getByText("Đã công bố kết quả").waitFor();

  await contestant.goto(`${base}/cuoc-thi/${DEMO_CONTEST_SLUG}`);
  await confirmStart(contestant);
  await contestant.waitForURL((url) => /\/bai-thi\/\d+$/.test(url.pathname) && !url.pathname.endsWith(`/${submitted}`));
  samples["bai-thi/:entryId"] = [submitted, contestant.url().split("/").pop()!];

  await organizer.goto(`${base}/quan-ly/cuoc-thi/${contestId}/xuat`);
  await organizer.getByRole("button", { name: "Xuất tệp Excel" }).click();
  await organizer.waitForURL(/\/quan-ly\/xuat\/[^/]+$/);
  samples["xuat/:jobId"] = [organizer.url().split("/").pop()!];

  const anonymous = pages.get("anonymous")!;
  await anonymous.goto(`${base}/quen-mat-khau`);
  await anonymous.getByLabel("Email hoặc số điện thoại").fill("thisinh@demo.cchc.vn");
  await anonymous.getByRole("button", { name: "Gửi liên kết đặt lại mật khẩu" }).click();
  await anonymous.getByText("chúng tôi đã gửi thư hướng dẫn đặt lại mật khẩu").waitFor();
  const admin = pages.get("admin")!;
  let mail = "";
  await expect
    .poll(async () => {
      await admin.goto(`${base}/quan-tri/thu-da-gui`);
      mail = (await admin.locator("pre").allTextContents()).join("\n");
      return /\/dat-lai-mat-khau\/([A-Za-z0-9_-]{43})/.exec(mail)?.[1];
    })
    .toBeTruthy();
  samples["dat-lai-mat-khau/:token"] = [/\/dat-lai-mat-khau\/([A-Za-z0-9_-]{43})/.exec(mail)![1]];
}

describe("the 360 px test over every route and role", () => {
  it("every page each role can open fits a 360 × 800 phone: nothing beyond the right edge, no field under 16 px", async () => {
    const base = environment.server.baseUrl;
    const routes = pageRoutes();
    expect(routes.length).toBeGreaterThan(30);
    const samples = await demoSamples();
    const pages = new Map<Role, Page>();
    const problems: string[] = [];
    for (const role of ROLES) {
      const page = await (await phoneContext(environment.browser)).newPage();
      // A page that breaks in the browser is a problem too.
      page.on("pageerror", (error) => problems.push(`${role} ${page.url()}: script error ${error.message}`));
      const account = DEMO_ACCOUNTS.find((a) => a.role === role);
      if (account) await logIn(page, account.email);
      pages.set(role, page);
    }

    await bringDemoToLife(pages, samples);

    // The roles walk the routes side by side, each in its own browser context.
    const opened = new Map<string, Set<Role>>(routes.map((route) => [route.pattern, new Set<Role>()]));
    const urls = new Map(routes.map((route) => [route.pattern, urlsOf(route.pattern, samples)]));
    let visits = 0;
    const sweepStarted = Date.now();
    await Promise.all(
      ROLES.map(async (role) => {
        const page = pages.get(role)!;
        for (const route of routes) {
          for (const url of urls.get(route.pattern)!) {
            const response = await page.goto(`${base}${url}`, { waitUntil: "commit" });
            // A page this role cannot open (a redirect to the login page, 403, 404, a spent link) is not theirs.
            if (!response || response.status() !== 200 || response.request().redirectedFrom()) continue;
            await page.waitForLoadState("load");
            await settle(page);
            visits += 1;
            opened.get(route.pattern)!.add(role);
            for (const problem of await page.evaluate(phoneProblems, PHONE.width)) problems.push(`${role} ${url}: ${problem}`);
          }
        }
      }),
    );
    console.log(`360 px test: ${routes.length} page routes, ${visits} pages visited across ${ROLES.length} roles in ${Math.round((Date.now() - sweepStarted) / 1000)} s`);
    for (const [pattern, roles] of opened) console.log(`  ${pattern}: ${[...roles].join(", ")}`);

    // A route nobody could open was not tested: its demo value is wrong or the route is broken.
    expect([...opened].filter(([, roles]) => roles.size === 0).map(([pattern]) => pattern)).toEqual([]);
    expect(problems.sort()).toEqual([]);
    for (const page of pages.values()) await page.context().close();
  }, 600_000);
});
