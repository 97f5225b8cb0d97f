import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPostmasterOf, readPostmasterPid, startEmbeddedPostgres } from "../../db/postgres";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";

// `npm start` with its own embedded PostgreSQL under a throw-away DATA_DIR: it starts despite a
// stale postmaster.pid, replaces a worker that dies, stops the database it owns at a graceful
// stop, and adopts (then stops) a database a killed start left running.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const READY = "Ứng dụng đang chạy";

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 90_000) {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

describe("npm start's supervisor and its embedded PostgreSQL", () => {
  let dataDir: string;
  let appPort: number;
  let pgPort: number;
  let unrelated: ChildProcess;
  let server: SpawnedServer | undefined;
  const clusterDir = () => path.join(dataDir, "postgres", "cluster");

  const start = () => {
    const { DATABASE_URL: _d, SESSION_SECRET: _s, REDIS_URL: _r, ...inherited } = process.env;
    return spawnServerScript({
      script: "scripts/serve.ts",
      env: () => ({ ...inherited, DATA_DIR: dataDir, PORT: String(appPort), HOST: "127.0.0.1", EMBEDDED_PG_PORT: String(pgPort), DEMO_PASSWORD: "Demo@2026-sup" }),
      readyText: READY,
      timeoutMs: 120_000,
    });
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-supervisor-"));
    fs.chmodSync(dataDir, 0o755);
    [appPort, pgPort] = [await freePort(), await freePort()];
    // A cluster that ran once and stopped...
    const first = await startEmbeddedPostgres(path.join(dataDir, "postgres"), pgPort);
    await first.stop();
    // ...then, as after a reboot, its postmaster.pid names a PID now used by an unrelated process of the same OS user.
    const asPostgres = process.getuid?.() === 0 ? { uid: Number(fs.statSync(clusterDir()).uid), gid: Number(fs.statSync(clusterDir()).gid) } : {};
    unrelated = spawn("sleep", ["600"], { ...asPostgres, stdio: "ignore" });
    fs.writeFileSync(path.join(clusterDir(), "postmaster.pid"), `${unrelated.pid}\n${clusterDir()}\n1700000000\n${pgPort}\n\n127.0.0.1\n  5432001  0\nready   \n`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    unrelated?.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("starts despite a stale postmaster.pid naming a live unrelated process", async () => {
    server = await start();
    expect((await fetch(`http://127.0.0.1:${appPort}/`)).status).toBe(200);
    expect(unrelated.exitCode).toBeNull(); // left alone
    // Whoever runs npm start reads Vietnamese: roles by name, no setting names or folders.
    expect(server.output()).toMatch(/Ban tổ chức\s+bantochuc@demo\.cchc\.vn/);
    expect(server.output()).not.toMatch(/\b(admin|organizer|leader|contestant)\b|DATABASE_URL|REDIS_URL|\.data\//);
  }, 150_000);

  it("replaces a worker that dies, says why, and serves again", async () => {
    const workerPid = Number(/mã tiến trình (\d+)/.exec(server!.output())![1]);
    process.kill(workerPid, "SIGKILL");
    await until("the supervisor to start another worker", () => (server!.output().match(/đã sẵn sàng/g) ?? []).length >= 2);
    expect(server!.output()).toContain("Tiến trình ứng dụng số 1 đã dừng bất thường (bị buộc dừng)");
    expect((await fetch(`http://127.0.0.1:${appPort}/`)).status).toBe(200);
    expect(server!.alive()).toBe(true);
  }, 120_000);

  it("adopts the database a killed start left running, and stops it at a graceful stop", async () => {
    const killed = server!;
    await killed.kill("SIGKILL");
    const left = readPostmasterPid(clusterDir());
    expect(left !== null && isPostmasterOf(left.pid, clusterDir())).toBe(true);
    // The worker notices its supervisor is gone and ends; then the port is free again.
    await until("the port to be free", async () => !(await fetch(`http://127.0.0.1:${appPort}/`).then(() => true, () => false)), 30_000);
    await killed.stop();

    server = await start();
    expect(server.output()).toContain("PostgreSQL nhúng vẫn chạy từ lần trước");
    expect(readPostmasterPid(clusterDir())?.pid).toBe(left!.pid);
    await server.kill("SIGTERM");
    expect(server.output()).toContain("Tiến trình ứng dụng số 1 đang dừng…");
    expect(server.output()).toContain("Đã dừng PostgreSQL nhúng.");
    expect(readPostmasterPid(clusterDir())).toBeNull();
    expect(isPostmasterOf(left!.pid, clusterDir())).toBe(false);
  }, 150_000);
});
