// npm run db -- url|start|stop|dump FILE|restore FILE: the embedded PostgreSQL of `npm start`
// (under DATA_DIR, default .data) on its own, for backups and restores.
//   url           prints the connection string of the app's database (for pg_dump, pg_restore, psql)
//   start         starts the database alone and leaves it running (the next `npm start` adopts it)
//   stop          stops it
//   dump FILE     a custom-format dump of the app's database (the app may run)
//   restore FILE  puts such a dump back, all or nothing (the app must be stopped)
// dump and restore work on DATABASE_URL when it is set, and use PostgreSQL's own tools: PG_BIN_DIR,
// or the newest found in PATH and /usr/lib/postgresql/*/bin, refused when older than the server.
import fs from "node:fs";
import path from "node:path";
import { chooseClientTools, dumpDatabase, findClientTools, restoreDatabase, serverVersion } from "../db/backup";
import { controlEmbeddedPostgres, ensureDatabase, readPostmasterPid, startEmbeddedPostgres, withDatabase } from "../db/postgres";
import { parseEnv } from "../app/config/env.server";

async function main(command: string | undefined, file: string | undefined): Promise<void> {
  const config = parseEnv(process.env);
  const dataDir = path.join(path.resolve(config.DATA_DIR), "postgres");
  const settingsFile = path.join(dataDir, "settings.json");
  const embeddedUrl = (): string => {
    if (!fs.existsSync(settingsFile)) throw new Error("Chưa có PostgreSQL nhúng: hãy chạy npm start một lần trước.");
    const { port, password } = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as { port: number; password: string };
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/cchc`;
  };
  if (command === "url") {
    console.log(embeddedUrl());
    return;
  }
  if (command === "dump" || command === "restore") {
    if (!file) throw new Error(`Cách dùng: npm run db -- ${command} TỆP`);
    const url = config.DATABASE_URL ?? embeddedUrl();
    const server = await serverVersion(url).catch((error: Error) => {
      const hint = config.DATABASE_URL ? "" : " PostgreSQL nhúng có đang chạy không? Hãy chạy npm start, hoặc npm run db -- start.";
      throw new Error(`Không kết nối được PostgreSQL: ${error.message}.${hint}`);
    });
    const tools = chooseClientTools(await findClientTools(), server);
    const target = path.resolve(file);
    if (command === "dump") {
      await dumpDatabase(url, target, tools);
      console.log(`Đã sao lưu vào ${target} (${fs.statSync(target).size.toLocaleString("vi-VN")} byte; pg_dump ${tools.version}, máy chủ ${server.version}).`);
    } else {
      await restoreDatabase(url, target, tools, server);
      console.log(`Đã khôi phục ${target} (pg_restore ${tools.version}, máy chủ ${server.version}).`);
    }
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
  throw new Error("Cách dùng: npm run db -- url | start | stop | dump TỆP | restore TỆP");
}

main(process.argv[2], process.argv[3]).catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
