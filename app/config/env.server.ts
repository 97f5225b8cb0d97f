import { parseAllowedOrigins } from "~/http/same-origin";
import { z } from "~/validation/z";

// Every environment variable the app and `npm start` read, in one schema, checked at boot by the
// supervisor (scripts/serve.ts) before it starts PostgreSQL and again by each app process
// (scripts/app-process.ts) before it listens. Modules read typed values through `env()`, never
// process.env: a typo then stops the start with its message instead of turning into NaN at the
// first login. The README's Configuration table lists exactly these variables (a test checks it).

/** A whole number within bounds; "12abc", "1.5", "1e3" and " " are refused, not rounded. */
function integer(name: string, min: number, max: number, meaning: string) {
  const message = `${name} phải là số nguyên từ ${min} đến ${max} (${meaning})`;
  return z
    .string()
    .trim()
    .regex(/^\d{1,15}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: message });
}

/** A limit in milliseconds; 0 turns it off. One day is far above any sensible limit. */
const milliseconds = (name: string, meaning: string) => integer(name, 0, 86_400_000, `${meaning}, tính bằng mili giây; 0 để tắt`);
const connections = (name: string, meaning: string) => integer(name, 1, 1000, meaning);
const port = (name: string, meaning: string) => integer(name, 1, 65535, meaning);

/** "true"/"false" (or "on"/"off") read as a boolean. */
function flag(name: string, yes: string, no: string) {
  return z
    .string()
    .trim()
    .refine((value) => value === yes || value === no, { error: `${name} phải là ${yes} hoặc ${no}` })
    .transform((value) => value === yes);
}

/** A string of a given shape; `form` tells the operator what is expected, after "phải". */
const shaped = (name: string, pattern: RegExp, form: string) => z.string().trim().regex(pattern, { error: `${name} phải ${form}` });

export const envSchema = z.object({
  // Where things run.
  DATABASE_URL: shaped("DATABASE_URL", /^postgres(ql)?:\/\/\S+$/, "có dạng postgres://người-dùng:mật-khẩu@máy-chủ:5432/tên-cơ-sở-dữ-liệu").optional(),
  /** A streaming replica of DATABASE_URL's server: the ranking pages read from it (database/connection.server.ts). */
  DATABASE_REPLICA_URL: shaped("DATABASE_REPLICA_URL", /^postgres(ql)?:\/\/\S+$/, "có dạng postgres://người-dùng:mật-khẩu@máy-chủ-bản-sao:5432/tên-cơ-sở-dữ-liệu").optional(),
  PORT: port("PORT", "cổng ứng dụng lắng nghe").default(3000),
  HOST: shaped("HOST", /^[A-Za-z0-9.:-]+$/, "là một địa chỉ IP hoặc tên máy, ví dụ 127.0.0.1 hoặc 0.0.0.0").default("127.0.0.1"),
  SECOND_PORT: port("SECOND_PORT", "cổng của tiến trình thứ hai của npm run start:two").optional(),
  /** Unset: 1 for `npm start`, one per CPU core for `npm run start:cluster` (scripts/serve.ts decides). */
  WORKERS: integer("WORKERS", 1, 64, "số tiến trình ứng dụng npm start chạy").optional(),
  DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: integer("EMBEDDED_PG_PORT", 1024, 65535, "cổng của PostgreSQL nhúng").default(54329),
  PREPARE_DATABASE: flag("PREPARE_DATABASE", "on", "off").default(true),
  QUESTION_BANKS_DIR: z.string().default("question-banks"),
  /** Where `npm run db -- dump|restore` find pg_dump, pg_restore and psql (db/backup.ts reads it). */
  PG_BIN_DIR: z.string().trim().min(1).optional(),
  DEMO_DATA: flag("DEMO_DATA", "on", "off").default(true),
  // bcrypt reads at most 72 bytes: a longer demo password would be cut without a word.
  DEMO_PASSWORD: z
    .string()
    .refine((value) => Buffer.byteLength(value) <= 72, { error: "DEMO_PASSWORD phải dài tối đa 72 byte (giới hạn của bcrypt)" })
    .default("Demo@2026"),
  /** Set by the supervisor for each worker it forks (in its log lines); not to be set by hand. */
  WORKER_SLOT: integer("WORKER_SLOT", 1, 64, "số thứ tự tiến trình ứng dụng, do npm start đặt").optional(),
  // Read by React and Express, not by the app; checked so that a typo is not silently "development".
  NODE_ENV: z.enum(["production", "development", "test"], { error: "NODE_ENV phải là production, development hoặc test" }).optional(),

  // HTTP, cookies and sessions. scripts/serve.ts keeps a generated SESSION_SECRET under DATA_DIR when absent.
  SESSION_SECRET: z.string().min(32, { error: "SESSION_SECRET phải dài ít nhất 32 ký tự" }).optional(),
  COOKIE_SECURE: flag("COOKIE_SECURE", "true", "false").default(false),
  // Behind a reverse proxy that sets X-Forwarded-Proto (and X-Forwarded-For).
  TRUST_PROXY: flag("TRUST_PROXY", "true", "false").default(false),
  // Other public addresses whose pages may send forms here, e.g. a reverse proxy that rewrites Host.
  ALLOWED_ORIGINS: z
    .string()
    .transform((raw, ctx) => {
      const parsed = parseAllowedOrigins(raw);
      if (parsed.ok) return parsed.origins;
      ctx.addIssue({ code: "custom", message: `ALLOWED_ORIGINS: "${parsed.invalid}" không phải địa chỉ gốc của một trang (ví dụ https://thi.tinh.gov.vn, không có đường dẫn phía sau)` });
      return z.NEVER;
    })
    .default([]),
  SESSION_IDLE_DAYS: integer("SESSION_IDLE_DAYS", 1, 365, "số ngày không dùng thì phiên đăng nhập hết hạn").default(14),
  SESSION_MAX_DAYS: integer("SESSION_MAX_DAYS", 1, 365, "số ngày tối đa của một phiên đăng nhập").default(30),

  // Logins and the account log.
  BCRYPT_CONCURRENCY: integer("BCRYPT_CONCURRENCY", 1, 64, "số luồng băm mật khẩu").default(2),
  LOGIN_MAX_WAIT_MS: integer("LOGIN_MAX_WAIT_MS", 100, 600_000, "thời gian một lần đăng nhập chờ kiểm tra mật khẩu, tính bằng mili giây").default(15_000),
  LOGIN_FAILURES_PER_ADDRESS: integer("LOGIN_FAILURES_PER_ADDRESS", 1, 100_000, "số lần sai mật khẩu từ một địa chỉ mạng trong 15 phút trước khi phải chờ").default(100),
  REGISTRATIONS_PER_ADDRESS: integer("REGISTRATIONS_PER_ADDRESS", 1, 100_000, "số lần đăng ký từ một địa chỉ mạng trong 10 phút trước khi phải chờ").default(20),
  ACCOUNT_LOG_RETENTION_DAYS: integer("ACCOUNT_LOG_RETENTION_DAYS", 1, 3650, "số ngày nhật ký tài khoản được lưu giữ").default(365),

  // Mail.
  /** The address people reach the site at: links in mails are built from it, never from the request's Host. */
  PUBLIC_URL: shaped("PUBLIC_URL", /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, "là một địa chỉ http:// hoặc https://, ví dụ https://thi.tinh.gov.vn")
    .transform((url) => url.replace(/\/+$/, ""))
    .optional(),
  /** smtp://user:pass@host:587 or smtps://…:465; without it mails go to the outbox folder (development). */
  SMTP_URL: shaped("SMTP_URL", /^smtps?:\/\/\S+$/, "có dạng smtp://tên:mật-khẩu@máy-chủ:587 (hoặc smtps://…:465)").optional(),
  MAIL_FROM: z
    .string()
    .regex(/\S@\S/, { error: "MAIL_FROM phải chứa một địa chỉ thư, ví dụ Thi tìm hiểu CCHC <no-reply@tinh.gov.vn>" })
    .default("Thi tìm hiểu CCHC <no-reply@localhost>"),

  // socket.io between app processes.
  REDIS_URL: shaped("REDIS_URL", /^rediss?:\/\/\S+$/, "có dạng redis://máy-chủ:6379 (hoặc rediss://… với TLS)").optional(),
  REDIS_CHANNEL_PREFIX: shaped("REDIS_CHANNEL_PREFIX", /^\S+$/, "là một tiền tố không có khoảng trắng, ví dụ socket.io").default("socket.io"),

  // Database limits (database/settings.ts turns them into pool options).
  DB_POOL_SIZE: connections("DB_POOL_SIZE", "số kết nối cơ sở dữ liệu của mỗi tiến trình ứng dụng").default(20),
  DB_POOL_WAIT_MS: milliseconds("DB_POOL_WAIT_MS", "thời gian chờ một kết nối rảnh").default(3_000),
  DB_STATEMENT_TIMEOUT_MS: milliseconds("DB_STATEMENT_TIMEOUT_MS", "statement_timeout").default(15_000),
  DB_LOCK_TIMEOUT_MS: milliseconds("DB_LOCK_TIMEOUT_MS", "lock_timeout").default(5_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds("DB_IDLE_IN_TRANSACTION_TIMEOUT_MS", "idle_in_transaction_session_timeout").default(30_000),
  ANSWER_SAVE_POOL_SIZE: connections("ANSWER_SAVE_POOL_SIZE", "số kết nối dành cho việc lưu câu trả lời").default(10),
  ANSWER_SAVE_STATEMENT_TIMEOUT_MS: milliseconds("ANSWER_SAVE_STATEMENT_TIMEOUT_MS", "statement_timeout khi lưu câu trả lời").default(5_000),
  ANSWER_SAVE_LOCK_TIMEOUT_MS: milliseconds("ANSWER_SAVE_LOCK_TIMEOUT_MS", "lock_timeout khi lưu câu trả lời").default(2_000),
  EXPORT_STATEMENT_TIMEOUT_MS: milliseconds("EXPORT_STATEMENT_TIMEOUT_MS", "statement_timeout khi xuất tệp").default(300_000),
  MAINTENANCE_STATEMENT_TIMEOUT_MS: milliseconds("MAINTENANCE_STATEMENT_TIMEOUT_MS", "statement_timeout khi cập nhật cấu trúc và tính lại xếp hạng").default(0),
});

export type Env = z.output<typeof envSchema>;
export type EnvVariable = keyof typeof envSchema.shape;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as EnvVariable[];

/** A bad environment: every problem, one line each, in Vietnamese. */
export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình môi trường không hợp lệ:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/**
 * The environment, validated; throws an EnvError listing every bad variable. A blank variable (as
 * `KEY=` in an env file leaves it) counts as unset. `required` names variables that must be set
 * here (an app process needs DATABASE_URL and SESSION_SECRET, which the supervisor provides).
 */
export function parseEnv<K extends EnvVariable = never>(
  source: Record<string, string | undefined>,
  required: readonly K[] = [],
): Env & { [P in K]-?: NonNullable<Env[P]> } {
  const present: Record<string, string> = {};
  for (const name of ENV_VARIABLES) {
    const value = source[name];
    if (value !== undefined && value.trim() !== "") present[name] = value;
  }
  const parsed = envSchema.safeParse(present);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => namedProblem(String(issue.path[0]), issue.message));
  for (const name of required) {
    if (present[name] === undefined) problems.push(`${name} chưa được đặt: tiến trình ứng dụng cần được khởi động bằng npm start`);
  }
  if (!parsed.success || problems.length > 0) throw new EnvError(problems);
  return parsed.data as Env & { [P in K]-?: NonNullable<Env[P]> };
}

/** Our messages start with the variable's name; zod's own (unexpected) ones get it in front. */
function namedProblem(name: string, message: string): string {
  return message.startsWith(name) ? message : `${name}: ${message}`;
}

let cached: (Env & { SESSION_SECRET: string }) | undefined;
/**
 * This process's environment, read once. Read lazily, so that a test may set variables before the
 * first use; a real start has already checked it at boot (scripts/serve.ts, scripts/app-process.ts).
 */
export function env(): Env & { SESSION_SECRET: string } {
  cached ??= parseEnv(process.env, ["SESSION_SECRET"]);
  return cached;
}
