import { env } from "~/config/env.server";
import type { DBOrTransaction } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { burnPasswordCheck, hashPassword, verifyPassword } from "~/auth/password.server";
import { UserFacingError } from "~/http/user-facing-error";
import { parseLoginIdentifier, type LoginIdentifier } from "./login-identifier";

export interface NewAccount {
  fullName: string;
  login: LoginIdentifier;
  password: string;
  unitId: number;
  role?: Role;
}

export async function createAccount(db: DBOrTransaction, account: NewAccount): Promise<{ id: number }> {
  const unit = await db.selectFrom("units").select("id").where("id", "=", account.unitId).where("retired_at", "is", null).executeTakeFirst();
  if (!unit) throw new UserFacingError(400, "Đơn vị đã chọn không tồn tại.", "unit");
  if (await findUserByLogin(db, account.login)) throw loginTaken(account.login);
  try {
    return await db
      .insertInto("users")
      .values({
        full_name: account.fullName,
        email: account.login.kind === "email" ? account.login.email : null,
        phone: account.login.kind === "phone" ? account.login.phone : null,
        password_hash: await hashPassword(account.password),
        role: account.role ?? "contestant",
        unit_id: account.unitId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  } catch (error) {
    // Two registrations with the same login at once: the unique index decides.
    if ((error as { code?: string }).code === "23505") throw loginTaken(account.login);
    throw error;
  }
}

function loginTaken(login: LoginIdentifier) {
  return new UserFacingError(
    409,
    login.kind === "email" ? "Email này đã được dùng để đăng ký." : "Số điện thoại này đã được dùng để đăng ký.",
    "login",
  );
}

/** The users a login names (at most one): emails compared without case, phones in their normalised form. */
export function usersByLogin(db: DBOrTransaction, login: LoginIdentifier) {
  const users = db.selectFrom("users");
  return login.kind === "email" ? users.where((eb) => eb(eb.fn("lower", ["email"]), "=", login.email)) : users.where("phone", "=", login.phone);
}

function findUserByLogin(db: DBOrTransaction, login: LoginIdentifier) {
  return usersByLogin(db, login).select(["id", "password_hash"]).executeTakeFirst();
}

export const PERSON_NOT_FOUND_MESSAGE = "Không tìm thấy người dự thi với email hoặc số điện thoại này.";

/**
 * The person an organizer names by email or phone, as typed: an email in any case, a phone in any
 * written form (0912345678, +84 912 345 678, 84912345678, 0912.345.678). Refused (404, on the
 * `login` field) when the text is no login or nobody has it: both get the same answer.
 */
export async function requirePersonByLogin(db: DBOrTransaction, typed: string): Promise<{ id: number }> {
  const login = parseLoginIdentifier(typed);
  const person = login ? await usersByLogin(db, login).select("id").executeTakeFirst() : undefined;
  if (!person) throw new UserFacingError(404, PERSON_NOT_FOUND_MESSAGE, "login");
  return person;
}

/** The user's id when the password matches; null otherwise (same time either way). */
export async function verifyLogin(db: DBOrTransaction, login: LoginIdentifier, password: string, signal?: AbortSignal): Promise<number | null> {
  // How long a login may wait for its password check before the person is told to try again.
  const { LOGIN_MAX_WAIT_MS } = env();
  const user = await findUserByLogin(db, login);
  if (!user) {
    await burnPasswordCheck(password, signal, LOGIN_MAX_WAIT_MS);
    return null;
  }
  return (await verifyPassword(password, user.password_hash, signal, LOGIN_MAX_WAIT_MS)) ? user.id : null;
}
