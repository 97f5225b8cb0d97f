import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeProposal, savePrizeStructure } from "~/awards/commendation.server";
import { prizeStructureSchema } from "~/awards/prize-structure";
import { computeDuePredictions } from "~/contests/round-closing.server";
import { contestCounters, getMyProgress, roundCounters } from "~/contests/contests.server";
import { finaliseDueEntries, saveAnswer, startEntry, submitEntry } from "~/entries/entries.server";
import { getParRule, parPointsTable } from "~/exports/par-points.server";
import { questionStats } from "~/questions/question-stats.server";
import { readRankingRows } from "~/rankings/ranking-export.server";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { answerKeyInDisplayOrder } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// An organizer takes a whole entry of a round as a contestant would — the real entry page, timer,
// answer save, scoring and review — and it counts nowhere (docs/decisions/0010): no ranking, counter,
// statistic, export, PAR point, award proposal, prediction value or attempt limit moves.

let app: TestApp;
let organizer: TestClient;
let organizerId: number;
let contestId: number;
let roundId: number;
const slug = "thi-xem-thu";

async function person(name: string, unitId: number) {
  const { id } = await app.db
    .insertInto("users")
    .values({ full_name: name, email: `${name.toLowerCase().replace(/\s+/g, ".")}.${Date.now()}@example.vn`, password_hash: "x", unit_id: unitId })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A contestant's real entry, `right` questions answered right, submitted. */
async function realEntry(userId: number, right: number) {
  const { entryId } = await startEntry(app.db, { roundId, userId });
  const key = await answerKeyInDisplayOrder(app.db, entryId);
  for (const [i, q] of key.slice(0, right).entries()) await saveAnswer(app.db, { entryId, userId, position: q.position, chosen: q.correctDisplay, revision: i + 1 });
  await submitEntry(app.db, { entryId, userId });
}

/** Everything that counts entries: kept tables, counters, question statistics, exports, PAR points, the award proposal, the organizer's attempts. */
async function everythingCounted() {
  const byRound = async (table: string) => (await sql`select * from ${sql.table(table)} where round_id = ${roundId} order by 1, 2, 3, 4`.execute(app.db)).rows;
  const byContest = async (table: string) => (await sql`select * from ${sql.table(table)} where contest_id = ${contestId} order by 1, 2, 3, 4`.execute(app.db)).rows;
  const bankQuestions = await app.db
    .selectFrom("questions")
    .select("id")
    .where("bank_id", "=", (await app.db.selectFrom("rounds").select("bank_id").where("id", "=", roundId).executeTakeFirstOrThrow()).bank_id!)
    .orderBy("id")
    .execute();
  const exported = await app.db.transaction().execute(async (trx) => {
    const rows = [];
    for (const scope of [{ kind: "round" as const, roundId }, { kind: "contest" as const, contestId }]) for await (const row of readRankingRows(trx, { scope })) rows.push(row);
    return rows;
  });
  const { rule } = await getParRule(app.db, contestId);
  const { computedAt: _, ...proposal } = await computeProposal(app.db, contestId);
  return {
    kept: {
      roundResults: await byRound("round_results"),
      unitRoundStats: await byRound("unit_round_stats"),
      roundBuckets: await byRound("round_rank_buckets"),
      roundHours: await byRound("round_entry_hours"),
      contestResults: await byContest("contest_results"),
      unitContestStats: await byContest("unit_contest_stats"),
      contestBuckets: await byContest("contest_rank_buckets"),
    },
    counters: { contest: await contestCounters(app.db, contestId), round: [...(await roundCounters(app.db, [roundId])).values()] },
    stats: await Promise.all(bankQuestions.map((q) => questionStats(app.db, q.id))),
    exported,
    par: await parPointsTable(app.db, { scope: { kind: "round", roundId }, parentUnitId: null, rule }),
    proposal,
    organizerProgress: [...(await getMyProgress(app.db, organizerId, [{ id: roundId, maxEntries: 1 }])).values()],
  };
}

beforeAll(async () => {
  app = await startTestApp();
  const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();
  const province = await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  ({ id: organizerId } = await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow());
  ({ id: contestId } = await app.db
    .insertInto("contests")
    .values({ slug, title: "Thi tìm hiểu có bản xem thử", rules: "Thể lệ", owner_unit_id: province.id, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow());
  const { id: groupId } = await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow();
  await app.db.insertInto("contest_group_units").values({ group_id: groupId, unit_id: province.id }).execute();
  ({ id: roundId } = await app.db
    .insertInto("rounds")
    .values({
      contest_id: contestId,
      number: 1,
      title: "Tuần 1",
      opens_at: new Date(Date.now() - 3600_000),
      closes_at: new Date(Date.now() + 3600_000),
      time_limit_seconds: 900,
      bank_id: demo.bank_id,
      question_count: 20,
      blueprint: JSON.stringify(demo.blueprint),
      points_per_question: 5,
      max_entries: 1,
      // Contestants never see the answers; the organizer trying the round does.
      review_policy: "never",
      prediction_rule: "entries",
      prediction_prompt: "Bao nhiêu lượt dự thi?",
    })
    .returning("id")
    .executeTakeFirstOrThrow());
  await realEntry(await person("Nguyễn Văn An", province.id), 12);
  await realEntry(await person("Trần Thị Bình", province.id), 4);
  const structure = prizeStructureSchema.parse({
    atMostOneIndividualPrize: false,
    scopes: [{ scope: { kind: "round", roundId }, groups: [{ groupId: null, individual: { first: 1, second: 1, third: 1, consolation: 0 } }] }],
  });
  await savePrizeStructure(app, contestId, { structure, actorId: organizerId });
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
});
afterAll(() => app?.close());

const KEY_MARKERS = /"correct"|"isCorrect"|"explanation"|"basis"|question_version_id|Giải thích:|Căn cứ:/;

describe("an organizer's preview entry", () => {
  let entryId: string;

  it("is the real entry page, labelled, with no answer key before it is final, and counts nothing while it runs", async () => {
    const before = await everythingCounted();
    const started = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, { intent: "preview-entry", roundId });
    expect(started.status).toBe(302);
    entryId = /^\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    // Asking again resumes the same preview (a double click).
    const again = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, { intent: "preview-entry", roundId });
    expect(again.headers.get("location")).toBe(`/bai-thi/${entryId}`);

    const html = await (await organizer.get(`/bai-thi/${entryId}`)).text();
    expect(html).toContain("Bản xem thử — không tính điểm");
    expect(html).not.toMatch(KEY_MARKERS);
    const data = await (await organizer.get(`/bai-thi/${entryId}?_data=routes%2Fbai-thi.%24entryId`)).json();
    expect(data).toMatchObject({ status: "in_progress", practice: true, review: null });
    expect(data.questions).toHaveLength(20);
    expect(data.remainingMs).toBeGreaterThan(14 * 60_000);

    // Every answer right, through the real answer API, and a prediction.
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    for (const [i, q] of key.entries()) {
      const saved = await organizer.postJson(`/api/entries/${entryId}/answers`, { position: q.position, chosen: q.correctDisplay, revision: i + 1 });
      expect(saved.status).toBe(200);
    }
    expect((await organizer.postJson(`/api/entries/${entryId}/prediction`, { prediction: 3 })).status).toBe(200);
    expect(await everythingCounted()).toEqual(before);

    // Submitted: scored like any entry, and the review is there despite the round's "never".
    expect((await organizer.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    const result = await (await organizer.get(`/bai-thi/${entryId}?_data=routes%2Fbai-thi.%24entryId`)).json();
    expect(result).toMatchObject({ status: "submitted", practice: true, result: { score: 100, correctCount: 20 } });
    expect(result.review.available).toBe(true);
    expect(result.review.questions.map((q: { explanation: string }) => q.explanation)).toEqual(key.map((q) => q.explanation));
    const review = await (await organizer.get(`/bai-thi/${entryId}`)).text();
    expect(review).toContain("Bản xem thử — không tính điểm");
    expect(review).toContain("Đáp án và giải thích");
    expect(review).toContain(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`);
    expect(review).not.toContain("Xem bảng xếp hạng");

    // A perfect score, counted nowhere; a rebuild from the entries agrees.
    expect(await everythingCounted()).toEqual(before);
    await rebuildRankings(app.db, { contestId });
    expect(await everythingCounted()).toEqual(before);

    // The preview page lists it, with a link back to its review.
    const preview = await (await organizer.get(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`)).text();
    expect(preview).toContain(`href="/bai-thi/${entryId}"`);
    expect(preview).toContain("lần 1: 100 điểm");
  });

  it("uses none of the organizer's attempts, and never enters the prediction's true value or the award proposal", async () => {
    // The round allows one entry per person: the organizer still has theirs.
    const real = await startEntry(app.db, { roundId, userId: organizerId });
    expect(real.resumed).toBe(false);
    expect(real.entryId).not.toBe(entryId);
    const attempts = await app.db.selectFrom("entries").select(["attempt_no", "practice"]).where("round_id", "=", roundId).where("user_id", "=", organizerId).orderBy("id").execute();
    expect(attempts).toEqual([
      { attempt_no: 1, practice: true },
      { attempt_no: 1, practice: false },
    ]);
    await submitEntry(app.db, { entryId: real.entryId, userId: organizerId });

    // A second preview, left running when the round closes: it blocks nothing and is finalised on its own time.
    const second = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, { intent: "preview-entry", roundId });
    const secondId = /(\d+)$/.exec(second.headers.get("location") ?? "")![1];
    expect(secondId).not.toBe(entryId);
    await sql`update rounds set closes_at = now() - interval '1 minute' where id = ${roundId}`.execute(app.db);
    await finaliseDueEntries(app.db);
    await computeDuePredictions(app.db);
    const round = await app.db.selectFrom("rounds").select("prediction_value").where("id", "=", roundId).executeTakeFirstOrThrow();
    // Three real entries (two contestants and the organizer's own), not the previews.
    expect(round.prediction_value).toBe(3);
    expect((await app.db.selectFrom("entries").select("status").where("id", "=", secondId).executeTakeFirstOrThrow()).status).toBe("in_progress");

    const proposal = await computeProposal(app.db, contestId);
    expect(proposal.blockers).toEqual([]);
    const scope = proposal.scopes[0];
    expect(JSON.stringify(scope)).toContain("Nguyễn Văn An");
    // The organizer's real entry (0 points) competes; their perfect preview does not.
    const organizerResult = await app.db.selectFrom("round_results").select(["score", "entries"]).where("round_id", "=", roundId).where("user_id", "=", organizerId).executeTakeFirstOrThrow();
    expect(organizerResult).toEqual({ score: 0, entries: 1 });
    const { rows } = await sql<{ n: string }>`select sum(entries) as n from unit_round_stats where round_id = ${roundId}`.execute(app.db);
    expect(Number(rows[0].n)).toBe(3);
  });

  it("is refused to a contestant", async () => {
    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const response = await contestant.postForm(`/quan-ly/cuoc-thi/${contestId}/xem-truoc`, { intent: "preview-entry", roundId });
    expect([302, 403, 404]).toContain(response.status);
    expect(response.headers.get("location") ?? "").not.toMatch(/bai-thi/);
    const count = await app.db.selectFrom("entries").select((eb) => eb.fn.countAll<string>().as("n")).where("practice", "=", true).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2);
  });
});
