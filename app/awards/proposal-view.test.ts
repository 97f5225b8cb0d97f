import { describe, expect, it } from "vitest";
import type { AwardRowView } from "~/rankings/visibility";
import type { Proposal, ScopeProposal, WinnerRecord } from "./commendation.server";
import { publicResults, viewProposal, type RowReader } from "./proposal-view";

const winner = (userId: number, fullName: string, place: number): WinnerRecord => ({
  userId,
  entryId: String(1000 + userId),
  fullName,
  position: `Chức vụ của ${fullName}`,
  unitLabel: `Đơn vị ${userId}`,
  score: 100 - place,
  durationMs: 60_000 + place,
  finishedAt: "2026-11-02T08:00:00.000Z",
  tier: place === 1 ? "first" : "second",
  place,
  rank: place,
  decidedBy: place === 2 ? "organizer" : "ranking",
  decisionNote: place === 2 ? "Bốc thăm ngày 3/11" : null,
});

const scope: ScopeProposal = {
  scopeKey: "round:1",
  roundId: 1,
  groupId: 0,
  label: "Đợt 1",
  status: "proposed",
  message: null,
  prizes: { first: 1, second: 2, third: 0, consolation: 0 },
  winners: [winner(1, "Người Trong", 1), winner(2, "Người Ngoài", 2), winner(3, "Người Trong Hai", 3)],
  ties: [
    { kind: "individual", scopeKey: "round:1", groupId: 0, rank: 4, places: [{ place: 4, tier: "second" }], candidates: [{ id: 1, name: "Người Trong", detail: "" }, { id: 2, name: "Người Ngoài", detail: "" }] },
    { kind: "individual", scopeKey: "round:1", groupId: 0, rank: 5, places: [{ place: 5, tier: "second" }], candidates: [{ id: 2, name: "Người Ngoài", detail: "" }, { id: 4, name: "Người Ngoài Hai", detail: "" }] },
  ],
  excluded: [
    { userId: 1, fullName: "Người Trong", reason: "Bài thi bị loại", note: "Lý do trong" },
    { userId: 4, fullName: "Người Ngoài Hai", reason: "Bị loại (cá nhân)", note: "Lý do ngoài" },
  ],
  collective: {
    metric: "rate",
    winners: [
      { unitId: 10, unitName: "Đơn vị trong", headcount: 10, participants: 8, tier: "first", place: 1, decidedBy: "organizer", decisionNote: "Ghi chú trong" },
      { unitId: 20, unitName: "Đơn vị ngoài", headcount: 20, participants: 9, tier: "second", place: 2, decidedBy: "organizer", decisionNote: "Ghi chú ngoài" },
    ],
    ties: [{ kind: "collective", scopeKey: "round:1", groupId: 0, rank: 3, places: [{ place: 3, tier: "third" }], candidates: [{ id: 20, name: "Đơn vị ngoài", detail: "" }] }],
  },
};

const proposal: Proposal = { contestId: 1, contestTitle: "Hội thi", atMostOneIndividualPrize: false, computedAt: "", hasStructure: true, scopes: [scope], blockers: ["Đợt 1: còn trường hợp bằng điểm"] };

const reader = (outside: AwardRowView): RowReader => ({
  person: (id) => (id === 1 || id === 3 ? "full" : outside),
  unit: (id) => (id === 10 ? "full" : outside),
});
const everyone = (view: AwardRowView): RowReader => ({ person: () => view, unit: () => view });

describe("a proposal as one reader sees it", () => {
  it("keeps every row and detail for a reader of everything", () => {
    const [s] = viewProposal(proposal, everyone("full")).scopes;
    expect(s.winners.map((w) => w.details?.userId)).toEqual([1, 2, 3]);
    expect(s.winners[1].details).toEqual({ userId: 2, position: "Chức vụ của Người Ngoài", score: 98, durationMs: 60_002, decidedBy: "organizer", decisionNote: "Bốc thăm ngày 3/11" });
    expect(s.ties).toEqual(scope.ties);
    expect(s.excluded).toEqual(scope.excluded);
    expect(s.collective?.winners.map((w) => w.decisionNote)).toEqual(["Ghi chú trong", "Ghi chú ngoài"]);
    expect(s.collective?.ties).toEqual(scope.collective!.ties);
  });

  it("shows a draft held to a subtree without anyone from outside: no row, no tie candidate, no exclusion, no unit", () => {
    const view = viewProposal(proposal, reader("hidden"));
    const [s] = view.scopes;
    expect(s.winners.map((w) => w.fullName)).toEqual(["Người Trong", "Người Trong Hai"]);
    expect(s.winners.every((w) => w.details !== null)).toBe(true);
    // Places stay those of the whole list: the reader sees where their people stand.
    expect(s.winners.map((w) => w.place)).toEqual([1, 3]);
    expect(s.ties).toEqual([{ ...scope.ties[0], candidates: [{ id: 1, name: "Người Trong", detail: "" }] }]);
    expect(s.excluded.map((e) => e.userId)).toEqual([1]);
    expect(s.collective?.winners.map((w) => w.unitName)).toEqual(["Đơn vị trong"]);
    expect(s.collective?.ties).toEqual([]);
    expect(JSON.stringify(view)).not.toMatch(/Người Ngoài|Đơn vị ngoài|Lý do ngoài|Ghi chú ngoài/);
    expect(view.blockers).toEqual(proposal.blockers);
  });

  it("shows a published version to a reader held to a subtree: everyone's public part, details only inside", () => {
    const view = viewProposal(proposal, reader("public"));
    const [s] = view.scopes;
    expect(s.winners.map((w) => w.fullName)).toEqual(["Người Trong", "Người Ngoài", "Người Trong Hai"]);
    expect(s.winners[1]).toEqual({ place: 2, fullName: "Người Ngoài", unitLabel: "Đơn vị 2", tier: "second", details: null });
    expect(s.winners[0].details?.position).toBe("Chức vụ của Người Trong");
    expect(s.excluded.map((e) => e.userId)).toEqual([1]);
    expect(s.collective?.winners).toEqual([
      { unitName: "Đơn vị trong", headcount: 10, participants: 8, tier: "first", decisionNote: "Ghi chú trong" },
      { unitName: "Đơn vị ngoài", headcount: 20, participants: 9, tier: "second", decisionNote: null },
    ]);
    expect(JSON.stringify(view)).not.toMatch(/Chức vụ của Người Ngoài|Lý do ngoài|Ghi chú ngoài|"entryId"|finishedAt/);
  });

  it("gives the public page names, units and prizes, and nothing else", () => {
    const results = publicResults(viewProposal(proposal, everyone("public")));
    expect(results).toEqual({
      scopes: [
        {
          label: "Đợt 1",
          winners: [
            { fullName: "Người Trong", unitLabel: "Đơn vị 1", tier: "first" },
            { fullName: "Người Ngoài", unitLabel: "Đơn vị 2", tier: "second" },
            { fullName: "Người Trong Hai", unitLabel: "Đơn vị 3", tier: "second" },
          ],
          collective: {
            metric: "rate",
            winners: [
              { unitName: "Đơn vị trong", headcount: 10, participants: 8, tier: "first" },
              { unitName: "Đơn vị ngoài", headcount: 20, participants: 9, tier: "second" },
            ],
          },
        },
      ],
    });
  });

  it("shows nothing of a draft to a reader who may read none of it", () => {
    const [s] = viewProposal(proposal, everyone("hidden")).scopes;
    expect(s.winners).toEqual([]);
    expect(s.ties).toEqual([]);
    expect(s.excluded).toEqual([]);
    expect(s.collective).toEqual({ metric: "rate", winners: [], ties: [] });
  });
});
