import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { roundState, type RoundState } from "./round-state";

export interface RoundSummary {
  id: number;
  number: number;
  title: string;
  opensAt: string;
  closesAt: string;
  state: RoundState;
  timeLimitSeconds: number;
  questionCount: number;
  maxScore: number;
  maxEntries: number;
}

export interface ContestSummary {
  id: number;
  slug: string;
  title: string;
  rules: string;
  ownerUnitName: string;
  rounds: RoundSummary[];
}

async function dbNow(db: DBOrTransaction): Promise<Date> {
  const { now } = await sql<{ now: Date }>`select now() as now`.execute(db).then((r) => r.rows[0]);
  return now;
}

async function roundsOf(db: DBOrTransaction, contestIds: number[], now: Date) {
  if (contestIds.length === 0) return new Map<number, RoundSummary[]>();
  const rows = await db.selectFrom("rounds").selectAll().where("contest_id", "in", contestIds).orderBy("number").execute();
  const byContest = new Map<number, RoundSummary[]>();
  for (const r of rows) {
    const list = byContest.get(r.contest_id) ?? [];
    list.push({
      id: r.id,
      number: r.number,
      title: r.title,
      opensAt: r.opens_at.toISOString(),
      closesAt: r.closes_at.toISOString(),
      state: roundState(r.opens_at, r.closes_at, now),
      timeLimitSeconds: r.time_limit_seconds,
      questionCount: r.question_count,
      maxScore: r.question_count * r.points_per_question,
      maxEntries: r.max_entries,
    });
    byContest.set(r.contest_id, list);
  }
  return byContest;
}

export async function listPublishedContests(db: DBOrTransaction): Promise<ContestSummary[]> {
  const now = await dbNow(db);
  const contests = await db
    .selectFrom("contests")
    .innerJoin("units", "units.id", "contests.owner_unit_id")
    .select(["contests.id", "contests.slug", "contests.title", "contests.rules", "units.name as owner_unit_name"])
    .where("contests.status", "=", "published")
    .orderBy("contests.created_at", "desc")
    .execute();
  const rounds = await roundsOf(db, contests.map((c) => c.id), now);
  return contests.map((c) => ({
    id: c.id,
    slug: c.slug,
    title: c.title,
    rules: c.rules,
    ownerUnitName: c.owner_unit_name,
    rounds: rounds.get(c.id) ?? [],
  }));
}

export async function getPublishedContest(db: DBOrTransaction, slug: string): Promise<ContestSummary | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const now = await dbNow(db);
  const contest = await db
    .selectFrom("contests")
    .innerJoin("units", "units.id", "contests.owner_unit_id")
    .select(["contests.id", "contests.slug", "contests.title", "contests.rules", "units.name as owner_unit_name"])
    .where("contests.slug", "=", slug)
    .where("contests.status", "=", "published")
    .executeTakeFirst();
  if (!contest) return null;
  const rounds = await roundsOf(db, [contest.id], now);
  return {
    id: contest.id,
    slug: contest.slug,
    title: contest.title,
    rules: contest.rules,
    ownerUnitName: contest.owner_unit_name,
    rounds: rounds.get(contest.id) ?? [],
  };
}

export interface MyRoundProgress {
  roundId: number;
  entriesUsed: number;
  inProgressEntryId: string | null;
  best: { entryId: string; score: number; durationMs: number } | null;
  entries: { entryId: string; attemptNo: number; status: string; score: number | null; durationMs: number | null }[];
}

/** The contestant's own entries per round of a contest. */
export async function getMyProgress(db: DBOrTransaction, contestId: number, userId: number): Promise<Map<number, MyRoundProgress>> {
  const rows = await db
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.id", "entries.round_id")
    .select([
      "entries.id",
      "entries.round_id",
      "entries.attempt_no",
      "entries.status",
      "entries.score",
      "entries.duration_ms",
      "entries.finished_at",
    ])
    .where("rounds.contest_id", "=", contestId)
    .where("entries.user_id", "=", userId)
    .orderBy("entries.attempt_no")
    .execute();
  const progress = new Map<number, MyRoundProgress>();
  for (const row of rows) {
    const p = progress.get(row.round_id) ?? { roundId: row.round_id, entriesUsed: 0, inProgressEntryId: null, best: null, entries: [] };
    p.entriesUsed++;
    p.entries.push({ entryId: row.id, attemptNo: row.attempt_no, status: row.status, score: row.score, durationMs: row.duration_ms });
    if (row.status === "in_progress") p.inProgressEntryId = row.id;
    else if (row.score !== null && (!p.best || row.score > p.best.score)) {
      p.best = { entryId: row.id, score: row.score, durationMs: row.duration_ms ?? 0 };
    }
    progress.set(row.round_id, p);
  }
  return progress;
}
