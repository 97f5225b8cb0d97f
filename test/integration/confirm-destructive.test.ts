import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { reasonTooShortMessage } from "~/commands/reason";
import { createContest, createRound, setContestPublished, setRoundOpenNow } from "~/contests/contest-admin.server";
import { startPreviewEntry } from "~/contests/contest-preview.server";
import { startEntry, submitEntry } from "~/entries/entries.server";
import { CONFIRM_FIRST } from "~/http/forms";
import { toVietnamDateTimeInput } from "~/text/vietnam-time";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Issue 14: "Đóng ngay" closed a live round at one tap, with no reason logged. Every action that
// ends, reopens or hides something contestants see now goes through a confirmation step that says
// what it will do (numbers read on the server), and is refused without a written reason: over
// HTTP, a post without the reason (or without the confirmation) changes nothing; with both it acts
// and the reason is in the contest log.

let app: TestApp;
let organizer: TestClient;
let organizerId: number;
let bankId: number;
let mhUnitId: number;
let serial = 0;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  mhUnitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
});
afterAll(() => app?.close());

const REASON = "Sự cố mất điện toàn tỉnh, theo chỉ đạo của trưởng ban.";

/** A published contest with one open round and `running` people in the middle of an entry. */
async function liveContest(running: number) {
  serial++;
  const contestId = await createContest(app, { title: "Cuộc thi đang diễn ra", slug: `xac-nhan-${serial}-${Date.now()}`, rules: "Thể lệ.", prizes: "", ownerUnitId: mhUnitId, actorId: organizerId });
  const roundId = await createRound(app, contestId, {
    title: "Tuần 1",
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 5 }],
    pointsPerQuestion: 10,
    maxEntries: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "none",
    predictionPrompt: null,
    actorId: organizerId,
  });
  await setContestPublished(app, contestId, true, organizerId);
  const entries: string[] = [];
  for (let i = 0; i < running; i++) {
    serial++;
    const userId = (await createAccount(app.db, { fullName: `Người đang thi ${serial}`, login: { kind: "email", email: `dang-thi${serial}@example.vn` }, password: "mat-khau-du-dai", unitId: mhUnitId })).id;
    entries.push((await startEntry(app.db, { roundId, userId })).entryId);
  }
  return { contestId, roundId, entries, page: `/quan-ly/cuoc-thi/${contestId}` };
}

const contestLog = (contestId: number) => app.db.selectFrom("contest_log").select(["action", "reason", "round_id"]).where("contest_id", "=", contestId).orderBy("id").execute();
const roundRow = (roundId: number) => app.db.selectFrom("rounds").select(["opens_at", "closes_at"]).where("id", "=", roundId).executeTakeFirstOrThrow();
const entryRows = (ids: string[]) => app.db.selectFrom("entries").select(["id", "status", "deadline", "score"]).where("id", "in", ids).orderBy("id").execute();
const contestStatus = async (contestId: number) => (await app.db.selectFrom("contests").select("status").where("id", "=", contestId).executeTakeFirstOrThrow()).status;

describe("closing a round now", () => {
  it("says how many entries it will submit, is refused without a reason or the confirmation, and acts with both", async () => {
    const { contestId, roundId, entries, page } = await liveContest(2);
    // An organizer's preview entry in progress counts nowhere, so not here either.
    await startPreviewEntry(app, { contestId, roundId, actorId: organizerId });
    const asked = await (await organizer.get(`${page}?xac-nhan=dong-dot&dot=${roundId}`)).text();
    expect(asked).toContain("Tuần 1 đang có 2 bài đang làm của 2 người; đóng ngay sẽ nộp các bài này với các câu đã lưu.");
    expect(asked).toContain("Xác nhận đóng đợt thi");
    const before = { round: await roundRow(roundId), entries: await entryRows(entries), log: await contestLog(contestId) };

    for (const reason of ["", "đóng"]) {
      const refused = await organizer.postForm(page, { intent: "round-close", roundId, confirm: 1, reason });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(reasonTooShortMessage("lý do đóng đợt thi ngay"));
    }
    // The old one-tap post, with or without a reason: not from the confirmation step.
    const oneTap: Record<string, string | number>[] = [{ intent: "round-close", roundId }, { intent: "round-close", roundId, reason: REASON }];
    for (const fields of oneTap) {
      const refused = await organizer.postForm(page, fields);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain(CONFIRM_FIRST);
    }
    expect({ round: await roundRow(roundId), entries: await entryRows(entries), log: await contestLog(contestId) }).toEqual(before);

    const done = await organizer.postForm(page, { intent: "round-close", roundId, confirm: 1, reason: REASON });
    expect(done.status).toBe(200);
    expect((await roundRow(roundId)).closes_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "round.closed", reason: REASON, round_id: roundId });
    // Closed now: the same link shows no panel any more.
    expect(await (await organizer.get(`${page}?xac-nhan=dong-dot&dot=${roundId}`)).text()).toContain("Thao tác này không còn áp dụng");
  });
});

describe("opening a round now", () => {
  it("says what reopening does, is refused without a reason, and acts with one", async () => {
    const { contestId, roundId, entries, page } = await liveContest(1);
    await submitEntry(app.db, { entryId: entries[0], userId: (await app.db.selectFrom("entries").select("user_id").where("id", "=", entries[0]).executeTakeFirstOrThrow()).user_id });
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, "Kết thúc tuần 1 theo kế hoạch");
    const asked = await (await organizer.get(`${page}?xac-nhan=mo-dot&dot=${roundId}`)).text();
    expect(asked).toContain("Tuần 1 đã kết thúc; mở lại ngay");
    expect(asked).toContain("1 bài đã nộp vẫn được giữ");
    const before = { round: await roundRow(roundId), log: await contestLog(contestId) };

    const refused = await organizer.postForm(page, { intent: "round-open", roundId, confirm: 1 });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(reasonTooShortMessage("lý do mở đợt thi ngay"));
    expect({ round: await roundRow(roundId), log: await contestLog(contestId) }).toEqual(before);

    expect((await organizer.postForm(page, { intent: "round-open", roundId, confirm: 1, reason: "Mở lại để thi bù cho xã bị mất điện" })).status).toBe(200);
    expect((await roundRow(roundId)).closes_at.getTime()).toBeGreaterThan(Date.now());
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "round.opened", reason: "Mở lại để thi bù cho xã bị mất điện", round_id: roundId });
  });
});

describe("unpublishing a contest", () => {
  it("says who is taking part now, is refused without a reason, and acts with one", async () => {
    const { contestId, page } = await liveContest(3);
    const asked = await (await organizer.get(`${page}?xac-nhan=chuyen-ban-nhap`)).text();
    expect(asked).toContain("Cuộc thi sẽ ẩn khỏi trang công khai");
    expect(asked).toContain("Hiện có 3 người đang làm bài (3 bài).");
    const before = await contestLog(contestId);

    const refusals: Record<string, string | number>[] = [{ intent: "unpublish" }, { intent: "unpublish", confirm: 1, reason: "" }, { intent: "unpublish", reason: REASON }];
    for (const fields of refusals) {
      expect((await organizer.postForm(page, fields)).status).toBe(400);
    }
    expect(await contestStatus(contestId)).toBe("published");
    expect(await contestLog(contestId)).toEqual(before);

    expect((await organizer.postForm(page, { intent: "unpublish", confirm: 1, reason: REASON })).status).toBe(200);
    expect(await contestStatus(contestId)).toBe("draft");
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "contest.unpublished", reason: REASON, round_id: null });
  });
});

describe("reopening an entry", () => {
  it("shows whose entry and what reopening does first, changes nothing until confirmed with a reason", async () => {
    const { contestId, roundId, entries, page } = await liveContest(1);
    const [entryId] = entries;
    const userId = (await app.db.selectFrom("entries").select("user_id").where("id", "=", entryId).executeTakeFirstOrThrow()).user_id;
    await submitEntry(app.db, { entryId, userId });
    const before = { entries: await entryRows([entryId]), log: await contestLog(contestId) };

    const check = await organizer.postForm(page, { intent: "incident", kind: "reopen_entry", entryId, minutes: 10, reason: REASON });
    expect(check.status).toBe(200);
    const panel = await check.text();
    expect(panel).toContain(`Mở lại bài thi số ${entryId} của Người đang thi`);
    expect(panel).toContain("thêm 10 phút");
    expect(panel).toContain("Xác nhận mở lại bài thi");
    for (const reason of ["", "mất điện"]) {
      expect((await organizer.postForm(page, { intent: "incident", kind: "reopen_entry", entryId, minutes: 10, reason, confirm: 1 })).status).toBe(400);
    }
    expect({ entries: await entryRows([entryId]), log: await contestLog(contestId) }).toEqual(before);

    expect((await organizer.postForm(page, { intent: "incident", kind: "reopen_entry", entryId, minutes: 10, reason: REASON, confirm: 1 })).status).toBe(200);
    expect((await entryRows([entryId]))[0].status).toBe("in_progress");
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "incident.reopen_entry", reason: REASON, round_id: roundId });
  });
});

describe("moving a running round's close earlier", () => {
  it("is refused at first with how many entries it cuts, then needs the tick and a reason", async () => {
    const { contestId, roundId, entries } = await liveContest(1);
    const round = await roundRow(roundId);
    const path = `/quan-ly/cuoc-thi/${contestId}/dot/${roundId}`;
    const fields = (extra: Record<string, string | number> = {}) => ({
      title: "Tuần 1",
      opensAt: toVietnamDateTimeInput(round.opens_at),
      closesAt: toVietnamDateTimeInput(new Date(Date.now() + 5 * 60_000)),
      timeLimitMinutes: 10,
      pointsPerQuestion: 10,
      maxEntries: 3,
      shuffleQuestions: "on",
      shuffleOptions: "on",
      reviewPolicy: "after_close",
      predictionRule: "none",
      predictionPrompt: "",
      lineBankId: bankId,
      lineTopic: "",
      lineDifficulty: "",
      lineCount: 5,
      ...extra,
    });
    const before = { round: await roundRow(roundId), entries: await entryRows(entries), log: await contestLog(contestId) };

    const first = await organizer.postForm(path, fields());
    expect(first.status).toBe(409);
    const html = await first.text();
    expect(html).toContain("Đợt thi đang mở và có 1 bài đang làm sẽ bị rút ngắn");
    expect(html).toContain("Lý do dời giờ đóng sớm hơn");
    const noReason = await organizer.postForm(path, fields({ confirm: 1 }));
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain(reasonTooShortMessage("lý do dời giờ đóng sớm hơn"));
    expect({ round: await roundRow(roundId), entries: await entryRows(entries), log: await contestLog(contestId) }).toEqual(before);

    const saved = await organizer.postForm(path, fields({ confirm: 1, reason: REASON }));
    expect(saved.status).toBe(302);
    expect((await roundRow(roundId)).closes_at.getTime()).toBeLessThan(round.closes_at.getTime());
    expect((await entryRows(entries))[0].deadline.getTime()).toBeLessThanOrEqual((await roundRow(roundId)).closes_at.getTime());
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "round.updated", reason: REASON, round_id: roundId });
  });
});
