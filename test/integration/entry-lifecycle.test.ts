import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finaliseDueEntries } from "~/entries/entries.server";
import { startFinaliser } from "~/entries/finaliser.server";
import { answerKeyInDisplayOrder, demoRound, startEntryViaHttp } from "../support/entries";
import { startTestApp, type TestApp, type TestClient } from "../support/test-app";

let app: TestApp;
let round: { id: number; slug: string };
let unitId: number;

beforeAll(async () => {
  app = await startTestApp();
  round = await demoRound(app.db);
  unitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH-P-ANH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app.close());

let counter = 0;
async function newContestant(): Promise<TestClient> {
  const client = app.client();
  counter++;
  const response = await client.postForm("/dang-ky", {
    fullName: `Thí Sinh Số ${counter}`,
    login: `ts${counter}-${Date.now()}@example.vn`,
    password: "mat-khau-du-dai",
    confirmPassword: "mat-khau-du-dai",
    unitId,
  });
  expect(response.status).toBe(302);
  return client;
}

const entryData = (client: TestClient, entryId: string) => client.get(`/bai-thi/${entryId}?_data=routes%2Fbai-thi.%24entryId`);
const save = (client: TestClient, entryId: string, position: number, chosen: number[], revision: number) =>
  client.postJson(`/api/entries/${entryId}/answers`, { position, chosen, revision });

describe("an entry's whole life", () => {
  it("starts, saves, changes, resumes, submits and scores", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);

    const view = await (await entryData(client, entryId)).json();
    expect(view.status).toBe("in_progress");
    expect(view.questions).toHaveLength(20);
    expect(view.remainingMs).toBeGreaterThan(14 * 60 * 1000);
    expect(view.remainingMs).toBeLessThanOrEqual(15 * 60 * 1000);
    const stored = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(stored.deadline.getTime() - stored.started_at.getTime()).toBe(15 * 60 * 1000);

    const key = await answerKeyInDisplayOrder(app.db, entryId);
    // Answer the first 12 right, first choosing a wrong option for question 0 then changing it.
    const first = key[0];
    let revision = 1;
    expect((await save(client, entryId, first.position, [first.wrongDisplay[0]], revision++)).status).toBe(200);
    for (const q of key.slice(0, 12)) {
      const response = await save(client, entryId, q.position, q.correctDisplay, revision++);
      expect(response.status).toBe(200);
      expect((await response.json()).ok).toBe(true);
    }
    // Question 12 wrong, the rest unanswered.
    await save(client, entryId, key[12].position, [key[12].wrongDisplay[0]], revision++);

    // Reload (or another device): every saved answer comes back, in display order.
    const resumed = await (await entryData(client, entryId)).json();
    expect(Object.keys(resumed.answers)).toHaveLength(13);
    expect(resumed.answers[first.position].chosen).toEqual(first.correctDisplay);
    expect(resumed.answers[key[12].position].chosen).toEqual([key[12].wrongDisplay[0]]);
    expect(resumed.remainingMs).toBeLessThanOrEqual(view.remainingMs);
    // Same questions, same order of options.
    expect(resumed.questions).toEqual(view.questions);

    const submit = await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    expect(submit.status).toBe(302);
    const result = await (await entryData(client, entryId)).json();
    expect(result.status).toBe("submitted");
    expect(result.result).toMatchObject({ score: 60, maxScore: 100, correctCount: 12, questionCount: 20 });
    expect(result.result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.result.durationMs).toBeLessThan(60_000);

    const html = await (await client.get(`/bai-thi/${entryId}`)).text();
    expect(html).toContain("60 / 100 điểm");
    expect(html).toContain("12 / 20");
  });

  it("draws 20 distinct approved questions, shuffled, stored with the entry", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const rows = await app.db
      .selectFrom("entry_questions")
      .innerJoin("question_versions", "question_versions.id", "entry_questions.question_version_id")
      .innerJoin("questions", "questions.id", "question_versions.question_id")
      .select(["questions.id", "questions.status", "entry_questions.option_order", "question_versions.type"])
      .where("entry_id", "=", entryId)
      .execute();
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.id)).size).toBe(20);
    expect(rows.every((r) => r.status === "approved")).toBe(true);
    for (const row of rows) expect([...row.option_order].sort()).toEqual(row.option_order.map((_, i) => i));
    expect(rows.filter((r) => r.type === "true_false").every((r) => r.option_order.join() === "0,1")).toBe(true);
  });

  it("saving the same answer twice changes nothing, and an older save arriving late is ignored", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const [q] = await answerKeyInDisplayOrder(app.db, entryId);
    await save(client, entryId, q.position, [q.wrongDisplay[0]], 10);
    const before = await app.db.selectFrom("entry_answers").selectAll().where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    expect((await save(client, entryId, q.position, [q.wrongDisplay[0]], 10)).status).toBe(200);
    const after = await app.db.selectFrom("entry_answers").selectAll().where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    await save(client, entryId, q.position, q.correctDisplay, 12);
    await save(client, entryId, q.position, [q.wrongDisplay[1]], 11);
    const view = await (await entryData(client, entryId)).json();
    expect(view.answers[q.position].chosen).toEqual(q.correctDisplay);
    const { n } = await app.db.selectFrom("entry_answers").select((eb) => eb.fn.countAll<string>().as("n")).where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });

  it("refuses malformed saves and other people's entries, changing nothing", async () => {
    const owner = await newContestant();
    const entryId = await startEntryViaHttp(owner, round.slug, round.id);
    const [q] = await answerKeyInDisplayOrder(app.db, entryId);
    const bad = [
      { position: q.position, chosen: [q.optionCount], revision: 1 },
      { position: 999, chosen: [0], revision: 1 },
      { position: q.position, chosen: "A", revision: 1 },
      { position: q.position, chosen: [0, 0], revision: 1 },
    ];
    for (const body of bad) {
      const response = await owner.postJson(`/api/entries/${entryId}/answers`, body);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toMatch(/không hợp lệ|không thuộc/);
    }
    const notJson = await owner.request(`/api/entries/${entryId}/answers`, { method: "POST", body: "{oops", headers: { "Content-Type": "application/json" } });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).message).toBe("Dữ liệu gửi lên không đúng định dạng JSON.");
    const huge = await owner.postJson(`/api/entries/${entryId}/answers`, { position: q.position, chosen: [0], revision: 1, padding: "x".repeat(20_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).message).toBe("Dữ liệu gửi lên quá lớn.");
    const badId = await owner.postJson(`/api/entries/abc/answers`, { position: q.position, chosen: [0], revision: 1 });
    expect(badId.status).toBe(404);
    expect((await badId.json()).message).toBe("Không tìm thấy bài thi.");
    const get = await owner.request(`/api/entries/${entryId}/answers?_data=${encodeURIComponent("routes/api.entries.$entryId.answers")}`);
    expect(get.status).toBe(405);
    expect((await get.json()).ok).toBe(false);

    const stranger = await newContestant();
    const theirs = await save(stranger, entryId, q.position, q.correctDisplay, 5);
    expect(theirs.status).toBe(404);
    expect((await entryData(stranger, entryId)).status).toBe(404);
    expect((await stranger.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(404);
    const anonymous = await app.client().postJson(`/api/entries/${entryId}/answers`, { position: q.position, chosen: [0], revision: 1 });
    expect(anonymous.status).toBe(401);
    const { n } = await app.db.selectFrom("entry_answers").select((eb) => eb.fn.countAll<string>().as("n")).where("entry_id", "=", entryId).executeTakeFirstOrThrow();
    expect(Number(n)).toBe(0);
    const entry = await app.db.selectFrom("entries").select("status").where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(entry.status).toBe("in_progress");
  });

  it("resumes the same entry when the start button is pressed again or in parallel", async () => {
    const client = await newContestant();
    const ids = await Promise.all(Array.from({ length: 5 }, () => startEntryViaHttp(client, round.slug, round.id)));
    expect(new Set(ids).size).toBe(1);
    const { n } = await app.db
      .selectFrom("entries")
      .innerJoin("users", "users.id", "entries.user_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("entries.id", "=", ids[0])
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(1);
  });
});

describe("the deadline", () => {
  it("refuses an answer that arrives after the deadline and its grace, with a clear message", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const [q, q2] = await answerKeyInDisplayOrder(app.db, entryId);
    await save(client, entryId, q.position, q.correctDisplay, 1);
    // Within the grace: still accepted.
    await sql`update entries set deadline = now() - interval '2 seconds' where id = ${entryId}`.execute(app.db);
    expect((await save(client, entryId, q2.position, q2.correctDisplay, 2)).status).toBe(200);
    // Past the grace: refused.
    await sql`update entries set deadline = now() - interval '10 seconds' where id = ${entryId}`.execute(app.db);
    const storedAnswer = () =>
      app.db.selectFrom("entry_answers").select(["chosen", "revision"]).where("entry_id", "=", entryId).where("position", "=", q.position).executeTakeFirstOrThrow();
    const before = await storedAnswer();
    const late = await save(client, entryId, q.position, [q.wrongDisplay[0]], 3);
    expect(late.status).toBe(409);
    expect((await late.json()).message).toBe("Đã hết giờ làm bài, câu trả lời này không được ghi nhận.");
    expect(await storedAnswer()).toEqual(before);
    // A submit this late finalises as expired, keeping what was saved in time.
    await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    const view = await (await entryData(client, entryId)).json();
    expect(view.status).toBe("expired");
    expect(view.result.correctCount).toBe(2);
    const entry = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(entry.finished_at?.getTime()).toBe(entry.deadline.getTime());
    expect(view.result.durationMs).toBe(Math.max(0, entry.deadline.getTime() - entry.started_at.getTime()));
  });

  it("never sets a deadline past the round's close", async () => {
    const client = await newContestant();
    await sql`update rounds set closes_at = now() + interval '3 minutes' where id = ${round.id}`.execute(app.db);
    try {
      const entryId = await startEntryViaHttp(client, round.slug, round.id);
      const entry = await app.db.selectFrom("entries").select(["deadline"]).where("id", "=", entryId).executeTakeFirstOrThrow();
      const close = await app.db.selectFrom("rounds").select("closes_at").where("id", "=", round.id).executeTakeFirstOrThrow();
      expect(entry.deadline.getTime()).toBe(close.closes_at.getTime());
    } finally {
      await sql`update rounds set closes_at = now() + interval '365 days' where id = ${round.id}`.execute(app.db);
    }
  });

  it("refuses to start an entry in a closed or not yet open round", async () => {
    const client = await newContestant();
    await sql`update rounds set opens_at = now() + interval '1 day', closes_at = now() + interval '2 days' where id = ${round.id}`.execute(app.db);
    try {
      const early = await client.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
      expect(early.status).toBe(409);
      expect(await early.text()).toContain("Đợt thi chưa mở.");
      await sql`update rounds set opens_at = now() - interval '2 days', closes_at = now() - interval '1 day' where id = ${round.id}`.execute(app.db);
      const late = await client.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
      expect(late.status).toBe(409);
      expect(await late.text()).toContain("Đợt thi đã kết thúc");
    } finally {
      await sql`update rounds set opens_at = now() - interval '1 hour', closes_at = now() + interval '365 days' where id = ${round.id}`.execute(app.db);
    }
  });
});

describe("finalisation", () => {
  it("scores a double submit once", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    for (const q of key.slice(0, 5)) await save(client, entryId, q.position, q.correctDisplay, 1);
    const [a, b] = await Promise.all([
      client.postForm(`/bai-thi/${entryId}`, { intent: "submit" }),
      client.postForm(`/bai-thi/${entryId}`, { intent: "submit" }),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const first = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    const again = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(again).toEqual(first);
    expect(first.score).toBe(25);
    // Answers cannot change after the submit.
    const late = await save(client, entryId, key[6].position, key[6].correctDisplay, 9);
    expect(late.status).toBe(409);
    expect((await late.json()).message).toBe("Bài thi đã được nộp, không thể thay đổi câu trả lời.");
  });

  it("tells a submit in time from one at time-up: the page's own submit at zero says the time ran out", async () => {
    // In time: the contestant submitted.
    const client = await newContestant();
    const earlyId = await startEntryViaHttp(client, round.slug, round.id);
    await client.postForm(`/bai-thi/${earlyId}`, { intent: "submit" });
    expect((await (await entryData(client, earlyId)).json()).status).toBe("submitted");
    const earlyPage = await (await client.get(`/bai-thi/${earlyId}`)).text();
    expect(earlyPage).toContain("Bạn đã nộp bài");
    expect(earlyPage).not.toContain("hết giờ");

    // At zero, in their next entry: the countdown's own submit arrives just after the deadline, within the grace.
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    expect(entryId).not.toBe(earlyId);
    const [q] = await answerKeyInDisplayOrder(app.db, entryId);
    await save(client, entryId, q.position, q.correctDisplay, 1);
    await sql`update entries set deadline = now() - interval '1 second' where id = ${entryId}`.execute(app.db);
    await client.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    const view = await (await entryData(client, entryId)).json();
    expect(view.status).toBe("expired");
    expect(view.result.correctCount).toBe(1);
    const entry = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(entry.finished_at?.getTime()).toBe(entry.deadline.getTime());
    const html = await (await client.get(`/bai-thi/${entryId}`)).text();
    expect(html).toContain("Đã hết giờ làm bài");
    expect(html).toContain("Hệ thống đã tự nộp các câu trả lời bạn đã lưu trước khi hết giờ");
    expect(html).not.toContain("Bạn đã nộp bài");
  });

  it("finalises an entry whose time ran out with nobody there, and a new finaliser catches up after a restart", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    for (const q of key.slice(0, 3)) await save(client, entryId, q.position, q.correctDisplay, 1);
    await sql`update entries set started_at = now() - interval '16 minutes', deadline = now() - interval '1 minute' where id = ${entryId}`.execute(app.db);

    // The browser is gone; the server process "restarts": a fresh finaliser sweeps at start.
    const finaliser = startFinaliser(app.db, app.io, 60_000);
    await finaliser.first;
    await finaliser.stop();

    const entry = await app.db.selectFrom("entries").selectAll().where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(entry.status).toBe("expired");
    expect(entry.score).toBe(15);
    expect(entry.correct_count).toBe(3);
    expect(entry.duration_ms).toBe(15 * 60 * 1000);
    expect(entry.finished_at?.getTime()).toBe(entry.deadline.getTime());
    // Nothing left to do: a second sweep changes nothing.
    expect(await finaliseDueEntries(app.db)).toEqual([]);
  });

  it("leaves entries with time left alone", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    await finaliseDueEntries(app.db);
    const entry = await app.db.selectFrom("entries").select("status").where("id", "=", entryId).executeTakeFirstOrThrow();
    expect(entry.status).toBe("in_progress");
  });

  it("finalises each due entry exactly once when two finalisers race", async () => {
    const clients = await Promise.all(Array.from({ length: 6 }, () => newContestant()));
    const ids = await Promise.all(clients.map((c) => startEntryViaHttp(c, round.slug, round.id)));
    await sql`update entries set deadline = now() - interval '1 minute' where id in (${sql.join(ids)})`.execute(app.db);
    const [a, b] = await Promise.all([finaliseDueEntries(app.db, 2), finaliseDueEntries(app.db, 2)]);
    const finalised = [...a, ...b].map((e) => e.entryId).filter((id) => ids.includes(id));
    expect(finalised.sort()).toEqual([...ids].sort());
  });
});

describe("the answer key never reaches the browser before the entry is final", () => {
  it("is absent from the entry page, its loader data and every save response", async () => {
    const client = await newContestant();
    const entryId = await startEntryViaHttp(client, round.slug, round.id);
    const key = await answerKeyInDisplayOrder(app.db, entryId);
    const responses: string[] = [];
    responses.push(await (await client.get(`/bai-thi/${entryId}`)).text());
    responses.push(await (await entryData(client, entryId)).text());
    for (const q of key) responses.push(await (await save(client, entryId, q.position, q.correctDisplay, 1)).text());
    responses.push(await (await client.get(`/cuoc-thi/${round.slug}`)).text());
    responses.push(await (await client.get(`/cuoc-thi/${round.slug}?_data=routes%2Fcuoc-thi.%24slug._index`)).text());
    const everything = responses.join("\n");
    for (const q of key) expect(everything).not.toContain(q.explanation);
    expect(everything).not.toMatch(/"correct"|correctDisplay|"explanation"|question_version_id|"basis"/);
    // The options themselves are shown (that is the point), but nothing marks which are right.
    const view = JSON.parse(responses[1]);
    expect(Object.keys(view.questions[0]).sort()).toEqual(["options", "position", "stem", "type"]);
  });
});
