import type { Role } from "~/database/schema";

/** Who is looking: null for someone not logged in. `unitPath` is the materialised path of the viewer's unit ("1.4.17."). */
export type RankingViewer = { id: number; role: Role; unitPath: string } | null;

export interface RankingAccess {
  /** May see the individual ranking at all (name, unit, score, time). */
  people: boolean;
  /** Individual rows are limited to this subtree; null means every unit. */
  peopleWithin: string | null;
  /** May see the unit table (participation, averages); never personal details. */
  units: boolean;
  /** Unit rows and drill-down are limited to this subtree; null means every unit. */
  unitsWithin: string | null;
  /** Dashboards with counters and charts: organizers, admins and leaders. */
  dashboard: boolean;
  /** Personal details beyond the public board (position, phone, e-mail, every entry): false, or the subtree (null = all). */
  details: boolean;
  detailsWithin: string | null;
}

const NOTHING: RankingAccess = { people: false, peopleWithin: null, units: false, unitsWithin: null, dashboard: false, details: false, detailsWithin: null };
const EVERYTHING: RankingAccess = { people: true, peopleWithin: null, units: true, unitsWithin: null, dashboard: true, details: true, detailsWithin: null };

/** A unit at the top of the tree: its leaders are the province's leaders. */
export function isTopLevelPath(path: string): boolean {
  return path.split(".").filter(Boolean).length === 1;
}

/** True when `path` lies inside the subtree rooted at `rootPath` (itself included). */
export function pathWithin(path: string, rootPath: string | null): boolean {
  return rootPath === null || path.startsWith(rootPath);
}

/**
 * The published rule of who may read a contest's rankings:
 * organizers and admins see everything; a province leader sees everything; any other leader sees
 * their own unit's subtree, and beyond it only what the public sees; everyone else sees the public
 * ranking (name, unit, score) only when the contest makes it public.
 */
export function rankingAccess(viewer: RankingViewer, contest: { rankingPublic: boolean }): RankingAccess {
  if (viewer && (viewer.role === "admin" || viewer.role === "organizer")) return EVERYTHING;
  if (viewer?.role === "leader") {
    if (isTopLevelPath(viewer.unitPath)) return EVERYTHING;
    // A public board stays readable in full; what is private is limited to the leader's subtree.
    const own = { dashboard: true, details: true, detailsWithin: viewer.unitPath };
    if (contest.rankingPublic) return { ...own, people: true, peopleWithin: null, units: true, unitsWithin: null };
    return { ...own, people: true, peopleWithin: viewer.unitPath, units: true, unitsWithin: viewer.unitPath };
  }
  if (contest.rankingPublic) return { ...NOTHING, people: true, units: true };
  return NOTHING;
}

/** Whether a viewer may read a ranking narrowed to the subtree at `unitPath` (null: no narrowing). */
export function mayReadScope(access: RankingAccess, kind: "people" | "units", unitPath: string | null): boolean {
  const allowed = kind === "people" ? access.people : access.units;
  const within = kind === "people" ? access.peopleWithin : access.unitsWithin;
  if (!allowed) return false;
  if (within === null) return true;
  return unitPath !== null && pathWithin(unitPath, within);
}
