import { randomBytes } from "node:crypto";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RankingChanged } from "~/realtime/events";
import { freePort, spawnServerScript } from "../support/spawned-server";
import { TestClient } from "../support/test-app";

// `npm run start:two` for real: scripts/serve-two.ts prepares one fresh database and runs
// scripts/serve.ts twice on it. A change made through process A reaches a socket connected to
// process B, with the PostgreSQL adapter and with the Redis one.

const PASSWORD = "Demo@2026-two";
const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function startTwo(extraEnv: Record<string, string>) {
  const [portA, portB] = [await freePort(), await freePort()];
  const { SESSION_SECRET: _ignored, REDIS_URL: _noRedis, ...inherited } = process.env;
  const server = await spawnServerScript({
    script: "scripts/serve-two.ts",
    // No SESSION_SECRET given: the script makes one and hands the same to both processes.
    env: (databaseUrl, dataDir) => ({
      ...inherited,
      DATABASE_URL: databaseUrl,
      PORT: String(portA),
      SECOND_PORT: String(portB),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO_PASSWORD: PASSWORD,
      ...extraEnv,
    }),
    readyText: "Hai tiến trình ứng dụng đang chạy",
    timeoutMs: 90_000,
  });
  const db = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
  return {
    a: `http://127.0.0.1:${portA}`,
    b: `http://127.0.0.1:${portB}`,
    db,
    output: server.output,
    async stop() {
      await db.end();
      await server.stop();
    },
  };
}

/** The next ranking notice on a screen; fails if none comes within `limitMs` (a bound on waiting, not a timing claim). */
function nextNotice(socket: Socket, limitMs = 10_000): Promise<RankingChanged> {
  return new Promise((resolve, reject) => {
    const received = (notice: RankingChanged) => {
      clearTimeout(timer);
      resolve(notice);
    };
    const timer = setTimeout(() => {
      socket.off("ranking:changed", received);
      reject(new Error(`no ranking notice within ${limitMs} ms`));
    }, limitMs);
    socket.once("ranking:changed", received);
  });
}

describe.each([
  { adapter: "PostgreSQL", env: {} as Record<string, string>, log: "qua PostgreSQL" },
  { adapter: "Redis", env: { REDIS_URL, REDIS_CHANNEL_PREFIX: `cchc-test-${randomBytes(4).toString("hex")}` }, log: "qua Redis." },
])("two app processes sharing socket.io through $adapter", ({ env, log }) => {
  let servers: Awaited<ReturnType<typeof startTwo>>;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    servers = await startTwo(env);
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await servers?.stop();
  });

  it("both processes say which adapter carries their events, and the database was prepared once", () => {
    expect(servers.output().split(log).length - 1).toBe(2);
    // Only the first process imports the banks (the second starts on the prepared database).
    expect(servers.output().split("Ngân hàng câu hỏi:").length - 1).toBe(1);
  });

  it("a login on one process is a login on the other; an entry submitted on A reaches a screen on B", async () => {
    const { rows: rounds } = await servers.db.query<{ id: number; slug: string; contest_id: number }>(
      "select r.id, c.slug, c.id as contest_id from rounds r join contests c on c.id = r.contest_id where r.number = 1",
    );
    const round = rounds[0];

    // The organizer logs in on A; the same cookie opens an organizer-only page on B.
    const organizer = new TestClient(servers.a);
    await organizer.login("bantochuc@demo.cchc.vn", PASSWORD);
    const onB = await fetch(`${servers.b}/quan-ly/cuoc-thi`, { headers: { cookie: organizer.cookieHeader() }, redirect: "manual" });
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain("Tạo cuộc thi mới");

    // A dashboard only the logged-in organizer may watch, on B: proves B read A's session.
    const screen = connect(servers.b, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: servers.b, cookie: organizer.cookieHeader() } });
    sockets.push(screen);
    await new Promise<void>((resolve, reject) => {
      screen.once("connect", () => resolve());
      screen.once("connect_error", reject);
    });
    expect(await screen.emitWithAck("ranking:watch", { contestId: round.contest_id, roundId: round.id, view: "dashboard" })).toMatchObject({ ok: true });
    const anonymous = connect(servers.b, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: servers.b } });
    sockets.push(anonymous);
    expect((await anonymous.emitWithAck("ranking:watch", { contestId: round.contest_id, view: "dashboard" })).ok).toBe(false);
    const room = `ranking/${round.contest_id}/${round.id}/*/*/dashboard`;

    // A contestant enters and submits on A; each step reaches the screen on B.
    const contestant = new TestClient(servers.a);
    await contestant.login("thisinh@demo.cchc.vn", PASSWORD);
    const startNotice = nextNotice(screen);
    const started = await contestant.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
    expect(started.status).toBe(302);
    const entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    expect(await startNotice).toMatchObject({ roundId: round.id, room });
    // The start's notice has arrived: the next one can only come from the submit.
    const submitNotice = nextNotice(screen);
    expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    expect(await submitNotice).toMatchObject({ roundId: round.id, room });
    const { rows } = await servers.db.query("select status from entries where id = $1", [entryId]);
    expect(rows[0].status).toBe("submitted");
  });
});
