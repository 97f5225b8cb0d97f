import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { EntriesOverTimeChart, ParticipationByUnitChart, ScoreDistributionChart } from "~/components/charts";
import { LiveStatus } from "~/components/live-status";
import { Pagination } from "~/components/pagination";
import { PersonTable } from "~/components/rankings/person-table";
import { ScopeTabs } from "~/components/rankings/scope-tabs";
import { UNIT_TABLE_NOTE, UnitTable } from "~/components/rankings/unit-table";
import { getPublishedContest } from "~/contests/contests.server";
import { shareMeta, SITE_NAME } from "~/contests/share";
import { contestShareCard } from "~/contests/share.server";
import { notFound } from "~/http/responses.server";
import { contestRankingSettings, defaultRound, findUnit, loadRankingViewer, topUnit, unitAncestry, unitChoices, type UnitRef } from "~/rankings/ranking-page.server";
import { parseRankingQuery, withParams } from "~/rankings/ranking-query";
import { personRank, personRanking, rankingSummary, unitRanking, type RankingScope } from "~/rankings/rankings.server";
import { mayReadScope, pathWithin, rankingAccess, shownPersonRow } from "~/rankings/visibility";
import { useLiveRanking } from "~/realtime/use-live-rounds";
import { WATCH_MESSAGES, type WatchRequest } from "~/realtime/events";
import { formatDuration, formatNumber } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => shareMeta(`Bảng xếp hạng · ${SITE_NAME}`, data?.share);

const PAGE_SIZE = 50;
// The same sentences as the socket's refusals: one rule, one wording.
const NOT_PUBLIC_MESSAGE = WATCH_MESSAGES.notPublic;
const OUTSIDE_SUBTREE_MESSAGE = WATCH_MESSAGES.outsideSubtree;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { db } = context;
  const contest = await getPublishedContest(db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này.");
  const parsed = parseRankingQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400 });
  const query = parsed.query;
  const [{ user, viewer }, settings] = await Promise.all([loadRankingViewer(db, request), contestRankingSettings(db, contest.id)]);
  const access = rankingAccess(viewer, settings);

  const round = query.wholeContest ? null : query.roundNumber !== null ? contest.rounds.find((r) => r.number === query.roundNumber) : defaultRound(contest.rounds);
  if (round === undefined) notFound("Không tìm thấy đợt thi này.");
  const scope: RankingScope = round ? { kind: "round", roundId: round.id } : { kind: "contest", contestId: contest.id };
  const groupId = query.groupId;
  if (groupId !== null && !settings.groups.some((g) => g.id === groupId)) notFound("Không tìm thấy bảng thi này.");

  const mine = user ? await personRank(db, { scope, groupId, userId: user.id }) : null;
  const page = {
    share: contestShareCard(request, contest, "ranking"),
    contest: { id: contest.id, slug: contest.slug, title: contest.title, rounds: contest.rounds.map((r) => ({ number: r.number, title: r.title })) },
    round: round
      ? { id: round.id, number: round.number, title: round.title, state: round.state, maxScore: round.maxScore, hasPrediction: round.predictionPrompt !== null, predictionValue: round.predictionValue }
      : null,
    // A contest total adds up the rounds' counted scores.
    maxScore: round ? round.maxScore : contest.rounds.reduce((sum, r) => sum + r.maxScore, 0),
    groups: settings.groups,
    groupId,
    query: { view: query.view, search: query.search, sort: query.sort, descending: query.descending, page: query.page },
    // A person's own place is theirs to see whatever the contest's setting.
    mine: mine ? { rank: mine.rank, score: mine.score, durationMs: mine.durationMs, fullName: mine.fullName, unitLabel: mine.unitLabel } : null,
  };
  if (!access.people) return { ...page, board: null };

  // The individual ranking's unit filter: a leader of a private contest is held to their own subtree.
  let peopleUnit: UnitRef | null = null;
  if (query.unitId !== null) {
    peopleUnit = await findUnit(db, query.unitId);
    if (!peopleUnit) notFound("Không tìm thấy đơn vị này.");
  } else if (access.peopleWithin !== null && user) {
    peopleUnit = await findUnit(db, user.unitId);
  }
  if (!mayReadScope(access, "people", peopleUnit?.path ?? null)) throw new Response(OUTSIDE_SUBTREE_MESSAGE, { status: 403 });

  // The unit table starts at the reader's own unit when held to it, else at the top of the tree.
  let parentUnit: UnitRef | null = null;
  if (query.parentUnitId !== null) {
    parentUnit = await findUnit(db, query.parentUnitId);
    if (!parentUnit) notFound("Không tìm thấy đơn vị này.");
  } else if (access.unitsWithin !== null && user) {
    parentUnit = await findUnit(db, user.unitId);
  } else {
    parentUnit = await topUnit(db);
  }
  if (!mayReadScope(access, "units", parentUnit?.path ?? null)) throw new Response(OUTSIDE_SUBTREE_MESSAGE, { status: 403 });

  const offset = (query.page - 1) * PAGE_SIZE;
  const [ranking, units, summary, crumbs, choices] = await Promise.all([
    personRanking(db, { scope, groupId, unitPath: peopleUnit?.path ?? null, search: query.search, limit: query.view === "people" ? PAGE_SIZE : 0, offset }),
    unitRanking(db, { scope, groupId, parentUnitId: parentUnit?.id ?? null, sort: query.sort, descending: query.descending }),
    rankingSummary(db, { scope, groupId, unitPath: peopleUnit?.path ?? null }),
    parentUnit ? unitAncestry(db, parentUnit) : [],
    unitChoices(db, access.peopleWithin),
  ]);
  return {
    ...page,
    board: {
      heldToOwnUnit: access.peopleWithin !== null,
      peopleUnit: peopleUnit ? { id: peopleUnit.id, name: peopleUnit.name } : null,
      parentUnit: parentUnit ? { id: parentUnit.id, name: parentUnit.name } : null,
      crumbs: crumbs.filter((c) => pathWithin(c.path, access.unitsWithin)).map((c) => ({ id: c.id, name: c.name })),
      // Only the columns shown: no one's id, unit id, entry count or timestamps ride along.
      ranking: { total: ranking.total, provisional: ranking.provisional, rows: ranking.rows.map((row) => shownPersonRow(row, user?.id ?? null)) },
      pageCount: Math.max(1, Math.ceil(ranking.total / PAGE_SIZE)),
      units: units.rows,
      parentRow: units.parent,
      unitChoices: choices,
      summary,
    },
  };
}

export default function RankingPage() {
  const data = useLoaderData<typeof loader>();
  const { contest, round, board, mine, query, groups, groupId } = data;
  const [params] = useSearchParams();
  const scopes: WatchRequest[] = board
    ? [
        {
          contestId: contest.id,
          roundId: round?.id ?? null,
          groupId,
          unitId: query.view === "units" ? (board.parentUnit?.id ?? null) : (board.peopleUnit?.id ?? null),
          view: query.view,
        },
      ]
    : [];
  const live = useLiveRanking(scopes);
  const title = round ? round.title : "Toàn cuộc thi";
  const minePage = mine && board && !board.peopleUnit && !query.search ? Math.ceil(mine.rank / PAGE_SIZE) : null;

  return (
    <>
      <p className="small">
        <Link to={`/cuoc-thi/${contest.slug}`}>← {contest.title}</Link>
      </p>
      <h1>{`Bảng xếp hạng · ${title}`}</h1>
      <ScopeTabs rounds={contest.rounds} currentRound={round?.number ?? null} wholeContest={round === null} groups={groups} currentGroup={groupId} />

      {mine && (
        <section className="card" data-testid="my-rank" aria-label="Thứ hạng của bạn" style={{ marginTop: "0.75rem" }}>
          <h2 style={{ fontSize: "1.05rem", margin: 0 }}>Thứ hạng của bạn</h2>
          <p style={{ margin: "0.3rem 0 0" }}>
            Hạng <strong data-testid="my-rank-value">{formatNumber(mine.rank)}</strong> · {formatNumber(mine.score)} điểm · {formatDuration(mine.durationMs)}
            {minePage !== null && minePage !== query.page && (
              <>
                {" · "}
                <Link to={withParams(params, { trang: minePage })}>Xem trang có bạn</Link>
              </>
            )}
          </p>
        </section>
      )}

      {!board ? (
        <p className="alert alert--info" data-testid="ranking-not-public" style={{ marginTop: "0.75rem" }}>
          {NOT_PUBLIC_MESSAGE} {mine ? "Bạn chỉ xem được kết quả của mình ở trên." : "Khi đã dự thi và đăng nhập, bạn xem được kết quả của mình tại đây."}
        </p>
      ) : (
        <>
          <LiveStatus live={live} />
          {board.ranking.provisional && (
            <p className="alert alert--info" data-testid="provisional">
              Tạm tính — chưa tính câu hỏi dự đoán. Khi có đáp án câu hỏi dự đoán, thứ tự những người bằng điểm có thể thay đổi.
            </p>
          )}
          {round?.state === "open" && !board.ranking.provisional && <p className="muted small">Đợt thi đang diễn ra, kết quả là tạm thời.</p>}
          {round?.predictionValue !== null && round?.predictionValue !== undefined && <p className="muted small">{`Đáp án câu hỏi dự đoán: ${formatNumber(round.predictionValue)}.`}</p>}
          {board.heldToOwnUnit && <p className="muted small">Cuộc thi này không công khai bảng xếp hạng: bạn xem được đơn vị mình và các đơn vị trực thuộc.</p>}

          <nav className="row small" aria-label="Chọn cách xem" style={{ gap: "0.75rem", margin: "0.5rem 0" }}>
            <Link to={withParams(params, { xem: null })} aria-current={query.view === "people" ? "page" : undefined} style={{ fontWeight: query.view === "people" ? 700 : undefined }}>
              Xếp hạng cá nhân
            </Link>
            <Link to={withParams(params, { xem: "don-vi" })} aria-current={query.view === "units" ? "page" : undefined} style={{ fontWeight: query.view === "units" ? 700 : undefined }}>
              Xếp hạng đơn vị
            </Link>
          </nav>

          {query.view === "people" ? (
            <section aria-label="Xếp hạng cá nhân">
              <Form method="get" className="row" style={{ gap: "0.5rem", flexWrap: "wrap", alignItems: "flex-end", marginBottom: "0.5rem" }}>
                {[...params].filter(([key]) => !["q", "trang", "donvi"].includes(key)).map(([key, value]) => (
                  <input key={key} type="hidden" name={key} value={value} />
                ))}
                <label className="small" style={{ flex: "1 1 12rem" }}>
                  Tìm theo tên
                  <input type="search" name="q" defaultValue={query.search} placeholder="Ví dụ: nguyen van an" style={{ width: "100%", minHeight: "44px" }} />
                </label>
                <label className="small" style={{ flex: "1 1 12rem" }}>
                  Đơn vị (gồm các đơn vị trực thuộc)
                  <select name="donvi" defaultValue={board.peopleUnit?.id ?? ""} style={{ width: "100%", minHeight: "44px" }}>
                    {!board.heldToOwnUnit && <option value="">Tất cả đơn vị</option>}
                    {board.unitChoices.map((u) => (
                      <option key={u.id} value={u.id}>
                        {`${"\u00a0\u00a0".repeat(u.depth)}${u.name}`}
                      </option>
                    ))}
                  </select>
                </label>
                <button type="submit" className="button button--secondary">
                  Lọc
                </button>
              </Form>
              {board.peopleUnit && (
                <p className="small">
                  Đang xem đơn vị <strong>{board.peopleUnit.name}</strong> và các đơn vị trực thuộc.{" "}
                  {!board.heldToOwnUnit && <Link to={withParams(params, { donvi: null })}>Xem tất cả đơn vị</Link>}
                </p>
              )}
              <p className="muted small">
                {`${formatNumber(board.ranking.total)} người đã có kết quả.`} Xếp hạng theo: điểm cao hơn
                {round?.hasPrediction || round === null ? ", dự đoán gần đúng hơn" : ""}, thời gian làm bài ngắn hơn, nộp bài sớm hơn.
              </p>
              <PersonTable
                rows={board.ranking.rows}
                showPrediction={round !== null && round.predictionValue !== null}
                caption={`Trang ${query.page} / ${board.pageCount}`}
                empty={query.search ? "Không tìm thấy ai có tên như vậy." : "Chưa có ai dự thi."}
              />
              <Pagination page={query.page} pageCount={board.pageCount} />
            </section>
          ) : (
            <section aria-label="Xếp hạng đơn vị">
              {board.crumbs.length > 0 && (
                <nav className="small" aria-label="Cấp đơn vị" data-testid="unit-crumbs" style={{ marginBottom: "0.4rem" }}>
                  {board.crumbs.map((c, i) => (
                    <span key={c.id}>
                      {i > 0 && " › "}
                      {c.id === board.parentUnit?.id ? <strong>{c.name}</strong> : <Link to={withParams(params, { cap: c.id })}>{c.name}</Link>}
                    </span>
                  ))}
                </nav>
              )}
              <p className="muted small">{UNIT_TABLE_NOTE}</p>
              <UnitTable
                rows={board.units}
                sort={query.sort}
                descending={query.descending}
                drillParam="cap"
                leafParams={(unitId) => ({ xem: null, donvi: unitId, cap: null, "sap-xep": null, chieu: null })}
              />
            </section>
          )}

          <section aria-label="Biểu đồ" className="chart-grid" style={{ marginTop: "1.25rem" }}>
            <h2>Biểu đồ</h2>
            <EntriesOverTimeChart points={board.summary.entriesOverTime} />
            <ParticipationByUnitChart
              units={board.units.map((u) => ({ name: u.name, participationRate: u.participationRate, participants: u.participants, headcount: u.headcount }))}
              title={board.parentUnit ? `Tỷ lệ tham gia các đơn vị thuộc ${board.parentUnit.name}` : undefined}
            />
            <ScoreDistributionChart scores={board.summary.scoreDistribution} maxScore={data.maxScore} />
          </section>
        </>
      )}
    </>
  );
}
