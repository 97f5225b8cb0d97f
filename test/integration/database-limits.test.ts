import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "~/database/connection.server";
import { demoRound, startEntryViaHttp } from "../support/entries";
import { DEMO_PASSWORD, startTestApp, type TestApp } from "../support/test-app";

// A lock on the answers table held by someone else (a long maintenance job, a stuck session):
// the saves give up after their own short lock limit with a "will retry" message, and the saves
// waiting on it never take the connections the other pages need.

/** The page's answer queue gives up on a request after this long and sends it again (use-answer-queue.ts). */
const CLIENT_RETRY_MS = 15_000;
const ANSWER_POOL_SIZE = 3;

describe("time limits on the database", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ answerSave: { maxConnections: ANSWER_POOL_SIZE, poolWaitMs: 1000, lockTimeoutMs: 1000, statementTimeoutMs: 5000 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("a save blocked by a lock fails within the page's retry with a Vietnamese 'try again' and Retry-After, while the other pages keep answering", async () => {
    const round = await demoRound(app.db);
    const contestant = app.client();
    await contestant.login("thisinh@demo.cchc.vn", DEMO_PASSWORD);
    const entryId = await startEntryViaHttp(contestant, round.slug, round.id);
    const save = (revision: number) => contestant.postJson(`/api/entries/${entryId}/answers`, { position: 0, chosen: [1], revision });
    expect((await save(1)).status).toBe(200);

    const holder = new pg.Client({ connectionString: app.databaseUrl });
    await holder.connect();
    await holder.query("begin");
    await holder.query("lock table entry_answers in access exclusive mode");
    try {
      // More saves than the answer pool has connections: some wait on the lock, the rest for a connection.
      const sentAt = Date.now();
      const saves = Array.from({ length: ANSWER_POOL_SIZE * 3 }, (_, i) => save(2 + i).then(async (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json(), at: Date.now() })));
      // Meanwhile, with the lock still held, a page and a sign-in work.
      const page = await app.client().get(`/cuoc-thi/${round.slug}`);
      expect(page.status).toBe(200);
      const other = app.client();
      await other.login("lanhdao@demo.cchc.vn", DEMO_PASSWORD);

      const results = await Promise.all(saves);
      for (const result of results) {
        expect(result.status).toBe(503);
        expect(result.retryAfter).toMatch(/^\d+$/);
        expect(result.body).toMatchObject({ ok: false, code: "database_unavailable", message: "Hệ thống đang bận, câu trả lời chưa được lưu. Hệ thống sẽ tự thử lại sau ít giây." });
        expect(result.at - sentAt).toBeLessThan(CLIENT_RETRY_MS);
      }
    } finally {
      await holder.query("rollback");
      await holder.end();
    }
    // The lock gone, the retried save goes through and is kept.
    expect((await save(100)).status).toBe(200);
    const kept = await app.db.selectFrom("entry_answers").select("revision").where("entry_id", "=", entryId).where("position", "=", 0).executeTakeFirstOrThrow();
    expect(kept.revision).toBe("100");
  });

  it("every connection of a pool carries its limits from the start", async () => {
    const db = createDatabase(app.databaseUrl, { maxConnections: 1, statementTimeoutMs: 15_000, lockTimeoutMs: 5_000, idleInTransactionMs: 30_000 });
    try {
      const { rows } = await sql<{ s: string; l: string; i: string }>`select current_setting('statement_timeout') as s, current_setting('lock_timeout') as l, current_setting('idle_in_transaction_session_timeout') as i`.execute(db);
      expect(rows[0]).toEqual({ s: "15s", l: "5s", i: "30s" });
    } finally {
      await db.destroy();
    }
  });
});
