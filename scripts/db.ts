// npm run db -- url|start|stop: the embedded PostgreSQL of `npm start` (under DATA_DIR, default
// .data) on its own, for backups and restores while the app is stopped.
//   url    prints the connection string of the app's database (for pg_dump, pg_restore, psql)
//   start  starts the database alone and leaves it running (the next `npm start` adopts it)
//   stop   stops it
import fs from "node:fs";
import path from "node:path";
import { controlEmbeddedPostgres, ensureDatabase, readPostmasterPid, startEmbeddedPostgres, withDatabase } from "../db/postgres";
import { parseEnv } from "../app/config/env.server";

async function main(command: string | undefined): Promise<void> {
  const config = parseEnv(process.env);
  const dataDir = path.join(path.resolve(config.DATA_DIR), "postgres");
  const settingsFile = path.join(dataDir, "settings.json");
  if (command === "url") {
    if (!fs.existsSync(settingsFile)) throw new Error("Chưa có PostgreSQL nhúng: hãy chạy npm start một lần trước.");
    const { port, password } = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as { port: number; password: string };
    console.log(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/cchc`);
    return;
  }
  if (command === "start") {
    const running = await startEmbeddedPostgres(dataDir, config.EMBEDDED_PG_PORT);
    await ensureDatabase(running.serverUrl, "cchc");
    console.log(`PostgreSQL nhúng đang chạy: ${withDatabase(running.serverUrl, "cchc")}`);
    console.log("Nó sẽ chạy cho đến khi bạn chạy npm run db -- stop, hoặc npm start tiếp quản rồi dừng nó khi ứng dụng dừng.");
    return;
  }
  if (command === "stop") {
    if (readPostmasterPid(path.join(dataDir, "cluster")) === null) {
      console.log("PostgreSQL nhúng không chạy.");
      return;
    }
    await controlEmbeddedPostgres(dataDir, ["stop", "-m", "fast", "-w", "-t", "60"]);
    fs.rmSync(path.join(dataDir, "owner.json"), { force: true });
    console.log("Đã dừng PostgreSQL nhúng.");
    return;
  }
  throw new Error("Cách dùng: npm run db -- url | start | stop");
}

main(process.argv[2]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
