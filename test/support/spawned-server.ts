import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { withDatabase } from "../../db/postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnedServer {
  databaseUrl: string;
  output(): string;
  /** Whether the process is still running (it has not exited on its own). */
  alive(): boolean;
  /** Sends a signal and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a real server script (`scripts/serve.ts`, `scripts/serve-two.ts`) as its own process on a
 * fresh database and a throw-away data folder, and waits until it prints `readyText`.
 */
export async function spawnServerScript(options: {
  script: string;
  /** Arguments after the script (`--cluster` for `npm run start:cluster`). */
  args?: string[];
  env: (databaseUrl: string, dataDir: string) => NodeJS.ProcessEnv;
  readyText: string;
  timeoutMs: number;
  /** Another PostgreSQL server than the suite's (a test's own embedded one). */
  serverUrl?: string;
  /** An existing database to use (kept at stop) rather than a fresh one (dropped at stop). */
  databaseUrl?: string;
}): Promise<SpawnedServer> {
  const serverUrl = options.serverUrl ?? inject("pgServerUrl");
  const database = `spawned_${randomBytes(4).toString("hex")}`;
  if (!options.databaseUrl) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${database}`);
    await admin.end();
  }
  const databaseUrl = options.databaseUrl ?? withDatabase(serverUrl, database);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-spawned-"));
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", options.script, ...(options.args ?? [])], {
    env: options.env(databaseUrl, dataDir),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${options.script} did not start:\n${output}`)), options.timeoutMs);
    const check = setInterval(() => {
      if (output.includes(options.readyText)) {
        clearInterval(check);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once("exit", (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`${options.script} exited with ${code}:\n${output}`));
    });
  });
  return {
    databaseUrl,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        // A graceful stop that hangs must not leave the process (and what it holds) behind.
        const force = setTimeout(() => child.kill("SIGKILL"), 40_000);
        await exited;
        clearTimeout(force);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (options.databaseUrl) return;
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}
