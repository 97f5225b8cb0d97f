import { describe, expect, it } from "vitest";
import { parseRankingRoom, rankingRoom, scopeCovers, watchRankingSchema, type WatchScope } from "./events";

const scope = (partial: Partial<WatchScope>): WatchScope => ({ contestId: 3, roundId: null, groupId: null, unitId: null, view: "people", ...partial });

describe("ranking rooms", () => {
  it("name every part of the scope and read back the same scope", () => {
    const scopes = [
      scope({}),
      scope({ roundId: 7 }),
      scope({ roundId: 7, groupId: 2, unitId: 41, view: "units" }),
      scope({ unitId: 9, view: "dashboard" }),
    ];
    expect(scopes.map(rankingRoom)).toEqual(["ranking/3/*/*/*/people", "ranking/3/7/*/*/people", "ranking/3/7/2/41/units", "ranking/3/*/*/9/dashboard"]);
    for (const s of scopes) expect(parseRankingRoom(rankingRoom(s))).toEqual(s);
  });

  it("are told apart from other rooms", () => {
    for (const room of ["abc123socketid", "ranking/3/*/*/*", "ranking/0/*/*/*/people", "ranking/x/*/*/*/people", "ranking/3/*/*/*/secret", "ranking/3/01/*/*/people", "round:1"]) {
      expect(parseRankingRoom(room)).toBeNull();
    }
  });

  it("a change of a round concerns that round's watchers and the whole-contest watchers only", () => {
    const change = { contestId: 3, roundId: 7 };
    expect(scopeCovers(scope({}), change)).toBe(true);
    expect(scopeCovers(scope({ roundId: 7, unitId: 5 }), change)).toBe(true);
    expect(scopeCovers(scope({ roundId: 8 }), change)).toBe(false);
    expect(scopeCovers(scope({ contestId: 4 }), change)).toBe(false);
  });
});

describe("watch requests", () => {
  it("accept a contest or a round, with optional narrowing, the individual ranking by default", () => {
    expect(watchRankingSchema.parse({ contestId: 1 })).toEqual({ contestId: 1, view: "people" });
    expect(watchRankingSchema.parse({ roundId: 5 })).toEqual({ roundId: 5, view: "people" });
    expect(watchRankingSchema.parse({ contestId: 1, roundId: null, groupId: 2, unitId: 3, view: "dashboard" })).toMatchObject({ groupId: 2, unitId: 3, view: "dashboard" });
  });

  it("refuse anything else", () => {
    for (const payload of [null, undefined, "ranking/1/*/*/*/people", 12, {}, { view: "people" }, { contestId: "1" }, { contestId: 1.5 }, { contestId: -1 }, { contestId: 1, view: "secret" }, { contestId: 1, extra: true }, { contestId: 2 ** 40 }, [1]]) {
      expect(watchRankingSchema.safeParse(payload).success, JSON.stringify(payload)).toBe(false);
    }
  });
});
