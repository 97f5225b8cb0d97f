import { describe, expect, it } from "vitest";
import { bucketDeltas, unitStatDeltas, type CountedState, type ResultChange } from "./result-deltas";
import { mulberry32 } from "../../test/support/seeded-random";

const state = (over: Partial<CountedState> = {}): CountedState => ({ scopeId: 1, groupId: 0, unitId: 10, score: 80, bucket: 12, entries: 1, fullScores: 0, ...over });

describe("unitStatDeltas", () => {
  it("counts a first result as one more participant with its entries, score and full score", () => {
    expect(unitStatDeltas([{ before: null, after: state({ fullScores: 1 }) }])).toEqual([
      { scopeId: 1, groupId: 0, unitId: 10, participants: 1, entries: 1, scoreSum: 80, fullScores: 1 },
    ]);
  });
  it("moves only the score difference and the extra entry for a better second entry", () => {
    expect(unitStatDeltas([{ before: state(), after: state({ score: 100, entries: 2, fullScores: 1 }) }])).toEqual([
      { scopeId: 1, groupId: 0, unitId: 10, participants: 0, entries: 1, scoreSum: 20, fullScores: 1 },
    ]);
  });
  it("moves the whole result when the person changed unit, and takes it out when their last entry is reopened", () => {
    expect(unitStatDeltas([{ before: state(), after: state({ unitId: 11, entries: 2 }) }])).toEqual([
      { scopeId: 1, groupId: 0, unitId: 10, participants: -1, entries: -1, scoreSum: -80, fullScores: 0 },
      { scopeId: 1, groupId: 0, unitId: 11, participants: 1, entries: 2, scoreSum: 80, fullScores: 0 },
    ]);
    expect(unitStatDeltas([{ before: state(), after: null }])).toEqual([{ scopeId: 1, groupId: 0, unitId: 10, participants: -1, entries: -1, scoreSum: -80, fullScores: 0 }]);
  });
  it("drops rows that do not change and sorts the rest by key", () => {
    const changes: ResultChange[] = [
      { before: state({ unitId: 30 }), after: state({ unitId: 30 }) },
      { before: null, after: state({ scopeId: 2, unitId: 5 }) },
      { before: null, after: state({ scopeId: 1, groupId: 3, unitId: 1 }) },
      { before: null, after: state({ scopeId: 1, groupId: 0, unitId: 99 }) },
    ];
    expect(unitStatDeltas(changes).map((d) => [d.scopeId, d.groupId, d.unitId])).toEqual([
      [1, 0, 99],
      [1, 3, 1],
      [2, 0, 5],
    ]);
  });
});

describe("bucketDeltas", () => {
  it("moves one person from the old bucket to the new one, and nothing when the bucket stays", () => {
    expect(bucketDeltas([{ before: state({ score: 80, bucket: 12 }), after: state({ score: 90, bucket: 9 }) }])).toEqual([
      { scopeId: 1, groupId: 0, score: 80, bucket: 12, people: -1 },
      { scopeId: 1, groupId: 0, score: 90, bucket: 9, people: 1 },
    ]);
    expect(bucketDeltas([{ before: state(), after: state({ entries: 3 }) }])).toEqual([]);
  });
});

describe("applying the deltas of any sequence of changes", () => {
  it("gives the same counts as counting the final results from scratch", () => {
    const random = mulberry32(11);
    const pick = (n: number) => Math.floor(random() * n);
    const current = new Map<number, CountedState | null>();
    const stats = new Map<string, number[]>();
    const buckets = new Map<string, number>();
    for (let step = 0; step < 2000; step++) {
      const person = pick(40);
      const before = current.get(person) ?? null;
      const after = pick(8) === 0 ? null : state({ scopeId: 1 + pick(2), groupId: pick(2), unitId: pick(5), score: pick(4) * 10, bucket: pick(3), entries: 1 + pick(3), fullScores: pick(2) });
      const change: ResultChange = { before: before && { ...before }, after };
      if (before && after) after.scopeId = before.scopeId;
      current.set(person, after);
      for (const d of unitStatDeltas([change])) {
        const k = `${d.scopeId}:${d.groupId}:${d.unitId}`;
        const s = stats.get(k) ?? [0, 0, 0, 0];
        stats.set(k, [s[0] + d.participants, s[1] + d.entries, s[2] + d.scoreSum, s[3] + d.fullScores]);
      }
      for (const d of bucketDeltas([change])) {
        const k = `${d.scopeId}:${d.groupId}:${d.score}:${d.bucket}`;
        buckets.set(k, (buckets.get(k) ?? 0) + d.people);
      }
    }
    const expectedStats = new Map<string, number[]>();
    const expectedBuckets = new Map<string, number>();
    for (const s of current.values()) {
      if (!s) continue;
      const k = `${s.scopeId}:${s.groupId}:${s.unitId}`;
      const e = expectedStats.get(k) ?? [0, 0, 0, 0];
      expectedStats.set(k, [e[0] + 1, e[1] + s.entries, e[2] + s.score, e[3] + s.fullScores]);
      const b = `${s.scopeId}:${s.groupId}:${s.score}:${s.bucket}`;
      expectedBuckets.set(b, (expectedBuckets.get(b) ?? 0) + 1);
    }
    const nonZero = <V>(m: Map<string, V>) => new Map([...m].filter(([, v]) => (Array.isArray(v) ? v.some((x) => x !== 0) : v !== 0)));
    expect(nonZero(stats)).toEqual(expectedStats);
    expect(nonZero(buckets)).toEqual(expectedBuckets);
  });
});
