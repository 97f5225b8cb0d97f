import { sql, type Kysely } from "kysely";

// Frozen in time: this migration must never import application code.
// Organizers edit the unit tree in the app: a merged unit remembers where it went, and every
// change to the tree is kept with who, when, what and why.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("units").addColumn("merged_into_id", "integer", (c) => c.references("units.id")).execute();

  await db.schema
    .createTable("unit_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    // Null for an event about the tree as a whole (an import).
    .addColumn("unit_id", "integer", (c) => c.references("units.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("reason", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("unit_events_unit_idx").on("unit_events").columns(["unit_id", "at"]).execute();
  await db.schema.createIndex("unit_events_at_idx").on("unit_events").column("at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("unit_events").execute();
  await db.schema.alterTable("units").dropColumn("merged_into_id").execute();
}
