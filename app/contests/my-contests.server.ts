import { publishedPrizesOf } from "~/awards/commendation.server";
import type { PrizeTier } from "~/awards/places";
import type { DBOrTransaction } from "~/database/connection.server";
import { groupsOfPerson } from "./audience.server";
import { getMyProgress, listPublishedContests, type MyRoundProgress, type RoundSummary } from "./contests.server";

export interface MyContest {
  id: number;
  slug: string;
  title: string;
  /** The person's group (bảng): fixed at their first entry, else the one they would join. */
  group: { id: number; name: string };
  prizes: { scopeLabel: string; tier: PrizeTier }[];
  rounds: (RoundSummary & { progress: MyRoundProgress | null })[];
}

/**
 * "Cuộc thi của tôi": the published contests this person may enter — the same answer starting an
 * entry gives (audience.server.ts) — with their entries, allowances and published prizes. A fixed
 * number of queries however many contests there are.
 */
export async function myContests(db: DBOrTransaction, userId: number): Promise<MyContest[]> {
  const contests = await listPublishedContests(db);
  const groups = await groupsOfPerson(db, userId, contests.map((c) => c.id));
  const mine = contests.filter((c) => groups.has(c.id));
  const [progress, prizes] = await Promise.all([
    getMyProgress(db, userId, mine.flatMap((c) => c.rounds)),
    publishedPrizesOf(db, userId, mine.map((c) => c.id)),
  ]);
  return mine.map((contest) => {
    const group = groups.get(contest.id)!;
    return {
      id: contest.id,
      slug: contest.slug,
      title: contest.title,
      group: { id: group.id, name: group.name },
      prizes: prizes.get(contest.id) ?? [],
      rounds: contest.rounds.map((round) => ({ ...round, progress: progress.get(round.id) ?? null })),
    };
  });
}
