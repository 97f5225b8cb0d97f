import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { TOPICS, type TopicKey } from "~/banks/topics";
import { publishedContestsWithCounters } from "~/contests/contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { countQuestionsByTopic } from "~/questions/questions.server";
import { formatNumber } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Quản lý cuộc thi · Thi tìm hiểu CCHC" }];

/** Each published round's counters, read from the tables the rankings keep (never by grouping entries), and the banks' questions. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const [contests, topics] = await Promise.all([publishedContestsWithCounters(context.db), countQuestionsByTopic(context.db)]);
  return {
    contests: contests.map((c) => ({
      slug: c.slug,
      title: c.title,
      rounds: c.rounds.map((r) => ({
        id: r.id,
        title: r.title,
        state: r.state,
        entries: r.counters.entries,
        people: r.counters.participants,
        inProgress: r.counters.takingPartNow,
      })),
    })),
    topics,
  };
}

const STATUS_LABELS: Record<string, string> = { draft: "Nháp", in_review: "Chờ duyệt", approved: "Đã duyệt", retired: "Ngừng dùng" };

export default function OrganizerHome() {
  const { contests, topics } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Quản lý cuộc thi</h1>
      <nav className="row" aria-label="Công việc của ban tổ chức">
        <Link className="button" to="/quan-ly/cuoc-thi">
          Cuộc thi
        </Link>
        <Link className="button button--secondary" to="/quan-ly/cau-hoi">
          Câu hỏi
        </Link>
        <Link className="button button--secondary" to="/quan-ly/cau-hoi?trangThai=in_review">
          Câu hỏi chờ duyệt
        </Link>
        <Link className="button button--secondary" to="/quan-ly/ngan-hang">
          Nhập / xuất ngân hàng
        </Link>
        <Link className="button button--secondary" to="/quan-ly/tai-khoan/nhap">
          Tạo tài khoản từ tệp Excel
        </Link>
        <Link className="button button--secondary" to="/quan-ly/tai-khoan">
          Tài khoản, cấp lại mật khẩu
        </Link>
        <Link className="button button--secondary" to="/quan-ly/don-vi">
          Đơn vị
        </Link>
      </nav>
      <h2>Cuộc thi</h2>
      {contests.map((contest) => (
        <section key={contest.slug} className="card">
          <h3>
            <Link to={`/cuoc-thi/${contest.slug}`}>{contest.title}</Link>
          </h3>
          <div className="table-wrap">
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">Đợt</th>
                  <th scope="col">Trạng thái</th>
                  <th className="num" scope="col">Lượt thi</th>
                  <th className="num" scope="col">Người dự thi</th>
                  <th className="num" scope="col">Đang làm bài</th>
                </tr>
              </thead>
              <tbody>
                {contest.rounds.map((round) => (
                  <tr key={round.id}>
                    <td className="card-table__title" data-label="Đợt">{round.title}</td>
                    <td data-label="Trạng thái">{ROUND_STATE_LABELS[round.state]}</td>
                    <td className="num" data-label="Lượt thi">{formatNumber(round.entries)}</td>
                    <td className="num" data-label="Người dự thi">{formatNumber(round.people)}</td>
                    <td className="num" data-label="Đang làm bài">{formatNumber(round.inProgress)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
      <h2>Ngân hàng câu hỏi</h2>
      <div className="table-wrap">
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">Ngân hàng</th>
              <th scope="col">Chủ đề</th>
              <th scope="col">Trạng thái</th>
              <th className="num" scope="col">Số câu</th>
            </tr>
          </thead>
          <tbody>
            {topics.map((t) => (
              <tr key={`${t.bank}-${t.topic}-${t.status}`}>
                <td data-label="Ngân hàng">{t.bank}</td>
                <td data-label="Chủ đề">{TOPICS[t.topic as TopicKey] ?? t.topic}</td>
                <td data-label="Trạng thái">{STATUS_LABELS[t.status] ?? t.status}</td>
                <td className="num" data-label="Số câu">{t.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
