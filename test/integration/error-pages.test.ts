import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { RESULTS_FROZEN_MESSAGE } from "~/awards/freeze.server";
import { demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Error pages keep the site's header and navigation (who is logged in, where they may go), and
// say in Vietnamese what happened; a refused submit stays on the entry page.

const NAV = 'aria-label="Điều hướng chính"';

let app: TestApp;
let organizer: TestClient;
let contestant: TestClient;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  contestant = app.client();
  await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
});

afterAll(async () => {
  await app?.close();
});

describe("error pages", () => {
  it("a 404 keeps the header and the organizer's navigation", async () => {
    const response = await organizer.get("/quan-ly/cuoc-thi/2147483647");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(NAV);
    expect(html).toContain('href="/quan-ly"');
    expect(html).toContain("Nguyễn Thị Tổ Chức");
    expect(html).toContain("Không tìm thấy trang");
    expect(html).toContain("Không tìm thấy cuộc thi.");
  });

  it("a 403 keeps the header and the contestant's navigation", async () => {
    const response = await contestant.get("/quan-ly");
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(NAV);
    expect(html).toContain('href="/cuoc-thi-cua-toi"');
    expect(html).toContain("Lê Thị Thí Sinh");
    expect(html).toContain("Không có quyền truy cập");
  });

  it("an unknown address keeps the header for a visitor", async () => {
    const response = await app.client().get("/khong-co-trang-nay");
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain(NAV);
    expect(html).toContain('href="/dang-nhap"');
    expect(html).toContain("Không tìm thấy trang");
  });

  it("a refused submit shows its message on the entry page, which keeps the questions", async () => {
    const round = await demoRound(app.db);
    const entryId = await startEntryViaHttp(contestant, round.slug, round.id);
    const contest = await app.db.selectFrom("rounds").select("contest_id").where("id", "=", round.id).executeTakeFirstOrThrow();
    // Behind a standing publication nothing may change: the submit is refused (409).
    await app.db.updateTable("contests").set({ results_frozen_at: new Date(), results_frozen_rounds: [round.id] }).where("id", "=", contest.contest_id).execute();
    try {
      const response = await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
      expect(response.status).toBe(409);
      const html = await response.text();
      expect(html).toContain(NAV);
      expect(html).toContain('data-testid="submit-refused"');
      expect(html).toContain(RESULTS_FROZEN_MESSAGE);
      expect(html).toContain('data-testid="question"');
      expect(html).toContain("Nộp bài");
    } finally {
      await app.db.updateTable("contests").set({ results_frozen_at: null, results_frozen_rounds: null }).where("id", "=", contest.contest_id).execute();
    }
  });
});

describe("the site's icon and web app manifest", () => {
  it("answers /favicon.ico with an icon, not the 404 page", async () => {
    const response = await app.client().get("/favicon.ico");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/x-icon");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
  });

  it("links the icons and the manifest from every page, with the theme colour", async () => {
    const html = await (await app.client().get("/")).text();
    for (const link of ['rel="icon" href="/favicon.ico"', 'rel="icon" href="/icon.svg"', 'rel="apple-touch-icon" href="/apple-touch-icon.png"', 'rel="manifest" href="/manifest.webmanifest"']) {
      expect(html).toContain(link);
    }
    expect(html).toContain('<meta name="theme-color" content="#b3261e"/>');
  });

  it("gives a phone's home screen a Vietnamese name and icons that exist", async () => {
    const client = app.client();
    const response = await client.get("/manifest.webmanifest");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/manifest+json");
    const manifest = (await response.json()) as { name: string; short_name: string; lang: string; theme_color: string; icons: { src: string; type: string; sizes: string; purpose: string }[] };
    expect(manifest).toMatchObject({ name: "Thi tìm hiểu cải cách hành chính", short_name: "Thi CCHC", lang: "vi", theme_color: "#b3261e" });
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    expect(manifest.icons.some((icon) => icon.purpose === "maskable")).toBe(true);
    for (const icon of [...manifest.icons, { src: "/apple-touch-icon.png", type: "image/png" }]) {
      const file = await client.get(icon.src);
      expect(file.status, icon.src).toBe(200);
      expect(file.headers.get("content-type"), icon.src).toBe(icon.type);
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (icon.type === "image/png") {
        expect([...bytes.subarray(1, 4)], icon.src).toEqual([0x50, 0x4e, 0x47]); // "PNG"
        // A PNG's width and height sit at bytes 16-23 of its header chunk.
        const view = new DataView(bytes.buffer, bytes.byteOffset);
        if ("sizes" in icon) expect(`${view.getUint32(16)}x${view.getUint32(20)}`, icon.src).toBe(icon.sizes);
      }
    }
  });

  it("answers an unknown address with the 404 page and writes nothing to the error log", async () => {
    const errors = vi.spyOn(console, "error");
    try {
      for (const url of ["/apple-touch-icon-precomposed.png", "/khong-co/trang-nay", "/robots.txt"]) {
        expect((await app.client().get(url)).status, url).toBe(404);
      }
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
