import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";
import { drawEntryQuestions, secureRandom, startPracticeEntry } from "~/entries/entries.server";
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

/**
 * Starts (or resumes) the organizer's preview entry of a round: the real entry page, timer and
 * scoring, counted nowhere (docs/decisions/0010). Logged in the contest's log; no board is told,
 * since no ranking moves.
 */
export async function startPreviewEntry(context: CommandContext, input: { contestId: number; roundId: number; actorId: number }): Promise<string> {
  return runCommand(context, {
    actorId: input.actorId,
    // Nothing a publication holds: a preview may be taken even after the results are out.
    target: { contestId: input.contestId, freeze: "none" },
    write: async (trx) => {
      const { entryId, resumed } = await startPracticeEntry(trx, { contestId: input.contestId, roundId: input.roundId, userId: input.actorId });
      if (resumed) return { changed: false, value: entryId };
      return { changed: true, value: entryId, log: { action: "entry.preview_started", roundId: input.roundId } };
    },
  });
}

export interface PreviewEntrySummary {
  entryId: string;
  roundId: number;
  attemptNo: number;
  inProgress: boolean;
  score: number | null;
}

/** The organizer's own preview entries in a contest, latest first per round. */
export async function myPreviewEntries(db: DBOrTransaction, contestId: number, userId: number): Promise<PreviewEntrySummary[]> {
  const rows = await db
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.id", "entries.round_id")
    .select(["entries.id", "entries.round_id", "entries.attempt_no", "entries.status", "entries.score"])
    .where("rounds.contest_id", "=", contestId)
    .where("entries.user_id", "=", userId)
    .where("entries.practice", "=", true)
    .orderBy("entries.round_id")
    .orderBy("entries.attempt_no", "desc")
    .execute();
  return rows.map((r) => ({ entryId: r.id, roundId: r.round_id, attemptNo: r.attempt_no, inProgress: r.status === "in_progress", score: r.score }));
}
