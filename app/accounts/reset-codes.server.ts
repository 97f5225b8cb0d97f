import { randomInt } from "node:crypto";
import { sql } from "kysely";
import { hashPassword } from "~/auth/password.server";
import { endOtherSessions, type ClientInfo } from "~/auth/sessions.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DB } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { checkReason } from "~/commands/reason";
import { UserFacingError } from "~/http/user-facing-error";
import { forgetFailedLogins } from "./login.server";
import { passwordProblem } from "./password-policy.server";
import { voidOutstandingResets } from "./password-reset.server";
import { resetCodeBinding } from "./reset-code-login.server";
import { RESET_CODE_VALID_HOURS, drawResetCode, resetCodeRefusal } from "./reset-codes";

export interface IssuedResetCode {
  code: string;
  fullName: string;
  login: string;
  expiresAt: Date;
}

/** The person a code would be issued for, as the confirmation page shows them. */
export async function resetCodeSubject(db: DB, userId: number) {
  return db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.full_name", "users.email", "users.phone", "users.role", "units.name as unit_name"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
}

/**
 * Issues a one-time reset code for a person: the code becomes their password (only its bcrypt
 * hash is kept), valid for one login within RESET_CODE_VALID_HOURS, after which they must choose
 * their own (the forced change of accounts with an initial password). Every login of theirs ends,
 * earlier links and codes are voided, and the account log keeps who issued it and why. The code
 * is returned to be shown once to the issuer. A command (~/commands/command.server.ts) on the
 * person's account; the code is hashed before the transaction opens. Throws UserFacingError:
 * "reason" (missing or too short), 404 (no such person), 403 (not allowed for this person), 409
 * (their role just changed).
 */
export async function issueResetCode(
  context: CommandContext,
  issuer: { id: number; role: Role },
  subjectId: number,
  rawReason: string,
  client: ClientInfo,
): Promise<IssuedResetCode> {
  return runCommand(context, {
    actorId: issuer.id,
    target: { account: subjectId },
    reason: { required: true, text: rawReason },
    prepare: async () => {
      const subject = await resetCodeSubject(context.db, subjectId);
      if (!subject) throw new UserFacingError(404, "Không tìm thấy người dùng.");
      const refusal = resetCodeRefusal(issuer, subject);
      if (refusal) throw new UserFacingError(403, refusal);
      let code: string;
      do code = drawResetCode(randomInt);
      while (passwordProblem(code, { login: [subject.email, subject.phone], fullName: subject.full_name }));
      return { subject, code, hash: await hashPassword(code) };
    },
    write: async (trx, { prepared: { subject, code, hash } }) => {
      // Only while the role is still the one checked above: a promotion meanwhile must not slip through.
      const updated = await trx
        .updateTable("users")
        .set({ password_hash: hash, must_change_password: true })
        .where("id", "=", subject.id)
        .where("role", "=", subject.role)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw new UserFacingError(409, "Vai trò của người này vừa thay đổi. Vui lòng tải lại trang và thử lại.");
      await voidOutstandingResets(trx, subject.id);
      const row = await trx
        .insertInto("password_resets")
        .values({
          token_hash: resetCodeBinding(hash),
          user_id: subject.id,
          kind: "code",
          issued_by: issuer.id,
          expires_at: sql<Date>`now() + make_interval(hours => ${RESET_CODE_VALID_HOURS})`,
        })
        .returning("expires_at")
        .executeTakeFirstOrThrow();
      const ended = await endOtherSessions(trx, subject.id, null);
      await forgetFailedLogins(trx, [subject.email?.toLowerCase() ?? null, subject.phone]);
      return {
        changed: true,
        value: { code, fullName: subject.full_name, login: subject.email ?? subject.phone ?? "", expiresAt: row.expires_at },
        log: { kind: "reset_code_issued", client, details: { ended } },
      };
    },
  });
}
