// npm start: the supervisor. It starts PostgreSQL (DATABASE_URL, or an embedded server under
// .data/), then runs the app in WORKERS worker processes (scripts/app-process.ts, Node's cluster
// module: one port shared by all); `npm run start:cluster` (--cluster) runs one per CPU core when
// WORKERS is unset. The workers' database connections are counted against the server's
// max_connections before any starts (supervisor-rules.ts, planConnections). A worker that dies is replaced, after a back-off that grows
// while workers keep dying, and the reason is logged. SIGINT or SIGTERM stops gracefully: each
// worker finishes (the finaliser included), then the embedded PostgreSQL this process owns stops.
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { fileURLToPath } from "node:url";
import { ensureDatabase, startEmbeddedPostgres, withDatabase, type RunningPostgres } from "../db/postgres";
import { EnvError, parseEnv } from "../app/config/env.server";
import { DEMO_ACCOUNTS } from "../app/demo/seed-demo.server";
import { demoAccountLines, startupErrorMessage, workerExitReason } from "../app/server/startup-messages";
import { defaultWorkerCount, planConnections, restartDelayMs, type ConnectionLimit } from "./supervisor-rules";
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
  const workerCount = config.WORKERS ?? defaultWorkerCount(process.argv.includes("--cluster"), os.availableParallelism());
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

  const plan = planConnections(
    {
      workers: workerCount,
      poolSize: config.DB_POOL_SIZE,
      answerPoolSize: config.ANSWER_SAVE_POOL_SIZE,
      poolSizesGiven: [process.env.DB_POOL_SIZE, process.env.ANSWER_SAVE_POOL_SIZE].some((v) => v !== undefined && v.trim() !== ""),
      socketIoOnPostgres: !config.REDIS_URL,
    },
    await connectionLimit(databaseUrl),
  );
  if (!plan.ok) throw new Error(plan.message);
  console.log(
    `Kết nối cơ sở dữ liệu: ${workerCount} tiến trình × ${plan.perWorker} (ứng dụng ${plan.poolSize}, lưu câu trả lời ${plan.answerPoolSize}${config.REDIS_URL ? "" : ", sự kiện trực tiếp 3"}) + 2 khi khởi động = ${plan.total}, trong giới hạn ${plan.budget} của máy chủ.` +
      (plan.reduced ? " Đã giảm số kết nối mỗi tiến trình cho vừa giới hạn." : ""),
  );
  if (config.DATABASE_REPLICA_URL) console.log(`Bảng xếp hạng đọc từ bản sao cơ sở dữ liệu, thêm tối đa ${workerCount * plan.poolSize} kết nối trên máy chủ bản sao.`);

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
      // Each worker knows how many share the port (socket.io then accepts WebSocket only) and the pools it may open.
      WORKERS: String(workerCount),
      DB_POOL_SIZE: String(plan.poolSize),
      ANSWER_SAVE_POOL_SIZE: String(plan.answerPoolSize),
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

/** max_connections and the slots the server keeps aside, read once before the workers start. */
async function connectionLimit(databaseUrl: string): Promise<ConnectionLimit> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "cchc-supervisor" });
  await client.connect();
  try {
    const { rows } = await client.query<{ max: number; superuser: number; reserved: number }>(
      `select current_setting('max_connections')::int as max,
              current_setting('superuser_reserved_connections')::int as superuser,
              coalesce(current_setting('reserved_connections', true)::int, 0) as reserved`,
    );
    return { maxConnections: rows[0].max, reserved: rows[0].superuser + rows[0].reserved };
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  if (error instanceof EnvError) {
    console.error(error.message);
    console.error("Sửa các biến môi trường trên rồi chạy lại npm start (bảng các biến ở mục cấu hình của README).");
  } else console.error(startupErrorMessage(error, { port: Number(process.env.PORT) || undefined }));
  process.exit(1);
});
