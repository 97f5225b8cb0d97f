import { sql, type Kysely } from "kysely";

// Contests as provinces run them: groups (bảng) with their audiences, round blueprints,
// review policy, the prediction tie-break, per-person allowances for incidents, a contest
// log, and accounts created in bulk (position, forced password change).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("users")
    .addColumn("position", "text")
    .addColumn("must_change_password", "boolean", (c) => c.notNull().defaultTo(false))
    .execute();

  await db.schema
    .alterTable("contests")
    .addColumn("prizes", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("banner", "bytea")
    .addColumn("banner_type", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("contest_groups")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id"))
    .addColumn("name", "text", (c) => c.notNull())
    // Anyone may join this group, whatever their unit (the public).
    .addColumn("open_to_public", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("position", "integer", (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint("contest_groups_name_unique", ["contest_id", "name"])
    .execute();
  await db.schema
    .createTable("contest_group_units")
    .addColumn("group_id", "integer", (c) => c.notNull().references("contest_groups.id").onDelete("cascade"))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addPrimaryKeyConstraint("contest_group_units_pk", ["group_id", "unit_id"])
    .execute();
  // A person belongs to one group of a contest, fixed at their first entry.
  await db.schema
    .createTable("contest_participants")
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("group_id", "integer", (c) => c.notNull().references("contest_groups.id"))
    .addColumn("joined_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("contest_participants_pk", ["contest_id", "user_id"])
    .execute();

  await db.schema
    .alterTable("rounds")
    .addColumn("blueprint", "jsonb")
    .addColumn("shuffle_questions", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("shuffle_options", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("review_policy", "text", (c) => c.notNull().defaultTo("after_close").check(sql`review_policy in ('never', 'after_submit', 'after_close')`))
    .addColumn("prediction_rule", "text", (c) => c.notNull().defaultTo("none").check(sql`prediction_rule in ('none', 'entries', 'participants', 'full_marks')`))
    .addColumn("prediction_prompt", "text")
    .addColumn("prediction_value", "integer")
    .addColumn("prediction_computed_at", "timestamptz")
    .execute();
  await sql`update rounds set blueprint = jsonb_build_array(jsonb_build_object('bankId', bank_id, 'count', question_count))`.execute(db);
  await sql`alter table rounds alter column blueprint set not null, alter column bank_id drop not null`.execute(db);

  await db.schema
    .alterTable("entries")
    .addColumn("group_id", "integer", (c) => c.references("contest_groups.id"))
    .addColumn("prediction", "integer")
    .execute();

  // Incidents: an extra entry or extra time for one person, granted with a written reason.
  await db.schema
    .createTable("round_allowances")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("extra_entries", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("extra_seconds", "integer", (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint("round_allowances_pk", ["round_id", "user_id"])
    .execute();

  await db.schema
    .createTable("contest_log")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id"))
    .addColumn("round_id", "integer", (c) => c.references("rounds.id"))
    .addColumn("actor_id", "integer", (c) => c.references("users.id"))
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn("reason", "text")
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("contest_log_contest_idx").on("contest_log").columns(["contest_id", "at"]).execute();

  // Every existing contest gets its one group, open to the units under its owner.
  await sql`insert into contest_groups (contest_id, name) select id, 'Bảng chung' from contests`.execute(db);
  await sql`insert into contest_group_units (group_id, unit_id) select g.id, c.owner_unit_id from contest_groups g join contests c on c.id = g.contest_id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("contest_log").execute();
  await db.schema.dropTable("round_allowances").execute();
  await db.schema.alterTable("entries").dropColumn("prediction").dropColumn("group_id").execute();
  await sql`update rounds set bank_id = (blueprint->0->>'bankId')::int where bank_id is null`.execute(db);
  await sql`alter table rounds alter column bank_id set not null`.execute(db);
  await db.schema
    .alterTable("rounds")
    .dropColumn("blueprint")
    .dropColumn("shuffle_questions")
    .dropColumn("shuffle_options")
    .dropColumn("review_policy")
    .dropColumn("prediction_rule")
    .dropColumn("prediction_prompt")
    .dropColumn("prediction_value")
    .dropColumn("prediction_computed_at")
    .execute();
  await db.schema.dropTable("contest_participants").execute();
  await db.schema.dropTable("contest_group_units").execute();
  await db.schema.dropTable("contest_groups").execute();
  await db.schema.alterTable("contests").dropColumn("prizes").dropColumn("banner").dropColumn("banner_type").dropColumn("updated_at").execute();
  await db.schema.alterTable("users").dropColumn("must_change_password").dropColumn("position").execute();
}
