import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
