import { sql, type Kysely } from "kysely";

// The socket.io PostgreSQL adapter carries events between app processes with NOTIFY; payloads
// over NOTIFY's 8,000-byte limit (or binary) go through this table, which the adapter prunes
// itself. Its shape is the adapter's own.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("socket_io_attachments")
    .ifNotExists()
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("created_at", "timestamptz", (c) => c.defaultTo(sql`now()`))
    .addColumn("payload", "bytea")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("socket_io_attachments").ifExists().execute();
}
