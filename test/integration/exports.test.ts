import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { parIndexTable, type ParIndexRule } from "~/awards/par-index";
import { failInterruptedExports, INTERRUPTED_MESSAGE } from "~/exports/export-jobs.server";
import { PARTICIPATION_HEADERS, PAR_INDEX_HEADERS, RANKING_HEADERS } from "~/exports/result-sheets.server";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { personRanking, unitRanking, type PersonRankingRow, type RankingScope } from "~/rankings/rankings.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";
import { demoRound } from "../support/entries";

let app: TestApp;
let contestId: number;
let roundId: number;
let organizer: TestClient;
let leader: TestClient;
let contestant: TestClient;
let provinceId: number;
let leaderUnitPath: string;

const PEOPLE = 2600;
const TRICKY_NAME = '=HYPERLINK("x")';
const VIETNAMESE_NAME = "Nguyễn Thị Ánh Tuyết";
const EXPORT_ROUTE = encodeURIComponent("routes/quan-ly.cuoc-thi.$id.xuat");
const PAR_ROUTE = encodeURIComponent("routes/quan-ly.cuoc-thi.$id.diem-par");
const progressData = (client: TestClient, jobId: string) => client.get(`/quan-ly/xuat/${jobId}?_data=${encodeURIComponent("routes/quan-ly.xuat.$jobId")}`);

beforeAll(async () => {
  app = await startTestApp();
  ({ id: roundId } = await demoRound(app.db));
  ({ contest_id: contestId } = await app.db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirstOrThrow());
  provinceId = (await app.db.selectFrom("units").select("id").where("code", "=", "MH").executeTakeFirstOrThrow()).id;
  leaderUnitPath = (await app.db.selectFrom("units").select("path").where("code", "=", "MH-P-MHA").executeTakeFirstOrThrow()).path;
  const unitIds = (await app.db.selectFrom("units").select("id").where("code", "in", ["MH-SNV-CCHC", "MH-P-MHA", "MH-P-MHA-TTHCC", "MH-STC", "MH-X-TPH"]).execute()).map((u) => u.id);
  const { id: groupId } = await app.db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow();
  // Many people (enough for several progress writes), many ties; two names that test the file's text.
  await sql`
    insert into users (full_name, email, password_hash, unit_id)
    select case i when 1 then ${TRICKY_NAME} when 2 then ${VIETNAMESE_NAME} else 'Trần Văn Đức ' || i end, 'xuat' || i || '@example.vn', 'x', (${unitIds}::int[])[1 + i % ${unitIds.length}]
    from generate_series(1, ${PEOPLE}) i`.execute(app.db);
  await sql`
    insert into entries (round_id, user_id, attempt_no, status, started_at, deadline, finished_at, question_count, score, correct_count, duration_ms, group_id, prediction)
    select ${roundId}, u.id, 1, 'submitted', f - make_interval(secs => d / 1000.0), f + interval '10 minutes', f, 20, 5 * c, c, d, ${groupId}, null
    from users u
    cross join lateral (select 14 + abs(hashint4(u.id)) % 7 as c, 60000 + 1000 * (abs(hashint4(u.id * 13)) % 30) as d,
                               timestamptz '2026-11-01 08:00+07' + make_interval(secs => abs(hashint4(u.id * 11)) % 600) as f) x
    where u.email like 'xuat%@example.vn'`.execute(app.db);
  await rebuildRankings(app.db, { contestId });

  organizer = app.client();
  await organizer.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
  leader = app.client();
  await leader.login("lanhdao@demo.cchc.vn", DEMO_PASSWORD);
  contestant = app.client();
  await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
}, 120_000);
afterAll(() => app?.close());

async function startViaHttp(client: TestClient, fields: Record<string, string | number>): Promise<string> {
  const response = await client.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat`, fields);
  expect(response.status, await response.clone().text()).toBe(302);
  const match = /^\/quan-ly\/xuat\/([0-9a-f-]{36})$/.exec(response.headers.get("location") ?? "");
  expect(match).not.toBeNull();
  return match![1];
}

/** Polls the progress page's data until the job ends; returns every progress seen. */
async function waitForJob(client: TestClient, jobId: string) {
  const seen: { status: string; rowsDone: number; rowsTotal: number | null }[] = [];
  for (let i = 0; i < 600; i++) {
    const response = await progressData(client, jobId);
    expect(response.status).toBe(200);
    const { job } = (await response.json()) as { job: { status: string; rowsDone: number; rowsTotal: number | null; error: string | null } };
    seen.push({ status: job.status, rowsDone: job.rowsDone, rowsTotal: job.rowsTotal });
    if (job.status === "done" || job.status === "failed") return { job, seen };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("export did not finish");
}

async function download(client: TestClient, jobId: string) {
  const response = await client.get(`/quan-ly/xuat/${jobId}/tai-ve`);
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  return { response, sheet: book.worksheets[0] };
}

/** The rows under the header row (found by its first header text) as arrays of cells. */
function tableOf(sheet: ExcelJS.Worksheet, firstHeader: string) {
  let headerRow = 0;
  sheet.eachRow((row, number) => {
    if (!headerRow && row.getCell(1).value === firstHeader) headerRow = number;
  });
  expect(headerRow).toBeGreaterThan(0);
  const header = (sheet.getRow(headerRow).values as ExcelJS.CellValue[]).slice(1);
  const rows: ExcelJS.Row[] = [];
  for (let n = headerRow + 1; n <= sheet.rowCount; n++) rows.push(sheet.getRow(n));
  return { header, rows };
}

async function wholeBoard(scope: RankingScope, unitPath?: string): Promise<PersonRankingRow[]> {
  const all: PersonRankingRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const { rows } = await personRanking(app.db, { scope, unitPath, limit: 1000, offset });
    all.push(...rows);
    if (rows.length < 1000) return all;
  }
}

describe("exporting the individual ranking", () => {
  let jobId: string;

  it("writes every person in rank order with Vietnamese headers and names, numbers as numbers, formulas as text; progress reaches the total", async () => {
    jobId = await startViaHttp(organizer, { kind: "ranking", round: roundId, groupId: "", unitId: "" });
    const { job, seen } = await waitForJob(organizer, jobId);
    expect(job.status).toBe("done");
    expect(job.rowsTotal).toBe(PEOPLE);
    expect(job.rowsDone).toBe(PEOPLE);
    expect(seen.every((s, i) => i === 0 || s.rowsDone >= seen[i - 1].rowsDone)).toBe(true);

    const { response, sheet } = await download(organizer, jobId);
    const disposition = response.headers.get("content-disposition") ?? "";
    expect(disposition).toMatch(/^attachment; filename="bang-xep-hang-ca-nhan-[a-z0-9-]*[a-z0-9]\.xlsx"; filename\*=UTF-8''/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)![1];
    expect(decodeURIComponent(encoded), disposition).toMatch(/^Bảng xếp hạng cá nhân - Cuộc thi .+ - Đợt 1 .+\.xlsx$/);

    const { header, rows } = tableOf(sheet, RANKING_HEADERS[0]);
    expect(header).toEqual([...RANKING_HEADERS]);
    expect(rows).toHaveLength(PEOPLE);
    const expected = await wholeBoard({ kind: "round", roundId });
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(4).value, r.getCell(5).value])).toEqual(
      expected.map((p) => [p.rank, p.fullName === TRICKY_NAME ? `'${TRICKY_NAME}` : p.fullName, p.unitLabel, p.score]),
    );
    const tricky = rows.find((r) => String(r.getCell(2).value).includes("HYPERLINK"))!;
    expect(tricky.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(tricky.getCell(2).formula).toBeUndefined();
    expect(rows.some((r) => r.getCell(2).value === VIETNAMESE_NAME)).toBe(true);
    expect(rows[0].getCell(5).numFmt).toBe("#,##0.##;-#,##0.##;0");
    // Durations are Excel times (exceljs reads a time-formatted number back as a Date from Excel's epoch).
    expect(Math.round((rows[0].getCell(7).value as Date).getTime() - Date.UTC(1899, 11, 30))).toBe(expected[0].durationMs);
    expect(rows[0].getCell(7).numFmt).toBe("[mm]:ss.000");
    expect(rows[0].getCell(8).value).toBeInstanceOf(Date);
  });

  it("gives the same person the running job when they ask again, and a new one once it is done", async () => {
    // Hold the contest totals so the job cannot finish while the second request comes in.
    const blocker = await app.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`lock table contest_results in access exclusive mode`.execute(conn);
      const fields = { kind: "ranking", round: "all", groupId: "", unitId: "" };
      const first = await startViaHttp(organizer, fields);
      const second = await startViaHttp(organizer, fields);
      const other = await startViaHttp(leader, fields);
      const { job } = (await (await progressData(organizer, first)).json()) as { job: { status: string } };
      await sql`rollback`.execute(conn);
      return { first, second, other, status: job.status };
    });
    expect(blocker.second).toBe(blocker.first);
    expect(blocker.other).not.toBe(blocker.first);
    expect(["queued", "running"]).toContain(blocker.status);
    expect((await waitForJob(organizer, blocker.first)).job.status).toBe("done");
    const again = await startViaHttp(organizer, { kind: "ranking", round: "all", groupId: "", unitId: "" });
    expect(again).not.toBe(blocker.first);
    await waitForJob(organizer, again);
  });

  it("keeps a draft contest's export page and exports to organizers: a leader who types its address gets 404 and starts nothing", async () => {
    const { id: draftId } = await app.db
      .insertInto("contests")
      .values({ slug: `nhap-xuat-${Date.now()}`, title: "Cuộc thi còn là bản nháp", rules: "Thể lệ.", owner_unit_id: provinceId, status: "draft" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const page = `/quan-ly/cuoc-thi/${draftId}/xuat`;
    const leaderPage = await leader.get(`${page}?_data=${EXPORT_ROUTE}`);
    expect(leaderPage.status).toBe(404);
    expect(await leaderPage.text()).not.toContain("Cuộc thi còn là bản nháp");
    const jobsBefore = await app.db.selectFrom("export_jobs").select("id").where("contest_id", "=", draftId).execute();
    const started = await leader.postForm(page, { kind: "ranking", round: "all" });
    expect(started.status).toBe(404);
    expect(await app.db.selectFrom("export_jobs").select("id").where("contest_id", "=", draftId).execute()).toEqual(jobsBefore);
    expect((await organizer.get(`${page}?_data=${EXPORT_ROUTE}`)).status).toBe(200);
  });

  it("lets a leader export only their own subtree, with ranks on the whole board", async () => {
    const id = await startViaHttp(leader, { kind: "ranking", round: roundId });
    expect((await waitForJob(leader, id)).job.status).toBe("done");
    const { sheet } = await download(leader, id);
    const { rows } = tableOf(sheet, RANKING_HEADERS[0]);
    const expected = await wholeBoard({ kind: "round", roundId }, leaderUnitPath);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(PEOPLE);
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value])).toEqual(expected.map((p) => [p.rank, p.fullName]));
    const leaderUnitName = (await app.db.selectFrom("units").select("name").where("code", "=", "MH-P-MHA").executeTakeFirstOrThrow()).name;
    expect(rows.every((r) => String(r.getCell(4).value).startsWith(leaderUnitName))).toBe(true);

    // Another unit's ranking is refused with a message, and no job is created.
    const before = await app.db.selectFrom("export_jobs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    const snv = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
    const refused = await leader.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat?_data=${EXPORT_ROUTE}`, { kind: "ranking", round: roundId, unitId: snv.id });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toBe("Bạn chỉ được xuất kết quả của đơn vị mình và các đơn vị trực thuộc.");
    const after = await app.db.selectFrom("export_jobs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // The leader cannot see or download the organizer's file; the organizer may read the leader's.
    expect((await leader.get(`/quan-ly/xuat/${jobId}/tai-ve`)).status).toBe(404);
    expect((await progressData(leader, jobId)).status).toBe(404);
    expect((await organizer.get(`/quan-ly/xuat/${id}/tai-ve`)).status).toBe(200);
  });

  it("refuses contestants and sends anonymous visitors to log in", async () => {
    const page = await contestant.get(`/quan-ly/cuoc-thi/${contestId}/xuat`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("Chỉ Ban tổ chức và lãnh đạo đơn vị được xuất kết quả.");
    expect((await contestant.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat`, { kind: "ranking", round: "all" })).status).toBe(403);
    expect((await contestant.get(`/quan-ly/xuat/${jobId}/tai-ve`)).status).toBe(403);
    const anonymous = app.client();
    const redirected = await anonymous.get(`/quan-ly/xuat/${jobId}/tai-ve`);
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toMatch(/^\/dang-nhap\?redirectTo=/);
    expect((await anonymous.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat`, { kind: "ranking", round: "all" })).status).toBe(302);
  });

  it("answers bad choices with a Vietnamese message and creates nothing", async () => {
    const count = async () => (await app.db.selectFrom("export_jobs").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n;
    const before = await count();
    const badKind = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat?_data=${EXPORT_ROUTE}`, { kind: "everything", round: "all" });
    expect(badKind.status).toBe(400);
    expect(((await badKind.json()) as { fieldErrors: Record<string, string> }).fieldErrors.kind).toBe("Vui lòng chọn loại bảng cần xuất");
    const badRound = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat?_data=${EXPORT_ROUTE}`, { kind: "ranking", round: 987654 });
    expect(badRound.status).toBe(400);
    expect(((await badRound.json()) as { message: string }).message).toBe("Đợt thi đã chọn không thuộc cuộc thi này.");
    const badUnit = await organizer.postForm(`/quan-ly/cuoc-thi/${contestId}/xuat?_data=${EXPORT_ROUTE}`, { kind: "units", round: "all", unitId: "abc" });
    expect(badUnit.status).toBe(400);
    expect(((await badUnit.json()) as { fieldErrors: Record<string, string> }).fieldErrors.unitId).toBe("Đơn vị không hợp lệ");
    expect(await count()).toBe(before);
    expect((await organizer.get(`/quan-ly/xuat/not-a-job`)).status).toBe(404);
  });
});

describe("exporting the unit table", () => {
  it("writes the units under a parent with their rolled-up participation", async () => {
    const id = await startViaHttp(organizer, { kind: "units", round: "all", unitId: provinceId, depth: "children" });
    expect((await waitForJob(organizer, id)).job.status).toBe("done");
    const { sheet } = await download(organizer, id);
    const { header, rows } = tableOf(sheet, PARTICIPATION_HEADERS[0]);
    expect(header).toEqual([...PARTICIPATION_HEADERS]);
    const expected = await unitRanking(app.db, { scope: { kind: "contest", contestId }, parentUnitId: provinceId, sort: "name" });
    const byName = new Map(expected.rows.map((r) => [r.name, r]));
    expect(rows).toHaveLength(expected.rows.length);
    for (const row of rows) {
      const unit = byName.get(String(row.getCell(2).value))!;
      expect(unit).toBeDefined();
      expect([row.getCell(3).value, row.getCell(4).value, row.getCell(6).value]).toEqual([unit.headcount, unit.participants, unit.entries]);
    }
    const snv = rows.find((r) => r.getCell(2).value === "Sở Nội vụ")!;
    expect(snv.getCell(5).numFmt).toBe("0.00%");
    expect(snv.getCell(5).value).toBeCloseTo(byName.get("Sở Nội vụ")!.participants / byName.get("Sở Nội vụ")!.headcount, 10);
  });
});

describe("PAR-index points", () => {
  const rule: ParIndexRule = { bonusFromRate: 90, bonusPoints: 1, penaltyBelowRate: 30, penaltyPoints: 0.5, noneParticipatedPoints: 1.5 };
  const page = `/quan-ly/cuoc-thi/${"ID"}/diem-par`;
  const pagePath = () => page.replace("ID", String(contestId));
  const actionPath = () => `${pagePath()}?_data=${PAR_ROUTE}`;

  it("validates the rule with Vietnamese messages and changes nothing", async () => {
    const tooHigh = await organizer.postForm(actionPath(), { ...rule, bonusFromRate: 150 });
    expect(tooHigh.status).toBe(400);
    expect(((await tooHigh.json()) as { fieldErrors: Record<string, string> }).fieldErrors.bonusFromRate).toBe("Tỷ lệ tham gia để được cộng điểm từ 0 đến 100 (%)");
    const crossed = await organizer.postForm(actionPath(), { ...rule, penaltyBelowRate: 95 });
    expect(((await crossed.json()) as { fieldErrors: Record<string, string> }).fieldErrors.penaltyBelowRate).toBe(
      "Tỷ lệ bị trừ điểm không được cao hơn tỷ lệ được cộng điểm",
    );
    const text = await organizer.postForm(actionPath(), { ...rule, bonusPoints: "một" });
    expect(((await text.json()) as { fieldErrors: Record<string, string> }).fieldErrors.bonusPoints).toBe("Số điểm cộng phải là số");
    expect(await app.db.selectFrom("contest_par_rules").selectAll().execute()).toEqual([]);
    expect((await leader.postForm(pagePath(), rule)).status).toBe(403);
  });

  it("saves the rule once (logged), lists each unit's points as parIndexTable computes them, and exports them", async () => {
    const saved = await organizer.postForm(actionPath(), rule);
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { message: string }).message).toBe("Đã lưu quy tắc tính điểm.");
    const again = await organizer.postForm(actionPath(), rule);
    expect(((await again.json()) as { message: string }).message).toBe("Quy tắc không thay đổi.");
    const log = await app.db.selectFrom("contest_log").select(["action", "details"]).where("contest_id", "=", contestId).where("action", "=", "par.rule_saved").execute();
    expect(log).toHaveLength(1);
    expect(log[0].details).toMatchObject({ before: null, after: rule });

    const data = await organizer.get(`${pagePath()}?donvi=${provinceId}&_data=${encodeURIComponent("routes/quan-ly.cuoc-thi.$id.diem-par")}`);
    expect(data.status).toBe(200);
    const { rows } = (await data.json()) as { rows: { unitId: number; points: number; line: string; explanation: string; participants: number; headcount: number }[] };
    const units = await unitRanking(app.db, { scope: { kind: "contest", contestId }, parentUnitId: provinceId, sort: "name" });
    const expected = parIndexTable(units.rows, rule);
    const byUnit = new Map(expected.map((p) => [p.unit.unitId, p]));
    expect(rows).toHaveLength(expected.length);
    for (const row of rows) {
      const want = byUnit.get(row.unitId)!;
      expect([row.points, row.line, row.explanation, row.participants, row.headcount]).toEqual([want.points, want.line, want.explanation, want.unit.participants, want.unit.headcount]);
    }
    // The seeded data exercises more than one rule line.
    expect(new Set(rows.map((r) => r.line)).size).toBeGreaterThan(1);

    const id = await startViaHttp(organizer, { kind: "par", round: "all", groupId: "", unitId: provinceId });
    expect((await waitForJob(organizer, id)).job.status).toBe("done");
    const { sheet } = await download(organizer, id);
    const table = tableOf(sheet, PARTICIPATION_HEADERS[0]);
    expect(table.header).toEqual([...PARTICIPATION_HEADERS, ...PAR_INDEX_HEADERS]);
    const byName = new Map(expected.map((p) => [p.unit.name, p]));
    expect(table.rows).toHaveLength(expected.length);
    for (const row of table.rows) {
      const want = byName.get(String(row.getCell(2).value))!;
      expect([row.getCell(7).value, row.getCell(8).value]).toEqual([want.points, want.explanation]);
    }
  });
});

describe("a restart during an export", () => {
  it("marks the jobs nobody is running as failed, with a message that asks to export again", async () => {
    const user = await app.db.selectFrom("users").select("id").where("email", "=", "bantochuc@demo.cchc.vn").executeTakeFirstOrThrow();
    const insertJob = (status: "running" | "queued", key: string) =>
      app.db
        .insertInto("export_jobs")
        .values({
          contest_id: contestId,
          kind: "ranking",
          params: "{}",
          params_key: key,
          title: "Bảng xếp hạng cá nhân",
          file_name: "x.xlsx",
          requested_by: user.id,
          status,
          created_at: new Date(Date.now() - 5 * 60_000),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const orphan = await insertJob("running", "orphan");
    const orphanQueued = await insertJob("queued", "orphan-queued");
    const alive = await insertJob("running", "alive");
    // A job another process is still running holds its lock.
    await app.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`select pg_advisory_xact_lock(hashtextextended(${`export_job:${alive.id}`}, 0))`.execute(conn);
      expect(await failInterruptedExports(app.db)).toBe(2);
      await sql`rollback`.execute(conn);
    });
    const statuses = await app.db.selectFrom("export_jobs").select(["id", "status", "error"]).where("id", "in", [orphan.id, orphanQueued.id, alive.id]).execute();
    const byId = new Map(statuses.map((s) => [s.id, s]));
    expect(byId.get(orphan.id)).toMatchObject({ status: "failed", error: INTERRUPTED_MESSAGE });
    expect(byId.get(orphanQueued.id)).toMatchObject({ status: "failed", error: INTERRUPTED_MESSAGE });
    expect(byId.get(alive.id)).toMatchObject({ status: "running", error: null });
    const progress = (await (await progressData(organizer, orphan.id)).json()) as { job: { status: string; error: string } };
    expect(progress.job).toMatchObject({ status: "failed", error: "Máy chủ khởi động lại trong khi xuất, vui lòng xuất lại." });
    expect((await organizer.get(`/quan-ly/xuat/${orphan.id}/tai-ve`)).status).toBe(409);
  });
});
