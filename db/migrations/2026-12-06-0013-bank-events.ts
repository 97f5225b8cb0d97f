import { sql, type Kysely } from "kysely";

// A question bank's own history: who made it, and each file imported into it (how many questions
// it added or changed, with the organizer's note). Each question keeps its own history in
// question_events; this is the bank's, written by the command pipeline like the unit history.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("bank_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("bank_id", "integer", (c) => c.notNull().references("question_banks.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("reason", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("bank_events_bank_idx").on("bank_events").columns(["bank_id", "at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("bank_events").execute();
}
