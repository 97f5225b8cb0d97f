import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeProposal, getPublication, publishResults, savePrizeStructure } from "~/awards/commendation.server";
import { RESULTS_FROZEN_MESSAGE } from "~/awards/freeze.server";
import { prizeStructureSchema } from "~/awards/prize-structure";
import { startEntry } from "~/entries/entries.server";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

// Weekly contests publish results round by round (DOMAIN: "Results are published per round").
// With prizes set for every week up front, week 1 is published while week 2 still runs; when
// week 2 is final it is added as a new version that carries week 1 over unchanged — no
// correction, no reason — and the public page does not call it a correction.

let app: TestApp;
let contestId: number;
let organizerId: number;
let week1: number;
let week2: number;
let groupId: number;
const slug = "thi-hang-tuan";
const DAY = 24 * 3600 * 1000;

async function person(name: string, unitId: number) {
  const { id } = await app.db
    .insertInto("users")
    .values({ full_name: name, email: `${name.toLowerCase().replace(/\s+/g, ".")}.${Date.now()}@example.vn`, password_hash: "x", unit_id: unitId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function result(roundId: number, userId: number, score: number, finishedAt: number) {
  await app.db
    .insertInto("entries")
    .values({
      round_id: roundId,
      user_id: userId,
      attempt_no: 1,
      status: "submitted",
      started_at: new Date(finishedAt - 60_000),
      deadline: new Date(finishedAt + 600_000),
      finished_at: new Date(finishedAt),
      question_count: 20,
      score,
      correct_count: score / 5,
      duration_ms: 60_000,
      group_id: groupId,
    })
    .execute();
}

beforeAll(async () => {
  app = await startTestApp();
  const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();
  const province = await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  ({ id: organizerId } = await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow());
  ({ id: contestId } = await app.db
    .insertInto("contests")
    .values({ slug, title: "Thi tìm hiểu chuyển đổi số hằng tuần", rules: "Thể lệ", owner_unit_id: province.id, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow());
  ({ id: groupId } = await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow());
  await app.db.insertInto("contest_group_units").values({ group_id: groupId, unit_id: province.id }).execute();
  const now = Date.now();
  const ids: number[] = [];
  for (const [number, opens, closes] of [
    [1, now - 8 * DAY, now - DAY],
    [2, now - DAY, now + 6 * DAY],
  ]) {
    const { id } = await app.db
      .insertInto("rounds")
      .values({
        contest_id: contestId,
        number,
        title: `Tuần ${number}`,
        opens_at: new Date(opens),
        closes_at: new Date(closes),
        time_limit_seconds: 900,
        bank_id: demo.bank_id,
        question_count: 20,
        blueprint: JSON.stringify(demo.blueprint),
        points_per_question: 5,
        max_entries: 3,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.push(id);
  }
  [week1, week2] = ids;
  const [an, binh, chau] = [await person("Nguyễn Văn An", province.id), await person("Trần Thị Bình", province.id), await person("Lê Minh Châu", province.id)];
  await result(week1, an, 100, now - 2 * DAY);
  await result(week1, binh, 90, now - 2 * DAY);
  await result(week2, chau, 95, now - 3600_000);
  await result(week2, an, 80, now - 3600_000);
  await rebuildRankings(app.db, { contestId });
  const structure = prizeStructureSchema.parse({
    atMostOneIndividualPrize: false,
    scopes: [week1, week2].map((roundId) => ({
      scope: { kind: "round", roundId },
      groups: [{ groupId: null, individual: { first: 1, second: 0, third: 0, consolation: 0 } }],
    })),
  });
  await savePrizeStructure(app, contestId, { structure, actorId: organizerId });
});

afterAll(async () => {
  await app?.close();
});

const winnersOf = (scopes: { roundId: number | null; winners: { fullName: string }[] }[], roundId: number) =>
  scopes.find((s) => s.roundId === roundId)?.winners.map((w) => w.fullName) ?? null;

describe("weekly publication", () => {
  it("publishes a finished week while the next one still runs, and keeps that one open", async () => {
    const proposal = await computeProposal(app.db, contestId);
    expect(proposal.blockers).toEqual([]);
    expect(proposal.scopes.find((s) => s.roundId === week2)?.status).toBe("not-final");

    expect(await publishResults(app, contestId, { actorId: organizerId })).toEqual({ version: 1, added: false });
    const v1 = (await getPublication(app.db, contestId))!;
    expect(winnersOf(v1.proposal.scopes, week1)).toEqual(["Nguyễn Văn An"]);
    expect(winnersOf(v1.proposal.scopes, week2)).toBeNull();
    const contest = await app.db.selectFrom("contests").select("results_frozen_rounds").where("id", "=", contestId).executeTakeFirstOrThrow();
    expect(contest.results_frozen_rounds).toEqual([week1]);

    // Week 2 takes entries; week 1 does not.
    const someone = await person("Phạm Thị Dung", (await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow()).id);
    await expect(startEntry(app.db, { roundId: week2, userId: someone })).resolves.toMatchObject({ resumed: false });
    await app.db.deleteFrom("entries").where("round_id", "=", week2).where("user_id", "=", someone).execute();
    // Nothing new is final yet: publishing again is refused as before.
    await expect(publishResults(app, contestId, { actorId: organizerId })).rejects.toThrow(RESULTS_FROZEN_MESSAGE);
  });

  it("adds the next week once it is final, carrying the first over unchanged, without calling it a correction", async () => {
    await app.db.updateTable("rounds").set({ closes_at: new Date(Date.now() - 1000) }).where("id", "=", week2).execute();
    const before = (await getPublication(app.db, contestId, 1))!;
    const organizer = app.client();
    await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
    const awardsPage = await (await organizer.get(`/quan-ly/cuoc-thi/${contestId}/khen-thuong`)).text();
    expect(awardsPage.replaceAll("<!-- -->", "")).toContain("Đã có kết quả cuối cùng, chưa công bố: Đợt 2: Tuần 2.");
    expect(awardsPage).toContain("Công bố thêm kết quả");
    expect(await publishResults(app, contestId, { actorId: organizerId })).toEqual({ version: 2, added: true });
    const v2 = (await getPublication(app.db, contestId, 2))!;
    expect(v2.reason).toBeNull();
    expect(v2.proposal.scopes.find((s) => s.roundId === week1)).toEqual(before.proposal.scopes.find((s) => s.roundId === week1));
    expect(winnersOf(v2.proposal.scopes, week2)).toEqual(["Lê Minh Châu"]);
    expect(await getPublication(app.db, contestId, 1)).toEqual(before);
    const contest = await app.db.selectFrom("contests").select("results_frozen_rounds").where("id", "=", contestId).executeTakeFirstOrThrow();
    expect([...(contest.results_frozen_rounds ?? [])].sort()).toEqual([week1, week2].sort());

    const publicPage = await (await app.client().get(`/cuoc-thi/${slug}/ket-qua`)).text();
    expect(publicPage).toContain("Nguyễn Văn An");
    expect(publicPage).toContain("Lê Minh Châu");
    expect(publicPage).toContain("Công bố lần 2");
    expect(publicPage).not.toContain("Đính chính");
    const actions = (await app.db.selectFrom("contest_log").select("action").where("contest_id", "=", contestId).where("action", "like", "results.%").orderBy("id").execute()).map((r) => r.action);
    expect(actions).toEqual(["results.published", "results.published"]);
  });
});
