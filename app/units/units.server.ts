import type { DBOrTransaction } from "~/database/connection.server";
import { depthFirst, unitParentLabels, unitPathLabels, type UnitPickerChoice } from "./tree";

export interface UnitChoice extends UnitPickerChoice {
  code: string;
  /** "Sở Nội vụ › Phòng CCHC": the unit under its ancestors, root first. */
  label: string;
}

/**
 * Every active unit, depth-first, with its parents' names: what the unit picker offers. One query
 * for the whole tree; the paths are put together here, not asked unit by unit.
 */
export async function listUnitChoices(db: DBOrTransaction): Promise<UnitChoice[]> {
  const rows = await db
    .selectFrom("units")
    .select(["id", "parent_id", "code", "name"])
    .where("retired_at", "is", null)
    .execute();
  const nodes = rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, code: r.code }));
  const labels = unitPathLabels(nodes);
  const parents = unitParentLabels(nodes);
  return depthFirst(nodes).map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    parents: parents.get(u.id) ?? "",
    label: labels.get(u.id) ?? u.name,
    depth: u.depth,
  }));
}

/** The picker's part of a choice (what a page sends to the browser). */
export function pickerChoice({ id, name, parents, depth }: UnitPickerChoice): UnitPickerChoice {
  return { id, name, parents, depth };
}

/** A unit's current kind (the edit form keeps a kind that predates the list); null when there is no such unit. */
export async function unitKindOf(db: DBOrTransaction, unitId: number): Promise<string | null> {
  return (await db.selectFrom("units").select("kind").where("id", "=", unitId).executeTakeFirst())?.kind ?? null;
}

export interface UnitSpec {
  code: string;
  name: string;
  kind: string;
  headcount: number;
  children?: UnitSpec[];
}

/** Inserts a tree of units, keeping the materialised path; units whose code exists are left as they are. */
export async function insertUnitTree(db: DBOrTransaction, spec: UnitSpec, parent: { id: number; path: string; depth: number } | null = null) {
  const existing = await db.selectFrom("units").select(["id", "path", "depth"]).where("code", "=", spec.code).executeTakeFirst();
  let node = existing;
  if (!node) {
    const inserted = await db
      .insertInto("units")
      .values({
        parent_id: parent?.id ?? null,
        code: spec.code,
        name: spec.name,
        kind: spec.kind,
        headcount: spec.headcount,
        path: "",
        depth: parent ? parent.depth + 1 : 0,
      })
      .returning(["id", "depth"])
      .executeTakeFirstOrThrow();
    const path = `${parent?.path ?? ""}${inserted.id}.`;
    await db.updateTable("units").set({ path }).where("id", "=", inserted.id).execute();
    node = { id: inserted.id, path, depth: inserted.depth };
  }
  for (const child of spec.children ?? []) await insertUnitTree(db, child, node);
  return node;
}
