import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RANKING_PUBLIC_LABEL } from "~/contests/contest-forms";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// The organizer's setting that decides whether contestants and the public may read a contest's rankings.

let app: TestApp;
let organizer: TestClient;
let provinceId: number;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  provinceId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

const contestFields = (slug: string, extra: Record<string, string> = {}) => ({ title: "Cuộc thi xếp hạng", slug, rules: "Thể lệ của cuộc thi.", prizes: "", ownerUnitId: String(provinceId), ...extra });

async function create(slug: string, extra: Record<string, string> = {}) {
  const response = await organizer.postForm("/quan-ly/cuoc-thi", contestFields(slug, extra));
  expect(response.status).toBe(302);
  return Number(/\/quan-ly\/cuoc-thi\/(\d+)$/.exec(response.headers.get("location") ?? "")![1]);
}

const rankingPublic = async (id: number) => (await app.db.selectFrom("contests").select("ranking_public").where("id", "=", id).executeTakeFirstOrThrow()).ranking_public;

const updates = (id: number) =>
  app.db.selectFrom("contest_log").select(["action", "details"]).where("contest_id", "=", id).where("action", "=", "contest.updated").orderBy("id").execute();

describe("public ranking setting", () => {
  it("both forms show the checkbox, ticked for a new contest", async () => {
    const html = await (await organizer.get("/quan-ly/cuoc-thi")).text();
    expect(html).toContain(RANKING_PUBLIC_LABEL);
    expect(html).toMatch(/<input type="checkbox" name="rankingPublic" checked=""/);
  });

  it("is saved as ticked or not when a contest is created", async () => {
    expect(await rankingPublic(await create("cong-khai", { rankingPublic: "on" }))).toBe(true);
    expect(await rankingPublic(await create("khong-cong-khai"))).toBe(false);
  });

  it("is changed on the contest page, each change written in the contest log, no entry when nothing changed", async () => {
    const id = await create("doi-che-do", { rankingPublic: "on" });
    const save = (extra: Record<string, string>) => organizer.postForm(`/quan-ly/cuoc-thi/${id}`, { intent: "update", ...contestFields("doi-che-do", extra) });

    expect((await save({})).status).toBe(200);
    expect(await rankingPublic(id)).toBe(false);
    let page = await (await organizer.get(`/quan-ly/cuoc-thi/${id}`)).text();
    expect(page).toMatch(/<input type="checkbox" name="rankingPublic"\/>/);

    expect((await save({ rankingPublic: "on" })).status).toBe(200);
    expect(await rankingPublic(id)).toBe(true);
    page = await (await organizer.get(`/quan-ly/cuoc-thi/${id}`)).text();
    expect(page).toMatch(/<input type="checkbox" name="rankingPublic" checked=""\/>/);

    expect((await save({ rankingPublic: "on" })).status).toBe(200);
    expect((await updates(id)).map((u) => u.details)).toEqual([{ rankingPublic: false }, { rankingPublic: true }]);
  });

  it("cannot be changed by anyone but organizers, and a refused form changes nothing", async () => {
    const id = await create("chi-ban-to-chuc", { rankingPublic: "on" });
    for (const login of ["thisinh@demo.cchc.vn", "lanhdao@demo.cchc.vn"]) {
      const other = app.client();
      await other.login(login, DEMO_PASSWORD);
      const response = await other.postForm(`/quan-ly/cuoc-thi/${id}`, { intent: "update", ...contestFields("chi-ban-to-chuc") });
      expect(response.status).toBe(403);
    }
    const bad = await organizer.postForm(`/quan-ly/cuoc-thi/${id}`, { intent: "update", ...contestFields("chi-ban-to-chuc", { title: "x" }) });
    expect(bad.status).toBe(400);
    expect(await rankingPublic(id)).toBe(true);
    expect(await updates(id)).toEqual([]);
  });
});
