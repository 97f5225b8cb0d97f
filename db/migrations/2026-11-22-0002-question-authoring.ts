import { sql, type Kysely } from "kysely";

// Authoring in the app: who wrote a question, its review history, and a search column
// (the text folded without diacritics, filled by the application) behind a trigram index.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await db.schema
    .alterTable("questions")
    .addColumn("author_id", "integer", (c) => c.references("users.id"))
    .addColumn("search_text", "text", (c) => c.notNull().defaultTo(""))
    .execute();
  await sql`create index questions_search_trgm on questions using gin (search_text gin_trgm_ops)`.execute(db);
  await db.schema.createIndex("questions_filter_idx").on("questions").columns(["bank_id", "status", "topic"]).execute();
  // The list shows the most recently changed first: a page is read off this index.
  await sql`create index questions_recent_idx on questions (updated_at desc, id desc)`.execute(db);

  await db.schema
    .createTable("question_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("question_id", "integer", (c) => c.notNull().references("questions.id"))
    .addColumn("version_id", "integer", (c) => c.references("question_versions.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("from_status", "text")
    .addColumn("to_status", "text")
    .addColumn("comment", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("question_events_question_idx").on("question_events").columns(["question_id", "at"]).execute();
  await db.schema.createIndex("entry_questions_version_idx").on("entry_questions").column("question_version_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("entry_questions_version_idx").execute();
  await db.schema.dropTable("question_events").execute();
  await db.schema.dropIndex("questions_recent_idx").execute();
  await db.schema.dropIndex("questions_filter_idx").execute();
  await db.schema.dropIndex("questions_search_trgm").execute();
  await db.schema.alterTable("questions").dropColumn("search_text").dropColumn("author_id").execute();
}
