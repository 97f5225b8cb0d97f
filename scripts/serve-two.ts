// Two app processes against one PostgreSQL: the database is started (embedded, or DATABASE_URL)
// and prepared once, then scripts/serve.ts runs twice, on PORT (3000) and SECOND_PORT (PORT + 1).
// Both read the same session secret, so a login on one is valid on the other, and both attach the
// socket.io PostgreSQL adapter (Redis when REDIS_URL is set), so a change made through one reaches
// the live screens connected to the other.
//
// Two ports rather than node:cluster behind one port: it is how the app runs behind a load
// balancer (nginx, a cloud balancer) on one or several machines, each process can be reached and
// tested on its own, and nothing is shared but PostgreSQL. Behind one address, the balancer needs
// sticky sessions for socket.io's polling fallback (nginx `ip_hash`); the WebSocket transport,
// which the browser tries first, needs none.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../db/postgres";
import { parseEnv } from "../app/config/env.server";
import { loadOrCreateSecret } from "./session-secret";

const root = process.cwd();
const READY = "Ứng dụng đang chạy";

async function main() {
  const config = parseEnv(process.env);
  const dataDir = path.resolve(root, config.DATA_DIR);
  const firstPort = config.PORT;
  const secondPort = config.SECOND_PORT ?? firstPort + 1;
  fs.mkdirSync(dataDir, { recursive: true });
  let embedded: RunningPostgres | undefined;
  if (!config.DATABASE_URL) {
    console.log("Chưa đặt DATABASE_URL: khởi động PostgreSQL nhúng (dữ liệu ở .data/postgres)…");
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"), config.EMBEDDED_PG_PORT);
    await ensureDatabase(embedded.serverUrl, "cchc");
  }
  const databaseUrl = config.DATABASE_URL ?? withDatabase(embedded!.serverUrl, "cchc");
  const sessionSecret = config.SESSION_SECRET ?? loadOrCreateSecret(path.join(dataDir, "session-secret"));

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("Đang dừng hai tiến trình…");
    await Promise.all(
      children.map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  const start = (name: string, port: number, prepare: boolean) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join("scripts", "serve.ts")], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl, SESSION_SECRET: sessionSecret, PORT: String(port), DATA_DIR: dataDir, PREPARE_DATABASE: prepare ? "on" : "off" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let ready = false;
      const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
        let pending = "";
        stream.on("data", (chunk: Buffer) => {
          pending += chunk.toString("utf8");
          const lines = pending.split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) {
            out.write(`[${name}] ${line}\n`);
            if (!ready && line.includes(READY)) {
              ready = true;
              resolve();
            }
          }
        });
      };
      relay(child.stdout!, process.stdout);
      relay(child.stderr!, process.stderr);
      child.once("exit", (code) => {
        if (!ready) reject(new Error(`Tiến trình ${name} dừng khi đang khởi động (mã ${code}).`));
        else if (!stopping) {
          console.error(`Tiến trình ${name} đã dừng (mã ${code}); dừng tiến trình còn lại.`);
          void stop(1);
        }
      });
    });

  // The first prepares the database (migrations, banks, demo); the second starts on it as it is.
  try {
    await start("A", firstPort, true);
    await start("B", secondPort, false);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
  console.log(`\nHai tiến trình ứng dụng đang chạy: http://localhost:${firstPort} và http://localhost:${secondPort} (cùng một cơ sở dữ liệu).`);
}

main().catch(async (error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
