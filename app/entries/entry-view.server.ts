import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import type { EntryStatus, QuestionType } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";

/** A question as the contestant sees it: no answer key, no explanation, options in display order. */
export interface ContestantQuestion {
  position: number;
  type: QuestionType;
  stem: string;
  options: string[];
}

export interface EntryView {
  entryId: string;
  status: EntryStatus;
  contest: { slug: string; title: string };
  round: { id: number; number: number; title: string; timeLimitSeconds: number };
  attemptNo: number;
  questions: ContestantQuestion[];
  /** position -> display indices chosen, with the revision the server holds. */
  answers: Record<number, { chosen: number[]; revision: number }>;
  /** Milliseconds left by the server's clock when this view was made. */
  remainingMs: number;
  result: null | { score: number; maxScore: number; correctCount: number; questionCount: number; durationMs: number };
}

/**
 * What the entry page may show. While the entry is in progress this carries nothing that
 * reveals the answer key: not the correct options, not the explanation, not the version id.
 */
export async function getEntryView(db: DBOrTransaction, entryId: string, userId: number): Promise<EntryView> {
  if (!/^\d{1,18}$/.test(entryId)) throw new UserFacingError(404, "Không tìm thấy bài thi.");
  const entry = await db
    .selectFrom("entries")
    .innerJoin("rounds", "rounds.id", "entries.round_id")
    .innerJoin("contests", "contests.id", "rounds.contest_id")
    .select([
      "entries.id",
      "entries.user_id",
      "entries.status",
      "entries.attempt_no",
      "entries.score",
      "entries.correct_count",
      "entries.question_count",
      "entries.duration_ms",
      "rounds.id as round_id",
      "rounds.number as round_number",
      "rounds.title as round_title",
      "rounds.time_limit_seconds",
      "rounds.points_per_question",
      "contests.slug",
      "contests.title as contest_title",
      sql<number>`greatest(0, floor(extract(epoch from entries.deadline - now()) * 1000))::int`.as("remaining_ms"),
    ])
    .where("entries.id", "=", entryId)
    .executeTakeFirst();
  if (!entry || entry.user_id !== userId) throw new UserFacingError(404, "Không tìm thấy bài thi.");

  const base = {
    entryId: entry.id,
    status: entry.status,
    contest: { slug: entry.slug, title: entry.contest_title },
    round: { id: entry.round_id, number: entry.round_number, title: entry.round_title, timeLimitSeconds: entry.time_limit_seconds },
    attemptNo: entry.attempt_no,
  };
  if (entry.status !== "in_progress") {
    return {
      ...base,
      questions: [],
      answers: {},
      remainingMs: 0,
      result: {
        score: entry.score ?? 0,
        maxScore: entry.question_count * entry.points_per_question,
        correctCount: entry.correct_count ?? 0,
        questionCount: entry.question_count,
        durationMs: entry.duration_ms ?? 0,
      },
    };
  }

  const rows = await db
    .selectFrom("entry_questions")
    .innerJoin("question_versions", "question_versions.id", "entry_questions.question_version_id")
    .leftJoin("entry_answers", (join) =>
      join.onRef("entry_answers.entry_id", "=", "entry_questions.entry_id").onRef("entry_answers.position", "=", "entry_questions.position"),
    )
    .select([
      "entry_questions.position",
      "entry_questions.option_order",
      "question_versions.type",
      "question_versions.stem",
      "question_versions.options",
      "entry_answers.chosen",
      "entry_answers.revision",
    ])
    .where("entry_questions.entry_id", "=", entryId)
    .orderBy("entry_questions.position")
    .execute();

  const answers: EntryView["answers"] = {};
  const questions = rows.map((row) => {
    if (row.chosen) {
      const displayOf = (original: number) => row.option_order.indexOf(original);
      answers[row.position] = { chosen: row.chosen.map(displayOf).sort((a, b) => a - b), revision: Number(row.revision) };
    }
    return {
      position: row.position,
      type: row.type,
      stem: row.stem,
      options: row.option_order.map((original) => row.options[original]),
    };
  });
  return { ...base, questions, answers, remainingMs: entry.remaining_ms, result: null };
}
