import type { CurrentUser } from "~/auth/auth.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { awardRowView, awardsAccess, mayDownloadCertificate, type AwardsAccess, type AwardsState, type RankingViewer } from "~/rankings/visibility";
import { certificateRecords } from "./commendation-exports.server";
import { computeProposal, getPrizeStructure, getPublication, isFrozen, listDisqualifications, listPublications, newlyFinalScopes, proposalForExport, publicationLabel, publishedPrizesOf, type Proposal } from "./commendation.server";
import type { PrizeTier } from "./places";
import { publicResults, rowKey, viewProposal, type ProposalView, type PublicResults, type RowReader } from "./proposal-view";

// Every read of a contest's awards goes through here and asks the one read rule
// (app/rankings/visibility.ts: awardsAccess, awardRowView, mayDownloadCertificate): the awards
// page, its .xlsx, PDF, print page and certificates, the public results page and a winner's
// own certificate. Routes only parse the address and render what comes back.

export interface AwardsReader {
  viewer: RankingViewer;
  access: AwardsAccess;
  /** The unit whose subtree the reader is held to, for headings ("Phạm vi: …"); null when they read everything. */
  heldTo: string | null;
}

const CONTEST_NOT_FOUND = "Không tìm thấy cuộc thi.";

/**
 * The reader of a contest's awards pages, from a user the route has already let in (organizers,
 * admins, leaders). A contest they may not read (missing, or a draft for a leader) reads as missing.
 */
export async function staffAwardsReader(db: DBOrTransaction, user: CurrentUser, contestId: number): Promise<{ reader: AwardsReader; contest: { id: number; title: string; slug: string } }> {
  const [contest, unit] = await Promise.all([
    db.selectFrom("contests").select(["id", "title", "slug", "status"]).where("id", "=", contestId).executeTakeFirst(),
    db.selectFrom("units").select(["path", "name"]).where("id", "=", user.unitId).executeTakeFirstOrThrow(),
  ]);
  if (!contest) throw new UserFacingError(404, CONTEST_NOT_FOUND);
  const viewer: RankingViewer = { id: user.id, role: user.role, unitPath: unit.path };
  const access = awardsAccess(viewer, { published: contest.status === "published" });
  if (!access.staff) throw new UserFacingError(404, CONTEST_NOT_FOUND);
  return { reader: { viewer, access, heldTo: access.detailsWithin === null ? null : unit.name }, contest: { id: contest.id, title: contest.title, slug: contest.slug } };
}

/** The people and units a proposal names: winners, exclusions and tie candidates. */
function namedIn(proposal: Proposal): { userIds: number[]; unitIds: number[] } {
  const userIds = new Set<number>();
  const unitIds = new Set<number>();
  for (const scope of proposal.scopes) {
    for (const w of scope.winners) userIds.add(w.userId);
    for (const e of scope.excluded) userIds.add(e.userId);
    for (const t of scope.ties) for (const c of t.candidates) userIds.add(c.id);
    for (const w of scope.collective?.winners ?? []) unitIds.add(w.unitId);
    for (const t of scope.collective?.ties ?? []) for (const c of t.candidates) unitIds.add(c.id);
  }
  return { userIds: [...userIds], unitIds: [...unitIds] };
}

/** The unit path of each person's current unit (the same placement the leaders' dashboard uses for details). */
async function unitPathsOfPeople(db: DBOrTransaction, userIds: number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.selectFrom("users").innerJoin("units", "units.id", "users.unit_id").select(["users.id", "units.path"]).where("users.id", "in", userIds).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

async function unitPaths(db: DBOrTransaction, unitIds: number[]): Promise<Map<number, string>> {
  if (unitIds.length === 0) return new Map();
  const rows = await db.selectFrom("units").select(["id", "path"]).where("id", "in", unitIds).execute();
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** Where each person and unit sits, then the rule's answer for each; no query when the answer does not depend on it. */
async function rowReader(db: DBOrTransaction, named: { userIds: number[]; unitIds: number[] }, access: AwardsAccess, state: AwardsState): Promise<RowReader> {
  const placed = access.staff && access.detailsWithin !== null;
  const [people, units] = await Promise.all([unitPathsOfPeople(db, placed ? named.userIds : []), unitPaths(db, placed ? named.unitIds : [])]);
  return {
    person: (id) => awardRowView(access, state, people.get(id) ?? null),
    unit: (id) => awardRowView(access, state, units.get(id) ?? null),
  };
}

/** The awards page: the live proposal and the organizer's records, as far as the reader may read them. */
export async function readAwardsPage(db: DBOrTransaction, reader: AwardsReader, contestId: number) {
  const [rounds, groups, structure, proposal, disqualifications, publications, frozen] = await Promise.all([
    db.selectFrom("rounds").select(["id", "number", "title"]).where("contest_id", "=", contestId).orderBy("number").execute(),
    db.selectFrom("contest_groups").select(["id", "name"]).where("contest_id", "=", contestId).orderBy("position").orderBy("id").execute(),
    getPrizeStructure(db, contestId),
    computeProposal(db, contestId),
    listDisqualifications(db, contestId),
    listPublications(db, contestId),
    isFrozen(db, contestId),
  ]);
  // While results stand, rounds that have become final since can be added without a correction.
  const addable = frozen && reader.access.manage ? newlyFinalScopes(proposal, (await getPublication(db, contestId))?.proposal ?? null).map((scope) => scope.label) : [];
  // The live proposal is unpublished work, even beside a publication: the draft rule applies.
  const named = namedIn(proposal);
  const read = await rowReader(db, { ...named, userIds: [...named.userIds, ...disqualifications.map((d) => d.user_id)] }, reader.access, "draft");
  // The entry each round counted, for "only this entry" on a row: the managers' form only.
  const countedEntries: Record<string, string> = {};
  if (reader.access.manage) {
    for (const scope of proposal.scopes) for (const w of scope.winners) if (w.entryId) countedEntries[rowKey(scope, w.userId)] = w.entryId;
  }
  return {
    rounds,
    groups,
    structure,
    countedEntries,
    proposal: viewProposal(proposal, read),
    disqualifications: disqualifications.filter((d) => read.person(d.user_id) === "full"),
    publications,
    frozen,
    addable,
    canManage: reader.access.manage,
    heldTo: reader.heldTo,
  };
}

/** A published version (the latest by default), or the draft before the first publication, as the reader may read it. */
export async function readProposal(db: DBOrTransaction, reader: AwardsReader, contestId: number, version: number | null) {
  const found = await proposalForExport(db, contestId, version);
  const state: AwardsState = found.draft ? "draft" : "published";
  const view: ProposalView = viewProposal(found.proposal, await rowReader(db, namedIn(found.proposal), reader.access, state));
  const label = found.version ? await publicationLabel(db, contestId, found.version) : null;
  return { view, version: found.version, draft: found.draft, date: found.date, label, heldTo: reader.heldTo };
}

/** The certificates the reader may download from a version (or the draft: organizers only). */
export async function readCertificates(db: DBOrTransaction, reader: AwardsReader, contestId: number, version: number | null) {
  const found = await proposalForExport(db, contestId, version);
  const state: AwardsState = found.draft ? "draft" : "published";
  if (state === "draft" && !reader.access.draftCertificates) {
    throw new UserFacingError(403, "Giấy chứng nhận chỉ được tải về sau khi ban tổ chức công bố kết quả.");
  }
  const paths = await unitPathsOfPeople(db, reader.access.detailsWithin === null ? [] : namedIn(found.proposal).userIds);
  const records = certificateRecords(found.proposal, (w) => mayDownloadCertificate(reader.viewer, reader.access, state, { userId: w.userId, unitPath: paths.get(w.userId) ?? null }));
  if (records.length === 0) {
    throw new UserFacingError(404, reader.heldTo ? `Không có người đạt giải thuộc ${reader.heldTo} (gồm các đơn vị trực thuộc) để in giấy chứng nhận.` : "Chưa có người đạt giải để in giấy chứng nhận.");
  }
  return { proposal: found.proposal, records, version: found.version, draft: found.draft, date: found.date };
}

/** The public results page: the latest publication, read as any visitor reads it (whoever is logged in). */
export async function readPublicResults(db: DBOrTransaction, contestId: number): Promise<{ publishedAt: string; reason: string | null; label: string | null; results: PublicResults } | null> {
  const published = await getPublication(db, contestId);
  if (!published) return null;
  const visitor = awardsAccess(null, { published: true });
  const view = viewProposal(published.proposal, await rowReader(db, namedIn(published.proposal), visitor, "published"));
  return { publishedAt: published.publishedAt, reason: published.reason, label: await publicationLabel(db, contestId, published.version), results: publicResults(view) };
}

/** A logged-in person's own certificates from the latest publication; nobody else's, whatever their role. */
export async function readOwnCertificates(db: DBOrTransaction, user: CurrentUser, contestId: number) {
  const published = await getPublication(db, contestId);
  if (!published) throw new UserFacingError(404, "Cuộc thi chưa công bố kết quả.");
  const unit = await db.selectFrom("units").select("path").where("id", "=", user.unitId).executeTakeFirstOrThrow();
  const viewer: RankingViewer = { id: user.id, role: user.role, unitPath: unit.path };
  // Read as a contestant reads it: the rule then gives exactly the winner's own certificate.
  const asWinner = awardsAccess(null, { published: true });
  const records = certificateRecords(published.proposal, (w) => w.userId === user.id && mayDownloadCertificate(viewer, asWinner, "published", { userId: w.userId, unitPath: unit.path }));
  if (records.length === 0) throw new UserFacingError(404, "Bạn không có tên trong danh sách đạt giải đã công bố của cuộc thi này, nên không có giấy chứng nhận.");
  return { proposal: published.proposal, records, date: new Date(published.publishedAt) };
}

/**
 * What the public results page adds for the logged-in reader: their own prizes in the latest
 * publication (then the page links their own certificate), and nothing about anyone else.
 */
export async function readOwnPrizes(db: DBOrTransaction, user: CurrentUser | null, contestId: number): Promise<{ scopeLabel: string; tier: PrizeTier }[]> {
  if (!user) return [];
  return (await publishedPrizesOf(db, user.id, [contestId])).get(contestId) ?? [];
}
