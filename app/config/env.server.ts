import { parseAllowedOrigins } from "~/http/same-origin";
import { z } from "~/validation/z";

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
