import { Migrator, type Kysely, type Migration } from "kysely";
import * as foundation from "./migrations/2026-11-22-0001-foundation";
import * as questionAuthoring from "./migrations/2026-11-22-0002-question-authoring";
import * as provinceContests from "./migrations/2026-11-22-0003-contests-as-provinces-run-them";
import * as rankingVisibility from "./migrations/2026-11-23-0004-ranking-visibility";
import * as rankings from "./migrations/2026-11-23-0005-rankings";
import * as unitManagement from "./migrations/2026-11-23-0006-unit-management";
import * as socketIoAttachments from "./migrations/2026-11-23-0007-socket-io-attachments";
import * as commendation from "./migrations/2026-11-23-0008-commendation";
import * as exportsAndPar from "./migrations/2026-11-23-0009-exports-and-par";
import * as accountSecurity from "./migrations/2026-12-06-0010-account-security";
import * as foldTextSpaces from "./migrations/2026-12-06-0011-fold-text-spaces";
import * as questionSearchWords from "./migrations/2026-12-06-0012-question-search-words";
import * as bankEvents from "./migrations/2026-12-06-0013-bank-events";
import * as previewEntries from "./migrations/2026-12-06-0014-preview-entries";
import * as roundTruthSettling from "./migrations/2026-12-06-0015-round-truth-settling";
import * as rosters from "./migrations/2026-12-06-0016-rosters";
import * as bankDrawVersion from "./migrations/2026-12-06-0017-bank-draw-version";

// Listed explicitly (not read from disk) so the same list works from tsx, vitest and bundles.
const migrations: Record<string, Migration> = {
  "2026-11-22-0001-foundation": foundation,
  "2026-11-22-0002-question-authoring": questionAuthoring,
  "2026-11-22-0003-contests-as-provinces-run-them": provinceContests,
  "2026-11-23-0004-ranking-visibility": rankingVisibility,
  "2026-11-23-0005-rankings": rankings,
  "2026-11-23-0006-unit-management": unitManagement,
  "2026-11-23-0007-socket-io-attachments": socketIoAttachments,
  "2026-11-23-0008-commendation": commendation,
  "2026-11-23-0009-exports-and-par": exportsAndPar,
  "2026-12-06-0010-account-security": accountSecurity,
  "2026-12-06-0011-fold-text-spaces": foldTextSpaces,
  "2026-12-06-0012-question-search-words": questionSearchWords,
  "2026-12-06-0013-bank-events": bankEvents,
  "2026-12-06-0014-preview-entries": previewEntries,
  "2026-12-06-0015-round-truth-settling": roundTruthSettling,
  "2026-12-06-0016-rosters": rosters,
  "2026-12-06-0017-bank-draw-version": bankDrawVersion,
};

/** Brings the schema up to date. Kysely's migrator takes a lock, so several processes may call it at once. */
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  // Unordered: work lands from parallel branches, so a database may have run a later-numbered
  // migration before an earlier one arrives. Each migration stands on its own.
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Error") console.error(`Không cập nhật được cấu trúc cơ sở dữ liệu (bước ${result.migrationName}).`);
  }
  if (error) throw error;
}
