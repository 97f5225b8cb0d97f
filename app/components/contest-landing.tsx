import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { ContestCounters, ContestSummary, MyRoundProgress, RoundSummary } from "~/contests/contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { formatClock, formatDateTime, formatDuration, formatNumber } from "~/text/format";

/** Time left until an instant, counted from the server's "now" and advanced by the monotonic clock. */
function useCountdown(targetIso: string | null, serverNowIso: string) {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const start = performance.now();
    const timer = window.setInterval(() => setElapsed(performance.now() - start), 1000);
    return () => window.clearInterval(timer);
  }, [serverNowIso]);
  if (!targetIso) return null;
  return new Date(targetIso).getTime() - new Date(serverNowIso).getTime() - elapsed;
}

function untilText(ms: number): string {
  if (ms <= 0) return "đang mở";
  const days = Math.floor(ms / 86_400_000);
  return days >= 1 ? `${days} ngày ${formatClock(ms % 86_400_000)}` : formatClock(ms);
}

/** "Bắt đầu làm bài", or "Thi lượt 2" once an entry was used: what starting offers. */
export function startLabel(entriesUsed: number): string {
  return entriesUsed > 0 ? `Thi lượt ${entriesUsed + 1}` : "Bắt đầu làm bài";
}

/** The contest page asking to confirm the start of an entry in this round. */
export function startConfirmHref(slug: string, roundId: number): string {
  return `/cuoc-thi/${slug}?bat-dau=${roundId}#xac-nhan-bat-dau`;
}

/**
 * The step between "Bắt đầu làm bài" and a spent attempt: how many are left, that the clock runs
 * from the start. A plain form (no JavaScript needed); the attempt it names makes a repeated
 * confirm land on the same entry.
 */
function ConfirmStart(props: { slug: string; round: RoundSummary; attemptNo: number; left: number; busy?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [props.round.id]);
  const minutes = Math.round(props.round.timeLimitSeconds / 60);
  return (
    <div className="confirm-start" id="xac-nhan-bat-dau" role="group" aria-labelledby="xac-nhan-bat-dau-tieu-de">
      <h4 id="xac-nhan-bat-dau-tieu-de" ref={heading} tabIndex={-1}>
        {`Bắt đầu lượt thi thứ ${props.attemptNo}?`}
      </h4>
      <p data-testid="attempts-left">
        <strong>{`Bạn còn ${props.left} lượt thi`}</strong>
        {` trong ${props.round.title}. Lượt thi được tính ngay khi bắt đầu; bạn có ${minutes} phút, và đồng hồ vẫn chạy khi tải lại trang hay mất mạng.`}
      </p>
      <Form method="post" className="row">
        <input type="hidden" name="intent" value="start" />
        <input type="hidden" name="roundId" value={props.round.id} />
        <input type="hidden" name="attempt" value={props.attemptNo} />
        <button type="submit" className="button" disabled={props.busy}>
          {props.busy ? "Đang bắt đầu…" : "Xác nhận bắt đầu"}
        </button>
        <Link className="button button--secondary" to={`/cuoc-thi/${props.slug}`} preventScrollReset>
          Để sau
        </Link>
      </Form>
    </div>
  );
}

export function ContestLanding(props: {
  contest: ContestSummary;
  counters: ContestCounters;
  serverNow: string;
  progress: Record<number, MyRoundProgress>;
  loggedIn: boolean;
  /** Why this logged-in person may not take part (outside the contest's audience); null when they may. */
  audienceRefusal?: string | null;
  /** The round whose start is being confirmed (the page's "?bat-dau="). */
  confirmRoundId?: number | null;
  preview?: boolean;
  error?: string | null;
  busy?: boolean;
  live?: boolean;
}) {
  const { contest, counters, progress, loggedIn, preview } = props;
  const next = contest.rounds.find((r) => r.state === "upcoming");
  const untilNext = useCountdown(next?.opensAt ?? null, props.serverNow);
  return (
    <>
      {contest.hasBanner && (
        <img className="banner" src={`/cuoc-thi/${contest.slug}/anh-bia`} alt={`Ảnh bìa: ${contest.title}`} />
      )}
      <section className="card">
        <h1>{contest.title}</h1>
        <p className="muted small">Đơn vị tổ chức: {contest.ownerUnitName}</p>
        <div className="stats" aria-live="polite">
          <div className="stat">
            <span className="muted small">Lượt dự thi</span>
            <strong data-testid="counter-entries">{formatNumber(counters.entries)}</strong>
          </div>
          <div className="stat">
            <span className="muted small">Người đã dự thi</span>
            <strong>{formatNumber(counters.participants)}</strong>
          </div>
          <div className="stat">
            <span className="muted small">Đang làm bài</span>
            <strong>{formatNumber(counters.takingPartNow)}</strong>
          </div>
          {next && untilNext !== null && (
            <div className="stat">
              <span className="muted small">{`${next.title} mở sau`}</span>
              <strong data-testid="next-round-countdown">{untilText(untilNext)}</strong>
            </div>
          )}
        </div>
        {props.live !== undefined && (
          <p className="small muted">
            <span className={`badge ${props.live ? "badge--open" : "badge--closed"}`}>{props.live ? "Số liệu cập nhật trực tiếp" : "Chưa kết nối trực tiếp"}</span>
          </p>
        )}
      </section>
      {props.error && (
        <p className="alert alert--error" role="alert">
          {props.error}
        </p>
      )}
      <section className="card">
        <h2>Lịch thi</h2>
        {contest.rounds.length === 0 && <p className="muted">Chưa có đợt thi nào.</p>}
        {!preview && props.audienceRefusal && (
          <p className="alert alert--info" data-testid="audience-refusal">
            {props.audienceRefusal} Nếu bạn đã chọn nhầm đơn vị khi đăng ký, hãy liên hệ ban tổ chức để được chuyển về đúng đơn vị.
          </p>
        )}
        {contest.rounds.map((round) => {
          const mine = progress[round.id];
          // Extra entries granted to this person count, as the start of an entry counts them.
          const left = (mine?.entriesAllowed ?? round.maxEntries) - (mine?.entriesUsed ?? 0);
          return (
            <div key={round.id} className="round" aria-labelledby={`round-${round.id}`}>
              <div className="row" style={{ justifyContent: "space-between" }}>
                <h3 id={`round-${round.id}`} style={{ margin: 0 }}>
                  {round.title}
                </h3>
                <span className={`badge badge--${round.state === "open" ? "open" : round.state === "closed" ? "closed" : "soon"}`}>{ROUND_STATE_LABELS[round.state]}</span>
              </div>
              <p className="small">
                {`${formatDateTime(round.opensAt)} – ${formatDateTime(round.closesAt)} (giờ Việt Nam)`}
                <br />
                {`${round.questionCount} câu hỏi · ${Math.round(round.timeLimitSeconds / 60)} phút · tối đa ${round.maxScore} điểm · ${round.maxEntries} lượt thi`}
                {round.predictionPrompt && <><br />{`Câu hỏi dự đoán: ${round.predictionPrompt}`}</>}
                {round.predictionValue !== null && <><br /><strong>{`Đáp án câu hỏi dự đoán: ${formatNumber(round.predictionValue)}`}</strong></>}
              </p>
              {mine?.best && (
                <p className="alert alert--ok">
                  Kết quả tốt nhất của bạn: <strong>{`${mine.best.score} điểm`}</strong>, thời gian {formatDuration(mine.best.durationMs)}.
                </p>
              )}
              {!preview && (
                <div className="row">
                  {round.state === "open" && mine?.inProgressEntryId ? (
                    <Link className="button" to={`/bai-thi/${mine.inProgressEntryId}`}>
                      Tiếp tục làm bài
                    </Link>
                  ) : round.state === "open" && !loggedIn ? (
                    <Link className="button" to={`/dang-nhap?redirectTo=${encodeURIComponent(`/cuoc-thi/${contest.slug}`)}`}>
                      Đăng nhập để dự thi
                    </Link>
                  ) : round.state === "open" && props.audienceRefusal ? null : round.state === "open" && left > 0 && props.confirmRoundId === round.id ? (
                    <ConfirmStart slug={contest.slug} round={round} attemptNo={(mine?.entriesUsed ?? 0) + 1} left={left} busy={props.busy} />
                  ) : round.state === "open" && left > 0 ? (
                    <>
                      <Link className="button" to={startConfirmHref(contest.slug, round.id)}>
                        {startLabel(mine?.entriesUsed ?? 0)}
                      </Link>
                      <span className="small" data-testid="attempts-left">{`Bạn còn ${left} lượt thi`}</span>
                    </>
                  ) : round.state === "open" ? (
                    <p className="muted">Bạn đã dùng hết lượt thi của đợt này.</p>
                  ) : null}
                  <Link className="button button--secondary" to={`/cuoc-thi/${contest.slug}/xep-hang?dot=${round.number}`}>
                    Bảng xếp hạng
                  </Link>
                </div>
              )}
              {mine && mine.entries.length > 0 && (
                <details>
                  <summary>{`Các lượt thi của bạn (${mine.entries.length})`}</summary>
                  <ul>
                    {mine.entries.map((entry) => (
                      <li key={entry.entryId}>
                        <Link to={`/bai-thi/${entry.entryId}`}>{`Lượt ${entry.attemptNo}`}</Link>:{" "}
                        {entry.status === "in_progress" ? "đang làm" : `${entry.score} điểm, ${formatDuration(entry.durationMs ?? 0)}`}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </div>
          );
        })}
      </section>
      {contest.prizes && (
        <section className="card">
          <h2>Giải thưởng</h2>
          <div className="rules">{contest.prizes}</div>
        </section>
      )}
      <section className="card">
        <h2>Thể lệ</h2>
        <div className="rules">{contest.rules}</div>
      </section>
    </>
  );
}
