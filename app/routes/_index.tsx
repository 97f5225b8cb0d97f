import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listPublishedContests } from "~/contests/contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { formatDateTime } from "~/text/format";

export async function loader({ context }: LoaderFunctionArgs) {
  const contests = await listPublishedContests(context.db);
  return { contests: contests.map(({ rules: _rules, ...c }) => c) };
}

export default function Home() {
  const { contests } = useLoaderData<typeof loader>();
  return (
    <>
      <section className="card">
        <h1>Thi tìm hiểu cải cách hành chính và chuyển đổi số</h1>
        <p>
          Nền tảng thi trực tuyến dành cho cán bộ, công chức, viên chức: làm bài trên điện thoại, lưu từng câu trả lời ngay khi
          chọn, chấm điểm ngay khi nộp và xếp hạng cá nhân, đơn vị theo thời gian thực.
        </p>
      </section>
      <h2>Cuộc thi đang diễn ra</h2>
      {contests.length === 0 && <p className="muted">Hiện chưa có cuộc thi nào được công bố.</p>}
      {contests.map((contest) => (
        <article key={contest.id} className="card">
          <h3>
            <Link to={`/cuoc-thi/${contest.slug}`}>{contest.title}</Link>
          </h3>
          <p className="muted small">Đơn vị tổ chức: {contest.ownerUnitName}</p>
          <ul>
            {contest.rounds.map((round) => (
              <li key={round.id}>
                {round.title}: {formatDateTime(round.opensAt)} – {formatDateTime(round.closesAt)}{" "}
                <span className={`badge badge--${round.state === "open" ? "open" : round.state === "closed" ? "closed" : "soon"}`}>
                  {ROUND_STATE_LABELS[round.state]}
                </span>
              </li>
            ))}
          </ul>
          <Link className="button" to={`/cuoc-thi/${contest.slug}`}>
            Xem thể lệ và vào thi
          </Link>
        </article>
      ))}
    </>
  );
}
