// Item analysis, pure: how well a question separates strong contestants from weak ones.

export interface QuestionAttempt {
  /** Score of the whole entry in which the question was drawn. */
  entryScore: number;
  /** Whether the question was answered correctly in that entry. */
  correct: boolean;
}

/** The classic upper–lower 27% rule. */
export const GROUP_SHARE = 0.27;

export interface Discrimination {
  /** p(correct | top group) − p(correct | bottom group), from −1 to 1; null with too few entries. */
  index: number | null;
  groupSize: number;
  upperCorrectShare: number | null;
  lowerCorrectShare: number | null;
}

/**
 * D = p_upper − p_lower over the top and bottom 27% of entries by score. Around 0.3 or more
 * is a good question; near 0 does not discriminate; negative usually means a wrong key or a
 * misleading stem. Needs at least 10 entries to say anything.
 */
export function discriminationIndex(attempts: readonly QuestionAttempt[], minimumEntries = 10): Discrimination {
  if (attempts.length < minimumEntries) return { index: null, groupSize: 0, upperCorrectShare: null, lowerCorrectShare: null };
  const sorted = attempts.slice().sort((a, b) => b.entryScore - a.entryScore);
  const groupSize = Math.max(1, Math.round(sorted.length * GROUP_SHARE));
  const share = (group: readonly QuestionAttempt[]) => group.filter((a) => a.correct).length / group.length;
  const upper = share(sorted.slice(0, groupSize));
  const lower = share(sorted.slice(sorted.length - groupSize));
  return { index: round(upper - lower), groupSize, upperCorrectShare: round(upper), lowerCorrectShare: round(lower) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function discriminationVerdict(index: number | null): string {
  if (index === null) return "Chưa đủ dữ liệu (cần ít nhất 10 lượt thi)";
  if (index < 0) return "Đáng ngờ: thí sinh yếu trả lời đúng nhiều hơn thí sinh giỏi — kiểm tra lại đáp án";
  if (index < 0.2) return "Phân loại kém: nên xem lại câu hỏi";
  if (index < 0.3) return "Phân loại tạm được";
  return "Phân loại tốt";
}
