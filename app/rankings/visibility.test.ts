import { describe, expect, it } from "vitest";
import { awardRowView, awardsAccess, mayDownloadCertificate, mayReadScope, pathWithin, rankingAccess, type RankingViewer } from "./visibility";

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

describe("who may read a contest's awards", () => {
  const published = { published: true };
  const roles = ["admin", "organizer", "leader", "contestant"] as const;
  const inside = office;
  const outside = otherDepartment;

  it("organizers and admins read every row of a draft and of a published version, and every certificate, drafts included", () => {
    for (const role of ["admin", "organizer"] as const) {
      for (const contest of [published, { published: false }]) {
        const access = awardsAccess(viewer(role, office), contest);
        expect(access).toEqual({ staff: true, manage: true, detailsWithin: null, draftCertificates: true });
        for (const state of ["draft", "published"] as const) {
          for (const path of [province, department, outside, null]) expect(awardRowView(access, state, path)).toBe("full");
          expect(mayDownloadCertificate(viewer(role, office), access, state, { userId: 99, unitPath: outside })).toBe(true);
        }
      }
    }
  });

  it("a province leader reads every row and every published certificate, but no draft certificate and nothing to manage", () => {
    const leader = viewer("leader", province);
    const access = awardsAccess(leader, published);
    expect(access).toEqual({ staff: true, manage: false, detailsWithin: null, draftCertificates: false });
    for (const state of ["draft", "published"] as const) for (const path of [department, outside, null]) expect(awardRowView(access, state, path)).toBe("full");
    expect(mayDownloadCertificate(leader, access, "published", { userId: 99, unitPath: outside })).toBe(true);
    expect(mayDownloadCertificate(leader, access, "draft", { userId: 99, unitPath: department })).toBe(false);
  });

  it("a sub-unit leader reads a draft only inside their subtree, and outside it only the public part once published", () => {
    const leader = viewer("leader", department);
    const access = awardsAccess(leader, published);
    expect(access).toEqual({ staff: true, manage: false, detailsWithin: department, draftCertificates: false });
    expect(awardRowView(access, "draft", department)).toBe("full");
    expect(awardRowView(access, "draft", inside)).toBe("full");
    expect(awardRowView(access, "draft", outside)).toBe("hidden");
    expect(awardRowView(access, "draft", province)).toBe("hidden");
    expect(awardRowView(access, "draft", "1.41.")).toBe("hidden");
    expect(awardRowView(access, "draft", null)).toBe("hidden");
    expect(awardRowView(access, "published", inside)).toBe("full");
    expect(awardRowView(access, "published", outside)).toBe("public");
    expect(awardRowView(access, "published", null)).toBe("public");
  });

  it("a sub-unit leader downloads published certificates of their own people only, and never a draft", () => {
    const leader = viewer("leader", department);
    const access = awardsAccess(leader, published);
    expect(mayDownloadCertificate(leader, access, "published", { userId: 99, unitPath: inside })).toBe(true);
    expect(mayDownloadCertificate(leader, access, "published", { userId: 99, unitPath: outside })).toBe(false);
    expect(mayDownloadCertificate(leader, access, "draft", { userId: 99, unitPath: inside })).toBe(false);
    // A leader who won a prize themselves gets their own certificate like anyone else.
    expect(mayDownloadCertificate(leader, access, "published", { userId: 1, unitPath: outside })).toBe(true);
  });

  it("contestants and visitors read the public part of published results, nothing of a draft, and only their own published certificate", () => {
    for (const v of [viewer("contestant", office), null]) {
      const access = awardsAccess(v, published);
      expect(access.staff).toBe(false);
      for (const path of [inside, outside, null]) {
        expect(awardRowView(access, "published", path)).toBe("public");
        expect(awardRowView(access, "draft", path)).toBe("hidden");
      }
      expect(mayDownloadCertificate(v, access, "published", { userId: 99, unitPath: inside })).toBe(false);
      expect(mayDownloadCertificate(v, access, "draft", { userId: 1, unitPath: inside })).toBe(false);
    }
    const contestant = viewer("contestant", office);
    expect(mayDownloadCertificate(contestant, awardsAccess(contestant, published), "published", { userId: 1, unitPath: office })).toBe(true);
  });

  it("gives leaders nothing of a contest still in draft", () => {
    for (const path of [province, department]) {
      const access = awardsAccess(viewer("leader", path), { published: false });
      expect(access.staff).toBe(false);
      expect(awardRowView(access, "draft", path)).toBe("hidden");
    }
  });

  it("never lets anyone but organizers and admins manage the awards", () => {
    for (const role of roles) for (const path of [province, department]) expect(awardsAccess(viewer(role, path), published).manage).toBe(role === "admin" || role === "organizer");
    expect(awardsAccess(null, published).manage).toBe(false);
  });
});
