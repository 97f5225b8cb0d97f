import type { DB } from "~/database/connection.server";
import { requireUser, type CurrentUser } from "~/auth/auth.server";
import { UserFacingError } from "~/http/user-facing-error";
import { listUnitChoices } from "~/units/units.server";
import { pathWithin } from "~/rankings/visibility";
import { exportableContest, exportLimit } from "./export-jobs.server";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

/** The logged-in user who may export (organizer, admin, leader), with the subtree they are limited to; others get a 403 with a message. */
export async function requireExporter(db: DB, request: Request): Promise<{ user: CurrentUser; limit: string | null }> {
  const user = await requireUser(db, request);
  try {
    return { user, limit: await exportLimit(db, { id: user.id, role: user.role, unitId: user.unitId }) };
  } catch (error) {
    if (error instanceof UserFacingError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

/** What the export form offers for a contest: its rounds, groups, and the units the requester may choose. */
export async function exportChoices(db: DB, contestId: number, limit: string | null) {
  const contest = await exportableContest(db, contestId, limit);
  if (!contest) return null;
  const [rounds, groups, units, paths] = await Promise.all([
    db.selectFrom("rounds").select(["id", "number", "title"]).where("contest_id", "=", contestId).orderBy("number").execute(),
    db.selectFrom("contest_groups").select(["id", "name"]).where("contest_id", "=", contestId).orderBy("position").orderBy("id").execute(),
    listUnitChoices(db),
    db.selectFrom("units").select(["id", "path"]).where("retired_at", "is", null).execute(),
  ]);
  const pathOf = new Map(paths.map((p) => [p.id, p.path]));
  // The same subtree rule as the export itself (app/rankings/visibility.ts).
  const allowed = units.filter((u) => limit === null || pathWithin(pathOf.get(u.id) ?? "", limit));
  return { contest, rounds, groups, units: allowed.map((u) => ({ id: u.id, label: u.label, depth: u.depth })) };
}

export function parseContestId(raw: string | undefined): number {
  return intIdParam(raw, NOT_FOUND.contest);
}
