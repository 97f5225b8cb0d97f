import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, sql, type RawBuilder, type Transaction } from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { isDatabaseUnavailable } from "./unavailable";

// int8 (count(*), bigserial ids) stays a string: ids are opaque, counts are converted where read.
export type DB = Kysely<Database>;
export type DBOrTransaction = Kysely<Database> | Transaction<Database>;

export interface PoolOptions {
  maxConnections?: number;
  /** Waiting longer than this for a free connection (or for a new one to open) fails the request; 0: wait forever. */
  poolWaitMs?: number;
  /** Sent as the session's settings when a connection opens (no extra round trip); 0 or absent: off. */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
  idleInTransactionMs?: number;
  /** Names the connections in pg_stat_activity and in the logs. */
  name?: string;
}

/**
 * The pool behind a Kysely instance. Every connection gets an 'error' listener for its whole
 * life: a connection the server drops (a PostgreSQL restart, an idle-transaction timeout) fails
 * only the query using it, and the pool replaces it, instead of an unhandled 'error' event
 * ending the process.
 */
export function createPool(connectionString: string, options: PoolOptions = {}): pg.Pool {
  const name = options.name ?? "app";
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 20,
    connectionTimeoutMillis: options.poolWaitMs || undefined,
    statement_timeout: options.statementTimeoutMs || undefined,
    lock_timeout: options.lockTimeoutMs || undefined,
    idle_in_transaction_session_timeout: options.idleInTransactionMs || undefined,
    application_name: `cchc-${name}`,
  });
  const warn = throttledWarning(`[cơ sở dữ liệu ${name}]`);
  pool.on("error", (error) => warn(`mất một kết nối đang rảnh, sẽ mở kết nối khác (chi tiết: ${error.message})`));
  pool.on("connect", (client) => {
    client.on("error", (error) => warn(`mất kết nối, sẽ mở kết nối khác (chi tiết: ${error.message})`));
    prepareMarkedStatements(client);
  });
  return pool;
}

const PREPARED_MARK = "/* prepared */ ";

/**
 * Marks a hot statement to be prepared once per connection and then only bound and executed.
 * Planning the answer save costs PostgreSQL several times more than running it (about 0.85 ms
 * against 0.15 ms): at a round's peak that is most of the database's work. The statement's text
 * must not depend on the values (every value a parameter), or each variant is prepared apart.
 */
export function prepared<T>(query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(PREPARED_MARK)}${query}`;
}

/**
 * Kysely sends `query(text, values)`; for a marked text the client sends it as a named statement
 * instead, named after the text, so that pg parses it once per connection (again by itself after
 * a reconnect: a new connection has no prepared statements).
 */
function prepareMarkedStatements(client: pg.PoolClient) {
  const plainQuery = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === "string" && text.startsWith(PREPARED_MARK) && (values === undefined || Array.isArray(values)) && args.length <= 2) {
      return plainQuery({ name: statementName(text), text, values });
    }
    return plainQuery(...args);
  };
}

/** Marked texts are few and fixed (one per hot statement): each is hashed once per process, not per call. */
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `p_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

export function createDatabase(connectionString: string, options: number | PoolOptions = {}): DB {
  const pool = createPool(connectionString, typeof options === "number" ? { maxConnections: options } : options);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * A streaming replica (DATABASE_REPLICA_URL) beside a primary pool. Only reads that may be a
 * moment behind go there, through `onReplica`; the choice is made here, never by a route.
 */
interface ReadReplica {
  db: DB;
  /** Until then (ms since the epoch) reads go to the primary without trying the replica. */
  avoidUntil: number;
  /** Whether "the replica is unreachable" was said and "it is back" not yet. */
  down: boolean;
  /** The replica has not replayed what the primary had written `maxLagMs` ago: reads go to the primary. */
  lagging: boolean;
}

/**
 * Kept on the primary's Kysely instance under a registered symbol, not in a module-level map: the
 * server script (run from source) and the Remix build (bundled) each load their own copy of this
 * module, and both must see the replica the script set up.
 */
const REPLICA = Symbol.for("cchc.database.readReplica");
type WithReplica = { [REPLICA]?: ReadReplica };
/** After a failure the replica is left alone this long: a dead host is not tried on every page. */
export const REPLICA_RETRY_AFTER_MS = 5_000;

export interface ReplicaOptions extends PoolOptions {
  /** A replica further behind than this is not read from until it catches up (default 10 s). */
  maxLagMs?: number;
  /** How often the lag is measured (default 2 s). */
  lagCheckMs?: number;
}

/** From now on `onReplica(primary, …)` reads from a pool on `replicaUrl`; close() ends that pool. */
export function useReadReplica(primary: DB, replicaUrl: string, options: ReplicaOptions = {}): { close(): Promise<void> } {
  const { maxLagMs = 10_000, lagCheckMs = 2_000, ...poolOptions } = options;
  const replica: ReadReplica = { db: createDatabase(replicaUrl, { ...poolOptions, name: poolOptions.name ?? "replica" }), avoidUntil: 0, down: false, lagging: false };
  (primary as WithReplica)[REPLICA] = replica;
  const lag = watchLag(primary, replica, maxLagMs, lagCheckMs);
  return {
    async close() {
      lag.stop();
      if ((primary as WithReplica)[REPLICA] === replica) delete (primary as WithReplica)[REPLICA];
      await replica.db.destroy();
    },
  };
}

/**
 * Lag, measured without trusting clocks: every `everyMs` the primary's WAL position is noted;
 * the replica is behind by more than `maxLagMs` when it has not replayed the position the primary
 * had `maxLagMs` ago. An idle primary does not move, so an idle replica is never "behind".
 */
function watchLag(primary: DB, replica: ReadReplica, maxLagMs: number, everyMs: number) {
  const positions: { at: number; lsn: string }[] = [];
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const now = Date.now();
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary);
      positions.push({ at: now, lsn: rows[0].lsn });
      let target: { at: number; lsn: string } | undefined;
      while (positions.length > 1 && positions[1].at <= now - maxLagMs) positions.shift();
      if (positions[0].at <= now - maxLagMs) target = positions[0];
      if (!target) return;
      const replayed = await sql<{ ok: boolean | null }>`select pg_last_wal_replay_lsn() >= ${target.lsn}::pg_lsn as ok`.execute(replica.db);
      // null: not a standby (a copy kept some other way); nothing to measure.
      const behind = replayed.rows[0].ok === false;
      if (behind !== replica.lagging) {
        replica.lagging = behind;
        console.warn(
          behind
            ? `[bản sao cơ sở dữ liệu] bản sao chậm hơn máy chủ chính quá ${Math.round(maxLagMs / 1000)} giây, bảng xếp hạng tạm đọc từ máy chủ chính.`
            : "[bản sao cơ sở dữ liệu] bản sao đã theo kịp: bảng xếp hạng đọc lại từ bản sao.",
        );
      }
    } catch {
      // Either server unreachable: onReplica handles a replica that cannot answer; a primary that cannot is everyone's problem.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Runs a read on the replica of `db` when it has one, else on `db` itself. For reads that may
 * lag a little (the public and leaders' ranking boards); never for commands, the entry path or
 * anything that must see what it has just written. Inside a transaction the transaction is used.
 * A replica that cannot answer (unreachable, restarting, a query cancelled by recovery) does not
 * fail the page: the read runs again on the primary, and the console says so once per outage.
 */
export async function onReplica<T>(db: DBOrTransaction, read: (db: DBOrTransaction) => Promise<T>): Promise<T> {
  const replica = db.isTransaction ? undefined : (db as WithReplica)[REPLICA];
  if (!replica || replica.lagging || Date.now() < replica.avoidUntil) return read(db);
  try {
    const result = await read(replica.db);
    if (replica.down) {
      replica.down = false;
      console.warn("[bản sao cơ sở dữ liệu] đã kết nối lại: bảng xếp hạng đọc lại từ bản sao.");
    }
    return result;
  } catch (error) {
    if (!replicaCannotAnswer(error)) throw error;
    replica.avoidUntil = Date.now() + REPLICA_RETRY_AFTER_MS;
    if (!replica.down) {
      replica.down = true;
      console.warn(`[bản sao cơ sở dữ liệu] không đọc được từ bản sao, bảng xếp hạng tạm đọc từ máy chủ chính (chi tiết: ${(error as Error).message})`);
    }
    return read(db);
  }
}

/** The replica, not the request, is at fault: the same read is worth running on the primary. */
function replicaCannotAnswer(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  // A statement or lock time limit would cost the primary as much again: those stay failures.
  if (code === "57014" || code === "55P03") return false;
  // 40001 on a standby: "canceling statement due to conflict with recovery".
  if (code === "40001" || code === "40P01") return true;
  return isDatabaseUnavailable(error) || code === "ENOTFOUND" || code === "EAI_AGAIN";
}

/** Lets a long transaction (an export, a maintenance task) run past the pool's statement limit; 0: no limit. */
export async function allowLongStatements(trx: Transaction<Database>, statementTimeoutMs: number): Promise<void> {
  await sql`select set_config('statement_timeout', ${String(statementTimeoutMs)}, true)`.execute(trx);
}

/**
 * At most one line per second: when PostgreSQL restarts every pooled connection reports the same
 * loss at once.
 */
function throttledWarning(prefix: string) {
  let last = 0;
  let suppressed = 0;
  return (text: string) => {
    const now = Date.now();
    if (now - last < 1000) {
      suppressed += 1;
      return;
    }
    console.warn(`${prefix} ${text}${suppressed > 0 ? ` (và ${suppressed} thông báo tương tự)` : ""}`);
    last = now;
    suppressed = 0;
  };
}
