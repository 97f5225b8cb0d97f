import { sql, type Kysely } from "kysely";

// Export jobs (large rankings and unit tables written to .xlsx in the background, with progress)
// and each contest's PAR-index rule (points in the units' CCHC index for taking part).
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("export_jobs")
    .addColumn("id", "uuid", (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('ranking', 'units', 'par')`))
    .addColumn("params", "jsonb", (c) => c.notNull())
    // The params in one canonical spelling: the same request by the same person finds the job already running.
    .addColumn("params_key", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("file_name", "text", (c) => c.notNull())
    .addColumn("requested_by", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("queued").check(sql`status in ('queued', 'running', 'done', 'failed')`))
    .addColumn("rows_done", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("rows_total", "integer")
    // The finished file, kept in the database so that every app process can serve it.
    .addColumn("content", "bytea")
    .addColumn("byte_size", "integer")
    .addColumn("error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("started_at", "timestamptz")
    .addColumn("finished_at", "timestamptz")
    .addColumn("expires_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now() + interval '7 days'`))
    .execute();
  await sql`create unique index export_jobs_one_running on export_jobs (requested_by, params_key) where status in ('queued', 'running')`.execute(db);
  await sql`create index export_jobs_by_user on export_jobs (requested_by, created_at desc)`.execute(db);
  await sql`create index export_jobs_unfinished on export_jobs (status) where status in ('queued', 'running')`.execute(db);

  await db.schema
    .createTable("contest_par_rules")
    .addColumn("contest_id", "integer", (c) => c.primaryKey().references("contests.id").onDelete("cascade"))
    .addColumn("rule", "jsonb", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("contest_par_rules").execute();
  await db.schema.dropTable("export_jobs").execute();
}
