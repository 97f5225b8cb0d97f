import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { freePort } from "../../test/support/spawned-server";
import { onReplica, useReadReplica, type DBOrTransaction } from "./connection.server";

// The choice of connection for ranking reads (DATABASE_REPLICA_URL). Here the "replica" is a second
// pool on the same test database, told apart by its application_name; the real streaming replica
// is exercised by test/integration/read-replica.test.ts.

const whoAnswers = (source: DBOrTransaction) =>
  sql<{ name: string }>`select current_setting('application_name') as name`.execute(source).then((r) => r.rows[0].name);

describe("ranking reads and the replica", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });

  it("go to the primary when no replica is configured", async () => {
    expect(await onReplica(t.db, whoAnswers)).toBe("cchc-app");
  });

  it("go to the replica when there is one, but a transaction keeps reading its own writes", async () => {
    const replica = useReadReplica(t.db, t.url, { maxConnections: 2 });
    try {
      expect(await onReplica(t.db, whoAnswers)).toBe("cchc-replica");
      expect(await t.db.transaction().execute((trx) => onReplica(trx, whoAnswers))).toBe("cchc-app");
    } finally {
      await replica.close();
    }
    expect(await onReplica(t.db, whoAnswers)).toBe("cchc-app");
  });

  it("fall back to the primary when the replica cannot be reached, saying so once", async () => {
    const deadUrl = t.url.replace(/@[^/]+\//, `@127.0.0.1:${await freePort()}/`);
    const replica = useReadReplica(t.db, deadUrl, { maxConnections: 2, poolWaitMs: 2000 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const answers = await Promise.all([1, 2, 3].map(() => onReplica(t.db, whoAnswers)));
      expect(answers).toEqual(["cchc-app", "cchc-app", "cchc-app"]);
      expect(await onReplica(t.db, whoAnswers)).toBe("cchc-app");
      const said = warn.mock.calls.map((call) => String(call[0]));
      expect(said).toHaveLength(1);
      expect(said[0]).toContain("không đọc được từ bản sao, bảng xếp hạng tạm đọc từ máy chủ chính");
    } finally {
      warn.mockRestore();
      await replica.close();
    }
  });

  it("still fail a read whose own query is wrong: only the replica's faults send it to the primary", async () => {
    const replica = useReadReplica(t.db, t.url, { maxConnections: 2 });
    try {
      await expect(onReplica(t.db, (source) => sql`select * from no_such_table`.execute(source))).rejects.toMatchObject({ code: "42P01" });
    } finally {
      await replica.close();
    }
  });
});
