import { z } from "~/validation/z";

/**
 * How long the database may keep a request waiting. Every limit is in milliseconds, 0 turns it off.
 * The app's pool gets `statementTimeoutMs`, `lockTimeoutMs` and `idleInTransactionMs` on every
 * connection; the answer save runs on a small pool of its own with shorter limits, so that a stuck
 * lock answers "try again" well before the page's own 15-second retry; exports and maintenance
 * (migrations at start, rebuilding rankings) have their own, longer statement limits.
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

const milliseconds = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,9}$/, { error: "phải là một số nguyên mili giây (0 để tắt)" })
    .transform(Number)
    .default(fallback);

const connections = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, { error: "phải là một số kết nối nguyên dương" })
    .transform(Number)
    .refine((n) => n >= 1, { error: "phải có ít nhất 1 kết nối" })
    .default(fallback);

const schema = z.object({
  DB_POOL_SIZE: connections(20),
  DB_POOL_WAIT_MS: milliseconds(3_000),
  DB_STATEMENT_TIMEOUT_MS: milliseconds(15_000),
  DB_LOCK_TIMEOUT_MS: milliseconds(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(30_000),
  ANSWER_SAVE_POOL_SIZE: connections(10),
  ANSWER_SAVE_STATEMENT_TIMEOUT_MS: milliseconds(5_000),
  ANSWER_SAVE_LOCK_TIMEOUT_MS: milliseconds(2_000),
  EXPORT_STATEMENT_TIMEOUT_MS: milliseconds(300_000),
  MAINTENANCE_STATEMENT_TIMEOUT_MS: milliseconds(0),
});

/** The database limits from the environment; a bad value stops the start with a Vietnamese message naming it. */
export function databaseSettingsFromEnv(source: Record<string, string | undefined>): DatabaseSettings {
  // An empty variable means "not set".
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value.trim() !== ""));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new Error(`Cấu hình cơ sở dữ liệu không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  const e = parsed.data;
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

let cached: DatabaseSettings | undefined;
/** The settings of this process, read once. */
export function databaseSettings(): DatabaseSettings {
  cached ??= databaseSettingsFromEnv(process.env);
  return cached;
}
