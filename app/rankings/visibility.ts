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

// --- Awards: the proposal, published results and certificates ---------------------------------
//
// The decision (one rule for the awards page, its .xlsx, PDF, print page and certificates, the
// public results page and a winner's own certificate):
// - An UNPUBLISHED proposal is the organizers' working document: organizers, admins and the
//   province's leaders read all of it; any other leader reads only the rows of people and units
//   inside their own subtree (with every detail: a unit's leader checks their own people before
//   the list is signed), and nothing of anyone outside it, whether the ranking is public or not.
//   Contestants and visitors read nothing of it.
// - PUBLISHED results are public: everyone reads what the public page shows (name, unit, prize;
//   collective prizes). Details (position, score, time, exclusions and their reasons) follow the
//   same subtree rule as above.
// - CERTIFICATES: a winner downloads their own once published; organizers and admins download any,
//   drafts included (marked as drafts); leaders download those of the published winners whose
//   details they read (all for the province's leaders); a draft certificate never leaves the
//   organizers.
// - A contest still in draft is the organizers' alone: leaders get nothing of its awards.

export interface AwardsAccess {
  /** The awards page and its downloads (the organizers' pages): organizers, admins, leaders. */
  staff: boolean;
  /** Prize structure, disqualifications, tie decisions, publication: organizers and admins. */
  manage: boolean;
  /** Where the reader reads every detail of a row (and a draft's rows at all); null = everywhere. Meaningful only for staff. */
  detailsWithin: string | null;
  /** Certificates of a proposal not published yet. */
  draftCertificates: boolean;
}

/** How much of one row (a person or a unit) of a proposal a reader sees. */
export type AwardRowView = "full" | "public" | "hidden";

/** Whether the awards of a contest are shown as an unpublished proposal or as a published version. */
export type AwardsState = "draft" | "published";

const OUTSIDER: AwardsAccess = { staff: false, manage: false, detailsWithin: null, draftCertificates: false };

export function awardsAccess(viewer: RankingViewer, contest: { published: boolean }): AwardsAccess {
  if (viewer && (viewer.role === "admin" || viewer.role === "organizer")) return { staff: true, manage: true, detailsWithin: null, draftCertificates: true };
  if (viewer?.role === "leader" && contest.published) {
    return { staff: true, manage: false, detailsWithin: isTopLevelPath(viewer.unitPath) ? null : viewer.unitPath, draftCertificates: false };
  }
  return OUTSIDER;
}

/** What a reader sees of a row whose person or unit sits at `unitPath` (null: unknown, treated as outside every subtree). */
export function awardRowView(access: AwardsAccess, state: AwardsState, unitPath: string | null): AwardRowView {
  const inside = access.staff && (access.detailsWithin === null || (unitPath !== null && pathWithin(unitPath, access.detailsWithin)));
  if (inside) return "full";
  return state === "published" ? "public" : "hidden";
}

/** Whether a reader may download the certificate of one winner. */
export function mayDownloadCertificate(viewer: RankingViewer, access: AwardsAccess, state: AwardsState, winner: { userId: number; unitPath: string | null }): boolean {
  if (state === "draft") return access.draftCertificates;
  if (viewer !== null && viewer.id === winner.userId) return true;
  return awardRowView(access, state, winner.unitPath) === "full";
}

/** A row of the individual ranking as pages send it: exactly the columns shown (no ids, no entry counts, no timestamps); `isMe` marks the reader's own row. */
export function shownPersonRow(
  row: { rank: number; userId: number; fullName: string; unitLabel: string; score: number; durationMs: number; prediction: number | null; predictionDistance: number | null },
  viewerId: number | null,
) {
  return { rank: row.rank, fullName: row.fullName, unitLabel: row.unitLabel, score: row.score, durationMs: row.durationMs, prediction: row.prediction, predictionDistance: row.predictionDistance, isMe: viewerId !== null && row.userId === viewerId };
}
