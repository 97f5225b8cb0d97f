import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { mayReviewAnswers } from "~/contests/review-policy";
import type { EntryStatus, LegalBasis, QuestionType } from "~/database/schema";
import { UserFacingError } from "~/http/user-facing-error";
import { NOT_FOUND, parseBigintId } from "~/http/url-ids";

/** A question as the contestant sees it: no answer key, no explanation, options in display order. */
export interface ContestantQuestion {
  position: number;
  type: QuestionType;
  stem: string;
  options: string[];
}

/** A question after the entry is final, when the round's policy allows showing the answers. */
export interface ReviewedQuestion extends ContestantQuestion {
  chosen: number[];
  correct: number[];
  isCorrect: boolean;
  explanation: string;
  basis: LegalBasis;
}

export interface EntryView {
  entryId: string;
  status: EntryStatus;
  contest: { id: number; slug: string; title: string };
  /** An organizer's preview entry: scored as any, counted nowhere (docs/decisions/0010). */
  practice: boolean;
  round: { id: number; number: number; title: string; timeLimitSeconds: number };
  attemptNo: number;
  questions: ContestantQuestion[];
  /** position -> display indices chosen, with the revision the server holds. */
  answers: Record<number, { chosen: number[]; revision: number }>;
  /** Milliseconds left by the server's clock when this view was made. */
  remainingMs: number;
  result: null | { score: number; maxScore: number; correctCount: number; questionCount: number; durationMs: number };
  prediction: null | { prompt: string; value: number | null; trueValue: number | null };
  /** Answers and explanations: only for a final entry, and only when the round's policy allows. */
  review: null | { available: true; questions: ReviewedQuestion[] } | { available: false; reason: string };
}

/** An entry's questions in order, each with the version it drew and the answer saved (if any). */
export function entryQuestionRows(db: DBOrTransaction, entryId: string) {
  return db
    .selectFrom("entry_questions")
    .innerJoin("question_versions", "question_versions.id", "entry_questions.question_version_id")
    .leftJoin("entry_answers", (join) =>
      join.onRef("entry_answers.entry_id", "=", "entry_questions.entry_id").onRef("entry_answers.position", "=", "entry_questions.position"),
    )
    .where("entry_questions.entry_id", "=", entryId)
    .orderBy("entry_questions.position");
}

/**
 * What the entry page may show. While the entry is in progress this carries nothing that
 * reveals the answer key: not the correct options, not the explanation, not the version id.
 */
export async function getEntryView(db: DBOrTransaction, entryId: string, userId: number): Promise<EntryView> {
  if (parseBigintId(entryId) === null) throw new UserFacingError(404, NOT_FOUND.entry);
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
      "entries.practice",
      "rounds.id as round_id",
      "rounds.number as round_number",
      "rounds.title as round_title",
      "rounds.time_limit_seconds",
      "rounds.points_per_question",
      "rounds.review_policy",
      "rounds.prediction_rule",
      "rounds.prediction_prompt",
      "rounds.prediction_value",
      "entries.prediction",
      sql<boolean>`rounds.closes_at <= now()`.as("round_closed"),
      "contests.id as contest_id",
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
    contest: { id: entry.contest_id, slug: entry.slug, title: entry.contest_title },
    practice: entry.practice,
    round: { id: entry.round_id, number: entry.round_number, title: entry.round_title, timeLimitSeconds: entry.time_limit_seconds },
    attemptNo: entry.attempt_no,
    prediction:
      entry.prediction_rule === "none"
        ? null
        : { prompt: entry.prediction_prompt ?? "Câu hỏi dự đoán", value: entry.prediction, trueValue: entry.prediction_value },
  };
  if (entry.status !== "in_progress") {
    // The organizer trying a round sees the answers of their own finished preview whatever the round's policy: they can read the bank anyway.
    const allowed = entry.practice || mayReviewAnswers(entry.review_policy, { entryFinal: true, roundClosed: entry.round_closed });
    return {
      ...base,
      questions: [],
      answers: {},
      remainingMs: 0,
      review: allowed
        ? { available: true, questions: await reviewedQuestions(db, entryId) }
        : {
            available: false,
            reason:
              entry.review_policy === "never"
                ? "Ban tổ chức không công bố đáp án của đợt thi này."
                : "Đáp án và giải thích sẽ được công bố sau khi đợt thi kết thúc.",
          },
      result: {
        score: entry.score ?? 0,
        maxScore: entry.question_count * entry.points_per_question,
        correctCount: entry.correct_count ?? 0,
        questionCount: entry.question_count,
        durationMs: entry.duration_ms ?? 0,
      },
    };
  }

  const rows = await entryQuestionRows(db, entryId)
    .select([
      "entry_questions.position",
      "entry_questions.option_order",
      "question_versions.type",
      "question_versions.stem",
      "question_versions.options",
      "entry_answers.chosen",
      "entry_answers.revision",
    ])
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
  return { ...base, questions, answers, remainingMs: entry.remaining_ms, result: null, review: null };
}

async function reviewedQuestions(db: DBOrTransaction, entryId: string): Promise<ReviewedQuestion[]> {
  const rows = await entryQuestionRows(db, entryId)
    .select([
      "entry_questions.position",
      "entry_questions.option_order",
      "question_versions.type",
      "question_versions.stem",
      "question_versions.options",
      "question_versions.correct",
      "question_versions.explanation",
      "question_versions.basis",
      "entry_answers.chosen",
      "entry_answers.is_correct",
    ])
    .execute();
  return rows.map((row) => {
    const display = (original: number) => row.option_order.indexOf(original);
    return {
      position: row.position,
      type: row.type,
      stem: row.stem,
      options: row.option_order.map((original) => row.options[original]),
      chosen: (row.chosen ?? []).map(display).sort((a, b) => a - b),
      correct: row.correct.map(display).sort((a, b) => a - b),
      isCorrect: row.is_correct === true,
      explanation: row.explanation,
      basis: row.basis,
    };
  });
}
