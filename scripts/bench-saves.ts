// npm run bench:saves -- [--url http://localhost:3100] [--contestants 400] [--seconds 20] …
//
// Answer-save throughput at saturation, against what the same database server can do.
// 1. Against a RUNNING server (start it first, e.g. `PORT=3100 npm start`): creates N accounts
//    in the database, logs each in and starts an entry through the real HTTP pages, then N
//    clients (one per contestant, no think time) save answers through POST
//    /api/entries/:id/answers for S seconds. Prints saves/s, latency p50/p95/p99 and errors, and
//    checks in the database that every save the server confirmed is stored (0 lost).
// 2. On the same database server, for the same S seconds: a pgbench-style upsert of one answer
//    row per client (`pgbench -M prepared` over 16 connections when pgbench is installed, else
//    the same loop in Node with a prepared statement over 16 connections). Prints tx/s.
// 3. The ratio saves/s ÷ upsert tx/s.
// A benchmark, not a test: it asserts nothing. Loopback targets only.
import { randomBytes } from "node:crypto";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { parseTargetUrl, UsageError } from "./loadtest/args";
import { CpuAccount } from "./loadtest/cpu";
import { accountsFor, checkAnswers, connect, createAccounts, databasePort, databaseUrl, findRound, unitIds, type ConfirmedSave } from "./loadtest/db";
import { CookieJar, HttpClient, NetworkError, type HttpResponse } from "./loadtest/http";
import { fmtMs, percentile } from "./loadtest/stats";

const USAGE = `npm run bench:saves -- [options]

Measures answer saves at saturation on a RUNNING server (start it first in this checkout, e.g.
PORT=3100 npm start; the bench does not start one), then a pgbench-style upsert of one answer
row on the same database server for the same time, and prints saves/s ÷ upsert tx/s.

  --url URL            the running server (default http://localhost:3000; loopback only)
  --contestants N      contestants, each with an entry in progress and one client saving
                       with no think time (default 400)
  --seconds S          measured seconds of each phase (default 20; a 3 s warm-up comes first)
  --upsert-clients N   database connections of the upsert phase (default 16)
  --node-upsert        use the Node loop for the upsert phase even when pgbench is installed
  --slug SLUG          contest (default thi-thu-cchc-chuyen-doi-so; its round must be open)
  --password P         password of the bench accounts (default LoadTest@2026)

Database: DATABASE_URL, or the embedded server of \`npm start\` (.data/postgres/settings.json).
The bench leaves its accounts and entries in the database, like npm run loadtest.`;

interface Options {
  url: URL;
  contestants: number;
  seconds: number;
  upsertClients: number;
  nodeUpsert: boolean;
  slug: string;
  password: string;
  /** Filled in from the database: the contest's open round. */
  roundId: number;
}

function parseArgs(argv: string[]): Options | "help" {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) throw new UsageError(`Unexpected argument "${arg}".`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (name === "help" || name === "node-upsert") {
      flags.add(name);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--${name} needs a value.`);
    values.set(name, value);
  }
  if (flags.has("help")) return "help";
  const known = new Set(["url", "contestants", "seconds", "upsert-clients", "slug", "password"]);
  for (const name of values.keys()) if (!known.has(name)) throw new UsageError(`Unknown option --${name}.`);
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
    return n;
  };
  return {
    url: parseTargetUrl(values.get("url") ?? "http://localhost:3000"),
    contestants: int("contestants", 400, 1, 20_000),
    seconds: int("seconds", 20, 1, 600),
    upsertClients: int("upsert-clients", 16, 1, 256),
    nodeUpsert: flags.has("node-upsert"),
    slug: values.get("slug") ?? "thi-thu-cchc-chuyen-doi-so",
    password: values.get("password") ?? "LoadTest@2026",
    roundId: 0,
  };
}

interface Contestant {
  jar: CookieJar;
  entryId: string;
  questions: { position: number; type: string; optionCount: number }[];
  next: number;
  revision: number;
}

const ENTRY_DATA_ROUTE = encodeURIComponent("routes/bai-thi.$entryId");

async function main(): Promise<number> {
  let options: Options | "help";
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.showUsage ? `${error.message}\n\n${USAGE}` : error.message);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    console.log(USAGE);
    return 0;
  }
  const client = await HttpClient.create(options.url, { connections: Math.max(64, options.contestants), timeoutMs: 30_000, gzip: false });
  try {
    await client.request("GET", "/dang-nhap");
  } catch (error) {
    console.error(`The server at ${options.url.origin} does not answer (${(error as Error).message}). Start it first, e.g. PORT=3100 npm start.`);
    client.close();
    return 1;
  }
  const db = connect();
  try {
    return await run(options, client, db);
  } finally {
    client.close();
    await db.end();
  }
}

async function run(options: Options, client: HttpClient, db: pg.Pool): Promise<number> {
  const round = await findRound(db, options.slug, null);
  options.roundId = round.roundId;
  const units = await unitIds(db, round.contestId);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  console.log(`bench:saves ${runId} against ${options.url.origin}, round ${round.roundId} ("${round.title}"), ${os.availableParallelism()} cores`);

  // Preparation (not measured): accounts in the database, then login and start through HTTP.
  const t0 = performance.now();
  const accounts = accountsFor(`saves-${runId}`, options.contestants, units);
  await createAccounts(db, accounts, options.password);
  const contestants: Contestant[] = [];
  let failures = 0;
  let cursor = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (cursor < accounts.length) {
        const account = accounts[cursor++];
        const c = await prepareContestant(options, client, account.email).catch((error: Error) => {
          if (failures++ < 3) console.error(`  preparing ${account.email} failed: ${error.message}`);
          return null;
        });
        if (c) contestants.push(c);
      }
    }),
  );
  console.log(`  prepared ${contestants.length} contestants with an entry in progress (${failures} failed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (contestants.length === 0) return 1;

  // Phase 1: answer saves through HTTP, no think time.
  const confirmed: ConfirmedSave[] = [];
  const latencies: number[] = [];
  const errors = new Map<string, number>();
  let measuring = false;
  let stopped = false;
  const loop = async (c: Contestant) => {
    while (!stopped) {
      const q = c.questions[c.next++ % c.questions.length];
      const revision = ++c.revision;
      const body = JSON.stringify({ position: q.position, chosen: [Math.floor(Math.random() * q.optionCount)], revision });
      let kind: string | null;
      let ms: number | null = null;
      try {
        const res = await client.request("POST", `/api/entries/${c.entryId}/answers`, { headers: { ...c.jar.header(), "Content-Type": "application/json" }, body });
        ms = res.ms;
        kind = judgeSave(res);
      } catch (error) {
        kind = error instanceof NetworkError ? error.kind : `client error: ${(error as Error).message}`;
      }
      if (kind === null) confirmed.push({ entryId: c.entryId, position: q.position, revision });
      if (!measuring) continue;
      if (ms !== null && kind === null) latencies.push(ms);
      if (kind !== null) errors.set(kind, (errors.get(kind) ?? 0) + 1);
    }
  };
  console.log(`\nPhase 1: ${contestants.length} clients saving answers with no think time, 3 s warm-up then ${options.seconds} s measured…`);
  const loops = contestants.map(loop);
  await sleep(3000);
  const cpuAccount = CpuAccount.find(Number(options.url.port || 80), databasePort());
  cpuAccount.begin();
  measuring = true;
  const started = performance.now();
  await sleep(options.seconds * 1000);
  measuring = false;
  const savesMs = performance.now() - started;
  const cpuLines = cpuAccount.end(savesMs, os.availableParallelism());
  stopped = true;
  await Promise.all(loops);

  const sorted = latencies.sort((a, b) => a - b);
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  const savesPerSecond = sorted.length / (savesMs / 1000);
  const check = await checkAnswers(
    db,
    confirmed,
    contestants.map((c) => c.entryId),
  );
  console.log(`  saves confirmed: ${sorted.length} in ${(savesMs / 1000).toFixed(1)} s = ${savesPerSecond.toFixed(0)} saves/s`);
  console.log(`  latency ms: p50 ${fmtMs(percentile(sorted, 50))}, p95 ${fmtMs(percentile(sorted, 95))}, p99 ${fmtMs(percentile(sorted, 99))}, max ${fmtMs(sorted[sorted.length - 1] ?? NaN)}`);
  console.log(`  errors: ${errorCount}${errorCount ? ` (${[...errors].map(([k, n]) => `${k}: ${n}`).join(", ")})` : ""}`);
  console.log(`  lost answers: ${check.lost} of ${check.confirmed} confirmed saves (warm-up included) on ${check.answeredQuestions} questions`);
  console.log(cpuLines.map((l) => `  ${l}`).join("\n"));
  // The machine may be shared: CPU per confirmed save compares runs better than saves/s does.
  const perSave = cpuAccount.perSave(sorted.length);
  if (perSave) console.log(`  CPU per confirmed save: app ${perSave.app.toFixed(3)} ms (event loop ${perSave.main.toFixed(3)} ms), database ${perSave.db.toFixed(3)} ms`);

  // Phase 2: the database alone, upserting one answer row per connection.
  const upsertEntry = contestants[0].entryId;
  console.log(`\nPhase 2: upsert of one answer row per connection, ${options.upsertClients} connections, ${options.seconds} s…`);
  const pgbench = options.nodeUpsert ? null : findPgbench();
  let txPerSecond: number;
  try {
    txPerSecond = pgbench ? await pgbenchUpsert(pgbench, upsertEntry, options) : await nodeUpsert(upsertEntry, options);
  } finally {
    // The rows at positions no question has are the bench's own: gone again.
    await db.query(`delete from entry_answers where entry_id = $1 and position >= 10000`, [upsertEntry]);
  }
  console.log(`  ${pgbench ? `pgbench (${pgbench}) -M prepared` : "Node loop, prepared statement"}: ${txPerSecond.toFixed(0)} tx/s`);

  console.log(`\nRESULT saves/s ÷ upsert tx/s = ${savesPerSecond.toFixed(0)} ÷ ${txPerSecond.toFixed(0)} = ${((100 * savesPerSecond) / txPerSecond).toFixed(1)}% (target ≥ 25%)`);
  console.log(`       save p95 ${fmtMs(percentile(sorted, 95))} ms, errors ${errorCount}, lost ${check.lost}`);
  return 0;
}

function judgeSave(res: HttpResponse): string | null {
  if (res.status !== 200) return `HTTP ${res.status}`;
  try {
    return (JSON.parse(res.body.toString("utf8")) as { ok?: unknown }).ok === true ? null : "HTTP 200 ok≠true";
  } catch {
    return "HTTP 200 not JSON";
  }
}

async function prepareContestant(options: Options, client: HttpClient, email: string): Promise<Contestant> {
  const jar = new CookieJar();
  const post = async (url: string, fields: Record<string, string>) => {
    const res = await client.request("POST", url, { headers: { ...jar.header(), "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() });
    jar.take(res);
    return res;
  };
  const login = await post("/dang-nhap", { login: email, password: options.password, redirectTo: "/" });
  if (login.status !== 302 || !jar.has("__session")) throw new Error(`login answered HTTP ${login.status}`);
  const start = await post(`/cuoc-thi/${encodeURIComponent(options.slug)}`, { intent: "start", roundId: String(options.roundId) });
  const match = start.status === 302 ? /^\/bai-thi\/(\d+)$/.exec(String(start.headers.location ?? "")) : null;
  if (!match) throw new Error(`start answered HTTP ${start.status}`);
  const entryId = match[1];
  const loaded = await client.request("GET", `/bai-thi/${entryId}?_data=${ENTRY_DATA_ROUTE}`, { headers: jar.header() });
  if (loaded.status !== 200) throw new Error(`loading the entry answered HTTP ${loaded.status}`);
  const data = JSON.parse(loaded.body.toString("utf8")) as { questions: { position: number; type: string; options: unknown[] }[] };
  // Single-choice questions only: every save is then valid whatever index is drawn.
  const questions = data.questions.filter((q) => q.type !== "multiple" && q.options.length > 0).map((q) => ({ position: q.position, type: q.type, optionCount: q.options.length }));
  if (questions.length === 0) throw new Error("the entry has no question to answer");
  return { jar, entryId, questions, next: Math.floor(Math.random() * questions.length), revision: 0 };
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function findPgbench(): string | null {
  try {
    return execFileSync("sh", ["-c", "command -v pgbench"], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

const UPSERT_SQL = `insert into entry_answers (entry_id, position, chosen, revision)
  values ($1, $2, '{1}', 1)
  on conflict (entry_id, position) do update set chosen = excluded.chosen, revision = entry_answers.revision + 1, saved_at = now()`;

async function pgbenchUpsert(pgbench: string, entryId: string, options: Options): Promise<number> {
  const script = path.join(os.tmpdir(), `bench-saves-${process.pid}.sql`);
  fs.writeFileSync(script, `${UPSERT_SQL.replace("$1", entryId).replace("$2", "10000 + :client_id")};\n`);
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(pgbench, ["-n", "-M", "prepared", "-c", String(options.upsertClients), "-j", "2", "-T", String(options.seconds), "-f", script, databaseUrl()], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited ${code}: ${out.trim().split("\n").slice(-3).join(" / ")}`))));
    });
    const match = /tps = ([\d.]+)/.exec(output);
    if (!match) throw new Error(`pgbench printed no tps: ${output}`);
    return Number(match[1]);
  } finally {
    fs.rmSync(script, { force: true });
  }
}

async function nodeUpsert(entryId: string, options: Options): Promise<number> {
  const clients = await Promise.all(
    Array.from({ length: options.upsertClients }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl() });
      await c.connect();
      return c;
    }),
  );
  let count = 0;
  let stopped = false;
  const started = performance.now();
  const timer = setTimeout(() => (stopped = true), options.seconds * 1000);
  await Promise.all(
    clients.map(async (c, i) => {
      while (!stopped) {
        await c.query({ name: "bench_upsert", text: UPSERT_SQL, values: [entryId, 10000 + i] });
        count++;
      }
    }),
  );
  clearTimeout(timer);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.end()));
  return count / seconds;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`bench:saves could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
