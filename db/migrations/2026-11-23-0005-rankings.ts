import { sql, type Kysely } from "kysely";

// Rankings kept up to date as entries are finalised, instead of recomputed per request:
// - round_results / contest_results: each person's counted result, read in rank order through an index;
// - round_rank_buckets / contest_rank_buckets: how many people sit in each (score, tie bucket), so a
//   person's rank far down a million-row board is a small sum plus a short index count;
// - unit_round_stats / unit_contest_stats: per DIRECT unit (never per ancestor: the province row
//   would be a lock every submission waits on), rolled up over subtrees when read;
// - round_entry_hours: finalised entries per hour and unit, for the entries-over-time chart.
// group_id 0 stands for "no group". Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  // The same folding as app/text/normalize.ts foldText: no diacritics, đ → d, lower case, single spaces.
  await sql`
    create function fold_text(t text) returns text language sql immutable parallel safe as $$
      select btrim(regexp_replace(lower(regexp_replace(translate(normalize(t, NFD), 'đĐ', 'dD'), '[' || chr(768) || '-' || chr(879) || ']', '', 'g')), '\s+', ' ', 'g'))
    $$`.execute(db);
  // A coarse key that never breaks the rank order after the score: exact prediction (distance 0,
  // or not yet known) first, by 2-second steps of time taken; then farther predictions by
  // 1/64 steps of log2(distance). Within one (score, bucket) the exact order is read from the
  // index. Finer steps make that count shorter but the running sum over the buckets longer; these
  // keep both to a few thousand rows on a million-row round (scripts/bench-rankings.ts).
  await sql`
    create function ranking_bucket(distance bigint, duration_ms bigint) returns integer language sql immutable parallel safe as $$
      select case when distance <= 0 then least(duration_ms / 2000, 999999)::integer
                  else 1000000 + floor(64 * ln(distance::float8) / ln(2::float8))::integer end
    $$`.execute(db);

  await db.schema
    .createTable("round_results")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    .addColumn("group_id", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("entry_id", "bigint", (c) => c.notNull())
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("duration_ms", "integer", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz", (c) => c.notNull())
    .addColumn("prediction", "integer")
    // Ordering key: 0 until the round's true value is known; then |prediction − truth|, or
    // 1,000,000,000 without a prediction (farther than any guess: predictions are capped at 1e8).
    .addColumn("distance", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("entries", "integer", (c) => c.notNull())
    .addColumn("full_score", "boolean", (c) => c.notNull())
    .addColumn("bucket", "integer", (c) => c.generatedAlwaysAs(sql`ranking_bucket(distance, duration_ms)`).stored())
    .addPrimaryKeyConstraint("round_results_pk", ["round_id", "user_id"])
    .execute();
  await sql`create index round_results_order on round_results (round_id, score desc, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);
  await sql`create index round_results_group_order on round_results (round_id, group_id, score desc, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);
  // Covering: a unit subtree's page is read from this index alone, then 50 rows from the table.
  await sql`create index round_results_unit on round_results (round_id, unit_id) include (group_id, score, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);
  await sql`create index round_results_contest_user on round_results (contest_id, user_id)`.execute(db);

  await db.schema
    .createTable("contest_results")
    .addColumn("contest_id", "integer", (c) => c.notNull().references("contests.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("group_id", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("score", "integer", (c) => c.notNull())
    .addColumn("distance", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("duration_ms", "bigint", (c) => c.notNull())
    .addColumn("finished_at", "timestamptz", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull())
    .addColumn("rounds", "integer", (c) => c.notNull())
    .addColumn("full_scores", "integer", (c) => c.notNull())
    .addColumn("known_rounds", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("bucket", "integer", (c) => c.generatedAlwaysAs(sql`ranking_bucket(distance, duration_ms)`).stored())
    .addPrimaryKeyConstraint("contest_results_pk", ["contest_id", "user_id"])
    .execute();
  await sql`create index contest_results_order on contest_results (contest_id, score desc, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);
  await sql`create index contest_results_group_order on contest_results (contest_id, group_id, score desc, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);
  await sql`create index contest_results_unit on contest_results (contest_id, unit_id) include (group_id, score, bucket, distance, duration_ms, finished_at, user_id)`.execute(db);

  for (const [table, scope, references] of [
    ["round_rank_buckets", "round_id", "rounds.id"],
    ["contest_rank_buckets", "contest_id", "contests.id"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(scope, "integer", (c) => c.notNull().references(references).onDelete("cascade"))
      .addColumn("group_id", "integer", (c) => c.notNull())
      .addColumn("score", "integer", (c) => c.notNull())
      .addColumn("bucket", "integer", (c) => c.notNull())
      .addColumn("people", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [scope, "group_id", "score", "bucket"])
      .execute();
  }
  for (const [table, scope, references] of [
    ["unit_round_stats", "round_id", "rounds.id"],
    ["unit_contest_stats", "contest_id", "contests.id"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn(scope, "integer", (c) => c.notNull().references(references).onDelete("cascade"))
      .addColumn("group_id", "integer", (c) => c.notNull())
      .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
      .addColumn("participants", "integer", (c) => c.notNull())
      .addColumn("entries", "integer", (c) => c.notNull())
      .addColumn("score_sum", "bigint", (c) => c.notNull())
      .addColumn("full_scores", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, [scope, "group_id", "unit_id"])
      .execute();
  }
  await db.schema
    .createTable("round_entry_hours")
    .addColumn("round_id", "integer", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("group_id", "integer", (c) => c.notNull())
    .addColumn("unit_id", "integer", (c) => c.notNull().references("units.id"))
    .addColumn("hour_start", "timestamptz", (c) => c.notNull())
    .addColumn("entries", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("round_entry_hours_pk", ["round_id", "group_id", "unit_id", "hour_start"])
    .execute();

  // Name search on the boards, diacritics-insensitive.
  await sql`create index users_name_fold_trgm on users using gin (fold_text(full_name) gin_trgm_ops)`.execute(db);

  // Entries finalised before this migration: the same rule as rebuildRankings, frozen here.
  await sql`
    insert into round_results (round_id, user_id, contest_id, group_id, unit_id, entry_id, score, duration_ms, finished_at, prediction, distance, entries, full_score)
    select distinct on (e.round_id, e.user_id) e.round_id, e.user_id, r.contest_id, coalesce(e.group_id, 0), u.unit_id, e.id, e.score, e.duration_ms, e.finished_at, e.prediction,
      case when r.prediction_value is null then 0 when e.prediction is null then 1000000000 else abs(e.prediction::bigint - r.prediction_value) end,
      count(*) over (partition by e.round_id, e.user_id), e.correct_count = e.question_count
    from entries e join rounds r on r.id = e.round_id join users u on u.id = e.user_id
    where e.status <> 'in_progress'
    order by e.round_id, e.user_id, e.score desc, e.finished_at asc, e.id asc`.execute(db);
  await sql`
    insert into unit_round_stats (round_id, group_id, unit_id, participants, entries, score_sum, full_scores)
    select round_id, group_id, unit_id, count(*), sum(entries), sum(score), count(*) filter (where full_score) from round_results group by 1, 2, 3`.execute(db);
  await sql`insert into round_rank_buckets (round_id, group_id, score, bucket, people) select round_id, group_id, score, bucket, count(*) from round_results group by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into round_entry_hours (round_id, group_id, unit_id, hour_start, entries)
    select e.round_id, coalesce(e.group_id, 0), u.unit_id, date_trunc('hour', e.finished_at, 'UTC'), count(*)
    from entries e join users u on u.id = e.user_id where e.status <> 'in_progress' group by 1, 2, 3, 4`.execute(db);
  await sql`
    insert into contest_results (contest_id, user_id, group_id, unit_id, score, distance, duration_ms, finished_at, entries, rounds, full_scores, known_rounds)
    select rr.contest_id, rr.user_id, max(rr.group_id), u.unit_id, sum(rr.score), sum(rr.distance), sum(rr.duration_ms), max(rr.finished_at), sum(rr.entries), count(*),
      count(*) filter (where rr.full_score), count(*) filter (where r.prediction_value is not null)
    from round_results rr join users u on u.id = rr.user_id join rounds r on r.id = rr.round_id
    group by rr.contest_id, rr.user_id, u.unit_id`.execute(db);
  await sql`
    insert into unit_contest_stats (contest_id, group_id, unit_id, participants, entries, score_sum, full_scores)
    select contest_id, group_id, unit_id, count(*), sum(entries), sum(score), sum(full_scores) from contest_results group by 1, 2, 3`.execute(db);
  await sql`insert into contest_rank_buckets (contest_id, group_id, score, bucket, people) select contest_id, group_id, score, bucket, count(*) from contest_results group by 1, 2, 3, 4`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists users_name_fold_trgm`.execute(db);
  for (const table of ["round_entry_hours", "unit_contest_stats", "unit_round_stats", "contest_rank_buckets", "round_rank_buckets", "contest_results", "round_results"]) {
    await db.schema.dropTable(table).execute();
  }
  await sql`drop function ranking_bucket(bigint, bigint)`.execute(db);
  await sql`drop function fold_text(text)`.execute(db);
}
