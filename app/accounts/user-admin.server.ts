import type { ClientInfo } from "~/auth/sessions.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DB } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";
import { foldText } from "~/text/normalize";

export interface UserListRow {
  id: number;
  full_name: string;
  email: string | null;
  phone: string | null;
  role: Role;
  unit_name: string;
}

/** The admin's list of people, searched by name, email or phone without diacritics (200 shown). */
export async function listUsersForAdmin(db: DB, query: string): Promise<UserListRow[]> {
  const users = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.full_name", "users.email", "users.phone", "users.role", "units.name as unit_name"])
    .orderBy("users.id")
    .limit(2000)
    .execute();
  const needle = foldText(query);
  return (needle ? users.filter((u) => foldText(`${u.full_name} ${u.email ?? ""} ${u.phone ?? ""}`).includes(needle)) : users).slice(0, 200);
}

/** Gives a person another role (a command on their account); logged with the old and new role. An admin cannot demote themself. */
export async function setUserRole(context: CommandContext, admin: { id: number }, userId: number, role: Role, client: ClientInfo): Promise<{ fullName: string }> {
  if (userId === admin.id && role !== "admin") throw new UserFacingError(409, "Không thể tự bỏ quyền quản trị của chính mình.");
  return runCommand(context, {
    actorId: admin.id,
    target: { account: userId },
    write: async (trx) => {
      const before = await trx.selectFrom("users").select(["full_name", "role"]).where("id", "=", userId).executeTakeFirstOrThrow();
      const value = { fullName: before.full_name };
      if (before.role === role) return { changed: false, value };
      await trx.updateTable("users").set({ role }).where("id", "=", userId).execute();
      return { changed: true, value, log: { kind: "role_changed", client, details: { from: before.role, to: role } } };
    },
  });
}
