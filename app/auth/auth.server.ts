import { redirect } from "@remix-run/node";
import type { DBOrTransaction } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { getSession } from "./session.server";

export interface CurrentUser {
  id: number;
  fullName: string;
  role: Role;
  unitId: number;
  unitName: string;
}

/** The logged-in user, read fresh from the database so a role change takes effect at once. */
export async function getCurrentUser(db: DBOrTransaction, request: Request): Promise<CurrentUser | null> {
  const session = await getSession(request);
  const userId = session.get("userId");
  if (typeof userId !== "number") return null;
  const user = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.full_name", "users.role", "users.unit_id", "units.name as unit_name"])
    .where("users.id", "=", userId)
    .executeTakeFirst();
  if (!user) return null;
  return { id: user.id, fullName: user.full_name, role: user.role, unitId: user.unit_id, unitName: user.unit_name };
}

/** Throws a redirect to the login page, coming back here afterwards. */
export async function requireUser(db: DBOrTransaction, request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(db, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** Throws 403 unless the user has one of the roles (admins pass every check). */
export async function requireRole(db: DBOrTransaction, request: Request, roles: Role[]): Promise<CurrentUser> {
  const user = await requireUser(db, request);
  if (user.role !== "admin" && !roles.includes(user.role)) {
    throw new Response("Bạn không có quyền truy cập trang này.", { status: 403, statusText: "Forbidden" });
  }
  return user;
}
