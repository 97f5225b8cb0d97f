// One app process, run by the supervisor (scripts/serve.ts) with DATABASE_URL and SESSION_SECRET
// set: migrations, the shipped question banks and the demo (unless PREPARE_DATABASE=off), then one
// HTTP server for Remix and socket.io. socket.io shares its events with the other app processes of
// the same database through the PostgreSQL adapter (or Redis when REDIS_URL is set). It tells the
// supervisor when it listens; a SIGINT or SIGTERM stops it gracefully (the finaliser finishes).
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { parseEnv } from "../app/config/env.server";
import { createDatabase, useReadReplica } from "../app/database/connection.server";
import { databaseSettingsFrom } from "../app/database/settings";
import { startAccountHousekeeping } from "../app/auth/housekeeping.server";
import { startFinaliser } from "../app/entries/finaliser.server";
import { failInterruptedExports } from "../app/exports/export-jobs.server";
import { clusterTransportFromEnv } from "../app/realtime/cluster-adapter.server";
import { createAppServer } from "../app/server/create-app.server";
import { prepareDatabase } from "../app/server/prepare-database.server";
import { startupErrorMessage } from "../app/server/startup-messages";

installGlobals({ nativeFetch: true });

const root = process.cwd();

async function main() {
  // Checked again here, before the database is touched: this process may be started on its own.
  const config = parseEnv(process.env, ["DATABASE_URL", "SESSION_SECRET"]);
  const databaseUrl = config.DATABASE_URL;
  const limits = databaseSettingsFrom(config);
  const banksDir = path.resolve(root, config.QUESTION_BANKS_DIR);
  const demoPassword = config.DEMO_DATA ? config.DEMO_PASSWORD : null;
  if (config.PREPARE_DATABASE) {
    // Migrations and the bank import are maintenance: their own statement limit, a pool of their own.
    const maintenance = createDatabase(databaseUrl, { maxConnections: 2, name: "maintenance", statementTimeoutMs: limits.maintenanceStatementTimeoutMs });
    try {
      const prepared = await prepareDatabase(maintenance, { banksDir, demoPassword });
      const b = prepared.banks;
      console.log(`Ngân hàng câu hỏi: ${b.banks} ngân hàng, ${b.questionsCreated} câu mới, ${b.versionsCreated} phiên bản mới, ${b.unchanged} câu không đổi.`);
    } finally {
      await maintenance.destroy();
    }
  }
  const db = createDatabase(databaseUrl, {
    maxConnections: limits.poolSize,
    poolWaitMs: limits.poolWaitMs,
    statementTimeoutMs: limits.statementTimeoutMs,
    lockTimeoutMs: limits.lockTimeoutMs,
    idleInTransactionMs: limits.idleInTransactionMs,
  });
  // The answer saves have their own connections and shorter limits: a stuck lock answers "try
  // again" quickly, and saves waiting on it cannot take the connections the other pages need.
  const answerDb = createDatabase(databaseUrl, {
    name: "answers",
    maxConnections: limits.answerSave.poolSize,
    poolWaitMs: limits.poolWaitMs,
    statementTimeoutMs: limits.answerSave.statementTimeoutMs,
    lockTimeoutMs: limits.answerSave.lockTimeoutMs,
    idleInTransactionMs: limits.idleInTransactionMs,
  });

  // Ranking pages read from a streaming replica when there is one (and from `db` while it is unreachable).
  const replica = config.DATABASE_REPLICA_URL
    ? useReadReplica(db, config.DATABASE_REPLICA_URL, {
        maxConnections: limits.poolSize,
        poolWaitMs: limits.poolWaitMs,
        statementTimeoutMs: limits.statementTimeoutMs,
        idleInTransactionMs: limits.idleInTransactionMs,
      })
    : null;

  await failInterruptedExports(db); // exports this process (or a dead one) left half-written
  const buildDir = path.join(root, "build");
  const build = (await import(pathToFileURL(path.join(buildDir, "server", "index.js")).href)) as ServerBuild;
  const server = await createAppServer({ db, answerDb, build, buildDir, cluster: clusterTransportFromEnv(databaseUrl, config), websocketOnly: (config.WORKERS ?? 1) > 1 });
  const { httpServer, io } = server;
  // Every process runs the finaliser: it takes due entries with SKIP LOCKED, so none is finalised twice.
  const finaliser = startFinaliser(db, io);
  const housekeeping = startAccountHousekeeping(db);

  // Loopback unless asked: a reverse proxy on this machine reaches it; HOST=0.0.0.0 opens it to the network.
  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  console.log(`Sự kiện trực tiếp giữa các tiến trình qua ${server.cluster === "redis" ? "Redis" : "PostgreSQL"}.`);
  process.send?.({ type: "listening" });

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    console.log(`Tiến trình ứng dụng số ${config.WORKER_SLOT ?? 1} đang dừng…`);
    await server.close();
    housekeeping.stop();
    await finaliser.stop();
    await Promise.all([db.destroy(), answerDb.destroy(), replica?.close()]);
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(startupErrorMessage(error, { port: Number(process.env.PORT) || undefined }));
  process.exit(1);
});
