import { describe, expect, it } from "vitest";
import { rosterAccess } from "./roster-access";

const unit = "1.4.17.";
describe("rosterAccess", () => {
  it("gives organizers and admins every roster in full", () => {
    for (const role of ["organizer", "admin"] as const) expect(rosterAccess({ id: 1, role, unitPath: "1.9." }, unit)).toEqual({ read: true, details: true, manage: true });
  });
  it("gives a leader their own subtree in full, the province's leader everything", () => {
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1.4." }, unit)).toEqual({ read: true, details: true, manage: true });
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1.4.17." }, unit).manage).toBe(true);
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1." }, unit).manage).toBe(true);
  });
  it("lets another leader read masked, never import", () => {
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1.5." }, unit)).toEqual({ read: true, details: false, manage: false });
    // A unit below the leader's is not above it: 1.4.17.3. does not hold 1.4.17.
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1.4.17.3." }, unit).manage).toBe(false);
    // 1.4.1 is not a prefix of 1.4.17 by path segments.
    expect(rosterAccess({ id: 1, role: "leader", unitPath: "1.4.1." }, unit).manage).toBe(false);
  });
  it("lets a contestant read only their own unit's, masked; nothing for visitors", () => {
    expect(rosterAccess({ id: 1, role: "contestant", unitPath: unit }, unit)).toEqual({ read: true, details: false, manage: false });
    expect(rosterAccess({ id: 1, role: "contestant", unitPath: "1.4." }, unit).read).toBe(false);
    expect(rosterAccess(null, unit).read).toBe(false);
  });
});
