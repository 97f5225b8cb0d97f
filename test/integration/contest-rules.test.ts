import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import {
  createContest,
  createRound,
  recordIncident,
  saveGroup,
  setContestPublished,
  setRoundOpenNow,
  updateRound,
  type RoundFields,
} from "~/contests/contest-admin.server";
import { computeDuePredictions } from "~/contests/round-closing.server";
import { finaliseDueEntries, savePrediction, startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { createQuestion } from "~/questions/questions.server";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { personRanking } from "~/rankings/rankings.server";
import { startTestApp, type TestApp } from "../support/test-app";

let app: TestApp;
let bankId: number;
let organizerId: number;
const unit = async (code: string) => (await app.db.selectFrom("units").select(["id"]).where("code", "=", code).executeTakeFirstOrThrow()).id;
let people = 0;
async function person(unitCode: string) {
  people++;
  return (await createAccount(app.db, { fullName: `Người ${people}`, login: { kind: "email", email: `nguoi${people}@example.vn` }, password: "mat-khau-du-dai", unitId: await unit(unitCode) })).id;
}

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

const now = () => Date.now();
function roundFields(overrides: Partial<RoundFields> = {}): RoundFields {
  return {
    title: "Tuần 1",
    opensAt: new Date(now() - 60_000),
    closesAt: new Date(now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 10 }],
    pointsPerQuestion: 10,
    maxEntries: 2,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "entries",
    predictionPrompt: "Có bao nhiêu lượt dự thi?",
    ...overrides,
  };
}

async function contestWithRound(overrides: Partial<RoundFields> = {}, owner = "MH") {
  const contestId = await createContest(app, { title: "Cuộc thi kiểm thử", slug: `kiem-thu-${Math.random().toString(36).slice(2, 8)}`, rules: "Thể lệ.", prizes: "", ownerUnitId: await unit(owner), actorId: organizerId });
  const roundId = await createRound(app, contestId, { ...roundFields(overrides), actorId: organizerId });
  await setContestPublished(app, contestId, true, organizerId);
  return { contestId, roundId };
}

beforeAll(async () => {
  app = await startTestApp();
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  // A second topic, all hard, for blueprints that mix topics and difficulties.
  for (let i = 1; i <= 8; i++) {
    await createQuestion(app.db, {
      bankId,
      actorId: null,
      status: i <= 6 ? "approved" : "draft",
      content: {
        key: `chi-so-${i}`,
        topic: "indices",
        type: "single",
        difficulty: "hard",
        stem: `Câu hỏi về chỉ số số ${i}?`,
        options: ["Một", "Hai", "Ba"],
        correct: [0],
        explanation: "Giải thích.",
        basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2021-07-15" },
        tags: [],
      },
    });
  }
});
afterAll(() => app.close());

describe("blueprints", () => {
  it("draws the counts per topic and difficulty, only approved questions, none twice", async () => {
    const { roundId } = await contestWithRound({
      blueprint: [
        { bankId, topic: "indices", difficulty: "hard", count: 6 },
        { bankId, topic: "institutional", difficulty: "easy", count: 4 },
        { bankId, topic: "institutional", count: 5 },
      ],
    });
    for (let i = 0; i < 5; i++) {
      const userId = await person("MH-STP");
      const { entryId } = await startEntry(app.db, { roundId, userId });
      const drawn = await app.db
        .selectFrom("entry_questions as eq")
        .innerJoin("question_versions as v", "v.id", "eq.question_version_id")
        .innerJoin("questions as q", "q.id", "v.question_id")
        .select(["q.id", "q.topic", "q.status", "v.difficulty"])
        .where("eq.entry_id", "=", entryId)
        .execute();
      expect(drawn).toHaveLength(15);
      expect(new Set(drawn.map((d) => d.id)).size).toBe(15);
      expect(drawn.every((d) => d.status === "approved")).toBe(true);
      expect(drawn.filter((d) => d.topic === "indices")).toHaveLength(6);
      expect(drawn.filter((d) => d.topic === "institutional" && d.difficulty === "easy").length).toBeGreaterThanOrEqual(4);
      expect(drawn.filter((d) => d.topic === "institutional")).toHaveLength(9);
    }
  });

  it("refuses a blueprint that cannot be filled, naming the shortfall", async () => {
    const contestId = await createContest(app, { title: "Thiếu câu", slug: "thieu-cau", rules: "x", prizes: "", ownerUnitId: await unit("MH"), actorId: organizerId });
    const error = await refusal(createRound(app, contestId, { ...roundFields({ blueprint: [{ bankId, topic: "indices", count: 7 }] }), actorId: organizerId }));
    expect(error.message).toContain("Dòng 1");
    expect(error.message).toContain("chỉ chắc chắn có 6 câu đã duyệt, thiếu 1 câu");
    expect(await app.db.selectFrom("rounds").select("id").where("contest_id", "=", contestId).execute()).toEqual([]);
  });

  it("cannot change the blueprint of a round that has entries", async () => {
    const { contestId, roundId } = await contestWithRound();
    await startEntry(app.db, { roundId, userId: await person("MH-STP") });
    const error = await refusal(updateRound(app, contestId, roundId, { ...roundFields({ blueprint: [{ bankId, count: 12 }] }), actorId: organizerId }));
    expect(error.message).toContain("không thể đổi cấu trúc đề");
    // Other changes are fine, and recorded.
    await updateRound(app, contestId, roundId, { ...roundFields({ title: "Tuần 1 (sửa)" }), actorId: organizerId });
    const log = await app.db.selectFrom("contest_log").select(["action", "details", "actor_id"]).where("round_id", "=", roundId).orderBy("id").execute();
    expect(log.map((l) => l.action)).toEqual(["round.created", "round.updated"]);
    expect(log[1].details).toMatchObject({ title: { from: "Tuần 1", to: "Tuần 1 (sửa)" } });
    expect(log[1].actor_id).toBe(organizerId);
  });
});

describe("entries allowed", () => {
  it("never gives more entries than allowed nor two in progress, even with parallel requests", async () => {
    const { roundId } = await contestWithRound({ maxEntries: 2 });
    const userId = await person("MH-STP");
    for (let attempt = 1; attempt <= 2; attempt++) {
      const results = await Promise.allSettled(Array.from({ length: 12 }, () => startEntry(app.db, { roundId, userId })));
      const ids = new Set(results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ entryId: string }>).value.entryId));
      expect(ids.size).toBe(1);
      const inProgress = await app.db.selectFrom("entries").select("id").where("round_id", "=", roundId).where("user_id", "=", userId).where("status", "=", "in_progress").execute();
      expect(inProgress).toHaveLength(1);
      await submitEntry(app.db, { entryId: [...ids][0], userId });
    }
    const third = await Promise.allSettled(Array.from({ length: 12 }, () => startEntry(app.db, { roundId, userId })));
    expect(third.every((r) => r.status === "rejected" && (r.reason as UserFacingError).message === "Bạn đã dùng hết 2 lượt thi của đợt này.")).toBe(true);
    const all = await app.db.selectFrom("entries").select("id").where("round_id", "=", roundId).where("user_id", "=", userId).execute();
    expect(all).toHaveLength(2);
  });
});

describe("audience and groups", () => {
  it("admits only people of the audience's subtrees, one group each, and the public only where a group is open", async () => {
    const { contestId, roundId } = await contestWithRound({}, "MH-SNV");
    const inside = await person("MH-SNV-CCHC");
    const outside = await person("MH-X-TPH");
    await startEntry(app.db, { roundId, userId: inside });
    const error = await refusal(startEntry(app.db, { roundId, userId: outside }));
    expect(error.status).toBe(403);
    expect(error.message).toContain("đơn vị của bạn không thuộc đối tượng dự thi");

    await saveGroup(app, contestId, null, { name: "Bảng người dân", openToPublic: true, unitIds: [], actorId: organizerId });
    await startEntry(app.db, { roundId, userId: outside });
    const groups = await app.db
      .selectFrom("contest_participants as p")
      .innerJoin("contest_groups as g", "g.id", "p.group_id")
      .select(["p.user_id", "g.name"])
      .where("p.contest_id", "=", contestId)
      .orderBy("p.user_id")
      .execute();
    expect(groups).toEqual([
      { user_id: inside, name: "Bảng chung" },
      { user_id: outside, name: "Bảng người dân" },
    ]);
    const entries = await app.db.selectFrom("entries").select(["user_id", "group_id"]).where("round_id", "=", roundId).execute();
    expect(new Set(entries.map((e) => e.group_id)).size).toBe(2);
  });

  it("ranks each group on its own", async () => {
    const { contestId, roundId } = await contestWithRound({}, "MH-SNV");
    await saveGroup(app, contestId, null, { name: "Bảng xã", openToPublic: false, unitIds: [await unit("MH-X-TPH")], actorId: organizerId });
    const a = await person("MH-SNV");
    const b = await person("MH-X-TPH");
    for (const userId of [a, b]) {
      const { entryId } = await startEntry(app.db, { roundId, userId });
      await submitEntry(app.db, { entryId, userId });
    }
    const groupOf = async (userId: number) =>
      (await app.db.selectFrom("contest_participants").select("group_id").where("contest_id", "=", contestId).where("user_id", "=", userId).executeTakeFirstOrThrow()).group_id;
    const ga = await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 10, groupId: await groupOf(a) });
    const gb = await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 10, groupId: await groupOf(b) });
    expect(ga.rows.map((r) => r.userId)).toEqual([a]);
    expect(gb.rows.map((r) => r.userId)).toEqual([b]);
    expect((await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 10 })).total).toBe(2);
  });
});

describe("the prediction tie-break", () => {
  it("computes the true value once at close and then ranks equal scores by closeness", async () => {
    const { contestId, roundId } = await contestWithRound({ predictionRule: "entries" });
    const guesses = [3, 40, null, 5];
    const users: number[] = [];
    for (const guess of guesses) {
      const userId = await person("MH-STC");
      users.push(userId);
      const { entryId } = await startEntry(app.db, { roundId, userId });
      if (guess !== null) await savePrediction(app.db, { entryId, userId, prediction: guess });
      await submitEntry(app.db, { entryId, userId });
    }
    // Everyone scored 0 in the same way; make their times differ so that time alone would reverse the order.
    await sql`update entries set duration_ms = 1000 * (10 - id % 10) where round_id = ${roundId}`.execute(app.db);
    // Entries changed behind the finalisation's back: the maintenance rebuild brings the rankings in line.
    await rebuildRankings(app.db, { contestId });
    const provisional = await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 10 });
    expect(provisional.rows.every((r) => r.predictionDistance === null)).toBe(true);

    await sql`update rounds set closes_at = now() - interval '1 minute' where id = ${roundId}`.execute(app.db);
    const computed = await computeDuePredictions(app.db);
    expect(computed.find((c) => c.roundId === roundId)?.value).toBe(4);
    expect(await computeDuePredictions(app.db)).toEqual([]);
    const final = await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 10 });
    // Distances: 3→1, 5→1, 40→36, none→∞ ; the two at distance 1 are ordered by time.
    expect(final.rows.map((r) => r.predictionDistance)).toEqual([1, 1, 36, null]);
    expect(final.rows[3].userId).toBe(users[2]);
    expect(final.rows[2].userId).toBe(users[1]);
  });

  it("refuses a prediction after the deadline or for a round without one", async () => {
    const { roundId } = await contestWithRound({ predictionRule: "none" });
    const userId = await person("MH-STC");
    const { entryId } = await startEntry(app.db, { roundId, userId });
    expect((await refusal(savePrediction(app.db, { entryId, userId, prediction: 3 }))).message).toBe("Đợt thi này không có câu hỏi dự đoán.");
  });
});

describe("opening, closing and incidents", () => {
  it("closing a round early ends running entries, which the server then finalises", async () => {
    const { contestId, roundId } = await contestWithRound();
    const userId = await person("MH-SYT");
    const { entryId } = await startEntry(app.db, { roundId, userId });
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, "Sự cố điện toàn tỉnh");
    expect((await refusal(startEntry(app.db, { roundId, userId: await person("MH-SYT") }))).message).toContain("Đợt thi đã kết thúc");
    await sql`update entries set deadline = deadline - interval '10 seconds' where id = ${entryId}`.execute(app.db);
    await finaliseDueEntries(app.db);
    expect((await app.db.selectFrom("entries").select("status").where("id", "=", entryId).executeTakeFirstOrThrow()).status).toBe("expired");
    const log = await app.db.selectFrom("contest_log").select(["action", "reason"]).where("round_id", "=", roundId).orderBy("id").execute();
    expect(log.at(-1)).toEqual({ action: "round.closed", reason: "Sự cố điện toàn tỉnh" });
  });

  it("grants an extra entry and extra time with a written reason, and reopens an entry cut by an outage", async () => {
    const { contestId, roundId } = await contestWithRound({ maxEntries: 1 });
    const userId = await person("MH-SYT");
    const first = await startEntry(app.db, { roundId, userId });
    await sql`update entries set deadline = now() - interval '1 minute' where id = ${first.entryId}`.execute(app.db);
    await finaliseDueEntries(app.db);

    expect((await refusal(recordIncident(app, contestId, { kind: "reopen_entry", entryId: first.entryId, minutes: 5, reason: "ngắn", actorId: organizerId }))).message).toContain("ghi rõ lý do");
    await recordIncident(app, contestId, { kind: "reopen_entry", entryId: first.entryId, minutes: 5, reason: "Mất điện tại trụ sở xã từ 8h00 đến 8h20, có biên bản.", actorId: organizerId });
    const reopened = await app.db.selectFrom("entries").select(["status", "score", sql<number>`extract(epoch from deadline - now())`.as("left")]).where("id", "=", first.entryId).executeTakeFirstOrThrow();
    expect(reopened.status).toBe("in_progress");
    expect(reopened.score).toBeNull();
    expect(Number(reopened.left)).toBeGreaterThan(290);
    await submitEntry(app.db, { entryId: first.entryId, userId });

    expect((await refusal(startEntry(app.db, { roundId, userId }))).message).toBe("Bạn đã dùng hết 1 lượt thi của đợt này.");
    await recordIncident(app, contestId, { kind: "extra_entry", userId, roundId, reason: "Lỗi đường truyền đã được xác minh.", actorId: organizerId });
    await recordIncident(app, contestId, { kind: "extra_time", userId, roundId, minutes: 5, reason: "Người khuyết tật thị lực, cần thêm thời gian.", actorId: organizerId });
    const second = await startEntry(app.db, { roundId, userId });
    const entry = await app.db.selectFrom("entries").select(["started_at", "deadline"]).where("id", "=", second.entryId).executeTakeFirstOrThrow();
    expect(entry.deadline.getTime() - entry.started_at.getTime()).toBe((600 + 300) * 1000);
    const log = await app.db.selectFrom("contest_log").select(["action", "reason"]).where("contest_id", "=", contestId).where("action", "like", "incident.%").orderBy("id").execute();
    expect(log.map((l) => l.action)).toEqual(["incident.reopen_entry", "incident.extra_entry", "incident.extra_time"]);
    expect(log.every((l) => (l.reason ?? "").length >= 10)).toBe(true);
  });

  it("does not publish a contest without rounds", async () => {
    const contestId = await createContest(app, { title: "Rỗng", slug: "rong", rules: "x", prizes: "", ownerUnitId: await unit("MH"), actorId: organizerId });
    expect((await refusal(setContestPublished(app, contestId, true, organizerId))).message).toContain("ít nhất một đợt thi");
  });
});
