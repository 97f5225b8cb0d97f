import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { startConfirmHref, startLabel } from "~/components/contest-landing";
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
                  <th scope="col">Làm bài</th>
                </tr>
              </thead>
              <tbody>
                {contest.rounds.map((round) => (
                  <tr key={round.id}>
                    <td className="card-table__title" data-label="Đợt">
                      {round.title}
                      <span className="muted small" style={{ display: "block" }}>{`${formatDateTime(round.opensAt)} – ${formatDateTime(round.closesAt)}`}</span>
                    </td>
                    <td data-label="Trạng thái">{ROUND_STATE_LABELS[round.state]}</td>
                    <td data-label="Lượt đã thi">{`${round.used} / ${round.allowed}${round.state === "open" && round.used < round.allowed ? ` (còn ${round.allowed - round.used})` : ""}`}</td>
                    <td data-label="Kết quả tốt nhất">{round.best ? `${round.best.score} / ${round.maxScore} điểm · ${formatDuration(round.best.durationMs)}` : "—"}</td>
                    <td data-label="Làm bài">
                      <RoundActions slug={contest.slug} round={round} />
                    </td>
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

type MyRound = ReturnType<typeof useLoaderData<typeof loader>>["contests"][number]["rounds"][number];

/** What the person can do in a round from here; a new entry goes through the contest page's confirm step. */
function RoundActions({ slug, round }: { slug: string; round: MyRound }) {
  const open = round.state === "open";
  const actions = [
    open && round.inProgress && (
      <Link key="resume" className="button" to={`/bai-thi/${round.inProgress}`}>
        Tiếp tục làm bài
      </Link>
    ),
    open && !round.inProgress && round.used < round.allowed && (
      <Link key="start" className="button" to={startConfirmHref(slug, round.id)}>
        {round.used === 0 ? "Vào thi" : startLabel(round.used)}
      </Link>
    ),
    round.best && (
      <Link key="result" className="button button--secondary" to={`/bai-thi/${round.best.entryId}`}>
        Xem kết quả
      </Link>
    ),
  ].filter(Boolean);
  return actions.length > 0 ? <div className="row">{actions}</div> : <span className="muted">—</span>;
}
