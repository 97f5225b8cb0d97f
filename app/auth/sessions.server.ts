import { createHash, randomBytes } from "node:crypto";
import { createCookie, redirect } from "@remix-run/node";
import { sql, type RawBuilder } from "kysely";
import { env } from "~/config/env.server";
import type { DBOrTransaction } from "~/database/connection.server";

// A login is a row in `sessions`; the cookie carries only a random token (signed, so a
// tampered cookie is dropped before any query). Deleting the row ends the login everywhere the
// cookie was copied to: logout, "log out of every device", a password change or reset.
// Sessions are long on purpose (logging in is the spike when a round opens), but they end after
// SESSION_IDLE_DAYS without use and SESSION_MAX_DAYS after login whatever happens.

const DAY_MS = 24 * 60 * 60 * 1000;
/** last_seen_at is written at most this often: a page view must not always be a write. */
const TOUCH_AFTER_MS = 5 * 60 * 1000;

let cookie: ReturnType<typeof makeCookie> | undefined;
function makeCookie() {
  return createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env().COOKIE_SECURE,
    secrets: [env().SESSION_SECRET],
    maxAge: env().SESSION_MAX_DAYS * 24 * 60 * 60,
  });
}
function sessionCookie() {
  cookie ??= makeCookie();
  return cookie;
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function sha256(token: string): Buffer {
  return createHash("sha256").update(token).digest();
}

/**
 * Verified Cookie headers and their token hashes. Checking the signature (WebCrypto HMAC) is the
 * largest part of an answer save's own CPU, and a contestant sends the same header with every
 * save. The mapping never goes stale: whether the session is still live is asked of the database.
 */
const verifiedCookies = new Map<string, Buffer | null>();
const MAX_VERIFIED_COOKIES = 20_000;

/** The hash of the session token in a Cookie header, or null when there is none (or it was tampered with). */
export async function sessionTokenHash(cookieHeader: string | null | undefined): Promise<Buffer | null> {
  if (!cookieHeader) return null;
  const known = verifiedCookies.get(cookieHeader);
  if (known !== undefined) return known;
  let token: unknown;
  try {
    token = await sessionCookie().parse(cookieHeader);
  } catch {
    return null;
  }
  const hash = typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token) ? sha256(token) : null;
  if (hash) {
    // Bounded: when full it starts again empty (a verification is cheap, just not free).
    if (verifiedCookies.size >= MAX_VERIFIED_COOKIES) verifiedCookies.clear();
    verifiedCookies.set(cookieHeader, hash);
  }
  return hash;
}

/**
 * The condition a session row must meet to count, for the `sessions` table under the alias
 * `alias`: not past its absolute expiry nor idle for too long. Shared by every reader, including
 * the answer save's single statement.
 */
export function liveSessionSql(alias: string): RawBuilder<boolean> {
  const s = sql.ref(alias);
  return sql<boolean>`(${s}.expires_at > now() and ${s}.last_seen_at > now() - make_interval(days => ${env().SESSION_IDLE_DAYS}))`;
}

/** The user id of a live session with this token hash, as a scalar subquery (null when none). */
export function sessionUserIdSql(tokenHash: Buffer | null): RawBuilder<number | null> {
  return sql<number | null>`(select s.user_id from sessions s where s.token_hash = ${tokenHash} and ${liveSessionSql("s")})`;
}

export interface LiveSession {
  sessionId: string;
  userId: number;
}

/** The live session of a Cookie header; refreshes its last-seen time now and then. */
export async function resolveSession(db: DBOrTransaction, cookieHeader: string | null | undefined): Promise<LiveSession | null> {
  const tokenHash = await sessionTokenHash(cookieHeader);
  if (!tokenHash) return null;
  const row = await db
    .selectFrom("sessions as s")
    .select(["s.id", "s.user_id", "s.last_seen_at"])
    .where("s.token_hash", "=", tokenHash)
    .where(liveSessionSql("s"))
    .executeTakeFirst();
  if (!row) return null;
  await touchSession(db, row.id, row.last_seen_at);
  return { sessionId: row.id, userId: row.user_id };
}

/** Keeps an active session from going idle (a write at most every few minutes per session). */
export async function touchSession(db: DBOrTransaction, sessionId: string, lastSeenAt: Date): Promise<void> {
  if (Date.now() - lastSeenAt.getTime() < TOUCH_AFTER_MS) return;
  await db.updateTable("sessions").set({ last_seen_at: sql`now()` }).where("id", "=", sessionId).execute();
}

/** Starts a login and returns the Set-Cookie header that carries it. */
export async function startSession(db: DBOrTransaction, userId: number, client: ClientInfo): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      token_hash: sha256(token),
      user_id: userId,
      expires_at: new Date(Date.now() + env().SESSION_MAX_DAYS * DAY_MS),
      ip: client.ip,
      user_agent: client.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return sessionCookie().serialize(token);
}

/** Logs in and goes on to `redirectTo`. */
export async function createUserSession(db: DBOrTransaction, userId: number, client: ClientInfo, redirectTo: string) {
  return redirect(redirectTo, { headers: { "Set-Cookie": await startSession(db, userId, client) } });
}

/** The Set-Cookie header that removes the session cookie from the browser. */
export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}

/** Ends the login of this cookie (if any) and returns the id of the user it belonged to. */
export async function endSession(db: DBOrTransaction, cookieHeader: string | null | undefined): Promise<number | null> {
  const tokenHash = await sessionTokenHash(cookieHeader);
  if (!tokenHash) return null;
  const ended = await db.deleteFrom("sessions").where("token_hash", "=", tokenHash).returning("user_id").executeTakeFirst();
  return ended?.user_id ?? null;
}

/** Ends every login of a user but `keepSessionId` (a password change keeps the device that made it). */
export async function endOtherSessions(db: DBOrTransaction, userId: number, keepSessionId: string | null): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where("user_id", "=", userId)
    .$if(keepSessionId !== null, (q) => q.where("id", "!=", keepSessionId!))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

/** A user's live logins, most recently used first. */
export async function listSessions(db: DBOrTransaction, userId: number, currentSessionId: string | null): Promise<SessionSummary[]> {
  const rows = await db
    .selectFrom("sessions as s")
    .select(["s.id", "s.created_at", "s.last_seen_at", "s.ip", "s.user_agent"])
    .where("s.user_id", "=", userId)
    .where(liveSessionSql("s"))
    .orderBy("s.last_seen_at", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === currentSessionId,
  }));
}

/** Ends one of a user's own logins (from the account page); false when it is not theirs. */
export async function endOwnSession(db: DBOrTransaction, userId: number, sessionId: string): Promise<boolean> {
  const result = await db.deleteFrom("sessions").where("id", "=", sessionId).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Removes sessions past their expiry (run now and then; they are ignored by every reader anyway). */
export async function purgeExpiredSessions(db: DBOrTransaction): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where((eb) => eb.or([eb("expires_at", "<=", sql<Date>`now()`), eb("last_seen_at", "<=", sql<Date>`now() - make_interval(days => ${env().SESSION_IDLE_DAYS})`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
