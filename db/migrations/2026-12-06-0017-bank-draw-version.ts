import { sql, type Kysely } from "kysely";

// Starting an entry draws from per-process lists of each bank's approved questions
// (app/entries/candidates.server.ts). Each bank carries a version that moves, in the same
// transaction, with every change of which questions (and which of their versions) a draw may
// take: the start reads it with the round and reloads its list when it moved, so a question
// retired, returned to draft or edited is never drawn once that change is committed, in any
// process, and a newly approved one is drawable at once. Versions come from one sequence, so a
// bank made again under a reused id (a reset database) never shows a version seen before.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence question_draw_versions`.execute(db);
  await sql`alter table question_banks add column draw_version bigint not null default nextval('question_draw_versions')`.execute(db);
  await sql`
    create function bump_bank_draw_version() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        update question_banks set draw_version = nextval('question_draw_versions') where id = old.bank_id;
      end if;
      if tg_op <> 'DELETE' and (tg_op = 'INSERT' or new.bank_id <> old.bank_id) then
        update question_banks set draw_version = nextval('question_draw_versions') where id = new.bank_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger questions_draw_version_insert_delete after insert or delete on questions for each row execute function bump_bank_draw_version()`.execute(db);
  // Only what a draw reads: the search columns and timestamps change without invalidating anything.
  await sql`
    create trigger questions_draw_version_update after update of status, current_version_id, topic, bank_id on questions for each row
    when (old.status is distinct from new.status or old.current_version_id is distinct from new.current_version_id
          or old.topic is distinct from new.topic or old.bank_id is distinct from new.bank_id)
    execute function bump_bank_draw_version()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger questions_draw_version_update on questions`.execute(db);
  await sql`drop trigger questions_draw_version_insert_delete on questions`.execute(db);
  await sql`drop function bump_bank_draw_version()`.execute(db);
  await sql`alter table question_banks drop column draw_version`.execute(db);
  await sql`drop sequence question_draw_versions`.execute(db);
}
