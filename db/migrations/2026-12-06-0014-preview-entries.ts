import { sql, type Kysely } from "kysely";

// Organizers take a whole entry as a contestant would, to try a round before (or while) it runs
// (docs/decisions/0010). Such an entry is a row of `entries` like any other — same draw, timer,
// answer save and scoring — marked `practice`, and every read that counts entries leaves it out.
// A practice entry and a real one of the same person and round live side by side: each kind has its
// own attempt numbers and its own "one in progress".
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table entries add column practice boolean not null default false`.execute(db);
  await sql`alter table entries drop constraint entries_attempt_unique`.execute(db);
  await sql`alter table entries add constraint entries_attempt_unique unique (round_id, user_id, practice, attempt_no)`.execute(db);
  await sql`drop index entries_one_in_progress`.execute(db);
  await sql`create unique index entries_one_in_progress on entries (round_id, user_id, practice) where status = 'in_progress'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from entries where practice`.execute(db);
  await sql`drop index entries_one_in_progress`.execute(db);
  await sql`create unique index entries_one_in_progress on entries (round_id, user_id) where status = 'in_progress'`.execute(db);
  await sql`alter table entries drop constraint entries_attempt_unique`.execute(db);
  await sql`alter table entries add constraint entries_attempt_unique unique (round_id, user_id, attempt_no)`.execute(db);
  await sql`alter table entries drop column practice`.execute(db);
}
