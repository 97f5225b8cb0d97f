import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import type { BlueprintLine } from "~/database/schema";
import { blueprintShortfalls, type BlueprintPool } from "~/contests/blueprint";

// Per-process lists of the approved questions a blueprint line may draw, so that starting an
// entry reads no question rows. Each list is stamped with the draw_version of the banks it was
// read from (a trigger moves it in the transaction that changes a bank's questions: migration
// 0017); a start reads the current versions with its round and reloads a list whose stamp
// differs. So a question retired, returned to draft or edited is never drawn once that change
// is committed, by any process, and a newly approved one is drawable at the next start.

export interface Candidate {
  id: number;
  type: string;
  option_count: number;
}

export interface CandidatePools {
  pools: BlueprintPool<Candidate>[];
  /** The approved questions cannot always fill the blueprint. */
  short: boolean;
}

/** Bank id -> draw_version, as text (bigint). */
export type BankVersions = Record<string, string>;

interface Cached extends CandidatePools {
  stamp: string;
}

const cache = new Map<string, Cached>();
/** Blueprints are few; a runaway number of distinct ones is bounded. */
const MAX_CACHED = 500;

export const bankIdsOf = (lines: readonly BlueprintLine[]) => [...new Set(lines.map((l) => l.bankId))].sort((a, b) => a - b);

/**
 * SQL: the draw versions of a blueprint's banks ({"bankId": "version", "db": name}), for a round's
 * `blueprint` column. The database's name keeps lists of one database from serving another.
 */
export const blueprintBankVersionsSql = (blueprintColumn: string) => sql<BankVersions>`(
  select jsonb_build_object('db', current_database()) || coalesce(jsonb_object_agg(b.id::text, b.draw_version::text), '{}') from question_banks b
  where b.id in (select (l->>'bankId')::int from jsonb_array_elements(${sql.ref(blueprintColumn)}) l))`;

export async function readBankVersions(db: DBOrTransaction, lines: readonly BlueprintLine[]): Promise<BankVersions> {
  const ids = bankIdsOf(lines);
  const { rows } = await sql<{ id: string; version: string }>`
    select 'db' as id, current_database()::text as version
    union all select id::text, draw_version::text from question_banks where id = any(${sql.val(ids)}::int[])`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.id, r.version]));
}

const stampOf = (lines: readonly BlueprintLine[], versions: BankVersions) =>
  [versions.db ?? "-", ...bankIdsOf(lines).map((id) => `${id}:${versions[String(id)] ?? "-"}`)].join(",");

/**
 * The candidates of each line of the blueprint, from the process's lists when they are as new as
 * `versions` (read in the caller's transaction), else read now and kept.
 */
export async function candidatePools(db: DBOrTransaction, lines: BlueprintLine[], versions?: BankVersions): Promise<CandidatePools> {
  const current = versions ?? (await readBankVersions(db, lines));
  const key = JSON.stringify(lines.map((l) => [l.bankId, l.topic ?? null, l.difficulty ?? null, l.count]));
  const stamp = stampOf(lines, current);
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit;
  const pools = await loadPools(db, lines);
  const fresh: Cached = { pools, short: blueprintShortfalls(pools, (q) => q.id).length > 0, stamp };
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, fresh);
  return fresh;
}

/** Approved current versions matching each blueprint line, read from the database. */
export async function loadPools(db: DBOrTransaction, lines: BlueprintLine[]): Promise<BlueprintPool<Candidate>[]> {
  return Promise.all(
    lines.map(async (line) => ({
      line,
      candidates: await db
        .selectFrom("questions")
        .innerJoin("question_versions", "question_versions.id", "questions.current_version_id")
        .select(["question_versions.id", "question_versions.type", sql<number>`jsonb_array_length(question_versions.options)`.as("option_count")])
        .where("questions.bank_id", "=", line.bankId)
        .where("questions.status", "=", "approved")
        .$if(Boolean(line.topic), (q) => q.where("questions.topic", "=", line.topic!))
        .$if(Boolean(line.difficulty), (q) => q.where("question_versions.difficulty", "=", line.difficulty!))
        .orderBy("question_versions.id")
        .execute(),
    })),
  );
}

/** Forgets every list (tests). */
export function clearCandidateCache() {
  cache.clear();
}
