// Who may enter a contest, pure: a contest has groups (bảng), each open to one or more unit
// subtrees and optionally to the public. A person belongs to one group, the first that admits them.

export interface AudienceGroup {
  id: number;
  position: number;
  openToPublic: boolean;
  /** Materialised paths ("1.4.") of the units whose subtrees the group admits. */
  unitPaths: readonly string[];
}

export function groupFor(groups: readonly AudienceGroup[], unitPath: string): AudienceGroup | null {
  const ordered = groups.slice().sort((a, b) => a.position - b.position || a.id - b.id);
  return (
    ordered.find((g) => g.unitPaths.some((path) => unitPath.startsWith(path))) ??
    ordered.find((g) => g.openToPublic) ??
    null
  );
}
