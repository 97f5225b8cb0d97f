import { Form } from "@remix-run/react";
import { useId, useState } from "react";
import { DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, TOPICS } from "~/banks/topics";
import { LETTERS, MAX_OPTIONS, type QuestionFormValues } from "~/questions/question-form";
import { LEAVES_POOL_MESSAGE } from "~/questions/workflow";
import { ReasonField } from "./reason-field";

/**
 * The question editor with a live preview of what a contestant will see. Without JavaScript
 * it is a plain form; the server applies the same rules as the bank files either way.
 */
export function QuestionEditor({
  initial,
  refusal,
  banks,
  bankId,
  mode,
  expectedVersionId,
  leavesPool = false,
  sent,
  busy,
}: {
  initial: QuestionFormValues;
  /** Why the last save was refused: the message above the form and the marked fields. */
  refusal?: { message: string; fieldErrors: Record<string, string> };
  banks?: { id: number; title: string }[];
  /** The bank chosen (a refused "create" keeps it). */
  bankId?: string;
  mode: "create" | "edit";
  expectedVersionId?: number;
  /** Saving takes an approved question out of the drawable pool: say so, and ask for the tick the server requires. */
  leavesPool?: boolean;
  /** What a refused save sent besides the question: the author's note and the tick. */
  sent?: { note?: string; confirmedLeavingPool?: boolean };
  busy: boolean;
}) {
  const errors = refusal?.fieldErrors ?? {};
  const id = useId();
  const [values, setValues] = useState(initial);
  const set = (patch: Partial<QuestionFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const optionBoxes = values.type === "true_false" ? 2 : MAX_OPTIONS;
  const options = values.type === "true_false" ? ["Đúng", "Sai"] : Array.from({ length: optionBoxes }, (_, i) => values.options[i] ?? "");
  const toggleCorrect = (letter: string, checked: boolean) => {
    if (values.type === "multiple") set({ correct: checked ? [...new Set([...values.correct, letter])].sort() : values.correct.filter((l) => l !== letter) });
    else set({ correct: [letter] });
  };
  const error = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${id}-${name}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `${id}-${name}-error` } : {});

  return (
    <div className="editor-layout">
      <Form method="post" className="card" noValidate>
        <input type="hidden" name="intent" value={mode === "create" ? "create" : "edit"} />
        {expectedVersionId !== undefined && <input type="hidden" name="expectedVersionId" value={expectedVersionId} />}
        {refusal && (
          <p className="alert alert--error" role="alert">
            {`Câu hỏi chưa lưu được. ${refusal.message}`}
          </p>
        )}
        {banks && (
          <div className="field">
            <label htmlFor={`${id}-bank`}>Ngân hàng câu hỏi</label>
            <select id={`${id}-bank`} name="bankId" defaultValue={bankId || banks[0]?.id} {...invalid("bankId")}>
              {banks.map((bank) => (
                <option key={bank.id} value={bank.id}>
                  {bank.title}
                </option>
              ))}
            </select>
            {error("bankId")}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-key`}>Mã câu hỏi</label>
          <input
            id={`${id}-key`}
            name="key"
            value={values.key}
            onChange={(e) => set({ key: e.target.value })}
            readOnly={mode === "edit"}
            placeholder="ví dụ: tthc-101"
            {...invalid("key")}
          />
          <p className="hint">Chữ thường không dấu, số và dấu gạch ngang; không đổi được sau khi tạo.</p>
          {error("key")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-topic`}>Chủ đề</label>
          <select id={`${id}-topic`} name="topic" value={values.topic} onChange={(e) => set({ topic: e.target.value })} {...invalid("topic")}>
            <option value="">— Chọn chủ đề —</option>
            {Object.entries(TOPICS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
          {error("topic")}
        </div>
        <div className="row">
          <div className="field" style={{ flex: 1, minWidth: "12rem" }}>
            <label htmlFor={`${id}-type`}>Loại câu hỏi</label>
            <select
              id={`${id}-type`}
              name="type"
              value={values.type}
              onChange={(e) => set({ type: e.target.value, correct: e.target.value === "multiple" ? values.correct : values.correct.slice(0, 1) })}
              {...invalid("type")}
            >
              {Object.entries(QUESTION_TYPE_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
            {error("type")}
          </div>
          <div className="field" style={{ flex: 1, minWidth: "10rem" }}>
            <label htmlFor={`${id}-difficulty`}>Độ khó</label>
            <select id={`${id}-difficulty`} name="difficulty" value={values.difficulty} onChange={(e) => set({ difficulty: e.target.value })} {...invalid("difficulty")}>
              {Object.entries(DIFFICULTY_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
            {error("difficulty")}
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-stem`}>Nội dung câu hỏi</label>
          <textarea id={`${id}-stem`} name="stem" rows={3} value={values.stem} onChange={(e) => set({ stem: e.target.value })} {...invalid("stem")} />
          {error("stem")}
        </div>
        <fieldset className="field options-editor" aria-describedby={errors.correct ? `${id}-correct-error` : undefined}>
          <legend>Phương án (đánh dấu {values.type === "multiple" ? "các" : ""} đáp án đúng)</legend>
          {options.map((text, index) => {
            const letter = LETTERS[index];
            return (
              <div key={letter} className="option-edit">
                <label className="option-edit__correct">
                  <input
                    type={values.type === "multiple" ? "checkbox" : "radio"}
                    name="correct"
                    value={letter}
                    checked={values.correct.includes(letter)}
                    onChange={(e) => toggleCorrect(letter, e.target.checked)}
                  />
                  <span className="visually-hidden">Đáp án đúng:</span> {letter}
                </label>
                <input
                  name="option"
                  aria-label={`Phương án ${letter}`}
                  value={text}
                  readOnly={values.type === "true_false"}
                  onChange={(e) => {
                    const next = options.slice();
                    next[index] = e.target.value;
                    set({ options: next });
                  }}
                  {...invalid(`option.${index}`)}
                />
                {error(`option.${index}`)}
              </div>
            );
          })}
          {values.type !== "true_false" && <p className="hint">Để trống các ô cuối nếu không dùng; cần từ 2 đến 6 phương án.</p>}
          {error("options")}
          {error("correct")}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-explanation`}>Giải thích</label>
          <textarea
            id={`${id}-explanation`}
            name="explanation"
            rows={3}
            value={values.explanation}
            onChange={(e) => set({ explanation: e.target.value })}
            {...invalid("explanation")}
          />
          {error("explanation")}
        </div>
        <fieldset className="field">
          <legend>Căn cứ pháp lý</legend>
          {(
            [
              ["basisDocument", "Số hiệu văn bản", "ví dụ: Nghị quyết số 76/NQ-CP"],
              ["basisIssuer", "Cơ quan ban hành", "ví dụ: Chính phủ"],
              ["basisDate", "Ngày ban hành", ""],
              ["basisArticle", "Điều, khoản (nếu có)", "ví dụ: Điều 1"],
            ] as const
          ).map(([name, label, placeholder]) => (
            <div className="field" key={name}>
              <label htmlFor={`${id}-${name}`}>{label}</label>
              <input
                id={`${id}-${name}`}
                name={name}
                type={name === "basisDate" ? "date" : "text"}
                placeholder={placeholder}
                value={values[name]}
                onChange={(e) => set({ [name]: e.target.value })}
                {...invalid(name)}
              />
              {error(name)}
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-tags`}>Thẻ (cách nhau bởi dấu phẩy)</label>
          <input id={`${id}-tags`} name="tags" value={values.tags} onChange={(e) => set({ tags: e.target.value })} {...invalid("tags")} />
          {error("tags")}
        </div>
        {mode === "edit" && (
          <ReasonField
            label="Ghi chú thay đổi (không bắt buộc)"
            hint="Ví dụ: sửa lỗi chính tả, cập nhật căn cứ mới. Ghi chú được lưu vào lịch sử câu hỏi cho người duyệt đọc."
            required={false}
            defaultValue={sent?.note}
            error={errors.reason}
          />
        )}
        {leavesPool && (
          <div className="alert alert--warning" role="note">
            <p>{LEAVES_POOL_MESSAGE}</p>
            <label className="row">
              <input type="checkbox" name="confirmLeavingPool" defaultChecked={sent?.confirmedLeavingPool} {...invalid("confirmLeavingPool")} />{" "}
              Tôi hiểu: lưu và đưa câu hỏi về trạng thái Nháp
            </label>
            {error("confirmLeavingPool")}
          </div>
        )}
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Đang lưu…" : mode === "create" ? "Tạo câu hỏi (bản nháp)" : "Lưu phiên bản mới"}
        </button>
      </Form>
      <aside className="card preview" aria-label="Xem trước">
        <h2>Thí sinh sẽ thấy</h2>
        <fieldset className="question">
          <legend>
            <span className="number">Câu 1.</span> {values.stem || <span className="muted">(nội dung câu hỏi)</span>}
            {values.type === "multiple" && <span className="muted small"> (chọn tất cả phương án đúng)</span>}
          </legend>
          {options
            .filter((o) => o.trim())
            .map((option, index) => (
              <label key={index} className="option">
                <input type={values.type === "multiple" ? "checkbox" : "radio"} name="preview" disabled />
                <span>
                  <strong>{LETTERS[index]}.</strong> {option}
                </span>
              </label>
            ))}
        </fieldset>
        <p className="small muted">Thứ tự phương án được xáo trộn cho từng lượt thi (trừ câu Đúng/Sai).</p>
        <h3>Sau khi nộp bài</h3>
        <p className="small">
          Đáp án đúng: <strong>{values.correct.length ? values.correct.join(", ") : "—"}</strong>
        </p>
        <p className="small">{values.explanation}</p>
        {values.basisDocument && (
          <p className="small muted">
            Căn cứ: {values.basisDocument}
            {values.basisIssuer && ` của ${values.basisIssuer}`}
            {values.basisArticle && `, ${values.basisArticle}`}
          </p>
        )}
      </aside>
    </div>
  );
}
