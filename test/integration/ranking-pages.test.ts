import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { recordFinalisedEntries } from "~/rankings/maintenance.server";
import { personRank } from "~/rankings/rankings.server";
import { DEMO_PASSWORD, startTestApp, type TestApp, type TestClient } from "../support/test-app";
import { demoRound } from "../support/entries";

// The ranking page and the leaders' dashboard over HTTP: each read rule, the filters, "my rank"
// far below the top, the unit table, and bad addresses. Results are written as finalised entries
// and brought into the rankings by the same function the app calls when an entry is finalised.

let app: TestApp;
let slug: string;
let contestId: number;
let roundId: number;
let round2Id: number;
let groupA: number;
let groupB: number;
const unit: Record<string, number> = {};
let contestantId: number;

// Participants per unit: distinct totals per top-level unit, so a sort has one right order.
// Sở Nội vụ 55 (45 + 10), Phường Minh Hòa 50 (30 + 20 in its centre), Xã Tân Phú 10 (+ the demo contestant), Sở Tài chính 5.
const SPREAD: [string, number][] = [
  ["MH-SNV-CCHC", 45],
  ["MH-SNV-TCBC", 10],
  ["MH-P-MHA", 30],
  ["MH-P-MHA-TTHCC", 20],
  ["MH-X-TPH", 10],
  ["MH-STC", 5],
];
const INSIDE_POSITION = "Chuyên viên Phòng CCHC số";
const OUTSIDE_POSITION = "Phó Chủ tịch phường số";

async function finalise(userId: number, round: number, score: number, durationMs: number, finishedAt: Date, groupId: number) {
  await app.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("entries")
      .values({
        round_id: round,
        user_id: userId,
        attempt_no: 1,
        status: "submitted",
        started_at: new Date(finishedAt.getTime() - durationMs),
        deadline: new Date(finishedAt.getTime() + 600_000),
        finished_at: finishedAt,
        question_count: 20,
        score,
        correct_count: score / 5,
        duration_ms: durationMs,
        group_id: groupId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordFinalisedEntries(trx, [id]);
  });
}

async function loginAs(login: string): Promise<TestClient> {
  const client = app.client();
  await client.login(login, DEMO_PASSWORD);
  return client;
}

async function account(fullName: string, email: string, unitCode: string, role: "leader" | "contestant") {
  return createAccount(app.db, { fullName, login: { kind: "email", email }, password: DEMO_PASSWORD, unitId: unit[unitCode], role });
}

const setPublic = (value: boolean) => app.db.updateTable("contests").set({ ranking_public: value }).where("id", "=", contestId).execute();

beforeAll(async () => {
  app = await startTestApp();
  ({ id: roundId, slug } = await demoRound(app.db));
  contestId = (await app.db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirstOrThrow()).contest_id;
  for (const u of await app.db.selectFrom("units").select(["id", "code"]).execute()) unit[u.code] = u.id;
  groupA = (await app.db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).executeTakeFirstOrThrow()).id;
  groupB = (await app.db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng B", position: 2 }).returning("id").executeTakeFirstOrThrow()).id;
  // A second round, to tell the whole-contest board from a round's.
  round2Id = (
    await sql<{ id: number }>`
      insert into rounds (contest_id, number, title, opens_at, closes_at, time_limit_seconds, bank_id, question_count, blueprint, prediction_rule, prediction_prompt)
      select contest_id, (select max(number) + 1 from rounds where contest_id = ${contestId}), 'Đợt bổ sung', opens_at, closes_at, time_limit_seconds, bank_id, question_count, blueprint, prediction_rule, prediction_prompt from rounds where id = ${roundId}
      returning id`.execute(app.db)
  ).rows[0].id;

  const base = Date.UTC(2026, 10, 1, 8, 0, 0);
  let n = 0;
  for (const [code, count] of SPREAD) {
    for (let i = 0; i < count; i++, n++) {
      const inside = code.startsWith("MH-SNV");
      const outside = code.startsWith("MH-P-MHA");
      const { id } = await app.db
        .insertInto("users")
        .values({
          full_name: `Nguyễn Văn Ấn ${String(n).padStart(3, "0")}`,
          email: `xh${n}@example.vn`,
          password_hash: "x",
          unit_id: unit[code],
          position: inside ? `${INSIDE_POSITION} ${n}` : outside ? `${OUTSIDE_POSITION} ${n}` : null,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Scores 100 down to 10: everyone is above the demo contestant's 5.
      await finalise(id, roundId, 100 - 5 * (n % 19), 60_000 + 1000 * (n % 7), new Date(base + 60_000 * n), n % 4 === 0 ? groupB : groupA);
    }
  }
  const special = await account("Đặng Thị Hồng Nhung", "nhung@example.vn", "MH-SNV-CCHC", "contestant");
  await finalise(special.id, roundId, 90, 61_000, new Date(base + 3_600_000), groupA);
  // Only in round 2: on the whole-contest board, not on round 1's.
  const onlyRound2 = await account("Phạm Đợt Hai", "dothai@example.vn", "MH-STC", "contestant");
  await finalise(onlyRound2.id, round2Id, 100, 50_000, new Date(base + 7_200_000), groupA);

  contestantId = (await app.db.selectFrom("users").select("id").where("email", "=", "thisinh@demo.cchc.vn").executeTakeFirstOrThrow()).id;
  await finalise(contestantId, roundId, 5, 900_000, new Date(base + 10_800_000), groupA);

  await account("Lãnh Đạo Sở Nội Vụ", "lanhdao-snv@example.vn", "MH-SNV", "leader");
  await account("Lãnh Đạo Tỉnh", "lanhdao-tinh@example.vn", "MH", "leader");
}, 120_000);
afterAll(() => app.close());

const page = async (client: TestClient, path: string) => {
  const response = await client.get(path);
  return { status: response.status, html: await response.text() };
};
const ranking = (query = "") => `/cuoc-thi/${slug}/xep-hang${query}`;
const dashboard = (query = "") => `/lanh-dao/cuoc-thi/${contestId}${query}`;
const unitOrder = (html: string) => [...html.matchAll(/data-unit-id="(\d+)"/g)].map((m) => Number(m[1]));

describe("a public contest", () => {
  it("shows anyone the individual ranking: rank, name, unit with its parents, score, time to the tenth; the provisional note; no personal details", async () => {
    const { status, html } = await page(app.client(), ranking("?dot=1"));
    expect(status).toBe(200);
    expect(html).toContain("Nguyễn Văn Ấn 000");
    expect(html).toContain("Sở Nội vụ › Phòng Cải cách hành chính");
    expect(html).toContain("1\u00a0phút 0,0\u00a0giây");
    expect(html).toContain("122 người đã có kết quả.");
    expect(html).toContain("Tạm tính — chưa tính câu hỏi dự đoán");
    expect(html).not.toContain(INSIDE_POSITION);
    expect(html).not.toContain(OUTSIDE_POSITION);
  });

  it("gives a logged-in contestant far below the top their rank, the same as the ranking functions", async () => {
    const expected = await personRank(app.db, { scope: { kind: "round", roundId }, userId: contestantId });
    expect(expected!.rank).toBeGreaterThan(100);
    const client = await loginAs("thisinh@demo.cchc.vn");
    const { html } = await page(client, ranking("?dot=1"));
    expect(html).toContain("Thứ hạng của bạn");
    expect(html).toMatch(new RegExp(`data-testid="my-rank-value">${expected!.rank}<`));
    // Not on the first page of the table, but the card links to the page they are on.
    expect(html).toContain(`trang=${Math.ceil(expected!.rank / 50)}`);
    const third = await page(client, ranking(`?dot=1&trang=${Math.ceil(expected!.rank / 50)}`));
    expect(third.html).toMatch(new RegExp(`<tr class="is-me" data-testid="person-row"><td class="num" data-label="Hạng">${expected!.rank}</td><td data-label="Họ và tên">Lê Thị Thí Sinh<`));
  });

  it("filters by unit subtree (ranks stay those of the whole board), by name without diacritics, by group, and has a whole-contest tab", async () => {
    const everyone = await page(app.client(), ranking("?dot=1"));
    expect(everyone.html).toMatch(/<option value=""( selected="")?>Tất cả đơn vị<\/option>/);
    expect(everyone.html).toContain(`<option value="${unit["MH-SNV-CCVC"]}">`);
    const subtree = await page(app.client(), ranking(`?dot=1&donvi=${unit["MH-SNV"]}`));
    expect(subtree.html).toContain("56 người đã có kết quả.");
    expect(subtree.html).not.toContain("Phường Minh Hòa › ");

    // A name with an "s" (fold_text once turned every "s" into a space).
    const withS = await page(app.client(), ranking("?dot=1&q=thi+sinh"));
    expect(withS.html).toContain("Lê Thị Thí Sinh");
    expect(withS.html).toContain("1 người đã có kết quả.");
    const search = await page(app.client(), ranking("?dot=1&q=dang+thi+hong"));
    expect(search.html).toContain("Đặng Thị Hồng Nhung");
    expect(search.html).toContain("1 người đã có kết quả.");
    const nhung = (await app.db.selectFrom("users").select("id").where("email", "=", "nhung@example.vn").executeTakeFirstOrThrow()).id;
    const nhungRank = (await personRank(app.db, { scope: { kind: "round", roundId }, userId: nhung }))!.rank;
    expect(search.html).toContain(`data-testid="person-row"><td class="num" data-label="Hạng">${nhungRank}</td><td data-label="Họ và tên">Đặng Thị Hồng Nhung<`);

    const groupPage = await page(app.client(), ranking(`?dot=1&bang=${groupB}`));
    expect(groupPage.html).toContain("30 người đã có kết quả.");
    expect(groupPage.html).toContain("Nguyễn Văn Ấn 004");
    expect(groupPage.html).not.toContain("Nguyễn Văn Ấn 001<");
    expect(groupPage.html).toContain("Tất cả các bảng");

    const round1 = await page(app.client(), ranking("?dot=1"));
    expect(round1.html).not.toContain("Phạm Đợt Hai");
    const whole = await page(app.client(), ranking("?toan-cuoc=1"));
    expect(whole.html).toContain("Bảng xếp hạng · Toàn cuộc thi");
    expect(whole.html).toContain("Phạm Đợt Hai");
    expect(whole.html).toContain("123 người đã có kết quả.");
  });

  it("sorts the unit table by each column, drills down, and lists units where nobody took part", async () => {
    const top = ["MH-SNV", "MH-P-MHA", "MH-X-TPH", "MH-STC"].map((c) => unit[c]);
    const byParticipants = await page(app.client(), ranking("?dot=1&xem=don-vi&sap-xep=nguoi-du-thi&chieu=giam"));
    expect(byParticipants.status).toBe(200);
    expect(unitOrder(byParticipants.html).slice(0, 4)).toEqual(top);
    // Every unit of the level is listed, the ones with nobody too.
    const departments = await app.db.selectFrom("units").select("id").where("parent_id", "=", unit.MH).execute();
    expect(unitOrder(byParticipants.html).sort()).toEqual(departments.map((d) => d.id).sort());
    expect(byParticipants.html).toContain("Sở Ngoại vụ");
    expect(byParticipants.html).toContain("chưa có ai dự thi");

    const ascending = await page(app.client(), ranking("?dot=1&xem=don-vi&sap-xep=nguoi-du-thi&chieu=tang"));
    expect(unitOrder(ascending.html).slice(-4)).toEqual([...top].reverse());

    const byEntries = await page(app.client(), ranking("?dot=1&xem=don-vi&sap-xep=luot-thi&chieu=giam"));
    expect(unitOrder(byEntries.html).slice(0, 4)).toEqual(top);

    // The header link of the active column flips the direction.
    expect(byParticipants.html).toContain("sap-xep=nguoi-du-thi&amp;chieu=tang");

    const drill = await page(app.client(), ranking(`?dot=1&xem=don-vi&cap=${unit["MH-SNV"]}&sap-xep=nguoi-du-thi`));
    expect(unitOrder(drill.html)).toEqual(["MH-SNV-CCHC", "MH-SNV-TCBC", "MH-SNV-CCVC"].map((c) => unit[c]));
    // Muted, zero, and a unit with nothing under it leads to its people.
    expect(drill.html).toMatch(
      new RegExp(`<tr class="muted" data-unit-id="${unit["MH-SNV-CCVC"]}" data-testid="unit-row"><td class="card-table__title" data-label="Đơn vị"><a [^>]*href="[^"]*\\?dot=1&amp;donvi=${unit["MH-SNV-CCVC"]}">Phòng Công chức, viên chức</a><span class="small"> · chưa có ai dự thi</span></td><td class="num" data-label="Người dự thi">0</td>`),
    );
    // Breadcrumbs lead back up.
    expect(drill.html).toContain(`cap=${unit.MH}`);
    // Participation rate as a percentage: 46 of 9 people would be over 100%; the subtree rate of Sở Nội vụ is 56 ÷ (95 + 9 + 10 + 11).
    const snvRow = byParticipants.html.slice(byParticipants.html.indexOf(`data-unit-id="${unit["MH-SNV"]}"`));
    expect(snvRow).toContain("44,8%");
  });

  it("answers a bad address with a Vietnamese message, not a crash", async () => {
    const cases: [string, string][] = [
      ["?dot=abc", "Số đợt thi không hợp lệ."],
      ["?trang=0", "Số trang không hợp lệ."],
      ["?xem=don-vi&sap-xep=diem-cao", "Cách sắp xếp không hợp lệ."],
      ["?chieu=len", "Chiều sắp xếp không hợp lệ"],
      ["?dot=1&toan-cuoc=1", "Chỉ chọn một đợt thi hoặc toàn cuộc thi"],
      ["?donvi=-3", "Đơn vị không hợp lệ."],
    ];
    for (const [query, message] of cases) {
      const { status, html } = await page(app.client(), ranking(query));
      expect(status, query).toBe(400);
      expect(html, query).toContain(message);
    }
    const missing = await page(app.client(), ranking("?donvi=999999"));
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("Không tìm thấy đơn vị này.");
    const noGroup = await page(app.client(), ranking("?bang=999999"));
    expect(noGroup.status).toBe(404);
  });

  it("lets a department leader read the public board but the dashboard only inside their subtree, with details only there", async () => {
    const leader = await loginAs("lanhdao-snv@example.vn");
    const board = await page(leader, ranking(`?dot=1&donvi=${unit["MH-P-MHA"]}`));
    expect(board.status).toBe(200);
    expect(board.html).not.toContain(OUTSIDE_POSITION);

    const own = await page(leader, dashboard("?dot=1"));
    expect(own.status).toBe(200);
    expect(own.html).toContain("Số liệu của Sở Nội vụ");
    // The unit table's full-mark column says what it counts: entries, not the best score.
    expect(own.html).toContain("Bài đạt điểm tối đa");
    expect(own.html).toContain("Bài đạt điểm tối đa = số bài trả lời đúng tất cả các câu, tính bài tốt nhất của mỗi người trong mỗi đợt.");
    expect(own.html).not.toContain(">Điểm tối đa<");
    expect(own.html).toContain(INSIDE_POSITION);
    expect(own.html).not.toContain(OUTSIDE_POSITION);
    const outside = await page(leader, dashboard(`?dot=1&donvi=${unit["MH-P-MHA"]}`));
    expect(outside.status).toBe(403);
    expect(outside.html).toContain("Bạn chỉ được xem bảng xếp hạng của đơn vị mình và các đơn vị trực thuộc.");
    expect(outside.html).not.toContain(OUTSIDE_POSITION);
  });
});

describe("a private contest", () => {
  beforeAll(() => setPublic(false));
  afterAll(() => setPublic(true));

  it("shows visitors the message and nobody's results", async () => {
    const { status, html } = await page(app.client(), ranking("?dot=1"));
    expect(status).toBe(200);
    expect(html).toContain("Bảng xếp hạng của cuộc thi này không công khai.");
    expect(html).not.toContain("Nguyễn Văn Ấn");
    expect(html).not.toContain("data-testid=\"person-ranking\"");
    const units = await page(app.client(), ranking("?dot=1&xem=don-vi"));
    expect(units.html).not.toContain("data-unit-id=");
    // The data a live page refetches follows the same rule.
    const refetch = await app.client().get(ranking(`?dot=1&_data=${encodeURIComponent("routes/cuoc-thi.$slug.xep-hang")}`));
    expect(refetch.status).toBe(200);
    const data = (await refetch.json()) as { board: unknown };
    expect(data.board).toBeNull();
    expect(JSON.stringify(data)).not.toContain("Nguyễn Văn Ấn");
  });

  it("shows a contestant the message and their own result only", async () => {
    const client = await loginAs("thisinh@demo.cchc.vn");
    const { html } = await page(client, ranking("?dot=1"));
    const expected = await personRank(app.db, { scope: { kind: "round", roundId }, userId: contestantId });
    expect(html).toContain("Bảng xếp hạng của cuộc thi này không công khai.");
    expect(html).toMatch(new RegExp(`data-testid="my-rank-value">${expected!.rank}<`));
    expect(html).not.toContain("Nguyễn Văn Ấn");
    expect(html).not.toContain("Sở Nội vụ › Phòng");
  });

  it("holds a department leader to their own subtree: forced filter, 403 outside, no names or details from outside", async () => {
    const leader = await loginAs("lanhdao-snv@example.vn");
    const own = await page(leader, ranking("?dot=1"));
    expect(own.status).toBe(200);
    expect(own.html).toContain("56 người đã có kết quả.");
    expect(own.html).toContain("Đặng Thị Hồng Nhung");
    const outsiders = (await app.db.selectFrom("users").select("full_name").where("unit_id", "in", [unit["MH-P-MHA"], unit["MH-STC"]]).execute()).map((u) => u.full_name);
    for (const name of outsiders) expect(own.html).not.toContain(`${name}<`);
    expect(own.html).not.toContain(OUTSIDE_POSITION);

    // The unit filter offers the leader's own subtree only.
    const options = [...own.html.matchAll(/<option value="(\d*)"/g)].map((m) => m[1]);
    expect(options.map(Number).sort()).toEqual(["MH-SNV", "MH-SNV-CCHC", "MH-SNV-TCBC", "MH-SNV-CCVC"].map((c) => unit[c]).sort());
    const inside = await page(leader, ranking(`?dot=1&donvi=${unit["MH-SNV-CCHC"]}`));
    expect(inside.status).toBe(200);
    expect(inside.html).toContain("46 người đã có kết quả.");

    for (const query of [`?dot=1&donvi=${unit["MH-P-MHA"]}`, `?dot=1&donvi=${unit.MH}`, `?dot=1&xem=don-vi&cap=${unit.MH}`]) {
      const refused = await page(leader, ranking(query));
      expect(refused.status, query).toBe(403);
      expect(refused.html).toContain("Bạn chỉ được xem bảng xếp hạng của đơn vị mình và các đơn vị trực thuộc.");
      expect(refused.html).not.toContain("Nguyễn Văn Ấn");
    }
    const ownUnits = await page(leader, ranking("?dot=1&xem=don-vi"));
    expect(unitOrder(ownUnits.html).sort()).toEqual(["MH-SNV-CCHC", "MH-SNV-TCBC", "MH-SNV-CCVC"].map((c) => unit[c]).sort());

    const refetch = await leader.get(ranking(`?dot=1&donvi=${unit["MH-P-MHA"]}&_data=${encodeURIComponent("routes/cuoc-thi.$slug.xep-hang")}`));
    expect(refetch.status).toBe(403);
    const dash = await page(leader, dashboard("?dot=1"));
    expect(dash.status).toBe(200);
    expect(dash.html).toContain(INSIDE_POSITION);
    expect(dash.html).not.toContain(OUTSIDE_POSITION);
    expect((await page(leader, dashboard(`?donvi=${unit["MH-X-TPH"]}`))).status).toBe(403);
  });

  it("lets a province leader and an organizer read everything, details included", async () => {
    for (const login of ["lanhdao-tinh@example.vn", "bantochuc@demo.cchc.vn"]) {
      const client = await loginAs(login);
      const board = await page(client, ranking(`?dot=1&donvi=${unit["MH-P-MHA"]}`));
      expect(board.status, login).toBe(200);
      expect(board.html).toContain("50 người đã có kết quả.");
      const dash = await page(client, dashboard(`?dot=1&donvi=${unit["MH-P-MHA"]}`));
      expect(dash.status, login).toBe(200);
      expect(dash.html).toContain(OUTSIDE_POSITION);
      const whole = await page(client, dashboard());
      expect(whole.html).toContain("Số liệu của Tỉnh Minh Hòa");
      // 123 people over the whole contest (the one of round 2 only included).
      expect(whole.html).toMatch(/data-testid="counter-participants"><strong>123<\/strong>/);
    }
  });
});

describe("the leaders' dashboard", () => {
  it("counts the scope: participants, entries, rate of the subtree's headcount, full scores", async () => {
    const leader = await loginAs("lanhdao-snv@example.vn");
    const { html } = await page(leader, dashboard("?dot=1"));
    // Sở Nội vụ: 56 people (45 + 10 + Nhung) of 125 on its payroll, one entry each.
    expect(html).toMatch(/data-testid="counter-participants"><strong>56<\/strong>người dự thi(<!-- -->)? \/ 125 CBCCVC/);
    expect(html).toMatch(/data-testid="counter-rate"><strong>44,8%<\/strong>/);
    expect(html).toMatch(/data-testid="counter-entries"><strong>56<\/strong>/);
    const fullScores = await sql<{ n: string }>`
      select count(*) as n from round_results r join units u on u.id = r.unit_id
      where r.round_id = ${roundId} and r.score = 100 and u.path like (select path from units where id = ${unit["MH-SNV"]}) || '%'`.execute(app.db);
    expect(html).toMatch(new RegExp(`data-testid="counter-full-scores"><strong>${fullScores.rows[0].n}</strong>`));
    // Top 10, then the units under Sở Nội vụ, the one with nobody included.
    expect((html.match(/<tr data-testid="person-row">/g) ?? []).length).toBe(10);
    expect(html).toContain("Phòng Công chức, viên chức");
    expect(html).toContain('data-testid="entries-over-time-chart"');
    expect(html).toContain('data-testid="score-distribution-chart"');
  });

  it("shows Chưa có ai dự thi for a unit where nobody took part", async () => {
    const leader = await loginAs("lanhdao-snv@example.vn");
    const { status, html } = await page(leader, dashboard(`?dot=1&donvi=${unit["MH-SNV-CCVC"]}`));
    expect(status).toBe(200);
    expect(html).toContain('data-testid="dashboard-empty"');
    expect(html).toContain("Chưa có ai dự thi.");
  });

  it("is refused to contestants with a message, sends visitors to log in, and is listed on /lanh-dao and the organizer's contest page", async () => {
    const contestant = await loginAs("thisinh@demo.cchc.vn");
    const refused = await page(contestant, dashboard());
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Chỉ lãnh đạo và ban tổ chức được xem bảng theo dõi này.");
    expect((await app.client().get(dashboard())).status).toBe(302);

    const leader = await loginAs("lanhdao@demo.cchc.vn");
    const list = await page(leader, "/lanh-dao");
    expect(list.status).toBe(200);
    expect(list.html).toContain(`href="/lanh-dao/cuoc-thi/${contestId}"`);
    expect(list.html).toContain("Phường Minh Hòa");

    const organizer = await loginAs("bantochuc@demo.cchc.vn");
    expect((await page(organizer, `/quan-ly/cuoc-thi/${contestId}`)).html).toContain(`href="/lanh-dao/cuoc-thi/${contestId}"`);
    const bad = await page(organizer, dashboard("?sap-xep=x"));
    expect(bad.status).toBe(400);
    expect(bad.html).toContain("Cách sắp xếp không hợp lệ.");
    expect((await page(organizer, "/lanh-dao/cuoc-thi/abc")).status).toBe(404);
  });
});
