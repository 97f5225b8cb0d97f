import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { formatRate } from "~/components/rankings/format";
import { LeaderContestLinks } from "~/components/leader-contest-links";
import { leaderContestOverview, loadRankingViewer } from "~/rankings/ranking-page.server";
import { formatNumber } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Theo dõi cuộc thi · Thi tìm hiểu CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { db } = context;
  const user = await requireRole(db, request, ["leader", "organizer"]);
  const { viewer } = await loadRankingViewer(db, request);
  const overview = await leaderContestOverview(db, user, viewer);
  return {
    // A leader keeps their unit's staff list, which the participation rates count.
    rosterUnitId: user.role === "leader" ? user.unitId : null,
    contests: overview.map(({ contest, unit, openRound, participation }) => ({
      id: contest.id,
      title: contest.title,
      unitName: unit?.name ?? null,
      round: openRound ? `${openRound.title} · ${ROUND_STATE_LABELS[openRound.state]}` : null,
      participants: participation?.participants ?? null,
      headcount: participation?.headcount ?? null,
      participationRate: participation?.participationRate ?? null,
      entries: participation?.entries ?? null,
    })),
  };
}

export default function LeaderHome() {
  const { contests, rosterUnitId } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Theo dõi cuộc thi</h1>
      {rosterUnitId !== null && (
        <p className="small">
          <Link to={`/quan-ly/don-vi/${rosterUnitId}/danh-sach`}>Danh sách cán bộ của đơn vị</Link> — tỷ lệ tham gia tính theo danh sách này khi đơn vị đã nhập.
        </p>
      )}
      <p className="muted small">Chọn một cuộc thi để xem số người dự thi, tỷ lệ tham gia, người dẫn đầu và các đơn vị trực thuộc, cập nhật trực tiếp.</p>
      {contests.length === 0 && <p className="muted">Chưa có cuộc thi nào được công bố.</p>}
      {contests.map((contest) => (
        <section key={contest.id} className="card" data-testid="leader-contest">
          <h2 style={{ marginTop: 0 }}>
            <Link to={`/lanh-dao/cuoc-thi/${contest.id}`}>{contest.title}</Link>
          </h2>
          {contest.round && <p className="small">{contest.round}</p>}
          {contest.participants !== null && (
            <p className="small">
              {contest.unitName}: <strong>{formatNumber(contest.participants)}</strong> người dự thi / {formatNumber(contest.headcount ?? 0)} CBCCVC · tỷ lệ{" "}
              <strong>{formatRate(contest.participationRate)}</strong> · {formatNumber(contest.entries ?? 0)} lượt thi
            </p>
          )}
          {contest.participants === 0 && <p className="muted small">Chưa có ai dự thi.</p>}
          <Link className="button button--secondary" to={`/lanh-dao/cuoc-thi/${contest.id}`}>
            Mở bảng theo dõi
          </Link>
          <LeaderContestLinks contestId={contest.id} />
        </section>
      ))}
    </>
  );
}
