import { logAccountEvent } from "~/auth/account-log.server";
import type { CurrentUser } from "~/auth/auth.server";
import { deviceLabel } from "~/auth/device-label";
import { endOtherSessions, endOwnSession, listSessions, type ClientInfo } from "~/auth/sessions.server";
import type { DB } from "~/database/connection.server";

export interface SessionView {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** The person's own logins as the account page lists them. */
export async function ownSessions(db: DB, user: CurrentUser): Promise<SessionView[]> {
  const sessions = await listSessions(db, user.id, user.sessionId);
  return sessions.map((s) => ({
    id: s.id,
    device: deviceLabel(s.userAgent),
    ip: s.ip,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    current: s.current,
  }));
}

/** Ends one of the person's other logins; false when there is no such login of theirs. */
export async function endOneSession(db: DB, user: CurrentUser, sessionId: string, client: ClientInfo): Promise<boolean> {
  const ended = await endOwnSession(db, user.id, sessionId);
  if (ended) await logAccountEvent(db, { kind: "session_ended", actorId: user.id, subjectId: user.id, client, details: { ended: 1 } });
  return ended;
}

/** "Đăng xuất khỏi mọi thiết bị": every login of the person ends, this one included. */
export async function endEverySession(db: DB, user: CurrentUser, client: ClientInfo): Promise<number> {
  const ended = await endOtherSessions(db, user.id, null);
  await logAccountEvent(db, { kind: "logout_everywhere", actorId: user.id, subjectId: user.id, client, details: { ended } });
  return ended;
}
