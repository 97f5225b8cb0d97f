import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { notFound } from "~/http/responses.server";
import { discriminationVerdict } from "~/questions/discrimination";
import { LETTERS } from "~/questions/question-form";
import { questionStats } from "~/questions/question-stats.server";
import { findQuestion } from "~/questions/questions.server";
import { formatNumber } from "~/text/format";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

export const meta: MetaFunction = () => [{ title: "Thống kê câu hỏi · Quản lý" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const id = intIdParam(params.id, NOT_FOUND.question);
  const [question, versions] = await Promise.all([findQuestion(context.db, id), questionStats(context.db, id)]);
  if (!question) notFound("Không tìm thấy câu hỏi.");
  return { question, versions };
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "—");

export default function QuestionStatsPage() {
  const { question, versions } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/cau-hoi/${question.id}`}>← Câu hỏi {question.key}</Link>
      </p>
      <h1>Thống kê câu hỏi {question.key}</h1>
      <p className="muted small">Chỉ tính các lượt thi đã nộp hoặc đã hết giờ. Mỗi phiên bản được thống kê riêng.</p>
      {versions.map((v) => (
        <section key={v.versionNo} className="card" data-testid={`version-${v.versionNo}`}>
          <h2>Phiên bản {v.versionNo}</h2>
          <div className="stats">
            <div className="stat">
              <span className="muted small">Số lần được rút</span>
              <strong data-testid="drawn">{formatNumber(v.drawn)}</strong>
            </div>
            <div className="stat">
              <span className="muted small">Tỷ lệ trả lời đúng</span>
              <strong data-testid="correct-share">{percent(v.correctCount, v.drawn)}</strong>
            </div>
            <div className="stat">
              <span className="muted small">Bỏ trống</span>
              <strong>{percent(v.drawn - v.answered, v.drawn)}</strong>
            </div>
            <div className="stat">
              <span className="muted small">Độ phân biệt (D)</span>
              <strong data-testid="discrimination">{v.discrimination.index === null ? "—" : v.discrimination.index.toFixed(2)}</strong>
            </div>
          </div>
          <p className="small">{discriminationVerdict(v.discrimination.index)}</p>
          {v.discrimination.index !== null && (
            <p className="small muted">
              {`Nhóm 27% điểm cao nhất (${v.discrimination.groupSize} lượt) đúng ${percent(100 * (v.discrimination.upperCorrectShare ?? 0), 100)}; nhóm 27% điểm thấp nhất đúng ${percent(100 * (v.discrimination.lowerCorrectShare ?? 0), 100)}.`}
            </p>
          )}
          <h3>Tỷ lệ chọn từng phương án</h3>
          <table>
            <tbody>
              {v.options.map((option, index) => (
                <tr key={index}>
                  <td style={{ width: "45%" }}>
                    <strong>{LETTERS[index]}.</strong> {option} {v.correct.includes(index) && <strong className="status--approved">(đúng)</strong>}
                  </td>
                  <td>
                    <div className={`share-bar${v.correct.includes(index) ? " share-bar--correct" : ""}`} aria-hidden="true">
                      <span style={{ width: v.drawn > 0 ? `${(100 * v.optionChosen[index]) / v.drawn}%` : 0 }} />
                    </div>
                  </td>
                  <td className="num" data-testid={`option-${index}`}>{`${formatNumber(v.optionChosen[index])} (${percent(v.optionChosen[index], v.drawn)})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}
