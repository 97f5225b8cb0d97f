// Who may enter a contest, pure: a contest has groups (bảng), each open to one or more unit
// subtrees and optionally to the public. A person belongs to one group, the first that admits them,
// and stays in the group they were given at their first entry even if the audience changes later.

export interface AudienceGroup {
  id: number;
  position: number;
  openToPublic: boolean;
  /** Materialised paths ("1.4.") of the units whose subtrees the group admits. */
  unitPaths: readonly string[];
}

export function groupFor<G extends AudienceGroup>(groups: readonly G[], unitPath: string): G | null {
  const ordered = groups.slice().sort((a, b) => a.position - b.position || a.id - b.id);
  return (
    ordered.find((g) => g.unitPaths.some((path) => unitPath.startsWith(path))) ??
    ordered.find((g) => g.openToPublic) ??
    null
  );
}

/**
 * A person's group in one contest: the one fixed at their first entry, else the first that admits
 * their unit; null when they may not enter. "Cuộc thi của tôi" and the start of an entry both ask this.
 */
export function personGroup<G extends AudienceGroup>(groups: readonly G[], person: { unitPath: string; fixedGroupId: number | null }): G | null {
  if (person.fixedGroupId !== null) return groups.find((g) => g.id === person.fixedGroupId) ?? null;
  return groupFor(groups, person.unitPath);
}
