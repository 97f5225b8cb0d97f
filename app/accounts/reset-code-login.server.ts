import { sql } from "kysely";
import { sha256 } from "~/auth/sessions.server";
import type { DBOrTransaction } from "~/database/connection.server";

// An issued reset code is the person's password until they change it. Its password_resets row
// is bound to the very password hash the code set (token_hash = sha256 of that bcrypt hash), so
// the login can tell "this password is an issued code" without ever keeping the code: once the
// person changes the password, or another code or a reset replaces it, the row matches no more.

/** What ties a reset-code row to the password hash the code set. */
export function resetCodeBinding(passwordHash: string): Buffer {
  return sha256(passwordHash);
}

export const RESET_CODE_SPENT_MESSAGE =
  "Mã đặt lại mật khẩu này đã hết hạn hoặc đã được dùng để đăng nhập. Vui lòng đề nghị ban tổ chức cấp mã mới.";

/**
 * Called after a login's password matched. When that password is an issued reset code, the code
 * is spent now (one login only, within its validity); returns the refusal when it was spent
 * already or has expired, null otherwise (also for every ordinary password: one indexed query).
 */
export async function spendResetCodeAtLogin(db: DBOrTransaction, userId: number): Promise<string | null> {
  const code = await db
    .selectFrom("users as u")
    .innerJoin("password_resets as r", (join) =>
      join
        .onRef("r.user_id", "=", "u.id")
        .on("r.kind", "=", "code")
        .on("r.token_hash", "=", sql<Buffer>`sha256(convert_to(u.password_hash, 'UTF8'))`),
    )
    .select("r.id")
    .where("u.id", "=", userId)
    .where("u.must_change_password", "=", true)
    .executeTakeFirst();
  if (!code) return null;
  // Atomic: of two logins with the same code at once, one gets in.
  const spent = await db
    .updateTable("password_resets")
    .set({ used_at: sql`now()` })
    .where("id", "=", code.id)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return Number(spent.numUpdatedRows) === 1 ? null : RESET_CODE_SPENT_MESSAGE;
}
