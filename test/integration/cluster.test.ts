import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";
import { TestClient } from "../support/test-app";

// `npm run start:cluster` for real (scripts/serve.ts --cluster, two workers on one port): the
// connections are counted before the workers start, live notices reach sockets held by either
// worker, socket.io refuses long-polling (which would need sticky sessions), and a worker killed
// while a contestant answers is replaced without losing a confirmed answer.

const PASSWORD = "Demo@2026-cluster";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe("npm run start:cluster: two workers on one port", () => {
  let server: SpawnedServer;
  let base: string;
  let db: pg.Pool;
  let round: { id: number; slug: string; contest_id: number };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    const port = await freePort();
    const { SESSION_SECRET: _s, REDIS_URL: _r, DATABASE_REPLICA_URL: _d, DB_POOL_SIZE: _p, ANSWER_SAVE_POOL_SIZE: _a, ...inherited } = process.env;
    server = await spawnServerScript({
      script: "scripts/serve.ts",
      args: ["--cluster"],
      env: (databaseUrl, dataDir) => ({ ...inherited, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, WORKERS: "2" }),
      readyText: "Ứng dụng đang chạy",
      timeoutMs: 120_000,
    });
    base = `http://127.0.0.1:${port}`;
    db = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    const { rows } = await db.query("select r.id, c.slug, c.id as contest_id from rounds r join contests c on c.id = r.contest_id where r.number = 1");
    round = rows[0];
  }, 150_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await db?.end();
    await server?.stop();
  });

  it("counts the workers' database connections against the server's limit before starting them", () => {
    expect(server.output()).toMatch(/Kết nối cơ sở dữ liệu: 2 tiến trình × \d+ \(ứng dụng \d+, lưu câu trả lời \d+, sự kiện trực tiếp 3\) \+ 2 khi khởi động = \d+, trong giới hạn \d+ của máy chủ/);
    expect(server.output()).toContain("2 tiến trình ứng dụng dùng chung cổng");
    expect(server.output().match(/đã sẵn sàng/g)).toHaveLength(2);
  });

  it("accepts WebSocket only, and a submit reaches screens held by either worker", async () => {
    // Long-polling's requests would be spread over the workers, which do not share its sessions.
    const polling = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { headers: { origin: base } });
    expect(polling.status).toBe(400);

    const organizer = new TestClient(base);
    await organizer.login("bantochuc@demo.cchc.vn", PASSWORD);
    // The cluster module hands connections to the workers in turn: four screens sit on both.
    for (let i = 0; i < 4; i++) {
      const socket = connect(base, { transports: ["websocket"], forceNew: true, extraHeaders: { origin: base, cookie: organizer.cookieHeader() } });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      expect(await socket.emitWithAck("ranking:watch", { contestId: round.contest_id, roundId: round.id, view: "dashboard" })).toMatchObject({ ok: true });
    }
    const contestant = new TestClient(base);
    await contestant.login("thisinh@demo.cchc.vn", PASSWORD);
    const started = await contestant.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
    expect(started.status).toBe(302);
    const entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    // Let the start's notices pass, then every screen must hear of the submit.
    await sleep(1500);
    const heard = sockets.map(
      (socket) =>
        new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no notice within 10 s")), 10_000);
          socket.once("ranking:changed", () => {
            clearTimeout(timer);
            resolve();
          });
        }),
    );
    expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    await Promise.all(heard);
  });

  it("replaces a worker killed while a contestant answers; every confirmed answer is kept", async () => {
    const contestant = new TestClient(base);
    await contestant.login("thisinh@demo.cchc.vn", PASSWORD);
    // A fresh entry: the earlier one is removed so that the round's attempt limit does not apply.
    await db.query("delete from entries where user_id = (select id from users where email = 'thisinh@demo.cchc.vn')");
    const started = await contestant.postForm(`/cuoc-thi/${round.slug}`, { intent: "start", roundId: round.id });
    expect(started.status).toBe(302);
    const entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    const { rows: questions } = await db.query<{ position: number }>("select position from entry_questions where entry_id = $1 order by position", [entryId]);

    const confirmed = new Set<number>();
    const save = async (position: number) => {
      // The page's answer queue sends a save again until it is confirmed; so does this.
      for (let attempt = 0; attempt < 50; attempt++) {
        const response = await contestant.postJson(`/api/entries/${entryId}/answers`, { position, chosen: [0], revision: 1 }).catch(() => null);
        if (response?.status === 200) {
          confirmed.add(position);
          return;
        }
        await sleep(200);
      }
      throw new Error(`answer ${position} never confirmed`);
    };
    const half = Math.floor(questions.length / 2);
    for (const q of questions.slice(0, half)) await save(q.position);

    const workerPid = Number(/Tiến trình ứng dụng số 2 \(mã tiến trình (\d+)\)/.exec(server.output())![1]);
    process.kill(workerPid, "SIGKILL");
    for (const q of questions.slice(half)) await save(q.position);
    await until("the supervisor to replace the worker", () => (server.output().match(/đã sẵn sàng/g) ?? []).length >= 3);
    expect(server.output()).toContain("Tiến trình ứng dụng số 2 đã dừng bất thường (bị buộc dừng)");
    expect(server.alive()).toBe(true);

    const { rows } = await db.query<{ position: number }>("select position from entry_answers where entry_id = $1", [entryId]);
    expect(new Set(rows.map((r) => r.position))).toEqual(confirmed);
    expect(confirmed.size).toBe(questions.length);
    expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
  }, 120_000);
});
