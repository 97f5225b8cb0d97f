import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { EntryReview, PredictionResult, REVIEW_FILTER_PARAM, reviewFilterOf } from "~/components/entry/entry-review";
import { PREDICTION_TARGET_ID, PredictionField } from "~/components/entry/prediction-field";
import { jumpTo, QuestionNavigator, type NavigatorItem } from "~/components/entry/question-navigator";
import { SaveStatusLine } from "~/components/entry/save-status";
import { requireUser } from "~/auth/auth.server";
import { submitEntry } from "~/entries/entries.server";
import { finishText } from "~/entries/finish-reason";
import { getEntryView, type EntryView } from "~/entries/entry-view.server";
import { isUnsaved, useAnswerQueue, type Refusal } from "~/entries/use-answer-queue";
import { forgetReviewFlags, useReviewFlags } from "~/entries/use-review-flags";
import { refusalToResponse } from "~/http/responses.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { notifyRoundRankingChanged } from "~/realtime/realtime.server";
import { formatClock, formatDuration } from "~/text/format";
import { bigintIdParam, NOT_FOUND } from "~/http/url-ids";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Làm bài thi · Thi tìm hiểu CCHC" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  try {
    return json(await getEntryView(context.db, params.entryId ?? "", user.id), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    refusalToResponse(error);
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const entryId = bigintIdParam(params.entryId, NOT_FOUND.entry);
  // A refusal is shown on the entry page itself: the contestant keeps their questions and answers in view.
  return handleIntents(request, {
    submit: intent({
      schema: z.object({}),
      run: async () => {
        const result = await submitEntry(context.db, { entryId, userId: user.id });
        if (result.changed && !result.practice) await notifyRoundRankingChanged(context, result.roundId);
        return redirect(`/bai-thi/${entryId}`);
      },
    }),
  });
}

/** The review's filter is read from the address only: switching it needs no new data. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ currentUrl, nextUrl, formMethod, defaultShouldRevalidate }) => {
  if (formMethod || currentUrl.pathname !== nextUrl.pathname) return defaultShouldRevalidate;
  const withoutFilter = (url: URL) => {
    const search = new URLSearchParams(url.search);
    search.delete(REVIEW_FILTER_PARAM);
    return search.toString();
  };
  return withoutFilter(currentUrl) === withoutFilter(nextUrl) && currentUrl.search !== nextUrl.search ? false : defaultShouldRevalidate;
};

/** Said on every screen of an organizer's preview entry, before anything else. */
function PracticeBanner() {
  return (
    <p className="alert practice-banner" role="note" data-testid="practice-banner">
      Bản xem thử — không tính điểm
    </p>
  );
}

export default function EntryPage() {
  const view = useLoaderData<typeof loader>();
  return view.result ? <EntryResult view={view} /> : <EntryInProgress view={view} />;
}

function EntryResult({ view }: { view: EntryView }) {
  const result = view.result!;
  const [search] = useSearchParams();
  // The "xem lại" flags served the entry while it ran; nothing is left to come back to.
  useEffect(() => forgetReviewFlags(view.entryId), [view.entryId]);
  return (
    <>
      {view.practice && <PracticeBanner />}
      <section className="card result" aria-live="polite">
        <p className="muted">
          {view.contest.title} · {view.round.title} · {view.practice ? "làm thử" : "lượt"} {view.attemptNo}
        </p>
        <h1>{finishText(view.status).heading}</h1>
        {finishText(view.status).note && <p data-testid="entry-finish-note">{finishText(view.status).note}</p>}
        <p className="score" data-testid="entry-score">
          {`${result.score} / ${result.maxScore} điểm`}
        </p>
      </section>
      <div className="stats">
        <div className="stat">
          <span className="muted small">Số câu đúng</span>
          <strong data-testid="entry-correct">
            {`${result.correctCount} / ${result.questionCount}`}
          </strong>
        </div>
        <div className="stat">
          <span className="muted small">Thời gian làm bài</span>
          <strong data-testid="entry-duration">{formatDuration(result.durationMs)}</strong>
        </div>
      </div>
      <p className="row" style={{ marginTop: "1rem" }}>
        {view.practice ? (
          <Link className="button" to={`/quan-ly/cuoc-thi/${view.contest.id}/xem-truoc`}>
            Về trang xem trước
          </Link>
        ) : (
          <>
            <Link className="button" to={`/cuoc-thi/${view.contest.slug}`}>
              Về trang cuộc thi
            </Link>
            <Link className="button button--secondary" to={`/cuoc-thi/${view.contest.slug}/xep-hang?dot=${view.round.number}`}>
              Xem bảng xếp hạng
            </Link>
          </>
        )}
      </p>
      {view.prediction && <PredictionResult prediction={view.prediction} />}
      {view.review && <EntryReview review={view.review} filter={reviewFilterOf(search)} />}
    </>
  );
}

/** Remaining time from the server's figure, advanced by the monotonic clock: the device's wall clock plays no part. */
function useServerCountdown(initialRemainingMs: number) {
  const anchor = useRef({ remaining: initialRemainingMs, at: 0 });
  const [remainingMs, setRemainingMs] = useState(initialRemainingMs);
  useEffect(() => {
    anchor.current.at = performance.now();
    const tick = () => setRemainingMs(Math.max(0, anchor.current.remaining - (performance.now() - anchor.current.at)));
    const timer = window.setInterval(tick, 250);
    return () => window.clearInterval(timer);
  }, []);
  const resync = useCallback((serverRemainingMs: number) => {
    anchor.current = { remaining: serverRemainingMs, at: performance.now() };
  }, []);
  return { remainingMs, resync };
}

/** Asks before the page is closed or reloaded while something is not yet on the server. */
function useLeaveWarning(active: boolean, stillUnsaved: () => boolean) {
  const check = useRef(stillUnsaved);
  check.current = stillUnsaved;
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (!check.current()) return;
      event.preventDefault();
      // Older browsers need returnValue set; the text itself is no longer shown by any browser.
      event.returnValue = "Một số câu trả lời chưa được lưu.";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [active]);
}

const questionTargetId = (index: number) => `cau-${index + 1}`;

function EntryInProgress({ view }: { view: EntryView }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const [answers, setAnswers] = useState<Record<number, number[]>>(() =>
    Object.fromEntries(Object.entries(view.answers).map(([position, a]) => [position, a.chosen])),
  );
  const [predictionValue, setPredictionValue] = useState<number | null>(view.prediction?.value ?? null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { flagged, toggle: toggleFlag } = useReviewFlags(view.entryId);
  const submitButton = useRef<HTMLButtonElement>(null);
  const submitRefused = useActionData<typeof action>();
  // A refused submit ends the wait, so the contestant can read why and act on it.
  useEffect(() => {
    if (submitRefused) {
      setSubmitting(false);
      setConfirming(false);
    }
  }, [submitRefused]);
  const { remainingMs, resync } = useServerCountdown(view.remainingMs);
  const queue = useAnswerQueue({
    entryId: view.entryId,
    initialRevisions: Object.fromEntries(Object.entries(view.answers).map(([p, a]) => [p, a.revision])),
    onServerTime: resync,
    onFinalRefusal: (r: Refusal) => {
      // Refusals about one answer are shown under it; these concern the whole entry.
      if (r.status === 401 || r.status === 409) setRefusal(r.message);
      // Submitted elsewhere (another device): show the result.
      if (r.code === "entry_final") revalidator.revalidate();
    },
  });

  const sendSubmit = useCallback(async () => {
    setSubmitting(true);
    // Give unsaved answers a few seconds to reach the server before the entry is scored.
    await queue.flush(5000);
    submit({ intent: "submit" }, { method: "post", replace: true });
  }, [queue, submit]);

  // Time is up: submit what was saved; the server decides, by its own clock, what counts.
  const autoSubmitted = useRef(false);
  useEffect(() => {
    if (remainingMs <= 0 && !autoSubmitted.current) {
      autoSubmitted.current = true;
      void sendSubmit();
    }
  }, [remainingMs, sendSubmit]);

  const choose = (position: number, optionIndex: number, multiple: boolean, checked: boolean) => {
    const current = answers[position] ?? [];
    const next = multiple
      ? checked
        ? [...new Set([...current, optionIndex])].sort((a, b) => a - b)
        : current.filter((i) => i !== optionIndex)
      : [optionIndex];
    setAnswers((a) => ({ ...a, [position]: next }));
    queue.save(position, next);
  };

  const choosePrediction = (value: number) => {
    setPredictionValue(value);
    queue.savePrediction(value);
  };

  const isAnswered = (position: number) => answers[position]?.length > 0;
  const unanswered = view.questions.filter((q) => !isAnswered(q.position)).length;
  const predictionMissing = view.prediction !== null && predictionValue === null;
  // On its way or being retried: what the leave warning and the confirm step count.
  const unconfirmed =
    view.questions.filter((q) => isUnsaved(queue.states[q.position])).length + (view.prediction && isUnsaved(queue.predictionStatus) ? 1 : 0);
  useLeaveWarning(unconfirmed > 0, queue.hasPending);

  const timeUp = remainingMs <= 0;
  const busy = submitting || navigation.state !== "idle";

  const notSaved = (state: string | undefined) => state !== undefined && state !== "saved";
  const navigatorItems: NavigatorItem[] = view.questions.map((question, index) => ({
    label: String(index + 1),
    name: `Câu ${index + 1}`,
    targetId: questionTargetId(index),
    answered: isAnswered(question.position),
    unsaved: notSaved(queue.states[question.position]?.state),
    flagged: flagged.has(question.position),
  }));
  const flaggedCount = view.questions.filter((q) => flagged.has(q.position)).length;
  if (view.prediction) {
    navigatorItems.push({
      label: "Câu hỏi dự đoán",
      name: "Câu hỏi dự đoán",
      targetId: PREDICTION_TARGET_ID,
      answered: predictionValue !== null,
      unsaved: notSaved(queue.predictionStatus?.state),
      wide: true,
    });
  }

  const firstMissing = () => {
    const index = view.questions.findIndex((q) => !isAnswered(q.position));
    if (index >= 0) return questionTargetId(index);
    return predictionMissing ? PREDICTION_TARGET_ID : null;
  };

  return (
    <>
      <div className="entry-bar" role="region" aria-label="Danh sách câu hỏi và thời gian còn lại">
        <QuestionNavigator items={navigatorItems} answeredCount={view.questions.length - unanswered} questionCount={view.questions.length} />
        <span className="countdown-wrap">
          <span className="visually-hidden">Thời gian còn lại </span>
          <span className={`countdown${remainingMs < 60_000 ? " countdown--low" : ""}`} data-testid="countdown" aria-live="off">
            {formatClock(remainingMs)}
          </span>
        </span>
      </div>
      {view.practice && <PracticeBanner />}
      <p className="muted small" style={{ margin: "1rem 0 0.25rem" }}>
        {view.round.title} · {view.practice ? "làm thử" : "lượt"} {view.attemptNo}
      </p>
      <h1>{view.contest.title}</h1>
      <p className="muted small">
        Mỗi câu trả lời được lưu lên máy chủ ngay khi chọn; khi mất mạng, hệ thống tự gửi lại. Có thể tải lại trang hoặc mở trên thiết bị khác để làm
        tiếp.
      </p>
      {refusal && (
        <p className="alert alert--error" role="alert">
          {refusal}
        </p>
      )}
      {submitRefused && !submitRefused.ok && (
        <p className="alert alert--error" role="alert" data-testid="submit-refused">
          {submitRefused.message}
        </p>
      )}
      {timeUp && (
        <p className="alert alert--info" role="status">
          Đã hết giờ làm bài. Bài thi đang được nộp…
        </p>
      )}
      <form onSubmit={(e) => e.preventDefault()}>
        {view.questions.map((question, index) => {
          const multiple = question.type === "multiple";
          const chosen = answers[question.position] ?? [];
          return (
            <fieldset
              key={question.position}
              id={questionTargetId(index)}
              tabIndex={-1}
              className="question"
              data-testid="question"
              disabled={timeUp || busy}
            >
              <legend>
                <span className="number">Câu {index + 1}.</span> {question.stem}
                {multiple && <span className="muted small"> (chọn tất cả phương án đúng)</span>}
              </legend>
              {question.options.map((option, optionIndex) => (
                <label key={optionIndex} className="option">
                  <input
                    type={multiple ? "checkbox" : "radio"}
                    name={`q-${question.position}`}
                    value={optionIndex}
                    checked={chosen.includes(optionIndex)}
                    onChange={(e) => choose(question.position, optionIndex, multiple, e.target.checked)}
                  />
                  <span>
                    <strong>{String.fromCharCode(65 + optionIndex)}.</strong> {option}
                  </span>
                </label>
              ))}
              <div className="question__footer">
                <SaveStatusLine status={queue.states[question.position]} />
                <button
                  type="button"
                  className="flag-button"
                  aria-pressed={flagged.has(question.position)}
                  onClick={() => toggleFlag(question.position)}
                  data-testid="flag-button"
                >
                  <span aria-hidden="true">{flagged.has(question.position) ? "⚑" : "⚐"}</span> Đánh dấu để xem lại
                </button>
              </div>
            </fieldset>
          );
        })}
      </form>
      {view.prediction && (
        <PredictionField
          prompt={view.prediction.prompt}
          initialValue={view.prediction.value}
          status={queue.predictionStatus}
          disabled={timeUp || busy}
          onValue={choosePrediction}
        />
      )}
      <section className="card">
        {confirming ? (
          <div className="stack" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-details">
            <p id="confirm-title">
              <strong>Nộp bài?</strong>
            </p>
            <ul id="confirm-details" className="confirm-list">
              <li>{unanswered > 0 ? `Bạn còn ${unanswered} câu chưa trả lời.` : "Bạn đã trả lời tất cả các câu."}</li>
              {predictionMissing && <li>Bạn chưa trả lời câu hỏi dự đoán.</li>}
              {flaggedCount > 0 && <li>{`Bạn còn ${flaggedCount} câu đã đánh dấu để xem lại.`}</li>}
              {unconfirmed > 0 && <li>{`Còn ${unconfirmed} câu trả lời chưa lưu; hệ thống sẽ gửi lại trước khi nộp.`}</li>}
              <li>Sau khi nộp không thể sửa câu trả lời.</li>
            </ul>
            <div className="row">
              <button type="button" className="button" onClick={() => void sendSubmit()} disabled={busy} autoFocus>
                {busy ? "Đang nộp…" : "Xác nhận nộp bài"}
              </button>
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => submitButton.current?.focus());
                }}
                disabled={busy}
              >
                Làm tiếp
              </button>
              {(unanswered > 0 || predictionMissing) && (
                <button
                  type="button"
                  className="link-button"
                  disabled={busy}
                  onClick={() => {
                    const target = firstMissing();
                    setConfirming(false);
                    if (target) requestAnimationFrame(() => jumpTo(target));
                  }}
                >
                  Đến câu chưa trả lời
                </button>
              )}
            </div>
          </div>
        ) : (
          <button ref={submitButton} type="button" className="button button--block" onClick={() => setConfirming(true)} disabled={busy || timeUp}>
            Nộp bài
          </button>
        )}
      </section>
    </>
  );
}
