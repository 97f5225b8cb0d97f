import type { DBOrTransaction } from "~/database/connection.server";
import { discriminationIndex, type Discrimination } from "./discrimination";

export interface VersionStats {
  versionNo: number;
  options: string[];
  correct: number[];
  drawn: number;
  answered: number;
  correctCount: number;
  /** How often each option (authoring order) was chosen. */
  optionChosen: number[];
  discrimination: Discrimination;
}

/** Statistics per version of a question, from contestants' finalised entries only (in-progress answers are nobody's business yet). */
export async function questionStats(db: DBOrTransaction, questionId: number): Promise<VersionStats[]> {
  const rows = await db
    .selectFrom("entry_questions as eq")
    .innerJoin("question_versions as v", "v.id", "eq.question_version_id")
    .innerJoin("entries as e", "e.id", "eq.entry_id")
    .leftJoin("entry_answers as a", (join) => join.onRef("a.entry_id", "=", "eq.entry_id").onRef("a.position", "=", "eq.position"))
    .select(["v.version_no", "v.options", "v.correct", "e.score", "a.chosen", "a.is_correct"])
    .where("v.question_id", "=", questionId)
    .where("e.status", "<>", "in_progress")
    // Organizers' preview entries would skew the share correct and the discrimination index.
    .where("e.practice", "=", false)
    .execute();
  const versions = await db
    .selectFrom("question_versions")
    .select(["version_no", "options", "correct"])
    .where("question_id", "=", questionId)
    .orderBy("version_no", "desc")
    .execute();
  return versions.map((version) => {
    const attempts = rows.filter((r) => r.version_no === version.version_no);
    const optionChosen = version.options.map(() => 0);
    let answered = 0;
    let correctCount = 0;
    for (const attempt of attempts) {
      if (attempt.chosen && attempt.chosen.length > 0) answered++;
      if (attempt.is_correct) correctCount++;
      for (const index of attempt.chosen ?? []) if (index < optionChosen.length) optionChosen[index]++;
    }
    return {
      versionNo: version.version_no,
      options: version.options,
      correct: version.correct,
      drawn: attempts.length,
      answered,
      correctCount,
      optionChosen,
      discrimination: discriminationIndex(attempts.map((a) => ({ entryScore: a.score ?? 0, correct: a.is_correct === true }))),
    };
  });
}
