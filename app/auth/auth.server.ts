import { json, redirect } from "@remix-run/node";
import type { DBOrTransaction } from "~/database/connection.server";
import type { Role } from "~/database/schema";
import { liveSessionSql, sessionTokenHash, touchSession, type ClientInfo } from "./sessions.server";

export interface CurrentUser {
  id: number;
  fullName: string;
  role: Role;
  unitId: number;
  unitName: string;
  /** Set on accounts created with an initial password: nothing but changing it is allowed. */
  mustChangePassword: boolean;
  /** The login (sessions row) this request came with. */
  sessionId: string;
}

/** Who is asking, for the sessions list, throttling and the account log. */
export function clientInfo(request: Request, context: { clientAddress: string | null }): ClientInfo {
  return { ip: context.clientAddress, userAgent: request.headers.get("User-Agent") };
}

export const CHANGE_PASSWORD_PATH = "/doi-mat-khau";
/** What JSON calls answer (403) while the initial password is unchanged. */
export const MUST_CHANGE_PASSWORD_MESSAGE = "Bạn cần đổi mật khẩu ban đầu trước khi tiếp tục. Hãy mở trang Đổi mật khẩu.";
/** What a user who must change the password may still reach (static assets never reach Remix). */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set([CHANGE_PASSWORD_PATH, "/dang-xuat"]);

/** The page or call of this request, to come back to after changing the password. */
function returnPath(request: Request): string {
  const url = new URL(request.url);
  url.searchParams.delete("_data");
  url.searchParams.delete("index");
  return url.pathname + url.search;
}

/**
 * A user who must change the password is stopped everywhere but the change-password page and
 * logout: pages redirect there (and back afterwards), JSON endpoints under /api answer 403.
 */
function enforcePasswordChange(request: Request): void {
  const { pathname } = new URL(request.url);
  if (ALLOWED_BEFORE_PASSWORD_CHANGE.has(pathname.replace(/\/+$/, "") || "/")) return;
  if (pathname.startsWith("/api/")) {
    throw json(
      { ok: false, code: "must_change_password", message: MUST_CHANGE_PASSWORD_MESSAGE },
      { status: 403 },
    );
  }
  throw redirect(`${CHANGE_PASSWORD_PATH}?redirectTo=${encodeURIComponent(returnPath(request))}`);
}

/**
 * The logged-in user, read fresh from the database so a role change takes effect at once.
 * Throws (a redirect to the change-password page, or a 403 for /api) while the user must change
 * the initial password, so that every loader and action that looks at the user enforces it.
 */
export async function getCurrentUser(db: DBOrTransaction, request: Request): Promise<CurrentUser | null> {
  const tokenHash = await sessionTokenHash(request.headers.get("Cookie"));
  if (!tokenHash) return null;
  const user = await db
    .selectFrom("sessions as s")
    .innerJoin("users", "users.id", "s.user_id")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["s.id as session_id", "s.last_seen_at", "users.id", "users.full_name", "users.role", "users.unit_id", "users.must_change_password", "units.name as unit_name"])
    .where("s.token_hash", "=", tokenHash)
    .where(liveSessionSql("s"))
    .executeTakeFirst();
  if (!user) return null;
  await touchSession(db, user.session_id, user.last_seen_at);
  if (user.must_change_password) enforcePasswordChange(request);
  return {
    id: user.id,
    fullName: user.full_name,
    role: user.role,
    unitId: user.unit_id,
    unitName: user.unit_name,
    mustChangePassword: user.must_change_password,
    sessionId: user.session_id,
  };
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
