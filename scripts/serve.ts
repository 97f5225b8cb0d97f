// npm start: the supervisor. It starts PostgreSQL (DATABASE_URL, or an embedded server under
// .data/), then runs the app in WORKERS worker processes (scripts/app-process.ts, Node's cluster
// module: one port shared by all). A worker that dies is replaced, after a back-off that grows
// while workers keep dying, and the reason is logged. SIGINT or SIGTERM stops gracefully: each
// worker finishes (the finaliser included), then the embedded PostgreSQL this process owns stops.
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../db/postgres";
import { EnvError, parseEnv } from "../app/config/env.server";
import { DEMO_ACCOUNTS } from "../app/demo/seed-demo.server";
import { demoAccountLines, startupErrorMessage, workerExitReason } from "../app/server/startup-messages";
import { restartDelayMs } from "./supervisor-rules";
import { loadOrCreateSecret } from "./session-secret";

const root = process.cwd();
/** A worker that served this long before dying is not crash-looping: the next restart is quick again. */
const STABLE_AFTER_MS = 60_000;
const STOP_GRACE_MS = 30_000;

async function main() {
  // Every variable, before anything is created or started: the workers inherit this environment
  // and check it again, but a mistake must stop the start here, once, with its message.
  const config = parseEnv(process.env);
  const dataDir = path.resolve(root, config.DATA_DIR);
  const port = config.PORT;
  const demoPassword = config.DEMO_DATA ? config.DEMO_PASSWORD : null;
  const workerCount = config.WORKERS;
  fs.mkdirSync(dataDir, { recursive: true });
  let embedded: RunningPostgres | undefined;
  if (!config.DATABASE_URL) {
    console.log("Chưa chỉ định máy chủ cơ sở dữ liệu: khởi động PostgreSQL đi kèm ứng dụng, dữ liệu lưu cùng ứng dụng…");
    embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"), config.EMBEDDED_PG_PORT);
    if (embedded.origin === "adopted") console.log("PostgreSQL nhúng vẫn chạy từ lần trước (ứng dụng đã dừng đột ngột, hoặc đã chạy npm run db -- start): tiếp tục dùng và sẽ dừng nó khi ứng dụng dừng.");
    if (embedded.origin === "shared") console.log("PostgreSQL nhúng đang được một tiến trình ứng dụng khác dùng: dùng chung, tiến trình kia sẽ dừng nó.");
    await ensureDatabase(embedded.serverUrl, "cchc");
  }
  const databaseUrl = config.DATABASE_URL ?? withDatabase(embedded!.serverUrl, "cchc");
  const sessionSecret = config.SESSION_SECRET ?? loadOrCreateSecret(path.join(dataDir, "session-secret"));

  cluster.setupPrimary({ exec: path.join(path.dirname(fileURLToPath(import.meta.url)), "app-process.ts") });
  let stopping = false;
  let started = false;
  let consecutiveCrashes = 0;
  const startedAt = new Map<Worker, number>();

  const fork = (slot: number, prepare: boolean) => {
    const worker = cluster.fork({
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: sessionSecret,
      // The first worker of the first start prepares the database; the others find it ready.
      PREPARE_DATABASE: prepare && config.PREPARE_DATABASE ? "on" : "off",
      WORKER_SLOT: String(slot),
      // React (and Express) pick their production code by this; unset, they run their slower development builds.
      NODE_ENV: config.NODE_ENV ?? "production",
    });
    startedAt.set(worker, Date.now());
    worker.on("message", (message: { type?: string }) => {
      if (message?.type !== "listening") return;
      console.log(`Tiến trình ứng dụng số ${slot} (mã tiến trình ${worker.process.pid}) đã sẵn sàng.`);
      worker.emit("ready");
    });
    worker.on("exit", (code, signal) => {
      const ranMs = Date.now() - (startedAt.get(worker) ?? Date.now());
      startedAt.delete(worker);
      if (stopping) return;
      const why = workerExitReason(code, signal);
      if (!started) {
        console.error(`Tiến trình ứng dụng số ${slot} ${why} khi đang khởi động; dừng hẳn.`);
        void stop(1);
        return;
      }
      consecutiveCrashes = ranMs >= STABLE_AFTER_MS ? 1 : consecutiveCrashes + 1;
      const delay = restartDelayMs(consecutiveCrashes);
      console.error(`Tiến trình ứng dụng số ${slot} đã dừng bất thường (${why}); khởi động lại sau ${(delay / 1000).toLocaleString("vi-VN")} giây.`);
      // Not unref'd: while no worker runs, this timer is what keeps the supervisor alive.
      setTimeout(() => {
        if (!stopping) void fork(slot, false);
      }, delay);
    });
    return new Promise<void>((resolve) => worker.once("ready", resolve));
  };

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("Đang dừng…");
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once("exit", () => resolve());
            // The worker may have had the terminal's SIGINT already; a second signal changes nothing.
            worker.process.kill("SIGTERM");
            setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS).unref();
          }),
      ),
    );
    if (embedded && embedded.origin !== "shared") {
      await embedded.stop().then(
        () => console.log("Đã dừng PostgreSQL nhúng."),
        (error: Error) => console.error(`Không dừng được PostgreSQL nhúng: ${error.message}`),
      );
    }
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  // The first worker prepares the database before the others start on it.
  await fork(1, true);
  await Promise.all(Array.from({ length: workerCount - 1 }, (_, i) => fork(i + 2, false)));
  started = true;
  console.log(`\nỨng dụng đang chạy tại http://localhost:${port}`);
  if (workerCount > 1) console.log(`${workerCount} tiến trình ứng dụng dùng chung cổng ${port}.`);
  if (demoPassword !== null) {
    console.log(`Tài khoản mẫu (mật khẩu: ${demoPassword}):`);
    for (const line of demoAccountLines(DEMO_ACCOUNTS)) console.log(line);
  }
}

main().catch((error) => {
  if (error instanceof EnvError) {
    console.error(error.message);
    console.error("Sửa các biến môi trường trên rồi chạy lại npm start (bảng các biến ở mục cấu hình của README).");
  } else console.error(startupErrorMessage(error, { port: Number(process.env.PORT) || undefined }));
  process.exit(1);
});
