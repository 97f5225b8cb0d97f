import { logAccountEvent } from "~/auth/account-log.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import { endOtherSessions, type ClientInfo } from "~/auth/sessions.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { z } from "~/validation/z";
import { newPasswordField } from "./account-forms";
import { assertNewPasswordAllowed } from "./password-policy.server";

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Vui lòng nhập mật khẩu hiện tại" }).min(1, { error: "Vui lòng nhập mật khẩu hiện tại" }).max(200),
    newPassword: newPasswordField("Vui lòng nhập mật khẩu mới"),
    confirmPassword: z.string({ error: "Vui lòng nhập lại mật khẩu mới" }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], error: "Mật khẩu nhập lại không khớp" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], error: "Mật khẩu mới phải khác mật khẩu hiện tại" });

/**
 * Replaces a user's password after checking the current one, and lifts the forced change. Every
 * other login of the person ends (whoever knew the old password is out); this one stays.
 * Throws a UserFacingError whose code names the field at fault: "currentPassword" when the current
 * password is wrong, "newPassword" when the new one is common or contains the user's login or name.
 */
export async function changePassword(
  db: DBOrTransaction,
  who: { id: number; sessionId: string },
  currentPassword: string,
  newPassword: string,
  client: ClientInfo,
): Promise<void> {
  const userId = who.id;
  const user = await db.selectFrom("users").select(["password_hash", "email", "phone", "full_name"]).where("id", "=", userId).executeTakeFirst();
  if (!user || !(await verifyPassword(currentPassword, user.password_hash))) {
    throw new UserFacingError(400, "Mật khẩu hiện tại không đúng.", "currentPassword");
  }
  assertNewPasswordAllowed(newPassword, { login: [user.email, user.phone], fullName: user.full_name }, "newPassword");
  const hash = await hashPassword(newPassword);
  // Only over the password just checked: a change made meanwhile elsewhere is not silently overwritten.
  const updated = await db
    .updateTable("users")
    .set({ password_hash: hash, must_change_password: false })
    .where("id", "=", userId)
    .where("password_hash", "=", user.password_hash)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) {
    throw new UserFacingError(409, "Mật khẩu vừa được đổi ở nơi khác. Vui lòng tải lại trang và thử lại.", "currentPassword");
  }
  const ended = await endOtherSessions(db, userId, who.sessionId);
  await logAccountEvent(db, { kind: "password_changed", actorId: userId, subjectId: userId, client, details: { ended } });
}
