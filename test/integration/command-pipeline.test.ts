import { sql } from "kysely";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createAccountsFromSheet, parseAccountWorkbook } from "~/accounts/bulk-accounts.server";
import { checkReason } from "~/commands/reason";
import { issueResetCode } from "~/accounts/reset-codes.server";
import { setUserRole } from "~/accounts/user-admin.server";
import { decideTie, disqualify, openCorrection, revokeDisqualification, savePrizeStructure } from "~/awards/commendation.server";
import { RESULTS_FROZEN_MESSAGE } from "~/awards/freeze.server";
import { runCommand } from "~/commands/command.server";
import { REASON_TOO_LONG_MESSAGE, reasonTooShortMessage } from "~/commands/reason";
import { createQuestionCommand, editQuestionCommand, reviewQuestionCommand } from "~/questions/question-commands.server";
import { LEAVES_POOL_MESSAGE } from "~/questions/workflow";
import { createContest, createRound, recordIncident, setContestPublished, setRoundOpenNow, updateRound } from "~/contests/contest-admin.server";
import { startEntry, submitEntry } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import type { RankingChanged } from "~/realtime/events";
import { addUnit, mergeUnits, moveUnit, retireUnit } from "~/units/unit-admin.server";
import { applyUnitImport, buildUnitWorkbook, parseUnitWorkbook, type UnitExportRow } from "~/units/unit-import.server";
import { accountsWorkbook } from "../support/bulk-accounts";
import { recordEvents, roundTrip, type EventLog } from "../support/live";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Every organizer and admin command goes through one pipeline (app/commands/command.server.ts).
// For each command moved onto it: refused without a reason, refused while its results are frozen,
// logged with who and why, its rankings' live boards told after the commit, nothing written on a
// refusal (each where it applies). Real app, real PostgreSQL, real HTTP and real socket.io clients.

let app: TestApp;
let organizer: TestClient;
let organizerId: number;
let adminId: number;
let bankId: number;
let mhUnitId: number;
const sockets: Socket[] = [];
let serial = 0;

beforeAll(async () => {
  app = await startTestApp();
  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  organizerId = (await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  adminId = (await app.db.selectFrom("users").select("id").where("email", "=", "quantri@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  bankId = (await app.db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  mhUnitId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await app?.close();
});

async function contestWithRound() {
  serial++;
  const contestId = await createContest(app, { title: "Cuộc thi thử lệnh", slug: `lenh-${serial}-${Date.now()}`, rules: "Thể lệ.", prizes: "", ownerUnitId: mhUnitId, actorId: organizerId });
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

interface Board {
  socket: Socket;
  notices: EventLog<RankingChanged>;
}

/** An organizer's live board of one round (or a screen of several): the notices it receives, in order. */
async function watchRound(...roundIds: number[]): Promise<Board> {
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
  const notices = recordEvents<RankingChanged>(socket, "ranking:changed");
  for (const roundId of roundIds) expect((await socket.emitWithAck("ranking:watch", { roundId })).ok).toBe(true);
  return { socket, notices };
}

/** Resolves when the board has a notice for `roundId`; fails after a bound. */
const noticeFor = (board: Board, roundId: number) => board.notices.until((seen) => seen.some((n) => n.roundId === roundId), `a ranking notice for round ${roundId}`);

/** What the board received, once everything the server sent it so far has arrived. */
async function everythingReceived(board: Board): Promise<RankingChanged[]> {
  await roundTrip(board.socket);
  return board.notices.seen;
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
    organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "incident", kind: "reopen_entry", entryId, minutes: 10, reason, confirm: 1 });

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
  const reopenRound = (contestId: number, roundId: number) => organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "round-open", roundId, confirm: 1, reason: "Mở lại để thi bù theo chỉ đạo" });
  const roundTimes = (roundId: number) => app.db.selectFrom("rounds").select(["opens_at", "closes_at"]).where("id", "=", roundId).executeTakeFirstOrThrow();

  it("is refused while the round is frozen, writing nothing; a reason given must still fit the rule", async () => {
    const { contestId, roundId } = await contestWithRound();
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, "Đóng sớm để kiểm tra");
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
    const board = await watchRound(roundId);
    await setRoundOpenNow(app, contestId, roundId, false, organizerId, "Đóng sớm để kiểm tra");
    // The closing's own notice first: the next one can only be the reopening's.
    await noticeFor(board, roundId);
    let openOnNotice: boolean | null = null;
    const reading = board.notices.next((n) => n.roundId === roundId, "the reopening's notice").then(async () => {
      const times = await roundTimes(roundId);
      openOnNotice = times.opens_at.getTime() <= Date.now() && times.closes_at.getTime() > Date.now();
    });
    const response = await reopenRound(contestId, roundId);
    expect(response.status).toBe(200);
    await reading;
    expect(openOnNotice).toBe(true);
    expect((await contestLog(contestId)).slice(-2)).toEqual([
      { action: "round.closed", actor_id: organizerId, reason: "Đóng sớm để kiểm tra", round_id: roundId },
      { action: "round.opened", actor_id: organizerId, reason: "Mở lại để thi bù theo chỉ đạo", round_id: roundId },
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
    const close = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}`, { intent: "round-close", roundId, confirm: 1, reason: "Sự cố điện toàn tỉnh" });
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

describe("creating a contest", () => {
  const countOf = async (table: "contests" | "contest_groups" | "contest_log") => Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ contests: await countOf("contests"), groups: await countOf("contest_groups"), log: await countOf("contest_log") });

  it("is made as a draft with its first group and logged with who made it, in one transaction", async () => {
    serial++;
    const slug = `tao-lenh-${serial}-${Date.now()}`;
    const response = await organizer.postForm("/quan-ly/cuoc-thi", { title: "Cuộc thi tạo qua lệnh", slug, rules: "Thể lệ của cuộc thi.", prizes: "", ownerUnitId: mhUnitId });
    expect(response.status).toBe(302);
    const contest = await app.db.selectFrom("contests").select(["id", "status"]).where("slug", "=", slug).executeTakeFirstOrThrow();
    expect(contest.status).toBe("draft");
    const groups = await app.db.selectFrom("contest_groups").innerJoin("contest_group_units", "contest_group_units.group_id", "contest_groups.id").select(["name", "unit_id"]).where("contest_id", "=", contest.id).execute();
    expect(groups).toEqual([{ name: "Bảng chung", unit_id: mhUnitId }]);
    expect(await contestLog(contest.id)).toEqual([{ action: "contest.created", actor_id: organizerId, reason: null, round_id: null }]);
  });

  it("is refused when the slug is taken, writing nothing", async () => {
    const { contestId } = await contestWithRound();
    const { slug } = await app.db.selectFrom("contests").select("slug").where("id", "=", contestId).executeTakeFirstOrThrow();
    const before = await counts();
    const taken = await organizer.postForm("/quan-ly/cuoc-thi", { title: "Trùng đường dẫn", slug, rules: "Thể lệ của cuộc thi.", prizes: "", ownerUnitId: mhUnitId });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("Đường dẫn này đã được cuộc thi khác dùng.");
    expect(await counts()).toEqual(before);
  });
});

describe("importing the unit tree", () => {
  const unitRow = (code: string, name: string, parentCode: string | null): UnitExportRow => ({ code, name, parentCode, kind: "department", headcount: 5 });
  const sheetOf = async (rows: UnitExportRow[]) => parseUnitWorkbook("cay-don-vi.xlsx", new Uint8Array(await buildUnitWorkbook(rows)));
  const importFile = async (rows: UnitExportRow[]) => applyUnitImport(app, await sheetOf(rows), { actorId: organizerId, fileName: "cay-don-vi.xlsx" });
  const unitPath = async (unitId: number) => (await app.db.selectFrom("units").select("path").where("id", "=", unitId).executeTakeFirstOrThrow()).path;
  const appliedEntries = () => app.db.selectFrom("unit_events").select(["actor_id", "details"]).where("unit_id", "is", null).where("action", "=", "import.applied").orderBy("id").execute();

  async function unitsWithResults(roundId: number) {
    const n = ++serial;
    const codes = { moved: `MH-LI${n}`, parent: `MH-LJ${n}` };
    const names = { moved: `Phòng nhập ${n}`, parent: `Sở nhập ${n}` };
    const moved = await addUnit(app, { code: codes.moved, name: names.moved, kind: "department", headcount: 5, parentId: mhUnitId, actorId: organizerId });
    const parent = await addUnit(app, { code: codes.parent, name: names.parent, kind: "department", headcount: 5, parentId: mhUnitId, actorId: organizerId });
    await submittedEntry(roundId, await person(moved));
    return { moved, parent, codes, names };
  }

  it("moving a unit whose people took part: logged with who and the file, its round's boards told after the commit", async () => {
    const { roundId } = await contestWithRound();
    const { moved, parent, codes, names } = await unitsWithResults(roundId);
    const board = await watchRound(roundId);
    let pathOnNotice: string | null = null;
    const reading = noticeFor(board, roundId).then(async () => (pathOnNotice = await unitPath(moved)));

    const result = await importFile([unitRow(codes.parent, names.parent, "MH"), unitRow(codes.moved, names.moved, codes.parent)]);
    expect(result.ok).toBe(true);
    await reading;
    // A board reloading on its notice already finds the unit under its new parent.
    expect(pathOnNotice).toBe(`${await unitPath(parent)}${moved}.`);
    expect((await unitEvents(moved)).at(-1)).toEqual({ action: "import.updated", actor_id: organizerId, reason: null });
    expect((await appliedEntries()).at(-1)).toEqual({ actor_id: organizerId, details: { fileName: "cay-don-vi.xlsx", created: 0, updated: 1, unchanged: 1, absent: expect.any(Number) } });
  });

  it("a refused file writes nothing; a file that changes only names tells no board", async () => {
    const { roundId } = await contestWithRound();
    const other = await contestWithRound();
    const { moved, parent, codes, names } = await unitsWithResults(roundId);
    const board = await watchRound(roundId, other.roundId);
    const state = async () => ({ paths: [await unitPath(moved), await unitPath(parent)], events: [await unitEvents(moved), await unitEvents(parent)], applied: await appliedEntries() });
    const before = await state();

    const refused = await importFile([unitRow(codes.moved, names.moved, codes.parent), unitRow(`MH-LK${serial}`, "Phòng mới", "KHONG-CO-MA")]);
    expect(refused.ok).toBe(false);
    expect(await state()).toEqual(before);

    expect((await importFile([unitRow(codes.moved, `${names.moved} (đổi tên)`, "MH")])).ok).toBe(true);
    expect((await unitEvents(moved)).at(-1)).toEqual({ action: "import.updated", actor_id: organizerId, reason: null });
    // A notice of another round, announced afterwards, comes after any the import would have sent.
    await runCommand(app, {
      actorId: organizerId,
      target: { contestId: other.contestId, freeze: "rounds" },
      write: async () => ({ changed: true, value: undefined, log: { action: "test.touched" }, rankingsOf: [other.roundId] }),
    });
    await noticeFor(board, other.roundId);
    expect((await everythingReceived(board)).map((n) => n.roundId)).toEqual([other.roundId]);
  });
});

describe("account commands", () => {
  const client = { ip: "10.20.30.40", userAgent: "Kiểm thử lệnh" };
  const organizerIssuer = () => ({ id: organizerId, role: "organizer" as const });
  const accountEvents = (subjectId: number) => app.db.selectFrom("account_events").select(["kind", "actor_id", "ip", "details"]).where("subject_id", "=", subjectId).orderBy("id").execute();
  const accountState = async (userId: number) => ({
    user: await app.db.selectFrom("users").select(["password_hash", "must_change_password", "role"]).where("id", "=", userId).executeTakeFirstOrThrow(),
    resets: await app.db.selectFrom("password_resets").select("id").where("user_id", "=", userId).execute(),
    sessions: await app.db.selectFrom("sessions").select("user_id").where("user_id", "=", userId).execute(),
    events: await accountEvents(userId),
  });

  it("a reset code: refused without a reason or for someone the issuer may not help, writing nothing; logged with who, for whom and why", async () => {
    const userId = await person(mhUnitId);
    const before = await accountState(userId);
    const shortReason = checkReason("quên mk");
    expect(shortReason.ok).toBe(false);
    expect((await refusal(issueResetCode(app, organizerIssuer(), userId, "quên mk", client))).message).toBe(!shortReason.ok && shortReason.message);
    expect(await accountState(userId)).toEqual(before);
    const adminBefore = await accountState(adminId);
    expect((await refusal(issueResetCode(app, organizerIssuer(), adminId, "Gọi điện báo quên mật khẩu", client))).status).toBe(403);
    expect(await accountState(adminId)).toEqual(adminBefore);

    const issued = await issueResetCode(app, organizerIssuer(), userId, "  Gọi điện   báo quên mật khẩu ", client);
    expect(issued.code).toMatch(/^[A-Z2-9]{10}$/);
    const after = await accountState(userId);
    expect(after.user.must_change_password).toBe(true);
    expect(after.resets).toHaveLength(1);
    expect(after.events.slice(before.events.length)).toEqual([{ kind: "reset_code_issued", actor_id: organizerId, ip: "10.20.30.40", details: { reason: "Gọi điện   báo quên mật khẩu", ended: 0 } }]);
  });

  it("a role change: logged with the old and new role; the same role again logs nothing; an admin's own demotion is refused", async () => {
    const userId = await person(mhUnitId);
    expect(await setUserRole(app, { id: adminId }, userId, "leader", client)).toEqual({ fullName: expect.stringMatching(/^Người thử/) });
    await setUserRole(app, { id: adminId }, userId, "leader", client);
    expect(await accountEvents(userId)).toEqual([{ kind: "role_changed", actor_id: adminId, ip: "10.20.30.40", details: { from: "contestant", to: "leader" } }]);
    const adminBefore = await accountState(adminId);
    expect((await refusal(setUserRole(app, { id: adminId }, adminId, "organizer", client))).status).toBe(409);
    expect((await refusal(setUserRole(app, { id: adminId }, 2 ** 31 - 1, "leader", client))).status).toBe(404);
    expect(await accountState(adminId)).toEqual(adminBefore);
  });

  it("accounts from a sheet: created and logged in one transaction; a refused sheet writes neither", async () => {
    serial++;
    const login = `lenh-tep-${serial}@example.vn`;
    const sheet = async (unitCode: string) => parseAccountWorkbook("tai-khoan.xlsx", await accountsWorkbook([["Nguyễn Văn Tệp", login, unitCode, ""]]));
    const created = () => app.db.selectFrom("account_events").select(["actor_id", "ip", "details"]).where("kind", "=", "accounts_created").orderBy("id").execute();
    const users = () => app.db.selectFrom("users").select("id").where("email", "=", login).execute();
    const logBefore = await created();

    const refused = await createAccountsFromSheet(app, await sheet("KHONG-CO-MA"), { actorId: organizerId, fileName: "tai-khoan.xlsx", client });
    expect(refused.ok).toBe(false);
    expect({ users: await users(), log: await created() }).toEqual({ users: [], log: logBefore });

    const result = await createAccountsFromSheet(app, await sheet("MH"), { actorId: organizerId, fileName: "tai-khoan.xlsx", client });
    expect(result.ok).toBe(true);
    expect(await users()).toHaveLength(1);
    expect((await created()).slice(logBefore.length)).toEqual([{ actor_id: organizerId, ip: "10.20.30.40", details: { count: 1, file: "tai-khoan.xlsx" } }]);
  });
});

describe("question authoring commands", () => {
  const content = (key: string, stem = `Câu hỏi soạn thử ${key}?`) => ({
    key,
    topic: "civil-service" as const,
    type: "single" as const,
    difficulty: "easy" as const,
    stem,
    options: ["Một", "Hai", "Ba"],
    correct: [1],
    explanation: "Giải thích.",
    basis: { document: "Văn bản kiểm thử", issuer: "Ban kiểm thử", date: "2020-01-02" },
    tags: [],
  });
  const history = (questionId: number) =>
    app.db.selectFrom("question_events").select(["action", "actor_id", "comment", "from_status", "to_status"]).where("question_id", "=", questionId).orderBy("id").execute();

  it("a new question, an edit with the author's note and a review step: each logged with who, in the question's history", async () => {
    serial++;
    const { id } = await createQuestionCommand(app, { bankId, content: content(`lenh-${serial}`), actorId: organizerId });
    const { versionId } = (await app.db.selectFrom("questions").select("current_version_id as versionId").where("id", "=", id).executeTakeFirstOrThrow()) as { versionId: number };
    await editQuestionCommand(app, {
      questionId: id,
      content: content(`lenh-${serial}`, "Câu hỏi đã sửa chính tả?"),
      actorId: organizerId,
      expectedVersionId: versionId,
      confirmedLeavingPool: false,
      note: "Sửa lỗi chính tả ở câu dẫn",
    });
    await reviewQuestionCommand(app, { questionId: id, action: "submit", actorId: organizerId });
    expect(await history(id)).toEqual([
      { action: "created", actor_id: organizerId, comment: null, from_status: null, to_status: "draft" },
      { action: "edited", actor_id: organizerId, comment: "Sửa lỗi chính tả ở câu dẫn", from_status: "draft", to_status: "draft" },
      { action: "submitted", actor_id: organizerId, comment: null, from_status: "draft", to_status: "in_review" },
    ]);
    // The same content again is a repeated post: no version, no history entry.
    const latest = (await app.db.selectFrom("questions").select("current_version_id").where("id", "=", id).executeTakeFirstOrThrow()).current_version_id!;
    const again = await editQuestionCommand(app, {
      questionId: id,
      content: content(`lenh-${serial}`, "Câu hỏi đã sửa chính tả?"),
      actorId: organizerId,
      expectedVersionId: latest,
      confirmedLeavingPool: false,
    });
    expect(again.changed).toBe(false);
    expect(await history(id)).toHaveLength(3);
  });

  it("refused (a note over the limit, an approved question saved without the tick, a taken code, a missing question) writing nothing", async () => {
    serial++;
    const key = `lenh-${serial}`;
    const tooLong = createQuestionCommand(app, { bankId, content: content(key), actorId: organizerId, note: "x".repeat(501) });
    expect((await refusal(tooLong)).message).toBe(REASON_TOO_LONG_MESSAGE);
    expect(await app.db.selectFrom("questions").select("id").where("key", "=", key).execute()).toEqual([]);

    const approved = await app.db
      .selectFrom("questions")
      .select(["id", "key", "current_version_id"])
      .where("bank_id", "=", bankId)
      .where("status", "=", "approved")
      .executeTakeFirstOrThrow();
    const before = await history(approved.id);
    const unticked = editQuestionCommand(app, {
      questionId: approved.id,
      content: content(approved.key),
      actorId: organizerId,
      expectedVersionId: approved.current_version_id!,
      confirmedLeavingPool: false,
    });
    expect((await refusal(unticked)).message).toBe(`${LEAVES_POOL_MESSAGE} Hãy đánh dấu ô xác nhận nếu vẫn muốn lưu.`);
    expect(await app.db.selectFrom("questions").select(["status", "current_version_id"]).where("id", "=", approved.id).executeTakeFirstOrThrow()).toEqual({
      status: "approved",
      current_version_id: approved.current_version_id,
    });
    expect(await history(approved.id)).toEqual(before);

    const taken = createQuestionCommand(app, { bankId, content: content(approved.key), actorId: organizerId });
    expect((await refusal(taken)).status).toBe(409);
    expect((await refusal(reviewQuestionCommand(app, { questionId: 2 ** 31 - 1, action: "submit", actorId: organizerId }))).message).toBe("Không tìm thấy câu hỏi.");
    expect((await refusal(createQuestionCommand(app, { bankId: 2 ** 31 - 1, content: content(`${key}-x`), actorId: organizerId }))).message).toBe(
      "Không tìm thấy ngân hàng câu hỏi.",
    );
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
    expect(await everythingReceived(board)).toEqual([]);
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
    expect(await everythingReceived(board)).toEqual([]);
    expect(await contestLog(contestId)).toEqual(logBefore);
  });

  it("rolls back a new contest or an account command that fails part-way", async () => {
    serial++;
    const slug = `hong-${serial}-${Date.now()}`;
    const failing = runCommand(app, {
      actorId: organizerId,
      target: { newContest: true },
      write: async (trx) => {
        await trx.insertInto("contests").values({ slug, title: "Hỏng giữa chừng", rules: "x", owner_unit_id: mhUnitId, status: "draft" }).execute();
        throw new UserFacingError(409, "Lỗi giữa chừng.");
      },
    });
    expect((await refusal(failing)).message).toBe("Lỗi giữa chừng.");
    expect(await app.db.selectFrom("contests").select("id").where("slug", "=", slug).execute()).toEqual([]);

    const userId = await person(mhUnitId);
    const failingRole = runCommand(app, {
      actorId: adminId,
      target: { account: userId },
      write: async (trx) => {
        await trx.updateTable("users").set({ role: "organizer" }).where("id", "=", userId).execute();
        throw new UserFacingError(409, "Lỗi giữa chừng.");
      },
    });
    expect((await refusal(failingRole)).message).toBe("Lỗi giữa chừng.");
    expect((await app.db.selectFrom("users").select("role").where("id", "=", userId).executeTakeFirstOrThrow()).role).toBe("contestant");
    expect(await app.db.selectFrom("account_events").select("id").where("subject_id", "=", userId).execute()).toEqual([]);
    expect((await refusal(runCommand(app, { actorId: adminId, target: { account: 2 ** 31 - 1 }, write: async () => ({ changed: false, value: undefined }) }))).message).toBe("Không tìm thấy người dùng.");
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
