import type { DBOrTransaction } from "~/database/connection.server";
import { UserFacingError } from "~/http/user-facing-error";
import { personGroup, type AudienceGroup } from "./audience";

// Who may enter which contest, read from the database: the one place that feeds the pure rule
// (audience.ts). "Cuộc thi của tôi" lists what this says a person may enter, and starting an entry
// joins the group it names, so the page never offers a contest the start would refuse.

export interface ContestGroupOfPerson {
  id: number;
  name: string;
  /** Fixed at the person's first entry (a row in contest_participants). */
  fixed: boolean;
}

export const AUDIENCE_REFUSAL =
  "Cuộc thi này dành cho cán bộ, công chức, viên chức của các đơn vị được mời; đơn vị của bạn không thuộc đối tượng dự thi.";

/**
 * The person's group in each of these contests (absent from the map: they may not enter it).
 * A fixed number of queries whatever the number of contests: the fixed groups first, then, only
 * for the contests where none is fixed yet, the groups' audiences and the person's unit.
 */
export async function groupsOfPerson(db: DBOrTransaction, userId: number, contestIds: readonly number[]): Promise<Map<number, ContestGroupOfPerson>> {
  const result = new Map<number, ContestGroupOfPerson>();
  if (contestIds.length === 0) return result;
  const fixed = await db
    .selectFrom("contest_participants as p")
    .innerJoin("contest_groups as g", "g.id", "p.group_id")
    .select(["p.contest_id", "g.id", "g.name"])
    .where("p.contest_id", "in", contestIds)
    .where("p.user_id", "=", userId)
    .execute();
  for (const row of fixed) result.set(row.contest_id, { id: row.id, name: row.name, fixed: true });
  const open = contestIds.filter((id) => !result.has(id));
  if (open.length === 0) return result;

  const [rows, person] = await Promise.all([
    db
      .selectFrom("contest_groups as g")
      .leftJoin("contest_group_units as gu", "gu.group_id", "g.id")
      .leftJoin("units as u", "u.id", "gu.unit_id")
      .select(["g.id", "g.contest_id", "g.name", "g.position", "g.open_to_public", "u.path"])
      .where("g.contest_id", "in", open)
      .execute(),
    db.selectFrom("users").innerJoin("units", "units.id", "users.unit_id").select("units.path").where("users.id", "=", userId).executeTakeFirstOrThrow(),
  ]);
  const groupsByContest = new Map<number, Map<number, AudienceGroup & { name: string; unitPaths: string[] }>>();
  for (const row of rows) {
    const groups = groupsByContest.get(row.contest_id) ?? new Map();
    const group = groups.get(row.id) ?? { id: row.id, name: row.name, position: row.position, openToPublic: row.open_to_public, unitPaths: [] };
    if (row.path) group.unitPaths.push(row.path);
    groups.set(row.id, group);
    groupsByContest.set(row.contest_id, groups);
  }
  for (const contestId of open) {
    const group = personGroup([...(groupsByContest.get(contestId)?.values() ?? [])], { unitPath: person.path, fixedGroupId: null });
    if (group) result.set(contestId, { id: group.id, name: group.name, fixed: false });
  }
  return result;
}

/**
 * The person's group in the contest, fixed now if this is their first entry. Refused when no
 * group admits them. Call it inside the transaction that starts the entry.
 */
export async function joinContestGroup(trx: DBOrTransaction, contestId: number, userId: number): Promise<number> {
  const group = (await groupsOfPerson(trx, userId, [contestId])).get(contestId);
  if (!group) throw new UserFacingError(403, AUDIENCE_REFUSAL, "audience");
  if (!group.fixed) {
    await trx.insertInto("contest_participants").values({ contest_id: contestId, user_id: userId, group_id: group.id }).onConflict((oc) => oc.doNothing()).execute();
  }
  return group.id;
}
