// Starts the whole platform: PostgreSQL (DATABASE_URL, or an embedded server under .data/),
// migrations, the shipped question banks, the demo, and one HTTP server for Remix and socket.io.
// socket.io shares its events with the other app processes of the same database through the
// PostgreSQL adapter (or Redis when REDIS_URL is set), so any number of these can run side by side
// (scripts/serve-two.ts starts two). PREPARE_DATABASE=off skips the migrations, banks and demo,
// for a process whose database another one has just prepared.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../db/postgres";
import { createDatabase } from "../app/database/connection.server";
import { DEMO_ACCOUNTS } from "../app/demo/seed-demo.server";
import { startAccountHousekeeping } from "../app/auth/housekeeping.server";
import { startFinaliser } from "../app/entries/finaliser.server";
import { failInterruptedExports } from "../app/exports/export-jobs.server";
import { clusterTransportFromEnv } from "../app/realtime/cluster-adapter.server";
import { createAppServer } from "../app/server/create-app.server";
import { prepareDatabase } from "../app/server/prepare-database.server";
import { loadOrCreateSecret } from "./session-secret";

installGlobals({ nativeFetch: true });

const root = process.cwd();
const dataDir = path.resolve(root, process.env.DATA_DIR ?? ".data");
const port = Number(process.env.PORT ?? 3000);
// Loopback unless asked: a reverse proxy on this machine reaches it; HOST=0.0.0.0 opens it to the network.
const host = process.env.HOST ?? "127.0.0.1";
const demoPassword = process.env.DEMO_DATA === "off" ? null : (process.env.DEMO_PASSWORD ?? "Demo@2026");

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  let embedded: RunningPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    console.log("Chưa đặt DATABASE_URL: khởi động PostgreSQL nhúng (dữ liệu ở .data/postgres)…");
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"), Number(process.env.EMBEDDED_PG_PORT ?? 54329));
    await ensureDatabase(embedded.serverUrl, "cchc");
    process.env.DATABASE_URL = withDatabase(embedded.serverUrl, "cchc");
  }
  process.env.SESSION_SECRET ??= loadOrCreateSecret(path.join(dataDir, "session-secret"));

  const db = createDatabase(process.env.DATABASE_URL!, Number(process.env.DB_POOL_SIZE ?? 20));
  const banksDir = path.resolve(root, process.env.QUESTION_BANKS_DIR ?? "question-banks");
  if (process.env.PREPARE_DATABASE !== "off") {
    const prepared = await prepareDatabase(db, { banksDir, demoPassword });
    const b = prepared.banks;
    console.log(`Ngân hàng câu hỏi: ${b.banks} ngân hàng, ${b.questionsCreated} câu mới, ${b.versionsCreated} phiên bản mới, ${b.unchanged} câu không đổi.`);
  }

  await failInterruptedExports(db); // exports this process (or a dead one) left half-written
  const buildDir = path.join(root, "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
  const server = await createAppServer({ db, build, buildDir, cluster: clusterTransportFromEnv(process.env.DATABASE_URL!) });
  const { httpServer, io } = server;
  // Every process runs the finaliser: it takes due entries with SKIP LOCKED, so none is finalised twice.
  const finaliser = startFinaliser(db, io);
  const housekeeping = startAccountHousekeeping(db);

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  console.log(`Sự kiện trực tiếp giữa các tiến trình qua ${server.cluster === "redis" ? "Redis (REDIS_URL)" : "PostgreSQL"}.`);
  console.log(`\nỨng dụng đang chạy tại http://localhost:${port}`);
  if (demoPassword !== null) {
    console.log(`Tài khoản mẫu (mật khẩu: ${demoPassword}):`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(10)} ${account.email}`);
  }

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    console.log("Đang dừng…");
    await server.close();
    housekeeping.stop();
    await finaliser.stop();
    await db.destroy();
    await embedded?.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
