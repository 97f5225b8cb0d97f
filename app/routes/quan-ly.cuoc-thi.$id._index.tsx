import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { UnitPicker, type UnitPickerChoice } from "~/components/unit-picker";
import { reasonField } from "~/commands/reason";
import { recordIncident, saveGroup, setContestPublished, setRoundOpenNow, updateContest } from "~/contests/contest-admin.server";
import { contestForOrganizer } from "~/contests/contest-detail.server";
import { reopenEntryConsequence, roundCloseConsequence, roundOpenConsequence, unpublishConsequence, type Consequence } from "~/contests/consequences.server";
import { ConfirmAction } from "~/components/confirm-action";
import { CONTEST_PRIZES_MAX, CONTEST_RULES, CONTEST_SLUG_MAX, CONTEST_TITLE, contestFormSchema, RANKING_PUBLIC_LABEL } from "~/contests/contest-forms";
import { describeLogDetails, LOG_ACTION_LABELS } from "~/contests/contest-log-labels";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { personLoginField } from "~/accounts/account-forms";
import { requirePersonByLogin } from "~/accounts/accounts.server";
import { notFound } from "~/http/responses.server";
import { revokeContestWatchers } from "~/realtime/realtime.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import {
  bigintIdField,
  checkbox,
  confirmField,
  fieldChecked,
  fieldValue,
  fieldValues,
  formKey,
  formLevel,
  intIdField,
  intIdListField,
  optionalIntIdField,
  replyTo,
  UNKNOWN_FORM,
  type FormReply,
} from "~/http/forms";
import { formatDateTime } from "~/text/format";
import { listUnitChoices, pickerChoice } from "~/units/units.server";
import { z } from "~/validation/z";
import { intIdParam, NOT_FOUND, parseIntId } from "~/http/url-ids";
import { UserFacingError } from "~/http/user-facing-error";
import { ReasonField } from "~/components/reason-field";
import { ContestShareSection } from "~/components/contest-share-section";
import { contestPublicUrl, qrCodePath } from "~/contests/share.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.contest.title ?? "Cuộc thi"} · Quản lý` }];

const contestId = (raw: string | undefined) => intIdParam(raw, NOT_FOUND.contest);

// The confirmation step of the actions that end, reopen or hide what contestants see: a link to
// this page with `?xac-nhan=…` (and `&dot=` the round) shows what the action will do, read now.
const CONFIRMS = {
  "dong-dot": "round-close",
  "mo-dot": "round-open",
  "chuyen-ban-nhap": "unpublish",
} as const;
type ConfirmKey = keyof typeof CONFIRMS;
const confirmHref = (contestId: number, key: ConfirmKey, roundId?: number) => `/quan-ly/cuoc-thi/${contestId}?xac-nhan=${key}${roundId === undefined ? "" : `&dot=${roundId}`}`;

async function pendingConfirmation(context: LoaderFunctionArgs["context"], id: number, url: URL) {
  const key = url.searchParams.get("xac-nhan");
  if (key === null || !Object.hasOwn(CONFIRMS, key)) return null;
  const intent = CONFIRMS[key as ConfirmKey];
  const roundId = parseIntId(url.searchParams.get("dot"));
  let consequence: Consequence | null = null;
  if (intent === "unpublish") consequence = await unpublishConsequence(context.db, id);
  else if (roundId !== null) consequence = await (intent === "round-close" ? roundCloseConsequence : roundOpenConsequence)(context.db, id, roundId);
  // Null: the action no longer applies (already done, or done by someone else meanwhile).
  return { intent, roundId, consequence };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const id = contestId(params.id);
  const detail = await contestForOrganizer(context.db, id);
  if (!detail) notFound("Không tìm thấy cuộc thi.");
  const units = await listUnitChoices(context.db);
  const publicUrl = contestPublicUrl(request, detail.contest.slug);
  const confirmation = await pendingConfirmation(context, id, new URL(request.url));
  return { ...detail, units: units.map(pickerChoice), share: { url: publicUrl, qr: qrCodePath(publicUrl) }, confirmation };
}

const groupSchema = z.object({
  // Written by the page: the group edited, none for a new one.
  groupId: optionalIntIdField(UNKNOWN_FORM),
  name: z.string({ error: "Vui lòng nhập tên bảng thi" }).trim().min(2, { error: "Vui lòng nhập tên bảng thi" }).max(100, { error: "Tên bảng thi tối đa 100 ký tự" }),
  openToPublic: checkbox(),
  unitIds: intIdListField("Đơn vị dự thi không hợp lệ"),
});

// Sent from the confirmation panel only (confirm=1), with the written reason for the contest log.
const roundNowSchema = (open: boolean) =>
  z.object({ roundId: intIdField(NOT_FOUND.round), confirm: confirmField, reason: reasonField(open ? "lý do mở đợt thi ngay" : "lý do đóng đợt thi ngay") });
const unpublishSchema = z.object({ confirm: confirmField, reason: reasonField("lý do chuyển về bản nháp") });

const minutes = z.coerce
  .number({ error: "Số phút phải là số" })
  .int({ error: "Số phút phải là số nguyên" })
  .min(1, { error: "Số phút từ 1 đến 120" })
  .max(120, { error: "Số phút từ 1 đến 120" });
const incidentRound = intIdField("Vui lòng chọn đợt thi");

const incidentSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("extra_entry"), login: personLoginField, roundId: incidentRound, reason: reasonField() }),
    z.object({ kind: z.literal("extra_time"), login: personLoginField, roundId: incidentRound, minutes, reason: reasonField() }),
    // Reopening an entry is shown on a confirmation panel first; it is done when sent from there (confirm=1).
    z.object({
      kind: z.literal("reopen_entry"),
      entryId: bigintIdField("Vui lòng nhập mã bài thi (chỉ gồm chữ số)"),
      minutes,
      reason: reasonField(),
      confirm: checkbox("1"),
    }),
  ],
  { error: "Vui lòng chọn loại xử lý" },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = contestId(params.id);
  const roundNow = (open: boolean) =>
    intent({
      schema: roundNowSchema(open),
      errorFields: ["reason"],
      run: async ({ roundId, reason }) => {
        await setRoundOpenNow(context, id, roundId, open, user.id, reason);
        return { message: open ? "Đợt thi đã mở." : "Đợt thi đã đóng; các bài đang làm được nộp tự động." };
      },
    });
  return handleIntents(request, {
    update: intent({
      schema: contestFormSchema,
      errorFields: ["slug"],
      run: async (fields) => {
        const { rankingPublicChanged } = await updateContest(context, id, { ...fields, actorId: user.id });
        // Live boards were opened under the old rule: their watchers are dropped and must ask again.
        if (rankingPublicChanged) revokeContestWatchers(context.io, id);
        return { message: "Đã lưu thông tin cuộc thi." };
      },
    }),
    publish: intent({
      schema: z.object({}),
      run: async () => {
        await setContestPublished(context, id, true, user.id);
        return { message: "Cuộc thi đã được công bố." };
      },
    }),
    unpublish: intent({
      schema: unpublishSchema,
      errorFields: ["reason"],
      run: async ({ reason }) => {
        await setContestPublished(context, id, false, user.id, reason);
        return { message: "Cuộc thi đã chuyển về bản nháp." };
      },
    }),
    group: intent({
      schema: groupSchema,
      run: async ({ groupId, name, openToPublic, unitIds }) => {
        await saveGroup(context, id, groupId, { name, openToPublic, unitIds, actorId: user.id });
        return { message: "Đã lưu bảng thi." };
      },
    }),
    "round-open": roundNow(true),
    "round-close": roundNow(false),
    incident: intent({
      schema: incidentSchema,
      errorFields: ["login", "reason", "entryId"],
      run: async (incident) => {
        if (incident.kind === "reopen_entry" && !incident.confirm) {
          const consequence = await reopenEntryConsequence(context.db, id, incident.entryId, incident.minutes);
          if (!consequence) throw new UserFacingError(404, "Không tìm thấy bài thi này trong cuộc thi.", "entryId");
          const { entryId, minutes, reason } = incident;
          return { message: consequence.heading, data: { confirm: { ...consequence, entryId, minutes, reason } } };
        }
        if (incident.kind === "reopen_entry") await recordIncident(context, id, { ...incident, actorId: user.id });
        else await recordIncident(context, id, { ...incident, userId: (await requirePersonByLogin(context.db, incident.login)).id, actorId: user.id });
        return { message: "Đã ghi nhận xử lý sự cố vào nhật ký cuộc thi." };
      },
    }),
  });
}

export default function ContestAdmin() {
  const { contest, rounds, groups, log, units, share, confirmation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const update = replyTo(result, "update");
  const errors = update?.fieldErrors ?? {};
  const incident = replyTo(result, "incident");
  const reopenCheck = incident?.ok ? incident.data?.confirm : undefined;
  const page = `/quan-ly/cuoc-thi/${contest.id}`;
  // A refusal of the confirmed post is said on its panel, which stays open.
  const confirmed = confirmation?.consequence ? replyTo(result, confirmation.intent) : undefined;
  const refusedOnPanel = confirmed && !confirmed.ok ? confirmed : undefined;
  const notice = (intent: string) =>
    result && result.intent === intent && result !== refusedOnPanel && !(reopenCheck && result === incident) ? (
      <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role={result.ok ? "status" : "alert"}>
        {result.message}
      </p>
    ) : null;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/cuoc-thi">← Cuộc thi</Link>
      </p>
      <h1>{contest.title}</h1>
      <div className="row">
        <span className={`badge ${contest.status === "published" ? "badge--open" : "badge--soon"}`}>{contest.status === "published" ? "Đã công bố" : "Bản nháp"}</span>
        {contest.status === "published" ? (
          <Link className="button button--secondary" to={confirmHref(contest.id, "chuyen-ban-nhap")}>
            Chuyển về bản nháp
          </Link>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="button" disabled={busy}>
              Công bố cuộc thi
            </button>
          </Form>
        )}
        <Link to={`/quan-ly/cuoc-thi/${contest.id}/xem-truoc`}>Xem trước như thí sinh</Link>
        <Link to={`/quan-ly/cuoc-thi/${contest.id}/xuat`}>Xuất kết quả ra Excel</Link>
        <Link to={`/quan-ly/cuoc-thi/${contest.id}/diem-par`}>Điểm Chỉ số CCHC</Link>
        <Link to={`/quan-ly/cuoc-thi/${contest.id}/khen-thuong`}>Khen thưởng và công bố kết quả</Link>
        {contest.status === "published" && <Link to={`/cuoc-thi/${contest.slug}`}>Trang cuộc thi</Link>}
        <Link to={`/lanh-dao/cuoc-thi/${contest.id}`}>Bảng theo dõi trực tiếp</Link>
      </div>
      {notice("publish")}
      {notice("unpublish")}
      <ContestShareSection contestId={contest.id} url={share.url} qr={share.qr} published={contest.status === "published"} />
      {confirmation?.consequence ? (
        <ConfirmAction
          key={`${confirmation.intent}-${confirmation.roundId}`}
          heading={confirmation.consequence.heading}
          lines={confirmation.consequence.lines}
          intent={confirmation.intent}
          hidden={confirmation.roundId !== null && confirmation.intent !== "unpublish" ? { roundId: confirmation.roundId } : {}}
          confirmLabel={CONFIRM_LABELS[confirmation.intent]}
          cancelTo={page}
          reason={{
            label: REASON_LABELS[confirmation.intent],
            defaultValue: fieldValue(refusedOnPanel, "reason"),
            error: refusedOnPanel?.fieldErrors.reason,
          }}
          message={refusedOnPanel && !refusedOnPanel.fieldErrors.reason ? refusedOnPanel.message : undefined}
          busy={busy}
        />
      ) : (
        confirmation &&
        !result && (
          <p className="alert alert--info" role="status">
            Thao tác này không còn áp dụng: trạng thái đã thay đổi. Xem lại trang bên dưới.
          </p>
        )
      )}

      <section className="card" style={{ marginTop: "1rem" }}>
        <h2>Các đợt thi</h2>
        {notice("round-open")}
        {notice("round-close")}
        <div className="table-wrap">
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">Đợt</th>
                <th scope="col">Thời gian (giờ Việt Nam)</th>
                <th scope="col">Trạng thái</th>
                <th className="num" scope="col">Bài làm</th>
                <th scope="col">Thao tác</th>
              </tr>
            </thead>
            <tbody>
              {rounds.map((round) => (
                <tr key={round.id}>
                  <td className="card-table__title" data-label="Đợt">
                    <Link to={`/quan-ly/cuoc-thi/${contest.id}/dot/${round.id}`}>{round.title}</Link>
                    <span className="muted small" style={{ display: "block" }}>{`${round.question_count} câu · ${Math.round(round.time_limit_seconds / 60)} phút · ${round.max_entries} lượt`}</span>
                  </td>
                  <td className="small" data-label="Thời gian (giờ Việt Nam)">{`${formatDateTime(round.opens_at)} – ${formatDateTime(round.closes_at)}`}</td>
                  <td data-label="Trạng thái">
                    {ROUND_STATE_LABELS[round.state]}
                    {round.prediction_value !== null && <span className="muted small" style={{ display: "block" }}>{`Đáp án dự đoán: ${round.prediction_value}`}</span>}
                  </td>
                  <td className="num" data-label="Bài làm">{round.entries}</td>
                  <td data-label="Thao tác">
                    {round.state === "open" ? (
                      <Link to={confirmHref(contest.id, "dong-dot", round.id)} aria-label={`Đóng ngay ${round.title}`}>
                        Đóng ngay
                      </Link>
                    ) : (
                      <Link to={confirmHref(contest.id, "mo-dot", round.id)} aria-label={`Mở ngay ${round.title}`}>
                        Mở ngay
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <Link className="button" to={`/quan-ly/cuoc-thi/${contest.id}/dot/moi`}>
            Thêm đợt thi
          </Link>
        </p>
      </section>

      <section className="card">
        <h2>Thông tin cuộc thi</h2>
        {notice("update")}
        <Form method="post" noValidate key={formKey(update, contest.title, contest.slug, contest.rules, contest.prizes, contest.owner_unit_id, contest.ranking_public)}>
          <input type="hidden" name="intent" value="update" />
          <TextField label="Tên cuộc thi" name="title" defaultValue={fieldValue(update, "title", contest.title)} maxLength={CONTEST_TITLE.max} error={errors.title} />
          <TextField label="Đường dẫn" name="slug" defaultValue={fieldValue(update, "slug", contest.slug)} maxLength={CONTEST_SLUG_MAX} error={errors.slug} />
          <div className="field">
            <label htmlFor="rules">Thể lệ</label>
            <textarea
              id="rules"
              name="rules"
              rows={8}
              defaultValue={fieldValue(update, "rules", contest.rules)}
              maxLength={CONTEST_RULES.max}
              aria-invalid={errors.rules ? true : undefined}
            />
            {errors.rules && <p className="field-error">{errors.rules}</p>}
          </div>
          <div className="field">
            <label htmlFor="prizes">Cơ cấu giải thưởng</label>
            <textarea id="prizes" name="prizes" rows={4} defaultValue={fieldValue(update, "prizes", contest.prizes)} maxLength={CONTEST_PRIZES_MAX} />
            {errors.prizes && <p className="field-error">{errors.prizes}</p>}
          </div>
          <UnitPicker
            units={units}
            name="ownerUnitId"
            label="Đơn vị tổ chức"
            hint="Đơn vị đứng tên tổ chức cuộc thi."
            defaultValue={parseIntId(fieldValue(update, "ownerUnitId", contest.owner_unit_id)) ?? undefined}
            error={errors.ownerUnitId}
          />
          <RankingPublicField defaultChecked={fieldChecked(update, "rankingPublic", contest.ranking_public)} />
          <button type="submit" className="button" disabled={busy}>
            Lưu thông tin
          </button>
        </Form>
        <p className="small" style={{ marginTop: "1rem" }}>
          Ảnh bìa: {contest.has_banner ? "đã có" : "chưa có"} · <Link to={`/quan-ly/cuoc-thi/${contest.id}/anh-bia`}>Đổi ảnh bìa</Link>
        </p>
      </section>

      <section className="card">
        <h2>Bảng thi và đối tượng dự thi</h2>
        <p className="small muted">Mỗi người thuộc một bảng: bảng đầu tiên có đơn vị của họ, hoặc bảng mở cho mọi người. Mỗi bảng có xếp hạng và giải riêng.</p>
        {notice("group")}
        {groups.map((group) => (
          <details key={group.id} open={groupRefused(result, group.id)}>
            <summary>{`${group.name} · ${group.open_to_public ? "mở cho mọi người" : `${group.unit_ids.length} đơn vị`} · ${group.participants} người`}</summary>
            <p className="small">{group.unit_names.join(", ")}</p>
            <GroupForm reply={result} groupId={group.id} name={group.name} openToPublic={group.open_to_public} unitIds={group.unit_ids} units={units} busy={busy} />
          </details>
        ))}
        <details open={groupRefused(result, null)}>
          <summary>Thêm bảng thi</summary>
          <GroupForm reply={result} groupId={null} name="" openToPublic={false} unitIds={[]} units={units} busy={busy} />
        </details>
      </section>

      <section className="card">
        <h2>Xử lý sự cố</h2>
        <p className="small muted">Mọi xử lý đều cần lý do bằng văn bản và được ghi vào nhật ký cuộc thi.</p>
        {notice("incident")}
        {reopenCheck && (
          <ConfirmAction
            heading={reopenCheck.heading}
            lines={reopenCheck.lines}
            intent="incident"
            hidden={{
              kind: "reopen_entry",
              entryId: reopenCheck.entryId,
              minutes: reopenCheck.minutes,
            }}
            confirmLabel="Xác nhận mở lại bài thi"
            cancelTo={page}
            reason={{
              label: "Lý do mở lại bài thi",
              defaultValue: reopenCheck.reason,
            }}
            busy={busy}
          />
        )}
        {!reopenCheck && (
          <Form method="post" className="stack" key={formKey(incident)}>
            <input type="hidden" name="intent" value="incident" />
            <div className="field">
              <label htmlFor="incident-kind">Loại xử lý</label>
              <select id="incident-kind" name="kind" defaultValue={fieldValue(incident, "kind", "extra_entry")}>
                <option value="extra_entry">Cấp thêm một lượt thi</option>
                <option value="extra_time">Cấp thêm thời gian (phút)</option>
                <option value="reopen_entry">Mở lại bài thi bị gián đoạn</option>
              </select>
              {incident?.fieldErrors.kind && <p className="field-error">{incident.fieldErrors.kind}</p>}
            </div>
            <TextField
              label="Email hoặc số điện thoại người dự thi (cấp lượt, thời gian)"
              name="login"
              defaultValue={fieldValue(incident, "login")}
              error={incident?.fieldErrors.login}
            />
            <div className="field">
              <label htmlFor="incident-round">Đợt thi</label>
              <select id="incident-round" name="roundId" defaultValue={fieldValue(incident, "roundId", rounds[0]?.id)}>
                {rounds.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
              {incident?.fieldErrors.roundId && <p className="field-error">{incident.fieldErrors.roundId}</p>}
            </div>
            <TextField
              label="Mã bài thi (mở lại bài thi)"
              name="entryId"
              inputMode="numeric"
              defaultValue={fieldValue(incident, "entryId")}
              error={incident?.fieldErrors.entryId}
            />
            <TextField label="Số phút" name="minutes" inputMode="numeric" defaultValue={fieldValue(incident, "minutes", "10")} error={incident?.fieldErrors.minutes} />
            <ReasonField label="Lý do" defaultValue={fieldValue(incident, "reason")} error={incident?.fieldErrors.reason} />
            <button type="submit" className="button" disabled={busy}>
              Ghi nhận
            </button>
          </Form>
        )}
      </section>

      <section className="card">
        <h2>Nhật ký cuộc thi</h2>
        <ol className="timeline" data-testid="contest-log">
          {log.map((entry) => (
            <li key={entry.id}>
              <strong>{LOG_ACTION_LABELS[entry.action] ?? entry.action}</strong>
              {entry.round_title && ` · ${entry.round_title}`} — {entry.actor ?? "Hệ thống"}, {formatDateTime(entry.at)}
              {entry.reason && <p className="small">Lý do: {entry.reason}</p>}
              {describeLogDetails(entry.details).map((line) => (
                <p key={line} className="small muted">
                  {line}
                </p>
              ))}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

const CONFIRM_LABELS = {
  "round-close": "Xác nhận đóng đợt thi",
  "round-open": "Xác nhận mở đợt thi",
  unpublish: "Xác nhận chuyển về bản nháp",
} as const;
const REASON_LABELS = {
  "round-close": "Lý do đóng đợt thi ngay",
  "round-open": "Lý do mở đợt thi ngay",
  unpublish: "Lý do chuyển về bản nháp",
} as const;

export function RankingPublicField({ defaultChecked }: { defaultChecked: boolean }) {
  return (
    <div className="field">
      <label className="row small">
        <input type="checkbox" name="rankingPublic" defaultChecked={defaultChecked} /> {RANKING_PUBLIC_LABEL}
      </label>
      <p className="hint">Bỏ chọn: chỉ lãnh đạo (trong phạm vi đơn vị mình) và ban tổ chức xem được bảng xếp hạng.</p>
    </div>
  );
}

/** Whether the reply refused this group's form (`groupId` null: the new group's). */
function groupRefused(reply: Pick<FormReply, "intent" | "ok" | "values"> | undefined, groupId: number | null): boolean {
  const group = replyTo(reply, "group");
  return Boolean(group && !group.ok && fieldValue(group, "groupId") === String(groupId ?? ""));
}

function GroupForm(props: {
  reply: (Pick<FormReply, "intent" | "ok" | "message" | "values" | "fieldErrors">) | undefined;
  groupId: number | null;
  name: string;
  openToPublic: boolean;
  unitIds: number[];
  units: UnitPickerChoice[];
  busy: boolean;
}) {
  // Only the form that was refused takes back what was typed.
  const reply = groupRefused(props.reply, props.groupId) ? props.reply : undefined;
  return (
    <Form method="post" className="stack" key={formKey(reply, props.name, props.openToPublic, props.unitIds)}>
      <input type="hidden" name="intent" value="group" />
      {props.groupId !== null && <input type="hidden" name="groupId" value={props.groupId} />}
      <TextField label="Tên bảng" name="name" defaultValue={fieldValue(reply, "name", props.name)} maxLength={100} error={reply?.fieldErrors.name} />
      <label className="row small">
        <input type="checkbox" name="openToPublic" defaultChecked={fieldChecked(reply, "openToPublic", props.openToPublic)} /> Mở cho mọi người (kể cả người dân đăng ký tự do)
      </label>
      <UnitPicker
        units={props.units}
        name="unitIds"
        multiple
        defaultValues={fieldValues(reply, "unitIds", props.unitIds).map(Number)}
        error={reply?.fieldErrors.unitIds}
        label="Đơn vị dự thi (gồm các đơn vị trực thuộc)"
        hint="Mỗi đơn vị được chọn gồm cả các đơn vị trực thuộc."
      />
      <button type="submit" className="button button--secondary" disabled={props.busy}>
        Lưu bảng thi
      </button>
    </Form>
  );
}
