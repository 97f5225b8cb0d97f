import { sql, type Kysely } from "kysely";

// Frozen in time: this migration must never import application code.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("units")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("parent_id", "integer", (c) => c.references("units.id"))
    .addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("headcount", "integer", (c) => c.notNull().defaultTo(0).check(sql`headcount >= 0`))
    // Materialised path of ids ("1.4.17."): a subtree is one prefix scan.
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("depth", "integer", (c) => c.notNull())
    .addColumn("retired_at", "timestamptz")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index units_path_idx on units (path text_pattern_ops)`.execute(db);
  await db.schema.createIndex("units_parent_idx").on("units").column("parent_id").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("full_name", "text", (c) => c.notNull())
    .addColumn("email", "text")
    .addColumn("phone", "text")
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) =>
      c.notNull().defaultTo("contestant").check(sql`role in ('contestant', 'organizer', 'leader', 'admin')`),
    )
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("users_has_login", sql`email is not null or phone is not null`)
    .execute();
  await sql`create unique index users_email_idx on users (lower(email)) where email is not null`.execute(db);
  await sql`create unique index users_phone_idx on users (phone) where phone is not null`.execute(db);
  await db.schema.createIndex("users_unit_idx").on("users").column("unit_id").execute();

  await db.schema
    .createTable("question_banks")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("key", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("reviewer_must_differ", "boolean", (c) => c.notNull().defaultTo(true))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("questions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("bank_id", "integer", (c) => c.notNull().references("question_banks.id"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("topic", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("draft").check(sql`status in ('draft', 'in_review', 'approved', 'retired')`),
    )
    .addColumn("current_version_id", "integer")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("questions_bank_key_unique", ["bank_id", "key"])
    .execute();

  // A question's content is versioned: an entry points at the exact version it drew,
  // so editing a question never changes how an old entry is shown or graded.
  await db.schema
    .createTable("question_versions")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("question_id", "integer", (c) => c.notNull().references("questions.id"))
    .addColumn("version_no", "integer", (c) => c.notNull())
    .addColumn("type", "text", (c) => c.notNull().check(sql`type in ('single', 'multiple', 'true_false')`))
    .addColumn("difficulty", "text", (c) => c.notNull().check(sql`difficulty in ('easy', 'medium', 'hard')`))
    .addColumn("stem", "text", (c) => c.notNull())
    .addColumn("options", "jsonb", (c) => c.notNull())
    .addColumn("correct", "jsonb", (c) => c.notNull())
    .addColumn("explanation", "text", (c) => c.notNull())
    .addColumn("basis", "jsonb", (c) => c.notNull())
    .addColumn("tags", sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("created_by", "integer", (c) => c.references("users.id"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("question_versions_unique", ["question_id", "version_no"])
    .execute();
  await db.schema
    .alterTable("questions")
    .addForeignKeyConstraint("questions_current_version_fk", ["current_version_id"], "question_versions", ["id"])
    .execute();

  await db.schema
    .createTable("contests")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("slug", "text", (c) => c.notNull().unique())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("rules", "text", (c) => c.notNull())
    .addColumn("owner_unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("draft").check(sql`status in ('draft', 'published')`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("rounds")
    .addColumn("id", "serial", (c) => c.primaryKey())
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("opens_at", "timestamptz", (c) => c.notNull())
    .addColumn("closes_at", "timestamptz", (c) => c.notNull())
    .addColumn("time_limit_seconds", "integer", (c) => c.notNull().check(sql`time_limit_seconds > 0`))
    .addColumn("bank_id", "integer", (c) => c.notNull().references("question_banks.id"))
    .addColumn("question_count", "integer", (c) => c.notNull().check(sql`question_count > 0`))
    .addColumn("points_per_question", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("max_entries", "integer", (c) => c.notNull().defaultTo(1).check(sql`max_entries > 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("rounds_contest_number_unique", ["contest_id", "number"])
    .addCheckConstraint("rounds_window", sql`closes_at > opens_at`)
    .execute();

  await db.schema
    .createTable("entries")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("attempt_no", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("in_progress").check(sql`status in ('in_progress', 'submitted', 'expired')`),
    )
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("deadline", "timestamptz", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz")
    .addColumn("question_count", "integer", (c) => c.notNull())
    .addColumn("score", "integer")
    .addColumn("correct_count", "integer")
    .addColumn("duration_ms", "integer")
    .addUniqueConstraint("entries_attempt_unique", ["round_id", "user_id", "attempt_no"])
    .execute();
  // At most one entry in progress per person and round, whatever the races.
  await sql`create unique index entries_one_in_progress on entries (round_id, user_id) where status = 'in_progress'`.execute(db);
  await sql`create index entries_due_idx on entries (deadline) where status = 'in_progress'`.execute(db);
  await sql`create index entries_round_final_idx on entries (round_id, user_id) where status <> 'in_progress'`.execute(db);

  await db.schema
    .createTable("entry_questions")
    .addColumn("entry_id", "bigint", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("question_version_id", "integer", (c) => c.notNull().references("question_versions.id"))
    // display index -> index in the version's options
    .addColumn("option_order", sql`smallint[]`, (c) => c.notNull())
    .addPrimaryKeyConstraint("entry_questions_pk", ["entry_id", "position"])
    .execute();

  await db.schema
    .createTable("entry_answers")
    .addColumn("entry_id", "bigint", (c) => c.notNull().references("entries.id").onDelete("cascade"))
    .addColumn("position", "integer", (c) => c.notNull())
    // indices in the version's options (not display indices)
    .addColumn("chosen", sql`smallint[]`, (c) => c.notNull())
    // client-side ordering stamp: a late-arriving older save never overwrites a newer one
    .addColumn("revision", "bigint", (c) => c.notNull())
    .addColumn("saved_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("is_correct", "boolean")
    .addPrimaryKeyConstraint("entry_answers_pk", ["entry_id", "position"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "entry_answers",
    "entry_questions",
    "entries",
    "rounds",
    "contests",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable("questions").dropConstraint("questions_current_version_fk").execute();
  for (const table of ["question_versions", "questions", "question_banks", "users", "units"]) {
    await db.schema.dropTable(table).execute();
  }
}
