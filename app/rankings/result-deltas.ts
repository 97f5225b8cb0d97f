// What a change of one person's counted result does to the kept aggregates, pure: the old result
// is taken out and the new one put in (either may be absent). The same two steps serve a first
// entry, a better one, a worse one (only the entry count moves), a reopened entry and a person who
// changed unit. Deltas come out summed per row and sorted by key, so every transaction locks the
// aggregate rows in one order and two transactions never wait on each other in a circle.

export interface CountedState {
  /** round_id or contest_id. */
  scopeId: number;
  groupId: number;
  unitId: number;
  score: number;
  bucket: number;
  entries: number;
  /** 1 or 0 for a round; the number of full-score rounds for a contest total. */
  fullScores: number;
}

export interface ResultChange {
  before: CountedState | null;
  after: CountedState | null;
}

export interface UnitStatDelta {
  scopeId: number;
  groupId: number;
  unitId: number;
  participants: number;
  entries: number;
  scoreSum: number;
  fullScores: number;
}

export interface BucketDelta {
  scopeId: number;
  groupId: number;
  score: number;
  bucket: number;
  people: number;
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export function unitStatDeltas(changes: readonly ResultChange[]): UnitStatDelta[] {
  const byKey = new Map<string, UnitStatDelta>();
  const add = (state: CountedState, sign: 1 | -1) => {
    const key = `${state.scopeId}:${state.groupId}:${state.unitId}`;
    const delta = byKey.get(key) ?? { scopeId: state.scopeId, groupId: state.groupId, unitId: state.unitId, participants: 0, entries: 0, scoreSum: 0, fullScores: 0 };
    delta.participants += sign;
    delta.entries += sign * state.entries;
    delta.scoreSum += sign * state.score;
    delta.fullScores += sign * state.fullScores;
    byKey.set(key, delta);
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  return [...byKey.values()]
    .filter((d) => d.participants !== 0 || d.entries !== 0 || d.scoreSum !== 0 || d.fullScores !== 0)
    .sort((a, b) => compareKeys([a.scopeId, a.groupId, a.unitId], [b.scopeId, b.groupId, b.unitId]));
}

export function bucketDeltas(changes: readonly ResultChange[]): BucketDelta[] {
  const byKey = new Map<string, BucketDelta>();
  const add = (state: CountedState, sign: 1 | -1) => {
    const key = `${state.scopeId}:${state.groupId}:${state.score}:${state.bucket}`;
    const delta = byKey.get(key) ?? { scopeId: state.scopeId, groupId: state.groupId, score: state.score, bucket: state.bucket, people: 0 };
    delta.people += sign;
    byKey.set(key, delta);
  };
  for (const { before, after } of changes) {
    if (before) add(before, -1);
    if (after) add(after, 1);
  }
  return [...byKey.values()]
    .filter((d) => d.people !== 0)
    .sort((a, b) => compareKeys([a.scopeId, a.groupId, a.score, a.bucket], [b.scopeId, b.groupId, b.score, b.bucket]));
}
