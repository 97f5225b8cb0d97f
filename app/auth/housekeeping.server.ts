import { purgeSpentResets } from "~/accounts/password-reset.server";
import type { DB } from "~/database/connection.server";
import { purgeOldAccountEvents } from "./account-log.server";
import { purgeStaleAttempts } from "./rate-limit.server";
import { purgeExpiredSessions } from "./sessions.server";

const EVERY_MS = 6 * 60 * 60 * 1000;

/** Removes what no reader counts any more; readers ignore such rows anyway, so this only saves space. */
export async function cleanUpAccounts(db: DB) {
  const sessions = await purgeExpiredSessions(db);
  const counters = await purgeStaleAttempts(db);
  const events = await purgeOldAccountEvents(db);
  const resets = await purgeSpentResets(db);
  return { sessions, counters, events, resets };
}

/** Cleans up at start and every six hours; every app process may run it (deletes are idempotent). */
export function startAccountHousekeeping(db: DB): { stop(): void } {
  const run = () => cleanUpAccounts(db).catch((error) => console.error("[tài khoản] dọn dẹp định kỳ chưa chạy được, sẽ thử lại lần sau:", error instanceof Error ? error.message : error));
  void run();
  const timer = setInterval(run, EVERY_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
