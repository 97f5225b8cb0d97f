import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { logAccountEvent } from "~/auth/account-log.server";
import { hashPassword } from "~/auth/password.server";
import { countAttempt, throttlePoliciesInForce } from "~/auth/rate-limit.server";
import { endOtherSessions, sha256, type ClientInfo } from "~/auth/sessions.server";
import { TooManyAttempts, waitInWords } from "~/auth/throttle";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { publicUrl, sendMail } from "~/mail/mailer.server";
import { passwordResetMail } from "~/mail/reset-mail";
import { RESET_LINK_INVALID_MESSAGE } from "./password-reset-messages";
import { z } from "~/validation/z";
import { usersByLogin } from "./accounts.server";
import { newPasswordField } from "./account-forms";
import type { LoginIdentifier } from "./login-identifier";
import { forgetFailedLogins } from "./login.server";
import { assertNewPasswordAllowed } from "./password-policy.server";

// "Quên mật khẩu": a person asks with their email (or phone number) and gets a one-time link by
// mail. Whoever asks learns nothing about which accounts exist: the answer is the same and is
// given before anything about the account is even looked up (the look-up, the per-account limit
// and the mail happen afterwards, off the request). Only a hash of each link's token is kept.

export const RESET_LINK_MINUTES = 30;
export const RESET_LINK_PATH = "/dat-lai-mat-khau";

export const resetPasswordSchema = z
  .object({
    newPassword: newPasswordField("Vui lòng nhập mật khẩu mới"),
    confirmPassword: z.string({ error: "Vui lòng nhập lại mật khẩu mới" }),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "Mật khẩu nhập lại không khớp" });

function loginName(login: LoginIdentifier): string {
  return login.kind === "email" ? login.email : login.phone;
}

/**
 * Accepts a reset request: counted against the asking address (TooManyAttempts past the limit,
 * the only refusal, and it says nothing about the account). Everything else — the account, its
 * own limit, the link, the mail, the log — runs after this returns, so neither the answer nor its
 * timing depends on whether the account exists or on how long the mail server takes.
 */
export async function requestPasswordReset(db: DB, login: LoginIdentifier, client: ClientInfo): Promise<void> {
  const wait = await countAttempt(db, `reset-address:${client.ip ?? "unknown"}`, throttlePoliciesInForce().resetAddress);
  if (wait > 0) {
    await logAccountEvent(db, { kind: "password_reset_requested", login: loginName(login), client, details: { outcome: "bị tạm chặn", wait: waitInWords(wait) } });
    throw new TooManyAttempts(
      `Có quá nhiều yêu cầu đặt lại mật khẩu từ cùng một địa chỉ mạng. Vui lòng thử lại sau ${waitInWords(wait)}.`,
      wait,
    );
  }
  setImmediate(() => {
    deliverResetLink(db, login, client).catch((error: unknown) => {
      console.error("Không xử lý được yêu cầu đặt lại mật khẩu:", error);
    });
  });
}

/** The part of a request that depends on the account; ends with the account log entry. */
async function deliverResetLink(db: DB, login: LoginIdentifier, client: ClientInfo): Promise<void> {
  const name = loginName(login);
  const user = await usersByLogin(db, login).select(["id", "full_name", "email"]).executeTakeFirst();
  const log = (outcome: string, subjectId: number | null = null) =>
    logAccountEvent(db, { kind: "password_reset_requested", subjectId, login: name, client, details: { outcome } });
  if (!user) return log("không có tài khoản nào như vậy");
  // Past the account's limit, mails stop silently: the asker cannot tell a limit from a missing account.
  if ((await countAttempt(db, `reset-account:${user.id}`, throttlePoliciesInForce().resetAccount)) > 0) return log("quá số lần trong thời gian ngắn, không gửi thư", user.id);
  if (!user.email) return log("tài khoản chỉ có số điện thoại, không gửi được thư", user.id);

  // Earlier links stay valid until used or expired: mails can arrive late or out of order, and
  // the person must be able to use whichever arrives. Using any one of them voids all the others.
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("password_resets")
    .values({ token_hash: sha256(token), user_id: user.id, kind: "email", expires_at: sql<Date>`now() + make_interval(mins => ${RESET_LINK_MINUTES})` })
    .execute();
  try {
    await sendMail(passwordResetMail({ to: user.email, fullName: user.full_name, link: publicUrl(`${RESET_LINK_PATH}/${token}`), minutes: RESET_LINK_MINUTES }));
  } catch (error) {
    await log("máy chủ thư không nhận thư, chưa gửi được", user.id);
    throw error;
  }
  await log("đã gửi thư có liên kết đặt lại", user.id);
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

interface ResetLink {
  id: string;
  userId: number;
  fullName: string;
  email: string | null;
  phone: string | null;
}

/** The person a reset link is for, while it is unused and unexpired; null for anything else. */
export async function findResetLink(db: DBOrTransaction, token: string): Promise<ResetLink | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom("password_resets as r")
    .innerJoin("users as u", "u.id", "r.user_id")
    .select(["r.id", "u.id as user_id", "u.full_name", "u.email", "u.phone"])
    .where("r.token_hash", "=", sha256(token))
    .where("r.kind", "=", "email")
    .where("r.used_at", "is", null)
    .where("r.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { id: row.id, userId: row.user_id, fullName: row.full_name, email: row.email, phone: row.phone } : null;
}

/**
 * Sets a new password with a reset link. The link is spent atomically (of two submits at once,
 * exactly one succeeds), every other outstanding link or code of the person is voided, every one
 * of their logins ends (whoever had the old password or a stolen cookie is out), the forced change
 * is lifted, and the failed logins counted against them are forgotten. The person then logs in
 * with the new password. Throws TooManyAttempts, or UserFacingError with code "token" (the link
 * no longer works) or "newPassword" (the policy refuses the password; the link stays usable).
 */
export async function resetPasswordWithLink(db: DB, token: string, newPassword: string, client: ClientInfo): Promise<{ userId: number }> {
  const wait = await countAttempt(db, `reset-link-address:${client.ip ?? "unknown"}`, throttlePoliciesInForce().resetLinkAddress);
  if (wait > 0) throw new TooManyAttempts(`Có quá nhiều lượt đặt lại mật khẩu từ cùng một địa chỉ mạng. Vui lòng thử lại sau ${waitInWords(wait)}.`, wait);
  const link = await findResetLink(db, token);
  if (!link) throw new UserFacingError(410, RESET_LINK_INVALID_MESSAGE, "token");
  assertNewPasswordAllowed(newPassword, { login: [link.email, link.phone], fullName: link.fullName }, "newPassword");
  const hash = await hashPassword(newPassword);
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable("password_resets")
      .set({ used_at: sql`now()` })
      .where("id", "=", link.id)
      .where("used_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw new UserFacingError(410, RESET_LINK_INVALID_MESSAGE, "token");
    await trx.updateTable("users").set({ password_hash: hash, must_change_password: false }).where("id", "=", link.userId).execute();
    await voidOutstandingResets(trx, link.userId);
    const ended = await endOtherSessions(trx, link.userId, null);
    await forgetFailedLogins(trx, [link.email?.toLowerCase() ?? null, link.phone]);
    await logAccountEvent(trx, { kind: "password_reset", actorId: link.userId, subjectId: link.userId, client, details: { via: "liên kết trong thư", ended } });
    return { userId: link.userId };
  });
}

/** Makes every unused, unexpired link and code of a person unusable (expired now; used_at stays "never used"). */
export async function voidOutstandingResets(db: DBOrTransaction, userId: number): Promise<void> {
  await db
    .updateTable("password_resets")
    .set({ expires_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("used_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .execute();
}

/**
 * Removes links and codes over a day past their expiry. Not a code that is still the person's
 * password (never used, or used but not yet changed): its row is what makes it expire and
 * single-use at login, so it stays until the password changes.
 */
export async function purgeSpentResets(db: DBOrTransaction): Promise<number> {
  const result = await db
    .deleteFrom("password_resets as r")
    .where("r.expires_at", "<", sql<Date>`now() - interval '1 day'`)
    .where((eb) =>
      eb.or([
        eb("r.kind", "=", "email"),
        eb.not(
          eb.exists(
            eb
              .selectFrom("users as u")
              .select("u.id")
              .whereRef("u.id", "=", "r.user_id")
              .where(sql<boolean>`sha256(convert_to(u.password_hash, 'UTF8')) = r.token_hash`),
          ),
        ),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
