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
  predictionPrompt: string | null;
  predictionValue: number | null;
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
  prizes: string;
  hasBanner: boolean;
  published: boolean;
  ownerUnitName: string;
  rounds: RoundSummary[];
}

export interface ContestCounters {
  entries: number;
  participants: number;
  takingPartNow: number;
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
      predictionPrompt: r.prediction_rule === "none" ? null : r.prediction_prompt,
      predictionValue: r.prediction_value,
      timeLimitSeconds: r.time_limit_seconds,
      questionCount: r.question_count,
      maxScore: r.question_count * r.points_per_question,
      maxEntries: r.max_entries,
    });
    byContest.set(r.contest_id, list);
  }
  return byContest;
}

const contestColumns = [
  "contests.id",
  "contests.slug",
  "contests.title",
  "contests.rules",
  "contests.prizes",
  "contests.status",
  "units.name as owner_unit_name",
  sql<boolean>`contests.banner is not null`.as("has_banner"),
] as const;

type ContestRow = { id: number; slug: string; title: string; rules: string; prizes: string; status: string; owner_unit_name: string; has_banner: boolean };

function summary(c: ContestRow, rounds: Map<number, RoundSummary[]>): ContestSummary {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    rules: c.rules,
    prizes: c.prizes,
    hasBanner: c.has_banner,
    published: c.status === "published",
    ownerUnitName: c.owner_unit_name,
    rounds: rounds.get(c.id) ?? [],
  };
}

export async function listPublishedContests(db: DBOrTransaction): Promise<ContestSummary[]> {
  const now = await dbNow(db);
  const contests = await db
    .selectFrom("contests")
    .innerJoin("units", "units.id", "contests.owner_unit_id")
    .select(contestColumns)
    .where("contests.status", "=", "published")
    .orderBy("contests.created_at", "desc")
    .execute();
  const rounds = await roundsOf(db, contests.map((c) => c.id), now);
  return contests.map((c) => summary(c, rounds));
}

/** A published contest by its address; organizers' previews pass `{ id, includeDrafts: true }`. */
export async function getPublishedContest(db: DBOrTransaction, slug: string): Promise<ContestSummary | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  return getContest(db, { slug });
}

/** Just the id of a published contest (the start of an entry needs no more): one indexed read. */
export async function publishedContestId(db: DBOrTransaction, slug: string): Promise<number | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const row = await db.selectFrom("contests").select("id").where("slug", "=", slug).where("status", "=", "published").executeTakeFirst();
  return row?.id ?? null;
}

export async function getContest(db: DBOrTransaction, where: { slug: string } | { id: number; includeDrafts: true }): Promise<ContestSummary | null> {
  const now = await dbNow(db);
  const contest = await db
    .selectFrom("contests")
    .innerJoin("units", "units.id", "contests.owner_unit_id")
    .select(contestColumns)
    .$if("slug" in where, (q) => q.where("contests.slug", "=", (where as { slug: string }).slug).where("contests.status", "=", "published"))
    .$if("id" in where, (q) => q.where("contests.id", "=", (where as { id: number }).id))
    .executeTakeFirst();
  if (!contest) return null;
  const rounds = await roundsOf(db, [contest.id], now);
  return summary(contest, rounds);
}

export interface RoundCounters extends ContestCounters {
  roundId: number;
}

// The counters below read the tables the rankings keep as entries are finalised
// (~/rankings/maintenance.server.ts), never a count over `entries`: a page visited by every
// contestant must not group a million rows. Only the entries still in progress are counted, through
// the partial index that holds just them. "Lượt" are all entries (finalised + in progress); people
// who took part are those with a finalised entry, as on the ranking pages.

/** A contest's entries so far, people who took part, and people in an entry right now. */
export async function contestCounters(db: DBOrTransaction, contestId: number): Promise<ContestCounters> {
  const [kept, running] = await Promise.all([
    db
      .selectFrom("unit_contest_stats")
      .select([sql<string>`coalesce(sum(participants), 0)`.as("participants"), sql<string>`coalesce(sum(entries), 0)`.as("entries")])
      .where("contest_id", "=", contestId)
      .executeTakeFirstOrThrow(),
    inProgressCounts(db, { contestId }),
  ]);
  const now = running[0];
  return {
    entries: Number(kept.entries) + Number(now?.in_progress ?? 0),
    participants: Number(kept.participants),
    takingPartNow: Number(now?.now ?? 0),
  };
}

/** The same counters per round, for any number of rounds in two queries. */
export async function roundCounters(db: DBOrTransaction, roundIds: readonly number[]): Promise<Map<number, RoundCounters>> {
  const counters = new Map<number, RoundCounters>(roundIds.map((roundId) => [roundId, { roundId, entries: 0, participants: 0, takingPartNow: 0 }]));
  if (roundIds.length === 0) return counters;
  const [kept, running] = await Promise.all([
    db
      .selectFrom("unit_round_stats")
      .select(["round_id", sql<string>`sum(participants)`.as("participants"), sql<string>`sum(entries)`.as("entries")])
      .where("round_id", "in", roundIds)
      .groupBy("round_id")
      .execute(),
    inProgressCounts(db, { roundIds }),
  ]);
  for (const row of kept) {
    const c = counters.get(row.round_id)!;
    c.participants = Number(row.participants);
    c.entries += Number(row.entries);
  }
  for (const row of running) {
    const c = counters.get(row.round_id)!;
    c.entries += Number(row.in_progress);
    c.takingPartNow = Number(row.now);
  }
  return counters;
}

/** Entries in progress per round (all of them, and those whose time has not run out). */
function inProgressCounts(db: DBOrTransaction, where: { contestId: number } | { roundIds: readonly number[] }) {
  return db
    .selectFrom("entries")
    .select(["round_id", sql<string>`count(*)`.as("in_progress"), sql<string>`count(*) filter (where deadline > now())`.as("now")])
    .where("status", "=", "in_progress")
    .where("practice", "=", false)
    .$if("contestId" in where, (q) => q.where("round_id", "in", (eb) => eb.selectFrom("rounds").select("rounds.id").where("rounds.contest_id", "=", (where as { contestId: number }).contestId)))
    .$if("roundIds" in where, (q) => q.where("round_id", "in", (where as { roundIds: readonly number[] }).roundIds))
    .groupBy("round_id")
    .execute();
}

/** The published contests, each round with its counters: the organizers' home page. */
export async function publishedContestsWithCounters(db: DBOrTransaction): Promise<(Omit<ContestSummary, "rounds"> & { rounds: (RoundSummary & { counters: RoundCounters })[] })[]> {
  const contests = await listPublishedContests(db);
  const counters = await roundCounters(db, contests.flatMap((c) => c.rounds.map((r) => r.id)));
  return contests.map((c) => ({ ...c, rounds: c.rounds.map((r) => ({ ...r, counters: counters.get(r.id)! })) }));
}

export interface MyRoundProgress {
  roundId: number;
  entriesUsed: number;
  /** The round's entries per person plus any extra entry granted to this person (an incident). */
  entriesAllowed: number;
  inProgressEntryId: string | null;
  best: { entryId: string; score: number; durationMs: number } | null;
  entries: { entryId: string; attemptNo: number; status: string; score: number | null; durationMs: number | null }[];
}

/** The contestant's own entries and allowances in these rounds (of one contest or many), in two queries. */
export async function getMyProgress(db: DBOrTransaction, userId: number, rounds: readonly Pick<RoundSummary, "id" | "maxEntries">[]): Promise<Map<number, MyRoundProgress>> {
  const progress = new Map<number, MyRoundProgress>();
  if (rounds.length === 0) return progress;
  const roundIds = rounds.map((r) => r.id);
  const [rows, allowances] = await Promise.all([
    db
      .selectFrom("entries")
      .select(["id", "round_id", "attempt_no", "status", "score", "duration_ms"])
      .where("round_id", "in", roundIds)
      .where("user_id", "=", userId)
      .where("practice", "=", false)
      .orderBy("round_id")
      .orderBy("attempt_no")
      .execute(),
    db.selectFrom("round_allowances").select(["round_id", "extra_entries"]).where("round_id", "in", roundIds).where("user_id", "=", userId).execute(),
  ]);
  const maxEntries = new Map(rounds.map((r) => [r.id, r.maxEntries]));
  const extra = new Map(allowances.map((a) => [a.round_id, a.extra_entries]));
  const of = (roundId: number) => {
    const p = progress.get(roundId) ?? {
      roundId,
      entriesUsed: 0,
      entriesAllowed: (maxEntries.get(roundId) ?? 0) + (extra.get(roundId) ?? 0),
      inProgressEntryId: null,
      best: null,
      entries: [],
    };
    progress.set(roundId, p);
    return p;
  };
  for (const row of rows) {
    const p = of(row.round_id);
    p.entriesUsed++;
    p.entries.push({ entryId: row.id, attemptNo: row.attempt_no, status: row.status, score: row.score, durationMs: row.duration_ms });
    if (row.status === "in_progress") p.inProgressEntryId = row.id;
    else if (row.score !== null && (!p.best || row.score > p.best.score)) {
      p.best = { entryId: row.id, score: row.score, durationMs: row.duration_ms ?? 0 };
    }
  }
  for (const roundId of extra.keys()) of(roundId);
  return progress;
}

/** A contest's id, title and address by id, drafts included: the organizers' pages about one contest. */
export async function findContest(db: DBOrTransaction, contestId: number): Promise<{ id: number; title: string; slug: string } | null> {
  return (await db.selectFrom("contests").select(["id", "title", "slug"]).where("id", "=", contestId).executeTakeFirst()) ?? null;
}

/** The banner image of a published contest, by its address; null when there is none. */
export async function publishedContestBanner(db: DBOrTransaction, slug: string): Promise<{ data: Buffer; type: string } | null> {
  if (!/^[a-z0-9-]{1,100}$/.test(slug)) return null;
  const contest = await db
    .selectFrom("contests")
    .select(["banner", "banner_type"])
    .where("slug", "=", slug)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!contest?.banner || !contest.banner_type) return null;
  return { data: contest.banner, type: contest.banner_type };
}
