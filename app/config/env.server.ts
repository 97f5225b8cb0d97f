import { parseAllowedOrigins } from "~/http/same-origin";
import { z } from "~/validation/z";

/** An unset variable; an empty one (as `KEY=` in an env file leaves it) counts as unset too. */
const unsetIfEmpty = (value: unknown) => (value === "" ? undefined : value);

// The environment the running app relies on, checked once. scripts/serve.ts fills in
// DATABASE_URL (embedded PostgreSQL) and SESSION_SECRET (kept under .data/) when absent.
const envSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  SESSION_SECRET: z.string().min(32, { error: "SESSION_SECRET phải dài ít nhất 32 ký tự" }),
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
  // Behind a reverse proxy that sets X-Forwarded-Proto (and X-Forwarded-For).
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  // Other public addresses whose pages may send forms here, e.g. a reverse proxy that rewrites Host.
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const parsed = parseAllowedOrigins(raw);
      if (parsed.ok) return parsed.origins;
      ctx.addIssue({ code: "custom", message: `"${parsed.invalid}" không phải địa chỉ gốc của một trang (ví dụ https://thi.tinh.gov.vn, không có đường dẫn phía sau)` });
      return z.NEVER;
    }),
  PORT: z.string().regex(/^\d+$/, { error: "PORT phải là một số" }).default("3000"),
  /** Where the app keeps its files (the mail outbox when there is no SMTP server…). */
  DATA_DIR: z.string().min(1).default(".data"),
  /** The address people reach the site at: links in mails are built from it, never from the request's Host. */
  PUBLIC_URL: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { error: "PUBLIC_URL phải là một địa chỉ http:// hoặc https://, ví dụ https://thi.tinh.gov.vn" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional(),
  ),
  /** smtp://user:pass@host:587 or smtps://…:465; without it mails go to the outbox folder (development). */
  SMTP_URL: z.preprocess(unsetIfEmpty, z.string().regex(/^smtps?:\/\/\S+$/, { error: "SMTP_URL phải có dạng smtp://tên:mật-khẩu@máy-chủ:587" }).optional()),
  MAIL_FROM: z.preprocess(unsetIfEmpty, z.string().min(3).default("Thi tìm hiểu CCHC <no-reply@localhost>")),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Cấu hình môi trường không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
