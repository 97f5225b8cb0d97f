import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createContest, createRound, recordIncident, saveGroup, setContestPublished, setRoundOpenNow, type RoundFields } from "~/contests/contest-admin.server";
import { computeDuePredictions } from "~/contests/round-closing.server";
import { createDatabase, type DB, type DBOrTransaction } from "~/database/connection.server";
import { finaliseDueEntries, saveAnswer, savePrediction, startEntry, submitEntry } from "~/entries/entries.server";
import { moveUnitResults, rebuildRankings, recordFinalisedEntries, settleRoundTruth } from "~/rankings/maintenance.server";
import { compareContestTotals, contestTotal, countedEntry, distanceKey, rankBy, rankResults, type RoundCounted } from "~/rankings/ranking";
import { allUnitRows, personRank, personRanking, rankingSummary, unitRanking, type RankingScope } from "~/rankings/rankings.server";
import { prepareDatabase } from "~/server/prepare-database.server";
import { foldText } from "~/text/normalize";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { answerKeyInDisplayOrder } from "../support/entries";
import { mulberry32 } from "../support/seeded-random";
import { DEMO_PASSWORD, FIXTURE_BANKS } from "../support/test-app";

// The kept ranking tables against two references after bursts of real, concurrent finalisations
// (submits, the finaliser's expiry, a new entry expiring the previous one): the from-scratch
// rebuild, and a brute-force computation in TypeScript with the pure rules of ranking.ts.

let database: TestDatabase;
let db: DB;
let contestId: number;
let rounds: number[];
let organizerId: number;
const people: { id: number; unitCode: string }[] = [];
const unitId = async (code: string) => (await db.selectFrom("units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;

// People over the three groups: the owner's subtree (Sở Nội vụ), some communes, two departments.
const PEOPLE_UNITS = ["MH-SNV", "MH-SNV-CCHC", "MH-SNV-TCBC", "MH-X-TPH", "MH-X-TPH-TTHCC", "MH-P-MHA", "MH-X-LHO", "MH-STC", "MH-SKHCN-CDS"];
const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng"];

function roundFields(bankId: number, title: string): RoundFields {
  return {
    title,
    opensAt: new Date(Date.now() - 60_000),
    closesAt: new Date(Date.now() + 86_400_000),
    timeLimitSeconds: 600,
    blueprint: [{ bankId, count: 4 }],
    pointsPerQuestion: 10,
    maxEntries: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    reviewPolicy: "after_close",
    predictionRule: "entries",
    predictionPrompt: "Có bao nhiêu lượt dự thi?",
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await prepareDatabase(db, { banksDir: FIXTURE_BANKS, demoPassword: DEMO_PASSWORD });
  const bankId = (await db.selectFrom("question_banks").select("id").executeTakeFirstOrThrow()).id;
  organizerId = (await db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  contestId = await createContest({ db, io: undefined }, { title: "Xếp hạng gia tăng", slug: "xep-hang-gia-tang", rules: "Thể lệ.", prizes: "", ownerUnitId: await unitId("MH-SNV"), actorId: organizerId });
  await saveGroup({ db, io: undefined }, contestId, null, { name: "Bảng xã, phường", openToPublic: false, unitIds: [await unitId("MH-X-TPH"), await unitId("MH-P-MHA"), await unitId("MH-X-LHO")], actorId: organizerId });
  await saveGroup({ db, io: undefined }, contestId, null, { name: "Bảng các sở", openToPublic: false, unitIds: [await unitId("MH-STC"), await unitId("MH-SKHCN")], actorId: organizerId });
  rounds = [await createRound({ db, io: undefined }, contestId, { ...roundFields(bankId, "Tuần 1"), actorId: organizerId }), await createRound({ db, io: undefined }, contestId, { ...roundFields(bankId, "Tuần 2"), actorId: organizerId })];
  await setContestPublished({ db, io: undefined }, contestId, true, organizerId);
  for (let i = 0; i < 30; i++) {
    const unitCode = PEOPLE_UNITS[i % PEOPLE_UNITS.length];
    const { id } = await createAccount(db, {
      fullName: `${FAMILY[i % FAMILY.length]} Thị Hạng ${i}`,
      login: { kind: "email", email: `hang${i}@example.vn` },
      password: "mat-khau-du-dai",
      unitId: await unitId(unitCode),
    });
    people.push({ id, unitCode });
  }
  // A unit retired with nobody in it is not listed; its headcount no longer counts.
  await db.updateTable("units").set({ retired_at: new Date() }).where("code", "=", "MH-SNV-CCVC").execute();
});
afterAll(() => database.drop());

/** One entry: answers (each right with some chance), maybe a prediction, then submitted or left to run out. */
async function playEntry(roundId: number, userId: number, random: () => number, ending: "submit" | "expire") {
  const { entryId } = await startEntry(db, { roundId, userId });
  const key = await answerKeyInDisplayOrder(db, entryId);
  const skill = random();
  for (const question of key) {
    const chosen = random() < skill ? question.correctDisplay : [question.wrongDisplay[0]];
    await saveAnswer(db, { entryId, userId, position: question.position, chosen, revision: 1 });
  }
  if (random() < 0.8) await savePrediction(db, { entryId, userId, prediction: Math.floor(random() * 200) });
  if (ending === "submit") await submitEntry(db, { entryId, userId });
  // Past the deadline and its grace: the finaliser or the person's next start finalises it.
  else await sql`update entries set deadline = now() - interval '1 minute', started_at = started_at - interval '1 minute' where id = ${entryId}`.execute(db);
}

/** Everyone plays their entries in both rounds at once while two finaliser loops sweep. */
async function burst(seed: number, roundIds = rounds) {
  const random = mulberry32(seed);
  let playing = true;
  const finaliser = async () => {
    while (playing) {
      await finaliseDueEntries(db, 3);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const sweeps = [finaliser(), finaliser()];
  const plans = people.flatMap((person) =>
    roundIds.map((roundId) => ({ roundId, userId: person.id, attempts: Array.from({ length: 1 + Math.floor(random() * 3) }, (): "submit" | "expire" => (random() < 0.6 ? "submit" : "expire")), seed: Math.floor(random() * 1e9) })),
  );
  try {
    await Promise.all(
      plans.map(async (plan) => {
        const own = mulberry32(plan.seed);
        const done = await db.selectFrom("entries").select((eb) => eb.fn.countAll<string>().as("n")).where("round_id", "=", plan.roundId).where("user_id", "=", plan.userId).executeTakeFirstOrThrow();
        for (const ending of plan.attempts.slice(0, Math.max(0, 3 - Number(done.n)))) await playEntry(plan.roundId, plan.userId, own, ending);
      }),
    );
  } finally {
    playing = false;
    await Promise.all(sweeps);
  }
  await finaliseDueEntries(db);
  const open = await db.selectFrom("entries").select("id").where("status", "=", "in_progress").where("round_id", "in", rounds).execute();
  expect(open).toEqual([]);
}

const KEPT_TABLES = [
  ["round_results", "round_id, user_id", "contest_id"],
  ["contest_results", "contest_id, user_id", "contest_id"],
  ["unit_round_stats", "round_id, group_id, unit_id", "round"],
  ["unit_contest_stats", "contest_id, group_id, unit_id", "contest_id"],
  ["round_rank_buckets", "round_id, group_id, score, bucket", "round"],
  ["contest_rank_buckets", "contest_id, group_id, score, bucket", "contest_id"],
  ["round_entry_hours", "round_id, group_id, unit_id, hour_start", "round"],
] as const;

/** Every kept row of the contest; rows an update brought back to zero are left out (the rebuild never writes them). */
async function keptTables() {
  const tables: Record<string, unknown[]> = {};
  for (const [table, order, scope] of KEPT_TABLES) {
    const where = scope === "round" ? sql`round_id in (select id from rounds where contest_id = ${contestId})` : sql`contest_id = ${contestId}`;
    const zero =
      table.startsWith("unit_") ? sql`and not (participants = 0 and entries = 0 and score_sum = 0 and full_scores = 0)`
      : table.endsWith("buckets") ? sql`and people <> 0`
      : table === "round_entry_hours" ? sql`and entries <> 0`
      : sql``;
    tables[table] = (await sql`select * from ${sql.table(table)} where ${where} ${zero} order by ${sql.raw(order)}`.execute(db)).rows;
  }
  return tables;
}

interface Reference {
  roundId: number;
  truth: number | null;
  ranked: ReturnType<typeof rankResults<{ userId: number; groupId: number; score: number; durationMs: number; finishedAt: Date; prediction: number | null; predictionDistance: number | null; entries: number; fullScore: boolean }>>;
}

/** The rankings computed by brute force from `entries` with the pure rules. */
async function reference() {
  const entries = await db
    .selectFrom("entries")
    .select(["id", "round_id", "user_id", "group_id", "score", "duration_ms", "finished_at", "prediction", "correct_count", "question_count"])
    .where("round_id", "in", rounds)
    .where("status", "<>", "in_progress")
    .orderBy("id")
    .execute();
  const truths = new Map((await db.selectFrom("rounds").select(["id", "prediction_value"]).where("id", "in", rounds).execute()).map((r) => [r.id, r.prediction_value]));
  const perRound: Reference[] = rounds.map((roundId) => {
    const truth = truths.get(roundId) ?? null;
    const byUser = new Map<number, typeof entries>();
    for (const e of entries.filter((e) => e.round_id === roundId)) byUser.set(e.user_id, [...(byUser.get(e.user_id) ?? []), e]);
    const counted = [...byUser.entries()].map(([userId, list]) => {
      const best = countedEntry(list.map((e) => ({ ...e, score: e.score!, durationMs: e.duration_ms!, finishedAt: e.finished_at! })))!;
      return {
        userId,
        groupId: best.group_id ?? 0,
        score: best.score,
        durationMs: best.durationMs,
        finishedAt: best.finishedAt,
        prediction: best.prediction,
        predictionDistance: truth === null ? null : best.prediction === null ? Number.POSITIVE_INFINITY : Math.abs(best.prediction - truth),
        entries: list.length,
        fullScore: best.correct_count === best.question_count,
      };
    });
    return { roundId, truth, ranked: rankResults(counted) };
  });
  const totals = new Map<number, { groupId: number; rounds: RoundCounted[]; known: number }>();
  for (const r of perRound) {
    for (const c of r.ranked) {
      const t = totals.get(c.userId) ?? { groupId: c.groupId, rounds: [], known: 0 };
      t.rounds.push({ score: c.score, durationMs: c.durationMs, finishedAt: c.finishedAt, distance: distanceKey(c.prediction, r.truth), entries: c.entries, fullScore: c.fullScore });
      if (r.truth !== null) t.known += 1;
      totals.set(c.userId, t);
    }
  }
  const contest = rankBy(
    [...totals.entries()].map(([userId, t]) => ({ userId, groupId: t.groupId, known: t.known, ...contestTotal(t.rounds)! })),
    compareContestTotals,
  );
  return { perRound, contest, entries };
}

async function unitTree() {
  const units = await db.selectFrom("units").select(["id", "code", "path", "headcount", "retired_at"]).execute();
  const users = await db.selectFrom("users").innerJoin("units", "units.id", "users.unit_id").select(["users.id", "users.full_name", "units.path"]).execute();
  return { units, pathOf: new Map(users.map((u) => [u.id, u.path])), nameOf: new Map(users.map((u) => [u.id, u.full_name])) };
}

const projectRow = (r: { rank: number; userId: number; score: number; durationMs: number; entries: number; predictionDistance: number | null }) => ({
  rank: r.rank,
  userId: r.userId,
  score: r.score,
  durationMs: r.durationMs,
  entries: r.entries,
  predictionDistance: r.predictionDistance,
});
const finiteOrNull = (d: number | null) => (d === null || !Number.isFinite(d) ? null : d);

/** Everything the API serves, checked against the rebuild and the brute force. */
async function expectConsistent() {
  const kept = await keptTables();
  await rebuildRankings(db, { contestId });
  expect(kept).toEqual(await keptTables());

  const { perRound, contest, entries } = await reference();
  const { units, pathOf, nameOf } = await unitTree();
  const groups = [...new Set(perRound.flatMap((r) => r.ranked.map((c) => c.groupId)))];
  expect(groups.length).toBe(3);

  for (const { roundId, truth, ranked } of perRound) {
    const scope: RankingScope = { kind: "round", roundId };
    const expected = ranked.map((c) => ({ ...projectRow(c), predictionDistance: finiteOrNull(c.predictionDistance) }));
    const board = await personRanking(db, { scope, limit: 1000 });
    expect(board.total).toBe(ranked.length);
    expect(board.provisional).toBe(truth === null);
    expect(board.rows.map(projectRow)).toEqual(expected);
    expect(board.rows.every((r) => r.fullName === nameOf.get(r.userId) && r.unitLabel.length > 0)).toBe(true);
    // Pages of 7 put together are the whole board.
    const pages = [];
    for (let offset = 0; offset < ranked.length; offset += 7) pages.push(...(await personRanking(db, { scope, limit: 7, offset })).rows);
    expect(pages.map(projectRow)).toEqual(expected);

    for (const c of ranked) expect((await personRank(db, { scope, userId: c.userId }))?.rank, `rank of ${c.userId}`).toBe(c.rank);
    for (const groupId of groups) {
      const inGroup = rankResults(ranked.filter((c) => c.groupId === groupId).map(({ rank: _, ...c }) => c));
      const groupBoard = await personRanking(db, { scope, groupId, limit: 1000 });
      expect(groupBoard.rows.map((r) => [r.userId, r.rank])).toEqual(inGroup.map((c) => [c.userId, c.rank]));
      for (const c of inGroup) expect((await personRank(db, { scope, groupId, userId: c.userId }))?.rank).toBe(c.rank);
      const outsider = ranked.find((c) => c.groupId !== groupId)!;
      expect(await personRank(db, { scope, groupId, userId: outsider.userId })).toBeNull();
    }

    // A unit subtree keeps board ranks; its total is the subtree's people.
    for (const code of ["MH", "MH-SNV", "MH-X-TPH", "MH-SNV-CCHC", "MH-SKHCN"]) {
      const path = units.find((u) => u.code === code)!.path;
      const inside = ranked.filter((c) => pathOf.get(c.userId)!.startsWith(path));
      const page = await personRanking(db, { scope, unitPath: path, limit: 1000 });
      expect(page.total, code).toBe(inside.length);
      expect(page.rows.map((r) => [r.userId, r.rank]), code).toEqual(inside.map((c) => [c.userId, c.rank]));
      const firstThree = await personRanking(db, { scope, unitPath: path, limit: 3, offset: 1 });
      expect(firstThree.rows.map((r) => r.userId)).toEqual(inside.slice(1, 4).map((c) => c.userId));
    }
    // A name search ignores diacritics and case.
    const search = "hang 1";
    const found = ranked.filter((c) => foldText(nameOf.get(c.userId)!).includes(search));
    const searched = await personRanking(db, { scope, search: "HẠNG 1", limit: 1000 });
    expect(searched.total).toBe(found.length);
    expect(searched.rows.map((r) => [r.userId, r.rank])).toEqual(found.map((c) => [c.userId, c.rank]));

    // Unit roll-ups over the whole tree, for the board and for each group.
    for (const groupId of [null, ...groups]) {
      const counted = ranked.filter((c) => groupId === null || c.groupId === groupId);
      const rows = await allUnitRows(db, { scope, groupId });
      const live = units.filter((u) => u.retired_at === null);
      expect(rows.map((r) => r.unitId).sort((a, b) => a - b)).toEqual(live.map((u) => u.id).sort((a, b) => a - b));
      for (const unit of live) {
        const inside = counted.filter((c) => pathOf.get(c.userId)!.startsWith(unit.path));
        const headcount = live.filter((u) => u.path.startsWith(unit.path)).reduce((s, u) => s + u.headcount, 0);
        const scoreSum = inside.reduce((s, c) => s + c.score, 0);
        expect(rows.find((r) => r.unitId === unit.id), unit.code).toMatchObject({
          headcount,
          participants: inside.length,
          entries: inside.reduce((s, c) => s + c.entries, 0),
          fullScores: inside.filter((c) => c.fullScore).length,
          participationRate: headcount > 0 ? inside.length / headcount : null,
          averageScore: inside.length > 0 ? scoreSum / inside.length : null,
        });
      }
      expect(rows.some((r) => r.participants === 0)).toBe(true);
    }
    const province = units.find((u) => u.code === "MH")!;
    const drill = await unitRanking(db, { scope, parentUnitId: province.id, sort: "participants" });
    expect(drill.parent?.unitId).toBe(province.id);
    expect(drill.rows.length).toBe(units.filter((u) => u.retired_at === null && u.path.startsWith(province.path) && u.path.split(".").length === province.path.split(".").length + 1).length);
    expect(drill.rows.map((r) => r.participants)).toEqual(drill.rows.map((r) => r.participants).sort((a, b) => b - a));

    // Counters and charts.
    const roundEntries = entries.filter((e) => e.round_id === roundId);
    const summary = await rankingSummary(db, { scope });
    expect(summary.participants).toBe(ranked.length);
    expect(summary.entries).toBe(roundEntries.length);
    expect(summary.fullScores).toBe(ranked.filter((c) => c.fullScore).length);
    const distribution = new Map<number, number>();
    for (const c of ranked) distribution.set(c.score, (distribution.get(c.score) ?? 0) + 1);
    expect(summary.scoreDistribution).toEqual([...distribution].sort((a, b) => a[0] - b[0]).map(([score, n]) => ({ score, people: n })));
    const hours = new Map<string, number>();
    for (const e of roundEntries) {
      const hour = new Date(Math.floor(e.finished_at!.getTime() / 3_600_000) * 3_600_000).toISOString();
      hours.set(hour, (hours.get(hour) ?? 0) + 1);
    }
    expect(summary.entriesOverTime).toEqual([...hours].sort().map(([hourStart, n]) => ({ hourStart, entries: n })));
    const snv = units.find((u) => u.code === "MH-SNV")!;
    const snvSummary = await rankingSummary(db, { scope, unitPath: snv.path });
    expect(snvSummary.participants).toBe(ranked.filter((c) => pathOf.get(c.userId)!.startsWith(snv.path)).length);
    expect(snvSummary.scoreDistribution.reduce((s, d) => s + d.people, 0)).toBe(snvSummary.participants);
  }

  // The contest total over both rounds.
  const scope: RankingScope = { kind: "contest", contestId };
  const board = await personRanking(db, { scope, limit: 1000 });
  expect(board.rows.map((r) => ({ rank: r.rank, userId: r.userId, score: r.score, durationMs: r.durationMs, entries: r.entries }))).toEqual(
    contest.map((c) => ({ rank: c.rank, userId: c.userId, score: c.score, durationMs: c.durationMs, entries: c.entries })),
  );
  expect(board.rows.map((r) => r.predictionDistance)).toEqual(contest.map((c) => (c.known > 0 ? c.distance : null)));
  for (const c of contest) expect((await personRank(db, { scope, userId: c.userId }))?.rank).toBe(c.rank);
  const contestUnits = await allUnitRows(db, { scope });
  const provinceRow = contestUnits.find((r) => r.depth === 0)!;
  expect(provinceRow.participants).toBe(contest.length);
  expect(provinceRow.entries).toBe(entries.length);
  expect(provinceRow.fullScores).toBe(contest.reduce((s, c) => s + c.fullScores, 0));
  return { perRound, contest };
}

describe("rankings kept at finalisation", () => {
  it("equal the rebuild and the pure rules after a burst of parallel entries in two rounds", async () => {
    await burst(1);
    const { perRound } = await expectConsistent();
    expect(perRound.every((r) => r.ranked.some((c) => c.entries > 1))).toBe(true);
  });

  it("take a reopened entry out until it is submitted again", async () => {
    const { perRound } = await reference();
    const [first] = perRound;
    // Someone whose counted entry is their only one, and someone with several.
    for (const pick of [first.ranked.find((c) => c.entries === 1)!, first.ranked.find((c) => c.entries > 1)!]) {
      const counted = await db
        .selectFrom("entries")
        .select("id")
        .where("round_id", "=", first.roundId)
        .where("user_id", "=", pick.userId)
        .where("status", "<>", "in_progress")
        .orderBy("score", "desc")
        .orderBy("finished_at")
        .executeTakeFirstOrThrow();
      await recordIncident({ db, io: undefined }, contestId, { kind: "reopen_entry", entryId: counted.id, minutes: 10, reason: "Mất kết nối do sự cố máy chủ đã xác minh.", actorId: organizerId });
      await expectConsistent();
      const mine = await personRank(db, { scope: { kind: "round", roundId: first.roundId }, userId: pick.userId });
      if (pick.entries === 1) expect(mine).toBeNull();
      else expect(mine?.entries).toBe(pick.entries - 1);
      await submitEntry(db, { entryId: counted.id, userId: pick.userId });
      await expectConsistent();
    }
  });

  it("fill every prediction distance when a round closes, and the contest total follows", async () => {
    await sql`update rounds set closes_at = now() - interval '1 minute', opens_at = now() - interval '1 hour' where id = ${rounds[0]}`.execute(db);
    const computed = await computeDuePredictions(db);
    expect(computed.map((c) => c.roundId)).toContain(rounds[0]);
    const { perRound, contest } = await expectConsistent();
    expect(perRound[0].truth).not.toBeNull();
    expect(perRound[0].ranked.some((c) => c.predictionDistance !== null && Number.isFinite(c.predictionDistance) && c.predictionDistance > 0)).toBe(true);
    expect(contest.every((c) => c.known === (perRound[0].ranked.some((r) => r.userId === c.userId) ? 1 : 0))).toBe(true);
    expect((await personRanking(db, { scope: { kind: "contest", contestId }, limit: 1 })).provisional).toBe(true);
    // More entries in the open round while the closed one is final.
    await burst(2, [rounds[1]]);
    await expectConsistent();
  });

  it("take the distances out when a closed round is opened again, and put them back in batches that other rounds' finalisations do not wait for, resumed after a process dies mid-way", async () => {
    const roundId = rounds[0];
    await setRoundOpenNow({ db, io: undefined }, contestId, roundId, true, organizerId, "Mở lại để kiểm tra việc xếp hạng.");
    const reopened = await expectConsistent();
    expect(reopened.perRound[0].truth).toBeNull();
    expect(reopened.contest.every((c) => c.known === 0)).toBe(true);

    await sql`update rounds set closes_at = now() - interval '1 minute', opens_at = now() - interval '1 hour' where id = ${roundId}`.execute(db);
    const people = (await db.selectFrom("round_results").select("user_id").where("round_id", "=", roundId).orderBy("user_id").execute()).map((r) => r.user_id);
    expect(people.length).toBeGreaterThan(20);
    // The close runs in a process of its own, in batches of 5; a lock held on the 13th person's
    // result stops it in its third batch, after two have committed.
    const closer = createDatabase(database.url, 2);
    const backendPid = async (trx: DBOrTransaction) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0].pid;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: (pid: number) => void;
    const held = new Promise<number>((resolve) => (holding = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await sql`select 1 from round_results where round_id = ${roundId} and user_id = ${people[12]} for update`.execute(trx);
      holding(await backendPid(trx));
      await released;
    });
    try {
      const holderPid = await held;
      const closing = computeDuePredictions(closer, { truthBatchSize: 5 }).then(
        () => "finished",
        (error: unknown) => String(error),
      );
      let closerPid: number | undefined;
      for (const deadline = Date.now() + 10_000; closerPid === undefined; ) {
        const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where ${holderPid} = any(pg_blocking_pids(pid))`.execute(db);
        closerPid = rows[0]?.pid;
        if (closerPid === undefined && Date.now() > deadline) throw new Error("the close never reached the locked result");
        if (closerPid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Mid-way: two batches are in, the board says provisional and shows no distances yet, and
      // the rank buckets count exactly the rows as they are.
      const round = await db.selectFrom("rounds").select(["prediction_value", "truth_pending_after"]).where("id", "=", roundId).executeTakeFirstOrThrow();
      expect(round.prediction_value).not.toBeNull();
      expect(round.truth_pending_after).toBe(people[9]);
      const midway = await personRanking(db, { scope: { kind: "round", roundId }, limit: 1000 });
      expect(midway.provisional).toBe(true);
      expect(midway.rows.every((r) => r.predictionDistance === null)).toBe(true);
      const counted = (table: string, column: string, results: string, id: number) =>
        Promise.all([
          sql`select group_id, score, bucket, people from ${sql.table(table)} where ${sql.ref(column)} = ${id} and people <> 0 order by 1, 2, 3`.execute(db).then((r) => r.rows),
          sql`select group_id, score, bucket, count(*)::int as people from ${sql.table(results)} where ${sql.ref(column)} = ${id} group by 1, 2, 3 order by 1, 2, 3`.execute(db).then((r) => r.rows),
        ]);
      for (const [kept, recount] of [await counted("round_rank_buckets", "round_id", "round_results", roundId), await counted("contest_rank_buckets", "contest_id", "contest_results", contestId)]) expect(kept).toEqual(recount);

      // While the close is stopped there, finalisations in the contest's other round complete:
      // someone whose result the close has done, someone in the waiting batch, someone after it.
      for (const [n, userId] of [people[2], people[11], people[20]].entries()) {
        await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ id: string }>`
            insert into entries (round_id, user_id, group_id, attempt_no, status, started_at, deadline, finished_at, question_count, score, correct_count, duration_ms, prediction)
            select ${rounds[1]}, ${userId}, (select group_id from round_results where round_id = ${roundId} and user_id = ${userId}), coalesce(max(attempt_no), 0) + 1,
                   'submitted', now() - interval '2 minutes', now() + interval '8 minutes', now(), 4, 40, 4, 120000 + ${n}, 7
            from entries where round_id = ${rounds[1]} and user_id = ${userId} and not practice
            returning id`.execute(trx);
          await recordFinalisedEntries(trx, [rows[0].id]);
        });
      }
      const stillWaiting = await sql<{ blockers: number[] }>`select pg_blocking_pids(${closerPid}) as blockers`.execute(db);
      expect(stillWaiting.rows[0].blockers).toEqual([holderPid]);

      // The closing process dies mid-batch: that batch is rolled back, the two before it stay.
      await sql`select pg_terminate_backend(${closerPid})`.execute(db);
      expect(await closing).toMatch(/terminat/i);
    } finally {
      release();
      await holder;
      await closer.destroy().catch(() => undefined);
    }
    expect((await db.selectFrom("rounds").select("truth_pending_after").where("id", "=", roundId).executeTakeFirstOrThrow()).truth_pending_after).toBe(people[9]);
    // The next sweep claims nothing new and finishes the round from where it stopped.
    expect(await computeDuePredictions(db, { truthBatchSize: 5 })).toEqual([]);
    const closed = await expectConsistent();
    expect(closed.perRound[0].truth).not.toBeNull();
    expect(closed.contest.every((c) => c.known === (closed.perRound[0].ranked.some((r) => r.userId === c.userId) ? 1 : 0))).toBe(true);
    // Settling again changes nothing.
    expect(await settleRoundTruth(db, roundId)).toBe("done");
    await expectConsistent();
  });

  it("never lose an update when two entries of one person are finalised at once", async () => {
    const roundId = rounds[1];
    const { id: userId } = await createAccount(db, { fullName: "Hai Bài Cùng Lúc", login: { kind: "email", email: "haibai@example.vn" }, password: "mat-khau-du-dai", unitId: await unitId("MH-STC") });
    const groupId = (await db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).where("name", "=", "Bảng các sở").executeTakeFirstOrThrow()).id;
    let attempt = 0;
    // Writes a finished entry and updates the rankings, inside the caller's transaction.
    const finish = async (trx: DBOrTransaction, score: number) => {
      attempt += 1;
      const { id } = await trx
        .insertInto("entries")
        .values({
          round_id: roundId,
          user_id: userId,
          group_id: groupId,
          attempt_no: attempt,
          status: "submitted",
          started_at: new Date(Date.now() - 60_000),
          deadline: new Date(Date.now() + 60_000),
          finished_at: new Date(Date.now() - attempt),
          question_count: 4,
          score,
          correct_count: score / 10,
          duration_ms: 60_000 - attempt,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await recordFinalisedEntries(trx, [id]);
    };
    const backendPid = async (trx: DBOrTransaction) => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0].pid;
    /**
     * The first entry is written and its transaction kept open; the second starts and is seen
     * waiting for the first's locks (not assumed to after a sleep); then the first commits.
     */
    async function finishWhileTheOtherWaits(firstScore: number, secondScore: number) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let written!: (pid: number) => void;
      const firstWritten = new Promise<number>((resolve) => (written = resolve));
      const first = db.transaction().execute(async (trx) => {
        await finish(trx, firstScore);
        written(await backendPid(trx));
        await released;
      });
      const firstEnded = first.then(
        () => new Error("the first transaction ended before it was released"),
        (error: unknown) => error,
      );
      const firstPid = await Promise.race([firstWritten, firstEnded]);
      if (typeof firstPid !== "number") throw firstPid;
      let started!: (pid: number) => void;
      const secondStarted = new Promise<number>((resolve) => (started = resolve));
      const second = db.transaction().execute(async (trx) => {
        started(await backendPid(trx));
        await finish(trx, secondScore);
      });
      try {
        const secondPid = await secondStarted;
        const deadline = Date.now() + 10_000;
        for (;;) {
          const { rows } = await sql<{ blockers: number[] }>`select pg_blocking_pids(${secondPid}) as blockers`.execute(db);
          if (rows[0].blockers.includes(firstPid)) break;
          if (Date.now() > deadline) throw new Error("the second finalisation never waited for the first's locks");
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        release();
      }
      await Promise.all([first, second]);
    }
    const result = () => db.selectFrom("round_results").select(["entries", "score"]).where("round_id", "=", roundId).where("user_id", "=", userId).executeTakeFirst();
    // No row yet: both insert; then with the row there: both update it.
    await finishWhileTheOtherWaits(20, 30);
    expect(await result()).toEqual({ entries: 2, score: 30 });
    await finishWhileTheOtherWaits(40, 10);
    expect(await result()).toEqual({ entries: 4, score: 40 });
    const total = await db.selectFrom("contest_results").select(["entries"]).where("contest_id", "=", contestId).where("user_id", "=", userId).executeTakeFirstOrThrow();
    expect(total.entries).toBe(4);
    await expectConsistent();
  });

  it("move results, counts and hours with a unit merged into another", async () => {
    const from = await unitId("MH-X-LHO");
    const to = await unitId("MH-X-TPH");
    const before = await allUnitRows(db, { scope: { kind: "round", roundId: rounds[0] } });
    const moved = before.find((r) => r.unitId === from)!;
    expect(moved.participants).toBeGreaterThan(0);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("users").set({ unit_id: to }).where("unit_id", "=", from).execute();
      await moveUnitResults(trx, from, to);
      await trx.updateTable("units").set({ retired_at: new Date() }).where("id", "=", from).execute();
    });
    const after = await allUnitRows(db, { scope: { kind: "round", roundId: rounds[0] } });
    expect(after.find((r) => r.unitId === from)).toBeUndefined();
    expect(after.find((r) => r.unitId === to)!.participants).toBe(before.find((r) => r.unitId === to)!.participants + moved.participants);
    await expectConsistent();
  });
});
