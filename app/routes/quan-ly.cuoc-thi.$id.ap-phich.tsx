import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { QrCode } from "~/components/qr-code";
import { getContest } from "~/contests/contests.server";
import { contestPublicUrl, qrCodePath } from "~/contests/share.server";
import { notFound } from "~/http/responses.server";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";
import { formatDateTime } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Áp phích · ${data?.title ?? "Cuộc thi"}` }];

/** The organizer's printable A4 poster: the contest's title, rounds, QR code and how to take part. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const contest = await getContest(context.db, { id: intIdParam(params.id, NOT_FOUND.contest), includeDrafts: true });
  if (!contest) notFound("Không tìm thấy cuộc thi.");
  const url = contestPublicUrl(request, contest.slug);
  return {
    id: contest.id,
    title: contest.title,
    owner: contest.ownerUnitName,
    published: contest.published,
    url,
    qr: qrCodePath(url),
    rounds: contest.rounds.map((r) => ({
      id: r.id,
      title: r.title,
      opensAt: formatDateTime(r.opensAt),
      closesAt: formatDateTime(r.closesAt),
      questions: r.questionCount,
      minutes: Math.round(r.timeLimitSeconds / 60),
      maxEntries: r.maxEntries,
    })),
  };
}

// One A4 page: the site's header and the buttons disappear, the QR code stays big enough to scan
// from a notice board (about 7 cm), colours print as they are.
const POSTER_CSS = `
.poster { max-width: 190mm; margin: 0 auto; text-align: center; }
.poster__owner { text-transform: uppercase; font-weight: 600; letter-spacing: 0.02em; }
.poster h1 { font-size: 1.7rem; line-height: 1.25; margin: 0.5rem 0 1rem; color: var(--c-primary); }
.poster__rounds { list-style: none; padding: 0; margin: 0 0 1rem; }
.poster__rounds li { margin: 0.25rem 0; }
.poster__qr { width: min(70vw, 70mm); height: auto; display: block; margin: 0.5rem auto; }
.poster__url { font-size: 1.15rem; font-weight: 700; overflow-wrap: anywhere; margin: 0.25rem 0 1rem; }
.poster__steps { text-align: left; max-width: 150mm; margin: 0 auto; padding-left: 1.5rem; }
.poster__steps li { margin: 0.35rem 0; }
@media print {
  @page { size: A4 portrait; margin: 12mm; }
  header, nav, footer, .site-header, .site-footer, .no-print { display: none !important; }
  body { background: #fff; font-size: 12pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { padding: 0 !important; max-width: none !important; }
  .poster { break-inside: avoid-page; }
  .poster h1 { font-size: 24pt; }
  .poster__qr { width: 70mm; }
  .poster__url { font-size: 15pt; }
}
`;

export default function ContestPoster() {
  const { id, title, owner, published, url, qr, rounds } = useLoaderData<typeof loader>();
  return (
    <article className="poster">
      <style>{POSTER_CSS}</style>
      <p className="no-print small" style={{ textAlign: "left" }}>
        <Link to={`/quan-ly/cuoc-thi/${id}`}>← {title}</Link> ·{" "}
        <button type="button" className="link-button" onClick={() => window.print()}>
          In áp phích
        </button>{" "}
        <span className="muted">(hoặc dùng lệnh In của trình duyệt, khổ A4)</span>
      </p>
      {!published && (
        <p className="no-print alert alert--info" style={{ textAlign: "left" }}>
          Cuộc thi chưa được công bố: địa chỉ dưới đây chỉ mở được sau khi công bố.
        </p>
      )}
      <p className="poster__owner">{owner}</p>
      <p>tổ chức</p>
      <h1>{title}</h1>
      {rounds.length > 0 ? (
        <ul className="poster__rounds" data-testid="poster-rounds">
          {rounds.map((r) => (
            <li key={r.id}>
              <strong>{r.title}</strong>
              {`: từ ${r.opensAt} đến ${r.closesAt}`}
              <br />
              <span className="small">{`${r.questions} câu hỏi, ${r.minutes} phút mỗi lượt, mỗi người ${r.maxEntries} lượt`}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Lịch các đợt thi sẽ được thông báo sau.</p>
      )}
      <QrCode code={qr} label={`Mã QR dẫn tới trang cuộc thi ${url}`} className="poster__qr" />
      <p>Quét mã QR bằng máy ảnh của điện thoại, hoặc gõ địa chỉ:</p>
      <p className="poster__url" data-testid="poster-url">
        {url}
      </p>
      <h2>Cách tham gia</h2>
      <ol className="poster__steps">
        <li>Mở trang cuộc thi bằng mã QR hoặc địa chỉ ở trên.</li>
        <li>
          <strong>Đăng ký</strong> tài khoản: họ và tên, email hoặc số điện thoại, mật khẩu, và chọn đơn vị công tác của mình. Ai đã được Ban tổ chức cấp tài khoản thì bỏ
          qua bước này.
        </li>
        <li>
          <strong>Đăng nhập</strong> bằng email hoặc số điện thoại và mật khẩu.
        </li>
        <li>
          Trong thời gian mở của đợt thi, bấm <strong>“Bắt đầu làm bài”</strong> và trả lời các câu hỏi trước khi hết giờ; mỗi câu trả lời được lưu ngay khi chọn. Lượt
          có điểm cao nhất được tính.
        </li>
        <li>Nộp bài để xem điểm; bảng xếp hạng và kết quả được cập nhật trên trang cuộc thi.</li>
      </ol>
    </article>
  );
}
