// Direct database access for the load test: finding the round, creating the accounts
// beforehand (--prepare), and checking afterwards that every confirmed answer is stored.
import fs from "node:fs";
import path from "node:path";
import bcrypt from "bcrypt";
import pg from "pg";

export function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  const settingsFile = path.join(dataDir, "postgres", "settings.json");
  let settings: { port?: number; password?: string };
  try {
    settings = JSON.parse(fs.readFileSync(settingsFile, "utf8")) as { port?: number; password?: string };
  } catch {
    throw new Error(`DATABASE_URL is not set and ${settingsFile} cannot be read: start the app once with \`npm start\`, or set DATABASE_URL.`);
  }
  if (!settings.port || !settings.password) throw new Error(`${settingsFile} has no port/password.`);
  return `postgres://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${settings.port}/cchc`;
}

/** The database server's port, when it is on this machine (for the CPU breakdown). */
export function databasePort(): number | null {
  try {
    const url = new URL(databaseUrl());
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    if (!["localhost", "127.0.0.1", "::1"].includes(host)) return null;
    return Number(url.port || 5432);
  } catch {
    return null;
  }
}

export function connect(): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
  pool.on("error", (error) => console.error("[loadtest db]", error.message));
  return pool;
}

export interface RoundInfo {
  roundId: number;
  contestId: number;
  title: string;
  questionCount: number;
  maxEntries: number;
  timeLimitSeconds: number;
  closesAt: Date;
}

/** The contest's round open now (or the one asked for). */
export async function findRound(db: pg.Pool, slug: string, roundId: number | null): Promise<RoundInfo> {
  const { rows } = await db.query<{
    id: number;
    contest_id: number;
    title: string;
    question_count: number;
    max_entries: number;
    time_limit_seconds: number;
    closes_at: Date;
    open: boolean;
  }>(
    `select r.id, r.contest_id, r.title, r.question_count, r.max_entries, r.time_limit_seconds, r.closes_at,
            (r.opens_at <= now() and r.closes_at > now()) as open
       from rounds r join contests c on c.id = r.contest_id
      where c.slug = $1 and ($2::int is null or r.id = $2::int)
      order by (r.opens_at <= now() and r.closes_at > now()) desc, r.number`,
    [slug, roundId],
  );
  const round = rows[0];
  if (!round) throw new Error(roundId ? `Round ${roundId} of contest "${slug}" not found.` : `Contest "${slug}" not found or has no rounds.`);
  if (!round.open) throw new Error(`Round ${round.id} ("${round.title}") of "${slug}" is not open now.`);
  return {
    roundId: round.id,
    contestId: round.contest_id,
    title: round.title,
    questionCount: round.question_count,
    maxEntries: round.max_entries,
    timeLimitSeconds: round.time_limit_seconds,
    closesAt: round.closes_at,
  };
}

/**
 * Units the load-test accounts belong to: units in the contest's audience when the schema has
 * contest groups (a unit under one of the groups' units), otherwise any active unit.
 */
export async function unitIds(db: pg.Pool, contestId: number): Promise<number[]> {
  try {
    const { rows } = await db.query<{ id: number }>(
      `select u.id from units u
        where u.retired_at is null
          and exists (select 1 from contest_groups g
                        left join contest_group_units gu on gu.group_id = g.id
                        left join units top on top.id = gu.unit_id
                       where g.contest_id = $1
                         and (g.open_to_public or u.path like top.path || '%'))
        order by u.id`,
      [contestId],
    );
    if (rows.length > 0) return rows.map((r) => r.id);
  } catch {
    // No contest groups in this schema: any unit will do.
  }
  const { rows } = await db.query<{ id: number }>(`select id from units where retired_at is null order by id`);
  if (rows.length === 0) throw new Error("The database has no units: start the app once with demo data.");
  return rows.map((r) => r.id);
}

export interface Account {
  email: string;
  fullName: string;
  unitId: number;
}

export function accountsFor(runId: string, count: number, units: number[]): Account[] {
  return Array.from({ length: count }, (_, i) => ({
    email: `loadtest-${runId}-${i}@example.vn`,
    fullName: `Thí sinh thử tải ${runId} số ${i + 1}`,
    unitId: units[i % units.length],
  }));
}

/** Inserts the accounts in batches; the password is hashed once (bcrypt, cost 10 like the app) and reused. */
export async function createAccounts(db: pg.Pool, accounts: Account[], password: string): Promise<number> {
  const hash = await bcrypt.hash(password, 10);
  let created = 0;
  for (let offset = 0; offset < accounts.length; offset += 1000) {
    const batch = accounts.slice(offset, offset + 1000);
    const result = await db.query(
      `insert into users (full_name, email, password_hash, role, unit_id)
       select full_name, email, $3, 'contestant', unit_id
         from unnest($1::text[], $2::text[], $4::int[]) as t(full_name, email, unit_id)`,
      [batch.map((a) => a.fullName), batch.map((a) => a.email), hash, batch.map((a) => a.unitId)],
    );
    created += result.rowCount ?? 0;
  }
  return created;
}

export interface ConfirmedSave {
  entryId: string;
  position: number;
  revision: number;
}

export interface AnswerCheck {
  confirmed: number;
  /** (entry, position) pairs with a confirmed save. */
  answeredQuestions: number;
  /** Pairs whose row does not exist. */
  missingRows: number;
  /** Pairs whose stored revision is older than the last confirmed one (a confirmed save was lost). */
  wrongRevision: number;
  /** Pairs holding a newer revision than the last confirmed one: a save whose reply never came (error, timeout) did land. Not a loss. */
  newerThanConfirmed: number;
  lost: number;
  entriesStarted: number;
  entriesFinalised: number;
  entriesByStatus: Record<string, number>;
}

export async function checkAnswers(db: pg.Pool, saves: ConfirmedSave[], entryIds: string[]): Promise<AnswerCheck> {
  const stored = new Map<string, number>();
  const ids = [...new Set([...entryIds, ...saves.map((s) => s.entryId)])];
  for (let offset = 0; offset < ids.length; offset += 5000) {
    const { rows } = await db.query<{ entry_id: string; position: number; revision: string }>(
      `select entry_id::text, position, revision::text from entry_answers where entry_id = any($1::bigint[])`,
      [ids.slice(offset, offset + 5000)],
    );
    for (const r of rows) stored.set(`${r.entry_id}:${r.position}`, Number(r.revision));
  }
  // The last confirmed revision of each (entry, position): that row must exist with that revision.
  const last = new Map<string, number>();
  for (const s of saves) {
    const key = `${s.entryId}:${s.position}`;
    last.set(key, Math.max(last.get(key) ?? 0, s.revision));
  }
  let missingRows = 0;
  let wrongRevision = 0;
  let newerThanConfirmed = 0;
  for (const [key, revision] of last) {
    const have = stored.get(key);
    if (have === undefined) missingRows++;
    else if (have < revision) wrongRevision++;
    else if (have > revision) newerThanConfirmed++;
  }

  const entriesByStatus: Record<string, number> = {};
  for (let offset = 0; offset < ids.length; offset += 5000) {
    const { rows } = await db.query<{ status: string; n: string }>(
      `select status, count(*)::text as n from entries where id = any($1::bigint[]) group by status`,
      [ids.slice(offset, offset + 5000)],
    );
    for (const r of rows) entriesByStatus[r.status] = (entriesByStatus[r.status] ?? 0) + Number(r.n);
  }
  const entriesFinalised = Object.entries(entriesByStatus)
    .filter(([status]) => status !== "in_progress")
    .reduce((n, [, count]) => n + count, 0);
  return {
    confirmed: saves.length,
    answeredQuestions: last.size,
    missingRows,
    wrongRevision,
    newerThanConfirmed,
    lost: missingRows + wrongRevision,
    entriesStarted: ids.length,
    entriesFinalised,
    entriesByStatus,
  };
}

/** The kept ranking tables, with the order that makes two snapshots comparable row by row. */
const KEPT_TABLES = [
  ["round_results", "round_id, user_id", "contest"],
  ["contest_results", "contest_id, user_id", "contest"],
  ["unit_round_stats", "round_id, group_id, unit_id", "round"],
  ["unit_contest_stats", "contest_id, group_id, unit_id", "contest"],
  ["round_rank_buckets", "round_id, group_id, score, bucket", "round"],
  ["contest_rank_buckets", "contest_id, group_id, score, bucket", "contest"],
  ["round_entry_hours", "round_id, group_id, unit_id, hour_start", "round"],
] as const;

/** Every kept row of the contest, as text; rows an update brought back to zero are left out (a rebuild never writes them). */
async function keptRankingRows(db: pg.Pool, contestId: number): Promise<Map<string, string[]>> {
  const tables = new Map<string, string[]>();
  for (const [table, order, scope] of KEPT_TABLES) {
    const where = scope === "round" ? "round_id in (select id from rounds where contest_id = $1)" : "contest_id = $1";
    const zero = table.startsWith("unit_")
      ? "and not (participants = 0 and entries = 0 and score_sum = 0 and full_scores = 0)"
      : table.endsWith("buckets")
        ? "and people <> 0"
        : table === "round_entry_hours"
          ? "and entries <> 0"
          : "";
    const { rows } = await db.query<{ row: string }>(`select t::text as row from ${table} t where ${where} ${zero} order by ${order}`, [contestId]);
    tables.set(table, rows.map((r) => r.row));
  }
  return tables;
}

export interface RankingCheck {
  /** Per table: rows kept, and rows that differ from the rebuild (present on one side only, or changed). */
  tables: { table: string; rows: number; differing: number }[];
  equal: boolean;
  rebuildMs: number;
}

/**
 * The kept ranking tables against a fresh `rebuildRankings` of the contest: snapshot, rebuild
 * (written: when the tables were right it changes nothing), snapshot again, compare.
 */
export async function compareWithRebuild(db: pg.Pool, contestId: number): Promise<RankingCheck> {
  // Imported here: the app's modules (and their settings) load only when the check runs.
  const [{ createDatabase }, { rebuildRankings }] = await Promise.all([import("../../app/database/connection.server"), import("../../app/rankings/maintenance.server")]);
  const before = await keptRankingRows(db, contestId);
  const kysely = createDatabase(databaseUrl(), { maxConnections: 1, name: "loadtest-check", statementTimeoutMs: 0 });
  const started = Date.now();
  try {
    await rebuildRankings(kysely, { contestId });
  } finally {
    await kysely.destroy();
  }
  const rebuildMs = Date.now() - started;
  const after = await keptRankingRows(db, contestId);
  const tables = KEPT_TABLES.map(([table]) => {
    const kept = before.get(table) ?? [];
    const fresh = new Set(after.get(table) ?? []);
    const keptSet = new Set(kept);
    const differing = kept.filter((r) => !fresh.has(r)).length + [...fresh].filter((r) => !keptSet.has(r)).length;
    return { table, rows: kept.length, differing };
  });
  return { tables, equal: tables.every((t) => t.differing === 0), rebuildMs };
}
