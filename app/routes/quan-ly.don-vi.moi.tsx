import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { UnitPicker } from "~/components/unit-picker";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldChecked, fieldValue, formKey } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import { UNIT_CODE_MAX, UNIT_KINDS, UNIT_KIND_KEYS, UNIT_NAME_MAX } from "~/units/tree-edits";
import { addUnit } from "~/units/unit-admin.server";
import { addUnitSchema } from "~/units/unit-forms";
import { listUnitChoices, pickerChoice } from "~/units/units.server";

export const meta: MetaFunction = () => [{ title: "Thêm đơn vị · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const units = await listUnitChoices(context.db);
  const wanted = parseIntId(new URL(request.url).searchParams.get("capTren"));
  const parentId = units.some((u) => u.id === wanted) ? wanted : null;
  return { units: units.map(pickerChoice), parentId };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(
    request,
    {
      add: intent({
        schema: addUnitSchema,
        errorFields: ["code", "parentId"],
        run: async (unit) => {
          const id = await addUnit(context, { ...unit, actorId: user.id });
          return redirect(`/quan-ly/don-vi/${id}?da=them`);
        },
      }),
    },
    { implied: "add" },
  );
}

export default function AddUnitPage() {
  const { units, parentId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  const chosenParent = parseIntId(fieldValue(result, "parentId", parentId)) ?? undefined;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/don-vi">← Đơn vị</Link>
      </p>
      <h1>Thêm đơn vị</h1>
      {result && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" noValidate className="card" key={formKey(result)}>
        <TextField
          label="Mã đơn vị"
          name="code"
          defaultValue={fieldValue(result, "code")}
          error={errors.code}
          hint="Mã duy nhất, chữ không dấu, số và các dấu - _ . (ví dụ: MH-SNV-CCHC). Mã được viết hoa khi lưu."
          maxLength={UNIT_CODE_MAX}
          autoComplete="off"
        />
        <TextField label="Tên đơn vị" name="name" defaultValue={fieldValue(result, "name")} error={errors.name} maxLength={UNIT_NAME_MAX} />
        <div className="field">
          <label htmlFor="unit-kind">Loại đơn vị</label>
          <select id="unit-kind" name="kind" defaultValue={fieldValue(result, "kind")} aria-invalid={errors.kind ? true : undefined}>
            <option value="">— Chọn loại —</option>
            {UNIT_KIND_KEYS.map((key) => (
              <option key={key} value={key}>
                {UNIT_KINDS[key]}
              </option>
            ))}
          </select>
          {errors.kind && <p className="field-error">{errors.kind}</p>}
        </div>
        <TextField
          label="Số biên chế riêng"
          name="headcount"
          inputMode="numeric"
          defaultValue={fieldValue(result, "headcount", "0")}
          error={errors.headcount}
          hint="Số cán bộ, công chức, viên chức của riêng đơn vị, không tính đơn vị trực thuộc."
        />
        <UnitPicker
          units={units}
          name="parentId"
          label="Đơn vị cấp trên"
          hint="Đơn vị mới sẽ nằm dưới đơn vị này."
          defaultValue={chosenParent}
          error={errors.parentId}
        />
        <div className="field">
          <label>
            <input type="checkbox" name="topLevel" defaultChecked={fieldChecked(result, "topLevel", false)} /> Đơn vị cấp cao nhất (không có đơn vị cấp trên)
          </label>
        </div>
        <button type="submit" className="button" disabled={busy}>
          Thêm đơn vị
        </button>
      </Form>
    </>
  );
}
