import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { exportParamsSchema, listExportJobs, startExport } from "~/exports/export-jobs.server";
import { EXPORT_KIND_LABELS, EXPORT_STATUS_LABELS } from "~/exports/export-labels";
import { exportChoices, parseContestId, requireExporter } from "~/exports/export-page.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue, formKey } from "~/http/forms";
import { formatDateTime, formatNumber } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Xuất kết quả · ${data?.contest.title ?? "Cuộc thi"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, limit } = await requireExporter(context.db, request);
  const contestId = parseContestId(params.id);
  const choices = await exportChoices(context.db, contestId, limit);
  if (!choices) throw new Response("Không tìm thấy cuộc thi.", { status: 404 });
  const jobs = await listExportJobs(context.db, contestId, user.id);
  return { ...choices, jobs, limited: limit !== null, isOrganizer: user.role === "organizer" || user.role === "admin" };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user } = await requireExporter(context.db, request);
  const contestId = parseContestId(params.id);
  return handleIntents(
    request,
    {
      export: intent({
        schema: exportParamsSchema,
        run: async (choices) => {
          const { job } = await startExport(context.db, contestId, { id: user.id, role: user.role, unitId: user.unitId }, choices);
          return redirect(`/quan-ly/xuat/${job.id}`);
        },
      }),
    },
    { implied: "export" },
  );
}

export default function ExportPage() {
  const { contest, rounds, groups, units, jobs, limited, isOrganizer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <>
      <p className="small">
        {/* Back to where each reader came from: a leader cannot open the organizer's page. */}
        <Link to={isOrganizer ? `/quan-ly/cuoc-thi/${contest.id}` : `/lanh-dao/cuoc-thi/${contest.id}`}>← {contest.title}</Link>
      </p>
      <h1>Xuất kết quả ra Excel</h1>
      {limited && <p className="alert alert--info">Bạn chỉ xuất được kết quả của đơn vị mình và các đơn vị trực thuộc.</p>}
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" className="card" key={formKey(result)}>
        <fieldset>
          <legend>Bảng cần xuất</legend>
          {(["ranking", "units", "par"] as const).map((kind) => (
            <label key={kind} style={{ display: "block" }}>
              <input type="radio" name="kind" value={kind} defaultChecked={fieldValue(result, "kind", "ranking") === kind} /> {EXPORT_KIND_LABELS[kind]}
            </label>
          ))}
          {errors.kind && <p className="field-error">{errors.kind}</p>}
        </fieldset>
        <div className="field">
          <label htmlFor="export-round">Đợt thi</label>
          <select id="export-round" name="round" defaultValue={fieldValue(result, "round", "all")}>
            <option value="all">Toàn cuộc thi (cộng các đợt)</option>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>{`Đợt ${r.number}: ${r.title}`}</option>
            ))}
          </select>
          {errors.round && <p className="field-error">{errors.round}</p>}
        </div>
        {groups.length > 0 && (
          <div className="field">
            <label htmlFor="export-group">Bảng thi</label>
            <select id="export-group" name="groupId" defaultValue={fieldValue(result, "groupId")}>
              <option value="">Tất cả các bảng</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
            {errors.groupId && <p className="field-error">{errors.groupId}</p>}
          </div>
        )}
        <div className="field">
          <label htmlFor="export-unit">Đơn vị</label>
          <select id="export-unit" name="unitId" defaultValue={fieldValue(result, "unitId", limited ? (units[0]?.id ?? "") : "")}>
            {!limited && <option value="">Toàn tỉnh</option>}
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {`${"— ".repeat(Math.max(0, u.depth))}${u.label}`}
              </option>
            ))}
          </select>
          <p className="hint">Xếp hạng cá nhân: người thuộc đơn vị này và các đơn vị trực thuộc. Bảng đơn vị, điểm CCHC: các đơn vị thuộc đơn vị này.</p>
          {errors.unitId && <p className="field-error">{errors.unitId}</p>}
        </div>
        <fieldset>
          <legend>Bảng tham gia theo đơn vị</legend>
          <label style={{ display: "block" }}>
            <input type="radio" name="depth" value="children" defaultChecked={fieldValue(result, "depth", "children") === "children"} /> Chỉ các đơn vị trực thuộc (một cấp)
          </label>
          <label style={{ display: "block" }}>
            <input type="radio" name="depth" value="subtree" defaultChecked={fieldValue(result, "depth", "children") === "subtree"} /> Toàn bộ cây đơn vị
          </label>
        </fieldset>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Đang bắt đầu…" : "Xuất tệp Excel"}
        </button>
      </Form>

      <section className="card">
        <h2>Các lần xuất gần đây</h2>
        {jobs.length === 0 ? (
          <p className="muted">Chưa có lần xuất nào.</p>
        ) : (
          <div className="table-wrap">
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">Tệp</th>
                  <th scope="col">Lúc</th>
                  <th scope="col">Trạng thái</th>
                  <th className="num" scope="col">Số dòng</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((job) => (
                  <tr key={job.id}>
                    <td className="card-table__title" data-label="Tệp">
                      <Link to={`/quan-ly/xuat/${job.id}`}>{job.fileName}</Link>
                    </td>
                    <td className="small" data-label="Lúc">{formatDateTime(job.createdAt)}</td>
                    <td data-label="Trạng thái">{EXPORT_STATUS_LABELS[job.status]}</td>
                    <td className="num" data-label="Số dòng">{`${formatNumber(job.rowsDone)}${job.rowsTotal !== null ? ` / ${formatNumber(job.rowsTotal)}` : ""}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
