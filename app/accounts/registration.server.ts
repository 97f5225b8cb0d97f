import type { DBOrTransaction } from "~/database/connection.server";
import { createAccount, type NewAccount } from "./accounts.server";
import { assertNewPasswordAllowed } from "./password-policy.server";

/**
 * A person registering themselves: the password they chose must pass the policy (a 400
 * UserFacingError with code "password" otherwise) before the account is created. Seeded and
 * test accounts go through createAccount directly.
 */
export async function registerAccount(db: DBOrTransaction, account: Omit<NewAccount, "role">): Promise<{ id: number }> {
  assertNewPasswordAllowed(account.password, { login: account.login, fullName: account.fullName }, "password");
  return createAccount(db, account);
}
