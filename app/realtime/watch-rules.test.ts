import { describe, expect, it } from "vitest";
import { rankingAccess, type RankingViewer } from "~/rankings/visibility";
import { WATCH_MESSAGES, type RankingView } from "./events";
import { mayWatch } from "./watch-rules";

// Province "1.", a department "1.4." with a sub-unit "1.4.9.", another department "1.5.".
const viewers: Record<string, RankingViewer> = {
  anonymous: null,
  contestant: { id: 1, role: "contestant", unitPath: "1.4.9." },
  departmentLeader: { id: 2, role: "leader", unitPath: "1.4." },
  provinceLeader: { id: 3, role: "leader", unitPath: "1." },
  organizer: { id: 4, role: "organizer", unitPath: "1.4.9." },
  admin: { id: 5, role: "admin", unitPath: "1.5." },
};

const SCOPES: (string | null)[] = [null, "1.", "1.4.", "1.4.9.", "1.5."];
const VIEWS: RankingView[] = ["people", "units", "dashboard"];

function decide(viewer: keyof typeof viewers, rankingPublic: boolean, view: RankingView, unitPath: string | null) {
  const decision = mayWatch(rankingAccess(viewers[viewer], { rankingPublic }), view, unitPath);
  return decision.ok ? "ok" : decision.message;
}

describe("who may watch which board", () => {
  it("organizers, admins and province leaders watch everything, public or not", () => {
    for (const viewer of ["organizer", "admin", "provinceLeader"] as const)
      for (const rankingPublic of [true, false]) for (const view of VIEWS) for (const scope of SCOPES) expect(decide(viewer, rankingPublic, view, scope)).toBe("ok");
  });

  it("contestants and anonymous viewers watch the public ranking and unit table of a public contest only, never a dashboard", () => {
    for (const viewer of ["anonymous", "contestant"] as const) {
      for (const scope of SCOPES) {
        expect(decide(viewer, true, "people", scope)).toBe("ok");
        expect(decide(viewer, true, "units", scope)).toBe("ok");
        expect(decide(viewer, true, "dashboard", scope)).toBe(WATCH_MESSAGES.dashboardOnly);
        for (const view of VIEWS) expect(decide(viewer, false, view, scope)).toBe(view === "dashboard" ? WATCH_MESSAGES.dashboardOnly : WATCH_MESSAGES.notPublic);
      }
    }
  });

  it("a department leader watches the own subtree; beyond it only what is public, and never another unit's dashboard", () => {
    for (const view of VIEWS) {
      for (const rankingPublic of [true, false]) {
        expect(decide("departmentLeader", rankingPublic, view, "1.4.")).toBe("ok");
        expect(decide("departmentLeader", rankingPublic, view, "1.4.9.")).toBe("ok");
      }
      expect(decide("departmentLeader", false, view, "1.5.")).toBe(WATCH_MESSAGES.outsideSubtree);
      expect(decide("departmentLeader", false, view, "1.")).toBe(WATCH_MESSAGES.outsideSubtree);
      expect(decide("departmentLeader", false, view, null)).toBe(WATCH_MESSAGES.outsideSubtree);
      expect(decide("departmentLeader", true, view, "1.5.")).toBe(view === "dashboard" ? WATCH_MESSAGES.outsideSubtree : "ok");
      expect(decide("departmentLeader", true, view, null)).toBe(view === "dashboard" ? WATCH_MESSAGES.outsideSubtree : "ok");
    }
  });
});
