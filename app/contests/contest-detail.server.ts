import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { roundCounters } from "./contests.server";
import { roundState } from "./round-state";

// What the organizers' contest pages read: the list of contests, one contest with its rounds,
// groups and log, one round as its form shows it.

/** Everything the organizer's contest page shows. */
export async function contestForOrganizer(db: DBOrTransaction, contestId: number) {
  const contest = await db
    .selectFrom("contests")
    .select(["id", "title", "slug", "rules", "prizes", "status", "owner_unit_id", "ranking_public", sql<boolean>`banner is not null`.as("has_banner")])
    .where("id", "=", contestId)
    .executeTakeFirst();
  if (!contest) return null;
  const { now } = await sql<{ now: Date }>`select now() as now`.execute(db).then((r) => r.rows[0]);
  const rounds = await db
    .selectFrom("rounds as r")
    .select([
      "r.id",
      "r.number",
      "r.title",
      "r.opens_at",
      "r.closes_at",
      "r.question_count",
      "r.time_limit_seconds",
      "r.max_entries",
      "r.prediction_rule",
      "r.prediction_value",
    ])
    .where("r.contest_id", "=", contestId)
    .orderBy("r.number")
    .execute();
  const groups = await db
    .selectFrom("contest_groups as g")
    .select([
      "g.id",
      "g.name",
      "g.open_to_public",
      sql<number[]>`coalesce(array_agg(gu.unit_id) filter (where gu.unit_id is not null), '{}')`.as("unit_ids"),
      sql<string[]>`coalesce(array_agg(u.name order by u.name) filter (where u.name is not null), '{}')`.as("unit_names"),
      sql<string>`(select count(*) from contest_participants p where p.group_id = g.id)`.as("participants"),
    ])
    .leftJoin("contest_group_units as gu", "gu.group_id", "g.id")
    .leftJoin("units as u", "u.id", "gu.unit_id")
    .where("g.contest_id", "=", contestId)
    .groupBy("g.id")
    .orderBy("g.position")
    .execute();
  const counters = await roundCounters(db, rounds.map((r) => r.id));
  const log = await db
    .selectFrom("contest_log as l")
    .leftJoin("users as a", "a.id", "l.actor_id")
    .leftJoin("rounds as r", "r.id", "l.round_id")
    .select(["l.id", "l.action", "l.details", "l.reason", "l.at", "a.full_name as actor", "r.title as round_title"])
    .where("l.contest_id", "=", contestId)
    .orderBy("l.at", "desc")
    .orderBy("l.id", "desc")
    .limit(200)
    .execute();
  return {
    contest,
    rounds: rounds.map((r) => ({
      ...r,
      opens_at: r.opens_at.toISOString(),
      closes_at: r.closes_at.toISOString(),
      entries: counters.get(r.id)!.entries,
      state: roundState(r.opens_at, r.closes_at, now),
    })),
    groups: groups.map((g) => ({ ...g, participants: Number(g.participants) })),
    log: log.map((l) => ({ ...l, at: l.at.toISOString() })),
  };
}

/** Every contest, drafts included, the most recently changed first, with its owner unit and number of rounds. */
export async function listContestsForOrganizers(db: DBOrTransaction) {
  const contests = await db
    .selectFrom("contests as c")
    .innerJoin("units as u", "u.id", "c.owner_unit_id")
    .select([
      "c.id",
      "c.title",
      "c.slug",
      "c.status",
      "c.updated_at",
      "u.name as owner",
      sql<string>`(select count(*) from rounds r where r.contest_id = c.id)`.as("rounds"),
    ])
    .orderBy("c.updated_at", "desc")
    .execute();
  return contests.map((c) => ({ ...c, rounds: Number(c.rounds), updated_at: c.updated_at.toISOString() }));
}

/**
 * A round of the contest as its form shows it, with its number of entries (finalised and in
 * progress, from the kept counters): a round with entries keeps its blueprint and points.
 */
export async function roundForOrganizer(db: DBOrTransaction, contestId: number, roundId: number) {
  const round = await db.selectFrom("rounds").selectAll().where("id", "=", roundId).where("contest_id", "=", contestId).executeTakeFirst();
  if (!round) return null;
  const counters = await roundCounters(db, [round.id]);
  return { round, entries: counters.get(round.id)!.entries };
}
