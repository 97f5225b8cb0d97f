import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { myContests } from "~/contests/my-contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { formatDateTime, formatDuration } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Cuộc thi của tôi · Thi tìm hiểu CCHC" }];

/** What I can enter, my entries and best result per round, and what is left. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const contests = await myContests(context.db, user.id);
  return {
    contests: contests.map((contest) => ({
      slug: contest.slug,
      prizes: contest.prizes.map((p) => `${PRIZE_TIER_LABELS[p.tier]} – ${p.scopeLabel}`),
      title: contest.title,
      group: contest.group.name,
      rounds: contest.rounds.map(({ progress, ...round }) => ({
        ...round,
        used: progress?.entriesUsed ?? 0,
        allowed: progress?.entriesAllowed ?? round.maxEntries,
        best: progress?.best ?? null,
        inProgress: progress?.inProgressEntryId ?? null,
      })),
    })),
  };
}

export default function MyContests() {
  const { contests } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Cuộc thi của tôi</h1>
      {contests.length === 0 && <p className="muted">Hiện chưa có cuộc thi nào dành cho đơn vị của bạn.</p>}
      {contests.map((contest) => (
        <section key={contest.slug} className="card">
          <h2>
            <Link to={`/cuoc-thi/${contest.slug}`}>{contest.title}</Link>
          </h2>
          {contest.group && <p className="muted small">{`Bảng: ${contest.group}`}</p>}
          {contest.prizes.length > 0 && (
            <p className="alert alert--ok">
              {`Chúc mừng! Bạn đạt ${contest.prizes.join("; ")}. `}
              <a href={`/cuoc-thi/${contest.slug}/giay-chung-nhan`}>Tải giấy chứng nhận (PDF)</a>
            </p>
          )}
          <div className="table-wrap">
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">Đợt</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Lượt đã thi</th>
                  <th scope="col">Kết quả tốt nhất</th>
                </tr>
              </thead>
              <tbody>
                {contest.rounds.map((round) => (
                  <tr key={round.id}>
                    <td className="card-table__title" data-label="Đợt">
                      {round.title}
                      <span className="muted small" style={{ display: "block" }}>{`${formatDateTime(round.opensAt)} – ${formatDateTime(round.closesAt)}`}</span>
                    </td>
                    <td data-label="Trạng thái">
                      {ROUND_STATE_LABELS[round.state]}
                      {round.inProgress && (
                        <Link style={{ display: "block" }} to={`/bai-thi/${round.inProgress}`}>
                          Tiếp tục làm bài
                        </Link>
                      )}
                    </td>
                    <td data-label="Lượt đã thi">{`${round.used} / ${round.allowed}${round.state === "open" && round.used < round.allowed ? ` (còn ${round.allowed - round.used})` : ""}`}</td>
                    <td data-label="Kết quả tốt nhất">{round.best ? `${round.best.score} / ${round.maxScore} điểm · ${formatDuration(round.best.durationMs)}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
