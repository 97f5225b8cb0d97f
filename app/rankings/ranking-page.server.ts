import { getCurrentUser, type CurrentUser } from "~/auth/auth.server";
import { listPublishedContests, type RoundSummary } from "~/contests/contests.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { treeOrder } from "./unit-rollup";
import { unitRanking } from "./rankings.server";
import { rankingAccess, type RankingViewer } from "./visibility";
import { likePrefix } from "~/text/like";

// What the ranking page and the leaders' dashboard both need before the read rule can be applied.

/**
 * The logged-in user and the viewer as the read rule sees them (role and unit path), read fresh
 * so a role or unit change applies at once. getCurrentUser already sends anyone who must still
 * change the initial password to that page.
 */
export async function loadRankingViewer(db: DBOrTransaction, request: Request): Promise<{ user: CurrentUser | null; viewer: RankingViewer; unitPath: string | null }> {
  const user = await getCurrentUser(db, request);
  if (!user) return { user: null, viewer: null, unitPath: null };
  const unit = await db.selectFrom("units").select("path").where("id", "=", user.unitId).executeTakeFirstOrThrow();
  return { user, viewer: { id: user.id, role: user.role, unitPath: unit.path }, unitPath: unit.path };
}

export interface ContestGroupChoice {
  id: number;
  name: string;
}

/** The contest's read setting and its groups (bảng), in their published order. */
export async function contestRankingSettings(db: DBOrTransaction, contestId: number): Promise<{ rankingPublic: boolean; groups: ContestGroupChoice[] }> {
  const [contest, groups] = await Promise.all([
    db.selectFrom("contests").select("ranking_public").where("id", "=", contestId).executeTakeFirstOrThrow(),
    db.selectFrom("contest_groups").select(["id", "name"]).where("contest_id", "=", contestId).orderBy("position").orderBy("id").execute(),
  ]);
  return { rankingPublic: contest.ranking_public, groups };
}

export interface UnitRef {
  id: number;
  name: string;
  path: string;
}

export async function findUnit(db: DBOrTransaction, unitId: number): Promise<UnitRef | null> {
  return (await db.selectFrom("units").select(["id", "name", "path"]).where("id", "=", unitId).executeTakeFirst()) ?? null;
}

/** The unit and its ancestors, top first: the breadcrumbs back up a drill-down. */
export async function unitAncestry(db: DBOrTransaction, unit: UnitRef): Promise<UnitRef[]> {
  const ids = unit.path.split(".").filter(Boolean).map(Number);
  const rows = await db.selectFrom("units").select(["id", "name", "path"]).where("id", "in", ids).execute();
  return rows.sort((a, b) => a.path.length - b.path.length);
}

/** The single unit at the top of the tree (the province), where a whole-tree table starts; null when there are several. */
export async function topUnit(db: DBOrTransaction): Promise<UnitRef | null> {
  const roots = await db.selectFrom("units").select(["id", "name", "path"]).where("parent_id", "is", null).where("retired_at", "is", null).limit(2).execute();
  return roots.length === 1 ? roots[0] : null;
}

/** The round a board opens on: the one asked for, else the latest that has opened, else the first. */
export function defaultRound(rounds: RoundSummary[]): RoundSummary | undefined {
  const started = rounds.filter((r) => r.state !== "upcoming");
  return started.at(-1) ?? rounds[0];
}

/** Positions (chức vụ) of these people, for the details a leader may read. */
export async function positionsOf(db: DBOrTransaction, userIds: number[]): Promise<Map<number, { position: string | null; unitPath: string }>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.position", "units.path"])
    .where("users.id", "in", userIds)
    .execute();
  return new Map(rows.map((r) => [r.id, { position: r.position, unitPath: r.path }]));
}

/** The units a board may be narrowed to (a subtree, or all), in tree order, for a filter list. */
export async function unitChoices(db: DBOrTransaction, withinPath: string | null): Promise<{ id: number; name: string; depth: number }[]> {
  const rows = await db
    .selectFrom("units")
    .select(["id", "name", "path", "depth"])
    .where("retired_at", "is", null)
    .$if(withinPath !== null, (q) => q.where("path", "like", likePrefix(withinPath!)))
    .execute();
  return treeOrder(rows).map((u) => ({ id: u.id, name: u.name, depth: u.depth }));
}

/**
 * The leaders' home: each published contest with the participation of the part of the tree its
 * dashboard opens on (the reader's own unit when the read rule holds them to a subtree, else the
 * top of the tree), and its open round.
 */
export async function leaderContestOverview(db: DBOrTransaction, user: CurrentUser, viewer: RankingViewer) {
  const contests = await listPublishedContests(db);
  if (contests.length === 0) return [];
  const settings = await db.selectFrom("contests").select(["id", "ranking_public"]).where("id", "in", contests.map((c) => c.id)).execute();
  const rankingPublic = new Map(settings.map((c) => [c.id, c.ranking_public]));
  return Promise.all(
    contests.map(async (contest) => {
      const access = rankingAccess(viewer, { rankingPublic: rankingPublic.get(contest.id) ?? false });
      const unit = access.detailsWithin !== null ? await findUnit(db, user.unitId) : await topUnit(db);
      const { parent } = unit ? await unitRanking(db, { scope: { kind: "contest", contestId: contest.id }, parentUnitId: unit.id, sort: "name" }) : { parent: null };
      return { contest, unit, openRound: contest.rounds.find((r) => r.state === "open") ?? null, participation: parent };
    }),
  );
}
