// Recomputes a contest's rankings from its entries, from scratch (after a repair of entries by
// hand, or to check the kept tables): DATABASE_URL=… npx tsx scripts/rebuild-rankings.ts --contest=ID
// Without --contest, every contest. Finalisations wait while it runs (a few minutes at a million results).
import { performance } from "node:perf_hooks";
import { createDatabase } from "../app/database/connection.server";
import { parseEnv } from "../app/config/env.server";
import { databaseSettingsFrom } from "../app/database/settings";
import { rebuildRankings } from "../app/rankings/maintenance.server";

async function main() {
  const config = parseEnv(process.env);
  const url = config.DATABASE_URL;
  if (!url) throw new Error("Cần đặt DATABASE_URL (cơ sở dữ liệu của ứng dụng).");
  const requested = process.argv.find((a) => a.startsWith("--contest="))?.split("=")[1];
  if (requested !== undefined && !/^\d+$/.test(requested)) throw new Error("--contest phải là mã số cuộc thi.");
  // Maintenance has its own statement limit (MAINTENANCE_STATEMENT_TIMEOUT_MS, none by default).
  const settings = databaseSettingsFrom(config);
  const db = createDatabase(url, { maxConnections: 2, name: "maintenance", statementTimeoutMs: settings.maintenanceStatementTimeoutMs });
  try {
    const contests = requested ? [{ id: Number(requested) }] : await db.selectFrom("contests").select("id").orderBy("id").execute();
    for (const { id } of contests) {
      const started = performance.now();
      await rebuildRankings(db, { contestId: id });
      console.log(`Cuộc thi ${id}: đã tính lại xếp hạng (${((performance.now() - started) / 1000).toFixed(1)} s).`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
