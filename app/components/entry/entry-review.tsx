import { Link } from "@remix-run/react";
import type { EntryView, ReviewedQuestion } from "~/entries/entry-view.server";
import type { LegalBasis } from "~/database/schema";
import { formatNumber } from "~/text/format";

const letter = (index: number) => String.fromCharCode(65 + index);

/** "2021-07-15" -> "15/7/2021", as Vietnamese documents are cited; anything else is shown as is. */
export function formatBasisDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  return `${Number(match[3])}/${Number(match[2])}/${match[1]}`;
}

/** "Căn cứ: Nghị quyết 76/NQ-CP của Chính phủ ngày 15/7/2021, Điều 1" */
export function basisText(basis: LegalBasis): string {
  let text = basis.document;
  if (basis.issuer) text += ` của ${basis.issuer}`;
  if (basis.date) text += ` ngày ${formatBasisDate(basis.date)}`;
  if (basis.article) text += `, ${basis.article}`;
  return text;
}

/** The prediction the contestant gave, and the true figure once the round has one. */
export function PredictionResult({ prediction }: { prediction: NonNullable<EntryView["prediction"]> }) {
  const { value, trueValue } = prediction;
  return (
    <section className="card prediction-result" aria-labelledby="prediction-result-title" data-testid="prediction-result">
      <h2 id="prediction-result-title">Câu hỏi dự đoán</h2>
      <p className="small muted">{prediction.prompt}</p>
      <dl className="facts">
        <div>
          <dt>Bạn dự đoán</dt>
          <dd data-testid="prediction-given">{value === null ? "Không trả lời" : formatNumber(value)}</dd>
        </div>
        <div>
          <dt>Kết quả thực tế</dt>
          {trueValue === null ? <dd className="facts__later">Công bố khi đợt thi kết thúc</dd> : <dd>{formatNumber(trueValue)}</dd>}
        </div>
        {trueValue !== null && value !== null && (
          <div>
            <dt>Chênh lệch</dt>
            <dd>{formatNumber(Math.abs(value - trueValue))}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/** The review's filter as it stands in the address (`?loc=sai`): a plain link, so it works without JavaScript. */
export type ReviewFilter = "all" | "wrong";
export const REVIEW_FILTER_PARAM = "loc";
export const reviewFilterOf = (search: URLSearchParams): ReviewFilter => (search.get(REVIEW_FILTER_PARAM) === "sai" ? "wrong" : "all");

type Verdict = "ok" | "wrong" | "none";
const verdictOf = (question: ReviewedQuestion): Verdict => (question.isCorrect ? "ok" : question.chosen.length > 0 ? "wrong" : "none");
const VERDICT_TEXT: Record<Verdict, string> = { ok: "Đúng", wrong: "Sai", none: "Chưa trả lời" };
/** A sign beside the colour, so the state does not rest on colour alone. */
const VERDICT_SIGN: Record<Verdict, string> = { ok: "✓", wrong: "✗", none: "–" };
/** The anchor of question N in the review: the same `cau-N` the entry page's questions use. */
export const reviewTargetId = (number: number) => `cau-${number}`;

function ReviewedQuestionCard({ question, number }: { question: ReviewedQuestion; number: number }) {
  const verdictClass = verdictOf(question);
  const verdict = VERDICT_TEXT[verdictClass];
  const titleId = `review-${question.position}`;
  return (
    <li id={reviewTargetId(number)} tabIndex={-1} className="review-question" aria-labelledby={titleId} data-testid="review-question">
      <h3 id={titleId} className="review-question__stem">
        <span className="number">Câu {number}.</span> {question.stem}{" "}
        <span className={`verdict verdict--${verdictClass}`}>{verdict}</span>
      </h3>
      <ul className="review-options">
        {question.options.map((option, index) => {
          const chosen = question.chosen.includes(index);
          const correct = question.correct.includes(index);
          const notes = [correct ? "Đáp án đúng" : null, chosen ? "Bạn chọn" : null].filter(Boolean).join(" · ");
          return (
            <li
              key={index}
              className={`review-option${correct ? " review-option--correct" : ""}${chosen ? " review-option--chosen" : ""}${chosen && !correct ? " review-option--wrong" : ""}`}
            >
              <span className="review-option__mark" aria-hidden="true">
                {correct ? "✓" : chosen ? "✗" : ""}
              </span>
              <span className="review-option__text">
                <strong>{letter(index)}.</strong> {option}
                {notes && <span className="review-option__note">{notes}</span>}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="review-explanation">
        <p>
          <strong>Giải thích:</strong> {question.explanation}
        </p>
        <p className="small muted">Căn cứ: {basisText(question.basis)}</p>
      </div>
    </li>
  );
}

/** Every question with the person's choice, the correct options, the explanation and its legal basis, or why they are not shown. */
export function EntryReview({ review, filter = "all" }: { review: NonNullable<EntryView["review"]>; filter?: ReviewFilter }) {
  if (!review.available) {
    return (
      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">Đáp án và giải thích</h2>
        <p className="alert alert--info" data-testid="review-unavailable">
          {review.reason}
        </p>
      </section>
    );
  }
  const numbered = review.questions.map((question, index) => ({ question, number: index + 1 }));
  const wrong = numbered.filter(({ question }) => !question.isCorrect);
  const shown = filter === "wrong" ? wrong : numbered;
  return (
    <section aria-labelledby="review-title" className="review">
      <h2 id="review-title">Đáp án và giải thích</h2>
      <p className="small muted">
        {wrong.length === 0 ? "Bạn trả lời đúng tất cả các câu." : `Bạn trả lời chưa đúng ${wrong.length} câu.`} Đáp án đúng được đánh dấu ✓, phương án bạn
        chọn sai được đánh dấu ✗.
      </p>
      <nav className="review-tools" aria-label="Lọc và chuyển nhanh đến câu hỏi">
        <p className="review-filter" data-testid="review-filter">
          <Link to="?" replace preventScrollReset aria-current={filter === "all" ? "page" : undefined} className="review-filter__link">
            {`Tất cả (${numbered.length})`}
          </Link>
          <Link to="?loc=sai" replace preventScrollReset aria-current={filter === "wrong" ? "page" : undefined} className="review-filter__link">
            {`Chỉ câu sai (${wrong.length})`}
          </Link>
        </p>
        <ol className="review-jumps" data-testid="review-jumps">
          {numbered.map(({ question, number }) => {
            const verdict = verdictOf(question);
            const label = `Câu ${number}: ${VERDICT_TEXT[verdict].toLowerCase()}`;
            // A right answer hidden by the filter is reached in the full list.
            const hidden = filter === "wrong" && verdict === "ok";
            const content = (
              <>
                {number}
                <span className="review-jump__sign" aria-hidden="true">
                  {VERDICT_SIGN[verdict]}
                </span>
              </>
            );
            return (
              <li key={question.position}>
                {hidden ? (
                  <Link to={`?#${reviewTargetId(number)}`} className={`review-jump review-jump--${verdict}`} aria-label={label} title={label}>
                    {content}
                  </Link>
                ) : (
                  // A plain anchor: the browser jumps by itself, with or without JavaScript.
                  <a href={`#${reviewTargetId(number)}`} className={`review-jump review-jump--${verdict}`} aria-label={label} title={label}>
                    {content}
                  </a>
                )}
              </li>
            );
          })}
        </ol>
      </nav>
      {shown.length === 0 ? (
        <p className="alert alert--info" data-testid="review-none-wrong">
          Không có câu nào trả lời chưa đúng.
        </p>
      ) : (
        <ol className="review-list">
          {shown.map(({ question, number }) => (
            <ReviewedQuestionCard key={question.position} question={question} number={number} />
          ))}
        </ol>
      )}
    </section>
  );
}
