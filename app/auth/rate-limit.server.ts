import { sql } from "kysely";
import { env } from "~/config/env.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { throttlePolicies, waitSeconds, type ThrottlePolicies, type ThrottlePolicy } from "./throttle";

// Throttling counters in PostgreSQL, so that they hold across app processes and restarts.
// A key is one lane ("login-pair:<login>|<address>", "register:<address>"…); its row counts the
// attempts of the current window and says until when the lane must wait.

/** The throttling policies in force, with this environment's thresholds. */
export function throttlePoliciesInForce(): ThrottlePolicies {
  const { LOGIN_FAILURES_PER_ADDRESS, REGISTRATIONS_PER_ADDRESS } = env();
  return throttlePolicies({ loginFailuresPerAddress: LOGIN_FAILURES_PER_ADDRESS, registrationsPerAddress: REGISTRATIONS_PER_ADDRESS });
}

/** Seconds until every one of `keys` may try again (0: none is waiting), without counting an attempt. */
export async function secondsBlocked(db: DBOrTransaction, keys: string[]): Promise<number> {
  if (keys.length === 0) return 0;
  const row = await db
    .selectFrom("rate_limits")
    .select(sql<number | null>`ceil(extract(epoch from max(blocked_until) - now()))::int`.as("wait"))
    .where("key", "in", keys)
    .where("blocked_until", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return Math.max(0, row?.wait ?? 0);
}

/**
 * Counts one attempt on a key and returns how long the key must now wait (0: the attempt may go
 * ahead). Counting comes before the attempt is tried, so that a burst of parallel attempts cannot
 * all slip past the check: the upsert is atomic, and exactly the free attempts get through.
 * A wait already running is never shortened, not even when the window starts again.
 */
export async function countAttempt(db: DBOrTransaction, key: string, policy: ThrottlePolicy): Promise<number> {
  const expired = sql<boolean>`rate_limits.window_started_at <= now() - make_interval(secs => ${policy.windowSeconds})`;
  const row = await db
    .insertInto("rate_limits")
    .values({ key, hits: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        hits: sql`case when ${expired} then 1 else rate_limits.hits + 1 end`,
        window_started_at: sql`case when ${expired} then now() else rate_limits.window_started_at end`,
      }),
    )
    .returning(["hits", sql<number>`coalesce(ceil(extract(epoch from blocked_until - now())), 0)::int`.as("running")])
    .executeTakeFirstOrThrow();
  const wait = waitSeconds(row.hits, policy);
  if (wait > 0) {
    await db
      .updateTable("rate_limits")
      .set({ blocked_until: sql`greatest(coalesce(blocked_until, now()), now() + make_interval(secs => ${wait}))` })
      .where("key", "=", key)
      .execute();
  }
  return Math.max(wait, row.running);
}

/** Forgets the keys' attempts (a successful login clears its account's lanes). */
export async function clearAttempts(db: DBOrTransaction, keys: string[]): Promise<void> {
  if (keys.length > 0) await db.deleteFrom("rate_limits").where("key", "in", keys).execute();
}

/** Removes counters whose window and wait are long over (run now and then). */
export async function purgeStaleAttempts(db: DBOrTransaction): Promise<number> {
  const result = await db
    .deleteFrom("rate_limits")
    .where("window_started_at", "<", sql<Date>`now() - interval '1 day'`)
    .where((eb) => eb.or([eb("blocked_until", "is", null), eb("blocked_until", "<", sql<Date>`now()`)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
