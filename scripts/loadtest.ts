// npm run loadtest -- --contestants N [--prepare] [--url http://localhost:3100] …
//
// Drives a RUNNING server over HTTP as N contestants who, within a few minutes, log in (or
// register), start an entry in the open round of the demo contest, answer every question with
// think time and submit. Prints latency per step (p50/p95/p99), errors by kind, throughput, and
// checks in the database that every answer the server confirmed is stored with its last
// confirmed revision. A benchmark, not a test: it asserts nothing and exits 0 unless the run
// could not happen. Loopback targets only. `--help` lists the options.
// --lobby logs everyone in before the round and reports it apart; --watchers N adds live ranking
// sockets and the delay of their notices; the kept rankings are then compared with a rebuild.
import { randomBytes } from "node:crypto";
import { setMaxListeners } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";
import { parseArgs, USAGE, UsageError, type LoadTestOptions } from "./loadtest/args";
import { accountsFor, checkAnswers, compareWithRebuild, connect, createAccounts, databasePort, findRound, unitIds, type Account, type AnswerCheck, type ConfirmedSave, type RankingCheck, type RoundInfo } from "./loadtest/db";
import { Watchers } from "./loadtest/watchers";
import { CpuAccount } from "./loadtest/cpu";
import { controlEmbeddedPostgres } from "../db/postgres";
import { CookieJar, HttpClient, NetworkError, type HttpResponse } from "./loadtest/http";
import { CpuSampler, fmtMs, percentile, Stats, STEPS, table, type Step } from "./loadtest/stats";

interface EntryData {
  questions: { position: number; type: string; options: unknown[] }[];
  answers?: Record<string, { revision?: number }>;
  remainingMs?: number;
}

interface Run {
  options: LoadTestOptions;
  client: HttpClient;
  stats: Stats;
  round: RoundInfo;
  accounts: Account[];
  stop: AbortController;
  confirmed: ConfirmedSave[];
  entryIds: string[];
  submitted: number;
  finished: number;
  active: number;
  /** Contestants who gave up, by the step that failed. */
  gaveUp: Map<Step, number>;
  /** --lobby: the logins made before the round, measured apart; each contestant's cookies from it. */
  lobby: { stats: Stats; seconds: number; jars: (CookieJar | null)[] } | null;
  /** performance.now() of each submit's reply (for the watchers' delays). */
  submitTimes: number[];
}

const ENTRY_DATA_ROUTE = encodeURIComponent("routes/bai-thi.$entryId");

async function main(): Promise<number> {
  let options: LoadTestOptions | "help";
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

  if (options.restartDbAt !== null && !fs.existsSync(path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "postgres", "cluster", "PG_VERSION"))) {
    console.error("--restart-db-at restarts the embedded PostgreSQL of `npm start` (under DATA_DIR, default .data), and there is none here.");
    return 2;
  }
  const client = await HttpClient.create(options.url, { connections: options.connections, timeoutMs: options.timeoutMs, gzip: options.gzip });
  try {
    await client.request("GET", "/dang-nhap");
  } catch (error) {
    console.error(`The server at ${options.url.origin} does not answer (${(error as Error).message}). Start it first, e.g. PORT=3100 npm start.`);
    client.close();
    return 1;
  }

  const db = connect();
  try {
    return await runWith(options, client, db);
  } finally {
    client.close();
    await db.end();
  }
}

async function runWith(options: LoadTestOptions, client: HttpClient, db: pg.Pool): Promise<number> {
  const round = await findRound(db, options.slug, options.roundId);
  const units = await unitIds(db, round.contestId);
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString("hex")}`;
  const accounts = accountsFor(runId, options.contestants, units);

  console.log(`Load test ${runId} against ${options.url.origin}`);
  console.log(
    `  contest "${options.slug}", round ${round.roundId} ("${round.title}"): ${round.questionCount} questions, ${Math.round(round.timeLimitSeconds / 60)} min, ${round.maxEntries} entries per person`,
  );
  console.log(
    `  ${options.contestants} contestants over ${options.rampSeconds} s ramp-up, think ${options.thinkMs[0]}–${options.thinkMs[1]} ms, ` +
      `change rate ${options.changeRate}, ${options.connections} sockets, stop after ${options.maxSeconds} s`,
  );
  if (options.prepare) {
    const t0 = performance.now();
    const created = await createAccounts(db, accounts, options.password);
    console.log(`  --prepare: created ${created} accounts (loadtest-${runId}-*@example.vn, ${units.length} units) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } else {
    console.log(`  no --prepare: every contestant registers through POST /dang-ky (one bcrypt hash each on the server)`);
  }

  const run: Run = {
    options,
    client,
    stats: new Stats(),
    round,
    accounts,
    stop: new AbortController(),
    confirmed: [],
    entryIds: [],
    submitted: 0,
    finished: 0,
    active: 0,
    gaveUp: new Map(),
    lobby: null,
    submitTimes: [],
  };
  // Every waiting contestant and every request in flight listens to the one stop signal.
  setMaxListeners(0, run.stop.signal);

  const onSignal = () => {
    console.error("\nInterrupted (SIGINT/SIGTERM): stopping every contestant now (the report follows).");
    run.stop.abort();
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  if (options.lobby) {
    const lobbyStarted = performance.now();
    console.log(`\nLobby: ${options.contestants} contestants ${options.prepare ? "log in" : "register"} over ${options.lobbySeconds} s before the round (measured apart)…`);
    const stats = new Stats();
    const jars = await Promise.all(
      accounts.map(async (account, i) => {
        if (!(await pause(options.contestants > 1 ? (i * options.lobbySeconds * 1000) / options.contestants : 0, run.stop.signal))) return null;
        const jar = new CookieJar();
        // As a person in front of a busy server does: a refusal to try again later is tried again.
        for (let attempt = 1; ; attempt++) {
          const outcome: { retryAfterMs?: number } = {};
          if (await enter(run, account, jar, stats, outcome)) return jar;
          if (outcome.retryAfterMs === undefined || attempt >= LOBBY_ATTEMPTS) return null;
          if (!(await pause(outcome.retryAfterMs * (0.5 + Math.random()), run.stop.signal))) return null;
        }
      }),
    );
    run.lobby = { stats, seconds: (performance.now() - lobbyStarted) / 1000, jars };
    const step = stats.step(options.prepare ? "login" : "register");
    const sorted = [...step.latencies].sort((a, b) => a - b);
    console.log(`Lobby done in ${run.lobby.seconds.toFixed(1)} s: ${step.requests} requests, ${step.errors} errors, p50 ${fmtMs(percentile(sorted, 50))} ms, p95 ${fmtMs(percentile(sorted, 95))} ms`);
  }
  let watchers: Watchers | null = null;
  if (options.watchers > 0) {
    const t0 = performance.now();
    watchers = await Watchers.open(options.url, round.roundId, options.watchers);
    console.log(
      `Watchers: ${options.watchers} sockets watch round ${round.roundId}'s ranking (${watchers.refused} refused${watchers.refusal ? `: ${watchers.refusal}` : ""}, ` +
        `${watchers.connectFailures} could not connect) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  const cpuAccount = CpuAccount.find(Number(options.url.port || 80), databasePort());
  const cpu = new CpuSampler();
  const cpuTimer = setInterval(() => cpu.sample(), 1000);
  const started = performance.now();
  cpuAccount.begin();
  const progressTimer = setInterval(() => printProgress(run, started), 10_000);
  const limitTimer = setTimeout(() => {
    console.error(`\n--max-seconds ${options.maxSeconds} reached: stopping every contestant now.`);
    run.stop.abort();
  }, options.maxSeconds * 1000);
  // Fault injection: the database restarts under the running contest.
  let restart: Promise<string> | undefined;
  const restartTimer =
    options.restartDbAt === null
      ? undefined
      : setTimeout(() => {
          const at = performance.now();
          console.log(`\n--restart-db-at ${options.restartDbAt}: restarting the embedded PostgreSQL (${options.restartMode})…`);
          restart = restartEmbeddedDatabase(options.restartMode).then(
            () => `database restarted (${options.restartMode}) ${options.restartDbAt} s into the run; back after ${fmtMs(performance.now() - at)}`,
            (error: Error) => `database restart FAILED: ${error.message}`,
          );
          void restart.then((line) => console.log(line));
        }, options.restartDbAt * 1000);

  console.log("");
  const tasks = accounts.map((account, i) =>
    contestant(run, account, i, options.contestants > 1 ? (i * options.rampSeconds * 1000) / options.contestants : 0),
  );
  await Promise.all(tasks);
  const durationMs = performance.now() - started;
  // The last submits' notices are at most a notice interval (0.5 s) behind.
  if (watchers) await sleep(1500);
  watchers?.close();
  const cpuLines = cpuAccount.end(durationMs, os.availableParallelism());

  clearInterval(cpuTimer);
  clearInterval(progressTimer);
  clearTimeout(limitTimer);
  clearTimeout(restartTimer);
  const restartLine = restart ? await restart : options.restartDbAt !== null ? "database restart: NOT DONE (the run ended first)" : null;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);

  let check: AnswerCheck | string;
  try {
    check = await checkAnswers(db, run.confirmed, run.entryIds);
  } catch (error) {
    check = (error as Error).message;
  }
  let rankings: RankingCheck | string | null = null;
  if (options.checkRankings) {
    try {
      rankings = await compareWithRebuild(db, round.contestId);
    } catch (error) {
      rankings = (error as Error).message;
    }
  }
  report(run, durationMs, check, cpu, cpuLines);
  if (watchers) reportWatchers(watchers, run.submitTimes);
  if (rankings !== null) reportRankings(rankings);
  if (restartLine) console.log(restartLine);
  return typeof check === "string" ? 1 : 0;
}

/** Tries per contestant in the lobby, when the server says "try again" (5xx, 408, 429, a network failure). */
const LOBBY_ATTEMPTS = 10;

/**
 * Logs the contestant in (with --prepare) or registers them; false when that failed, with
 * `outcome.retryAfterMs` set when the failure says to try again (the server's Retry-After, else 2 s).
 */
async function enter(run: Run, account: Account, jar: CookieJar, stats: Stats, outcome: { retryAfterMs?: number } = {}): Promise<boolean> {
  const { options } = run;
  let judged = false;
  const judge = (r: HttpResponse) => {
    judged = true;
    if (r.status === 302 && jar.has("__session")) return null;
    if (r.status >= 500 || r.status === 408 || r.status === 429) outcome.retryAfterMs = 1000 * (Number(r.headers["retry-after"]) || 2);
    return statusKind(r);
  };
  if (options.prepare) {
    const res = await call(
      run,
      "login",
      jar,
      "POST",
      "/dang-nhap",
      form({ login: account.email, password: options.password, redirectTo: "/" }),
      judge,
      stats,
    );
    if (res === null && !judged) outcome.retryAfterMs = 2000; // a network failure or a timeout
    return res !== null;
  }
  const res = await call(
    run,
    "register",
    jar,
    "POST",
    "/dang-ky",
    form({
      fullName: account.fullName,
      login: account.email,
      password: options.password,
      confirmPassword: options.password,
      unitId: String(account.unitId),
      redirectTo: "/",
    }),
    judge,
    stats,
  );
  if (res === null && !judged) outcome.retryAfterMs = 2000;
  return res !== null;
}

async function contestant(run: Run, account: Account, index: number, delayMs: number): Promise<void> {
  const { options, stop } = run;
  const giveUp = (step: Step): void => {
    run.gaveUp.set(step, (run.gaveUp.get(step) ?? 0) + 1);
  };
  let jar: CookieJar;
  if (run.lobby) {
    // Logged in during the lobby, or gave up there (counted once, at the lobby's step).
    const fromLobby = run.lobby.jars[index];
    if (!fromLobby) {
      run.finished++;
      return giveUp(options.prepare ? "login" : "register");
    }
    jar = fromLobby;
  } else jar = new CookieJar();
  if (!(await pause(delayMs, stop.signal))) return;
  run.active++;
  try {
    // 1. Register or log in (done in the lobby with --lobby).
    if (!run.lobby && !(await enter(run, account, jar, run.stats))) return giveUp(options.prepare ? "login" : "register");

    // 2. Start an entry.
    let entryId = "";
    const started = await call(
      run,
      "start",
      jar,
      "POST",
      `/cuoc-thi/${encodeURIComponent(options.slug)}`,
      form({ intent: "start", roundId: String(run.round.roundId) }),
      (r) => {
        const match = r.status === 302 ? /^\/bai-thi\/(\d+)$/.exec(String(r.headers.location ?? "")) : null;
        if (!match) return statusKind(r);
        entryId = match[1];
        return null;
      },
    );
    if (!started) return giveUp("start");
    run.entryIds.push(entryId);

    // 3. Load the entry (what the page's loader sends the browser).
    const got: { entry?: EntryData } = {};
    const loaded = await call(run, "load entry", jar, "GET", `/bai-thi/${entryId}?_data=${ENTRY_DATA_ROUTE}`, null, (r) => {
      if (r.status !== 200) return statusKind(r);
      try {
        const data = JSON.parse(r.body.toString("utf8")) as EntryData;
        if (!Array.isArray(data.questions) || data.questions.length === 0) return "HTTP 200 without questions";
        got.entry = data;
        return null;
      } catch {
        return "HTTP 200 not JSON";
      }
    });
    if (!loaded || !got.entry) return giveUp("load entry");
    const { questions, answers = {} } = got.entry;

    // 4. Answer every question, with think time; a few answers are changed again at the end.
    const revisions = new Map<number, number>(questions.map((q) => [q.position, Number(answers[q.position]?.revision ?? 0)]));
    const revisit: EntryData["questions"] = [];
    const answer = async (q: EntryData["questions"][number]) => {
      if (!(await pause(uniform(options.thinkMs[0], options.thinkMs[1]), stop.signal))) return false;
      const revision = (revisions.get(q.position) ?? 0) + 1;
      revisions.set(q.position, revision);
      const body = JSON.stringify({ position: q.position, chosen: choose(q.type, q.options.length), revision });
      // As the page's answer queue does: a 5xx, 408, 429 or a network failure is sent again, with a growing pause.
      for (let delay = 500; ; delay = Math.min(delay * 2, 8000)) {
        let retryable = true;
        const res = await call(run, "save answer", jar, "POST", `/api/entries/${entryId}/answers`, { body, type: "application/json" }, (r) => {
          retryable = r.status >= 500 || r.status === 408 || r.status === 429;
          if (r.status !== 200) return statusKind(r);
          try {
            return (JSON.parse(r.body.toString("utf8")) as { ok?: unknown }).ok === true ? null : "HTTP 200 ok≠true";
          } catch {
            return "HTTP 200 not JSON";
          }
        });
        if (res) {
          run.confirmed.push({ entryId, position: q.position, revision });
          return true;
        }
        if (!retryable) return true;
        if (!(await pause(delay, stop.signal))) return false;
      }
    };
    for (const q of questions) {
      if (!(await answer(q))) return;
      if (Math.random() < options.changeRate) revisit.push(q);
    }
    for (const q of revisit) if (!(await answer(q))) return;

    // 5. Submit.
    if (stop.signal.aborted) return;
    const submitted = await call(run, "submit", jar, "POST", `/bai-thi/${entryId}`, form({ intent: "submit" }), (r) => (r.status === 302 ? null : statusKind(r)));
    if (!submitted) return giveUp("submit");
    run.submitted++;
    run.submitTimes.push(performance.now());
  } finally {
    run.active--;
    run.finished++;
  }
}

/** One measured request. `judge` returns null when the response is what a browser expects, else the error kind. */
async function call(
  run: Run,
  step: Step,
  jar: CookieJar,
  method: "GET" | "POST",
  path: string,
  payload: { body: string; type: string } | null,
  judge: (res: HttpResponse) => string | null,
  into: Stats = run.stats,
): Promise<HttpResponse | null> {
  const stats = into.step(step);
  try {
    const res = await run.client.request(method, path, {
      // A browser names the page's origin on every write; the server refuses writes without it.
      headers: { ...jar.header(), ...(method === "POST" ? { Origin: run.options.url.origin } : {}), ...(payload ? { "Content-Type": payload.type } : {}) },
      body: payload?.body,
      signal: run.stop.signal,
    });
    jar.take(res);
    const kind = judge(res);
    stats.record(res.ms, kind);
    const interval = into.interval.get(step);
    if (interval) interval.push(res.ms);
    else into.interval.set(step, [res.ms]);
    return kind === null ? res : null;
  } catch (error) {
    const kind = error instanceof NetworkError ? error.kind : `client error: ${(error as Error).message}`;
    stats.record(null, kind);
    return null;
  }
}

function statusKind(res: HttpResponse): string {
  if (res.status >= 300 && res.status < 400) return `HTTP ${res.status} → ${String(res.headers.location ?? "?").split("?")[0]}`;
  return `HTTP ${res.status}`;
}

function form(fields: Record<string, string>) {
  return { body: new URLSearchParams(fields).toString(), type: "application/x-www-form-urlencoded" };
}

/** One display index; for "multiple" one or two distinct ones. */
function choose(type: string, optionCount: number): number[] {
  const first = Math.floor(Math.random() * optionCount);
  if (type !== "multiple" || optionCount < 2 || Math.random() < 0.5) return [first];
  const second = (first + 1 + Math.floor(Math.random() * (optionCount - 1))) % optionCount;
  return [first, second].sort((a, b) => a - b);
}

function uniform(min: number, max: number) {
  return min + Math.random() * (max - min);
}

/** Sleeps; false when the run was stopped meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

function printProgress(run: Run, started: number) {
  const interval = run.stats.interval;
  run.stats.interval = new Map();
  const summary = (step: Step) => {
    const ms = (interval.get(step) ?? []).sort((a, b) => a - b);
    return ms.length ? `${step} ${ms.length} (p95 ${fmtMs(percentile(ms, 95))} ms)` : `${step} 0`;
  };
  const elapsed = Math.round((performance.now() - started) / 1000);
  console.error(
    `[${String(elapsed).padStart(4)} s] active ${run.active}, done ${run.finished}/${run.options.contestants}, ` +
      `requests ${run.stats.totalRequests}, errors ${run.stats.totalErrors}; last 10 s: ` +
      `${summary(run.options.prepare ? "login" : "register")}, ${summary("save answer")}`,
  );
}

function report(run: Run, durationMs: number, check: AnswerCheck | string, cpu: CpuSampler, cpuLines: string[]) {
  const { stats, options } = run;
  const seconds = durationMs / 1000;
  const line = "─".repeat(72);
  console.log(`\n${line}\nRESULTS`);
  console.log(`contestants:           ${options.contestants} (${run.submitted} submitted, ${options.contestants - run.finished} never started${run.stop.signal.aborted ? ", run stopped early" : ""})`);
  console.log(`duration:              ${seconds.toFixed(1)} s (ramp-up ${options.rampSeconds} s)`);
  console.log(`requests:              ${stats.totalRequests}`);
  console.log(`throughput:            ${(stats.totalRequests / seconds).toFixed(1)} requests/s overall`);

  if (run.lobby) {
    const step = options.prepare ? "login" : "register";
    const s = run.lobby.stats.step(step);
    const sorted = [...s.latencies].sort((a, b) => a - b);
    const inside = run.lobby.jars.filter(Boolean).length;
    console.log(
      `\nlobby (before the round, not in the figures below): ${options.contestants} contestants over ${options.lobbySeconds} s, took ${run.lobby.seconds.toFixed(1)} s; ` +
        `${inside} logged in, ${s.requests - options.contestants} requests were tries again after a refusal (up to ${LOBBY_ATTEMPTS} per contestant)`,
    );
    console.log(
      table(
        [
          ["step", "count", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"],
          [step, String(s.requests), String(s.errors), fmtMs(percentile(sorted, 50)), fmtMs(percentile(sorted, 95)), fmtMs(percentile(sorted, 99)), fmtMs(sorted[sorted.length - 1] ?? NaN)],
        ],
        [false, true, true, true, true, true, true],
      ),
    );
    for (const [kind, n] of s.errorKinds) console.log(`  ${kind}: ${n}`);
    console.log("\nround:");
  }
  const rows = [["step", "count", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms"]];
  for (const step of STEPS) {
    const s = stats.step(step);
    if (s.requests === 0 && (run.lobby ? step === "register" || step === "login" : step === "register" ? options.prepare : !options.prepare && step === "login")) continue;
    const sorted = [...s.latencies].sort((a, b) => a - b);
    rows.push([step, String(s.requests), String(s.errors), fmtMs(percentile(sorted, 50)), fmtMs(percentile(sorted, 95)), fmtMs(percentile(sorted, 99)), fmtMs(sorted[sorted.length - 1] ?? NaN)]);
  }
  console.log(`\n${table(rows, [false, true, true, true, true, true, true])}`);

  const kinds = new Map<string, number>();
  for (const step of STEPS) for (const [kind, n] of stats.step(step).errorKinds) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  console.log(`\nerrors: ${stats.totalErrors}${kinds.size ? "" : " (none)"}`);
  for (const [kind, n] of [...kinds].sort((a, b) => b[1] - a[1])) {
    const where = STEPS.filter((s) => stats.step(s).errorKinds.has(kind)).map((s) => `${s} ${stats.step(s).errorKinds.get(kind)}`);
    console.log(`  ${kind}: ${n} (${where.join(", ")})`);
  }
  if (run.gaveUp.size) console.log(`contestants who gave up: ${[...run.gaveUp].map(([step, n]) => `${n} at ${step}`).join(", ")}`);
  if (run.client.staleSocketRetries) console.log(`stale keep-alive sockets retried once (not errors): ${run.client.staleSocketRetries}`);

  const confirmed = run.confirmed.length;
  if (typeof check === "string") {
    console.log(`\nanswers confirmed by the server (200 ok): ${confirmed}`);
    console.log(`lost answers: NOT CHECKED (the database could not be read afterwards: ${check})`);
    console.log(`entries: ${run.entryIds.length} started, ${run.submitted} submitted by the script; finalised in the database: not checked`);
  } else {
    console.log(`\nanswers confirmed by the server (200 ok): ${check.confirmed} saves on ${check.answeredQuestions} questions`);
    console.log(
      `lost answers: ${check.lost}` +
        (check.lost ? ` (${check.missingRows} with no row, ${check.wrongRevision} with an older revision than the last confirmed)` : ""),
    );
    if (check.newerThanConfirmed) console.log(`  (${check.newerThanConfirmed} questions hold a newer revision than the last confirmed: an unanswered save did land; not a loss)`);
    const statuses = Object.entries(check.entriesByStatus)
      .map(([status, n]) => `${status} ${n}`)
      .join(", ");
    console.log(`entries: ${check.entriesStarted} started, ${check.entriesFinalised} finalised in the database (${statuses || "none"}), ${run.submitted} submitted by the script`);
  }

  console.log(`\n${cpuLines.join("\n")}`);
  const saturation = cpu.summary();
  if (saturation) console.log(saturation);
}

function reportWatchers(watchers: Watchers, submitTimes: number[]) {
  const d = watchers.delays(submitTimes);
  console.log(
    `\nwatchers: ${watchers.count} sockets on the round's ranking (${watchers.refused} refused, ${watchers.connectFailures} could not connect, ${watchers.disconnects} disconnects)`,
  );
  console.log(
    `  submit reply → ranking notice, over ${d.pairs} submit×watcher pairs: p50 ${fmtMs(d.p50)} ms, p95 ${fmtMs(d.p95)} ms, p99 ${fmtMs(d.p99)} ms, max ${fmtMs(d.max)} ms` +
      (d.missed ? `; ${d.missed} pairs got no notice afterwards` : "; every watcher got a notice after every submit"),
  );
}

function reportRankings(check: RankingCheck | string) {
  if (typeof check === "string") {
    console.log(`\nkept rankings vs rebuildRankings: NOT CHECKED (${check})`);
    return;
  }
  console.log(`\nkept rankings vs a fresh rebuildRankings (rebuild took ${fmtMs(check.rebuildMs)} ms): ${check.equal ? "EQUAL" : "DIFFERENT"}`);
  console.log(`  ${check.tables.map((t) => `${t.table} ${t.rows} rows${t.differing ? ` (${t.differing} differ)` : ""}`).join(", ")}`);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`Load test could not run: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

/** `pg_ctl restart` on npm start's embedded cluster (DATA_DIR, default .data); refused for any other database. */
async function restartEmbeddedDatabase(mode: "fast" | "immediate"): Promise<void> {
  const dataDir = path.join(path.resolve(process.env.DATA_DIR ?? ".data"), "postgres");
  await controlEmbeddedPostgres(dataDir, ["restart", "-m", mode, "-w", "-t", "120", "-l", path.join(dataDir, "postgres.log")]);
}
