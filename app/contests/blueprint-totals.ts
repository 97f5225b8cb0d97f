// The round form's running total: questions per entry and the full score, from the blueprint's
// "số câu" inputs and "Điểm mỗi câu" as typed. The server renders it (correct without a script) and
// the browser recomputes it on every keystroke, with this same function.

export interface BlueprintTotals {
  /** Questions per entry from the lines whose count is valid. */
  questions: number;
  /** questions × points per question; null while the points are not a valid number. */
  maxScore: number | null;
  /** Numbers (1-based) of the lines whose count is not a whole number from 1 to `maxCount`, left out of the total. */
  invalidLines: number[];
}

/** Counts as typed, one per line (blank: unused); `points` as typed. The same bounds as the form's schema. */
export function blueprintTotals(counts: readonly string[], points: string, limits: { maxLines: number; maxCount: number; maxPoints: number }): BlueprintTotals {
  let questions = 0;
  const invalidLines: number[] = [];
  counts.slice(0, limits.maxLines).forEach((raw, i) => {
    const text = raw.trim();
    if (text === "") return;
    const count = /^[0-9]{1,3}$/.test(text) ? Number(text) : NaN;
    if (count >= 1 && count <= limits.maxCount) questions += count;
    else invalidLines.push(i + 1);
  });
  const p = /^[0-9]{1,3}$/.test(points.trim()) ? Number(points.trim()) : NaN;
  return { questions, maxScore: p >= 1 && p <= limits.maxPoints ? questions * p : null, invalidLines };
}

/** The sentence under the blueprint. */
export function describeTotals(totals: BlueprintTotals): string {
  const score = totals.maxScore === null ? "điểm tối đa: chưa tính được (điểm mỗi câu chưa hợp lệ)" : `${totals.maxScore} điểm tối đa`;
  const left = totals.invalidLines.length > 0 ? ` — chưa tính dòng ${totals.invalidLines.join(", ")} (số câu chưa hợp lệ)` : "";
  return `Tổng: ${totals.questions} câu hỏi mỗi lượt · ${score}${left}`;
}
