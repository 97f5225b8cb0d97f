import { mayReadScope, pathWithin, type RankingAccess } from "~/rankings/visibility";
import { WATCH_MESSAGES, type RankingView } from "./events";

/**
 * Whether a viewer with `access` may watch a board of `view` narrowed to the subtree at
 * `unitPath` (null: the whole contest). Sockets follow the same read rule as the pages:
 * the individual ranking and the unit table by `mayReadScope`; the dashboard (counters,
 * charts, and personal details of people) only within the subtree whose details the viewer may read.
 */
export function mayWatch(access: RankingAccess, view: RankingView, unitPath: string | null): { ok: true } | { ok: false; message: string } {
  if (view === "dashboard") {
    if (!access.dashboard || !access.details) return { ok: false, message: WATCH_MESSAGES.dashboardOnly };
    const inside = access.detailsWithin === null || (unitPath !== null && pathWithin(unitPath, access.detailsWithin));
    return inside ? { ok: true } : { ok: false, message: WATCH_MESSAGES.outsideSubtree };
  }
  if (!access[view]) return { ok: false, message: WATCH_MESSAGES.notPublic };
  return mayReadScope(access, view, unitPath) ? { ok: true } : { ok: false, message: WATCH_MESSAGES.outsideSubtree };
}
