import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { createContest } from "~/contests/contest-admin.server";
import { CONTEST_PRIZES_MAX, CONTEST_RULES, CONTEST_SLUG_MAX, CONTEST_TITLE, newContestFormSchema, RANKING_PUBLIC_LABEL } from "~/contests/contest-forms";
import { slugFromTitle } from "~/contests/slug";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldChecked, fieldValue, formKey } from "~/http/forms";
import { listContestsForOrganizers } from "~/contests/contest-detail.server";
import { UserFacingError } from "~/http/user-facing-error";
import { formatDateTime } from "~/text/format";
import { listUnitChoices, pickerChoice } from "~/units/units.server";
import { UnitPicker } from "~/components/unit-picker";
import { parseIntId } from "~/http/url-ids";

export const meta: MetaFunction = () => [{ title: "Cuộc thi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const [contests, units] = await Promise.all([listContestsForOrganizers(context.db), listUnitChoices(context.db)]);
  return { contests, units: units.map(pickerChoice) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(
    request,
    {
      create: intent({
        schema: newContestFormSchema,
        errorFields: ["slug"],
        run: async (fields) => {
          const id = await createContest(context, { ...fields, actorId: user.id });
          return redirect(`/quan-ly/cuoc-thi/${id}`);
        },
      }),
    },
    { implied: "create" },
  );
}

export default function ContestsAdmin() {
  const { contests, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  // The address follows the title as it is typed, until the organizer writes their own: the last
  // value filled in is remembered, and a slug that differs from it was edited by hand.
  const filledSlug = useRef(slugFromTitle(fieldValue(result, "title")));
  const followTitle = (event: React.ChangeEvent<HTMLInputElement>) => {
    const slug = event.currentTarget.form?.elements.namedItem("slug");
    if (!(slug instanceof HTMLInputElement) || (slug.value !== "" && slug.value !== filledSlug.current)) return;
    filledSlug.current = slugFromTitle(event.currentTarget.value);
    slug.value = filledSlug.current;
  };
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
        {result && !result.ok && (
          <p className="alert alert--error" role="alert">
            {result.message}
          </p>
        )}
        <Form method="post" noValidate key={formKey(result)}>
          <input type="hidden" name="intent" value="create" />
          <TextField label="Tên cuộc thi" name="title" defaultValue={fieldValue(result, "title")} maxLength={CONTEST_TITLE.max} error={errors.title} onChange={followTitle} />
          <TextField
            label="Đường dẫn"
            name="slug"
            placeholder="vi-du: tim-hieu-cchc-2027"
            hint="Phần cuối của địa chỉ trang cuộc thi, chữ thường không dấu. Để trống thì được tạo từ tên cuộc thi."
            defaultValue={fieldValue(result, "slug")}
            maxLength={CONTEST_SLUG_MAX}
            error={errors.slug}
          />
          <div className="field">
            <label htmlFor="rules">Thể lệ</label>
            <textarea id="rules" name="rules" rows={6} defaultValue={fieldValue(result, "rules")} maxLength={CONTEST_RULES.max} aria-invalid={errors.rules ? true : undefined} />
            {errors.rules && <p className="field-error">{errors.rules}</p>}
          </div>
          <div className="field">
            <label htmlFor="prizes">Cơ cấu giải thưởng</label>
            <textarea id="prizes" name="prizes" rows={3} defaultValue={fieldValue(result, "prizes")} maxLength={CONTEST_PRIZES_MAX} />
            {errors.prizes && <p className="field-error">{errors.prizes}</p>}
          </div>
          <UnitPicker
            units={units}
            name="ownerUnitId"
            label="Đơn vị tổ chức"
            hint="Người dự thi mặc định là cán bộ của đơn vị này và các đơn vị trực thuộc; có thể thêm bảng thi sau."
            defaultValue={parseIntId(fieldValue(result, "ownerUnitId", units[0]?.id)) ?? undefined}
            error={errors.ownerUnitId}
          />
          <div className="field">
            <label className="row small">
              <input type="checkbox" name="rankingPublic" defaultChecked={fieldChecked(result, "rankingPublic", true)} /> {RANKING_PUBLIC_LABEL}
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
