import type { PredictionRule } from "~/database/schema";

// The prediction question (câu hỏi dự đoán), pure: what is predicted and how far off a guess is.

export const PREDICTION_RULE_LABELS: Record<PredictionRule, string> = {
  none: "Không có câu hỏi dự đoán",
  entries: "Số lượt dự thi của đợt",
  participants: "Số người dự thi của đợt",
  full_marks: "Số lượt thi đạt điểm tối đa",
};

export const DEFAULT_PREDICTION_PROMPTS: Record<Exclude<PredictionRule, "none">, string> = {
  entries: "Theo bạn, đợt thi này sẽ có bao nhiêu lượt dự thi?",
  participants: "Theo bạn, đợt thi này sẽ có bao nhiêu người dự thi?",
  full_marks: "Theo bạn, đợt thi này sẽ có bao nhiêu lượt thi đạt điểm tối đa?",
};

export interface RoundTotals {
  entries: number;
  participants: number;
  fullMarks: number;
}

/** The true value the server computes when the round closes. */
export function predictionTruth(rule: Exclude<PredictionRule, "none">, totals: RoundTotals): number {
  if (rule === "entries") return totals.entries;
  if (rule === "participants") return totals.participants;
  return totals.fullMarks;
}

/** |prediction − truth|; an entry without a prediction is farther than any guess. */
export function predictionDistance(prediction: number | null, truth: number | null): number | null {
  if (truth === null) return null;
  if (prediction === null) return Number.POSITIVE_INFINITY;
  return Math.abs(prediction - truth);
}

export const MAX_PREDICTION = 100_000_000;
