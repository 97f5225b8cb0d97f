import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { UnitPicker } from "~/components/unit-picker";
import { REASON_MAX } from "~/commands/reason";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldChecked, fieldValue, formKey, replyTo } from "~/http/forms";
import { notFound } from "~/http/responses.server";
import { formatDateTime, formatNumber } from "~/text/format";
import { UNIT_KINDS, UNIT_KIND_KEYS, UNIT_NAME_MAX, unitKindLabel } from "~/units/tree-edits";
import { editUnit, mergeUnits, moveUnit, previewMerge, retireUnit, type MergeCounts } from "~/units/unit-admin.server";
import { UNIT_EVENT_LABELS, describeUnitEvent } from "~/units/unit-event-labels";
import { editUnitSchema, mergeUnitSchema, moveUnitSchema, retireUnitSchema } from "~/units/unit-forms";
import { listUnitEvents, loadUnitTree } from "~/units/unit-tree-view.server";
import { intIdParam, NOT_FOUND, parseIntId } from "~/http/url-ids";
import { unitKindOf } from "~/units/units.server";
import { unitPickerChoices } from "~/units/tree";
import { ReasonField } from "~/components/reason-field";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.unit.name ?? "Đơn vị"} · Quản lý đơn vị` }];

const unitIdOf = (raw: string | undefined) => intIdParam(raw, NOT_FOUND.unit);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const id = unitIdOf(params.id);
  const tree = await loadUnitTree(context.db);
  const unit = tree.find((u) => u.id === id);
  if (!unit) notFound("Không tìm thấy đơn vị.");
  const parent = unit.parentId === null ? null : (tree.find((u) => u.id === unit.parentId) ?? null);
  const children = tree.filter((u) => u.parentId === id);
  const active = tree.filter((u) => !u.retired);
  // Parents' names come from the whole tree, so a unit keeps them even when its parent is not offered.
  const offered = active.filter((u) => !u.path.startsWith(unit.path));
  const choices = unitPickerChoices(offered, tree);
  const { events } = await listUnitEvents(context.db, { unitId: id });
  return {
    unit,
    parent: parent && { id: parent.id, code: parent.code, name: parent.name },
    children: children.map((c) => ({ id: c.id, code: c.code, name: c.name, retired: c.retired, people: c.people, subtreeHeadcount: c.subtreeHeadcount })),
    // A unit cannot go under itself or its own subtree: those are not offered (and refused anyway).
    moveChoices: choices,
    mergeChoices: choices,
    events,
  };
}

type Preview = { from: { name: string; code: string }; into: { id: number; name: string; code: string }; counts: MergeCounts; reason: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = unitIdOf(params.id);
  const kind = await unitKindOf(context.db, id);
  if (kind === null) notFound("Không tìm thấy đơn vị.");
  return handleIntents(request, {
    edit: intent({
      schema: editUnitSchema(kind),
      run: async (fields) => {
        const { changed } = await editUnit(context, id, { ...fields, actorId: user.id });
        return { message: changed ? "Đã lưu thông tin đơn vị." : "Không có gì thay đổi." };
      },
    }),
    move: intent({
      schema: moveUnitSchema,
      errorFields: ["parentId", "reason"],
      run: async ({ parentId, reason }) => {
        const { changed, subtreeSize } = await moveUnit(context, id, parentId, { actorId: user.id, reason });
        return { message: changed ? `Đã chuyển đơn vị (${formatNumber(subtreeSize)} đơn vị kể cả các đơn vị trực thuộc).` : "Đơn vị đã ở vị trí này; không có gì thay đổi." };
      },
    }),
    "merge-check": intent({
      schema: mergeUnitSchema,
      errorFields: ["intoId", "reason"],
      run: async ({ intoId, reason }) => {
        const { from, into, counts } = await previewMerge(context.db, id, intoId);
        const preview: Preview = { from: { name: from.name, code: from.code }, into: { id: into.id, name: into.name, code: into.code }, counts, reason };
        return { message: "Xem lại rồi xác nhận sáp nhập.", data: preview };
      },
    }),
    merge: intent({
      schema: mergeUnitSchema,
      errorFields: ["intoId", "reason"],
      run: async ({ intoId, reason }) => {
        const counts = await mergeUnits(context, id, intoId, { actorId: user.id, reason });
        return { message: `Đã sáp nhập: ${formatNumber(counts.people)} người dùng và ${formatNumber(counts.children)} đơn vị trực thuộc đã chuyển sang đơn vị nhận.` };
      },
    }),
    retire: intent({
      schema: retireUnitSchema,
      errorFields: ["reason"],
      run: async ({ reason }) => {
        await retireUnit(context, id, { actorId: user.id, reason });
        return { message: "Đơn vị đã ngừng hoạt động." };
      },
    }),
  });
}

const DONE_MESSAGES: Record<string, string> = { them: "Đã thêm đơn vị." };

export default function UnitPage() {
  const { unit, parent, children, moveChoices, mergeChoices, events } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const notice = (...intents: string[]) => {
    const r = replyTo(result, ...intents);
    if (!r || r.data) return null;
    return (
      <p className={`alert ${r.ok ? "alert--ok" : "alert--error"}`} role={r.ok ? "status" : "alert"}>
        {r.message}
      </p>
    );
  };
  const edit = replyTo(result, "edit");
  const move = replyTo(result, "move");
  const merge = replyTo(result, "merge-check", "merge");
  const retire = replyTo(result, "retire");
  const preview = replyTo(result, "merge-check")?.data;
  const kindKnown = (UNIT_KIND_KEYS as string[]).includes(unit.kind);
  const done = DONE_MESSAGES[params.get("da") ?? ""];
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/don-vi">← Đơn vị</Link>
      </p>
      <h1>{unit.name}</h1>
      {done && !result && (
        <p className="alert alert--ok" role="status">
          {done}
        </p>
      )}
      <div className="row">
        <code>{unit.code}</code>
        <span className="badge">{unitKindLabel(unit.kind)}</span>
        {unit.retired ? (
          <span className="badge badge--closed" data-testid="unit-state">
            {unit.mergedInto ? `Đã sáp nhập vào ${unit.mergedInto.name}` : "Ngừng hoạt động"}
            {unit.retiredAt && ` · ${formatDateTime(unit.retiredAt)}`}
          </span>
        ) : (
          <span className="badge badge--open" data-testid="unit-state">
            Đang hoạt động
          </span>
        )}
      </div>
      <p className="small muted">
        {parent ? (
          <>
            Thuộc <Link to={`/quan-ly/don-vi/${parent.id}`}>{parent.name}</Link>
          </>
        ) : (
          "Đơn vị cấp cao nhất"
        )}
        {unit.mergedInto && (
          <>
            {" · "}Đã sáp nhập vào <Link to={`/quan-ly/don-vi/${unit.mergedInto.id}`}>{unit.mergedInto.name}</Link>
          </>
        )}
      </p>
      {result?.ok && (result.intent === "merge" || result.intent === "retire") && (
        <p className="alert alert--ok" role="status">
          {result.message}
        </p>
      )}
      <div className="stats">
        <div className="stat">
          <strong>{formatNumber(unit.headcount)}</strong> biên chế riêng
        </div>
        <div className="stat">
          <strong>{formatNumber(unit.subtreeHeadcount)}</strong> biên chế cả khối
        </div>
        <div className="stat">
          <strong>{formatNumber(unit.people)}</strong> người dùng của đơn vị
        </div>
        <div className="stat">
          <strong>{formatNumber(unit.subtreePeople)}</strong> người dùng cả khối
        </div>
      </div>

      <section className="card" style={{ marginTop: "1rem" }} data-testid="unit-roster">
        <h2>Danh sách cán bộ</h2>
        <p className="small">
          {unit.rosterSize === null
            ? "Đơn vị chưa có danh sách cán bộ, công chức, viên chức: tỷ lệ tham gia tính theo biên chế riêng đã nhập."
            : `Danh sách có ${formatNumber(unit.rosterSize)} người; tỷ lệ tham gia của đơn vị tính theo số này thay cho biên chế riêng.`}
        </p>
        <Link className="button button--secondary" to={`/quan-ly/don-vi/${unit.id}/danh-sach`}>
          Xem và nhập danh sách
        </Link>
      </section>

      <section className="card" style={{ marginTop: "1rem" }}>
        <h2>Đơn vị trực thuộc</h2>
        {children.length === 0 ? (
          <p className="muted">Chưa có đơn vị trực thuộc.</p>
        ) : (
          <ul data-testid="unit-children">
            {children.map((child) => (
              <li key={child.id} className={child.retired ? "muted" : undefined}>
                <Link to={`/quan-ly/don-vi/${child.id}`}>{child.name}</Link> <code className="small">{child.code}</code>
                {child.retired && " (ngừng hoạt động)"}
              </li>
            ))}
          </ul>
        )}
        {!unit.retired && (
          <Link className="button button--secondary" to={`/quan-ly/don-vi/moi?capTren=${unit.id}`}>
            Thêm đơn vị trực thuộc
          </Link>
        )}
      </section>

      {!unit.retired && (
        <>
          <section className="card">
            <h2>Thông tin đơn vị</h2>
            {notice("edit")}
            <Form method="post" noValidate key={formKey(edit, unit.name, unit.kind, unit.headcount)}>
              <input type="hidden" name="intent" value="edit" />
              <TextField label="Tên đơn vị" name="name" defaultValue={fieldValue(edit, "name", unit.name)} error={edit?.fieldErrors.name} maxLength={UNIT_NAME_MAX} />
              <div className="field">
                <label htmlFor="edit-kind">Loại đơn vị</label>
                <select id="edit-kind" name="kind" defaultValue={fieldValue(edit, "kind", unit.kind)} aria-invalid={edit?.fieldErrors.kind ? true : undefined}>
                  {!kindKnown && <option value={unit.kind}>{unit.kind}</option>}
                  {UNIT_KIND_KEYS.map((key) => (
                    <option key={key} value={key}>
                      {UNIT_KINDS[key]}
                    </option>
                  ))}
                </select>
                {edit?.fieldErrors.kind && <p className="field-error">{edit.fieldErrors.kind}</p>}
              </div>
              <TextField
                label="Số biên chế riêng"
                name="headcount"
                inputMode="numeric"
                defaultValue={fieldValue(edit, "headcount", unit.headcount)}
                error={edit?.fieldErrors.headcount}
                hint="Không tính các đơn vị trực thuộc."
              />
              <button type="submit" className="button" disabled={busy}>
                Lưu thông tin
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>Chuyển đơn vị</h2>
            <p className="small muted">Đơn vị được chuyển cùng toàn bộ đơn vị trực thuộc và người dùng của chúng.</p>
            {notice("move")}
            <Form method="post" noValidate key={formKey(move, unit.parentId)}>
              <input type="hidden" name="intent" value="move" />
              <UnitPicker
                units={moveChoices}
                name="parentId"
                label="Đơn vị cấp trên mới"
                hint="Không thể chuyển vào chính đơn vị này hay đơn vị trực thuộc của nó."
                defaultValue={parseIntId(fieldValue(move, "parentId")) ?? undefined}
                error={move?.fieldErrors.parentId}
              />
              <div className="field">
                <label>
                  <input type="checkbox" name="topLevel" defaultChecked={fieldChecked(move, "topLevel", false)} /> Đưa lên cấp cao nhất
                </label>
              </div>
              <TextField label="Lý do chuyển (không bắt buộc)" name="reason" defaultValue={fieldValue(move, "reason")} error={move?.fieldErrors.reason} maxLength={REASON_MAX} />
              <button type="submit" className="button" disabled={busy}>
                Chuyển đơn vị
              </button>
            </Form>
          </section>

          <section className="card">
            <h2>Sáp nhập vào đơn vị khác</h2>
            <p className="small muted">
              Người dùng, đơn vị trực thuộc, các bảng thi và cuộc thi của đơn vị này chuyển sang đơn vị nhận; biên chế được cộng vào đơn vị nhận; đơn
              vị này ngừng hoạt động.
            </p>
            {!preview && !merge?.ok && notice("merge-check", "merge")}
            {preview ? (
              <div className="alert alert--info" data-testid="merge-preview">
                <p>
                  <strong>{`Sáp nhập “${preview.from.name}” vào “${preview.into.name}” (${preview.into.code})?`}</strong>
                </p>
                <ul>
                  <li>{`${formatNumber(preview.counts.people)} người dùng sẽ chuyển sang “${preview.into.name}”`}</li>
                  <li>{`${formatNumber(preview.counts.children)} đơn vị trực thuộc (${formatNumber(preview.counts.descendants)} đơn vị tính cả các cấp dưới) sẽ chuyển theo`}</li>
                  <li>{`${formatNumber(preview.counts.audiences)} bảng thi và ${formatNumber(preview.counts.contests)} cuộc thi sẽ chuyển sang đơn vị nhận`}</li>
                  <li>{`Biên chế riêng ${formatNumber(preview.counts.headcount)} được cộng vào đơn vị nhận`}</li>
                </ul>
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="merge" />
                  <input type="hidden" name="intoId" value={preview.into.id} />
                  <input type="hidden" name="reason" value={preview.reason} />
                  <button type="submit" className="button" disabled={busy}>
                    Xác nhận sáp nhập
                  </button>
                  <Link to={`/quan-ly/don-vi/${unit.id}`}>Huỷ</Link>
                </Form>
              </div>
            ) : (
              <Form method="post" noValidate key={formKey(merge)}>
                <input type="hidden" name="intent" value="merge-check" />
                <UnitPicker
                  units={mergeChoices}
                  name="intoId"
                  label="Đơn vị nhận sáp nhập"
                  hint="Không thể sáp nhập vào chính đơn vị này hay đơn vị trực thuộc của nó."
                  defaultValue={parseIntId(fieldValue(merge, "intoId")) ?? undefined}
                  error={merge?.fieldErrors.intoId}
                />
                <ReasonField
                  label="Lý do sáp nhập"
                  defaultValue={fieldValue(merge, "reason")}
                  error={merge?.fieldErrors.reason}
                  hint="Ví dụ: số và ngày của quyết định sáp nhập."
                />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  Xem trước sáp nhập
                </button>
              </Form>
            )}
          </section>

          <section className="card">
            <h2>Ngừng hoạt động</h2>
            <p className="small muted">Chỉ được khi đơn vị không còn người dùng và không còn đơn vị trực thuộc đang hoạt động.</p>
            {!retire?.ok && notice("retire")}
            <Form method="post" noValidate key={formKey(retire)}>
              <input type="hidden" name="intent" value="retire" />
              <ReasonField label="Lý do ngừng hoạt động" defaultValue={fieldValue(retire, "reason")} error={retire?.fieldErrors.reason} />
              <button type="submit" className="button button--secondary" disabled={busy}>
                Cho ngừng hoạt động
              </button>
            </Form>
          </section>
        </>
      )}

      <section className="card">
        <h2>Lịch sử thay đổi</h2>
        {events.length === 0 ? (
          <p className="muted">Chưa có thay đổi nào được ghi lại.</p>
        ) : (
          <ul className="timeline" data-testid="unit-events">
            {events.map((event) => (
              <li key={event.id}>
                <strong>{UNIT_EVENT_LABELS[event.action] ?? event.action}</strong>
                <span className="small muted">{` · ${formatDateTime(event.at)}${event.actorName ? ` · ${event.actorName}` : ""}`}</span>
                <div className="small">{describeUnitEvent(event.action, event.details)}</div>
                {event.reason && <div className="small muted">{`Lý do: ${event.reason}`}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
