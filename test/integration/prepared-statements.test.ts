import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, prepared, type DB } from "~/database/connection.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

// The answer save is prepared once per connection (planning it costs PostgreSQL more than running
// it). What must hold: each call binds its own values, the statement is planned once and then
// reused, and a connection lost and replaced prepares it again by itself.

describe("statements prepared once per connection", () => {
  let testDb: TestDatabase;
  let db: DB;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = createDatabase(testDb.url, { maxConnections: 1 });
  });
  afterAll(async () => {
    await db?.destroy();
    await testDb?.drop();
  });

  const double = (n: number) => prepared(sql<{ doubled: number; backend: number }>`select ${n}::int * 2 as doubled, pg_backend_pid() as backend`).execute(db);
  const preparedHere = () =>
    sql<{ statement: string; uses: number }>`select statement, (generic_plans + custom_plans)::int as uses from pg_prepared_statements`.execute(db);

  it("binds each call's values and reuses one prepared statement on the connection", async () => {
    for (let n = 1; n <= 8; n++) expect((await double(n)).rows[0].doubled).toBe(n * 2);
    const statements = (await preparedHere()).rows;
    expect(statements).toHaveLength(1);
    expect(statements[0].statement).toContain("pg_backend_pid()");
    expect(statements[0].uses).toBe(8);
  });

  it("an unmarked statement is not prepared", async () => {
    await sql`select 1 as one`.execute(db);
    expect((await preparedHere()).rows).toHaveLength(1);
  });

  it("prepares again on the new connection after the old one was terminated", async () => {
    const before = (await double(1)).rows[0].backend;
    const admin = new pg.Client({ connectionString: testDb.url });
    await admin.connect();
    // The second argument makes PostgreSQL wait until the backend is gone.
    await admin.query("select pg_terminate_backend($1, 5000)", [before]);
    await admin.end();
    // The client learns of the loss when the socket closes or at its next query, which then fails:
    // the queries made meanwhile may fail, never more than a few, and then one runs on a new connection.
    let after: Awaited<ReturnType<typeof double>> | null = null;
    for (let attempt = 0; attempt < 10 && !after; attempt++) after = await double(21).catch(() => null);
    expect(after?.rows[0].doubled).toBe(42);
    expect(after?.rows[0].backend).not.toBe(before);
    expect((await preparedHere()).rows).toHaveLength(1);
  });
});
