// npm run bench:rankings — fills a scratch database with one round of 1,000,000 finalised results
// over 2,000 units (province → departments and communes → sub-units), then measures the ranking
// reads the pages make: the top 50 with one person's own rank, a page filtered to a unit subtree,
// and the full unit table with roll-ups. Prints p50/p95 per query and the plans (EXPLAIN ANALYZE,
// BUFFERS) of the statements each read runs. A benchmark, not a test: it asserts nothing.
// Then it closes the round (the prediction's true value reaches every result) while a second
// round of the contest stays open and takes finalisations, and prints how long the close took and
// how long each of those finalisations waited.
//   --people=N (default 1,000,000), --runs=N (default 50), --keep (keep the filled database and reuse it next time)
//   --close-only: skip the read measurements (the close and the finalisations during it only)
//   --close=one-transaction: close the round the way it was done before batches (one transaction
//   for everything; kept here only to measure the two back to back on the same database)
import { performance } from "node:perf_hooks";
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import { migrateToLatest } from "../db/migrate";
import type { Database } from "../app/database/schema";
import { NO_PREDICTION_DISTANCE } from "../app/rankings/ranking";
import { TRUTH_BATCH_SIZE, rebuildRankings, recordFinalisedEntries, settleRoundTruth } from "../app/rankings/maintenance.server";
import { allUnitRows, personRank, personRanking, type RankingScope } from "../app/rankings/rankings.server";
import { createClosedBenchContest, fillBenchUnitTree, openBenchDatabase } from "./bench/bench-contest";

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const PEOPLE = Number(arg("people") ?? 1_000_000);
const RUNS = Number(arg("runs") ?? 50);
const KEEP = process.argv.includes("--keep");
const CLOSE = arg("close") ?? "batched";
const READS = !process.argv.includes("--close-only");
const DATABASE = "bench_rankings";

// Statements run while `capturing` is set, to EXPLAIN them afterwards.
let capturing: CompiledQuery[] | null = null;

async function main() {
  const { serverUrl, databaseUrl, embedded } = await openBenchDatabase(DATABASE, { keep: KEEP, embeddedDir: ".data/bench-rankings-postgres", embeddedPort: 54369 });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (capturing && event.level === "query") capturing.push(event.query);
    },
  });
  try {
    await migrateToLatest(db);
    const filled = await db.selectFrom("rounds").select("id").executeTakeFirst();
    if (!filled) await fill(db);
    const round = await db.selectFrom("rounds").select(["id", "contest_id", "prediction_value", "truth_pending_after"]).where("number", "=", 1).executeTakeFirstOrThrow();
    if (round.prediction_value !== null || round.truth_pending_after !== null) {
      // A kept database left closed by an earlier run: open it again (provisional ranking), in batches.
      const started = performance.now();
      await db.updateTable("rounds").set({ prediction_value: null, truth_pending_after: 0 }).where("id", "=", round.id).execute();
      await settleRoundTruth(db, round.id);
      console.log(`Round opened again (distances taken out, in batches): ${((performance.now() - started) / 1000).toFixed(1)} s`);
      await sql`vacuum analyze`.execute(db);
    }
    const otherRoundId = await openOtherRound(db, round.contest_id);
    const scope: RankingScope = { kind: "round", roundId: round.id };
    const { n } = await db.selectFrom("round_results").select((eb) => eb.fn.countAll<string>().as("n")).where("round_id", "=", round.id).executeTakeFirstOrThrow();
    console.log(`Round ${round.id}: ${Number(n).toLocaleString("en")} finalised results.\n`);

    if (READS) await measureAll(db, scope, "live round (prediction value not known yet)");
    // Finalisations in the contest's other open round, one after another for as long as the close runs.
    let closing = true;
    const waits: number[] = [];
    const finalising = (async () => {
      const { max } = await db.selectFrom("users").select((eb) => eb.fn.max("id").as("max")).executeTakeFirstOrThrow();
      for (let i = 1; closing; i++) {
        const userId = 1 + ((i * 7919 + 13) % Number(max));
        const started = performance.now();
        await db.transaction().execute(async (trx) => {
          const { id } = await sql<{ id: string }>`
            insert into entries (round_id, user_id, attempt_no, status, started_at, deadline, finished_at, question_count, score, correct_count, duration_ms, prediction)
            select ${otherRoundId}, ${userId}, coalesce(max(attempt_no), 0) + 1, 'submitted', now() - interval '5 minutes', now() + interval '5 minutes', now(), 20, 80, 16, 300000, 1000
            from entries where round_id = ${otherRoundId} and user_id = ${userId} and not practice
            returning id`.execute(trx).then((r) => r.rows[0]);
          await recordFinalisedEntries(trx, [id]);
        });
        waits.push(performance.now() - started);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = waits.length;
    const started = performance.now();
    if (CLOSE === "one-transaction") {
      await db.updateTable("rounds").set({ prediction_value: 1_100_000 }).where("id", "=", round.id).execute();
      await db.transaction().execute((trx) => closeInOneTransaction(trx, round.id));
    } else {
      await db.updateTable("rounds").set({ prediction_value: 1_100_000, truth_pending_after: 0 }).where("id", "=", round.id).execute();
      await settleRoundTruth(db, round.id);
    }
    const closeSeconds = (performance.now() - started) / 1000;
    closing = false;
    await finalising;
    const during = waits.slice(before).sort((a, b) => a - b);
    const at = (p: number) => (during.length ? during[Math.min(during.length - 1, Math.floor(p * during.length))].toFixed(1) : "-");
    console.log(
      `\nClose step, ${CLOSE === "one-transaction" ? "one transaction" : `batches of ${TRUTH_BATCH_SIZE.toLocaleString("en")}`} (distance for every result, rank buckets, contest totals): ${closeSeconds.toFixed(1)} s`,
    );
    console.log(`Finalisations in the contest's other open round during the close: ${during.length}, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    if (READS) {
      await sql`vacuum analyze`.execute(db);
      await measureAll(db, scope, "closed round (ranked by prediction distance too)");
      await measureAll(db, { kind: "contest", contestId: round.contest_id }, "contest total", false);
    }
  } finally {
    await db.destroy();
    if (!KEEP) {
      // A million people take a gigabyte or so: leave nothing behind unless asked to.
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${DATABASE} with (force)`);
      await cleanup.end();
    }
    await embedded?.stop();
  }
}

/** The contest's second round, open now: the close of the first must not hold up its finalisations. */
async function openOtherRound(db: Kysely<Database>, contestId: number): Promise<number> {
  const existing = await db.selectFrom("rounds").select("id").where("contest_id", "=", contestId).where("number", "=", 2).executeTakeFirst();
  if (existing) return existing.id;
  const first = await db.selectFrom("rounds").selectAll().where("contest_id", "=", contestId).where("number", "=", 1).executeTakeFirstOrThrow();
  const { id } = await db
    .insertInto("rounds")
    .values({
      contest_id: contestId,
      number: 2,
      title: "Tuần 2",
      opens_at: new Date(Date.now() - 3_600_000),
      closes_at: new Date(Date.now() + 7 * 86_400_000),
      time_limit_seconds: first.time_limit_seconds,
      bank_id: null,
      question_count: 20,
      blueprint: "[]",
      points_per_question: 5,
      max_entries: 1000,
      prediction_rule: "entries",
      prediction_prompt: first.prediction_prompt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * The close as it was before batches (maintenance.server.ts up to issue 15): every result's
 * distance, the round's buckets rebuilt, the contest totals and their buckets, in one transaction.
 */
async function closeInOneTransaction(trx: Kysely<Database>, roundId: number) {
  const round = await trx.selectFrom("rounds").select(["contest_id", "prediction_value"]).where("id", "=", roundId).executeTakeFirstOrThrow();
  await sql`
    update round_results set distance = case when prediction is null then ${sql.lit(NO_PREDICTION_DISTANCE)} else abs(prediction::bigint - ${round.prediction_value}) end
    where round_id = ${roundId}`.execute(trx);
  const rebuild = async (table: string, results: string, column: string, id: number) => {
    await sql`select 1 from ${sql.table(table)} where ${sql.ref(column)} = ${id} order by ${sql.ref(column)}, group_id, score, bucket for update`.execute(trx);
    await sql`delete from ${sql.table(table)} where ${sql.ref(column)} = ${id}`.execute(trx);
    await sql`
      insert into ${sql.table(table)} (${sql.ref(column)}, group_id, score, bucket, people)
      select ${sql.ref(column)}, group_id, score, bucket, count(*) from ${sql.table(results)} where ${sql.ref(column)} = ${id}
      group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(trx);
  };
  await rebuild("round_rank_buckets", "round_results", "round_id", roundId);
  await sql`
    update contest_results c set distance = s.distance, known_rounds = s.known_rounds
    from (select rr.contest_id, rr.user_id, sum(rr.distance) as distance, (count(*) filter (where r.prediction_value is not null))::int as known_rounds
          from round_results rr join rounds r on r.id = rr.round_id
          where rr.contest_id = ${round.contest_id} and rr.user_id in (select user_id from round_results where round_id = ${roundId})
          group by rr.contest_id, rr.user_id) s
    where c.contest_id = s.contest_id and c.user_id = s.user_id and (c.distance, c.known_rounds) is distinct from (s.distance, s.known_rounds)`.execute(trx);
  await rebuild("contest_rank_buckets", "contest_results", "contest_id", round.contest_id);
}

async function fill(db: Kysely<Database>) {
  console.log(`Filling 2,000 units, ${PEOPLE.toLocaleString("en")} people and their entries…`);
  const started = performance.now();
  // The tree: the province (1); 80 departments (2–81) and 120 communes (82–201); 1,799 sub-units.
  await fillBenchUnitTree(db, { provinceName: "Tỉnh Bến Tre", departments: 80, communes: 120, total: 2000 });
  const { contestId, groupId, roundId } = await createClosedBenchContest(db, "Cuộc thi đo tốc độ");
  // People: every unit but one in forty has staff; the name index is built after the load.
  await sql`drop index users_name_fold_trgm`.execute(db);
  await sql`
    insert into users (full_name, phone, password_hash, unit_id)
    select (array['Nguyễn','Trần','Lê','Phạm','Hoàng','Huỳnh','Phan','Vũ','Võ','Đặng','Bùi','Đỗ','Hồ','Ngô','Dương','Lý'])[1 + i % 16] || ' ' ||
           (array['Văn','Thị','Minh','Hữu','Đức','Thanh','Ngọc','Quốc','Thu','Hoài'])[1 + (i / 16) % 10] || ' ' ||
           (array['An','Bình','Châu','Dũng','Giang','Hà','Hải','Khoa','Lan','Long','Mai','Nam','Phúc','Quân','Sơn','Tâm','Thảo','Trang','Tuấn','Yến'])[1 + (i / 160) % 20] || ' ' || i,
           '09' || lpad(i::text, 8, '0'), 'x',
           case when (1 + (i::bigint * 7919) % 2000) % 40 = 0 then (i::bigint * 7919) % 2000 else 1 + (i::bigint * 7919) % 2000 end
    from generate_series(1, ${PEOPLE}) i`.execute(db);
  await sql`update units set headcount = ceil(c.n * (1.1 + (units.id % 10) / 10.0)) from (select unit_id, count(*) n from users group by unit_id) c where c.unit_id = units.id`.execute(db);
  await sql`update units set headcount = 25 where id % 40 = 0`.execute(db);
  await sql`create index users_name_fold_trgm on users using gin (fold_text(full_name) gin_trgm_ops)`.execute(db);
  console.log(`  units and people: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  // One entry each, a second one for every tenth person; scores lean high (many full marks),
  // times between 1 and 15 minutes, submissions over a week.
  await sql`
    insert into entries (round_id, user_id, attempt_no, status, started_at, deadline, finished_at, question_count, score, correct_count, duration_ms, group_id, prediction)
    select ${roundId}, u.id, a.n, 'submitted', f - make_interval(secs => d / 1000.0), f + interval '10 minutes', f, 20, 5 * c, c, d, ${groupId},
           case when u.id % 7 = 0 then null else 500000 + (hashint4(u.id * 3 + a.n) & 1048575) end
    from users u
    cross join lateral generate_series(1, case when u.id % 10 = 0 then 2 else 1 end) a(n)
    cross join lateral (select least(20, 8 + (abs(hashint4(u.id * 31 + a.n)) % 9) + (abs(hashint4(u.id * 17 + a.n)) % 7)) as c,
                               60000 + abs(hashint4(u.id * 13 + a.n)) % 840000 as d,
                               now() - interval '8 days' + make_interval(secs => abs(hashint4(u.id * 11 + a.n)) % (7 * 86400)) as f) x`.execute(db);
  console.log(`  entries: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await rebuildRankings(db, { contestId });
  console.log(`  rankings rebuilt from entries: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await sql`vacuum analyze`.execute(db);
  console.log(`Filled in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
}

async function measureAll(db: Kysely<Database>, scope: RankingScope, title: string, withUnits = true) {
  const t = scope.kind === "round" ? { table: "round_results", column: "round_id", id: scope.roundId } : { table: "contest_results", column: "contest_id", id: scope.contestId };
  // People to look up: half anywhere, half among the last thousand of the board.
  const bottom = await sql<{ user_id: number }>`
    select user_id from ${sql.table(t.table)} where ${sql.ref(t.column)} = ${t.id}
    order by score, bucket desc, distance desc, duration_ms desc limit 1000`.execute(db);
  const { rows: anyone } = await sql<{ user_id: number }>`
    select user_id from ${sql.table(t.table)} tablesample system (1) where ${sql.ref(t.column)} = ${t.id} limit 1000`.execute(db);
  const departments = await sql<{ path: string; name: string }>`select path, name from units where depth = 1 and kind = 'department' order by id`.execute(db);
  const communes = await sql<{ path: string; name: string }>`select path, name from units where depth = 1 and kind = 'commune' order by id`.execute(db);
  const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length];

  console.log(`\n=== ${title} ===`);
  console.log("read".padEnd(62), "p50 ms".padStart(8), "p95 ms".padStart(8));
  const cases: [string, (i: number) => Promise<unknown>][] = [
    [
      "top 50 + one person's own rank (half near the bottom)",
      async (i) => {
        const userId = i % 2 === 0 ? pick(bottom.rows, i).user_id : pick(anyone, i).user_id;
        const [page, mine] = await Promise.all([personRanking(db, { scope, limit: 50 }), personRank(db, { scope, userId })]);
        if (page.rows.length !== 50 || !mine) throw new Error("unexpected empty result");
      },
    ],
    ["own rank only, near the bottom", (i) => personRank(db, { scope, userId: pick(bottom.rows, i).user_id })],
    ["subtree page: a department (top 50 of its subtree)", (i) => personRanking(db, { scope, unitPath: pick(departments.rows, i).path, limit: 50 })],
    ["subtree page: a commune (top 50 of its subtree)", (i) => personRanking(db, { scope, unitPath: pick(communes.rows, i).path, limit: 50 })],
    ["page 20 of the board (offset 950)", () => personRanking(db, { scope, limit: 50, offset: 950 })],
    ["name search 'nguyen van an 1' (diacritics-insensitive)", () => personRanking(db, { scope, search: "nguyen van an 1", limit: 50 })],
  ];
  if (withUnits) cases.push(["full unit table with roll-ups (2,000 units)", () => allUnitRows(db, { scope })]);
  for (const [label, run] of cases) {
    await run(0); // warm
    const times: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const started = performance.now();
      await run(i);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
    console.log(label.padEnd(62), at(0.5).padStart(8), at(0.95).padStart(8));
  }

  // The plans of every statement behind the three measured reads.
  const explained: [string, () => Promise<unknown>][] = [
    ["top 50", () => personRanking(db, { scope, limit: 50 })],
    ["own rank near the bottom", () => personRank(db, { scope, userId: bottom.rows[0].user_id })],
    ["subtree page: " + departments.rows[0].name, () => personRanking(db, { scope, unitPath: departments.rows[0].path, limit: 50 })],
    ["subtree page: " + communes.rows[0].name, () => personRanking(db, { scope, unitPath: communes.rows[0].path, limit: 50 })],
  ];
  if (withUnits) explained.push(["full unit table", () => allUnitRows(db, { scope })]);
  for (const [label, run] of explained) {
    capturing = [];
    await run();
    const queries = capturing;
    capturing = null;
    console.log(`\n--- plans: ${label} ---`);
    for (const query of queries) {
      const plan = await sql.raw<{ "QUERY PLAN": string }>(`explain (analyze, buffers, costs off) ${inline(query.sql, query.parameters)}`).execute(db);
      console.log(`> ${query.sql.replace(/\s+/g, " ").slice(0, 160)}`);
      for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);
    }
  }
}

/** Inlines parameters for EXPLAIN (bench only; values come from this script and the database). */
function inline(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const value = parameters[Number(n) - 1];
    if (typeof value === "number") return String(value);
    if (value instanceof Date) return `'${value.toISOString()}'`;
    if (Array.isArray(value)) return `'{${value.join(",")}}'`;
    return `'${String(value).replace(/'/g, "''")}'`;
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
