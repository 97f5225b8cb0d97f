import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, spawnServerScript, type SpawnedServer } from "../support/spawned-server";

// A small load-test run (scripts/loadtest.ts) against `npm start` with its own embedded
// PostgreSQL, which is restarted (pg_ctl restart -m immediate) in the middle of the answering:
// every answer the server confirmed must be in the database afterwards.

describe("a load test with a PostgreSQL restart in the middle", () => {
  let dataDir: string;
  let appPort: number;
  let server: SpawnedServer;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-loadrestart-"));
    fs.chmodSync(dataDir, 0o755);
    appPort = await freePort();
    const pgPort = await freePort();
    const { DATABASE_URL: _d, SESSION_SECRET: _s, REDIS_URL: _r, ...inherited } = process.env;
    server = await spawnServerScript({
      script: "scripts/serve.ts",
      env: () => ({ ...inherited, DATA_DIR: dataDir, PORT: String(appPort), HOST: "127.0.0.1", EMBEDDED_PG_PORT: String(pgPort) }),
      readyText: "Ứng dụng đang chạy",
      timeoutMs: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it("reports 0 lost answers, and the app process stayed up", async () => {
    const { DATABASE_URL: _d, ...inherited } = process.env;
    const args = ["--import", "tsx", "scripts/loadtest.ts", "--url", `http://127.0.0.1:${appPort}`, "--contestants", "12", "--prepare"];
    args.push("--think-ms", "100,300", "--ramp-seconds", "3", "--change-rate", "0", "--restart-db-at", "3", "--restart-mode", "immediate", "--max-seconds", "120");
    const child = spawn(process.execPath, args, { env: { ...inherited, DATA_DIR: dataDir }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code, output).toBe(0);
    expect(output).toMatch(/database restarted \(immediate\) 3 s into the run/);
    expect(output).toMatch(/answers confirmed by the server \(200 ok\): [1-9]\d* saves/);
    expect(output).toContain("lost answers: 0");
    expect(server.alive()).toBe(true);
    expect(server.output()).not.toContain("dừng bất thường");
  }, 150_000);
});
