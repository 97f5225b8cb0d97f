import { useState } from "react";
import { MAX_PREDICTION } from "~/contests/prediction";
import type { SaveStatus } from "~/entries/use-answer-queue";
import { formatNumber } from "~/text/format";
import { SaveStatusLine } from "./save-status";

export const PREDICTION_TARGET_ID = "cau-du-doan";

export type ParsedPrediction = { kind: "empty" } | { kind: "value"; value: number } | { kind: "invalid"; message: string };

/**
 * Reads what was typed: digits, optionally grouped by thousands with dots or spaces as
 * Vietnamese readers write them ("1.500", "1 500"). Anything else is refused, not guessed.
 */
export function parsePrediction(text: string): ParsedPrediction {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty" };
  let digits: string | null = null;
  if (/^\d+$/.test(trimmed)) digits = trimmed;
  else if (/^\d{1,3}([.\s]\d{3})+$/.test(trimmed)) digits = trimmed.replace(/[.\s]/g, "");
  if (digits === null) {
    if (/^-/.test(trimmed)) return { kind: "invalid", message: "Số dự đoán không được là số âm." };
    if (/^\d+[.,]\d{1,2}$/.test(trimmed)) return { kind: "invalid", message: "Chỉ nhập số nguyên, không có phần thập phân." };
    return { kind: "invalid", message: "Chỉ nhập chữ số, ví dụ 1500." };
  }
  const value = Number(digits);
  if (!Number.isSafeInteger(value) || value > MAX_PREDICTION) {
    return { kind: "invalid", message: `Số dự đoán không được lớn hơn ${formatNumber(MAX_PREDICTION)}.` };
  }
  return { kind: "value", value };
}

/**
 * The prediction question (câu hỏi dự đoán): one whole number, saved like an answer as soon
 * as what is typed is a valid number, and retried until the server confirms it.
 */
export function PredictionField({
  prompt,
  initialValue,
  status,
  disabled,
  onValue,
}: {
  prompt: string;
  initialValue: number | null;
  status: SaveStatus | undefined;
  disabled: boolean;
  onValue: (value: number) => void;
}) {
  const [text, setText] = useState(initialValue === null ? "" : String(initialValue));
  const [lastValue, setLastValue] = useState<number | null>(initialValue);
  const parsed = parsePrediction(text);
  const problem =
    parsed.kind === "invalid"
      ? parsed.message
      : parsed.kind === "empty" && lastValue !== null
        ? "Ô đang để trống."
        : null;
  const keptNote = problem && lastValue !== null ? ` Câu trả lời đã gửi (${formatNumber(lastValue)}) vẫn được giữ.` : "";

  const change = (next: string) => {
    setText(next);
    const result = parsePrediction(next);
    if (result.kind === "value" && result.value !== lastValue) {
      setLastValue(result.value);
      onValue(result.value);
    }
  };

  return (
    <section className="question prediction" id={PREDICTION_TARGET_ID} tabIndex={-1} aria-labelledby="prediction-title" data-testid="prediction">
      <h2 id="prediction-title" className="prediction__title">
        <span className="number">Câu hỏi dự đoán</span>
      </h2>
      <label htmlFor="prediction-input" className="prediction__prompt">
        {prompt}
      </label>
      <p id="prediction-hint" className="small muted">
        Nhập một số nguyên từ 0 trở lên, ví dụ 1500.
      </p>
      <input
        id="prediction-input"
        className="prediction__input"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        enterKeyHint="done"
        maxLength={15}
        value={text}
        disabled={disabled}
        aria-invalid={parsed.kind === "invalid" || undefined}
        aria-describedby={`prediction-hint${problem ? " prediction-problem" : ""} prediction-state`}
        onChange={(e) => change(e.target.value)}
      />
      {problem && (
        <p id="prediction-problem" className="field-error">
          {problem}
          {keptNote}
        </p>
      )}
      <SaveStatusLine id="prediction-state" status={status} />
    </section>
  );
}
