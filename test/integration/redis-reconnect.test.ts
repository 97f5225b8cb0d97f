import { randomBytes } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { createClient } from "redis";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachClusterAdapter, redisClientName } from "~/realtime/cluster-adapter.server";
import type { RankingChanged } from "~/realtime/events";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";
import { TestClient } from "../support/test-app";

// The Redis adapter's connections dropped under two running app processes (`npm start` twice,
// REDIS_URL set). The Redis server is the machine's, shared with other test runs: its connections
// are never killed by type, only this file's own, found by their names (CLIENT SETNAME, made from
// this file's channel prefix) and killed by id.

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const PASSWORD = "Demo@2026-redis";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, attempt: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** What these helpers need of a Redis client. */
type Admin = { sendCommand(args: string[]): Promise<unknown> };

/** The ids of the Redis connections named `name`. */
async function connectionIds(admin: Admin, name: string): Promise<string[]> {
  const list = String(await admin.sendCommand(["CLIENT", "LIST"]));
  return list
    .split("\n")
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /\bid=(\d+)/.exec(line)![1]);
}

/** Kills (by id) every connection named `name`; returns how many there were. */
async function killConnections(admin: Admin, name: string): Promise<number> {
  const ids = await connectionIds(admin, name);
  for (const id of ids) await admin.sendCommand(["CLIENT", "KILL", "ID", id]);
  return ids.length;
}

describe("Redis connections lost under two running app processes", () => {
  const prefix = `cchc-test-${randomBytes(4).toString("hex")}`;
  let admin: ReturnType<typeof createClient>;
  let a: SpawnedServer;
  let b: SpawnedServer;
  let urlA: string;
  let urlB: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    admin = createClient({ url: REDIS_URL });
    admin.on("error", () => {});
    await admin.connect();
    const [portA, portB] = [await freePort(), await freePort()];
    [urlA, urlB] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    const { SESSION_SECRET: _s, REDIS_URL: _r, ...inherited } = process.env;
    const env = (appPort: number, prepare: boolean) => (databaseUrl: string, dataDir: string) => ({
      ...inherited,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "redis-test-session-secret-long-enough-0123456789",
      PORT: String(appPort),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO_PASSWORD: PASSWORD,
      PREPARE_DATABASE: prepare ? "on" : "off",
      REDIS_URL,
      REDIS_CHANNEL_PREFIX: prefix,
    });
    a = await spawnServerScript({ script: "scripts/serve.ts", env: env(portA, true), readyText: "Ứng dụng đang chạy", timeoutMs: 90_000 });
    b = await spawnServerScript({ script: "scripts/serve.ts", env: env(portB, false), readyText: "Ứng dụng đang chạy", timeoutMs: 90_000, databaseUrl: a.databaseUrl });
  }, 200_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    // B first: it uses the database A made, which A drops at its stop.
    await b?.stop();
    await a?.stop();
    await admin?.quit().catch(() => {});
  }, 90_000);

  it("the apps stay up, the adapter reconnects, live screens resynchronise, and changes on A reach B again", async () => {
    expect(a.output()).toContain("qua Redis.");
    expect(b.output()).toContain("qua Redis.");
    const probe = new pg.Client({ connectionString: a.databaseUrl });
    await probe.connect();
    const { rows } = await probe.query<{ id: number; slug: string; contest_id: number }>(
      "select r.id, c.slug, c.id as contest_id from rounds r join contests c on c.id = r.contest_id where r.number = 1",
    );
    const round = rows[0];

    // An organizer's live dashboard on each process.
    const organizer = new TestClient(urlA);
    await organizer.login("bantochuc@demo.cchc.vn", PASSWORD);
    const screen = async (url: string) => {
      const socket = connect(url, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: url, cookie: organizer.cookieHeader() } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      expect(await socket.emitWithAck("ranking:watch", { contestId: round.contest_id, roundId: round.id, view: "dashboard" })).toMatchObject({ ok: true });
      const seen = { notices: [] as RankingChanged[], resyncs: [] as { contestId: number }[], disconnects: 0 };
      socket.on("ranking:changed", (notice: RankingChanged) => seen.notices.push(notice));
      socket.on("ranking:resync", (notice: { contestId: number }) => seen.resyncs.push(notice));
      socket.on("disconnect", () => (seen.disconnects += 1));
      return seen;
    };
    const onA = await screen(urlA);
    const onB = await screen(urlB);

    // Both processes hold one publishing and one subscribing connection, under this file's names.
    const pubName = redisClientName(prefix, "pub");
    const subName = redisClientName(prefix, "sub");
    expect((await connectionIds(admin, pubName)).length).toBe(2);
    expect((await connectionIds(admin, subName)).length).toBe(2);

    const contestant = new TestClient(urlA);
    await contestant.login("thisinh@demo.cchc.vn", PASSWORD);
    let entryId = "";
    // Twice: the second time, the connections being dropped are the ones opened again after the first.
    const changes = [
      async () => {
        const started = await contestant.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
        expect(started.status).toBe(302);
        entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
      },
      async () => expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302),
    ];
    for (const [turn, change] of changes.entries()) {
      const before = { pub: await connectionIds(admin, pubName), sub: await connectionIds(admin, subName) };
      const resyncsBefore = [onA.resyncs.length, onB.resyncs.length];
      // Subscribers first (what `CLIENT KILL TYPE pubsub` would drop), then publishers (TYPE normal).
      expect(await killConnections(admin, subName)).toBe(2);
      expect(await killConnections(admin, pubName)).toBe(2);

      // Each process opens its connections again (new ids) and tells its live screens to reload.
      await until(`round ${turn + 1}: the connections to be opened again`, async () => {
        const [pub, sub] = [await connectionIds(admin, pubName), await connectionIds(admin, subName)];
        const fresh = (ids: string[], old: string[]) => ids.length === 2 && ids.every((id) => !old.includes(id));
        return fresh(pub, before.pub) && fresh(sub, before.sub) ? true : undefined;
      });
      await until(`round ${turn + 1}: both screens to be resynchronised`, () =>
        onA.resyncs.length > resyncsBefore[0] && onB.resyncs.length > resyncsBefore[1] ? true : undefined,
      );
      expect(onB.resyncs.at(-1)).toEqual({ contestId: round.contest_id });

      // A change made through A after that reaches the screen on B (through Redis) and the one on A.
      const noticesBefore = [onA.notices.length, onB.notices.length];
      await change();
      await until(`round ${turn + 1}: the change's notice on B`, () => (onB.notices.length > noticesBefore[1] ? true : undefined), 10_000);
      expect(onB.notices.at(-1)).toMatchObject({ roundId: round.id, room: `ranking/${round.contest_id}/${round.id}/*/*/dashboard` });
      await until(`round ${turn + 1}: the change's notice on A`, () => (onA.notices.length > noticesBefore[0] ? true : undefined), 10_000);
    }
    const { rows: entries } = await probe.query("select status from entries where id = $1", [entryId]);
    expect(entries[0].status).toBe("submitted");
    await probe.end();

    // The browsers' own socket.io connections were never touched; no process died or was restarted.
    expect(onA.disconnects + onB.disconnects).toBe(0);
    expect(a.alive() && b.alive()).toBe(true);
    expect(a.output() + b.output()).not.toContain("dừng bất thường");
    for (const server of [a, b]) {
      expect(server.output().split("[trực tiếp qua Redis] đã kết nối lại; các màn hình trực tiếp tải lại dữ liệu").length - 1).toBe(2);
    }
  }, 120_000);
});

describe("a publishing connection lost while notices are being sent", () => {
  it("loses those notices (at most once) but does not end the process with an unhandled rejection", async () => {
    const prefix = `cchc-test-${randomBytes(4).toString("hex")}`;
    const admin = createClient({ url: REDIS_URL });
    admin.on("error", () => {});
    await admin.connect();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    // Vitest's own handler would report one as an error of the run; this one counts them.
    process.on("unhandledRejection", onRejection);
    const io = new Server(http.createServer());
    let reconnected = 0;
    const adapter = await attachClusterAdapter(io, { kind: "redis", redisUrl: REDIS_URL, channelPrefix: prefix }, { onReconnected: () => (reconnected += 1) });
    try {
      // Notices go out as fast as the process can send them, so some PUBLISH are on the wire when the connection drops.
      let sending = true;
      let sent = 0;
      const burst = (async () => {
        while (sending) {
          for (let i = 0; i < 200; i++) io.to("ranking/1/*/*/*/dashboard").emit("ranking:changed", { n: sent++ });
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await sleep(300);
      expect(await killConnections(admin, redisClientName(prefix, "pub"))).toBe(1);
      await until("the publisher to be connected again", async () => ((await connectionIds(admin, redisClientName(prefix, "pub"))).length === 1 ? true : undefined));
      await sleep(500);
      sending = false;
      await burst;
      // Let any rejection of the lost PUBLISH commands surface.
      await sleep(200);
      expect(sent).toBeGreaterThan(1000);
      expect(rejections).toEqual([]);
      // Only the publisher was dropped: nothing was missed on the subscribing side, no resync.
      expect(reconnected).toBe(0);
    } finally {
      process.off("unhandledRejection", onRejection);
      io.close();
      await adapter.close();
      await admin.quit().catch(() => {});
    }
  }, 30_000);
});
