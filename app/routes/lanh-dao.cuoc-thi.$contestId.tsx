import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EntriesOverTimeChart, ParticipationByUnitChart, ScoreDistributionChart } from "~/components/charts";
import { LeaderContestLinks } from "~/components/leader-contest-links";
import { LiveStatus } from "~/components/live-status";
import { RankingCounters } from "~/components/rankings/counters";
import { PersonTable } from "~/components/rankings/person-table";
import { ScopeTabs } from "~/components/rankings/scope-tabs";
import { UNIT_TABLE_NOTE, UnitTable } from "~/components/rankings/unit-table";
import { getContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { contestRankingSettings, findUnit, loadRankingViewer, positionsOf, topUnit, unitAncestry, type UnitRef } from "~/rankings/ranking-page.server";
import { parseRankingQuery, withParams } from "~/rankings/ranking-query";
import { personRanking, rankingSummary, unitRanking, type RankingScope } from "~/rankings/rankings.server";
import { pathWithin, rankingAccess, shownPersonRow } from "~/rankings/visibility";
import { WATCH_MESSAGES } from "~/realtime/events";
import { mayWatch } from "~/realtime/watch-rules";
import { useLiveRanking } from "~/realtime/use-live-rounds";
import { parseIntId } from "~/http/url-ids";

export const meta: MetaFunction = () => [{ title: "Bảng theo dõi · Thi tìm hiểu CCHC" }];

const TOP = 10;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const { user, viewer } = await loadRankingViewer(db, request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/dang-nhap?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const contestId = parseIntId(params.contestId);
  const contest = contestId !== null ? await getContest(db, { id: contestId, includeDrafts: true }) : null;
  const staff = user.role === "organizer" || user.role === "admin";
  // A draft is seen by its organizers only, as everywhere else.
  if (!contest || (!contest.published && !staff)) notFound("Không tìm thấy cuộc thi này.");
  const settings = await contestRankingSettings(db, contest.id);
  const access = rankingAccess(viewer, settings);
  if (!access.dashboard) throw new Response(WATCH_MESSAGES.dashboardOnly, { status: 403 });

  const parsed = parseRankingQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400 });
  const query = parsed.query;
  // The dashboard opens on the whole contest; a round is a tab.
  const round = query.roundNumber === null ? null : contest.rounds.find((r) => r.number === query.roundNumber);
  if (round === undefined) notFound("Không tìm thấy đợt thi này.");
  const scope: RankingScope = round ? { kind: "round", roundId: round.id } : { kind: "contest", contestId: contest.id };
  const groupId = query.groupId;
  if (groupId !== null && !settings.groups.some((g) => g.id === groupId)) notFound("Không tìm thấy bảng thi này.");

  // The unit in view: the one drilled into, else the reader's own (a leader held to a subtree), else the top of the tree.
  let unit: UnitRef | null;
  if (query.unitId !== null) {
    unit = await findUnit(db, query.unitId);
    if (!unit) notFound("Không tìm thấy đơn vị này.");
  } else {
    unit = access.detailsWithin !== null ? await findUnit(db, user.unitId) : await topUnit(db);
  }
  // The same rule as the socket's dashboard watch: counters, charts and people's details only where the viewer may read details.
  const decision = mayWatch(access, "dashboard", unit?.path ?? null);
  if (!decision.ok) throw new Response(decision.message, { status: 403 });

  const [units, summary, top, crumbs] = await Promise.all([
    unitRanking(db, { scope, groupId, parentUnitId: unit?.id ?? null, sort: query.sort, descending: query.descending }),
    rankingSummary(db, { scope, groupId, unitPath: unit?.path ?? null }),
    personRanking(db, { scope, groupId, unitPath: unit?.path ?? null, limit: TOP }),
    unit ? unitAncestry(db, unit) : [],
  ]);
  const details = await positionsOf(db, top.rows.map((r) => r.userId));
  const headcount = units.parent ? units.parent.headcount : units.rows.reduce((sum, r) => sum + r.headcount, 0);

  return {
    contest: { id: contest.id, title: contest.title, slug: contest.slug, published: contest.published, rounds: contest.rounds.map((r) => ({ number: r.number, title: r.title })) },
    round: round ? { id: round.id, number: round.number, title: round.title } : null,
    maxScore: round ? round.maxScore : contest.rounds.reduce((sum, r) => sum + r.maxScore, 0),
    groups: settings.groups,
    groupId,
    unit: unit ? { id: unit.id, name: unit.name } : null,
    crumbs: crumbs.filter((c) => pathWithin(c.path, access.detailsWithin)).map((c) => ({ id: c.id, name: c.name })),
    counters: {
      participants: summary.participants,
      headcount,
      participationRate: headcount > 0 ? summary.participants / headcount : null,
      entries: summary.entries,
      fullScores: summary.fullScores,
      averageScore: summary.averageScore,
    },
    provisional: top.provisional,
    top: top.rows.map((row) => {
      const person = details.get(row.userId);
      // Chức vụ only for people in the subtree whose details this viewer may read.
      const mayRead = access.details && person !== undefined && pathWithin(person.unitPath, access.detailsWithin);
      return { ...shownPersonRow(row, user.id), position: mayRead ? person.position : null };
    }),
    units: units.rows,
    summary: { entriesOverTime: summary.entriesOverTime, scoreDistribution: summary.scoreDistribution },
    sort: query.sort,
    descending: query.descending,
  };
}

export default function LeaderDashboard() {
  const data = useLoaderData<typeof loader>();
  const { contest, round, unit } = data;
  const [params] = useSearchParams();
  const live = useLiveRanking([{ contestId: contest.id, roundId: round?.id ?? null, groupId: data.groupId, unitId: unit?.id ?? null, view: "dashboard" }]);
  return (
    <>
      <p className="small">
        <Link to="/lanh-dao">← Các cuộc thi</Link>
      </p>
      <h1>Bảng theo dõi · {contest.title}</h1>
      {!contest.published && <p className="alert alert--info">Cuộc thi đang là bản nháp: chỉ ban tổ chức xem được bảng này.</p>}
      <LeaderContestLinks contestId={contest.id} />
      <ScopeTabs rounds={contest.rounds} currentRound={round?.number ?? null} wholeContest={round === null} groups={data.groups} currentGroup={data.groupId} />
      {data.crumbs.length > 0 && (
        <nav className="small" aria-label="Cấp đơn vị" data-testid="unit-crumbs" style={{ margin: "0.5rem 0" }}>
          {data.crumbs.map((c, i) => (
            <span key={c.id}>
              {i > 0 && " › "}
              {c.id === unit?.id ? <strong>{c.name}</strong> : <Link to={withParams(params, { donvi: c.id })}>{c.name}</Link>}
            </span>
          ))}
        </nav>
      )}
      <LiveStatus live={live} />
      {data.provisional && <p className="alert alert--info">Tạm tính — chưa tính câu hỏi dự đoán.</p>}

      <h2>{unit ? `Số liệu của ${unit.name}` : "Số liệu toàn cuộc thi"}</h2>
      <RankingCounters {...data.counters} />
      {data.counters.participants === 0 && (
        <p className="muted" data-testid="dashboard-empty">
          Chưa có ai dự thi.
        </p>
      )}

      <section aria-label={`${data.top.length} người dẫn đầu`}>
        <h2>Dẫn đầu</h2>
        <PersonTable rows={data.top} showPosition testId="dashboard-top" />
        <p className="small">
          <Link to={`/cuoc-thi/${contest.slug}/xep-hang?${round ? `dot=${round.number}` : "toan-cuoc=1"}${unit ? `&donvi=${unit.id}` : ""}`}>Xem toàn bộ bảng xếp hạng</Link>
        </p>
      </section>

      <section aria-label="Các đơn vị trực thuộc">
        <h2>Các đơn vị trực thuộc</h2>
        <p className="muted small">{`${UNIT_TABLE_NOTE} Chọn tên đơn vị để xem chi tiết.`}</p>
        <UnitTable rows={data.units} sort={data.sort} descending={data.descending} drillParam="donvi" testId="dashboard-units" />
      </section>

      <section aria-label="Biểu đồ" className="chart-grid" style={{ marginTop: "1.25rem" }}>
        <h2>Biểu đồ</h2>
        <EntriesOverTimeChart points={data.summary.entriesOverTime} />
        <ParticipationByUnitChart units={data.units.map((u) => ({ name: u.name, participationRate: u.participationRate, participants: u.participants, headcount: u.headcount }))} />
        <ScoreDistributionChart scores={data.summary.scoreDistribution} maxScore={data.maxScore} />
      </section>
    </>
  );
}
