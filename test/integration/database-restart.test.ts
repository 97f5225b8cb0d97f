import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RankingChanged } from "~/realtime/events";
import { controlEmbeddedPostgres, ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../../db/postgres";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";
import { TestClient } from "../support/test-app";

// PostgreSQL stopped and started again (fast, then immediate) under two running app processes
// (`npm start` twice, as scripts/serve-two.ts runs it) sharing socket.io through the PostgreSQL
// adapter. The database is this file's own embedded cluster on a free port, never the machine's.

const PASSWORD = "Demo@2026-restart";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe("a PostgreSQL restart under running app processes", () => {
  let dataDir: string;
  let postgres: RunningPostgres;
  let databaseUrl: string;
  let a: SpawnedServer;
  let b: SpawnedServer;
  let urlA: string;
  let urlB: string;
  let port: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-restart-"));
    fs.chmodSync(dataDir, 0o755); // the cluster's OS user must reach its folder
    port = await freePort();
    postgres = await startEmbeddedPostgres(dataDir, port);
    await ensureDatabase(postgres.serverUrl, "cchc");
    databaseUrl = withDatabase(postgres.serverUrl, "cchc");
    const [portA, portB] = [await freePort(), await freePort()];
    [urlA, urlB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    const { SESSION_SECRET: _s, REDIS_URL: _r, ...inherited } = process.env;
    const env = (appPort: number, prepare: boolean) => (_url: string, appDataDir: string) => ({
      ...inherited,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "restart-test-session-secret-long-enough-0123456789",
      PORT: String(appPort),
      HOST: "127.0.0.1",
      DATA_DIR: appDataDir,
      DEMO_PASSWORD: PASSWORD,
      PREPARE_DATABASE: prepare ? "on" : "off",
      // Long enough that the submit held on a row lock is still waiting when PostgreSQL stops.
      DB_LOCK_TIMEOUT_MS: "60000",
    });
    a = await spawnServerScript({ script: "scripts/serve.ts", env: env(portA, true), readyText: "Ứng dụng đang chạy", timeoutMs: 90_000, databaseUrl });
    b = await spawnServerScript({ script: "scripts/serve.ts", env: env(portB, false), readyText: "Ứng dụng đang chạy", timeoutMs: 90_000, databaseUrl });
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    try {
      await Promise.all([a?.stop(), b?.stop()]);
    } finally {
      await postgres?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it.each(["fast", "immediate"])("restart (%s): the apps stay up, answer 503 while it is down and 200 after, and live screens get their updates", async (mode) => {
    const probe = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    probe.on("error", () => {});
    const { rows } = await probe.query<{ id: number; slug: string; contest_id: number }>(
      "select r.id, c.slug, c.id as contest_id from rounds r join contests c on c.id = r.contest_id where r.number = 1",
    );
    const round = rows[0];

    // An organizer's live dashboard, connected to B.
    const organizer = new TestClient(urlA);
    await organizer.login("bantochuc@demo.cchc.vn", PASSWORD);
    const screen = connect(urlB, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: urlB, cookie: organizer.cookieHeader() } });
    sockets.push(screen);
    await new Promise<void>((resolve, reject) => {
      screen.once("connect", () => resolve());
      screen.once("connect_error", reject);
    });
    expect(await screen.emitWithAck("ranking:watch", { contestId: round.contest_id, roundId: round.id, view: "dashboard" })).toMatchObject({ ok: true });
    const notices: RankingChanged[] = [];
    let resyncs = 0;
    screen.on("ranking:changed", (notice: RankingChanged) => notices.push(notice));
    screen.on("ranking:resync", () => (resyncs += 1));

    // A contestant in the middle of an entry, on A.
    const contestant = new TestClient(urlA);
    await contestant.login("thisinh@demo.cchc.vn", PASSWORD);
    const started = await contestant.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
    expect(started.status).toBe(302);
    const entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    const save = (revision: number) => contestant.postJson(`/api/entries/${entryId}/answers`, { position: 0, chosen: [0], revision });
    expect((await save(1)).status).toBe(200);

    // A submit's transaction is open and waiting on the entry's row, which the test holds.
    const holder = new pg.Client({ connectionString: databaseUrl });
    holder.on("error", () => {});
    await holder.connect();
    await holder.query("begin");
    await holder.query("select 1 from entries where id = $1 for update", [entryId]);
    const submitting = contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" });
    await until("the submit to wait on the lock", async () => {
      const waiting = await probe.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and application_name = 'cchc-app'");
      return waiting.rowCount! > 0 ? true : undefined;
    });
    await probe.end();

    await controlEmbeddedPostgres(dataDir, ["stop", "-m", mode, "-w"]);
    // The submit caught in the middle fails with a message, and nothing of it was kept (checked after).
    const interrupted = await submitting;
    expect(interrupted.status).toBe(503);
    expect(await interrupted.text()).toContain("Vui lòng thử lại sau ít giây");

    // While the database is down: the answers API says 503 with Retry-After, pages say so too.
    const refused = await save(2);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ ok: false, message: expect.stringContaining("tự thử lại") });
    const page = await contestant.get(`/cuoc-thi/${round.slug}`);
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("Hệ thống đang bận");

    await controlEmbeddedPostgres(dataDir, ["start", "-w", "-l", path.join(dataDir, "postgres.log"), "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''`]);
    // Back: the save goes through (a 503 or two while the pool reconnects is what the page retries).
    await until("a save to be accepted again", async () => {
      const response = await save(3);
      if (response.status === 200) return true;
      expect(response.status).toBe(503);
      return undefined;
    });
    // B's LISTEN connection is back: its screens are told to reload, then a change on A reaches B.
    await until("B to resynchronise its screens", async () => (resyncs > 0 ? true : undefined));
    const before = notices.length;
    expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    await until("the submit's notice on B", async () => (notices.length > before ? true : undefined), 10_000);
    expect(notices.at(-1)).toMatchObject({ roundId: round.id });

    const check = new pg.Client({ connectionString: databaseUrl });
    await check.connect();
    const entry = await check.query("select status, (select revision from entry_answers where entry_id = $1 and position = 0) as revision from entries where id = $1", [entryId]);
    await check.end();
    expect(entry.rows[0]).toMatchObject({ status: "submitted", revision: "3" });
    await holder.end().catch(() => {});

    // Neither app process died, nor was one restarted by its supervisor.
    expect(a.alive() && b.alive()).toBe(true);
    expect(a.output() + b.output()).not.toContain("dừng bất thường");
  }, 120_000);
});
