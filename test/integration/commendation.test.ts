import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { computeProposal, getPublication } from "~/awards/commendation.server";
import { RESULTS_FROZEN_MESSAGE } from "~/awards/freeze.server";
import { createRound } from "~/contests/contest-admin.server";
import { finaliseEntry } from "~/entries/entries.server";
import { COMMENDATION_HEADERS } from "~/exports/result-sheets.server";
import { editQuestion } from "~/questions/questions.server";
import type { TopicKey } from "~/banks/topics";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { answerKeyInDisplayOrder, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";

// Awards end to end over HTTP on real PostgreSQL: the proposal from closed rounds, an open tie
// decided by the organizer, a disqualified entry (the next-best entry counts), the at-most-one
// rule across rounds, publication that freezes every write behind it, a correction published as
// version 2 with version 1 still readable, the files read back, and who may do what.

let app: TestApp;
let contestId: number;
let slug: string;
const rounds: { id: number }[] = [];
let groupId: number;
let organizer: TestClient;
let leader: TestClient;
let winner: TestClient; // the demo contestant: wins round 1 with a real entry
let late: TestClient; // a contestant with an entry running in round 3
let lateEntryId: string;
const people = new Map<string, number>();
const entryOf = new Map<string, string>();

const DAY = 24 * 3600 * 1000;
const BASE = Date.UTC(2026, 10, 2, 8, 0, 0);
const text = (r: Response) => r.text();

async function addEntry(roundId: number, userId: number, attempt: number, score: number, durationMs: number, finishedAt: Date): Promise<string> {
  const { id } = await app.db
    .insertInto("entries")
    .values({
      round_id: roundId,
      user_id: userId,
      attempt_no: attempt,
      status: "submitted",
      started_at: new Date(finishedAt.getTime() - durationMs),
      deadline: new Date(finishedAt.getTime() + 600_000),
      finished_at: finishedAt,
      question_count: 20,
      score,
      correct_count: Math.floor(score / 5),
      duration_ms: durationMs,
      group_id: groupId,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function login(email: string) {
  const client = app.client();
  await client.login(email, DEMO_PASSWORD);
  return client;
}

const page = () => `/quan-ly/cuoc-thi/${contestId}/khen-thuong`;
// `_data` asks Remix for the action's JSON instead of the re-rendered page.
const ACTION_DATA = `?index&_data=${encodeURIComponent("routes/quan-ly.cuoc-thi.$id.khen-thuong._index")}`;
const post = (client: TestClient, fields: Record<string, string | number>) => client.postForm(`${page()}${ACTION_DATA}`, fields).then(async (r) => ({ status: r.status, body: (await r.json()) as { ok: boolean; message: string } }));

const structureFields = (atMostOne: boolean) => ({
  intent: "structure",
  ...(atMostOne ? { atMostOneIndividualPrize: "on" } : {}),
  [`round:${rounds[0].id}.all.enabled`]: "on",
  [`round:${rounds[0].id}.all.first`]: 1,
  [`round:${rounds[0].id}.all.second`]: 1,
  [`round:${rounds[0].id}.all.third`]: 2,
  [`round:${rounds[0].id}.all.consolation`]: 0,
  [`round:${rounds[0].id}.all.collective`]: "on",
  [`round:${rounds[0].id}.all.metric`]: "participants",
  [`round:${rounds[0].id}.all.c_first`]: 1,
  [`round:${rounds[0].id}.all.c_second`]: 1,
  [`round:${rounds[0].id}.all.minParticipants`]: 1,
  [`round:${rounds[1].id}.all.enabled`]: "on",
  [`round:${rounds[1].id}.all.first`]: 1,
  [`round:${rounds[1].id}.all.second`]: 1,
  [`round:${rounds[1].id}.all.third`]: 0,
  [`round:${rounds[1].id}.all.consolation`]: 0,
});

beforeAll(async () => {
  app = await startTestApp();
  const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();
  const province = await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  slug = "thi-khen-thuong";
  ({ id: contestId } = await app.db
    .insertInto("contests")
    .values({ slug, title: "Hội thi tìm hiểu cải cách hành chính năm 2026", rules: "Thể lệ", owner_unit_id: province.id, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow());
  ({ id: groupId } = await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow());
  await app.db.insertInto("contest_group_units").values({ group_id: groupId, unit_id: province.id }).execute();
  const now = Date.now();
  const windows = [
    [now - DAY, now + DAY], // round 1: open for the real entry, closed by the organizer below
    [now - 3 * DAY, now - 2 * DAY], // round 2: closed
    [now - DAY, now + 30 * DAY], // round 3: open, no prizes: the freeze is tested on it
  ];
  for (const [index, [opens, closes]] of windows.entries()) {
    rounds.push(
      await app.db
        .insertInto("rounds")
        .values({
          contest_id: contestId,
          number: index + 1,
          title: `Tuần ${index + 1}`,
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
        .executeTakeFirstOrThrow(),
    );
  }

  organizer = await login("bantochuc@demo.cchc.vn");
  leader = await login("lanhdao@demo.cchc.vn");
  winner = await login("thisinh@demo.cchc.vn");

  // The demo contestant answers every question right in round 1, through the real endpoints.
  const entryId = await startEntryViaHttp(winner, slug, rounds[0].id);
  let revision = 1;
  for (const question of await answerKeyInDisplayOrder(app.db, entryId)) {
    const saved = await winner.postJson(`/api/entries/${entryId}/answers`, { position: question.position, chosen: question.correctDisplay, revision: revision++ });
    expect(saved.status).toBe(200);
  }
  expect((await winner.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
  entryOf.set("winner-r1", entryId);
  people.set("winner", (await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow()).id);

  // Everyone else: entries with exact keys, so that ties can be built on purpose.
  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
  const names: [string, string, string | null][] = [
    ["A", "Phạm Văn Ánh", "Chuyên viên"],
    ["B", "Đặng Thị Bưởi", "Phó Trưởng phòng"],
    ["C", "Hoàng Văn Cường", null],
    ["D", "Vũ Thị Dung", null],
    ["E", "Bùi Đức Ể", null],
    ["F", "Trịnh Thị Phượng", null],
    ["G", "Lương Văn Giỏi", null],
  ];
  for (const [key, fullName, position] of names) {
    const { id } = await app.db
      .insertInto("users")
      .values({ full_name: fullName, email: `kt-${key.toLowerCase()}@example.vn`, password_hash: "x", unit_id: unit.id, position })
      .returning("id")
      .executeTakeFirstOrThrow();
    people.set(key, id);
    await app.db.insertInto("contest_participants").values({ contest_id: contestId, user_id: id, group_id: groupId }).execute();
  }
  const at = (s: number) => new Date(BASE + s * 1000);
  const [r1, r2] = [rounds[0].id, rounds[1].id];
  entryOf.set("A95", await addEntry(r1, people.get("A")!, 1, 95, 60_000, at(0)));
  entryOf.set("A88", await addEntry(r1, people.get("A")!, 2, 88, 60_000, at(10)));
  await addEntry(r1, people.get("B")!, 1, 90, 60_000, at(0));
  for (const key of ["C", "D", "E"]) await addEntry(r1, people.get(key)!, 1, 85, 70_000, at(5)); // equal on every key
  await addEntry(r2, people.get("winner")!, 1, 100, 50_000, at(0));
  await addEntry(r2, people.get("B")!, 1, 95, 50_000, at(0));
  await addEntry(r2, people.get("F")!, 1, 50, 50_000, at(0));
  await addEntry(r2, people.get("G")!, 1, 40, 50_000, at(0));
  // The direct inserts were not finalised through the app: the maintenance rebuild ranks them (the real entry included).
  await rebuildRankings(app.db, { contestId });

  // A second contestant is in the middle of an entry in round 3 when the results are published.
  const lateUnit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-X-TPH").executeTakeFirstOrThrow();
  await createAccount(app.db, { fullName: "Ngô Thị Muộn", login: { kind: "email", email: "muon@example.vn" }, password: DEMO_PASSWORD, unitId: lateUnit.id });
  late = await login("muon@example.vn");
  lateEntryId = await startEntryViaHttp(late, slug, rounds[2].id);
});
afterAll(() => app?.close());

const scopeOf = async (roundIndex: number) => (await computeProposal(app.db, contestId)).scopes.find((s) => s.roundId === rounds[roundIndex].id)!;

describe("the proposal", () => {
  it("refuses a round that is not over yet, and proposes once the organizer closes it", async () => {
    expect((await post(organizer, structureFields(false))).status).toBe(200);
    const before = await scopeOf(0);
    expect(before.status).toBe("not-final");
    expect(before.message).toContain("chưa kết thúc");
    expect(before.winners).toEqual([]);

    const closed = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}?index`, { intent: "round-close", confirm: 1, roundId: rounds[0].id, reason: "Kết thúc tuần 1" });
    expect(closed.status).toBe(200);
    const after = await scopeOf(0);
    expect(after.status).toBe("proposed");
    expect(after.winners.map((w) => [w.fullName, w.tier, w.score])).toEqual([
      ["Lê Thị Thí Sinh", "first", 100],
      ["Phạm Văn Ánh", "second", 95],
      ["Đặng Thị Bưởi", "third", 90],
    ]);
    // Units directly under the group's unit (the province), by number of people taking part.
    expect(after.collective?.winners.map((w) => [w.unitName, w.participants, w.tier])).toEqual([
      ["Sở Nội vụ", 5, "first"],
      ["Xã Tân Phú", 1, "second"],
    ]);
  });

  it("shows a tie the last rule cannot break to the organizer, and applies the organizer's order with the note", async () => {
    const scope = await scopeOf(0);
    expect(scope.ties).toHaveLength(1);
    expect(scope.ties[0].candidates.map((c) => c.id).sort()).toEqual(["C", "D", "E"].map((k) => people.get(k)!).sort());
    expect(scope.ties[0].places).toEqual([{ place: 4, tier: "third" }]);
    const html = await text(await organizer.get(page()));
    expect(html).toContain("Bằng điểm chưa phân định được");
    expect(html).toContain("Hoàng Văn Cường");

    // Publishing is refused while the tie is open.
    const refused = await post(organizer, { intent: "publish", confirm: "on" });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain("bằng điểm");

    const order = ["D", "C", "E"].map((k) => people.get(k)!).join(", ");
    const tooShort = await post(organizer, { intent: "tie", kind: "individual", scopeKey: `round:${rounds[0].id}`, groupId: 0, order, note: "bốc" });
    expect(tooShort.status).toBe(400);
    const wrongPeople = await post(organizer, { intent: "tie", kind: "individual", scopeKey: `round:${rounds[0].id}`, groupId: 0, order: `${people.get("D")}, ${people.get("C")}`, note: "Bốc thăm ngày 03/11" });
    expect(wrongPeople.status).toBe(409);
    const decided = await post(organizer, { intent: "tie", kind: "individual", scopeKey: `round:${rounds[0].id}`, groupId: 0, order, note: "Bốc thăm công khai ngày 03/11" });
    expect(decided).toMatchObject({ status: 200, body: { ok: true } });

    const after = await scopeOf(0);
    expect(after.ties).toEqual([]);
    expect(after.winners.at(-1)).toMatchObject({ fullName: "Vũ Thị Dung", tier: "third", place: 4, decidedBy: "organizer", decisionNote: "Bốc thăm công khai ngày 03/11" });
    const log = await app.db.selectFrom("contest_log").select(["action", "reason"]).where("contest_id", "=", contestId).where("action", "=", "awards.tie_decided").execute();
    expect(log).toEqual([{ action: "awards.tie_decided", reason: "Bốc thăm công khai ngày 03/11" }]);
  });

  it("recomputes after a disqualified entry: the person's next-best entry counts", async () => {
    // "Loại…" on Ánh's row of round 1, "only this entry".
    const row = { intent: "disqualify-row", userId: people.get("A")!, kind: "entry", entryId: entryOf.get("A95")! };
    const noReason = await post(organizer, { ...row, reason: "gian lận" });
    expect(noReason.status).toBe(400);
    const done = await post(organizer, { ...row, reason: "Nhờ người khác làm hộ, có biên bản xác minh" });
    expect(done.status).toBe(200);
    // A repeated post changes nothing.
    expect((await post(organizer, { ...row, reason: "Nhờ người khác làm hộ, có biên bản xác minh" })).status).toBe(200);
    expect(await app.db.selectFrom("contest_disqualifications").select("id").where("contest_id", "=", contestId).execute()).toHaveLength(1);

    const scope = await scopeOf(0);
    expect(scope.winners.map((w) => [w.fullName, w.tier, w.score])).toEqual([
      ["Lê Thị Thí Sinh", "first", 100],
      ["Đặng Thị Bưởi", "second", 90],
      ["Phạm Văn Ánh", "third", 88],
      ["Vũ Thị Dung", "third", 85],
    ]);
    expect(scope.winners.find((w) => w.fullName === "Phạm Văn Ánh")!.entryId).toBe(entryOf.get("A88"));
    const html = await text(await organizer.get(page()));
    expect(html).toContain("Nhờ người khác làm hộ, có biên bản xác minh");
  });

  it("gives a person at most one individual prize across rounds when the contest says so: the next in the ranking moves up", async () => {
    const without = await scopeOf(1);
    expect(without.winners.map((w) => w.fullName)).toEqual(["Lê Thị Thí Sinh", "Đặng Thị Bưởi"]);
    expect((await post(organizer, structureFields(true))).status).toBe(200);
    const withRule = await scopeOf(1);
    expect(withRule.winners.map((w) => [w.fullName, w.tier])).toEqual([
      ["Trịnh Thị Phượng", "first"],
      ["Lương Văn Giỏi", "second"],
    ]);
    expect(withRule.excluded.map((e) => e.fullName).sort()).toEqual(["Lê Thị Thí Sinh", "Đặng Thị Bưởi"].sort());
  });

  it("refuses a prize structure that does not hold, with the reason", async () => {
    const bad = await post(organizer, { ...structureFields(true), [`round:${rounds[0].id}.all.first`]: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("không được âm");
  });
});

describe("downloads of the draft", () => {
  it("marks the files as a draft before publication", async () => {
    const response = await leader.get(`${page()}/de-nghi.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("du-thao");
  });
});

async function freezeProbe() {
  const count = async (table: "entries" | "entry_answers" | "round_allowances" | "contest_disqualifications" | "contest_tie_decisions") =>
    Number((await app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    entries: await count("entries"),
    answers: await count("entry_answers"),
    allowances: await count("round_allowances"),
    disqualifications: await count("contest_disqualifications"),
    decisions: await count("contest_tie_decisions"),
    rounds: await app.db.selectFrom("rounds").select(["id", "opens_at", "closes_at"]).where("contest_id", "=", contestId).orderBy("id").execute(),
    structure: (await app.db.selectFrom("contest_prize_structures").select("structure").where("contest_id", "=", contestId).executeTakeFirstOrThrow()).structure,
    lateEntry: await app.db.selectFrom("entries").select(["status", "deadline"]).where("id", "=", lateEntryId).executeTakeFirstOrThrow(),
    results: await app.db.selectFrom("round_results").selectAll().where("contest_id", "=", contestId).orderBy("round_id").orderBy("user_id").execute(),
  };
}

describe("publication", () => {
  it("may not be done by a contestant or a leader", async () => {
    for (const client of [winner, leader]) {
      const response = await client.postForm(`${page()}?index`, { intent: "publish", confirm: "on" });
      expect(response.status).toBe(403);
    }
    expect(await getPublication(app.db, contestId)).toBeNull();
  });

  it("asks for confirmation, then freezes the results as version 1", async () => {
    const nothingToCorrect = await post(organizer, { intent: "correction", confirm: 1, reason: "Đính chính khi chưa công bố gì" });
    expect(nothingToCorrect).toMatchObject({ status: 409, body: { message: "Kết quả chưa được công bố nên không cần đính chính." } });
    const unconfirmed = await post(organizer, { intent: "publish" });
    expect(unconfirmed.status).toBe(400);
    const published = await post(organizer, { intent: "publish", confirm: "on" });
    expect(published).toMatchObject({ status: 200, body: { ok: true } });
    const v1 = await getPublication(app.db, contestId);
    expect(v1?.version).toBe(1);
    expect(v1?.proposal.scopes.find((s) => s.roundId === rounds[0].id)?.winners.map((w) => w.fullName)).toContain("Phạm Văn Ánh");
    // Publishing twice is refused: the results are frozen.
    expect((await post(organizer, { intent: "publish", confirm: "on" })).status).toBe(409);
  });

  it("refuses every write behind the results with the same message, and nothing changes", async () => {
    const before = await freezeProbe();
    const expectFrozen = async (response: Response) => {
      expect(response.status).toBe(409);
      const body = await response.text();
      expect(body).toContain("Kết quả cuộc thi đã được công bố");
    };
    // Contestants, in the published rounds: start, save an answer, save a prediction, submit (again).
    const other = await login("lanhdao@demo.cchc.vn");
    const published = entryOf.get("winner-r1")!;
    await expectFrozen(await other.postForm(`/cuoc-thi/${slug}`, { intent: "start", roundId: rounds[0].id }));
    await expectFrozen(await winner.postJson(`/api/entries/${published}/answers`, { position: 0, chosen: [0], revision: 99 }));
    await expectFrozen(await winner.postJson(`/api/entries/${published}/prediction`, { prediction: 10 }));
    await expectFrozen(await winner.postForm(`/bai-thi/${published}`, { intent: "submit" }));
    // The server's own finalisation is refused too.
    await expect(app.db.transaction().execute((trx) => finaliseEntry(trx, published, "expire"))).rejects.toThrow(RESULTS_FROZEN_MESSAGE);
    // Organizer: incidents, round times, prize structure, disqualification, tie decision.
    const admin = `/quan-ly/cuoc-thi/${contestId}?index`;
    const reason = "Sự cố mạng có xác nhận của đơn vị";
    const incidents: Record<string, string | number>[] = [
      { intent: "incident", kind: "extra_entry", login: "muon@example.vn", roundId: rounds[0].id, reason },
      { intent: "incident", kind: "extra_time", login: "muon@example.vn", roundId: rounds[1].id, minutes: 5, reason },
      { intent: "incident", kind: "reopen_entry", entryId: entryOf.get("A88")!, minutes: 5, reason, confirm: 1 },
      { intent: "round-open", confirm: 1, roundId: rounds[0].id, reason },
      { intent: "round-open", confirm: 1, roundId: rounds[1].id, reason },
    ];
    for (const fields of incidents) await expectFrozen(await organizer.postForm(admin, fields));
    await expectFrozen(await organizer.postForm(`${page()}?index`, structureFields(false)));
    await expectFrozen(await organizer.postForm(`${page()}?index`, { intent: "disqualify", kind: "person", login: "kt-b@example.vn", reason }));
    await expectFrozen(await organizer.postForm(`${page()}?index`, { intent: "tie", kind: "individual", scopeKey: `round:${rounds[0].id}`, groupId: 0, order: "1, 2", note: reason }));
    const disqualification = await app.db.selectFrom("contest_disqualifications").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
    await expectFrozen(await organizer.postForm(`${page()}?index`, { intent: "revoke", id: disqualification.id, reason }));

    expect(await freezeProbe()).toEqual(before);
    expect(await text(await organizer.get(page()))).toContain("đang được khoá");
  });

  it("lets a round outside the publication run on: results are published round by round", async () => {
    const [question] = await answerKeyInDisplayOrder(app.db, lateEntryId);
    const saved = await late.postJson(`/api/entries/${lateEntryId}/answers`, { position: question.position, chosen: question.correctDisplay, revision: 1 });
    expect(saved.status).toBe(200);
    expect((await late.postForm(`/bai-thi/${lateEntryId}`, { intent: "submit" })).status).toBe(302);
    expect((await app.db.selectFrom("entries").select("score").where("id", "=", lateEntryId).executeTakeFirstOrThrow()).score).toBe(5);
    // The published version is untouched.
    expect((await getPublication(app.db, contestId))?.version).toBe(1);
  });

  it("keeps the published snapshot and the graded answers when a question is edited after publication (a new version)", async () => {
    const entryId = entryOf.get("winner-r1")!;
    const drawn = await app.db
      .selectFrom("entry_questions as eq")
      .innerJoin("question_versions as v", "v.id", "eq.question_version_id")
      .innerJoin("questions as q", "q.id", "v.question_id")
      .select(["q.id as question_id", "q.key", "q.topic", "v.id as version_id", "v.type", "v.difficulty", "v.stem", "v.options", "v.correct", "v.explanation", "v.basis", "v.tags"])
      .where("eq.entry_id", "=", entryId)
      .where("eq.position", "=", 0)
      .executeTakeFirstOrThrow();
    const graded = await app.db.selectFrom("entry_answers").select(["position", "chosen", "is_correct"]).where("entry_id", "=", entryId).orderBy("position").execute();
    const v1 = await getPublication(app.db, contestId, 1);
    const { changed, versionId } = await editQuestion(app.db, {
      questionId: drawn.question_id,
      expectedVersionId: null,
      confirmedLeavingPool: true,
      actorId: null,
      content: {
        key: drawn.key,
        topic: drawn.topic as TopicKey,
        type: drawn.type,
        difficulty: drawn.difficulty,
        stem: `${drawn.stem} (đã sửa)`,
        options: drawn.options,
        // The right answer changes: the old entry must still be graded by the version it drew.
        correct: drawn.options.map((_, i) => i).filter((i) => !drawn.correct.includes(i)).slice(0, 1),
        explanation: drawn.explanation,
        basis: drawn.basis,
        tags: drawn.tags,
      },
    });
    expect(changed).toBe(true);
    expect(versionId).not.toBe(drawn.version_id);
    expect((await app.db.selectFrom("entry_questions").select("question_version_id").where("entry_id", "=", entryId).where("position", "=", 0).executeTakeFirstOrThrow()).question_version_id).toBe(drawn.version_id);
    expect(await app.db.selectFrom("entry_answers").select(["position", "chosen", "is_correct"]).where("entry_id", "=", entryId).orderBy("position").execute()).toEqual(graded);
    expect((await app.db.selectFrom("entries").select("score").where("id", "=", entryId).executeTakeFirstOrThrow()).score).toBe(100);
    expect(await getPublication(app.db, contestId, 1)).toEqual(v1);
  });
});

describe("the published files", () => {
  it("reads back the .xlsx: the headers and Vietnamese names intact", async () => {
    const response = await leader.get(`${page()}/de-nghi.xlsx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("lan-1");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    let header: string[] = [];
    const names: string[] = [];
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1).map((v) => String(v ?? ""));
      if (values[0] === "STT") header = values;
      else if (header.length > 0 && /^\d+$/.test(values[0])) names.push(values[1]);
    });
    expect(header).toEqual([...COMMENDATION_HEADERS]);
    expect(header).toEqual(["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điểm", "Thời gian", "Giải"]);
    expect(names).toEqual(["Lê Thị Thí Sinh", "Đặng Thị Bưởi", "Phạm Văn Ánh", "Vũ Thị Dung"]);
    const units: string[] = [];
    workbook.worksheets[1].eachRow((row) => units.push(String((row.values as unknown[])[2] ?? "")));
    expect(units).toContain("Sở Nội vụ");
    expect(units).toContain("Xã Tân Phú");
  });

  it("reads back the PDF list and the certificates with Vietnamese intact", async () => {
    const list = await organizer.get(`${page()}/de-nghi.pdf?pham-vi=0`);
    expect(list.headers.get("content-type")).toBe("application/pdf");
    const listText = await pdfText(await list.arrayBuffer());
    for (const phrase of ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG", "Lê Thị Thí Sinh", "Đặng Thị Bưởi", "Giải Nhất", "II. TẬP THỂ", "Xã Tân Phú"]) expect(listText).toContain(phrase);

    const all = await organizer.get(`${page()}/giay-chung-nhan.pdf`);
    const allText = await pdfText(await all.arrayBuffer());
    for (const name of ["Lê Thị Thí Sinh", "Trịnh Thị Phượng", "Lương Văn Giỏi", "GIẤY CHỨNG NHẬN"]) expect(allText).toContain(name);

    const printable = await text(await leader.get(`${page()}/in`));
    expect(printable).toContain("KẾT QUẢ CUỘC THI");
    expect(printable).toContain("@media print");
    expect(printable).toContain("Vũ Thị Dung");
  });
});

async function pdfText(data: ArrayBuffer): Promise<string> {
  const proxy = await getDocumentProxy(new Uint8Array(data));
  const { text } = await extractText(proxy, { mergePages: true });
  return text.normalize("NFC");
}

describe("who may download what", () => {
  it("lets a winner download only their own certificate; others get a message", async () => {
    const mine = await winner.get(`/cuoc-thi/${slug}/giay-chung-nhan`);
    expect(mine.status).toBe(200);
    const mineText = await pdfText(await mine.arrayBuffer());
    expect(mineText).toContain("Lê Thị Thí Sinh");
    expect(mineText).not.toContain("Đặng Thị Bưởi");

    const none = await late.get(`/cuoc-thi/${slug}/giay-chung-nhan`);
    expect(none.status).toBe(404);
    expect(await none.text()).toContain("không có tên trong danh sách đạt giải");
    expect((await app.client().get(`/cuoc-thi/${slug}/giay-chung-nhan`)).status).toBe(302);

    // A contestant reaches none of the organizer's files; an anonymous visitor is sent to log in.
    for (const path of ["de-nghi.xlsx", "de-nghi.pdf", "giay-chung-nhan.pdf", "in"]) {
      expect((await winner.get(`${page()}/${path}`)).status).toBe(403);
      expect((await app.client().get(`${page()}/${path}`)).status).toBe(302);
    }
    expect((await app.client().get(page())).status).toBe(302);
    // "Cuộc thi của tôi" links the winner to the certificate.
    expect(await text(await winner.get("/cuoc-thi-cua-toi"))).toContain(`/cuoc-thi/${slug}/giay-chung-nhan`);
  });

  it("shows the public results page to anyone, with names, units and prizes", async () => {
    const html = await text(await app.client().get(`/cuoc-thi/${slug}/ket-qua`));
    expect(html).toContain("Lê Thị Thí Sinh");
    expect(html).toContain("Sở Nội vụ");
    expect(html).toContain("Giải Nhất");
    expect(html).toContain("Giải tập thể");
    expect(html).not.toContain("Đính chính lần");
    expect(await text(await app.client().get(`/cuoc-thi/${slug}`))).toContain(`/cuoc-thi/${slug}/ket-qua`);
  });
});

describe("a correction", () => {
  it("needs a reason, unfreezes, and is published as version 2 with version 1 still readable", async () => {
    expect((await post(organizer, { intent: "correction", confirm: 1, reason: "sửa" })).status).toBe(400);
    // Only from its confirmation step, which says what reopening does.
    expect((await post(organizer, { intent: "correction", reason: "Phát hiện bà Bưởi nhờ người thi hộ ở tuần 2" })).status).toBe(400);
    const asked = await text(await organizer.get(`${page()}?xac-nhan=dinh-chinh`));
    expect(asked).toContain("vẫn hiển thị trên trang kết quả công khai cho đến khi công bố bản đính chính");
    expect(asked).toContain("Xác nhận mở lại để đính chính");
    expect((await post(organizer, { intent: "correction", confirm: 1, reason: "Phát hiện bà Bưởi nhờ người thi hộ ở tuần 2" })).status).toBe(200);
    const disqualified = await post(organizer, { intent: "disqualify", kind: "person", login: "kt-b@example.vn", reason: "Nhờ người thi hộ, có biên bản ngày 10/11" });
    expect(disqualified.status).toBe(200);
    expect((await post(organizer, { intent: "publish", confirm: "on" })).status).toBe(400); // version 2 needs a reason
    const republished = await post(organizer, { intent: "publish", confirm: "on", reason: "Loại bà Đặng Thị Bưởi theo biên bản ngày 10/11" });
    expect(republished).toMatchObject({ status: 200, body: { ok: true } });

    const v1 = await text(await organizer.get(`${page()}/in?phien-ban=1`));
    const v2 = await text(await organizer.get(`${page()}/in?phien-ban=2`));
    expect(v1).toContain('<td data-label="Họ và tên">Đặng Thị Bưởi</td>');
    expect(v2).not.toContain('<td data-label="Họ và tên">Đặng Thị Bưởi</td>');
    expect(v2).toContain("Công bố lần 2");
    const round1 = (await getPublication(app.db, contestId, 2))!.proposal.scopes.find((s) => s.roundId === rounds[0].id)!;
    expect(round1.winners.map((w) => w.fullName)).toEqual(["Lê Thị Thí Sinh", "Phạm Văn Ánh", "Vũ Thị Dung", "Hoàng Văn Cường"]);
    // A person disqualified no longer counts for their unit either.
    expect(round1.collective?.winners.map((w) => [w.unitName, w.participants])).toEqual([
      ["Sở Nội vụ", 4],
      ["Xã Tân Phú", 1],
    ]);

    const publicPage = await text(await app.client().get(`/cuoc-thi/${slug}/ket-qua`));
    expect(publicPage).toContain("Đính chính lần 1");
    expect(publicPage).toContain('<td data-label="Họ và tên">Phạm Văn Ánh</td>');
    expect(publicPage).not.toContain('<td data-label="Họ và tên">Đặng Thị Bưởi</td>');
    const history = await text(await leader.get(page()));
    expect(history).toContain("Lần 2");
    expect(history).toContain("Lần 1");
    const actions = (await app.db.selectFrom("contest_log").select("action").where("contest_id", "=", contestId).where("action", "like", "results.%").orderBy("id").execute()).map((r) => r.action);
    expect(actions).toEqual(["results.published", "results.correction_opened", "results.republished"]);
  });
});

describe("prizes for the whole contest", () => {
  it("rank the contest totals, with a disqualified entry's next-best entry counted in the total", async () => {
    expect((await post(organizer, { intent: "correction", confirm: 1, reason: "Bổ sung giải toàn cuộc thi theo kế hoạch" })).status).toBe(200);
    const saved = await post(organizer, {
      ...structureFields(false),
      "contest.all.enabled": "on",
      "contest.all.first": 1,
      "contest.all.second": 1,
      "contest.all.third": 0,
      "contest.all.consolation": 0,
    });
    expect(saved.status).toBe(200);
    const contest = (await computeProposal(app.db, contestId)).scopes.find((s) => s.scopeKey === "contest")!;
    // Round 3 is still open: the whole contest is not final yet.
    expect(contest.status).toBe("not-final");
    expect(contest.message).toContain("Đợt 3");

    const closed = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}?index`, { intent: "round-close", confirm: 1, roundId: rounds[2].id, reason: "Kết thúc tuần 3" });
    expect(closed.status).toBe(200);
    const final = (await computeProposal(app.db, contestId)).scopes.find((s) => s.scopeKey === "contest")!;
    expect(final.status).toBe("proposed");
    // Lê Thị Thí Sinh 100 + 100; Phạm Văn Ánh 88 (the 95 entry is disqualified); Đặng Thị Bưởi is disqualified in person.
    expect(final.winners.map((w) => [w.fullName, w.score, w.tier])).toEqual([
      ["Lê Thị Thí Sinh", 200, "first"],
      ["Phạm Văn Ánh", 88, "second"],
    ]);
    expect(final.excluded.map((e) => e.fullName)).toContain("Đặng Thị Bưởi");

    // Published with the whole contest's prizes, every round is behind the results, and no round may be added.
    expect((await post(organizer, { intent: "publish", confirm: "on", reason: "Công bố giải toàn cuộc thi sau tuần 3" })).status).toBe(200);
    const reopen = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}?index`, { intent: "round-open", confirm: 1, roundId: rounds[2].id, reason: "Mở lại tuần 3 để thi bù" });
    expect(reopen.status).toBe(409);
    // The round's fields are never read: the refusal comes first.
    await expect(createRound(app, contestId, { actorId: people.get("winner")! } as Parameters<typeof createRound>[2])).rejects.toThrow(RESULTS_FROZEN_MESSAGE);
  });
});

describe("a contest with groups", () => {
  it("gives each group its own prizes, individual and collective, from its own people", async () => {
    const demo = await app.db.selectFrom("rounds").select(["blueprint", "bank_id"]).where("number", "=", 1).executeTakeFirstOrThrow();
    const province = await app.db.selectFrom("units").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
    const unitId = async (code: string) => (await app.db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const { id: grouped } = await app.db
      .insertInto("contests")
      .values({ slug: "thi-theo-bang", title: "Hội thi theo bảng", rules: "Thể lệ", owner_unit_id: province.id, status: "published" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const groupA = (await app.db.insertInto("contest_groups").values({ contest_id: grouped, name: "Bảng A", position: 1 }).returning("id").executeTakeFirstOrThrow()).id;
    const groupB = (await app.db.insertInto("contest_groups").values({ contest_id: grouped, name: "Bảng B", position: 2 }).returning("id").executeTakeFirstOrThrow()).id;
    await app.db.insertInto("contest_group_units").values([{ group_id: groupA, unit_id: await unitId("MH-SNV") }, { group_id: groupB, unit_id: await unitId("MH-X-TPH") }]).execute();
    const now = Date.now();
    const { id: roundId } = await app.db
      .insertInto("rounds")
      .values({
        contest_id: grouped,
        number: 1,
        title: "Vòng loại",
        opens_at: new Date(now - 3 * DAY),
        closes_at: new Date(now - DAY),
        time_limit_seconds: 900,
        bank_id: demo.bank_id,
        question_count: 20,
        blueprint: JSON.stringify(demo.blueprint),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const people: [string, string, number, number][] = [
      ["Trần Thị Cải Cách", "MH-SNV-CCHC", groupA, 90],
      ["Lý Văn Tổ Chức", "MH-SNV-TCBC", groupA, 80],
      ["Đỗ Thị Viên Chức", "MH-SNV-CCVC", groupA, 70],
      ["Mai Văn Tân Phú", "MH-X-TPH", groupB, 60],
      ["Hà Thị Xã Nhà", "MH-X-TPH", groupB, 50],
    ];
    for (const [index, [fullName, code, group, score]] of people.entries()) {
      const { id } = await app.db
        .insertInto("users")
        .values({ full_name: fullName, email: `bang-${index}@example.vn`, password_hash: "x", unit_id: await unitId(code) })
        .returning("id")
        .executeTakeFirstOrThrow();
      await app.db.insertInto("contest_participants").values({ contest_id: grouped, user_id: id, group_id: group }).execute();
      groupId = group; // addEntry writes the entry's group
      await addEntry(roundId, id, 1, score, 60_000, new Date(BASE + index * 1000));
    }
    await rebuildRankings(app.db, { contestId: grouped });

    const fields: Record<string, string | number> = { intent: "structure" };
    for (const group of [groupA, groupB]) {
      Object.assign(fields, {
        [`round:${roundId}.${group}.enabled`]: "on",
        [`round:${roundId}.${group}.first`]: 1,
        [`round:${roundId}.${group}.second`]: 0,
        [`round:${roundId}.${group}.third`]: 0,
        [`round:${roundId}.${group}.consolation`]: 1,
        [`round:${roundId}.${group}.collective`]: "on",
        [`round:${roundId}.${group}.metric`]: "participants",
        [`round:${roundId}.${group}.c_first`]: 1,
        [`round:${roundId}.${group}.minParticipants`]: 1,
      });
    }
    const saved = await organizer.postForm(`/quan-ly/cuoc-thi/${grouped}/khen-thuong${ACTION_DATA}`, fields);
    expect(saved.status).toBe(200);
    const { scopes } = await computeProposal(app.db, grouped);
    expect(scopes.map((s) => s.label)).toEqual(["Đợt 1: Vòng loại – Bảng A", "Đợt 1: Vòng loại – Bảng B"]);
    expect(scopes.map((s) => s.winners.map((w) => [w.fullName, w.tier]))).toEqual([
      [
        ["Trần Thị Cải Cách", "first"],
        ["Lý Văn Tổ Chức", "consolation"],
      ],
      [
        ["Mai Văn Tân Phú", "first"],
        ["Hà Thị Xã Nhà", "consolation"],
      ],
    ]);
    // Group A's units are the offices under Sở Nội vụ, one person each: the higher rate of the smaller office wins.
    expect(scopes[0].collective?.winners.map((w) => [w.unitName, w.participants, w.headcount, w.tier])).toEqual([["Phòng Cải cách hành chính", 1, 9, "first"]]);
    // Group B's people belong to the commune itself, not to a unit under it: no unit of the group qualifies.
    expect(scopes[1].collective?.winners).toEqual([]);
  });
});
