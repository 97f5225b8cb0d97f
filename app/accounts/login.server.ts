import { logAccountEvent } from "~/auth/account-log.server";
import { clearAttempts, countAttempt, secondsBlocked, throttlePoliciesInForce } from "~/auth/rate-limit.server";
import { startSession, type ClientInfo } from "~/auth/sessions.server";
import { waitInWords } from "~/auth/throttle";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { escapeLike } from "~/text/like";
import { verifyLogin } from "./accounts.server";
import type { LoginIdentifier } from "./login-identifier";
import { spendResetCodeAtLogin } from "./reset-code-login.server";

export type LoginOutcome =
  | { ok: true; userId: number; setCookie: string }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds: number | null };

export const WRONG_LOGIN_MESSAGE = "Email/số điện thoại hoặc mật khẩu không đúng.";

function loginName(login: LoginIdentifier): string {
  return login.kind === "email" ? login.email : login.phone;
}

/** The throttling lanes of one login attempt: the account from this address, the account, the address. */
function loginLanes(login: LoginIdentifier, client: ClientInfo) {
  const name = loginName(login);
  const address = client.ip ?? "unknown";
  return {
    pair: `login-pair:${name}|${address}`,
    account: `login-account:${name}`,
    address: `login-address:${address}`,
  };
}

function throttledMessage(wait: number): string {
  return `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${waitInWords(wait)}. Nếu quên mật khẩu, hãy chọn "Quên mật khẩu".`;
}

/**
 * One login. The attempt is counted in the account's lanes before the password is checked, so
 * parallel guesses at one account cannot slip past the limit; over the limit, or while the
 * address waits, it is refused at once (no password check spent on it). The address's lane counts
 * failures only, after the check: when a round opens, hundreds of people of one office wait for
 * their password checks at once, and they must not count against each other. A success clears the
 * account's lanes and starts a session. Every outcome goes to the account log. An unknown login
 * behaves exactly like a wrong password.
 */
export async function attemptLogin(db: DB, login: LoginIdentifier, password: string, client: ClientInfo, signal?: AbortSignal): Promise<LoginOutcome> {
  const lanes = loginLanes(login, client);
  const name = loginName(login);
  const policies = throttlePoliciesInForce();
  const waits = await Promise.all([
    countAttempt(db, lanes.pair, policies.loginPair),
    countAttempt(db, lanes.account, policies.loginAccount),
    secondsBlocked(db, [lanes.address]),
  ]);
  const wait = Math.max(...waits);
  if (wait > 0) {
    await logAccountEvent(db, { kind: "login_throttled", login: name, client, details: { wait: waitInWords(wait) } });
    return { ok: false, status: 429, message: throttledMessage(wait), retryAfterSeconds: wait };
  }
  const userId = await verifyLogin(db, login, password, signal);
  if (userId === null) {
    const addressWait = await countAttempt(db, lanes.address, policies.loginAddress);
    await logAccountEvent(db, { kind: "login_failed", login: name, client });
    if (addressWait > 0) return { ok: false, status: 429, message: `${WRONG_LOGIN_MESSAGE} ${throttledMessage(addressWait)}`, retryAfterSeconds: addressWait };
    return { ok: false, status: 401, message: WRONG_LOGIN_MESSAGE, retryAfterSeconds: null };
  }
  const codeRefusal = await spendResetCodeAtLogin(db, userId);
  if (codeRefusal) {
    await logAccountEvent(db, { kind: "login_failed", actorId: userId, subjectId: userId, login: name, client, details: { outcome: "mã đặt lại đã hết hạn hoặc đã dùng" } });
    return { ok: false, status: 401, message: codeRefusal, retryAfterSeconds: null };
  }
  // One commit for the bookkeeping of a success: at a round's opening logins come by the hundred.
  const setCookie = await db.transaction().execute(async (trx) => {
    await clearAttempts(trx, [lanes.pair, lanes.account]);
    const cookie = await startSession(trx, userId, client);
    await logAccountEvent(trx, { kind: "login", actorId: userId, subjectId: userId, client });
    return cookie;
  });
  return { ok: true, userId, setCookie };
}

/**
 * Forgets the failed logins counted against these login names, from every address (a reset
 * password or an issued code: the person starts afresh instead of waiting out an earlier lock).
 */
export async function forgetFailedLogins(db: DBOrTransaction, names: readonly (string | null)[]): Promise<void> {
  for (const name of names) {
    if (!name) continue;
    await db
      .deleteFrom("rate_limits")
      .where((eb) => eb.or([eb("key", "=", `login-account:${name}`), eb("key", "like", `login-pair:${escapeLike(name)}|%`)]))
      .execute();
  }
}
