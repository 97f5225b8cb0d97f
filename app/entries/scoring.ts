// Pure scoring rules: no I/O, tested exhaustively in scoring.test.ts.

export interface GradedQuestion {
  /** Correct option indices in the version's own order. */
  correct: readonly number[];
  /** Chosen option indices in the same order; undefined when unanswered. */
  chosen: readonly number[] | undefined;
}

/** A question counts as correct only when exactly the correct options are chosen (no partial credit). */
export function isAnswerCorrect(correct: readonly number[], chosen: readonly number[] | undefined): boolean {
  if (!chosen || chosen.length !== correct.length) return false;
  const wanted = new Set(correct);
  return new Set(chosen).size === chosen.length && chosen.every((index) => wanted.has(index));
}

export interface EntryScore {
  correctCount: number;
  score: number;
  perQuestion: boolean[];
}

export function scoreEntry(questions: readonly GradedQuestion[], pointsPerQuestion: number): EntryScore {
  const perQuestion = questions.map((q) => isAnswerCorrect(q.correct, q.chosen));
  const correctCount = perQuestion.filter(Boolean).length;
  return { correctCount, score: correctCount * pointsPerQuestion, perQuestion };
}

/**
 * Time taken, in milliseconds: from start to the moment of finishing, never more than the
 * time the entry was allowed (a submit in the grace period counts as on time, not longer).
 */
export function durationMs(startedAt: Date, finishedAt: Date, deadline: Date): number {
  const end = Math.min(finishedAt.getTime(), deadline.getTime());
  return Math.max(0, end - startedAt.getTime());
}
