import { z } from "~/validation/z";

// The environment the running app relies on, checked once. scripts/serve.ts fills in
// DATABASE_URL (embedded PostgreSQL) and SESSION_SECRET (kept under .data/) when absent.
const envSchema = z.object({
  NODE_ENV: z.enum(["production", "development", "test"]).default("production"),
  SESSION_SECRET: z.string().min(32, { error: "SESSION_SECRET phải dài ít nhất 32 ký tự" }),
  COOKIE_SECURE: z.enum(["true", "false"]).default("false"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;
export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Cấu hình môi trường không hợp lệ: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}
