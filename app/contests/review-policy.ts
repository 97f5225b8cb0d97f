import type { ReviewPolicy } from "~/database/schema";

export const REVIEW_POLICY_LABELS: Record<ReviewPolicy, string> = {
  never: "Không công bố đáp án",
  after_submit: "Ngay sau khi nộp bài",
  after_close: "Sau khi đợt thi kết thúc",
};

/** Whether a contestant may see correct answers and explanations of an entry. Never before the entry is final. */
export function mayReviewAnswers(policy: ReviewPolicy, state: { entryFinal: boolean; roundClosed: boolean }): boolean {
  if (!state.entryFinal) return false;
  if (policy === "after_submit") return true;
  if (policy === "after_close") return state.roundClosed;
  return false;
}
