// Pure helpers over the unit tree (any depth).

export interface UnitNode {
  id: number;
  parentId: number | null;
  name: string;
}

/** "Sở Nội vụ › Phòng Cải cách hành chính": each unit's name under its ancestors. */
export function unitPathLabels<T extends UnitNode>(units: readonly T[]): Map<number, string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const labels = new Map<number, string>();
  const labelOf = (unit: T, guard: number): string => {
    const cached = labels.get(unit.id);
    if (cached) return cached;
    const parent = unit.parentId === null ? undefined : byId.get(unit.parentId);
    // The root (the province) is left out: every unit is under it.
    const label = parent && parent.parentId !== null && guard < 64 ? `${labelOf(parent, guard + 1)} › ${unit.name}` : unit.name;
    labels.set(unit.id, label);
    return label;
  };
  for (const unit of units) labelOf(unit, 0);
  return labels;
}

/** Units ordered depth-first, parents before children, siblings by name. */
export function depthFirst<T extends UnitNode>(units: readonly T[]): (T & { depth: number })[] {
  const children = new Map<number | null, T[]>();
  for (const unit of units) {
    const list = children.get(unit.parentId) ?? [];
    list.push(unit);
    children.set(unit.parentId, list);
  }
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, "vi"));
  const ids = new Set(units.map((u) => u.id));
  const roots = units.filter((u) => u.parentId === null || !ids.has(u.parentId));
  const ordered: (T & { depth: number })[] = [];
  const visit = (unit: T, depth: number) => {
    ordered.push({ ...unit, depth });
    for (const child of children.get(unit.id) ?? []) visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => a.name.localeCompare(b.name, "vi"))) visit(root, 0);
  return ordered;
}

/**
 * "UBND xã Tân Phú — Sở Nội vụ": each unit's ancestors, nearest first, without the root (every
 * unit is under it); "" for the root and its children. What tells apart five units all named
 * "Trung tâm Phục vụ hành chính công".
 */
export function unitParentLabels<T extends UnitNode>(units: readonly T[]): Map<number, string> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const parents = new Map<number, string>();
  for (const unit of units) {
    const names: string[] = [];
    let parent = unit.parentId === null ? undefined : byId.get(unit.parentId);
    // The guard stops a cycle in bad data from looping for ever.
    while (parent && parent.parentId !== null && byId.has(parent.parentId) && names.length < 64) {
      names.push(parent.name);
      parent = byId.get(parent.parentId);
    }
    parents.set(unit.id, names.join(" — "));
  }
  return parents;
}

/** What the unit picker offers: a unit, its parents' names, its depth in the tree. */
export interface UnitPickerChoice {
  id: number;
  name: string;
  /** Nearest first, " — " between them; "" under the root. */
  parents: string;
  depth: number;
}

/** The picker's choices, depth-first, from any list of units (a filtered one keeps its parents' names if they are passed in `tree`). */
export function unitPickerChoices<T extends UnitNode>(units: readonly T[], tree: readonly UnitNode[] = units): UnitPickerChoice[] {
  const parents = unitParentLabels(tree);
  return depthFirst(units).map((u) => ({ id: u.id, name: u.name, parents: parents.get(u.id) ?? "", depth: u.depth }));
}

/** "Trung tâm Phục vụ hành chính công — UBND xã Tân Phú": a choice in one line (the plain list's option, a screen reader's name). */
export function unitChoiceLabel(choice: Pick<UnitPickerChoice, "name" | "parents">): string {
  return choice.parents ? `${choice.name} — ${choice.parents}` : choice.name;
}
