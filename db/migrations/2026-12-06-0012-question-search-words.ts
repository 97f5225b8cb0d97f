import { sql, type Kysely } from "kysely";

// The question list's search matches whole words and ranks by relevance (the phrase first). The
// folded search text's words, with their positions, are kept in a tsvector beside it: whole-word
// and phrase tests then read the stored words through a GIN index instead of running a regular
// expression over every question's text (about ten times faster on 50,000 questions). The
// 'simple' configuration keeps every word as written (no stemming, no stop words: "của" counts).
// The trigram index served substring (LIKE) search only, which is gone.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table questions add column search_words tsvector
    generated always as (to_tsvector('simple', regexp_replace(search_text, '[^[:alnum:]]+', ' ', 'g'))) stored`.execute(db);
  await sql`create index questions_search_words on questions using gin (search_words)`.execute(db);
  await sql`drop index if exists questions_search_trgm`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index if not exists questions_search_trgm on questions using gin (search_text gin_trgm_ops)`.execute(db);
  await sql`drop index if exists questions_search_words`.execute(db);
  await sql`alter table questions drop column if exists search_words`.execute(db);
}
