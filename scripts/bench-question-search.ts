// npm run bench:search — fills a scratch database with tens of thousands of questions and
// measures the organizers' question list: search (diacritics-insensitive) and filters.
// Prints p50/p95 per query and the plans. A benchmark, not a test: it asserts nothing.
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import pg from "pg";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../db/postgres";
import { migrateToLatest } from "../db/migrate";
import { loadBanks } from "../app/banks/load-banks.server";
import { contentFromFile } from "../app/banks/import-banks.server";
import { createDatabase } from "../app/database/connection.server";
import { contentHash } from "../app/questions/question-content";
import { listQuestions, orderedQuestionList, type QuestionFilters } from "../app/questions/questions.server";
import { questionSearchText } from "../app/questions/search-text";
import { foldText } from "../app/text/normalize";

const TOTAL = Number(process.argv.find((a) => a.startsWith("--questions="))?.split("=")[1] ?? 50_000);
const RUNS = 30;

async function main() {
  let embedded: RunningPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres(path.resolve(".data/bench-postgres"), 54349);
    serverUrl = embedded.serverUrl;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query("drop database if exists bench_question_search with (force)");
  await admin.end();
  await ensureDatabase(serverUrl, "bench_question_search");
  const db = createDatabase(withDatabase(serverUrl, "bench_question_search"));
  try {
    await migrateToLatest(db);
    const { id: bankId } = await db.insertInto("question_banks").values({ key: "bench", title: "Bench" }).returning("id").executeTakeFirstOrThrow();
    const shipped = loadBanks(path.resolve("question-banks")).banks.flatMap((b) => b.questions);
    console.log(`Filling ${TOTAL.toLocaleString("en")} questions (variants of the ${shipped.length} shipped ones)…`);
    const statuses = ["approved", "approved", "approved", "draft", "in_review", "retired"] as const;
    const started = performance.now();
    for (let offset = 0; offset < TOTAL; offset += 1000) {
      await db.transaction().execute(async (trx) => {
        const batch = Array.from({ length: Math.min(1000, TOTAL - offset) }, (_, i) => {
          const n = offset + i;
          const source = contentFromFile(shipped[n % shipped.length]);
          const content = { ...source, key: `q-${n}`, stem: `${source.stem} (biến thể ${n})` };
          return { n, content };
        });
        const questions = await trx
          .insertInto("questions")
          .values(batch.map(({ n, content }) => ({ bank_id: bankId, key: content.key, topic: content.topic, status: statuses[n % statuses.length], search_text: questionSearchText(content), search_stem: foldText(content.stem) })))
          .returning(["id", "key"])
          .execute();
        const idByKey = new Map(questions.map((q) => [q.key, q.id]));
        const versions = await trx
          .insertInto("question_versions")
          .values(
            batch.map(({ content }) => ({
              question_id: idByKey.get(content.key)!,
              version_no: 1,
              type: content.type,
              difficulty: content.difficulty,
              stem: content.stem,
              options: JSON.stringify(content.options),
              correct: JSON.stringify(content.correct),
              explanation: content.explanation,
              basis: JSON.stringify(content.basis),
              tags: content.tags,
              content_hash: contentHash(content),
            })),
          )
          .returning(["id", "question_id"])
          .execute();
        for (const v of versions) await trx.updateTable("questions").set({ current_version_id: v.id }).where("id", "=", v.question_id).execute();
      });
    }
    await sql`analyze`.execute(db);
    console.log(`Filled in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);

    const cases: [string, QuestionFilters][] = [
      ["search 'thu tuc mot cua' (no diacritics)", { query: "thu tuc mot cua" }],
      ["search 'Thủ tục hành chính' (with diacritics)", { query: "Thủ tục hành chính" }],
      ["search '76/NQ-CP'", { query: "76/NQ-CP" }],
      ["search rare 'biến thể 49999'", { query: `biến thể ${TOTAL - 1}` }],
      ["filter topic + status", { topic: "digital-transformation", status: "approved" }],
      ["filter topic + difficulty + type + search", { topic: "administrative-procedures", difficulty: "medium", type: "single", query: "mot cua" }],
      ["no filter (first page)", {}],
    ];
    console.log("query".padEnd(48), "rows".padStart(7), "p50 ms".padStart(8), "p95 ms".padStart(8));
    for (const [label, filters] of cases) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        total = (await listQuestions(db, filters, { limit: 50, offset: 0 })).total;
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
      console.log(label.padEnd(48), String(total).padStart(7), at(0.5).padStart(8), at(0.95).padStart(8));
    }

    for (const [label, filters] of [cases[0], cases[5]]) {
      const compiled = orderedQuestionList(db, filters).select("questions.id").limit(50).compile();
      const plan = await sql.raw<{ "QUERY PLAN": string }>(`explain (analyze, costs off, timing on) ${inline(compiled.sql, compiled.parameters)}`).execute(db);
      console.log(`\nPlan — ${label}:`);
      for (const row of plan.rows) console.log(`  ${row["QUERY PLAN"]}`);
    }
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}

/** Inlines parameters for EXPLAIN (bench only; values come from this script). */
function inline(text: string, parameters: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const value = parameters[Number(n) - 1];
    return typeof value === "number" ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
