import { sql } from "kysely";
import type { DB, DBOrTransaction } from "~/database/connection.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import { logContest } from "~/contests/contest-log.server";
import { UserFacingError } from "~/http/user-facing-error";
import { formatDuration } from "~/text/duration";
import { NO_PREDICTION_DISTANCE } from "~/rankings/ranking";
import { allUnitRows, unitLabels } from "~/rankings/rankings.server";
import { pathIds } from "~/rankings/unit-rollup";
import { allocateCollectivePrizes, type CollectiveMetric, type UnitStanding } from "./collective";
import { resultsFrozenError } from "./freeze.server";
import { allocateRankings, compareRankedRows, type Disqualification, type RankedPersonRow, type RankingToAward } from "./individual";
import { totalPlaces, type PrizeCounts, type PrizeTier, type TieDecision } from "./places";
import { prizeStructureSchema, type PrizeStructure } from "./prize-structure";
import { minimumScores, minimumsProblem, type MinimumScores } from "./tier-minimums";

// The proposal for commendation, computed from the FINAL rankings (migration 0005's tables) with
// the organizer's records (migration 0008): prize structure, disqualifications, tie decisions.
// Publishing stores the whole proposal as a snapshot and freezes the contest (freeze.server.ts);
// a correction reopens it with a reason and the next publication is version n+1. The rules
// themselves are pure (individual.ts, collective.ts, places.ts); this module feeds them.

export interface WinnerRecord {
  userId: number;
  entryId: string;
  fullName: string;
  position: string | null;
  unitLabel: string;
  score: number;
  durationMs: number;
  finishedAt: string;
  tier: PrizeTier;
  place: number;
  rank: number;
  decidedBy: "ranking" | "organizer";
  decisionNote: string | null;
}

export interface TieCandidate {
  id: number;
  name: string;
  detail: string;
}

export interface TieView {
  kind: "individual" | "collective";
  scopeKey: string;
  groupId: number;
  places: { place: number; tier: PrizeTier }[];
  candidates: TieCandidate[];
  rank: number;
}

export interface ExcludedRecord {
  userId: number;
  fullName: string;
  reason: string;
  note: string;
}

export interface CollectiveRecord {
  unitId: number;
  unitName: string;
  headcount: number;
  participants: number;
  tier: PrizeTier;
  place: number;
  decidedBy: "ranking" | "organizer";
  decisionNote: string | null;
}

export interface ScopeProposal {
  /** "round:12" or "contest". */
  scopeKey: string;
  roundId: number | null;
  /** 0: everyone (no groups, or one structure for all groups). */
  groupId: number;
  label: string;
  status: "proposed" | "waiting" | "not-final";
  message: string | null;
  prizes: PrizeCounts;
  /** Each tier's minimum score in points (absent in versions published before minimums existed). */
  minimumScores?: MinimumScores;
  /** Places left empty because the next person did not reach the tier's minimum. */
  belowMinimum?: { tier: PrizeTier; count: number }[];
  winners: WinnerRecord[];
  ties: TieView[];
  excluded: ExcludedRecord[];
  collective: { metric: CollectiveMetric; winners: CollectiveRecord[]; ties: TieView[] } | null;
}

export interface Proposal {
  contestId: number;
  contestTitle: string;
  atMostOneIndividualPrize: boolean;
  computedAt: string;
  hasStructure: boolean;
  scopes: ScopeProposal[];
  /** What stops publication (not final, open ties, waiting rankings); empty when it may be published. */
  blockers: string[];
}

export const scopeKeyOf = (roundId: number | null) => (roundId === null ? "contest" : `round:${roundId}`);

const EXCLUSION_LABELS: Record<string, string> = {
  "disqualified-person": "Bị loại (cá nhân)",
  "disqualified-entry": "Bài thi bị loại",
  "already-awarded": "Đã có giải cá nhân",
};

// --- Reading the organizer's records -----------------------------------------------------------

export async function getPrizeStructure(db: DBOrTransaction, contestId: number): Promise<PrizeStructure | null> {
  const row = await db.selectFrom("contest_prize_structures").select("structure").where("contest_id", "=", contestId).executeTakeFirst();
  if (!row) return null;
  const parsed = prizeStructureSchema.safeParse(row.structure);
  return parsed.success ? parsed.data : null;
}

export async function listDisqualifications(db: DBOrTransaction, contestId: number) {
  const rows = await db
    .selectFrom("contest_disqualifications as d")
    .innerJoin("users as u", "u.id", "d.user_id")
    .leftJoin("users as a", "a.id", "d.created_by")
    .leftJoin("users as r", "r.id", "d.revoked_by")
    .select(["d.id", "d.kind", "d.user_id", "d.entry_id", "d.reason", "d.created_at", "d.revoked_at", "d.revoke_reason", "u.full_name", "a.full_name as created_by_name", "r.full_name as revoked_by_name"])
    .where("d.contest_id", "=", contestId)
    .orderBy("d.id", "desc")
    .execute();
  return rows.map((r) => ({ ...r, created_at: r.created_at.toISOString(), revoked_at: r.revoked_at?.toISOString() ?? null }));
}

async function activeDisqualifications(db: DBOrTransaction, contestId: number): Promise<Disqualification[]> {
  const rows = await db
    .selectFrom("contest_disqualifications")
    .select(["kind", "user_id", "entry_id", "reason"])
    .where("contest_id", "=", contestId)
    .where("revoked_at", "is", null)
    .execute();
  return rows.map((r) => (r.kind === "person" ? { kind: "person", userId: r.user_id, reason: r.reason } : { kind: "entry", entryId: String(r.entry_id), reason: r.reason }));
}

async function tieDecisions(db: DBOrTransaction, contestId: number) {
  const rows = await db.selectFrom("contest_tie_decisions").select(["scope_key", "group_id", "kind", "ordered_ids", "note"]).where("contest_id", "=", contestId).execute();
  const byKey = new Map<string, TieDecision[]>();
  for (const row of rows) {
    const key = `${row.kind}|${row.scope_key}|${row.group_id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { order: row.ordered_ids, note: row.note }]);
  }
  return (kind: "individual" | "collective", scopeKey: string, groupId: number) => byKey.get(`${kind}|${scopeKey}|${groupId}`) ?? [];
}

// --- Counted results -----------------------------------------------------------------------------

interface CountedRow extends RankedPersonRow {
  groupId: number;
  unitId: number;
}

type RoundInfo = { id: number; number: number; title: string; final: string | null; fullMarks: number };

/** Why a round's ranking is not final yet, or null when it is. */
async function roundsWithFinality(db: DBOrTransaction, contestId: number): Promise<RoundInfo[]> {
  const rows = await db
    .selectFrom("rounds as r")
    .select([
      "r.id",
      "r.number",
      "r.title",
      "r.prediction_rule",
      "r.prediction_value",
      "r.question_count",
      "r.points_per_question",
      sql<boolean>`r.closes_at <= now()`.as("closed"),
      sql<boolean>`exists (select 1 from entries e where e.round_id = r.id and e.status = 'in_progress' and not e.practice)`.as("running"),
    ])
    .where("r.contest_id", "=", contestId)
    .orderBy("r.number")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    fullMarks: r.question_count * r.points_per_question,
    final: !r.closed
      ? `Đợt ${r.number} chưa kết thúc: chỉ đề nghị khen thưởng từ kết quả cuối cùng.`
      : r.running
        ? `Đợt ${r.number} còn bài thi đang làm; vui lòng chờ các bài được nộp.`
        : r.prediction_rule !== "none" && r.prediction_value === null
          ? `Đợt ${r.number} chưa có đáp án câu hỏi dự đoán nên xếp hạng còn tạm thời.`
          : null,
  }));
}

type ResultQueryRow = {
  user_id: number;
  entry_id: string | null;
  group_id: number;
  unit_id: number;
  score: number;
  duration_ms: string | number;
  finished_at: Date;
  distance: string | number;
};

const toCounted = (r: ResultQueryRow): CountedRow => ({
  userId: r.user_id,
  entryId: String(r.entry_id ?? ""),
  groupId: r.group_id,
  unitId: r.unit_id,
  score: r.score,
  predictionDistance: Number(r.distance),
  durationMs: Number(r.duration_ms),
  finishedAt: r.finished_at,
});

/**
 * The top of a ranking, enough for any prize: the best `needed` rows and everyone with a score
 * at least the lowest of them (so a tie at the edge is read whole).
 */
async function topRows(db: DBOrTransaction, table: "round_results" | "contest_results", column: "round_id" | "contest_id", id: number, groupId: number, needed: number): Promise<CountedRow[]> {
  const entryColumn = table === "round_results" ? sql`entry_id` : sql`null::bigint as entry_id`;
  const groupFilter = groupId ? sql`and group_id = ${groupId}` : sql``;
  const rows = await sql<ResultQueryRow>`
    with edge as (
      select min(score) as score from (
        select score from ${sql.table(table)} where ${sql.ref(column)} = ${id} ${groupFilter}
        order by score desc limit ${needed}) top
    )
    select user_id, ${entryColumn}, group_id, unit_id, score, duration_ms, finished_at, distance
    from ${sql.table(table)} where ${sql.ref(column)} = ${id} ${groupFilter} and score >= (select score from edge)`.execute(db);
  return rows.rows.map(toCounted);
}

/** Counted round results of some people, recomputed from their entries without the disqualified ones (the ranking rule: best score, the earlier of equal ones). */
async function recountedRounds(db: DBOrTransaction, contestId: number, userIds: number[], excludedEntryIds: string[]): Promise<Map<number, CountedRow[]>> {
  const byRound = new Map<number, CountedRow[]>();
  if (userIds.length === 0) return byRound;
  const rows = await sql<ResultQueryRow & { round_id: number }>`
    select distinct on (e.round_id, e.user_id) e.round_id, e.user_id, e.id as entry_id, coalesce(e.group_id, 0) as group_id, u.unit_id,
      e.score, e.duration_ms, e.finished_at,
      case when r.prediction_value is null then 0 when e.prediction is null then ${sql.lit(NO_PREDICTION_DISTANCE)}
           else abs(e.prediction::bigint - r.prediction_value) end as distance
    from entries e join rounds r on r.id = e.round_id join users u on u.id = e.user_id
    where r.contest_id = ${contestId} and e.user_id = any(${userIds}::int[]) and e.status <> 'in_progress' and not e.practice
      and not (e.id = any(${excludedEntryIds}::bigint[]))
    order by e.round_id, e.user_id, e.score desc, e.finished_at asc, e.id asc`.execute(db);
  for (const row of rows.rows) byRound.set(row.round_id, [...(byRound.get(row.round_id) ?? []), toCounted(row)]);
  return byRound;
}

function contestTotals(byRound: Map<number, CountedRow[]>): Map<number, CountedRow> {
  const totals = new Map<number, CountedRow>();
  for (const rows of byRound.values()) {
    for (const row of rows) {
      const total = totals.get(row.userId);
      if (!total) totals.set(row.userId, { ...row, entryId: "" });
      else {
        total.score += row.score;
        total.predictionDistance = (total.predictionDistance ?? 0) + (row.predictionDistance ?? 0);
        total.durationMs += row.durationMs;
        if (row.finishedAt > total.finishedAt) total.finishedAt = row.finishedAt;
        total.groupId = Math.max(total.groupId, row.groupId);
      }
    }
  }
  return totals;
}

// --- The proposal --------------------------------------------------------------------------------

/** Computes the proposal now. Reads only: safe to call anywhere, also inside a transaction. */
export async function computeProposal(db: DBOrTransaction, contestId: number): Promise<Proposal> {
  const contest = await db.selectFrom("contests").select(["id", "title"]).where("id", "=", contestId).executeTakeFirst();
  if (!contest) throw new UserFacingError(404, "Không tìm thấy cuộc thi.");
  const structure = await getPrizeStructure(db, contestId);
  const computedAt = new Date().toISOString();
  if (!structure || structure.scopes.length === 0) {
    return { contestId, contestTitle: contest.title, atMostOneIndividualPrize: false, computedAt, hasStructure: false, scopes: [], blockers: ["Chưa đặt cơ cấu giải thưởng."] };
  }
  const rounds = await roundsWithFinality(db, contestId);
  const groups = await db.selectFrom("contest_groups").select(["id", "name", "position"]).where("contest_id", "=", contestId).orderBy("position").orderBy("id").execute();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const disqualifications = await activeDisqualifications(db, contestId);
  const decisionsFor = await tieDecisions(db, contestId);

  // The people whose counted result must be recomputed: the owners of disqualified entries.
  const excludedEntryIds = disqualifications.flatMap((d) => (d.kind === "entry" ? [d.entryId] : []));
  const affected = excludedEntryIds.length
    ? (await db.selectFrom("entries").select("user_id").where("id", "in", excludedEntryIds).execute()).map((r) => r.user_id)
    : [];
  const recounted = await recountedRounds(db, contestId, [...new Set(affected)], excludedEntryIds);
  const affectedSet = new Set(affected);
  const needed = structure.scopes.reduce((sum, s) => sum + s.groups.reduce((g, x) => g + totalPlaces(x.individual), 0), 0) + disqualifications.length + 1;

  // Scopes in the order prizes are given: rounds by number, then the whole contest.
  const ordered = structure.scopes
    .map((s) => ({ s, round: s.scope.kind === "round" ? rounds.find((r) => r.id === (s.scope as { roundId: number }).roundId) ?? null : null }))
    .filter((x) => x.s.scope.kind === "contest" || x.round !== null)
    .sort((a, b) => (a.round?.number ?? Number.MAX_SAFE_INTEGER) - (b.round?.number ?? Number.MAX_SAFE_INTEGER));

  type Pending = { proposal: ScopeProposal; rows: CountedRow[] | null };
  const pending: Pending[] = [];
  for (const { s, round } of ordered) {
    const roundId = round?.id ?? null;
    const scopeKey = scopeKeyOf(roundId);
    const notFinal = round ? round.final : rounds.map((r) => r.final).find((m) => m !== null) ?? null;
    const sortedGroups = s.groups.slice().sort((a, b) => groups.findIndex((g) => g.id === a.groupId) - groups.findIndex((g) => g.id === b.groupId));
    for (const g of sortedGroups) {
      const groupId = g.groupId ?? 0;
      const base = round ? `Đợt ${round.number}: ${round.title}` : "Toàn cuộc thi";
      const label = g.groupId ? `${base} – ${groupName.get(g.groupId) ?? "Bảng"}` : base;
      const proposal: ScopeProposal = {
        scopeKey,
        roundId,
        groupId,
        label,
        status: notFinal ? "not-final" : "proposed",
        message: notFinal,
        prizes: g.individual,
        // Full marks of the whole contest: its totals add up every round's best entry.
        minimumScores: minimumScores(g.minimums, round ? round.fullMarks : rounds.reduce((sum, r) => sum + r.fullMarks, 0)),
        belowMinimum: [],
        winners: [],
        ties: [],
        excluded: [],
        collective: g.collective ? { metric: g.collective.metric, winners: [], ties: [] } : null,
      };
      let rows: CountedRow[] | null = null;
      if (!notFinal) {
        rows = roundId
          ? await topRows(db, "round_results", "round_id", roundId, groupId, needed)
          : await topRows(db, "contest_results", "contest_id", contestId, groupId, needed);
        rows = rows.filter((r) => !affectedSet.has(r.userId));
        const replacements = roundId ? recounted.get(roundId) ?? [] : [...contestTotals(recounted).values()];
        rows.push(...replacements.filter((r) => !groupId || r.groupId === groupId));
        rows.sort((a, b) => compareRankedRows(a, b) || a.userId - b.userId);
      }
      pending.push({ proposal, rows });
    }
  }

  // Individual prizes under the at-most-one rule, in order; a not-final ranking holds up the later ones.
  const rankings: RankingToAward<CountedRow>[] = [];
  const indexOfRanking: number[] = [];
  let blockedBy: string | null = null;
  pending.forEach((p, index) => {
    if (p.rows === null) {
      if (structure.atMostOneIndividualPrize && blockedBy === null) blockedBy = p.proposal.label;
      return;
    }
    if (structure.atMostOneIndividualPrize && blockedBy !== null) {
      p.proposal.status = "waiting";
      p.proposal.message = `Chờ kết quả cuối cùng của ${blockedBy} (mỗi người chỉ nhận một giải cá nhân).`;
      return;
    }
    rankings.push({
      label: p.proposal.label,
      rows: p.rows,
      prizes: p.proposal.prizes,
      decisions: decisionsFor("individual", p.proposal.scopeKey, p.proposal.groupId),
      minimumScores: p.proposal.minimumScores,
    });
    indexOfRanking.push(index);
  });
  const outcomes = allocateRankings(rankings, { atMostOnePrize: structure.atMostOneIndividualPrize, disqualifications });

  const people = await personDetails(db, pending.flatMap((p) => p.rows ?? []));
  outcomes.forEach((outcome, i) => {
    const proposal = pending[indexOfRanking[i]].proposal;
    if (outcome.status === "waiting") {
      proposal.status = "waiting";
      proposal.message = `Chờ ban tổ chức quyết định trường hợp bằng điểm ở ${outcome.waitingFor.join(", ")} (mỗi người chỉ nhận một giải cá nhân).`;
      return;
    }
    const { allocation } = outcome;
    proposal.belowMinimum = allocation.belowMinimum;
    proposal.winners = allocation.winners.map((w) => {
      const person = people.get(w.row.userId);
      return {
        userId: w.row.userId,
        entryId: w.row.entryId,
        fullName: person?.fullName ?? "",
        position: person?.position ?? null,
        unitLabel: person?.unitLabel ?? "",
        score: w.row.score,
        durationMs: w.row.durationMs,
        finishedAt: w.row.finishedAt.toISOString(),
        tier: w.tier,
        place: w.place,
        rank: w.rank,
        decidedBy: w.decidedBy,
        decisionNote: w.decisionNote ?? null,
      };
    });
    proposal.ties = allocation.unresolvedTies.map((tie) => ({
      kind: "individual",
      scopeKey: proposal.scopeKey,
      groupId: proposal.groupId,
      places: tie.places,
      rank: tie.rank,
      candidates: tie.candidates.map((row) => ({
        id: row.userId,
        name: people.get(row.userId)?.fullName ?? "",
        detail: `${people.get(row.userId)?.unitLabel ?? ""} · ${row.score} điểm · ${formatDuration(row.durationMs)}`,
      })),
    }));
    // Earlier winners are listed only where they would otherwise have won here.
    const last = allocation.winners.at(-1)?.row;
    proposal.excluded = allocation.excluded
      .filter((e) => e.reason !== "already-awarded" || !last || compareRankedRows(e.row, last) <= 0)
      .map((e) => ({ userId: e.row.userId, fullName: people.get(e.row.userId)?.fullName ?? "", reason: EXCLUSION_LABELS[e.reason] ?? e.reason, note: e.note }));
  });

  // Collective prizes per scope and group, from the unit tables, less disqualified people.
  for (const { proposal } of pending) {
    if (!proposal.collective || proposal.status === "not-final") continue;
    const rule = structure.scopes.find((s) => scopeKeyOf(s.scope.kind === "round" ? s.scope.roundId : null) === proposal.scopeKey)?.groups.find((g) => (g.groupId ?? 0) === proposal.groupId)?.collective;
    if (!rule) continue;
    const standings = await unitStandings(db, contestId, proposal, disqualifications);
    const allocation = allocateCollectivePrizes(standings, rule, decisionsFor("collective", proposal.scopeKey, proposal.groupId));
    proposal.collective.winners = allocation.winners.map((w) => ({
      unitId: w.row.unitId,
      unitName: w.row.name,
      headcount: w.row.headcount,
      participants: w.row.participants,
      tier: w.tier,
      place: w.place,
      decidedBy: w.decidedBy,
      decisionNote: w.decisionNote ?? null,
    }));
    proposal.collective.ties = allocation.unresolvedTies.map((tie) => ({
      kind: "collective",
      scopeKey: proposal.scopeKey,
      groupId: proposal.groupId,
      places: tie.places,
      rank: tie.rank,
      candidates: tie.candidates.map((u) => ({ id: u.unitId, name: u.name, detail: `${u.participants}/${u.headcount} người tham gia` })),
    }));
  }

  const scopes = pending.map((p) => p.proposal);
  // Results are published round by round: a scope that is not final yet waits for a later
  // publication and blocks nothing; an undecided tie in a final one does.
  const blockers: string[] = [];
  for (const scope of scopes) {
    if (scope.status !== "proposed") continue;
    if (scope.ties.length > 0 || (scope.collective?.ties.length ?? 0) > 0) blockers.push(`${scope.label}: còn trường hợp bằng điểm chưa được ban tổ chức quyết định.`);
  }
  if (!scopes.some((scope) => scope.status === "proposed")) blockers.push("Chưa có đợt nào có kết quả cuối cùng để công bố.");
  return { contestId, contestTitle: contest.title, atMostOneIndividualPrize: structure.atMostOneIndividualPrize, computedAt, hasStructure: true, scopes, blockers: [...new Set(blockers)] };
}

async function personDetails(db: DBOrTransaction, rows: CountedRow[]) {
  const ids = [...new Set(rows.map((r) => r.userId))];
  const result = new Map<number, { fullName: string; position: string | null; unitLabel: string }>();
  if (ids.length === 0) return result;
  const users = await db.selectFrom("users").select(["id", "full_name", "position", "unit_id"]).where("id", "in", ids).execute();
  const labels = await unitLabels(db, [...new Set(users.map((u) => u.unit_id))]);
  for (const u of users) result.set(u.id, { fullName: u.full_name, position: u.position, unitLabel: labels.get(u.unit_id) ?? "" });
  return result;
}

type Standing = UnitStanding & { name: string };

/**
 * The units that compete for collective prizes: the units directly under the group's units (or
 * under the top of the tree), each with its whole subtree's headcount and participants. People
 * disqualified in person do not count as participants.
 */
async function unitStandings(db: DBOrTransaction, contestId: number, proposal: ScopeProposal, disqualifications: Disqualification[]): Promise<Standing[]> {
  const scope = proposal.roundId ? ({ kind: "round", roundId: proposal.roundId } as const) : ({ kind: "contest", contestId } as const);
  const rows = await allUnitRows(db, { scope, groupId: proposal.groupId || null });
  const groupUnits = proposal.groupId
    ? (await db.selectFrom("contest_group_units").select("unit_id").where("group_id", "=", proposal.groupId).execute()).map((r) => r.unit_id)
    : [];
  const roots = groupUnits.length > 0 ? new Set(groupUnits) : new Set(rows.filter((r) => pathIds(r.path).length === 1).map((r) => r.unitId));
  const competing = rows.filter((r) => {
    const ids = pathIds(r.path);
    return ids.length >= 2 && roots.has(ids[ids.length - 2]);
  });
  // Disqualified people are taken out of every unit above them.
  const people = disqualifications.flatMap((d) => (d.kind === "person" ? [d.userId] : []));
  const removed = new Map<number, { participants: number; score: number }>();
  if (people.length > 0) {
    const table = proposal.roundId ? "round_results" : "contest_results";
    const column = proposal.roundId ? "round_id" : "contest_id";
    const found = await sql<{ unit_id: number; score: number; path: string }>`
      select t.unit_id, t.score, u.path from ${sql.table(table)} t join units u on u.id = t.unit_id
      where t.${sql.ref(column)} = ${proposal.roundId ?? contestId} and t.user_id = any(${people}::int[])
      ${proposal.groupId ? sql`and t.group_id = ${proposal.groupId}` : sql``}`.execute(db);
    for (const row of found.rows) {
      for (const id of pathIds(row.path)) {
        const r = removed.get(id) ?? { participants: 0, score: 0 };
        removed.set(id, { participants: r.participants + 1, score: r.score + row.score });
      }
    }
  }
  return competing.map((r) => {
    const less = removed.get(r.unitId) ?? { participants: 0, score: 0 };
    const participants = r.participants - less.participants;
    const scoreSum = (r.averageScore ?? 0) * r.participants - less.score;
    return { unitId: r.unitId, name: r.name, headcount: r.headcount, participants, averageScore: participants > 0 ? scoreSum / participants : null };
  });
}

// --- The organizer's changes (each refused while the results are frozen) -------------------------
// Each is a command (~/commands/command.server.ts): the award records change no live ranking,
// only the proposal read from them, so none announces a ranking change.

/**
 * What the prize-structure form has a line for: each round, and each group (bảng) when the contest
 * has several (else one line for everyone, null).
 */
export async function prizeStructureScopes(db: DBOrTransaction, contestId: number): Promise<{ roundIds: number[]; groupIds: (number | null)[] }> {
  const [rounds, groups] = await Promise.all([
    db.selectFrom("rounds").select("id").where("contest_id", "=", contestId).execute(),
    db.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).execute(),
  ]);
  return { roundIds: rounds.map((r) => r.id), groupIds: groups.length > 1 ? groups.map((g) => g.id) : [null] };
}

export async function savePrizeStructure(context: CommandContext, contestId: number, input: { structure: PrizeStructure; actorId: number }): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "contest" },
    write: async (trx) => {
      const roundRows = await trx.selectFrom("rounds").select(["id", "number", "question_count", "points_per_question"]).where("contest_id", "=", contestId).execute();
      const rounds = new Map(roundRows.map((r) => [r.id, { of: `Đợt ${r.number}`, points: r.question_count * r.points_per_question }]));
      const wholeContest = { of: "toàn cuộc thi", points: roundRows.reduce((sum, r) => sum + r.question_count * r.points_per_question, 0) };
      const groups = new Set((await trx.selectFrom("contest_groups").select("id").where("contest_id", "=", contestId).execute()).map((g) => g.id));
      for (const scope of input.structure.scopes) {
        if (scope.scope.kind === "round" && !rounds.has(scope.scope.roundId)) throw new UserFacingError(400, "Đợt thi trong cơ cấu giải không thuộc cuộc thi này.");
        for (const g of scope.groups) {
          if (g.groupId !== null && !groups.has(g.groupId)) throw new UserFacingError(400, "Bảng thi trong cơ cấu giải không thuộc cuộc thi này.");
          // Points above the full marks would leave the tier empty for sure: a typing slip.
          const problem = g.minimums && minimumsProblem(g.minimums, scope.scope.kind === "round" ? rounds.get(scope.scope.roundId) : wholeContest);
          if (problem) throw new UserFacingError(400, problem);
        }
      }
      const structure = JSON.stringify(input.structure);
      await trx
        .insertInto("contest_prize_structures")
        .values({ contest_id: contestId, structure, updated_by: input.actorId })
        .onConflict((oc) => oc.column("contest_id").doUpdateSet({ structure, updated_by: input.actorId, updated_at: sql`now()` }))
        .execute();
      return { changed: true, value: undefined, log: { action: "awards.prize_structure", details: { structure: input.structure } } };
    },
  });
}

export type DisqualifyInput = { kind: "entry"; entryId: string; reason: string; actorId: number } | { kind: "person"; userId: number; reason: string; actorId: number };

/** Records a disqualification. Repeating it changes nothing (one standing record per entry or person). */
export async function disqualify(context: CommandContext, contestId: number, input: DisqualifyInput): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "contest" },
    reason: { required: true, text: input.reason, what: "lý do loại" },
    write: async (trx, { reason }) => {
      let userId: number;
      let entryId: string | null = null;
      if (input.kind === "entry") {
        const entry = await trx
          .selectFrom("entries")
          .innerJoin("rounds", "rounds.id", "entries.round_id")
          .select(["entries.id", "entries.user_id"])
          .where("entries.id", "=", input.entryId)
          .where("entries.practice", "=", false)
          .where("rounds.contest_id", "=", contestId)
          .executeTakeFirst();
        if (!entry) throw new UserFacingError(404, "Không tìm thấy bài thi này trong cuộc thi.");
        userId = entry.user_id;
        entryId = entry.id;
      } else {
        const person = await trx.selectFrom("contest_participants").select("user_id").where("contest_id", "=", contestId).where("user_id", "=", input.userId).executeTakeFirst();
        const hasEntries = person ?? (await trx.selectFrom("entries").innerJoin("rounds", "rounds.id", "entries.round_id").select("entries.user_id").where("rounds.contest_id", "=", contestId).where("entries.user_id", "=", input.userId).where("entries.practice", "=", false).executeTakeFirst());
        if (!hasEntries) throw new UserFacingError(404, "Người này không dự thi cuộc thi này.");
        userId = input.userId;
      }
      const inserted = await trx
        .insertInto("contest_disqualifications")
        .values({ contest_id: contestId, kind: input.kind, user_id: userId, entry_id: entryId, reason: reason!, created_by: input.actorId })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) return { changed: false, value: undefined };
      const action = input.kind === "entry" ? "awards.disqualified_entry" : "awards.disqualified_person";
      return { changed: true, value: undefined, log: { action, details: { userId, entryId, disqualificationId: inserted.id } } };
    },
  });
}

export async function revokeDisqualification(context: CommandContext, contestId: number, input: { id: number; reason: string; actorId: number }): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "contest" },
    reason: { required: true, text: input.reason, what: "lý do huỷ quyết định loại" },
    write: async (trx, { reason }) => {
      const row = await trx
        .updateTable("contest_disqualifications")
        .set({ revoked_at: sql`now()`, revoked_by: input.actorId, revoke_reason: reason })
        .where("id", "=", input.id)
        .where("contest_id", "=", contestId)
        .where("revoked_at", "is", null)
        .returning(["user_id", "entry_id"])
        .executeTakeFirst();
      if (!row) return { changed: false, value: undefined }; // already revoked: a repeated post changes nothing
      return { changed: true, value: undefined, log: { action: "awards.disqualification_revoked", details: { disqualificationId: input.id, userId: row.user_id, entryId: row.entry_id } } };
    },
  });
}

/** The organizer decides an open tie: an order naming exactly the tied people (or units), with a note. */
export async function decideTie(
  context: CommandContext,
  contestId: number,
  input: { kind: "individual" | "collective"; scopeKey: string; groupId: number; order: number[]; note: string; actorId: number },
): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "contest" },
    reason: { required: true, text: input.note, what: "căn cứ quyết định (bốc thăm, câu hỏi phụ…)" },
    write: async (trx, { reason: note }) => {
      const proposal = await computeProposal(trx, contestId);
      const scope = proposal.scopes.find((s) => s.scopeKey === input.scopeKey && s.groupId === input.groupId);
      const ties = input.kind === "individual" ? scope?.ties ?? [] : scope?.collective?.ties ?? [];
      const members = [...input.order].sort((a, b) => a - b);
      const tie = ties.find((t) => {
        const ids = t.candidates.map((c) => c.id).sort((a, b) => a - b);
        return ids.length === members.length && ids.every((id, i) => id === members[i]);
      });
      if (!tie || new Set(input.order).size !== input.order.length) {
        throw new UserFacingError(409, "Thứ tự phải gồm đúng những người (đơn vị) đang bằng điểm; trường hợp này có thể đã được quyết định.", "tie");
      }
      const key = members.join(",");
      const orderedIds = JSON.stringify(input.order);
      await trx
        .insertInto("contest_tie_decisions")
        .values({ contest_id: contestId, scope_key: input.scopeKey, group_id: input.groupId, kind: input.kind, members: key, ordered_ids: orderedIds, note: note!, decided_by: input.actorId })
        .onConflict((oc) => oc.columns(["contest_id", "scope_key", "group_id", "kind", "members"]).doUpdateSet({ ordered_ids: orderedIds, note: note!, decided_by: input.actorId, decided_at: sql`now()` }))
        .execute();
      return { changed: true, value: undefined, log: { action: "awards.tie_decided", details: { kind: input.kind, scope: input.scopeKey, groupId: input.groupId, order: input.order } } };
    },
  });
}

// --- Publication ---------------------------------------------------------------------------------

const scopeId = (scope: ScopeProposal) => `${scope.scopeKey}/${scope.groupId}`;

/** The final scopes of `proposal` that the latest publication does not hold yet (all of them before the first). */
export function newlyFinalScopes(proposal: Proposal, latest: Proposal | null): ScopeProposal[] {
  const published = new Set((latest?.scopes ?? []).map(scopeId));
  return proposal.scopes.filter((scope) => scope.status === "proposed" && !published.has(scopeId(scope)));
}

/**
 * Publishes version n+1 and freezes the rounds behind it. Three cases:
 * - the first publication: every final scope (rounds still running are published later);
 * - while a publication stands: only scopes that have become final since are added, the
 *   published ones are carried over exactly as they were (no reason needed: nothing changes);
 * - after "Mở lại để đính chính": the whole proposal again, with the reason for the correction.
 */
export async function publishResults(context: CommandContext, contestId: number, input: { actorId: number; reason?: string | null }): Promise<{ version: number; added: boolean }> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "none" },
    reason: { required: "when-asked", text: input.reason },
    write: async (trx, { requireReason }) => {
      const contest = await trx.selectFrom("contests").select(["results_frozen_at"]).where("id", "=", contestId).executeTakeFirstOrThrow();
      const latest = await getPublication(trx, contestId);
      const version = (latest?.version ?? 0) + 1;
      const adding = Boolean(contest.results_frozen_at);
      const proposal = await computeProposal(trx, contestId);
      if (!proposal.hasStructure) throw new UserFacingError(409, "Chưa đặt cơ cấu giải thưởng: chưa thể công bố kết quả.", "no_structure");
      const fresh = newlyFinalScopes(proposal, adding ? latest!.proposal : null);
      if (adding && fresh.length === 0) throw resultsFrozenError();
      if (proposal.blockers.length > 0) throw new UserFacingError(409, `Chưa thể công bố kết quả. ${proposal.blockers.join(" ")}`, "not_ready");
      const reason = !adding && latest ? requireReason("lý do đính chính") : null;
      const order = new Map(proposal.scopes.map((scope, index) => [scopeId(scope), index]));
      const scopes = [...(adding ? latest!.proposal.scopes : []), ...fresh].sort((a, b) => (order.get(scopeId(a)) ?? 0) - (order.get(scopeId(b)) ?? 0));
      const snapshot: Proposal = { ...proposal, scopes, blockers: [] };
      await trx.insertInto("result_publications").values({ contest_id: contestId, version, published_by: input.actorId, reason, snapshot: JSON.stringify(snapshot) }).execute();
      // The rounds behind the publication: those with prizes in it, or all of them for the whole contest's.
      const wholeContest = scopes.some((scope) => scope.roundId === null);
      const frozenRounds = wholeContest
        ? (await trx.selectFrom("rounds").select("id").where("contest_id", "=", contestId).execute()).map((r) => r.id)
        : [...new Set(scopes.flatMap((scope) => (scope.roundId === null ? [] : [scope.roundId])))];
      await trx.updateTable("contests").set({ results_frozen_at: sql`now()`, results_frozen_rounds: frozenRounds }).where("id", "=", contestId).execute();
      const action = !adding && latest ? "results.republished" : "results.published";
      return { changed: true, value: { version, added: adding }, log: { action, details: { version, scopes: fresh.map((scope) => scope.label) } } };
    },
  });
}

/** "Mở lại để đính chính": unfreezes until the next publication; the published versions stay as they are. */
export async function openCorrection(context: CommandContext, contestId: number, input: { actorId: number; reason: string }): Promise<void> {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "none" },
    reason: { required: true, text: input.reason, what: "lý do đính chính" },
    write: async (trx) => {
      const contest = await trx.selectFrom("contests").select(["results_frozen_at"]).where("id", "=", contestId).executeTakeFirstOrThrow();
      if (!contest.results_frozen_at) {
        const published = await trx.selectFrom("result_publications").select("id").where("contest_id", "=", contestId).limit(1).executeTakeFirst();
        if (!published) throw new UserFacingError(409, "Kết quả chưa được công bố nên không cần đính chính.", "not_published");
        return { changed: false, value: undefined }; // already open for correction: a repeated post changes nothing
      }
      await trx.updateTable("contests").set({ results_frozen_at: null, results_frozen_rounds: null }).where("id", "=", contestId).execute();
      return { changed: true, value: undefined, log: { action: "results.correction_opened" } };
    },
  });
}

export interface PublicationSummary {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  reason: string | null;
}

export async function listPublications(db: DBOrTransaction, contestId: number): Promise<PublicationSummary[]> {
  const rows = await db
    .selectFrom("result_publications as p")
    .leftJoin("users as u", "u.id", "p.published_by")
    .select(["p.version", "p.published_at", "p.reason", "u.full_name"])
    .where("p.contest_id", "=", contestId)
    .orderBy("p.version", "desc")
    .execute();
  return rows.map((r) => ({ version: r.version, publishedAt: r.published_at.toISOString(), publishedBy: r.full_name, reason: r.reason }));
}

/** One published version (the latest when none is given); null when nothing is published. */
export async function getPublication(db: DBOrTransaction, contestId: number, version?: number | null): Promise<(PublicationSummary & { proposal: Proposal }) | null> {
  const row = await db
    .selectFrom("result_publications as p")
    .leftJoin("users as u", "u.id", "p.published_by")
    .select(["p.version", "p.published_at", "p.reason", "p.snapshot", "u.full_name"])
    .where("p.contest_id", "=", contestId)
    .$if(Boolean(version), (q) => q.where("p.version", "=", version!))
    .orderBy("p.version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return { version: row.version, publishedAt: row.published_at.toISOString(), publishedBy: row.full_name, reason: row.reason, proposal: row.snapshot as Proposal };
}

/**
 * What a download shows: the given version, else the latest publication, else the current
 * proposal marked as a draft.
 */
export async function proposalForExport(db: DBOrTransaction, contestId: number, version: number | null): Promise<{ proposal: Proposal; version: number | null; draft: boolean; date: Date }> {
  const published = await getPublication(db, contestId, version);
  if (published) return { proposal: published.proposal, version: published.version, draft: false, date: new Date(published.publishedAt) };
  if (version) throw new UserFacingError(404, `Không có bản công bố lần ${version}.`);
  return { proposal: await computeProposal(db, contestId), version: null, draft: true, date: new Date() };
}

export async function isFrozen(db: DBOrTransaction, contestId: number): Promise<boolean> {
  const row = await db.selectFrom("contests").select("results_frozen_at").where("id", "=", contestId).executeTakeFirst();
  return Boolean(row?.results_frozen_at);
}

/** A person's prizes in the latest publication of each contest (absent: nothing published, or they won nothing), in one query. */
export async function publishedPrizesOf(db: DBOrTransaction, userId: number, contestIds: readonly number[]): Promise<Map<number, { scopeLabel: string; tier: PrizeTier }[]>> {
  const prizes = new Map<number, { scopeLabel: string; tier: PrizeTier }[]>();
  if (contestIds.length === 0) return prizes;
  // Only this person's winner records leave the database, not whole snapshots.
  const rows = await sql<{ contest_id: number; scope_label: string; tier: PrizeTier }>`
    select p.contest_id, s.scope->>'label' as scope_label, w.winner->>'tier' as tier
    from (select distinct on (contest_id) contest_id, snapshot from result_publications
          where contest_id = any(${[...contestIds]}::int[]) order by contest_id, version desc) p
    cross join lateral jsonb_array_elements(p.snapshot->'scopes') with ordinality as s(scope, n)
    cross join lateral jsonb_array_elements(s.scope->'winners') with ordinality as w(winner, m)
    where (w.winner->>'userId')::int = ${userId}
    order by p.contest_id, s.n, w.m`.execute(db);
  for (const row of rows.rows) {
    const list = prizes.get(row.contest_id) ?? [];
    list.push({ scopeLabel: row.scope_label, tier: row.tier });
    prizes.set(row.contest_id, list);
  }
  return prizes;
}

/** Whether the contest's results have been published at least once (its public results page exists). */
export async function hasPublishedResults(db: DBOrTransaction, contestId: number): Promise<boolean> {
  return Boolean(await db.selectFrom("result_publications").select("id").where("contest_id", "=", contestId).limit(1).executeTakeFirst());
}

/**
 * How a published version is labelled: "Đính chính lần k" when it corrects an earlier one (it has
 * a reason; k counts corrections so far), "Công bố lần n" when it only added rounds, null for the first.
 */
export async function publicationLabel(db: DBOrTransaction, contestId: number, version: number): Promise<string | null> {
  if (version <= 1) return null;
  const rows = await db.selectFrom("result_publications").select(["version", "reason"]).where("contest_id", "=", contestId).where("version", "<=", version).execute();
  const own = rows.find((r) => r.version === version);
  if (!own?.reason) return `Công bố lần ${version}`;
  return `Đính chính lần ${rows.filter((r) => r.reason !== null).length}`;
}
