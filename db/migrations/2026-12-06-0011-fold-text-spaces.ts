import { sql, type Kysely } from "kysely";

// fold_text (migration 0005) meant to collapse white space with '\s+', but written inside a
// JavaScript template string that became 's+': every "s" turned into a space, so "Sơn" folded to
// "on" and a name search for "son" or "thi sinh" found nobody. The same function, with the class
// spelled without a backslash; the index built on it is rebuilt.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function fold_text(t text) returns text language sql immutable parallel safe as $$
      select btrim(regexp_replace(lower(regexp_replace(translate(normalize(t, NFD), 'đĐ', 'dD'), '[' || chr(768) || '-' || chr(879) || ']', '', 'g')), '[[:space:]]+', ' ', 'g'))
    $$`.execute(db);
  await sql`reindex index users_name_fold_trgm`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function fold_text(t text) returns text language sql immutable parallel safe as $$
      select btrim(regexp_replace(lower(regexp_replace(translate(normalize(t, NFD), 'đĐ', 'dD'), '[' || chr(768) || '-' || chr(879) || ']', '', 'g')), 's+', ' ', 'g'))
    $$`.execute(db);
  await sql`reindex index users_name_fold_trgm`.execute(db);
}
