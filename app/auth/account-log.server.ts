import { sql } from "kysely";
import { env } from "~/config/env.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { escapeLike } from "~/text/like";
import type { AccountEventKind } from "./account-events";
import type { ClientInfo } from "./sessions.server";

// The audit log of accounts: logins (and failures), logouts, password changes and resets, role
// changes, bulk creation, downloads of personal data — who, when, from which address. Kept for
// ACCOUNT_LOG_RETENTION_DAYS (default 365), then removed by the daily clean-up.

export interface AccountEvent {
  kind: AccountEventKind;
  /** Who did it; null when nobody was logged in (a login, a reset request). */
  actorId?: number | null;
  /** Whose account it concerns. */
  subjectId?: number | null;
  /** The login name typed, when it matched no account (or before it is known). */
  login?: string | null;
  client?: ClientInfo | null;
  details?: Record<string, unknown>;
}

export async function logAccountEvent(db: DBOrTransaction, event: AccountEvent): Promise<void> {
  await db
    .insertInto("account_events")
    .values({
      kind: event.kind,
      actor_id: event.actorId ?? null,
      subject_id: event.subjectId ?? null,
      login: event.login?.slice(0, 254) ?? null,
      ip: event.client?.ip ?? null,
      user_agent: event.client?.userAgent?.slice(0, 300) ?? null,
      details: event.details ?? {},
    })
    .execute();
}

export interface AccountEventFilter {
  /** Matches the name, email or phone of the actor or the subject, or the login typed. */
  person?: string;
  kind?: AccountEventKind;
  ip?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
}

export interface AccountEventRow {
  id: string;
  at: Date;
  kind: string;
  actor: string | null;
  subject: string | null;
  login: string | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

const PAGE_SIZE = 50;

/** The newest events matching the filter, a page of 50 (`before`: the id to continue after). */
export async function searchAccountEvents(db: DBOrTransaction, filter: AccountEventFilter, before?: string): Promise<{ rows: AccountEventRow[]; next: string | null }> {
  const person = filter.person?.trim().toLowerCase();
  const like = person ? `%${escapeLike(person)}%` : null;
  const rows = await db
    .selectFrom("account_events as e")
    .leftJoin("users as a", "a.id", "e.actor_id")
    .leftJoin("users as s", "s.id", "e.subject_id")
    .select([
      "e.id",
      "e.at",
      "e.kind",
      "e.login",
      "e.ip",
      "e.user_agent",
      "e.details",
      sql<string | null>`a.full_name || coalesce(' (' || coalesce(a.email, a.phone) || ')', '')`.as("actor"),
      sql<string | null>`s.full_name || coalesce(' (' || coalesce(s.email, s.phone) || ')', '')`.as("subject"),
    ])
    .$if(like !== null, (q) =>
      q.where((eb) =>
        eb.or(
          ["a.full_name", "a.email", "a.phone", "s.full_name", "s.email", "s.phone", "e.login"].map((column) =>
            eb(sql`lower(${sql.ref(column)})`, "like", like!),
          ),
        ),
      ),
    )
    .$if(filter.kind !== undefined, (q) => q.where("e.kind", "=", filter.kind!))
    .$if(filter.ip !== undefined, (q) => q.where("e.ip", "=", filter.ip!))
    .$if(filter.from !== undefined, (q) => q.where("e.at", ">=", filter.from!))
    .$if(filter.to !== undefined, (q) => q.where("e.at", "<", filter.to!))
    .$if(before !== undefined, (q) => q.where("e.id", "<", before!))
    .orderBy("e.id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, PAGE_SIZE).map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind,
    actor: r.actor,
    subject: r.subject,
    login: r.login,
    ip: r.ip,
    userAgent: r.user_agent,
    details: r.details,
  }));
  return { rows: page, next: rows.length > PAGE_SIZE ? page[page.length - 1].id : null };
}

/** Removes events older than the retention period (ACCOUNT_LOG_RETENTION_DAYS). */
export async function purgeOldAccountEvents(db: DBOrTransaction, days = env().ACCOUNT_LOG_RETENTION_DAYS): Promise<number> {
  const result = await db.deleteFrom("account_events").where("at", "<", sql<Date>`now() - make_interval(days => ${days})`).executeTakeFirst();
  return Number(result.numDeletedRows);
}
