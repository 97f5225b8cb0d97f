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
