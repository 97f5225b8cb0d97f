import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useLiveRounds } from "~/realtime/use-live-rounds";
import { Pagination } from "~/components/pagination";
import { getCurrentUser } from "~/auth/auth.server";
import { getPublishedContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { personRank, personRanking } from "~/rankings/rankings.server";
import { formatDuration, formatNumber } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Bảng xếp hạng · Thi tìm hiểu CCHC" }];

const PAGE_SIZE = 50;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này.");
  const url = new URL(request.url);
  const roundNumber = Number(url.searchParams.get("dot") ?? contest.rounds[0]?.number ?? 1);
  const round = contest.rounds.find((r) => r.number === roundNumber);
  if (!round) notFound("Không tìm thấy đợt thi này.");
  const page = Math.max(1, Math.min(10_000, Math.floor(Number(url.searchParams.get("trang") ?? 1)) || 1));
  const user = await getCurrentUser(context.db, request);
  const [ranking, mine] = await Promise.all([
    personRanking(context.db, { scope: { kind: "round", roundId: round.id }, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
    user ? personRank(context.db, { scope: { kind: "round", roundId: round.id }, userId: user.id }) : null,
  ]);
  return {
    contest: { slug: contest.slug, title: contest.title, rounds: contest.rounds.map((r) => ({ number: r.number, title: r.title })) },
    round: {
      id: round.id,
      number: round.number,
      title: round.title,
      state: round.state,
      maxScore: round.maxScore,
      hasPrediction: round.predictionPrompt !== null,
      predictionValue: round.predictionValue,
    },
    ranking,
    mine,
    page,
    pageCount: Math.max(1, Math.ceil(ranking.total / PAGE_SIZE)),
  };
}

export default function RankingPage() {
  const { contest, round, ranking, mine, page, pageCount } = useLoaderData<typeof loader>();
  const live = useLiveRounds([round.id]);
  return (
    <>
      <p className="small">
        <Link to={`/cuoc-thi/${contest.slug}`}>← {contest.title}</Link>
      </p>
      <h1>Bảng xếp hạng · {round.title}</h1>
      {contest.rounds.length > 1 && (
        <nav className="row small" aria-label="Chọn đợt thi">
          {contest.rounds.map((r) => (
            <Link key={r.number} to={`?dot=${r.number}`} aria-current={r.number === round.number ? "page" : undefined}>
              {r.title}
            </Link>
          ))}
        </nav>
      )}
      <p className="muted small">
        {`${formatNumber(ranking.total)} người đã có kết quả.`} Xếp hạng theo: điểm cao hơn, thời gian làm bài ngắn hơn, nộp bài sớm hơn.
        {round.hasPrediction && " Khi bằng điểm, dự đoán gần đúng hơn xếp trên."}
        {round.state === "open" && " Đợt thi đang diễn ra, kết quả là tạm thời."}
        {round.state === "closed" && round.hasPrediction && round.predictionValue === null && " Đang chờ tính đáp án câu hỏi dự đoán: kết quả là tạm thời."}
        {round.predictionValue !== null && ` Đáp án câu hỏi dự đoán: ${formatNumber(round.predictionValue)}.`}{" "}
        <span className={`badge ${live ? "badge--open" : "badge--closed"}`}>{live ? "Đang cập nhật trực tiếp" : "Chưa kết nối trực tiếp"}</span>
      </p>
      {mine && (
        <p className="alert alert--info" data-testid="my-rank">
          Hạng của bạn: <strong>{mine.rank}</strong> · {mine.score} điểm · {formatDuration(mine.durationMs)}
        </p>
      )}
      <div className="table-wrap">
        <table>
          <caption className="muted small" style={{ textAlign: "left", padding: "0.4rem 0" }}>
            Trang {page} / {pageCount}
          </caption>
          <thead>
            <tr>
              <th className="num" scope="col">Hạng</th>
              <th scope="col">Họ và tên</th>
              <th scope="col" className="wide-only">Đơn vị</th>
              <th className="num" scope="col">Điểm</th>
              {round.predictionValue !== null && <th className="num wide-only" scope="col">Dự đoán</th>}
              <th className="num" scope="col">Thời gian</th>
            </tr>
          </thead>
          <tbody>
            {ranking.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  Chưa có bài thi nào được nộp.
                </td>
              </tr>
            )}
            {ranking.rows.map((row) => (
              <tr key={row.userId} className={mine?.userId === row.userId ? "is-me" : undefined}>
                <td className="num">{row.rank}</td>
                <td>
                  {row.fullName}
                  <span className="narrow-only muted small">{row.unitLabel}</span>
                </td>
                <td className="wide-only">{row.unitLabel}</td>
                <td className="num">{row.score}</td>
                {round.predictionValue !== null && (
                  <td className="num wide-only">{row.prediction === null ? "—" : `${formatNumber(row.prediction)} (lệch ${formatNumber(row.predictionDistance ?? 0)})`}</td>
                )}
                <td className="num">{formatDuration(row.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}
