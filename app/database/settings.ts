import { env, type Env } from "~/config/env.server";

/**
 * How long the database may keep a request waiting. Every limit is in milliseconds, 0 turns it off.
 * The app's pool gets `statementTimeoutMs`, `lockTimeoutMs` and `idleInTransactionMs` on every
 * connection; the answer save runs on a small pool of its own with shorter limits, so that a stuck
 * lock answers "try again" well before the page's own 15-second retry; exports and maintenance
 * (migrations at start, rebuilding rankings) have their own, longer statement limits.
 * The variables, their defaults and their checks are in config/env.server.ts.
 */
export interface DatabaseSettings {
  poolSize: number;
  /** A request waiting longer than this for a free connection is answered 503 at once. */
  poolWaitMs: number;
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionMs: number;
  answerSave: { poolSize: number; statementTimeoutMs: number; lockTimeoutMs: number };
  exportStatementTimeoutMs: number;
  maintenanceStatementTimeoutMs: number;
}

/** The database limits of a validated environment. */
export function databaseSettingsFrom(e: Env): DatabaseSettings {
  return {
    poolSize: e.DB_POOL_SIZE,
    poolWaitMs: e.DB_POOL_WAIT_MS,
    statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
    idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    answerSave: { poolSize: e.ANSWER_SAVE_POOL_SIZE, statementTimeoutMs: e.ANSWER_SAVE_STATEMENT_TIMEOUT_MS, lockTimeoutMs: e.ANSWER_SAVE_LOCK_TIMEOUT_MS },
    exportStatementTimeoutMs: e.EXPORT_STATEMENT_TIMEOUT_MS,
    maintenanceStatementTimeoutMs: e.MAINTENANCE_STATEMENT_TIMEOUT_MS,
  };
}

/** The settings of this process. */
export function databaseSettings(): DatabaseSettings {
  return databaseSettingsFrom(env());
}
