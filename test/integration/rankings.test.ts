import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countedEntry, rankResults } from "~/rankings/ranking";
import { rebuildRankings } from "~/rankings/maintenance.server";
import { personRank, personRanking } from "~/rankings/rankings.server";
import { createAccount } from "~/accounts/accounts.server";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";
import { demoRound } from "../support/entries";
import { mulberry32 } from "../support/seeded-random";

let app: TestApp;
let roundId: number;
let slug: string;

// Deterministic generator: many ties on score and time, so every tie-break is exercised.

beforeAll(async () => {
  app = await startTestApp();
  ({ id: roundId, slug } = await demoRound(app.db));
  const { contest_id: contestId } = await app.db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirstOrThrow();
  const unit = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
  const random = mulberry32(42);
  const base = Date.UTC(2026, 10, 1, 8, 0, 0);
  for (let person = 0; person < 60; person++) {
    const { id: userId } = await app.db
      .insertInto("users")
      .values({ full_name: `Người Xếp Hạng ${person}`, email: `xh${person}@example.vn`, password_hash: "x", unit_id: unit.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const attempts = 1 + Math.floor(random() * 3);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const durationMs = 1000 * (60 + Math.floor(random() * 3));
      const finishedAt = new Date(base + 1000 * Math.floor(random() * 5));
      await app.db
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
          score: 5 * (17 + Math.floor(random() * 4)),
          correct_count: 0,
          duration_ms: durationMs,
        })
        .execute();
    }
  }
  // The entries were written directly, not finalised: the maintenance rebuild computes their rankings.
  await rebuildRankings(app.db, { contestId });
  // An entry still in progress never appears in the ranking.
  await createAccount(app.db, { fullName: "Đang Làm Bài", login: { kind: "email", email: "danglam@example.vn" }, password: DEMO_PASSWORD, unitId: unit.id });
});
afterAll(() => app.close());

async function reference() {
  const entries = await app.db
    .selectFrom("entries")
    .select(["user_id", "score", "duration_ms", "finished_at"])
    .where("round_id", "=", roundId)
    .where("status", "<>", "in_progress")
    .execute();
  const byUser = new Map<number, { userId: number; score: number; durationMs: number; finishedAt: Date }[]>();
  for (const e of entries) {
    const list = byUser.get(e.user_id) ?? [];
    list.push({ userId: e.user_id, score: e.score!, durationMs: e.duration_ms!, finishedAt: e.finished_at! });
    byUser.set(e.user_id, list);
  }
  return rankResults([...byUser.values()].map((list) => countedEntry(list)!));
}

describe("the round ranking", () => {
  it("matches the pure ranking rules computed from scratch", async () => {
    const expected = await reference();
    const { rows, total } = await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 1000 });
    expect(total).toBe(60);
    expect(rows.map((r) => ({ rank: r.rank, userId: r.userId, score: r.score, durationMs: r.durationMs }))).toEqual(
      expected.map((r) => ({ rank: r.rank, userId: r.userId, score: r.score, durationMs: r.durationMs })),
    );
  });

  it("pages without losing or repeating anyone", async () => {
    const pages = [];
    for (let offset = 0; offset < 60; offset += 25) pages.push(...(await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 25, offset })).rows);
    const all = (await personRanking(app.db, { scope: { kind: "round", roundId }, limit: 1000 })).rows;
    expect(pages.map((r) => r.userId)).toEqual(all.map((r) => r.userId));
  });

  it("gives each person their own rank, the same as in the full list", async () => {
    const expected = await reference();
    for (const row of expected.filter((_, i) => i % 7 === 0)) {
      const mine = await personRank(app.db, { scope: { kind: "round", roundId }, userId: row.userId });
      expect(mine?.rank).toBe(row.rank);
    }
    const nobody = await app.db.selectFrom("users").select("id").where("email", "=", "danglam@example.vn").executeTakeFirstOrThrow();
    expect(await personRank(app.db, { scope: { kind: "round", roundId }, userId: nobody.id })).toBeNull();
  });

  it("is served as a public page with rank, name, unit, score and time", async () => {
    const html = await (await app.client().get(`/cuoc-thi/${slug}/xep-hang?dot=1`)).text();
    const [first] = await reference();
    const { full_name } = await app.db.selectFrom("users").select("full_name").where("id", "=", first.userId).executeTakeFirstOrThrow();
    expect(html).toContain(full_name);
    expect(html).toContain("60 người đã có kết quả");
    expect(html).toContain("Sở Nội vụ");
    const missing = await app.client().get(`/cuoc-thi/${slug}/xep-hang?dot=99`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("Không tìm thấy đợt thi này.");
  });

  it("shows leaders and organizers each unit's participation rolled up over its subtree, and drills down", async () => {
    const client = app.client();
    await client.login("bantochuc@demo.cchc.vn", DEMO_PASSWORD);
    const { contest_id: contestId } = await app.db.selectFrom("rounds").select("contest_id").where("id", "=", roundId).executeTakeFirstOrThrow();
    const html = await (await client.get(`/lanh-dao/cuoc-thi/${contestId}?dot=1`)).text();
    // Sở Nội vụ: 60 people with a result over a headcount of 95 + 9 + 10 + 11 (its offices) = 125.
    const row = /<tr data-unit-id="\d+" data-testid="unit-row">(?:(?!<\/tr>).)*>Sở Nội vụ<(?:(?!<\/tr>).)*<\/tr>/s.exec(html)?.[0] ?? "";
    expect(row).toContain(">125<");
    expect(row).toContain(">60<");
    expect(row).toContain(">48%<");
    expect(html).toContain("Sở Tài chính");
    const { id } = await app.db.selectFrom("units").select("id").where("code", "=", "MH-SNV").executeTakeFirstOrThrow();
    const drilled = await (await client.get(`/lanh-dao/cuoc-thi/${contestId}?dot=1&donvi=${id}`)).text();
    expect(drilled).toContain("Phòng Cải cách hành chính");
  });
});
