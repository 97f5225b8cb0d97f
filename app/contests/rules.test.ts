import { describe, expect, it } from "vitest";
import { countedEntry, rankResults, type RankableResult } from "~/rankings/ranking";
import { mulberry32 } from "../../test/support/seeded-random";
import { groupFor, personGroup } from "./audience";
import { predictionDistance, predictionTruth } from "./prediction";
import { mayReviewAnswers } from "./review-policy";

describe("predictionTruth and predictionDistance", () => {
  it("takes the value of the rule the organizer picked", () => {
    const totals = { entries: 120, participants: 80, fullMarks: 7 };
    expect(predictionTruth("entries", totals)).toBe(120);
    expect(predictionTruth("participants", totals)).toBe(80);
    expect(predictionTruth("full_marks", totals)).toBe(7);
  });

  it("is the absolute difference, unknown before the close, worst without a guess", () => {
    expect(predictionDistance(100, 120)).toBe(20);
    expect(predictionDistance(140, 120)).toBe(20);
    expect(predictionDistance(100, null)).toBeNull();
    expect(predictionDistance(null, 120)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("mayReviewAnswers", () => {
  it("never shows answers of an unfinished entry, whatever the policy", () => {
    for (const policy of ["never", "after_submit", "after_close"] as const) {
      for (const roundClosed of [false, true]) expect(mayReviewAnswers(policy, { entryFinal: false, roundClosed })).toBe(false);
    }
  });

  it("follows the policy once the entry is final", () => {
    expect(mayReviewAnswers("after_submit", { entryFinal: true, roundClosed: false })).toBe(true);
    expect(mayReviewAnswers("after_close", { entryFinal: true, roundClosed: false })).toBe(false);
    expect(mayReviewAnswers("after_close", { entryFinal: true, roundClosed: true })).toBe(true);
    expect(mayReviewAnswers("never", { entryFinal: true, roundClosed: true })).toBe(false);
  });
});

describe("groupFor", () => {
  const groups = [
    { id: 1, position: 0, openToPublic: false, unitPaths: ["1.4.", "1.9."] },
    { id: 2, position: 1, openToPublic: false, unitPaths: ["1.5."] },
    { id: 3, position: 2, openToPublic: true, unitPaths: [] },
  ];
  it("puts a person in the first group whose subtree holds their unit", () => {
    expect(groupFor(groups, "1.4.")?.id).toBe(1);
    expect(groupFor(groups, "1.9.31.")?.id).toBe(1);
    expect(groupFor(groups, "1.5.7.8.")?.id).toBe(2);
  });
  it("does not confuse 1.4. with 1.40.", () => {
    expect(groupFor(groups.slice(0, 2), "1.40.")).toBeNull();
  });
  it("admits anyone else to a group open to the public, or nobody", () => {
    expect(groupFor(groups, "1.6.")?.id).toBe(3);
    expect(groupFor(groups.slice(0, 2), "1.6.")).toBeNull();
  });
});

describe("personGroup", () => {
  const groups = [
    { id: 1, position: 0, openToPublic: false, unitPaths: ["1.4."] },
    { id: 2, position: 1, openToPublic: true, unitPaths: [] },
  ];
  it("keeps the group fixed at the first entry, even where the audience would now say otherwise", () => {
    expect(personGroup(groups, { unitPath: "1.4.", fixedGroupId: 2 })?.id).toBe(2);
    expect(personGroup(groups.slice(0, 1), { unitPath: "1.6.", fixedGroupId: 1 })?.id).toBe(1);
  });
  it("otherwise asks the audience rule", () => {
    expect(personGroup(groups, { unitPath: "1.4.2.", fixedGroupId: null })?.id).toBe(1);
    expect(personGroup(groups, { unitPath: "1.6.", fixedGroupId: null })?.id).toBe(2);
    expect(personGroup(groups.slice(0, 1), { unitPath: "1.6.", fixedGroupId: null })).toBeNull();
  });
});

describe("the published ranking order with the prediction", () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 1, 8, 0, s));
  it("breaks equal scores by prediction closeness before time taken", () => {
    const rows: (RankableResult & { id: string })[] = [
      { id: "fast-far", score: 100, durationMs: 60_000, finishedAt: at(1), predictionDistance: 50 },
      { id: "slow-close", score: 100, durationMs: 300_000, finishedAt: at(2), predictionDistance: 3 },
      { id: "no-guess", score: 100, durationMs: 10_000, finishedAt: at(0), predictionDistance: Number.POSITIVE_INFINITY },
      { id: "lower", score: 95, durationMs: 1_000, finishedAt: at(0), predictionDistance: 0 },
    ];
    expect(rankResults(rows).map((r) => r.id)).toEqual(["slow-close", "fast-far", "no-guess", "lower"]);
  });

  it("ignores the prediction while the true value is unknown (provisional ranking)", () => {
    const rows = [
      { id: "slow", score: 100, durationMs: 300_000, finishedAt: at(2), predictionDistance: null },
      { id: "fast", score: 100, durationMs: 60_000, finishedAt: at(1), predictionDistance: null },
    ];
    expect(rankResults(rows).map((r) => r.id)).toEqual(["fast", "slow"]);
  });

  it("matches a brute-force reference on generated rounds with many ties", () => {
    const random = mulberry32(2026);
    for (let round = 0; round < 50; round++) {
      const rows = Array.from({ length: 40 }, (_, i) => ({
        id: `p${i}`,
        score: 5 * Math.floor(random() * 3),
        durationMs: 1000 * Math.floor(random() * 3),
        finishedAt: at(Math.floor(random() * 3)),
        predictionDistance: random() < 0.1 ? Number.POSITIVE_INFINITY : Math.floor(random() * 3),
      }));
      const ranked = rankResults(rows);
      // Reference: a row's rank is 1 + the number of rows strictly better on the tuple.
      const tuple = (r: (typeof rows)[number]) => [-r.score, r.predictionDistance, r.durationMs, r.finishedAt.getTime()];
      const better = (a: number[], b: number[]) => {
        for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
        return false;
      };
      for (const row of ranked) {
        const expected = 1 + rows.filter((other) => better(tuple(other), tuple(row))).length;
        expect(row.rank).toBe(expected);
      }
      for (let i = 1; i < ranked.length; i++) expect(better(tuple(ranked[i]), tuple(ranked[i - 1]))).toBe(false);
    }
  });

  it("counts a person's best entry, and of equal scores the earlier, whatever its prediction", () => {
    const best = countedEntry([
      { score: 90, durationMs: 1, finishedAt: at(5), predictionDistance: 0 },
      { score: 95, durationMs: 9, finishedAt: at(9), predictionDistance: 100 },
      { score: 95, durationMs: 1, finishedAt: at(10), predictionDistance: 0 },
    ]);
    expect(best?.finishedAt).toEqual(at(9));
  });
});
