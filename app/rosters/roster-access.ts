import { pathWithin, type RankingViewer } from "~/rankings/visibility";

// Who reads and imports a unit's roster. One rule with the rankings' (~/rankings/visibility.ts):
// organizers and admins, every unit; a leader, the units of their own subtree (the province's
// leaders: the whole tree). There, CCCD, phone and date of birth are shown in full. Elsewhere a
// leader reads a roster with them masked (never the date of birth), and a contestant only their own
// unit's, masked the same way — so a person can see they are listed.

export interface RosterAccess {
  /** May open the roster page. */
  read: boolean;
  /** Sees CCCD, phone and date of birth in full. */
  details: boolean;
  /** May import (replace) the roster. */
  manage: boolean;
}

const NONE: RosterAccess = { read: false, details: false, manage: false };
const FULL: RosterAccess = { read: true, details: true, manage: true };
const MASKED: RosterAccess = { read: true, details: false, manage: false };

export function rosterAccess(viewer: RankingViewer, unitPath: string): RosterAccess {
  if (!viewer) return NONE;
  if (viewer.role === "admin" || viewer.role === "organizer") return FULL;
  if (viewer.role === "leader") return pathWithin(unitPath, viewer.unitPath) ? FULL : MASKED;
  return viewer.unitPath === unitPath ? MASKED : NONE;
}
