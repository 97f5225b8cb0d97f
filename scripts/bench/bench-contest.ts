import path from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../../db/postgres";
import type { DB } from "~/database/connection.server";

/**
 * A province (id 1) with `departments` departments and `communes` communes under it, and
 * sub-units (offices) spread over those until there are `total` units, ids 1..total.
 */
export async function fillBenchUnitTree(db: DB, t: { provinceName: string; departments: number; communes: number; total: number }) {
  const lastFirstLevel = 1 + t.departments + t.communes;
  await sql`insert into units (id, parent_id, code, name, kind, headcount, path, depth) values (1, null, 'TINH', ${t.provinceName}, 'province', 40, '1.', 0)`.execute(db);
  await sql`
    insert into units (id, parent_id, code, name, kind, headcount, path, depth)
    select i, 1, 'L1-' || i, case when i <= ${1 + t.departments}::int then 'Sở ' || i else 'UBND xã ' || i end,
           case when i <= ${1 + t.departments}::int then 'department' else 'commune' end, 0, '1.' || i || '.', 1
    from generate_series(2, ${lastFirstLevel}::int) i`.execute(db);
  const firstLevel = t.departments + t.communes;
  await sql`
    insert into units (id, parent_id, code, name, kind, headcount, path, depth)
    select i, 2 + (i - ${lastFirstLevel + 1}::int) % ${firstLevel}::int, 'L2-' || i, 'Phòng ' || i, 'office', 0,
           '1.' || (2 + (i - ${lastFirstLevel + 1}::int) % ${firstLevel}::int) || '.' || i || '.', 2
    from generate_series(${lastFirstLevel + 1}::int, ${t.total}::int) i`.execute(db);
  await sql`select setval('units_id_seq', ${t.total}::int)`.execute(db);
}

/** A published contest owned by the province, one group, and one round that closed yesterday. */
export async function createClosedBenchContest(db: DB, title: string) {
  const { id: contestId } = await db
    .insertInto("contests")
    .values({ slug: "bench", title, rules: "—", owner_unit_id: 1, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const { id: groupId } = await db.insertInto("contest_groups").values({ contest_id: contestId, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow();
  const { id: roundId } = await db
    .insertInto("rounds")
    .values({
      contest_id: contestId,
      number: 1,
      title: "Tuần 1",
      opens_at: new Date(Date.now() - 8 * 86_400_000),
      closes_at: new Date(Date.now() - 86_400_000),
      time_limit_seconds: 900,
      bank_id: null,
      question_count: 20,
      blueprint: "[]",
      points_per_question: 5,
      max_entries: 3,
      prediction_rule: "entries",
      prediction_prompt: "Bao nhiêu lượt dự thi?",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { contestId, groupId, roundId };
}

/**
 * The benchmark's own database on `DATABASE_URL`'s server, or on an embedded cluster of its own
 * (`embeddedDir`, `embeddedPort`). Dropped and made anew unless `keep` asks to reuse it.
 */
export async function openBenchDatabase(name: string, o: { keep: boolean; embeddedDir: string; embeddedPort: number }) {
  let embedded: RunningPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres(path.resolve(o.embeddedDir), o.embeddedPort);
    serverUrl = embedded.serverUrl;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const exists = (await admin.query("select 1 from pg_database where datname = $1", [name])).rowCount === 1;
  if (!o.keep || !exists) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  await ensureDatabase(serverUrl, name);
  return { serverUrl, databaseUrl: withDatabase(serverUrl, name), embedded };
}
