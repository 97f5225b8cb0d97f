import { sql, type Selectable } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import type { UnitTable } from "~/database/schema";
import { runCommand, type CommandContext } from "~/commands/command.server";
import { UserFacingError } from "~/http/user-facing-error";
import { moveUnitResults } from "~/rankings/maintenance.server";
import { checkMerge, checkMove, checkRetire, mergeRebase, moveRebase, normalizeUnitCode, type PathRebase, type TreeUnit } from "./tree-edits";

// Organizers' edits of the unit tree, each a command (~/commands/command.server.ts): one
// transaction, the tree lock (edits are rare; serialising them means no two concurrent moves can
// build a cycle), one or more unit_events with who, when, what and why. Refusals are UserFacingErrors in
// Vietnamese; an error's `code` names the form field it belongs to, when there is one.

export interface LockedUnit extends TreeUnit {
  code: string;
  kind: string;
  headcount: number;
  mergedIntoName: string | null;
}

/**
 * A unit's row, locked FOR UPDATE: besides keeping it still, this waits for (and holds off)
 * transactions inserting people into it, which take a key-share lock through the foreign key.
 */
async function lockUnit(trx: DBOrTransaction, id: number): Promise<LockedUnit> {
  const row = await trx
    .selectFrom("units")
    .select(["id", "code", "name", "kind", "headcount", "path", "depth", "parent_id", "retired_at", "merged_into_id"])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new UserFacingError(404, "Không tìm thấy đơn vị.");
  const mergedInto = row.merged_into_id === null ? undefined : await trx.selectFrom("units").select("name").where("id", "=", row.merged_into_id).executeTakeFirst();
  return toLockedUnit(row, mergedInto?.name ?? null);
}

/** Rewrites the path and depth of every unit under `plan.fromPrefix` in one statement; `skipId` keeps that unit as it is. */
async function applyRebase(trx: DBOrTransaction, plan: PathRebase, skipId?: number): Promise<number> {
  const result = await sql`
    update units
    set path = ${plan.toPrefix} || substr(path, ${plan.fromPrefix.length + 1}), depth = depth + ${plan.depthDelta}
    where path like ${`${plan.fromPrefix}%`} ${skipId === undefined ? sql`` : sql`and id <> ${skipId}`}
  `.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

const unitRef = (unit: { id: number; code: string; name: string } | null) => (unit ? { id: unit.id, code: unit.code, name: unit.name } : null);

export interface UnitFields {
  name: string;
  kind: string;
  headcount: number;
}

/** Adds a unit under `parentId` (null: at the top level). A code already used is refused, so a repeated post adds nothing. */
export async function addUnit(context: CommandContext, input: UnitFields & { code: string; parentId: number | null; actorId: number }): Promise<number> {
  const code = normalizeUnitCode(input.code);
  return runCommand(context, {
    actorId: input.actorId,
    target: { unitTree: true },
    write: async (trx) => {
      const taken = await trx
        .selectFrom("units")
        .select(["name", "retired_at"])
        .where(sql<string>`upper(code)`, "=", code)
        .executeTakeFirst();
      if (taken) {
        const retired = taken.retired_at ? " (đơn vị này đã ngừng hoạt động)" : "";
        throw new UserFacingError(409, `Mã đơn vị “${code}” đã được dùng cho “${taken.name}”${retired}. Hãy chọn mã khác.`, "code");
      }
      const parent =
        input.parentId === null
          ? null
          : await lockUnit(trx, input.parentId).catch((error) => {
              if (error instanceof UserFacingError) throw new UserFacingError(404, "Không tìm thấy đơn vị cấp trên.", "parentId");
              throw error;
            });
      if (parent?.retired) throw new UserFacingError(409, `Đơn vị cấp trên “${parent.name}” đã ngừng hoạt động.`, "parentId");
      const { id } = await trx
        .insertInto("units")
        .values({
          parent_id: parent?.id ?? null,
          code,
          name: input.name,
          kind: input.kind,
          headcount: input.headcount,
          path: "",
          depth: parent ? parent.depth + 1 : 0,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx.updateTable("units").set({ path: `${parent?.path ?? ""}${id}.` }).where("id", "=", id).execute();
      const details = { code, name: input.name, kind: input.kind, headcount: input.headcount, parent: unitRef(parent) };
      return { changed: true, value: id, log: [{ unitId: id, action: "unit.created", details }] };
    },
  });
}

/** Changes a unit's name, kind and own headcount. Saving the same values again changes and logs nothing. */
export async function editUnit(context: CommandContext, unitId: number, input: UnitFields & { actorId: number }): Promise<{ changed: boolean }> {
  return runCommand<{ changed: boolean }>(context, {
    actorId: input.actorId,
    target: { unitTree: true },
    write: async (trx) => {
      const unit = await lockUnit(trx, unitId);
      if (unit.retired) throw new UserFacingError(409, `Đơn vị “${unit.name}” đã ngừng hoạt động, không thể sửa.`);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      if (unit.name !== input.name) changes.name = { from: unit.name, to: input.name };
      if (unit.kind !== input.kind) changes.kind = { from: unit.kind, to: input.kind };
      if (unit.headcount !== input.headcount) changes.headcount = { from: unit.headcount, to: input.headcount };
      if (Object.keys(changes).length === 0) return { changed: false, value: { changed: false } };
      await trx.updateTable("units").set({ name: input.name, kind: input.kind, headcount: input.headcount }).where("id", "=", unitId).execute();
      // A headcount changes participation rates: the boards of every round showing this unit are told.
      return { changed: true, value: { changed: true }, log: [{ unitId, action: "unit.edited", details: changes }], rankingsOf: changes.headcount ? await roundsCounting(trx, unit.path) : [] };
    },
  });
}

/**
 * Places a unit (and its whole subtree) under `parentId` (null: the top level). Placing it where it
 * already is changes nothing, so a repeated post is harmless.
 */
export async function moveUnit(
  context: CommandContext,
  unitId: number,
  parentId: number | null,
  input: { actorId: number; reason?: string | null },
): Promise<{ changed: boolean; subtreeSize: number }> {
  return runCommand<{ changed: boolean; subtreeSize: number }>(context, {
    actorId: input.actorId,
    target: { unitTree: true },
    reason: { required: false, text: input.reason },
    write: async (trx) => {
      const unit = await lockUnit(trx, unitId);
      let target: LockedUnit | null = null;
      if (parentId !== null) {
        target = await lockUnit(trx, parentId).catch((error) => {
          if (error instanceof UserFacingError) throw new UserFacingError(404, "Không tìm thấy đơn vị cấp trên.", "parentId");
          throw error;
        });
      }
      const check = checkMove(unit, target);
      if (!check.ok) throw new UserFacingError(409, check.message, "parentId");
      if (check.unchanged) return { changed: false, value: { changed: false, subtreeSize: 0 } };
      const before = unit.parentId === null ? null : await trx.selectFrom("units").select(["id", "code", "name"]).where("id", "=", unit.parentId).executeTakeFirst();
      // The rounds in which the subtree's people took part: their unit rankings roll up differently now.
      const touched = await roundsCounting(trx, unit.path);
      await trx.updateTable("units").set({ parent_id: target?.id ?? null }).where("id", "=", unitId).execute();
      const subtreeSize = await applyRebase(trx, moveRebase(unit, target));
      return {
        changed: true,
        value: { changed: true, subtreeSize },
        log: [{ unitId, action: "unit.moved", details: { from: unitRef(before ?? null), to: unitRef(target), subtreeSize } }],
        rankingsOf: touched,
      };
    },
  });
}

/** The rounds with results of people in the units under `path` (the unit itself included), or under any of `path`s. */
export async function roundsCounting(trx: DBOrTransaction, path: string | readonly string[]): Promise<number[]> {
  const prefixes = (typeof path === "string" ? [path] : [...path]).map((p) => `${p}%`);
  if (prefixes.length === 0) return [];
  const rows = await trx
    .selectFrom("unit_round_stats as s")
    .innerJoin("units as u", "u.id", "s.unit_id")
    .select("s.round_id")
    .distinct()
    .where(sql<boolean>`u.path like any(${prefixes}::text[])`)
    .execute();
  return rows.map((r) => r.round_id);
}

export interface MergeCounts {
  /** People whose unit was `from`. */
  people: number;
  /** Direct children of `from` (active or not). */
  children: number;
  /** Every unit under `from`, at any depth. */
  descendants: number;
  /** Contest groups whose audience named `from`. */
  audiences: number;
  /** Contests owned by `from`. */
  contests: number;
  /** `from`'s own headcount, added to `into`'s. */
  headcount: number;
}

/** What a merge of `fromId` into `intoId` would move, for the confirm step; refusals as in mergeUnits. */
export async function previewMerge(db: DBOrTransaction, fromId: number, intoId: number): Promise<{ from: LockedUnit; into: LockedUnit; counts: MergeCounts }> {
  const from = await readUnit(db, fromId, "Không tìm thấy đơn vị.");
  const into = await readUnit(db, intoId, "Không tìm thấy đơn vị nhận.");
  const check = checkMerge(from, into);
  if (!check.ok) throw new UserFacingError(409, check.message, "intoId");
  return { from, into, counts: await mergeCounts(db, from) };
}

async function readUnit(db: DBOrTransaction, id: number, missing: string): Promise<LockedUnit> {
  const row = await db
    .selectFrom("units as u")
    .leftJoin("units as m", "m.id", "u.merged_into_id")
    .select(["u.id", "u.code", "u.name", "u.kind", "u.headcount", "u.path", "u.depth", "u.parent_id", "u.retired_at", "m.name as merged_into_name"])
    .where("u.id", "=", id)
    .executeTakeFirst();
  if (!row) throw new UserFacingError(404, missing, "intoId");
  return toLockedUnit(row, row.merged_into_name);
}

type UnitRow = Pick<Selectable<UnitTable>, "id" | "code" | "name" | "kind" | "headcount" | "path" | "depth" | "parent_id" | "retired_at">;

function toLockedUnit(row: UnitRow, mergedIntoName: string | null): LockedUnit {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    headcount: row.headcount,
    path: row.path,
    depth: row.depth,
    parentId: row.parent_id,
    retired: row.retired_at !== null,
    mergedIntoName,
  };
}

async function mergeCounts(db: DBOrTransaction, from: LockedUnit): Promise<MergeCounts> {
  const count = async (query: Promise<{ n: string | number | bigint }>) => Number((await query).n);
  return {
    people: await count(db.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).where("unit_id", "=", from.id).executeTakeFirstOrThrow()),
    children: await count(db.selectFrom("units").select((eb) => eb.fn.countAll<string>().as("n")).where("parent_id", "=", from.id).executeTakeFirstOrThrow()),
    descendants: await count(
      db
        .selectFrom("units")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("path", "like", `${from.path}%`)
        .where("id", "<>", from.id)
        .executeTakeFirstOrThrow(),
    ),
    audiences: await count(db.selectFrom("contest_group_units").select((eb) => eb.fn.countAll<string>().as("n")).where("unit_id", "=", from.id).executeTakeFirstOrThrow()),
    contests: await count(db.selectFrom("contests").select((eb) => eb.fn.countAll<string>().as("n")).where("owner_unit_id", "=", from.id).executeTakeFirstOrThrow()),
    headcount: from.headcount,
  };
}

/**
 * Merges unit `fromId` into `intoId`: its people and its children (with their subtrees) move to
 * `into`, audiences and contests that named `from` name `into`, `from`'s headcount is added to
 * `into`'s, and `from` is retired with merged_into_id = `into`. A unit already merged is refused,
 * so a repeated post does nothing. One transaction: everything moves, or nothing does.
 */
export async function mergeUnits(context: CommandContext, fromId: number, intoId: number, input: { actorId: number; reason: string }): Promise<MergeCounts> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { unitTree: true },
    reason: { required: true, text: input.reason, what: "lý do sáp nhập" },
    write: async (trx) => {
      const from = await lockUnit(trx, fromId);
      const into = await lockUnit(trx, intoId).catch((error) => {
        if (error instanceof UserFacingError) throw new UserFacingError(404, "Không tìm thấy đơn vị nhận.", "intoId");
        throw error;
      });
      const check = checkMerge(from, into);
      if (!check.ok) throw new UserFacingError(409, check.message, "intoId");
      const counts = await mergeCounts(trx, from);
      // The rounds in which `from`'s people took part: their unit rankings change with the merge.
      const touched = await roundsCounting(trx, from.path);

      await trx.updateTable("users").set({ unit_id: into.id }).where("unit_id", "=", from.id).execute();
      await trx.updateTable("units").set({ parent_id: into.id }).where("parent_id", "=", from.id).execute();
      await applyRebase(trx, mergeRebase(from, into), from.id);
      // A group may name both units already: the primary key keeps one row.
      await sql`
        insert into contest_group_units (group_id, unit_id)
        select group_id, ${into.id}::int from contest_group_units where unit_id = ${from.id}
        on conflict do nothing
      `.execute(trx);
      await trx.deleteFrom("contest_group_units").where("unit_id", "=", from.id).execute();
      await trx.updateTable("contests").set({ owner_unit_id: into.id }).where("owner_unit_id", "=", from.id).execute();
      await trx
        .updateTable("units")
        .set((eb) => ({ headcount: eb("headcount", "+", from.headcount) }))
        .where("id", "=", into.id)
        .execute();
      await trx.updateTable("units").set({ retired_at: sql`now()`, merged_into_id: into.id }).where("id", "=", from.id).execute();
      // The staff lists join too: `into`'s roster (and so its headcount for participation) grows by `from`'s.
      await trx.updateTable("roster_entries").set({ unit_id: into.id, updated_at: sql`now()` }).where("unit_id", "=", from.id).execute();
      await sql`
        update units set roster_size = (select nullif(count(*), 0) from roster_entries where unit_id = units.id)
        where id in (${from.id}, ${into.id})
      `.execute(trx);

      // The people's results and the unit counts of the rankings move with them, in this transaction.
      await moveUnitResults(trx, from.id, into.id);

      return {
        changed: true,
        value: counts,
        log: [
          { unitId: from.id, action: "unit.merged", details: { into: unitRef(into), ...counts } },
          { unitId: into.id, action: "unit.received", details: { from: unitRef(from), ...counts } },
        ],
        rankingsOf: touched,
      };
    },
  });
}

/** Marks a unit as no longer operating; refused while people or active units still belong to it, or when it is retired already. */
export async function retireUnit(context: CommandContext, unitId: number, input: { actorId: number; reason: string }): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { unitTree: true },
    reason: { required: true, text: input.reason, what: "lý do ngừng hoạt động" },
    write: async (trx) => {
      const unit = await lockUnit(trx, unitId);
      const { n: people } = await trx.selectFrom("users").select((eb) => eb.fn.countAll<string>().as("n")).where("unit_id", "=", unitId).executeTakeFirstOrThrow();
      const { n: activeChildren } = await trx
        .selectFrom("units")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("parent_id", "=", unitId)
        .where("retired_at", "is", null)
        .executeTakeFirstOrThrow();
      const check = checkRetire(unit, { people: Number(people), activeChildren: Number(activeChildren) });
      if (!check.ok) throw new UserFacingError(409, check.message);
      await trx.updateTable("units").set({ retired_at: sql`now()` }).where("id", "=", unitId).execute();
      return { changed: true, value: undefined, log: [{ unitId, action: "unit.retired", details: { code: unit.code, name: unit.name } }] };
    },
  });
}
