import { sql, type Kysely } from "kysely";

// The question list's search matches whole words and ranks by relevance, the stem before the
// rest (docs/decisions/0005). The folded search text's words, with their positions, are kept in a
// tsvector beside it: whole-word and phrase tests then read the stored words through a GIN index
// instead of running a regular expression over every question's text. The stem, folded, gets a
// column and a tsvector of its own for the ranking. The 'simple' configuration keeps every word as
// written (no stemming, no stop words: "của" counts). The trigram index served substring (LIKE)
// search only, which is gone.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  const words = (column: string) => sql.raw(`to_tsvector('simple', regexp_replace(${column}, '[^[:alnum:]]+', ' ', 'g'))`);
  await sql`alter table questions add column search_stem text not null default ''`.execute(db);
  // fold_text (migration 0005) folds as the app's foldText does.
  await sql`update questions set search_stem = fold_text(v.stem) from question_versions v where v.id = questions.current_version_id`.execute(db);
  await sql`alter table questions add column search_words tsvector generated always as (${words("search_text")}) stored`.execute(db);
  await sql`alter table questions add column stem_words tsvector generated always as (${words("search_stem")}) stored`.execute(db);
  await sql`create index questions_search_words on questions using gin (search_words)`.execute(db);
  await sql`drop index if exists questions_search_trgm`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists questions_search_trgm on questions using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`drop index if exists questions_search_words`.execute(db);
  await sql`alter table questions drop column if exists stem_words, drop column if exists search_words, drop column if exists search_stem`.execute(db);
}
