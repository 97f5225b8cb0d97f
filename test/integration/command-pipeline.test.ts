import { sql } from "kysely";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { decideTie, disqualify, openCorrection, revokeDisqualification, savePrizeStructure } from "~/awards/commendation.server";
import { RESULTS_FROZEN_MESSAGE } from "~/awards/freeze.server";
import { runCommand } from "~/commands/command.server";
import { reasonTooShortMessage } from "~/commands/reason";
import { createContest, createRound, recordIncident, setContestPublished, setRoundOpenNow, updateRound } from "~/contests/contest-admin.server";
import { startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import type { RankingChanged } from "~/realtime/events";
import { addUnit, mergeUnits, moveUnit, retireUnit } from "~/units/unit-admin.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Every organizer command goes through one pipeline (app/commands/command.server.ts). For each
// command moved onto it: refused without a reason, refused while its results are frozen, logged
// with who and why, its rankings' live boards told after the commit, nothing written on a refusal.
// Real app, real PostgreSQL, real HTTP and real socket.io clients.

let app: TestApp;
let organizer: TestClient;
let organizerId: number;
let bankId: number;
let mhUnitId: number;
const sockets: Socket[] = [];
let serial = 0;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  mhUnitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.close();
});

async function contestWithRound() {
  serial++;
  const contestId = await createContest(app.db, { title: "Cuộc thi thử lệnh", slug: `lenh-${serial}-${Date.now()}`, rules: "Thể lệ.", prizes: "", ownerUnitId: mhUnitId, actorId: organizerId });
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
  return { contestId, roundId };
}

async function person(unitId: number) {
  serial++;
  return (await createAccount(app.db, { fullName: `Người thử ${serial}`, login: { kind: "email", email: `lenh${serial}@example.vn` }, password: "mat-khau-du-dai", unitId })).id;
}

async function submittedEntry(roundId: number, userId: number) {
  const { entryId } = await startEntry(app.db, { roundId, userId });
  await submitEntry(app.db, { entryId, userId });
  return entryId;
}

/** Publishes nothing, but freezes the rounds as a standing publication does. */
async function freeze(contestId: number, roundIds: number[] | null) {
  await app.db
    .updateTable("contests")
    .set({ results_frozen_at: roundIds === null ? null : sql`now()`, results_frozen_rounds: roundIds })
    .where("id", "=", contestId)
    .execute();
}

/** An organizer's live board of one round: the notices it receives, in order. */
async function watchRound(roundId: number): Promise<RankingChanged[]> {
  const socket = connect(app.baseUrl, {
    transports: ["websocket"],
    forceNew: true,
    extraHeaders: { origin: app.baseUrl, cookie: organizer.cookieHeader() },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const notices: RankingChanged[] = [];
  socket.on("ranking:changed", (notice: RankingChanged) => notices.push(notice));
  expect((await socket.emitWithAck("ranking:watch", { roundId })).ok).toBe(true);
  return notices;
}

/** Waits (polling) until the board has a notice for `roundId`; fails after a few seconds. */
async function noticeFor(notices: RankingChanged[], roundId: number) {
  const until = Date.now() + 5000;
  while (!notices.some((n) => n.roundId === roundId)) {
    if (Date.now() > until) throw new Error(`no ranking notice for round ${roundId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const contestLog = (contestId: number) => app.db.selectFrom("contest_log").select(["action", "actor_id", "reason", "round_id"]).where("contest_id", "=", contestId).orderBy("id").execute();
const unitEvents = (unitId: number) => app.db.selectFrom("unit_events").select(["action", "actor_id", "reason"]).where("unit_id", "=", unitId).orderBy("id").execute();
const entryState = (entryId: string) => app.db.selectFrom("entries").select(["status", "score"]).where("id", "=", entryId).executeTakeFirstOrThrow();

async function refusal(promise: Promise<unknown>): Promise<UserFacingError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserFacingError);
  return error as UserFacingError;
}

describe("reopening an entry cut by an outage", () => {
  const reopen = (contestId: number, entryId: string, reason: string) =>
    organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "incident", kind: "reopen_entry", entryId, minutes: 10, reason });

  it("is refused without a reason or while the round is frozen, writing nothing", async () => {
    const { contestId, roundId } = await contestWithRound();
    const entryId = await submittedEntry(roundId, await person(mhUnitId));
    const before = { entry: await entryState(entryId), log: await contestLog(contestId) };

    for (const reason of ["", "mất điện"]) {
      const response = await reopen(contestId, entryId, reason);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(reasonTooShortMessage());
    }
    await freeze(contestId, [roundId]);
    const frozen = await reopen(contestId, entryId, "Mất điện tại trụ sở xã, có biên bản.");
    expect(frozen.status).toBe(409);
    expect(await frozen.text()).toContain(RESULTS_FROZEN_MESSAGE);

    expect({ entry: await entryState(entryId), log: await contestLog(contestId) }).toEqual(before);
  });

  it("is logged with its reason and tells the round's live boards after the commit", async () => {
    const { contestId, roundId } = await contestWithRound();
    const entryId = await submittedEntry(roundId, await person(mhUnitId));
    const board = await watchRound(roundId);
    let seenOnNotice: { status: string } | null = null;
    // What a board reloading on the notice reads: the change must already be committed.
    const reading = noticeFor(board, roundId).then(async () => (seenOnNotice = await entryState(entryId)));

    const response = await reopen(contestId, entryId, "  Mất điện tại trụ sở xã, có biên bản.  ");
    expect(response.status).toBe(200);
    await reading;
    expect(seenOnNotice).toEqual({ status: "in_progress", score: null });
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "incident.reopen_entry", actor_id: organizerId, reason: "Mất điện tại trụ sở xã, có biên bản.", round_id: roundId });
  });
});

describe("reopening a round", () => {
  const reopenRound = (contestId: number, roundId: number) => organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "round-open", roundId });
  const roundTimes = (roundId: number) => app.db.selectFrom("rounds").select(["opens_at", "closes_at"]).where("id", "=", roundId).executeTakeFirstOrThrow();

  it("is refused while the round is frozen, writing nothing; a reason given must still fit the rule", async () => {
    const { contestId, roundId } = await contestWithRound();
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, null);
    const before = { round: await roundTimes(roundId), log: await contestLog(contestId) };
    await freeze(contestId, [roundId]);
    const frozen = await reopenRound(contestId, roundId);
    expect(frozen.status).toBe(409);
    expect(await frozen.text()).toContain(RESULTS_FROZEN_MESSAGE);
    await freeze(contestId, null);
    expect((await refusal(setRoundOpenNow(app, contestId, roundId, true, organizerId, "x".repeat(501)))).message).toBe("Lý do tối đa 500 ký tự.");
    expect({ round: await roundTimes(roundId), log: await contestLog(contestId) }).toEqual(before);
  });

  it("is logged and tells the round's live boards after the commit", async () => {
    const { contestId, roundId } = await contestWithRound();
    await submittedEntry(roundId, await person(mhUnitId));
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, "Đóng sớm để kiểm tra");
    const board = await watchRound(roundId);
    let openOnNotice: boolean | null = null;
    const reading = noticeFor(board, roundId).then(async () => {
      const times = await roundTimes(roundId);
      openOnNotice = times.opens_at.getTime() <= Date.now() && times.closes_at.getTime() > Date.now();
    });
    const response = await reopenRound(contestId, roundId);
    expect(response.status).toBe(200);
    await reading;
    expect(openOnNotice).toBe(true);
    expect((await contestLog(contestId)).slice(-2)).toEqual([
      { action: "round.closed", actor_id: organizerId, reason: "Đóng sớm để kiểm tra", round_id: roundId },
      { action: "round.opened", actor_id: organizerId, reason: null, round_id: roundId },
    ]);
  });
});

describe("merging units", () => {
  async function unitsWithResults(roundId: number) {
    serial++;
    const from = await addUnit(app, { code: `MH-LA${serial}`, name: `Phòng gộp ${serial}`, kind: "department", headcount: 10, parentId: mhUnitId, actorId: organizerId });
    const into = await addUnit(app, { code: `MH-LB${serial}`, name: `Phòng nhận ${serial}`, kind: "department", headcount: 20, parentId: mhUnitId, actorId: organizerId });
    const userId = await person(from);
    await submittedEntry(roundId, userId);
    return { from, into, userId };
  }
  const merge = (fromId: number, intoId: number, reason: string) => organizer.postForm(`/quan-ly/don-vi/${fromId}`, { intent: "merge", intoId, reason });
  const unitState = (unitId: number) => app.db.selectFrom("units").select(["retired_at", "headcount"]).where("id", "=", unitId).executeTakeFirstOrThrow();

  it("is refused without a reason, writing nothing", async () => {
    const { roundId } = await contestWithRound();
    const { from, into, userId } = await unitsWithResults(roundId);
    const before = async () => ({
      from: await unitState(from),
      into: await unitState(into),
      person: await app.db.selectFrom("users").select("unit_id").where("id", "=", userId).executeTakeFirstOrThrow(),
      stats: await app.db.selectFrom("unit_round_stats").select(["unit_id", "participants"]).where("round_id", "=", roundId).orderBy("unit_id").execute(),
      events: [await unitEvents(from), await unitEvents(into)],
    });
    const start = await before();
    const form = await merge(from, into, "ngắn");
    expect(form.status).toBe(400);
    expect(await form.text()).toContain(reasonTooShortMessage("lý do sáp nhập"));
    // The same rule holds for a caller that skips the form.
    expect((await refusal(mergeUnits(app, from, into, { actorId: organizerId, reason: "  ngắn  " }))).message).toBe(reasonTooShortMessage("lý do sáp nhập"));
    expect(await before()).toEqual(start);
  });

  it("is logged on both units and tells the boards of every round its people took part in, after the commit", async () => {
    const first = await contestWithRound();
    const second = await contestWithRound();
    const { from, into, userId } = await unitsWithResults(first.roundId);
    await submittedEntry(second.roundId, userId);
    const boards = [await watchRound(first.roundId), await watchRound(second.roundId)];
    const unitsOnNotice: number[][] = [];
    const reading = Promise.all(
      boards.map((board, i) =>
        noticeFor(board, [first.roundId, second.roundId][i]).then(async () => {
          const rows = await app.db.selectFrom("unit_round_stats").select("unit_id").where("round_id", "=", [first.roundId, second.roundId][i]).where("unit_id", "in", [from, into]).execute();
          unitsOnNotice.push(rows.map((r) => r.unit_id));
        }),
      ),
    );
    const response = await merge(from, into, "Sáp nhập theo quyết định 20/QĐ-UBND");
    expect(response.status).toBe(200);
    await reading;
    // Each board reloading on its notice finds the results already under the receiving unit.
    expect(unitsOnNotice).toEqual([[into], [into]]);
    expect(await unitEvents(from)).toContainEqual({ action: "unit.merged", actor_id: organizerId, reason: "Sáp nhập theo quyết định 20/QĐ-UBND" });
    expect(await unitEvents(into)).toContainEqual({ action: "unit.received", actor_id: organizerId, reason: "Sáp nhập theo quyết định 20/QĐ-UBND" });
  });
});

describe("the other commands on the pipeline", () => {
  it("an extra entry: refused without a reason or while frozen, writing nothing; logged with its reason", async () => {
    const { contestId, roundId } = await contestWithRound();
    const userId = await person(mhUnitId);
    const allowances = () => app.db.selectFrom("round_allowances").selectAll().where("round_id", "=", roundId).execute();
    const grant = (reason: string) => recordIncident(app, contestId, { kind: "extra_entry", userId, roundId, reason, actorId: organizerId });
    expect((await refusal(grant("lỗi mạng"))).message).toBe(reasonTooShortMessage());
    await freeze(contestId, [roundId]);
    expect((await refusal(grant("Lỗi đường truyền đã được xác minh."))).message).toBe(RESULTS_FROZEN_MESSAGE);
    expect(await allowances()).toEqual([]);
    expect((await contestLog(contestId)).filter((l) => l.action.startsWith("incident."))).toEqual([]);
    await freeze(contestId, null);
    await grant("Lỗi đường truyền đã được xác minh.");
    expect((await allowances()).map((a) => a.extra_entries)).toEqual([1]);
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "incident.extra_entry", actor_id: organizerId, reason: "Lỗi đường truyền đã được xác minh.", round_id: roundId });
  });

  it("a disqualification and its revocation: refused without a reason or while any publication stands, writing nothing; logged with the reason", async () => {
    const { contestId, roundId } = await contestWithRound();
    const userId = await person(mhUnitId);
    const entryId = await submittedEntry(roundId, userId);
    const records = () => app.db.selectFrom("contest_disqualifications").select(["reason", "revoked_at", "revoke_reason"]).where("contest_id", "=", contestId).execute();
    const exclude = (reason: string) => disqualify(app, contestId, { kind: "entry", entryId, reason, actorId: organizerId });
    expect((await refusal(exclude("gian lận"))).message).toBe(reasonTooShortMessage("lý do loại"));
    // Award records stand still while any round's results are published.
    const otherRound = await createRound(app, contestId, {
      title: "Tuần 2",
      opensAt: new Date(Date.now() - 60_000),
      closesAt: new Date(Date.now() + 86_400_000),
      timeLimitSeconds: 600,
      blueprint: [{ bankId, count: 5 }],
      pointsPerQuestion: 10,
      maxEntries: 1,
      shuffleQuestions: false,
      shuffleOptions: false,
      reviewPolicy: "after_close",
      predictionRule: "none",
      predictionPrompt: null,
      actorId: organizerId,
    });
    await freeze(contestId, [otherRound]);
    expect((await refusal(exclude("Nhờ người làm hộ, có biên bản."))).message).toBe(RESULTS_FROZEN_MESSAGE);
    expect(await records()).toEqual([]);
    await freeze(contestId, null);
    await exclude("  Nhờ người làm hộ, có biên bản.  ");
    expect(await records()).toEqual([{ reason: "Nhờ người làm hộ, có biên bản.", revoked_at: null, revoke_reason: null }]);
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "awards.disqualified_entry", actor_id: organizerId, reason: "Nhờ người làm hộ, có biên bản.", round_id: null });

    const { id } = await app.db.selectFrom("contest_disqualifications").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
    expect((await refusal(revokeDisqualification(app, contestId, { id, reason: "nhầm", actorId: organizerId }))).message).toBe(reasonTooShortMessage("lý do huỷ quyết định loại"));
    expect((await records())[0].revoked_at).toBeNull();
    await revokeDisqualification(app, contestId, { id, reason: "Biên bản xác minh bị nhầm người.", actorId: organizerId });
    expect((await records())[0].revoke_reason).toBe("Biên bản xác minh bị nhầm người.");
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "awards.disqualification_revoked", actor_id: organizerId, reason: "Biên bản xác minh bị nhầm người.", round_id: null });
  });

  it("retiring a unit: refused without a reason, writing nothing; logged with its reason", async () => {
    serial++;
    const unitId = await addUnit(app, { code: `MH-LR${serial}`, name: `Phòng giải thể ${serial}`, kind: "department", headcount: 5, parentId: mhUnitId, actorId: organizerId });
    expect((await refusal(retireUnit(app, unitId, { actorId: organizerId, reason: "giải thể" }))).message).toBe(reasonTooShortMessage("lý do ngừng hoạt động"));
    expect((await app.db.selectFrom("units").select("retired_at").where("id", "=", unitId).executeTakeFirstOrThrow()).retired_at).toBeNull();
    expect((await unitEvents(unitId)).map((e) => e.action)).toEqual(["unit.created"]);
    await retireUnit(app, unitId, { actorId: organizerId, reason: "Giải thể theo quyết định 7/QĐ" });
    expect((await unitEvents(unitId)).at(-1)).toEqual({ action: "unit.retired", actor_id: organizerId, reason: "Giải thể theo quyết định 7/QĐ" });
  });
});

describe("every contest command is refused while its results are frozen, writing nothing", () => {
  it("round, incident and award commands", async () => {
    const { contestId, roundId } = await contestWithRound();
    const userId = await person(mhUnitId);
    await submittedEntry(roundId, userId);
    await freeze(contestId, [roundId]);
    const state = async () => ({
      log: await contestLog(contestId),
      round: await app.db.selectFrom("rounds").selectAll().where("id", "=", roundId).executeTakeFirstOrThrow(),
      allowances: await app.db.selectFrom("round_allowances").selectAll().where("round_id", "=", roundId).execute(),
      structure: await app.db.selectFrom("contest_prize_structures").selectAll().where("contest_id", "=", contestId).execute(),
      ties: await app.db.selectFrom("contest_tie_decisions").selectAll().where("contest_id", "=", contestId).execute(),
    });
    const before = await state();
    const round = await app.db.selectFrom("rounds").selectAll().where("id", "=", roundId).executeTakeFirstOrThrow();
    const commands: [string, () => Promise<unknown>][] = [
      ["closing the round", () => setRoundOpenNow(app, contestId, roundId, false, organizerId, "Sự cố điện toàn tỉnh")],
      ["changing the round", () => updateRound(app, contestId, roundId, { title: "Tuần 1 (sửa)", opensAt: round.opens_at, closesAt: round.closes_at, timeLimitSeconds: 600, blueprint: round.blueprint, pointsPerQuestion: 10, maxEntries: 3, shuffleQuestions: true, shuffleOptions: true, reviewPolicy: "after_close", predictionRule: "none", predictionPrompt: null, actorId: organizerId })],
      ["extra time", () => recordIncident(app, contestId, { kind: "extra_time", userId, roundId, minutes: 5, reason: "Người khuyết tật thị lực, cần thêm thời gian.", actorId: organizerId })],
      ["the prize structure", () => savePrizeStructure(app, contestId, { structure: { atMostOneIndividualPrize: false, scopes: [] }, actorId: organizerId })],
      ["a tie decision", () => decideTie(app, contestId, { kind: "individual", scopeKey: `round:${roundId}`, groupId: 1, order: [userId], note: "Bốc thăm công khai ngày 03/11", actorId: organizerId })],
    ];
    for (const [what, command] of commands) expect((await refusal(command())).message, what).toBe(RESULTS_FROZEN_MESSAGE);
    expect(await state()).toEqual(before);
  });

  it("a correction needs a reason of the same rule", async () => {
    const { contestId } = await contestWithRound();
    expect((await refusal(openCorrection(app, contestId, { actorId: organizerId, reason: "sửa" }))).message).toBe(reasonTooShortMessage("lý do đính chính"));
  });
});

describe("other commands that move rankings tell the boards after the commit, and are logged", () => {
  it("closing a round early and changing a round", async () => {
    const { contestId, roundId } = await contestWithRound();
    const board = await watchRound(roundId);
    const close = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "round-close", roundId, reason: "Sự cố điện toàn tỉnh" });
    expect(close.status).toBe(200);
    await noticeFor(board, roundId);
    expect((await contestLog(contestId)).at(-1)).toEqual({ action: "round.closed", actor_id: organizerId, reason: "Sự cố điện toàn tỉnh", round_id: roundId });

    const other = await contestWithRound();
    const otherBoard = await watchRound(other.roundId);
    const round = await app.db.selectFrom("rounds").selectAll().where("id", "=", other.roundId).executeTakeFirstOrThrow();
    await updateRound(app, other.contestId, other.roundId, { title: "Tuần 1 (đổi tên)", opensAt: round.opens_at, closesAt: round.closes_at, timeLimitSeconds: 600, blueprint: round.blueprint, pointsPerQuestion: 10, maxEntries: 3, shuffleQuestions: true, shuffleOptions: true, reviewPolicy: "after_close", predictionRule: "none", predictionPrompt: null, actorId: organizerId });
    await noticeFor(otherBoard, other.roundId);
    expect((await contestLog(other.contestId)).at(-1)).toMatchObject({ action: "round.updated", actor_id: organizerId, round_id: other.roundId });
  });

  it("moving a unit whose people took part, with its optional reason", async () => {
    const { roundId } = await contestWithRound();
    serial++;
    const unitId = await addUnit(app, { code: `MH-LM${serial}`, name: `Phòng chuyển ${serial}`, kind: "department", headcount: 5, parentId: mhUnitId, actorId: organizerId });
    const parentId = await addUnit(app, { code: `MH-LP${serial}`, name: `Sở nhận ${serial}`, kind: "department", headcount: 5, parentId: mhUnitId, actorId: organizerId });
    await submittedEntry(roundId, await person(unitId));
    const board = await watchRound(roundId);
    expect((await refusal(moveUnit(app, unitId, parentId, { actorId: organizerId, reason: "x".repeat(501) }))).message).toBe("Lý do tối đa 500 ký tự.");
    expect((await unitEvents(unitId)).map((e) => e.action)).toEqual(["unit.created"]);
    await moveUnit(app, unitId, parentId, { actorId: organizerId, reason: "  " });
    await noticeFor(board, roundId);
    expect((await unitEvents(unitId)).at(-1)).toEqual({ action: "unit.moved", actor_id: organizerId, reason: null });
  });
});

describe("the pipeline itself", () => {
  it("rolls back a write that fails part-way: no row, no log entry, no notice", async () => {
    const { contestId, roundId } = await contestWithRound();
    const other = await contestWithRound();
    const userId = await person(mhUnitId);
    const board = await watchRound(roundId);
    const otherBoard = await watchRound(other.roundId);
    const logBefore = await contestLog(contestId);
    const failing = runCommand(app, {
      actorId: organizerId,
      target: { contestId, freeze: "rounds" },
      reason: { required: true, text: "Thử một lệnh hỏng giữa chừng." },
      write: async (trx) => {
        await trx.insertInto("round_allowances").values({ round_id: roundId, user_id: userId, extra_entries: 1, extra_seconds: 0 }).execute();
        throw new UserFacingError(409, "Lỗi giữa chừng.");
      },
    });
    expect((await refusal(failing)).message).toBe("Lỗi giữa chừng.");
    expect(await app.db.selectFrom("round_allowances").selectAll().where("round_id", "=", roundId).execute()).toEqual([]);
    expect(await contestLog(contestId)).toEqual(logBefore);

    // A command that succeeds afterwards is announced; the failed one, announced first if at all, never was.
    await runCommand(app, {
      actorId: organizerId,
      target: { contestId: other.contestId, freeze: "rounds" },
      write: async () => ({ changed: true, value: undefined, log: { action: "test.touched", roundId: other.roundId }, rankingsOf: [other.roundId] }),
    });
    await noticeFor(otherBoard, other.roundId);
    expect(board).toEqual([]);
  });

  it("logs and announces nothing when the write changed nothing (a repeated post)", async () => {
    const { contestId, roundId } = await contestWithRound();
    const other = await contestWithRound();
    const board = await watchRound(roundId);
    const otherBoard = await watchRound(other.roundId);
    const logBefore = await contestLog(contestId);
    await runCommand(app, { actorId: organizerId, target: { contestId, freeze: "rounds" }, write: async () => ({ changed: false, value: undefined }) });
    await runCommand(app, {
      actorId: organizerId,
      target: { contestId: other.contestId, freeze: "rounds" },
      write: async () => ({ changed: true, value: undefined, log: { action: "test.touched" }, rankingsOf: [other.roundId] }),
    });
    await noticeFor(otherBoard, other.roundId);
    expect(board).toEqual([]);
    expect(await contestLog(contestId)).toEqual(logBefore);
  });

  it("refuses a reason before opening anything, and a whole-contest command while any publication stands", async () => {
    const { contestId, roundId } = await contestWithRound();
    let wrote = false;
    const write = async () => {
      wrote = true;
      return { changed: false as const, value: undefined };
    };
    expect((await refusal(runCommand(app, { actorId: organizerId, target: { contestId, freeze: "contest" }, reason: { required: true, text: " ", what: "căn cứ" }, write }))).message).toBe(
      reasonTooShortMessage("căn cứ"),
    );
    await freeze(contestId, [roundId]);
    expect((await refusal(runCommand(app, { actorId: organizerId, target: { contestId, freeze: "contest" }, write }))).message).toBe(RESULTS_FROZEN_MESSAGE);
    expect(wrote).toBe(false);
    expect((await refusal(runCommand(app, { actorId: organizerId, target: { contestId: 2 ** 31 - 1, freeze: "contest" }, write }))).status).toBe(404);
  });
});
