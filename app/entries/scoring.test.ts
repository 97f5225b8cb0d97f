import { describe, expect, it } from "vitest";
import { durationMs, isAnswerCorrect, scoreEntry, type GradedQuestion } from "./scoring";

const OPTION_COUNT = 4;

/** The option indices whose bit is set in `mask`, in ascending order. */
function indicesOf(mask: number): number[] {
  return Array.from({ length: OPTION_COUNT }, (_, i) => i).filter((i) => (mask & (1 << i)) !== 0);
}

const at = (iso: string) => new Date(iso);

describe("isAnswerCorrect", () => {
  it("accepts exactly the correct option for a single-answer question", () => {
    expect(isAnswerCorrect([2], [2])).toBe(true);
  });

  it("rejects a different single option", () => {
    expect(isAnswerCorrect([2], [1])).toBe(false);
  });

  it("accepts exactly the correct set for a multiple-answer question", () => {
    expect(isAnswerCorrect([0, 2, 3], [0, 2, 3])).toBe(true);
  });

  it("ignores the order in which the options were chosen", () => {
    expect(isAnswerCorrect([0, 2, 3], [3, 0, 2])).toBe(true);
    expect(isAnswerCorrect([3, 0], [0, 3])).toBe(true);
  });

  it("gives no partial credit for a strict subset of the correct options", () => {
    expect(isAnswerCorrect([0, 2, 3], [0, 2])).toBe(false);
    expect(isAnswerCorrect([0, 2, 3], [3])).toBe(false);
  });

  it("gives no credit for a superset of the correct options", () => {
    expect(isAnswerCorrect([0, 2], [0, 1, 2])).toBe(false);
    expect(isAnswerCorrect([1], [0, 1, 2, 3])).toBe(false);
  });

  it("gives no credit when as many options are chosen but one of them is wrong", () => {
    expect(isAnswerCorrect([0, 2], [0, 1])).toBe(false);
  });

  it("does not count a repeated option as covering a second correct option", () => {
    expect(isAnswerCorrect([0, 1], [0, 0])).toBe(false);
    expect(isAnswerCorrect([0, 1], [1, 1])).toBe(false);
  });

  it("does not accept the correct option chosen twice", () => {
    expect(isAnswerCorrect([0], [0, 0])).toBe(false);
    expect(isAnswerCorrect([0, 1], [0, 1, 1])).toBe(false);
  });

  it("treats an unanswered question (undefined) as wrong", () => {
    expect(isAnswerCorrect([0], undefined)).toBe(false);
    expect(isAnswerCorrect([0, 1], undefined)).toBe(false);
  });

  it("treats an empty choice as wrong when something is correct", () => {
    expect(isAnswerCorrect([0], [])).toBe(false);
    expect(isAnswerCorrect([1, 3], [])).toBe(false);
  });

  it("does not accept options that do not exist", () => {
    expect(isAnswerCorrect([0], [4])).toBe(false);
    expect(isAnswerCorrect([0], [-1])).toBe(false);
  });

  it("equals set equality for every pair of subsets of 4 options (16 × 16 cases, both orders)", () => {
    let cases = 0;
    let correctCases = 0;
    for (let correctMask = 0; correctMask < 1 << OPTION_COUNT; correctMask++) {
      for (let chosenMask = 0; chosenMask < 1 << OPTION_COUNT; chosenMask++) {
        const correct = indicesOf(correctMask);
        const chosen = indicesOf(chosenMask);
        const expected = correctMask === chosenMask;
        expect(isAnswerCorrect(correct, chosen), `correct ${correct} chosen ${chosen}`).toBe(expected);
        expect(isAnswerCorrect(correct, chosen.slice().reverse()), `correct ${correct} chosen reversed ${chosen}`).toBe(expected);
        cases++;
        if (expected) correctCases++;
      }
    }
    expect(cases).toBe(256);
    expect(correctCases).toBe(16);
  });

  it("never accepts a choice with a repeated option, for every subset of 4 options", () => {
    for (let correctMask = 1; correctMask < 1 << OPTION_COUNT; correctMask++) {
      const correct = indicesOf(correctMask);
      for (const repeated of correct) {
        expect(isAnswerCorrect(correct, [...correct, repeated]), `correct ${correct} plus ${repeated}`).toBe(false);
        const other = correct.find((i) => i !== repeated);
        if (other === undefined) continue;
        // Same length as the correct set, but one correct option replaced by a repeat of another.
        const sameLength = correct.map((i) => (i === other ? repeated : i));
        expect(isAnswerCorrect(correct, sameLength), `correct ${correct} chosen ${sameLength}`).toBe(false);
      }
    }
  });

  it("does not modify its arguments", () => {
    const correct = Object.freeze([2, 0]);
    const chosen = Object.freeze([0, 2]);
    expect(isAnswerCorrect(correct, chosen)).toBe(true);
    expect(correct).toEqual([2, 0]);
    expect(chosen).toEqual([0, 2]);
  });
});

describe("scoreEntry", () => {
  const right: GradedQuestion = { correct: [1], chosen: [1] };
  const wrong: GradedQuestion = { correct: [1], chosen: [0] };
  const unanswered: GradedQuestion = { correct: [0, 2], chosen: undefined };
  const partial: GradedQuestion = { correct: [0, 2], chosen: [0] };
  const rightMultiple: GradedQuestion = { correct: [0, 2], chosen: [2, 0] };

  it("flags each question in order and counts the correct ones", () => {
    const result = scoreEntry([right, wrong, unanswered, partial, rightMultiple], 10);
    expect(result.perQuestion).toEqual([true, false, false, false, true]);
    expect(result.correctCount).toBe(2);
  });

  it("gives the points per question for each correct answer", () => {
    expect(scoreEntry([right, wrong, rightMultiple], 10).score).toBe(20);
    expect(scoreEntry([right, right, right], 5).score).toBe(15);
  });

  it("supports fractional points per question", () => {
    expect(scoreEntry([right, wrong, right], 2.5).score).toBe(5);
  });

  it("scores zero when nothing is correct", () => {
    expect(scoreEntry([wrong, unanswered, partial], 10)).toEqual({ correctCount: 0, score: 0, perQuestion: [false, false, false] });
  });

  it("scores zero with zero points per question but still counts correct answers", () => {
    expect(scoreEntry([right, rightMultiple], 0)).toEqual({ correctCount: 2, score: 0, perQuestion: [true, true] });
  });

  it("scores an entry without questions as zero", () => {
    expect(scoreEntry([], 10)).toEqual({ correctCount: 0, score: 0, perQuestion: [] });
  });

  it("counts every question of a full marks entry", () => {
    const questions = Array.from({ length: 30 }, (_, i): GradedQuestion => ({ correct: [i % 4], chosen: [i % 4] }));
    expect(scoreEntry(questions, 1)).toEqual({ correctCount: 30, score: 30, perQuestion: Array(30).fill(true) });
  });
});

describe("durationMs", () => {
  const start = at("2026-03-01T08:00:00.000Z");
  const deadline = at("2026-03-01T08:15:00.000Z");

  it("is the time from start to finish when finished before the deadline", () => {
    expect(durationMs(start, at("2026-03-01T08:12:34.300Z"), deadline)).toBe(754_300);
  });

  it("is exactly the allowed time when finished at the deadline", () => {
    expect(durationMs(start, deadline, deadline)).toBe(15 * 60_000);
  });

  it("is capped at the deadline when finished in the grace period", () => {
    expect(durationMs(start, at("2026-03-01T08:15:04.000Z"), deadline)).toBe(15 * 60_000);
  });

  it("is capped at the deadline however late the finish", () => {
    expect(durationMs(start, at("2026-03-02T00:00:00.000Z"), deadline)).toBe(15 * 60_000);
  });

  it("is zero when finished at the very moment of starting", () => {
    expect(durationMs(start, start, deadline)).toBe(0);
  });

  it("is never negative when the finish is recorded before the start", () => {
    expect(durationMs(start, at("2026-03-01T07:59:59.000Z"), deadline)).toBe(0);
  });

  it("is never negative when the deadline is before the start", () => {
    expect(durationMs(start, at("2026-03-01T08:05:00.000Z"), at("2026-03-01T07:00:00.000Z"))).toBe(0);
  });

  it("counts milliseconds", () => {
    expect(durationMs(start, at("2026-03-01T08:00:00.001Z"), deadline)).toBe(1);
  });
});
