import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { searchAccountEvents } from "~/auth/account-log.server";
import { ACCOUNT_EVENT_KINDS, ACCOUNT_EVENT_LABELS, accountEventDetailLines, isAccountEventKind } from "~/auth/account-events";
import { requireRole } from "~/auth/auth.server";
import { deviceLabel } from "~/auth/device-label";
import { bigintIdField } from "~/http/forms";
import { env } from "~/config/env.server";
import { formatDateTime } from "~/text/format";
import { parseVietnamDateTime } from "~/text/vietnam-time";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Nhật ký tài khoản · Thi tìm hiểu CCHC" }];

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((value, ctx) => parseVietnamDateTime(`${value}T00:00`) ?? (ctx.addIssue({ code: "custom", message: "Ngày không hợp lệ." }), z.NEVER));

const filterSchema = z.object({
  nguoi: z.string().trim().max(100).optional(),
  loai: z.string().refine(isAccountEventKind).optional(),
  ip: z.string().trim().max(64).optional(),
  tu: day.optional(),
  den: day.optional(),
  truoc: bigintIdField("Bộ lọc nhật ký không hợp lệ.").optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["admin"]);
  const url = new URL(request.url);
  const params = Object.fromEntries([...url.searchParams].filter(([key, v]) => v !== "" && key !== "_data"));
  const parsed = filterSchema.safeParse(params);
  if (!parsed.success) {
    throw new Response("Bộ lọc nhật ký không hợp lệ: hãy chọn lại loại sự kiện và ngày.", { status: 400 });
  }
  const f = parsed.data;
  const to = f.den ? new Date(f.den.getTime() + 24 * 60 * 60 * 1000) : undefined;
  const { rows, next } = await searchAccountEvents(
    context.db,
    { person: f.nguoi, kind: f.loai as (typeof ACCOUNT_EVENT_KINDS)[number] | undefined, ip: f.ip, from: f.tu, to },
    f.truoc,
  );
  return {
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      kind: isAccountEventKind(r.kind) ? ACCOUNT_EVENT_LABELS[r.kind] : r.kind,
      actor: r.actor,
      subject: r.subject,
      login: r.login,
      ip: r.ip,
      device: r.userAgent ? deviceLabel(r.userAgent) : null,
      details: accountEventDetailLines(r.details),
    })),
    nextQuery: next ? nextPageQuery(url.searchParams, next) : null,
    filters: { nguoi: f.nguoi ?? "", loai: f.loai ?? "", ip: f.ip ?? "", tu: params.tu ?? "", den: params.den ?? "" },
    retentionDays: env().ACCOUNT_LOG_RETENTION_DAYS,
  };
}

function nextPageQuery(current: URLSearchParams, before: string): string {
  const params = new URLSearchParams(current);
  params.delete("_data");
  params.set("truoc", before);
  return params.toString();
}

export default function AccountLog() {
  const { rows, nextQuery, filters, retentionDays } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Nhật ký tài khoản</h1>
      <p className="muted small">
        Đăng nhập, đăng xuất, đổi và đặt lại mật khẩu, đổi vai trò, tạo tài khoản hàng loạt và tải dữ liệu cá nhân. Lưu giữ {retentionDays} ngày.
      </p>
      <Form method="get" className="card filter-form" role="search">
        <label>
          Người (tên, email, số điện thoại)
          <input type="search" name="nguoi" defaultValue={filters.nguoi} />
        </label>
        <label>
          Loại sự kiện
          <select name="loai" defaultValue={filters.loai}>
            <option value="">Tất cả</option>
            {ACCOUNT_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {ACCOUNT_EVENT_LABELS[kind]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Địa chỉ mạng
          <input type="text" name="ip" inputMode="decimal" defaultValue={filters.ip} />
        </label>
        <label>
          Từ ngày
          <input type="date" name="tu" defaultValue={filters.tu} />
        </label>
        <label>
          Đến ngày
          <input type="date" name="den" defaultValue={filters.den} />
        </label>
        <button type="submit" className="button">
          Lọc
        </button>
      </Form>
      {rows.length === 0 ? (
        <p>Không có sự kiện nào khớp bộ lọc.</p>
      ) : (
        <ul className="event-list">
          {rows.map((r) => (
            <li key={r.id} className="card event-list__item">
              <p>
                <strong>{r.kind}</strong> · {formatDateTime(r.at)}
              </p>
              <p className="small">
                {r.actor && <>Người thực hiện: {r.actor}<br /></>}
                {r.subject && r.subject !== r.actor && <>Tài khoản: {r.subject}<br /></>}
                {!r.subject && r.login && <>Tên đăng nhập đã nhập: {r.login}<br /></>}
                {r.ip && <>Địa chỉ mạng: {r.ip}{r.device ? ` · ${r.device}` : ""}<br /></>}
                {r.details.map((line) => (
                  <span key={line}>
                    {line}
                    <br />
                  </span>
                ))}
              </p>
            </li>
          ))}
        </ul>
      )}
      {nextQuery && (
        <p>
          <Link to={`?${nextQuery}`}>Xem các sự kiện cũ hơn</Link>
        </p>
      )}
    </>
  );
}
