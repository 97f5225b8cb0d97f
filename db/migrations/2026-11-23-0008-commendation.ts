import { sql, type Kysely } from "kysely";

// Awards (issue 7): the prize structure an organizer sets, disqualifications and tie decisions
// (each with a written reason), and publications of the results. A publication keeps a frozen
// JSON snapshot of the whole proposal, so every version stays readable after a correction.
// contests.results_frozen_at is set while the latest publication stands, and
// contests.results_frozen_rounds names the rounds behind it (every round when the whole contest
// has prizes): writes that could change them, and the award records, are refused until the
// organizer opens a correction. Rounds outside the publication (next week's) keep running.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("contests").addColumn("results_frozen_at", "timestamptz").addColumn("results_frozen_rounds", sql`integer[]`).execute();

  await db.schema
    .createTable("contest_prize_structures")
    .addColumn("contest_id", "integer", (c) => c.primaryKey().references("contests.id").onDelete("cascade"))
    .addColumn("structure", "jsonb", (c) => c.notNull())
    .addColumn("updated_by", "integer", (c) => c.references("users.id"))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("contest_disqualifications")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('entry', 'person')`))
    // The person concerned in both kinds; the entry only for kind 'entry'.
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("entry_id", "bigint", (c) => c.references("entries.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("revoked_at", "timestamptz")
    .addColumn("revoked_by", "integer", (c) => c.references("users.id"))
    .addColumn("revoke_reason", "text")
    .addCheckConstraint("contest_disqualifications_entry", sql`(kind = 'entry') = (entry_id is not null)`)
    .execute();
  // One standing disqualification per person or entry: a repeated form post changes nothing.
  await sql`create unique index contest_disqualifications_active_person on contest_disqualifications (contest_id, user_id) where kind = 'person' and revoked_at is null`.execute(db);
  await sql`create unique index contest_disqualifications_active_entry on contest_disqualifications (contest_id, entry_id) where kind = 'entry' and revoked_at is null`.execute(db);

  await db.schema
    .createTable("contest_tie_decisions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    // "round:12" or "contest"; group 0 when the contest has no groups.
    .addColumn("scope_key", "text", (c) => c.notNull())
    .addColumn("group_id", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('individual', 'collective')`))
    // The tied ids sorted, to find the decision on the same tie again.
    .addColumn("members", "text", (c) => c.notNull())
    // The decided order, best first (user ids or unit ids).
    .addColumn("ordered_ids", "jsonb", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decided_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("contest_tie_decisions_tie", ["contest_id", "scope_key", "group_id", "kind", "members"])
    .execute();

  await db.schema
    .createTable("result_publications")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("published_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("published_by", "integer", (c) => c.references("users.id"))
    // Required from version 2 on: why the results were corrected.
    .addColumn("reason", "text")
    .addColumn("snapshot", "jsonb", (c) => c.notNull())
    .addUniqueConstraint("result_publications_version", ["contest_id", "version"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["result_publications", "contest_tie_decisions", "contest_disqualifications", "contest_prize_structures"]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("contests").dropColumn("results_frozen_at").dropColumn("results_frozen_rounds").execute();
}
