import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAccount } from "~/accounts/accounts.server";
import { createDatabase, onReplica, useReadReplica, type DBOrTransaction } from "~/database/connection.server";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";
import { startStreamingPair, type StreamingPair } from "../support/streaming-replica";
import { TestClient } from "../support/test-app";

// Past one machine: two app processes (`npm run start:two`, scripts/serve-two.ts) on a PostgreSQL
// primary, with DATABASE_REPLICA_URL pointing at a streaming replica of it. Entries are submitted
// through process A; the public ranking is read through process B, from the replica (shown by
// pausing the replica's replay: B's board stops moving while the primary has the new entry), and
// from the primary once the replica is killed, the page still answering.

const PASSWORD = "Demo@2026-replica";
const FIRST = "Lê Thị Thí Sinh"; // the demo contestant
const SECOND = "Phạm Văn Bản Sao";

describe("two app processes, a primary and a streaming replica", () => {
  let pair: StreamingPair;
  let server: SpawnedServer;
  let primary: pg.Pool;
  let a: string;
  let b: string;
  let rankingPath: string;
  let roundId: number;

  beforeAll(async () => {
    pair = await startStreamingPair();
    const [portA, portB] = [await freePort(), await freePort()];
    const { SESSION_SECRET: _s, REDIS_URL: _r, DATABASE_REPLICA_URL: _d, WORKERS: _w, ...inherited } = process.env;
    server = await spawnServerScript({
      script: "scripts/serve-two.ts",
      serverUrl: pair.primaryServerUrl,
      env: (databaseUrl, dataDir) => ({
        ...inherited,
        DATABASE_URL: databaseUrl,
        DATABASE_REPLICA_URL: pair.replicaUrlOf(databaseUrl),
        PORT: String(portA),
        SECOND_PORT: String(portB),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        DEMO_PASSWORD: PASSWORD,
      }),
      readyText: "Hai tiến trình ứng dụng đang chạy",
      timeoutMs: 90_000,
    });
    a = `http://127.0.0.1:${portA}`;
    b = `http://127.0.0.1:${portB}`;
    primary = new pg.Pool({ connectionString: server.databaseUrl, max: 2 });
    const { rows } = await primary.query<{ id: number; slug: string; unit_id: number }>(
      "select r.id, c.slug, u.unit_id from rounds r join contests c on c.id = r.contest_id, users u where r.number = 1 and u.email = 'thisinh@demo.cchc.vn'",
    );
    roundId = rows[0].id;
    rankingPath = `/cuoc-thi/${rows[0].slug}/xep-hang?dot=1`;
    // A second contestant, in the same unit.
    const db = createDatabase(server.databaseUrl, 1);
    await createAccount(db, { fullName: SECOND, login: { kind: "email", email: "bansao@demo.cchc.vn" }, password: PASSWORD, unitId: rows[0].unit_id });
    await db.destroy();
  }, 180_000);

  afterAll(async () => {
    await primary?.end();
    await server?.stop();
    await pair?.stop();
  });

  async function submitOnA(email: string) {
    const contestant = new TestClient(a);
    await contestant.login(email, PASSWORD);
    const started = await contestant.postForm(`/cuoc-thi/${rankingPath.split("/")[2]}`, { intent: "start", roundId });
    expect(started.status).toBe(302);
    const entryId = /\/bai-thi\/(\d+)$/.exec(started.headers.get("location") ?? "")![1];
    expect((await contestant.postForm(`/bai-thi/${entryId}`, { intent: "submit" })).status).toBe(302);
    const { rows } = await primary.query("select status from entries where id = $1", [entryId]);
    expect(rows[0].status).not.toBe("in_progress");
  }

  async function boardOnB(): Promise<string> {
    const response = await fetch(`${b}${rankingPath}`);
    expect(response.status).toBe(200);
    return response.text();
  }

  it("shows on B, read from the replica once it has caught up, an entry submitted through A", async () => {
    await submitOnA("thisinh@demo.cchc.vn");
    await pair.caughtUp();
    expect(await boardOnB()).toContain(FIRST);
  });

  it("reads B's board from the replica: while the replica's replay is paused, a new entry is on the primary but not on the board", async () => {
    await pair.pauseReplay();
    await submitOnA("bansao@demo.cchc.vn");
    const paused = await boardOnB();
    expect(paused).toContain(FIRST);
    expect(paused).not.toContain(SECOND);
    await pair.resumeReplay();
    await pair.caughtUp();
    expect(await boardOnB()).toContain(SECOND);
  });

  it("reads from the primary while the replica is further behind than allowed, and from the replica again once it has caught up", async () => {
    const db = createDatabase(server.databaseUrl, 2);
    const replica = useReadReplica(db, pair.replicaUrlOf(server.databaseUrl), { maxConnections: 2, maxLagMs: 1000, lagCheckMs: 100 });
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const who = () => onReplica(db, (source: DBOrTransaction) => sql<{ name: string }>`select current_setting('application_name') as name`.execute(source).then((r) => r.rows[0].name));
    const until = async (name: string) => {
      for (let i = 0; i < 100 && (await who()) !== name; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      return who();
    };
    try {
      expect(await who()).toBe("cchc-replica");
      await pair.pauseReplay();
      // The primary keeps writing while the replica stands still.
      await primary.query("create table lag_probe (n int)");
      const writer = setInterval(() => void primary.query("insert into lag_probe values (1)").catch(() => {}), 50);
      try {
        expect(await until("cchc-app")).toBe("cchc-app");
        expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining("bản sao chậm hơn máy chủ chính quá 1 giây"));
      } finally {
        clearInterval(writer);
      }
      await pair.resumeReplay();
      expect(await until("cchc-replica")).toBe("cchc-replica");
      expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringContaining("bản sao đã theo kịp"));
    } finally {
      warn.mockRestore();
      await pair.resumeReplay();
      await replica.close();
      await db.destroy();
    }
  });

  it("answers from the primary when the replica is gone, and says so once in B's console", async () => {
    await pair.killReplica();
    for (let i = 0; i < 3; i++) {
      const page = await boardOnB();
      expect(page).toContain(FIRST);
      expect(page).toContain(SECOND);
    }
    const said = server.output().split("\n").filter((line) => line.startsWith("[B]") && line.includes("không đọc được từ bản sao"));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain("bảng xếp hạng tạm đọc từ máy chủ chính");
  });
});
