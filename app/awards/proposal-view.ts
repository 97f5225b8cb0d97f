import type { AwardRowView } from "~/rankings/visibility";
import type { CollectiveMetric } from "./collective";
import type { ExcludedRecord, Proposal, ScopeProposal, TieView } from "./commendation.server";
import type { PrizeCounts, PrizeTier } from "./places";
import { NO_MINIMUM_SCORES, type MinimumScores } from "./tier-minimums";

// A proposal (or a published version) as one reader may see it: the read rule
// (app/rankings/visibility.ts, awardRowView) decides per person and per unit whether a row is
// shown whole, only in its public part (name, unit, prize) or not at all. Pure: the caller
// resolves who sits where and hands over the answers.

/** What only a reader allowed the person's details sees. */
export interface WinnerDetails {
  userId: number;
  position: string | null;
  score: number;
  durationMs: number;
  decidedBy: "ranking" | "organizer";
  decisionNote: string | null;
}

export interface WinnerView {
  place: number;
  fullName: string;
  unitLabel: string;
  tier: PrizeTier;
  details: WinnerDetails | null;
}

export interface CollectiveWinnerView {
  unitName: string;
  headcount: number;
  participants: number;
  tier: PrizeTier;
  /** The organizer's note on a tie decision: for readers of the unit's details only. */
  decisionNote: string | null;
}

export interface ScopeView {
  scopeKey: string;
  groupId: number;
  label: string;
  status: ScopeProposal["status"];
  message: string | null;
  prizes: PrizeCounts;
  minimumScores: MinimumScores;
  belowMinimum: { tier: PrizeTier; count: number }[];
  winners: WinnerView[];
  ties: TieView[];
  excluded: ExcludedRecord[];
  collective: { metric: CollectiveMetric; winners: CollectiveWinnerView[]; ties: TieView[] } | null;
}

export interface ProposalView {
  contestTitle: string;
  scopes: ScopeView[];
  blockers: string[];
}

/** A row of the proposal: "round:12/0/345" (scope, group, person); the awards page's forms name rows by it. */
export const rowKey = (scope: { scopeKey: string; groupId: number }, userId: number) => `${scope.scopeKey}/${scope.groupId}/${userId}`;

export interface RowReader {
  person(userId: number): AwardRowView;
  unit(unitId: number): AwardRowView;
}

/** A tie shows only the candidates whose details the reader reads; a tie with none of them is left out. */
function visibleTies(ties: TieView[], see: (id: number) => AwardRowView): TieView[] {
  return ties.flatMap((tie) => {
    const candidates = tie.candidates.filter((c) => see(c.id) === "full");
    return candidates.length > 0 ? [{ ...tie, candidates }] : [];
  });
}

export function viewProposal(proposal: Proposal, read: RowReader): ProposalView {
  return {
    contestTitle: proposal.contestTitle,
    blockers: proposal.blockers,
    scopes: proposal.scopes.map((scope) => ({
      scopeKey: scope.scopeKey,
      groupId: scope.groupId,
      label: scope.label,
      status: scope.status,
      message: scope.message,
      prizes: scope.prizes,
      // Versions published before minimums existed have none.
      minimumScores: scope.minimumScores ?? NO_MINIMUM_SCORES,
      belowMinimum: scope.belowMinimum ?? [],
      winners: scope.winners.flatMap((w): WinnerView[] => {
        const view = read.person(w.userId);
        if (view === "hidden") return [];
        const details = view === "full" ? { userId: w.userId, position: w.position, score: w.score, durationMs: w.durationMs, decidedBy: w.decidedBy, decisionNote: w.decisionNote } : null;
        return [{ place: w.place, fullName: w.fullName, unitLabel: w.unitLabel, tier: w.tier, details }];
      }),
      ties: visibleTies(scope.ties, read.person),
      // Why someone was not considered (a disqualification and its reason) is a personal detail.
      excluded: scope.excluded.filter((e) => read.person(e.userId) === "full"),
      collective: scope.collective && {
        metric: scope.collective.metric,
        winners: scope.collective.winners.flatMap((w): CollectiveWinnerView[] => {
          const view = read.unit(w.unitId);
          if (view === "hidden") return [];
          return [{ unitName: w.unitName, headcount: w.headcount, participants: w.participants, tier: w.tier, decisionNote: view === "full" ? w.decisionNote : null }];
        }),
        ties: visibleTies(scope.collective.ties, read.unit),
      },
    })),
  };
}

/** The published results as the public page shows them: nothing but names, units and prizes. */
export interface PublicResults {
  scopes: {
    label: string;
    winners: { fullName: string; unitLabel: string; tier: PrizeTier }[];
    collective: { metric: CollectiveMetric; winners: { unitName: string; headcount: number; participants: number; tier: PrizeTier }[] } | null;
  }[];
}

export function publicResults(view: ProposalView): PublicResults {
  return {
    scopes: view.scopes.map((scope) => ({
      label: scope.label,
      winners: scope.winners.map((w) => ({ fullName: w.fullName, unitLabel: w.unitLabel, tier: w.tier })),
      collective: scope.collective && {
        metric: scope.collective.metric,
        winners: scope.collective.winners.map((w) => ({ unitName: w.unitName, headcount: w.headcount, participants: w.participants, tier: w.tier })),
      },
    })),
  };
}
