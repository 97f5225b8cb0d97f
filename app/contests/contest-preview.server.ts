import type { DBOrTransaction } from "~/database/connection.server";
import { drawEntryQuestions, secureRandom } from "~/entries/entries.server";
import type { RandomSource } from "~/entries/draw";

export interface SampleDraw {
  roundId: number;
  title: string;
  /** The questions as a contestant would get them (options in display order); null when the blueprint cannot be filled. */
  questions: { stem: string; options: string[] }[] | null;
}

/**
 * One sample entry per round of the contest, drawn by the very function that draws a real entry
 * (blueprint, no question twice, the round's shuffles of questions and options). Nothing is stored.
 */
export async function sampleDraws(db: DBOrTransaction, contestId: number, random: RandomSource = secureRandom): Promise<SampleDraw[]> {
  const rounds = await db
    .selectFrom("rounds")
    .select(["id", "title", "blueprint", "shuffle_questions", "shuffle_options"])
    .where("contest_id", "=", contestId)
    .orderBy("number")
    .execute();
  const draws = await Promise.all(rounds.map((round) => drawEntryQuestions(db, round, random)));
  const versionIds = draws.flatMap((drawn) => drawn?.map((q) => q.versionId) ?? []);
  const versions = versionIds.length === 0 ? [] : await db.selectFrom("question_versions").select(["id", "stem", "options"]).where("id", "in", versionIds).execute();
  const byId = new Map(versions.map((v) => [v.id, v]));
  return rounds.map((round, i) => ({
    roundId: round.id,
    title: round.title,
    questions:
      draws[i]?.map((q) => {
        const version = byId.get(q.versionId)!;
        return { stem: version.stem, options: q.optionOrder.map((original) => version.options[original]) };
      }) ?? null,
  }));
}
