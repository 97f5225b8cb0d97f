import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { sql } from "kysely";
import { requireRole } from "~/auth/auth.server";
import { listPublishedContests } from "~/contests/contests.server";
import { formatNumber } from "~/text/format";
import { unitRanking } from "~/rankings/rankings.server";

export const meta: MetaFunction = () => [{ title: "Theo dõi tham gia · Thi tìm hiểu CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, ["leader", "organizer"]);
  const { db } = context;
  // Leaders see their own unit's subtree; organizers and admins start from the top of the tree.
  const rootUnit =
    user.role === "leader"
      ? user.unitId
      : (await db.selectFrom("units").select("id").where("parent_id", "is", null).orderBy("id").executeTakeFirstOrThrow()).id;
  const url = new URL(request.url);
  const requested = Number(url.searchParams.get("donvi"));
  let unitId = rootUnit;
  if (Number.isInteger(requested) && requested > 0) {
    // Drilling down is allowed only inside the reader's own subtree.
    const inside = await sql<{ id: number }>`
      select target.id from units target, units root
      where root.id = ${rootUnit} and target.id = ${requested} and target.path like root.path || '%'
    `.execute(db);
    if (inside.rows.length === 0) throw new Response("Bạn chỉ được xem số liệu của đơn vị mình và các đơn vị trực thuộc.", { status: 403 });
    unitId = requested;
  }
  const contests = await listPublishedContests(db);
  const tables = await Promise.all(
    contests.map(async (c) => {
      const { parent, rows } = await unitRanking(db, { scope: { kind: "contest", contestId: c.id }, parentUnitId: unitId, sort: "name" });
      return { slug: c.slug, title: c.title, rows: parent ? [parent, ...rows] : rows };
    }),
  );
  return { tables, rootUnit };
}

export default function LeaderHome() {
  const { tables, rootUnit } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Theo dõi tham gia theo đơn vị</h1>
      <p className="muted small">Tỷ lệ tham gia = số người đã nộp bài ÷ số cán bộ, công chức, viên chức của đơn vị (gồm các đơn vị trực thuộc).</p>
      {tables.map((table) => (
        <section key={table.slug} className="card">
          <h2>{table.title}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Đơn vị</th>
                  <th className="num" scope="col">Số CBCCVC</th>
                  <th className="num" scope="col">Người dự thi</th>
                  <th className="num" scope="col">Tỷ lệ</th>
                  <th className="num" scope="col">Lượt thi</th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, index) => (
                  <tr key={row.unitId}>
                    <td>
                      {index === 0 ? (
                        <strong>{row.name}</strong>
                      ) : (
                        <Link to={`?donvi=${row.unitId}`}>{row.name}</Link>
                      )}
                    </td>
                    <td className="num">{formatNumber(row.headcount)}</td>
                    <td className="num">{formatNumber(row.participants)}</td>
                    <td className="num">{row.participationRate === null ? "—" : `${(100 * row.participationRate).toFixed(1)}%`}</td>
                    <td className="num">{formatNumber(row.entries)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {table.rows[0] && table.rows[0].unitId !== rootUnit && (
            <p className="small">
              <Link to="?">← Về đơn vị của tôi</Link>
            </p>
          )}
        </section>
      ))}
    </>
  );
}
