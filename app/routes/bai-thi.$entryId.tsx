import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { requireUser } from "~/auth/auth.server";
import { submitEntry } from "~/entries/entries.server";
import { getEntryView, type EntryView } from "~/entries/entry-view.server";
import { useAnswerQueue, type SaveState } from "~/entries/use-answer-queue";
import { refusalToResponse } from "~/http/responses.server";
import { UserFacingError } from "~/http/user-facing-error";
import { notifyRankingChanged } from "~/realtime/realtime.server";
import { formatClock, formatDuration } from "~/text/format";

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
  const form = await request.formData();
  if (form.get("intent") !== "submit") return json({ error: "Yêu cầu không hợp lệ." }, { status: 400 });
  const entryId = params.entryId ?? "";
  if (!/^\d{1,18}$/.test(entryId)) throw new Response("Không tìm thấy bài thi.", { status: 404 });
  try {
    const result = await submitEntry(context.db, { entryId, userId: user.id });
    if (result.changed) notifyRankingChanged(context.io, result.roundId);
    return redirect(`/bai-thi/${entryId}`);
  } catch (error) {
    if (error instanceof UserFacingError) throw new Response(error.message, { status: error.status });
    throw error;
  }
}

export default function EntryPage() {
  const view = useLoaderData<typeof loader>();
  return view.result ? <EntryResult view={view} /> : <EntryInProgress view={view} />;
}

function EntryResult({ view }: { view: EntryView }) {
  const result = view.result!;
  return (
    <>
      <section className="card result" aria-live="polite">
        <p className="muted">
          {view.contest.title} · {view.round.title} · lượt {view.attemptNo}
        </p>
        <h1>{view.status === "expired" ? "Bài thi đã được nộp tự động khi hết giờ" : "Bạn đã nộp bài"}</h1>
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
        <Link className="button" to={`/cuoc-thi/${view.contest.slug}`}>
          Về trang cuộc thi
        </Link>
        <Link className="button button--secondary" to={`/cuoc-thi/${view.contest.slug}/xep-hang?dot=${view.round.number}`}>
          Xem bảng xếp hạng
        </Link>
      </p>
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

const SAVE_LABELS: Record<SaveState, string> = { saved: "Đã lưu", pending: "Đang lưu…", error: "Chưa lưu" };

function EntryInProgress({ view }: { view: EntryView }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [answers, setAnswers] = useState<Record<number, number[]>>(() =>
    Object.fromEntries(Object.entries(view.answers).map(([position, a]) => [position, a.chosen])),
  );
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { remainingMs, resync } = useServerCountdown(view.remainingMs);
  const queue = useAnswerQueue({
    entryId: view.entryId,
    initialRevisions: Object.fromEntries(Object.entries(view.answers).map(([p, a]) => [p, a.revision])),
    onServerTime: resync,
    onFinalRefusal: (message) => setRefusal(message),
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

  const unanswered = view.questions.filter((q) => !(answers[q.position]?.length > 0)).length;
  const timeUp = remainingMs <= 0;
  const busy = submitting || navigation.state !== "idle";

  return (
    <>
      <div className="entry-bar" role="region" aria-label="Thời gian còn lại">
        <span className="small">
          {view.round.title} · lượt {view.attemptNo}
        </span>
        <span className={`countdown${remainingMs < 60_000 ? " countdown--low" : ""}`} data-testid="countdown" aria-live="off">
          {formatClock(remainingMs)}
        </span>
      </div>
      <h1 style={{ marginTop: "1rem" }}>{view.contest.title}</h1>
      <p className="muted small">
        Mỗi câu trả lời được lưu lên máy chủ ngay khi chọn. Có thể tải lại trang hoặc mở trên thiết bị khác để làm tiếp.
      </p>
      {refusal && (
        <p className="alert alert--error" role="alert">
          {refusal}
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
          const state = queue.states[question.position];
          return (
            <fieldset key={question.position} className="question" data-testid="question" disabled={timeUp || busy}>
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
              {state && (
                <p className={`save-state save-state--${state}`} role="status" data-testid="save-state">
                  {SAVE_LABELS[state]}
                </p>
              )}
            </fieldset>
          );
        })}
      </form>
      <section className="card">
        {confirming ? (
          <div className="stack" role="alertdialog" aria-labelledby="confirm-title">
            <p id="confirm-title">
              <strong>Nộp bài?</strong>{" "}
              {unanswered > 0 ? `Bạn còn ${unanswered} câu chưa trả lời.` : "Bạn đã trả lời tất cả các câu."} Sau khi nộp không thể sửa
              câu trả lời.
            </p>
            <div className="row">
              <button type="button" className="button" onClick={() => void sendSubmit()} disabled={busy} autoFocus>
                {busy ? "Đang nộp…" : "Xác nhận nộp bài"}
              </button>
              <button type="button" className="button button--secondary" onClick={() => setConfirming(false)} disabled={busy}>
                Làm tiếp
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="button button--block" onClick={() => setConfirming(true)} disabled={busy || timeUp}>
            Nộp bài
          </button>
        )}
      </section>
    </>
  );
}
