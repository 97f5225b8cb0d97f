import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { sql } from "kysely";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { createContest } from "~/contests/contest-admin.server";
import { parseContestForm, RANKING_PUBLIC_LABEL } from "~/contests/contest-forms";
import { UserFacingError } from "~/http/user-facing-error";
import { formatDateTime } from "~/text/format";
import { listUnitChoices } from "~/units/units.server";

export const meta: MetaFunction = () => [{ title: "Cuộc thi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const contests = await context.db
    .selectFrom("contests as c")
    .innerJoin("units as u", "u.id", "c.owner_unit_id")
    .select([
      "c.id",
      "c.title",
      "c.slug",
      "c.status",
      "c.updated_at",
      "u.name as owner",
      sql<string>`(select count(*) from rounds r where r.contest_id = c.id)`.as("rounds"),
    ])
    .orderBy("c.updated_at", "desc")
    .execute();
  const units = await listUnitChoices(context.db);
  return { contests: contests.map((c) => ({ ...c, rounds: Number(c.rounds), updated_at: c.updated_at.toISOString() })), units: units.map((u) => ({ id: u.id, label: u.label, depth: u.depth })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const form = parseContestForm(await request.formData());
  if (!form.ok) return json({ fieldErrors: form.fieldErrors }, { status: 400 });
  try {
    const id = await createContest(context.db, { ...form.data, actorId: user.id });
    return redirect(`/quan-ly/cuoc-thi/${id}`);
  } catch (error) {
    if (error instanceof UserFacingError) return json({ fieldErrors: { [error.code === "slug" ? "slug" : "form"]: error.message } as Record<string, string> }, { status: error.status });
    throw error;
  }
}

export default function ContestsAdmin() {
  const { contests, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <>
      <p className="small">
        <Link to="/quan-ly">← Quản lý</Link>
      </p>
      <h1>Cuộc thi</h1>
      <div className="table-wrap">
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">Cuộc thi</th>
              <th scope="col">Trạng thái</th>
              <th className="num" scope="col">Số đợt</th>
              <th scope="col" className="wide-only">Cập nhật</th>
            </tr>
          </thead>
          <tbody>
            {contests.map((c) => (
              <tr key={c.id}>
                <td className="card-table__title" data-label="Cuộc thi">
                  <Link to={`/quan-ly/cuoc-thi/${c.id}`}>{c.title}</Link>
                  <span className="muted small" style={{ display: "block" }}>
                    {c.owner}
                  </span>
                </td>
                <td data-label="Trạng thái">{c.status === "published" ? "Đã công bố" : "Bản nháp"}</td>
                <td className="num" data-label="Số đợt">{c.rounds}</td>
                <td className="wide-only small" data-label="Cập nhật">{formatDateTime(c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card" style={{ marginTop: "1rem" }}>
        <h2>Tạo cuộc thi mới</h2>
        {errors.form && <p className="alert alert--error">{errors.form}</p>}
        <Form method="post" noValidate>
          <TextField label="Tên cuộc thi" name="title" error={errors.title} />
          <TextField label="Đường dẫn" name="slug" placeholder="vi-du: tim-hieu-cchc-2027" hint="Phần cuối của địa chỉ trang cuộc thi, chữ thường không dấu." error={errors.slug} />
          <div className="field">
            <label htmlFor="rules">Thể lệ</label>
            <textarea id="rules" name="rules" rows={6} aria-invalid={errors.rules ? true : undefined} />
            {errors.rules && <p className="field-error">{errors.rules}</p>}
          </div>
          <div className="field">
            <label htmlFor="prizes">Cơ cấu giải thưởng</label>
            <textarea id="prizes" name="prizes" rows={3} />
          </div>
          <div className="field">
            <label htmlFor="ownerUnitId">Đơn vị tổ chức</label>
            <select id="ownerUnitId" name="ownerUnitId" defaultValue={units[0]?.id}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {`${"\u00a0\u00a0".repeat(u.depth)}${u.label.split(" › ").pop()}`}
                </option>
              ))}
            </select>
            <p className="hint">Người dự thi mặc định là cán bộ của đơn vị này và các đơn vị trực thuộc; có thể thêm bảng thi sau.</p>
            {errors.ownerUnitId && <p className="field-error">{errors.ownerUnitId}</p>}
          </div>
          <div className="field">
            <label className="row small">
              <input type="checkbox" name="rankingPublic" defaultChecked /> {RANKING_PUBLIC_LABEL}
            </label>
            <p className="hint">Bỏ chọn: chỉ lãnh đạo (trong phạm vi đơn vị mình) và ban tổ chức xem được bảng xếp hạng.</p>
          </div>
          <button type="submit" className="button" disabled={busy}>
            Tạo cuộc thi (bản nháp)
          </button>
        </Form>
      </section>
    </>
  );
}
