import { migrateToLatest } from "../../db/migrate";
import { importShippedBanks, type ImportSummary } from "~/banks/import-banks.server";
import { loadBanks } from "~/banks/load-banks.server";
import type { DB } from "~/database/connection.server";
import { seedDemo } from "~/demo/seed-demo.server";
import { fillMissingSearchText } from "~/questions/questions.server";

export interface PreparedDatabase {
  banks: ImportSummary;
  demoCreated: boolean;
}

/** What every start does, in order: migrate, import the shipped banks, load the demo once. */
export async function prepareDatabase(db: DB, options: { banksDir: string; demoPassword: string | null }): Promise<PreparedDatabase> {
  await migrateToLatest(db);
  const { banks, problems } = loadBanks(options.banksDir);
  if (problems.length > 0) {
    const list = problems.map((p) => `  ${p.file}:${p.line}: ${p.message}`).join("\n");
    throw new Error(`Ngân hàng câu hỏi có lỗi, chưa nhập được (chạy npm run bank:check):\n${list}`);
  }
  // All or nothing: a failure halfway leaves the banks as they were.
  const summary = await db.transaction().execute((trx) => importShippedBanks(trx, banks));
  await fillMissingSearchText(db);
  let demoCreated = false;
  if (options.demoPassword !== null && banks.length > 0) {
    ({ created: demoCreated } = await seedDemo(db, { password: options.demoPassword, bankKey: banks[0].header.key }));
  }
  return { banks: summary, demoCreated };
}
