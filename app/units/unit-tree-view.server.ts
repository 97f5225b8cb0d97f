import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { depthFirst, unitPathLabels } from "./tree";

// What the unit management pages show: the tree with headcounts and people rolled up over
// subtrees, one unit with its children, and the history of changes.

export interface UnitTreeRow {
  id: number;
  parentId: number | null;
  code: string;
  name: string;
  kind: string;
  depth: number;
  path: string;
  /** "Sở Nội vụ › Phòng CCHC": the unit under its ancestors. */
  label: string;
  headcount: number;
  /** Size of the unit's roster (null: none); when set, it is the headcount participation counts. */
  rosterSize: number | null;
  /** Own headcount plus that of every active unit below. */
  subtreeHeadcount: number;
  people: number;
  subtreePeople: number;
  retired: boolean;
  retiredAt: string | null;
  mergedInto: { id: number; code: string; name: string } | null;
}

/** Every unit (retired ones too), depth-first, siblings by name, with roll-ups over active units. */
export async function loadUnitTree(db: DBOrTransaction): Promise<UnitTreeRow[]> {
  const units = await db
    .selectFrom("units")
    .select(["id", "parent_id", "code", "name", "kind", "headcount", "roster_size", "path", "retired_at", "merged_into_id"])
    .execute();
  const people = await db
    .selectFrom("users")
    .select(["unit_id", sql<string>`count(*)`.as("n")])
    .groupBy("unit_id")
    .execute();
  const peopleOf = new Map(people.map((p) => [p.unit_id, Number(p.n)]));
  const byId = new Map(units.map((u) => [u.id, u]));
  const subtreeHeadcount = new Map<number, number>();
  const subtreePeople = new Map<number, number>();
  for (const unit of units) {
    const own = peopleOf.get(unit.id) ?? 0;
    for (const ancestor of unit.path.split(".").filter(Boolean).map(Number)) {
      if (unit.retired_at === null) subtreeHeadcount.set(ancestor, (subtreeHeadcount.get(ancestor) ?? 0) + unit.headcount);
      subtreePeople.set(ancestor, (subtreePeople.get(ancestor) ?? 0) + own);
    }
  }
  const nodes = units.map((u) => ({ id: u.id, parentId: u.parent_id, name: u.name }));
  const labels = unitPathLabels(nodes);
  return depthFirst(nodes).map((node) => {
    const unit = byId.get(node.id)!;
    const mergedInto = unit.merged_into_id === null ? undefined : byId.get(unit.merged_into_id);
    return {
      id: unit.id,
      parentId: unit.parent_id,
      code: unit.code,
      name: unit.name,
      kind: unit.kind,
      depth: node.depth,
      path: unit.path,
      label: labels.get(unit.id) ?? unit.name,
      headcount: unit.headcount,
      rosterSize: unit.roster_size,
      subtreeHeadcount: subtreeHeadcount.get(unit.id) ?? 0,
      people: peopleOf.get(unit.id) ?? 0,
      subtreePeople: subtreePeople.get(unit.id) ?? 0,
      retired: unit.retired_at !== null,
      retiredAt: unit.retired_at ? unit.retired_at.toISOString() : null,
      mergedInto: mergedInto ? { id: mergedInto.id, code: mergedInto.code, name: mergedInto.name } : null,
    };
  });
}

export interface UnitEventRow {
  id: string;
  at: string;
  action: string;
  unit: { id: number; code: string; name: string } | null;
  actorName: string | null;
  details: Record<string, unknown>;
  reason: string | null;
}

export const UNIT_EVENTS_PAGE_SIZE = 50;

/** The newest changes first: of one unit, or of the whole tree. */
export async function listUnitEvents(db: DBOrTransaction, options: { unitId?: number; page?: number } = {}): Promise<{ events: UnitEventRow[]; total: number }> {
  const page = Math.max(1, options.page ?? 1);
  const base = db.selectFrom("unit_events as e").$if(options.unitId !== undefined, (q) => q.where("e.unit_id", "=", options.unitId!));
  const { n } = await base.select(sql<string>`count(*)`.as("n")).executeTakeFirstOrThrow();
  const rows = await base
    .leftJoin("units as u", "u.id", "e.unit_id")
    .leftJoin("users as a", "a.id", "e.actor_id")
    .select(["e.id", "e.at", "e.action", "e.details", "e.reason", "u.id as unit_id", "u.code as unit_code", "u.name as unit_name", "a.full_name as actor_name"])
    .orderBy("e.at", "desc")
    .orderBy("e.id", "desc")
    .limit(UNIT_EVENTS_PAGE_SIZE)
    .offset((page - 1) * UNIT_EVENTS_PAGE_SIZE)
    .execute();
  return {
    total: Number(n),
    events: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      action: r.action,
      unit: r.unit_id !== null && r.unit_code !== null && r.unit_name !== null ? { id: r.unit_id, code: r.unit_code, name: r.unit_name } : null,
      actorName: r.actor_name,
      details: r.details,
      reason: r.reason,
    })),
  };
}
