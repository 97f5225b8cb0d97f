import { logAccountEvent } from "~/auth/account-log.server";
import { countAttempt, throttlePoliciesInForce } from "~/auth/rate-limit.server";
import { startSession, type ClientInfo } from "~/auth/sessions.server";
import { TooManyAttempts, waitInWords } from "~/auth/throttle";
import type { DB } from "~/database/connection.server";
import { createAccount, type NewAccount } from "./accounts.server";
import { assertNewPasswordAllowed } from "./password-policy.server";

/**
 * A person registering themselves: the password they chose must pass the policy (a 400
 * UserFacingError with code "password" otherwise); then the attempt is counted per address
 * (every attempt counts, so a script cannot mass-create accounts); then the account, the account
 * log and a first session. Throws TooManyAttempts, or a UserFacingError from createAccount (login
 * taken, unit gone). Seeded and test accounts go through createAccount directly.
 */
export async function registerAccount(
  db: DB,
  form: Pick<NewAccount, "fullName" | "login" | "password" | "unitId">,
  client: ClientInfo,
): Promise<{ userId: number; setCookie: string }> {
  assertNewPasswordAllowed(form.password, { login: form.login, fullName: form.fullName }, "password");
  const lane = `register:${client.ip ?? "unknown"}`;
  // Counted before the account is created, so that a burst of parallel registrations cannot slip past.
  const wait = await countAttempt(db, lane, throttlePoliciesInForce().registerAddress);
  if (wait > 0) {
    await logAccountEvent(db, { kind: "register_throttled", client, details: { wait: waitInWords(wait) } });
    throw new TooManyAttempts(registrationThrottled(wait), wait);
  }
  const { id } = await createAccount(db, { fullName: form.fullName, login: form.login, password: form.password, unitId: form.unitId });
  await logAccountEvent(db, { kind: "registered", actorId: id, subjectId: id, client });
  return { userId: id, setCookie: await startSession(db, id, client) };
}

function registrationThrottled(wait: number) {
  return `Có quá nhiều lượt đăng ký từ cùng một địa chỉ mạng trong thời gian ngắn. Vui lòng thử lại sau ${waitInWords(wait)}, hoặc đề nghị ban tổ chức tạo tài khoản cho đơn vị.`;
}
