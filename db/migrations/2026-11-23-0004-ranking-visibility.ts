import type { Kysely } from "kysely";

// Whether contestants and the public may read a contest's rankings. Existing contests stay public,
// as they were before the rule existed.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("contests").addColumn("ranking_public", "boolean", (c) => c.notNull().defaultTo(true)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("contests").dropColumn("ranking_public").execute();
}
