import { describe, expect, it } from "vitest";
import { mayReadScope, pathWithin, rankingAccess, type RankingViewer } from "./visibility";

const province = "1.";
const department = "1.4.";
const office = "1.4.17.";
const otherDepartment = "1.5.";

const viewer = (role: NonNullable<RankingViewer>["role"], unitPath: string): RankingViewer => ({ id: 1, role, unitPath });

describe("who may read a contest's rankings", () => {
  for (const role of ["admin", "organizer"] as const) {
    it(`${role} reads everything, public or not`, () => {
      for (const rankingPublic of [true, false]) {
        const access = rankingAccess(viewer(role, office), { rankingPublic });
        expect(access).toMatchObject({ people: true, peopleWithin: null, units: true, unitsWithin: null, dashboard: true, details: true, detailsWithin: null });
      }
    });
  }

  it("a province leader reads everything of a private contest", () => {
    const access = rankingAccess(viewer("leader", province), { rankingPublic: false });
    expect(mayReadScope(access, "people", otherDepartment)).toBe(true);
    expect(mayReadScope(access, "people", null)).toBe(true);
    expect(access.detailsWithin).toBeNull();
  });

  it("a department leader reads only their subtree of a private contest", () => {
    const access = rankingAccess(viewer("leader", department), { rankingPublic: false });
    expect(mayReadScope(access, "people", department)).toBe(true);
    expect(mayReadScope(access, "people", office)).toBe(true);
    expect(mayReadScope(access, "units", office)).toBe(true);
    expect(mayReadScope(access, "people", otherDepartment)).toBe(false);
    expect(mayReadScope(access, "units", province)).toBe(false);
    expect(mayReadScope(access, "people", null)).toBe(false);
    expect(access.dashboard).toBe(true);
  });

  it("a department leader of a public contest sees the public board, details only inside", () => {
    const access = rankingAccess(viewer("leader", department), { rankingPublic: true });
    expect(mayReadScope(access, "people", null)).toBe(true);
    expect(access.details).toBe(true);
    expect(access.detailsWithin).toBe(department);
  });

  it("contestants and visitors see a public board without details, and nothing of a private one", () => {
    for (const v of [viewer("contestant", office), null]) {
      const open = rankingAccess(v, { rankingPublic: true });
      expect(open).toMatchObject({ people: true, peopleWithin: null, units: true, dashboard: false, details: false });
      const closed = rankingAccess(v, { rankingPublic: false });
      expect(mayReadScope(closed, "people", null)).toBe(false);
      expect(mayReadScope(closed, "units", office)).toBe(false);
      expect(closed.dashboard).toBe(false);
    }
  });

  it("a subtree is matched on whole path segments", () => {
    expect(pathWithin("1.4.17.", "1.4.")).toBe(true);
    expect(pathWithin("1.41.", "1.4.")).toBe(false);
    expect(pathWithin("1.4.", "1.4.")).toBe(true);
    expect(pathWithin("1.", "1.4.")).toBe(false);
  });
});
