import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Highlight } from "~/components/highlight";
import { Pagination } from "~/components/pagination";
import { requireRole } from "~/auth/auth.server";
import { listBankChoices } from "~/banks/banks.server";
import { DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, TOPICS, type TopicKey } from "~/banks/topics";
import { listQuestions, type QuestionFilters } from "~/questions/questions.server";
import { describeSearchTiers } from "~/questions/search-text";
import { STATUS_LABELS } from "~/questions/workflow";
import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Câu hỏi · Quản lý" }];

const PAGE_SIZE = 50;

// Unknown or malformed filter values are ignored rather than failing the page.
const filtersSchema = z.object({
  nganHang: z.coerce.number().int().positive().optional().catch(undefined),
  chuDe: z.enum(Object.keys(TOPICS) as [TopicKey, ...TopicKey[]]).optional().catch(undefined),
  doKho: z.enum(["easy", "medium", "hard"]).optional().catch(undefined),
  trangThai: z.enum(["draft", "in_review", "approved", "retired"]).optional().catch(undefined),
  loai: z.enum(["single", "multiple", "true_false"]).optional().catch(undefined),
  q: z.string().max(200).optional().catch(undefined),
  trang: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const f = filtersSchema.parse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== "")));
  const filters: QuestionFilters = { bankId: f.nganHang, topic: f.chuDe, difficulty: f.doKho, status: f.trangThai, type: f.loai, query: f.q };
  const [list, banks] = await Promise.all([
    listQuestions(context.db, filters, { limit: PAGE_SIZE, offset: (f.trang - 1) * PAGE_SIZE }),
    listBankChoices(context.db),
  ]);
  return { ...list, banks, page: f.trang, pageCount: Math.max(1, Math.ceil(list.total / PAGE_SIZE)) };
}

export default function QuestionList() {
  const { rows, total, search, banks, page, pageCount } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const select = (name: string, label: string, options: Record<string, string>) => (
    <div className="field">
      <label htmlFor={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name} defaultValue={params.get(name) ?? ""}>
        <option value="">Tất cả</option>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Câu hỏi</h1>
        <div className="row">
          <Link className="button" to="/quan-ly/cau-hoi/moi">
            Thêm câu hỏi
          </Link>
          <Link className="button button--secondary" to="/quan-ly/ngan-hang">
            Nhập / xuất ngân hàng
          </Link>
        </div>
      </div>
      <Form method="get" className="card filters" role="search">
        <div className="field" style={{ gridColumn: "1 / -1" }}>
          <label htmlFor="f-q">Tìm kiếm (không cần gõ dấu)</label>
          <input id="f-q" type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder="ví dụ: thu tuc mot cua" />
        </div>
        {select("nganHang", "Ngân hàng", Object.fromEntries(banks.map((b) => [String(b.id), b.title])))}
        {select("chuDe", "Chủ đề", TOPICS)}
        {select("doKho", "Độ khó", DIFFICULTY_LABELS)}
        {select("trangThai", "Trạng thái", STATUS_LABELS)}
        {select("loai", "Loại", QUESTION_TYPE_LABELS)}
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>
      <p className="muted small" role="status">
        {`${search ? describeSearchTiers(search) : `${formatNumber(total)} câu hỏi`} · trang ${page} / ${pageCount}`}
      </p>
      <div className="table-wrap">
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">Mã</th>
              <th scope="col">Nội dung</th>
              <th scope="col" className="wide-only">Chủ đề</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Không có câu hỏi nào khớp với bộ lọc.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.id}>
                <td data-label="Mã">
                  <Link to={`/quan-ly/cau-hoi/${row.id}`}>{row.key}</Link>
                </td>
                <td data-label="Nội dung">
                  <Highlight text={row.stem} ranges={row.stemMatches} />
                  <span className="muted small" style={{ display: "block" }}>
                    {`${QUESTION_TYPE_LABELS[row.type]} · ${DIFFICULTY_LABELS[row.difficulty]} · phiên bản ${row.versionNo}`}
                  </span>
                </td>
                <td className="wide-only small" data-label="Chủ đề">{TOPICS[row.topic as TopicKey] ?? row.topic}</td>
                <td className={`status status--${row.status}`} data-label="Trạng thái">{STATUS_LABELS[row.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}
