import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { formatNumber } from "~/text/format";
import { foldText } from "~/text/normalize";
import { unitKindLabel } from "~/units/tree-edits";
import { loadUnitTree } from "~/units/unit-tree-view.server";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Đơn vị · Quản lý" }];

// Malformed filters are ignored rather than failing the page.
const filtersSchema = z.object({
  q: z.string().max(200).optional().catch(undefined),
  ngungHoatDong: z.literal("1").optional().catch(undefined),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const tree = await loadUnitTree(context.db);
  const showRetired = filters.ngungHoatDong === "1";
  const needle = foldText(filters.q ?? "");
  const visible = tree.filter((u) => (showRetired || !u.retired) && (!needle || foldText(`${u.code} ${u.name}`).includes(needle)));
  return {
    units: visible,
    searching: needle !== "",
    counts: { active: tree.filter((u) => !u.retired).length, retired: tree.filter((u) => u.retired).length },
  };
}

export default function UnitTreePage() {
  const { units, searching, counts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      <p className="small">
        <Link to="/quan-ly">← Quản lý cuộc thi</Link>
      </p>
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h1>Đơn vị</h1>
        <nav className="row" aria-label="Công việc với cây đơn vị">
          <Link className="button" to="/quan-ly/don-vi/moi">
            Thêm đơn vị
          </Link>
          <Link className="button button--secondary" to="/quan-ly/don-vi/nhap">
            Nhập từ tệp Excel
          </Link>
          <a className="button button--secondary" href="/quan-ly/don-vi/xuat.xlsx">
            Xuất cây đơn vị (tệp Excel)
          </a>
          <Link className="button button--secondary" to="/quan-ly/don-vi/lich-su">
            Lịch sử thay đổi
          </Link>
        </nav>
      </div>
      <Form method="get" className="card filters" role="search">
        <div className="field" style={{ gridColumn: "1 / -1" }}>
          <label htmlFor="unit-q">Tìm theo tên hoặc mã (không cần gõ dấu)</label>
          <input id="unit-q" type="search" name="q" defaultValue={params.get("q") ?? ""} placeholder="ví dụ: xa tan phu" />
        </div>
        <div className="field">
          <label>
            <input type="checkbox" name="ngungHoatDong" value="1" defaultChecked={params.get("ngungHoatDong") === "1"} /> Hiện cả đơn vị đã ngừng
            hoạt động
          </label>
        </div>
        <button type="submit" className="button">
          Tìm
        </button>
      </Form>
      <p className="muted small" role="status">
        {`${formatNumber(counts.active)} đơn vị đang hoạt động, ${formatNumber(counts.retired)} đã ngừng hoạt động` +
          (searching ? ` · ${formatNumber(units.length)} đơn vị khớp với tìm kiếm` : "")}
      </p>
      <div className="table-wrap">
        <table className="card-table unit-tree" data-testid="unit-tree">
          <thead>
            <tr>
              <th scope="col">Đơn vị</th>
              <th scope="col">Mã</th>
              <th scope="col" className="wide-only">Loại</th>
              <th className="num" scope="col">Biên chế riêng</th>
              <th className="num" scope="col">Biên chế cả khối</th>
              <th className="num" scope="col">Người dùng</th>
            </tr>
          </thead>
          <tbody>
            {units.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  Không có đơn vị nào khớp với tìm kiếm.
                </td>
              </tr>
            )}
            {units.map((unit) => (
              <tr key={unit.id} className={unit.retired ? "muted" : undefined} style={searching ? undefined : ({ "--depth": unit.depth } as React.CSSProperties)}>
                <td className="card-table__title" data-label="Đơn vị">
                  <Link to={`/quan-ly/don-vi/${unit.id}`}>{searching ? unit.label : unit.name}</Link>
                  {unit.retired && (
                    <span className="badge badge--closed" style={{ marginLeft: "0.4rem" }}>
                      {unit.mergedInto ? `Đã sáp nhập vào ${unit.mergedInto.name}` : "Ngừng hoạt động"}
                    </span>
                  )}
                </td>
                <td style={{ whiteSpace: "nowrap" }} data-label="Mã">
                  <code>{unit.code}</code>
                </td>
                <td className="wide-only small" data-label="Loại">{unitKindLabel(unit.kind)}</td>
                <td className="num" data-label="Biên chế riêng">{formatNumber(unit.headcount)}</td>
                <td className="num" data-label="Biên chế cả khối">{formatNumber(unit.subtreeHeadcount)}</td>
                <td className="num" data-label="Người dùng" title="Người dùng của riêng đơn vị / của cả khối">{`${formatNumber(unit.people)} / ${formatNumber(unit.subtreePeople)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
