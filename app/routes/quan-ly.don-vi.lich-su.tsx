import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { Pagination } from "~/components/pagination";
import { formatDateTime, formatNumber } from "~/text/format";
import { UNIT_EVENT_LABELS, describeUnitEvent } from "~/units/unit-event-labels";
import { UNIT_EVENTS_PAGE_SIZE, listUnitEvents } from "~/units/unit-tree-view.server";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Lịch sử thay đổi đơn vị · Quản lý" }];

const pageSchema = z.coerce.number().int().min(1).max(100_000).catch(1);

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const page = pageSchema.parse(new URL(request.url).searchParams.get("trang") ?? 1);
  const { events, total } = await listUnitEvents(context.db, { page });
  return { events, total, page, pageCount: Math.max(1, Math.ceil(total / UNIT_EVENTS_PAGE_SIZE)) };
}

export default function UnitHistory() {
  const { events, total, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/don-vi">← Đơn vị</Link>
      </p>
      <h1>Lịch sử thay đổi đơn vị</h1>
      <p className="muted small" role="status">{`${formatNumber(total)} thay đổi · trang ${page} / ${pageCount}`}</p>
      <div className="table-wrap">
        <table className="card-table" data-testid="unit-history">
          <thead>
            <tr>
              <th scope="col">Thời gian</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Thay đổi</th>
              <th scope="col">Người thực hiện</th>
            </tr>
          </thead>
          <tbody>
            {events.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  Chưa có thay đổi nào.
                </td>
              </tr>
            )}
            {events.map((event) => (
              <tr key={event.id}>
                <td className="small" data-label="Thời gian">{formatDateTime(event.at)}</td>
                <td data-label="Đơn vị">{event.unit ? <Link to={`/quan-ly/don-vi/${event.unit.id}`}>{event.unit.name}</Link> : "Cả cây đơn vị"}</td>
                <td data-label="Thay đổi">
                  <strong>{UNIT_EVENT_LABELS[event.action] ?? event.action}</strong>
                  <span className="small" style={{ display: "block" }}>
                    {describeUnitEvent(event.action, event.details)}
                  </span>
                  {event.reason && <span className="small muted" style={{ display: "block" }}>{`Lý do: ${event.reason}`}</span>}
                </td>
                <td className="small" data-label="Người thực hiện">{event.actorName ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}
