import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRosterAccess, rosterRowsFor } from "~/rosters/roster-page.server";
import { formatDateTime, formatNumber } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Danh sách cán bộ · ${data?.unit.name ?? "Đơn vị"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, unit, access } = await requireRosterAccess(context.db, request, params.id, "read");
  const { rows, lastImport } = await rosterRowsFor(context.db, unit.id, access);
  return {
    unit: { id: unit.id, name: unit.name, headcount: unit.headcount, rosterSize: unit.rosterSize, retired: unit.retired },
    back: user.role === "organizer" || user.role === "admin" ? `/quan-ly/don-vi/${unit.id}` : user.role === "leader" ? "/lanh-dao" : "/",
    canImport: access.manage && !unit.retired,
    details: access.details,
    lastImport,
    rows,
  };
}

export default function RosterPage() {
  const { unit, back, canImport, details, lastImport, rows } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to={back}>← Quay lại</Link>
      </p>
      <h1>Danh sách cán bộ: {unit.name}</h1>
      <p className="small" data-testid="roster-headcount">
        {unit.rosterSize === null
          ? `Đơn vị chưa có danh sách. Tỷ lệ tham gia tính theo biên chế đã nhập: ${formatNumber(unit.headcount)} người.`
          : `${formatNumber(unit.rosterSize)} người trong danh sách; tỷ lệ tham gia của đơn vị tính theo số này.`}
        {lastImport && ` Cập nhật lần cuối ${formatDateTime(lastImport.at)}${lastImport.by ? ` bởi ${lastImport.by}` : ""}.`}
      </p>
      {!details && rows.length > 0 && <p className="small muted">Số CCCD và số điện thoại được che bớt; ngày sinh không hiển thị.</p>}
      {canImport && (
        <p>
          <Link className="button button--secondary" to={`/quan-ly/don-vi/${unit.id}/danh-sach/nhap`}>
            {unit.rosterSize === null ? "Nhập danh sách từ tệp Excel" : "Nhập lại danh sách"}
          </Link>
        </p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table className="card-table" data-testid="roster">
            <thead>
              <tr>
                <th scope="col">Họ và tên</th>
                {details && <th scope="col">Ngày sinh</th>}
                <th scope="col">Số CCCD</th>
                <th scope="col">Số điện thoại</th>
                <th scope="col">Chức vụ</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td data-label="Họ và tên">{r.fullName}</td>
                  {details && <td data-label="Ngày sinh">{r.birthDate ?? "—"}</td>}
                  <td data-label="Số CCCD">{r.cccd ?? "—"}</td>
                  <td data-label="Số điện thoại">{r.phone ?? "—"}</td>
                  <td data-label="Chức vụ">{r.position ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
