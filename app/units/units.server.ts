import type { DBOrTransaction } from "~/database/connection.server";
import { depthFirst, unitPathLabels } from "./tree";

export interface UnitChoice {
  id: number;
  code: string;
  name: string;
  label: string;
  depth: number;
}

/** Every active unit, depth-first, with its path label: what the unit picker offers. */
export async function listUnitChoices(db: DBOrTransaction): Promise<UnitChoice[]> {
  const rows = await db
    .selectFrom("units")
    .select(["id", "parent_id", "code", "name"])
    .where("retired_at", "is", null)
    .execute();
  const nodes = rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, code: r.code }));
  const labels = unitPathLabels(nodes);
  return depthFirst(nodes).map((u) => ({ id: u.id, code: u.code, name: u.name, label: labels.get(u.id) ?? u.name, depth: u.depth }));
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
