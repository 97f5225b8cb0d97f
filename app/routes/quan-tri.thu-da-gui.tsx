import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { listOutbox, mailGoesOut } from "~/mail/mailer.server";
import { formatDateTime } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Thư đã gửi · Thi tìm hiểu CCHC" }];

// The mails carry live reset links: no cache keeps this page.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["admin"]);
  return { goesOut: mailGoesOut(), mails: await listOutbox() };
}

export default function Outbox() {
  const { goesOut, mails } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Thư đã gửi</h1>
      <p>
        <Link to="/quan-tri/nguoi-dung">Người dùng</Link> · <Link to="/quan-tri/nhat-ky-tai-khoan">Nhật ký tài khoản</Link>
      </p>
      {goesOut ? (
        <p className="alert alert--info">
          Máy chủ thư đã được cấu hình: thư được gửi thẳng tới người nhận và không được lưu ở đây. Danh sách dưới đây (nếu có) là thư lưu lại từ
          trước khi cấu hình.
        </p>
      ) : (
        <p className="alert alert--info">
          Chưa cấu hình máy chủ thư (SMTP_URL), nên thư không được gửi đi mà được lưu lại trên máy chủ ứng dụng và liệt kê ở đây, mới nhất trước.
          Trang này chỉ quản trị viên xem được. Khi chạy thật, hãy cấu hình máy chủ thư để người dùng nhận được thư.
        </p>
      )}
      {mails.length === 0 ? (
        <p className="muted">Chưa có thư nào.</p>
      ) : (
        <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
          {mails.map((mail) => (
            <li key={mail.id} className="card">
              <p className="small muted">
                {formatDateTime(mail.sentAt)} · gửi tới <strong>{mail.to}</strong>
              </p>
              <h2 style={{ fontSize: "1.05rem", margin: "0.25rem 0" }}>{mail.subject}</h2>
              <pre style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere", fontFamily: "inherit", margin: 0 }}>{mail.text}</pre>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
