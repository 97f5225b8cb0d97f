import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./spawned-server";

// A throw-away PostgreSQL primary and a streaming replica of it (pg_basebackup -R), from Debian's
// PostgreSQL 15 binaries (the embedded PostgreSQL ships no pg_basebackup), in data folders of their
// own under the OS temp dir, on free ports, loopback only, trust authentication.

const BIN = process.env.TEST_PG_BIN_DIR ?? "/usr/lib/postgresql/15/bin";

/** PostgreSQL refuses to run as root: under root the servers run as the `postgres` user. */
async function runAs(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"], null), run("id", ["-g", "postgres"], null)]);
  return { uid: Number(uid), gid: Number(gid) };
}

function run(program: string, args: string[], owner: { uid: number; gid: number } | null): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(program, args, { ...(owner ?? {}), env: { ...process.env, LC_ALL: "C" }, cwd: os.tmpdir() }, (error, stdout, stderr) =>
      error ? reject(new Error(`${path.basename(program)} ${args.join(" ")}: ${stderr || error.message}`)) : resolve(stdout.trim()),
    ),
  );
}

export interface StreamingPair {
  primaryServerUrl: string;
  replicaPort: number;
  /** The same database's address on the replica. */
  replicaUrlOf(primaryDatabaseUrl: string): string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Stops the replica at once, as a crash would. */
  killReplica(): Promise<void>;
  stop(): Promise<void>;
}

export async function startStreamingPair(): Promise<StreamingPair> {
  const owner = await runAs();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cchc-replication-"));
  const primaryDir = path.join(root, "primary");
  const replicaDir = path.join(root, "replica");
  if (owner) fs.chownSync(root, owner.uid, owner.gid);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const options = (port: number) => `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=100 -c max_wal_senders=4`;
  const started: string[] = [];
  const stopServer = (dir: string, mode: "fast" | "immediate") => run(path.join(BIN, "pg_ctl"), ["-D", dir, "-m", mode, "-w", "stop"], owner).catch(() => "");
  try {
    await run(path.join(BIN, "initdb"), ["-D", primaryDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"], owner);
    await run(path.join(BIN, "pg_ctl"), ["-D", primaryDir, "-l", path.join(root, "primary.log"), "-o", options(primaryPort), "-w", "start"], owner);
    started.push(primaryDir);
    // initdb's pg_hba.conf lets 127.0.0.1 replicate: the replica is a copy that keeps streaming.
    await run(path.join(BIN, "pg_basebackup"), ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream", "-c", "fast"], owner);
    await run(path.join(BIN, "pg_ctl"), ["-D", replicaDir, "-l", path.join(root, "replica.log"), "-o", options(replicaPort), "-w", "start"], owner);
    started.push(replicaDir);
  } catch (error) {
    for (const dir of started) await stopServer(dir, "immediate");
    fs.rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const primaryServerUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const replicaServerUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
  const query = async <T extends pg.QueryResultRow>(url: string, text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    primaryServerUrl,
    replicaPort,
    replicaUrlOf: (url) => url.replace(`:${primaryPort}/`, `:${replicaPort}/`),
    async caughtUp(timeoutMs = 20_000) {
      const [{ lsn }] = await query<{ lsn: string }>(primaryServerUrl, "select pg_current_wal_lsn()::text as lsn");
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [{ done }] = await query<{ done: boolean }>(replicaServerUrl, `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as done`);
        if (done) return;
        if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async pauseReplay() {
      await query(replicaServerUrl, "select pg_wal_replay_pause()");
    },
    async resumeReplay() {
      await query(replicaServerUrl, "select pg_wal_replay_resume()");
    },
    async killReplica() {
      await stopServer(replicaDir, "immediate");
    },
    async stop() {
      await stopServer(replicaDir, "immediate");
      await stopServer(primaryDir, "fast");
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
