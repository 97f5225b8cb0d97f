import { sql, type Kysely } from "kysely";

// Accounts you can trust: server-side sessions (the cookie carries a random token whose hash is
// kept here, so logout and a password change really end a login), counters that throttle
// logins, registrations and reset requests across processes and restarts, one-time password
// reset tokens, and the audit log of what happens to accounts.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    // sha256 of the cookie's token: a copy of this table does not give anyone a live login.
    .addColumn("token_hash", "bytea", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("last_seen_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .execute();
  await sql`create index sessions_by_user on sessions (user_id, last_seen_at desc)`.execute(db);
  await sql`create index sessions_expiry on sessions (expires_at)`.execute(db);

  await db.schema
    .createTable("rate_limits")
    // "login-pair:<login>|<address>", "login-account:<login>", "login-address:<address>", "register:<address>"…
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("window_started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("blocked_until", "timestamptz")
    .execute();
  await sql`create index rate_limits_window on rate_limits (window_started_at)`.execute(db);

  await db.schema
    .createTable("password_resets")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("token_hash", "bytea", (c) => c.notNull().unique())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // 'email': the link a person asked for; 'code': a one-time code an organizer or admin issued.
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('email', 'code')`))
    .addColumn("issued_by", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("expires_at", "timestamptz", (c) => c.notNull())
    .addColumn("used_at", "timestamptz")
    .execute();
  await sql`create index password_resets_by_user on password_resets (user_id, created_at desc)`.execute(db);

  await db.schema
    .createTable("account_events")
    .addColumn("id", "bigserial", (c) => c.primaryKey())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("kind", "text", (c) => c.notNull())
    // Who did it (null: nobody logged in) and to whom (null: no account, e.g. a failed login for an unknown name).
    .addColumn("actor_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    .addColumn("subject_id", "integer", (c) => c.references("users.id").onDelete("set null"))
    // The login name typed, for failed logins and reset requests that match no account.
    .addColumn("login", "text")
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`create index account_events_at on account_events (at desc)`.execute(db);
  await sql`create index account_events_subject on account_events (subject_id, at desc)`.execute(db);
  await sql`create index account_events_actor on account_events (actor_id, at desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["account_events", "password_resets", "rate_limits", "sessions"]) await db.schema.dropTable(table).execute();
}
