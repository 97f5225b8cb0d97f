import { Form, Link } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ContestCounters, ContestSummary, MyRoundProgress } from "~/contests/contests.server";
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

export function ContestLanding(props: {
  contest: ContestSummary;
  counters: ContestCounters;
  serverNow: string;
  progress: Record<number, MyRoundProgress>;
  loggedIn: boolean;
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
                  ) : round.state === "open" && left > 0 ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="start" />
                      <input type="hidden" name="roundId" value={round.id} />
                      <button type="submit" className="button" disabled={props.busy}>
                        {mine?.entriesUsed ? `Thi lượt ${mine.entriesUsed + 1}` : "Bắt đầu làm bài"}
                      </button>
                    </Form>
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
