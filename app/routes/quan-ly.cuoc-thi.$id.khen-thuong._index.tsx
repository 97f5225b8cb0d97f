import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { personLoginField } from "~/accounts/account-forms";
import { requirePersonByLogin } from "~/accounts/accounts.server";
import { requireRole } from "~/auth/auth.server";
import { readAwardsPage } from "~/awards/awards-reads.server";
import { COLLECTIVE_METRIC_LABELS } from "~/awards/collective";
import { groupField, structureFormSchema } from "~/awards/commendation-forms";
import { decideTie, disqualify, openCorrection, prizeStructureScopes, publishResults, revokeDisqualification, savePrizeStructure, type TieView } from "~/awards/commendation.server";
import { contestIdParam, requireAwardsReader } from "~/awards/commendation-routes.server";
import { optionalReasonField, REASON_MAX, REASON_MIN, reasonField } from "~/commands/reason";
import { rowKey, type ScopeView } from "~/awards/proposal-view";
import { PRIZE_TIER_LABELS, PRIZE_TIERS } from "~/awards/places";
import { describePrizeCounts, MAX_PRIZES_PER_TIER, type PrizeStructure } from "~/awards/prize-structure";
import { describeBelowMinimum, describeMinimumScores, MINIMUM_UNIT_LABELS } from "~/awards/tier-minimums";
import { winnerTimes } from "~/components/results-list";
import { handleIntents, intent } from "~/http/form-actions.server";
import { bigintIdField, checkbox, confirmField, fieldChecked, fieldValue, formKey, formLevel, intIdField, replyTo, UNKNOWN_FORM, type FormReply } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import { formatDateTime, formatNumber } from "~/text/format";
import { z } from "~/validation/z";
import { ReasonField } from "~/components/reason-field";
import { ConfirmAction } from "~/components/confirm-action";
import { correctionConsequence } from "~/contests/consequences.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Khen thưởng · ${data?.contest.title ?? "Cuộc thi"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { reader, contest } = await requireAwardsReader(context.db, request, params.id);
  const page = await readAwardsPage(context.db, reader, contest.id);
  // "Mở lại để đính chính" asks first (a link here with ?xac-nhan=dinh-chinh): what reopening does, read now.
  const asked = page.canManage && new URL(request.url).searchParams.get("xac-nhan") === "dinh-chinh";
  return { contest, ...page, correction: asked ? await correctionConsequence(context.db, contest.id) : null };
}

// Every form of this page answers in the one notice at its top: their refusals are form-level.

/** A person found by their login: someone the proposal does not list (the rows have their own form). */
const disqualifySchema = formLevel(z.object({ login: personLoginField, reason: reasonField("lý do loại") }));

/**
 * "Loại" on a row of the proposal: the person (out of every prize of the contest), or only the
 * entry the round counted (their next-best entry in the round counts instead).
 */
const disqualifyRowSchema = formLevel(
  z
    .object({
      userId: intIdField(UNKNOWN_FORM),
      kind: z.enum(["person", "entry"], { error: UNKNOWN_FORM }).default("person"),
      entryId: z.union([z.literal("").transform(() => null), bigintIdField(UNKNOWN_FORM)]).optional(),
      reason: reasonField("lý do loại"),
    })
    .refine((row) => row.kind === "person" || Boolean(row.entryId), { error: UNKNOWN_FORM }),
);

const revokeSchema = formLevel(z.object({ id: intIdField(UNKNOWN_FORM), reason: reasonField("lý do huỷ quyết định loại") }));

/** The order decided: the tied candidates' numbers, separated by commas or spaces. */
const tieOrder = z.string({ error: "Vui lòng ghi thứ tự" }).transform((text, ctx) => {
  const order = text.split(/[\s,;]+/).filter(Boolean).map(parseIntId);
  if (order.length === 0 || order.some((id) => id === null)) {
    ctx.addIssue({ code: "custom", message: order.length === 0 ? "Vui lòng ghi thứ tự" : "Thứ tự phải là các mã số, cách nhau bởi dấu phẩy." });
    return z.NEVER;
  }
  return order as number[];
});

const tieSchema = formLevel(
  z.object({
    kind: z.enum(["individual", "collective"], { error: UNKNOWN_FORM }),
    scopeKey: z.string().regex(/^(contest|round:[1-9][0-9]{0,9})$/, { error: UNKNOWN_FORM }),
    // 0: the contest has no groups.
    groupId: z.union([z.literal("0").transform(() => 0), intIdField(UNKNOWN_FORM)], { error: UNKNOWN_FORM }),
    order: tieOrder,
    note: reasonField("căn cứ quyết định (bốc thăm, câu hỏi phụ…)"),
  }),
);

const publishSchema = formLevel(
  z.object({
    confirm: checkbox().refine(Boolean, { error: "Vui lòng đánh dấu xác nhận trước khi công bố: sau khi công bố, kết quả không thể thay đổi." }),
    // Needed only to publish again after a correction: the command asks for it then.
    reason: optionalReasonField,
  }),
);

const correctionSchema = formLevel(z.object({ confirm: confirmField, reason: reasonField("lý do đính chính") }));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = contestIdParam(params.id);
  return handleIntents(request, {
    structure: intent({
      schema: structureFormSchema,
      run: async (structure) => {
        await savePrizeStructure(context, id, { structure, actorId: user.id });
        return { message: "Đã lưu cơ cấu giải thưởng; đề nghị khen thưởng được tính lại." };
      },
    }),
    disqualify: intent({
      schema: disqualifySchema,
      run: async ({ login, reason }) => {
        await disqualify(context, id, { kind: "person", userId: (await requirePersonByLogin(context.db, login)).id, reason, actorId: user.id });
        return { message: "Đã ghi quyết định loại; đề nghị khen thưởng được tính lại." };
      },
    }),
    "disqualify-row": intent({
      schema: disqualifyRowSchema,
      run: async ({ userId, kind, entryId, reason }) => {
        if (kind === "entry") await disqualify(context, id, { kind: "entry", entryId: entryId!, reason, actorId: user.id });
        else await disqualify(context, id, { kind: "person", userId, reason, actorId: user.id });
        return {
          message:
            kind === "entry"
              ? "Đã loại bài thi; bài thi tốt nhất còn lại của người này trong đợt được tính. Đề nghị khen thưởng được tính lại."
              : "Đã loại người dự thi khỏi xét giải; người xếp sau được xét thay. Đề nghị khen thưởng được tính lại.",
        };
      },
    }),
    revoke: intent({
      schema: revokeSchema,
      run: async ({ id: disqualificationId, reason }) => {
        await revokeDisqualification(context, id, { id: disqualificationId, reason, actorId: user.id });
        return { message: "Đã huỷ quyết định loại." };
      },
    }),
    tie: intent({
      schema: tieSchema,
      run: async (decision) => {
        await decideTie(context, id, { ...decision, actorId: user.id });
        return { message: "Đã ghi quyết định của ban tổ chức." };
      },
    }),
    publish: intent({
      schema: publishSchema,
      run: async ({ reason }) => {
        const { version, added } = await publishResults(context, id, { actorId: user.id, reason });
        const message = added
          ? `Đã công bố thêm kết quả các đợt mới (lần ${version}). Các kết quả đã công bố trước giữ nguyên.`
          : version > 1
            ? `Đã công bố kết quả đính chính (lần ${version}).`
            : "Đã công bố kết quả. Kết quả được khoá lại.";
        return { message };
      },
    }),
    correction: intent({
      schema: correctionSchema,
      run: async ({ reason }) => {
        await openCorrection(context, id, { actorId: user.id, reason });
        return { message: "Đã mở lại để đính chính. Bản đã công bố vẫn được giữ nguyên." };
      },
    }),
  });
}

/** A refused reply, as the page's forms read it back. */
type Refused = Pick<FormReply, "intent" | "ok" | "message" | "values"> | undefined;

/** The refused reply when it was this form's: its intent, and the hidden fields that name the form. */
function refusedHere(refused: Refused, intent: string, names: Record<string, string | number>): Refused {
  const reply = replyTo(refused, intent);
  return reply && Object.entries(names).every(([name, value]) => fieldValue(reply, name) === String(value)) ? reply : undefined;
}

/**
 * "Loại…" on a row: opens (without JavaScript: a details element) the confirm step that says what
 * it does and asks the reason; the command records both in the contest log.
 */
function DisqualifyRow({ row, userId, name, entryId, refused }: { row: string; userId: number; name: string; entryId: string | null; refused: Refused }) {
  const typed = refusedHere(refused, "disqualify-row", { row });
  const kind = fieldValue(typed, "kind", "person");
  return (
    <details className="row-action" open={Boolean(typed)} data-testid="disqualify-row">
      <summary>Loại…</summary>
      <Form method="post" className="stack" key={formKey(typed)}>
        <input type="hidden" name="intent" value="disqualify-row" />
        <input type="hidden" name="row" value={row} />
        <input type="hidden" name="userId" value={userId} />
        {entryId ? (
          <fieldset>
            <legend>{`Loại ${name}`}</legend>
            <input type="hidden" name="entryId" value={entryId} />
            <label>
              <input type="radio" name="kind" value="person" defaultChecked={kind !== "entry"} />{" "}
              {`Loại người này khỏi xét giải: ${name} rời khỏi bảng xếp hạng xét giải và danh sách đề nghị khen thưởng ở mọi đợt của cuộc thi; người xếp sau được xét thay.`}
            </label>
            <label>
              <input type="radio" name="kind" value="entry" defaultChecked={kind === "entry"} />{" "}
              Chỉ loại bài thi này: bài thi tốt nhất còn lại của người này trong đợt được tính thay.
            </label>
          </fieldset>
        ) : (
          <p className="small">{`Loại ${name} khỏi xét giải: người này rời khỏi bảng xếp hạng xét giải và danh sách đề nghị khen thưởng ở mọi đợt của cuộc thi; người xếp sau được xét thay.`}</p>
        )}
        <ReasonField label="Lý do loại" hint="Lý do được ghi vào nhật ký cuộc thi. Có thể huỷ quyết định ở mục «Loại khỏi xét giải»." defaultValue={fieldValue(typed, "reason")} />
        <button type="submit" className="button button--secondary">
          Xác nhận loại
        </button>
      </Form>
    </details>
  );
}

function TieForm({ tie, disabled, refused }: { tie: TieView; disabled: boolean; refused: Refused }) {
  const typed = refusedHere(refused, "tie", { kind: tie.kind, scopeKey: tie.scopeKey, groupId: tie.groupId });
  return (
    <div className="alert alert--error" role="alert" data-testid="open-tie">
      <p>
        <strong>Bằng điểm chưa phân định được</strong>
        {` (hạng ${tie.rank}; ${tie.places.map((p) => `vị trí ${p.place}: ${PRIZE_TIER_LABELS[p.tier]}`).join(", ")}).`}
      </p>
      <ul>
        {tie.candidates.map((c) => (
          <li key={c.id}>
            {`[${c.id}] ${c.name} — ${c.detail}`}
            {!disabled && tie.kind === "individual" && <DisqualifyRow row={`tie:${tie.scopeKey}/${tie.groupId}/${c.id}`} userId={c.id} name={c.name} entryId={null} refused={refused} />}
          </li>
        ))}
      </ul>
      {!disabled && (
        <Form method="post" className="stack" key={formKey(typed)}>
          <input type="hidden" name="intent" value="tie" />
          <input type="hidden" name="kind" value={tie.kind} />
          <input type="hidden" name="scopeKey" value={tie.scopeKey} />
          <input type="hidden" name="groupId" value={tie.groupId} />
          <label className="field">
            <span>Thứ tự quyết định (mã số, người xếp trên trước)</span>
            <input name="order" defaultValue={fieldValue(typed, "order", tie.candidates.map((c) => c.id).join(", "))} required />
          </label>
          <label className="field">
            <span>Căn cứ (bốc thăm, câu hỏi phụ…)</span>
            <input name="note" defaultValue={fieldValue(typed, "note")} required minLength={REASON_MIN} maxLength={REASON_MAX} />
          </label>
          <button type="submit" className="button">
            Ghi quyết định
          </button>
        </Form>
      )}
    </div>
  );
}

function ScopeTable({ scope, canManage, refused, countedEntries }: { scope: ScopeView; canManage: boolean; refused: Refused; countedEntries: Record<string, string> }) {
  const times = winnerTimes(scope.winners);
  return (
    <section className="card" data-testid="proposal-scope">
      <h3>{scope.label}</h3>
      <p className="small muted">{describePrizeCounts(scope.prizes)}</p>
      {describeMinimumScores(scope.minimumScores) && <p className="small muted">{describeMinimumScores(scope.minimumScores)}</p>}
      {describeBelowMinimum(scope.belowMinimum) && (
        <p className="small" data-testid="below-minimum">
          {describeBelowMinimum(scope.belowMinimum)}
        </p>
      )}
      {scope.message && <p className="alert alert--error">{scope.message}</p>}
      {scope.ties.map((tie, i) => (
        <TieForm key={i} tie={tie} disabled={!canManage} refused={refused} />
      ))}
      {scope.winners.length > 0 && (
        <div className="table-wrap">
          <table className="card-table">
            <thead>
              <tr>
                <th scope="col">Vị trí</th>
                <th scope="col">Họ và tên</th>
                <th scope="col">Đơn vị</th>
                <th className="num" scope="col">Điểm</th>
                <th className="num" scope="col">Thời gian</th>
                <th scope="col">Giải</th>
                {canManage && <th scope="col">Thao tác</th>}
              </tr>
            </thead>
            <tbody>
              {scope.winners.map((w, i) => (
                <tr key={i}>
                  <td data-label="Vị trí">{w.place}</td>
                  <td data-label="Họ và tên">{w.fullName}</td>
                  <td className="small" data-label="Đơn vị">{w.unitLabel}</td>
                  <td className="num" data-label="Điểm">{w.details ? formatNumber(w.details.score) : ""}</td>
                  <td className="num" data-label="Thời gian">{times[i]}</td>
                  <td data-label="Giải">
                    {PRIZE_TIER_LABELS[w.tier]}
                    {w.details?.decidedBy === "organizer" && <span className="small muted" style={{ display: "block" }}>{`Ban tổ chức quyết định: ${w.details.decisionNote ?? ""}`}</span>}
                  </td>
                  {canManage && (
                    <td data-label="Thao tác">
                      {w.details && (
                        <DisqualifyRow
                          row={rowKey(scope, w.details.userId)}
                          userId={w.details.userId}
                          name={w.fullName}
                          entryId={countedEntries[rowKey(scope, w.details.userId)] ?? null}
                          refused={refused}
                        />
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {scope.excluded.length > 0 && (
        <p className="small muted">{`Không xét: ${scope.excluded.map((e) => `${e.fullName} (${e.reason}: ${e.note})`).join("; ")}`}</p>
      )}
      {scope.collective && (
        <>
          <h4>{`Giải tập thể (${COLLECTIVE_METRIC_LABELS[scope.collective.metric]})`}</h4>
          {scope.collective.ties.map((tie, i) => (
            <TieForm key={i} tie={tie} disabled={!canManage} refused={refused} />
          ))}
          <ul>
            {scope.collective.winners.map((w, i) => (
              <li key={i}>{`${PRIZE_TIER_LABELS[w.tier]}: ${w.unitName} (${w.participants}/${w.headcount} người tham gia)`}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function StructureForm({
  rounds,
  groups,
  structure,
  typed,
}: {
  rounds: { id: number; number: number; title: string }[];
  groups: { id: number; name: string }[];
  structure: PrizeStructure | null;
  /** The structure's refused reply: the form shows what was typed. */
  typed: Refused;
}) {
  const scopes = [...rounds.map((r) => ({ key: `round:${r.id}`, label: `Đợt ${r.number}: ${r.title}` })), { key: "contest", label: "Toàn cuộc thi" }];
  const groupChoices: { id: number | null; name: string }[] = groups.length > 1 ? groups : [{ id: null, name: "Tất cả người dự thi" }];
  const existing = (scopeKey: string, groupId: number | null) =>
    structure?.scopes.find((s) => (s.scope.kind === "round" ? `round:${s.scope.roundId}` : "contest") === scopeKey)?.groups.find((g) => g.groupId === groupId);
  return (
    <Form method="post" className="stack" key={formKey(typed, structure)}>
      <input type="hidden" name="intent" value="structure" />
      <label>
        <input type="checkbox" name="atMostOneIndividualPrize" defaultChecked={fieldChecked(typed, "atMostOneIndividualPrize", structure?.atMostOneIndividualPrize ?? false)} />{" "}
        Mỗi người chỉ nhận tối đa một giải cá nhân trong cuộc thi (người kế tiếp trong bảng xếp hạng được xét thay)
      </label>
      {scopes.map((scope) =>
        groupChoices.map((group) => {
          const current = existing(scope.key, group.id);
          const name = (field: string) => groupField(scope.key, group.id, field);
          return (
            <fieldset key={`${scope.key}-${group.id}`} className="card">
              <legend>{groups.length > 1 ? `${scope.label} – ${group.name}` : scope.label}</legend>
              <label>
                <input type="checkbox" name={name("enabled")} defaultChecked={fieldChecked(typed, name("enabled"), Boolean(current))} /> Có giải
              </label>
              <div className="row">
                {PRIZE_TIERS.map((tier) => (
                  <label key={tier} className="field">
                    <span>{PRIZE_TIER_LABELS[tier]}</span>
                    <input name={name(tier)} type="number" min={0} max={MAX_PRIZES_PER_TIER} defaultValue={fieldValue(typed, name(tier), current?.individual[tier] ?? 0)} />
                  </label>
                ))}
              </div>
              <div className="row">
                <label className="field">
                  <span>Điểm tối thiểu tính theo</span>
                  <select name={name("minUnit")} defaultValue={fieldValue(typed, name("minUnit"), current?.minimums?.unit ?? "points")}>
                    <option value="points">{MINIMUM_UNIT_LABELS.points}</option>
                    <option value="percent">{MINIMUM_UNIT_LABELS.percent}</option>
                  </select>
                </label>
                {PRIZE_TIERS.map((tier) => (
                  <label key={tier} className="field">
                    <span>{`Tối thiểu – ${PRIZE_TIER_LABELS[tier]}`}</span>
                    <input name={name(`min_${tier}`)} type="number" min={0} inputMode="numeric" defaultValue={fieldValue(typed, name(`min_${tier}`), current?.minimums?.[tier] ?? "")} />
                  </label>
                ))}
              </div>
              <p className="small muted">
                Để trống nếu không đặt điểm tối thiểu. Người dưới mức tối thiểu của một giải không nhận giải đó (vẫn có thể nhận giải thấp hơn nếu đủ mức của giải ấy); giải để trống lấy mức của giải thấp hơn.
              </p>
              <label>
                <input type="checkbox" name={name("collective")} defaultChecked={fieldChecked(typed, name("collective"), Boolean(current?.collective))} /> Có giải tập thể
              </label>
              <div className="row">
                <label className="field">
                  <span>Xếp hạng tập thể theo</span>
                  <select name={name("metric")} defaultValue={fieldValue(typed, name("metric"), current?.collective?.metric ?? "rate")}>
                    <option value="rate">Tỷ lệ tham gia</option>
                    <option value="participants">Số người tham gia</option>
                  </select>
                </label>
                {PRIZE_TIERS.map((tier) => (
                  <label key={tier} className="field">
                    <span>{`Tập thể – ${PRIZE_TIER_LABELS[tier]}`}</span>
                    <input
                      name={name(`c_${tier}`)}
                      type="number"
                      min={0}
                      max={MAX_PRIZES_PER_TIER}
                      defaultValue={fieldValue(typed, name(`c_${tier}`), current?.collective?.prizes[tier] ?? 0)}
                    />
                  </label>
                ))}
                <label className="field">
                  <span>Số cán bộ tối thiểu</span>
                  <input name={name("minHeadcount")} type="number" min={1} defaultValue={fieldValue(typed, name("minHeadcount"), current?.collective?.minHeadcount)} />
                </label>
                <label className="field">
                  <span>Số người tham gia tối thiểu</span>
                  <input name={name("minParticipants")} type="number" min={1} defaultValue={fieldValue(typed, name("minParticipants"), current?.collective?.minParticipants)} />
                </label>
              </div>
            </fieldset>
          );
        }),
      )}
      <button type="submit" className="button">
        Lưu cơ cấu giải
      </button>
    </Form>
  );
}

export default function Commendation() {
  const { contest, rounds, groups, structure, proposal, countedEntries, disqualifications, publications, frozen, addable, canManage, heldTo, correction } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const refused = result && !result.ok ? result : undefined;
  // A refused publication comes back with its form open (also without JavaScript).
  const [confirming, setConfirming] = useState(Boolean(replyTo(refused, "publish")));
  const publishTyped = replyTo(refused, "publish");
  const correctionTyped = replyTo(refused, "correction");
  const personTyped = replyTo(refused, "disqualify");
  const editable = canManage && !frozen;
  const base = `/quan-ly/cuoc-thi/${contest.id}/khen-thuong`;
  const latest = publications[0]?.version ?? null;
  const notice = result ? (
    <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role={result.ok ? "status" : "alert"}>
      {result.message}
    </p>
  ) : null;
  return (
    <>
      <p className="small">
        <Link to={canManage ? `/quan-ly/cuoc-thi/${contest.id}` : `/lanh-dao/cuoc-thi/${contest.id}`}>← {contest.title}</Link>
      </p>
      <h1>Khen thưởng</h1>
      {notice}
      {heldTo && (
        <p className="alert alert--info" data-testid="held-to">
          {`Bạn xem được người đạt giải và đơn vị thuộc ${heldTo} (gồm các đơn vị trực thuộc). Kết quả đã công bố của cả cuộc thi có ở trang kết quả công khai.`}
        </p>
      )}
      {frozen && (
        <p className="alert alert--ok" data-testid="frozen">
          {`Kết quả đã được công bố (lần ${latest}) và đang được khoá: bài thi và thời gian của các đợt đã công bố, cơ cấu giải, quyết định loại không thể thay đổi. Các đợt thi khác vẫn diễn ra bình thường.`}
        </p>
      )}

      <section className="card">
        <h2>Tải về</h2>
        <p className="small muted">{latest ? `Mặc định là bản công bố mới nhất (lần ${latest}).` : "Chưa công bố: các tệp là bản dự thảo."}</p>
        <ul>
          <li>
            <a href={`${base}/de-nghi.xlsx`}>Danh sách đề nghị khen thưởng (.xlsx)</a>
          </li>
          {proposal.scopes.map((scope, index) => (
            <li key={`${scope.scopeKey}-${scope.groupId}`}>
              <a href={`${base}/de-nghi.pdf?pham-vi=${index}`}>{`Danh sách đề nghị khen thưởng (PDF) – ${scope.label}`}</a>
            </li>
          ))}
          <li>
            <Link to={`${base}/in`}>Trang in kết quả</Link>
          </li>
          <li>
            {/* Draft certificates stay with the organizers (app/rankings/visibility.ts). */}
            {!canManage && latest === null ? (
              <span className="muted">Giấy chứng nhận: tải về được sau khi ban tổ chức công bố kết quả.</span>
            ) : (
              <a href={`${base}/giay-chung-nhan.pdf`}>{heldTo ? `Giấy chứng nhận của người đạt giải thuộc ${heldTo} (PDF)` : "Giấy chứng nhận của tất cả người đạt giải (PDF)"}</a>
            )}
          </li>
        </ul>
      </section>

      <section className="card">
        <h2>Đề nghị khen thưởng</h2>
        {proposal.blockers.length > 0 && (
          <ul className="small" data-testid="blockers">
            {proposal.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        )}
        {proposal.scopes.map((scope) => (
          <ScopeTable key={`${scope.scopeKey}-${scope.groupId}`} scope={scope} canManage={editable} refused={refused} countedEntries={countedEntries} />
        ))}
      </section>

      {/* The structure before publication: it decides what is published. */}
      {canManage && (
        <section className="card">
          <h2>Cơ cấu giải thưởng</h2>
          {frozen ? <p className="muted">Kết quả đang được khoá; mở lại để đính chính nếu cần sửa cơ cấu giải.</p> : <StructureForm rounds={rounds} groups={groups} structure={structure} typed={replyTo(refused, "structure")} />}
        </section>
      )}

      {canManage && (
        <section className="card">
          <h2>{frozen ? "Đính chính kết quả" : "Công bố kết quả"}</h2>
          {frozen && addable.length > 0 && (
            <Form method="post" className="stack" data-testid="publish-more">
              <input type="hidden" name="intent" value="publish" />
              <p>Đã có kết quả cuối cùng, chưa công bố: {addable.join("; ")}.</p>
              <label>
                <input type="checkbox" name="confirm" required /> Tôi xác nhận công bố thêm: các kết quả này và mọi bài thi phía sau sẽ được khoá; kết quả đã công bố giữ nguyên.
              </label>
              <button type="submit" className="button" disabled={busy || proposal.blockers.length > 0}>
                Công bố thêm kết quả
              </button>
            </Form>
          )}
          {frozen && correction ? (
            <ConfirmAction
              heading={correction.heading}
              lines={correction.lines}
              intent="correction"
              confirmLabel="Xác nhận mở lại để đính chính"
              cancelTo={base}
              reason={{ label: "Lý do đính chính", defaultValue: fieldValue(correctionTyped, "reason") }}
              busy={busy}
            />
          ) : frozen ? (
            <p>
              <Link className="button button--secondary" to={`${base}?xac-nhan=dinh-chinh`}>
                Mở lại để đính chính
              </Link>
            </p>
          ) : confirming ? (
            <Form method="post" className="stack" key={formKey(publishTyped)}>
              <input type="hidden" name="intent" value="publish" />
              {latest && (
                <ReasonField label="Lý do công bố lại (đính chính)" defaultValue={fieldValue(publishTyped, "reason")} />
              )}
              <label>
                <input type="checkbox" name="confirm" required /> Tôi xác nhận công bố: sau khi công bố, kết quả và mọi bài thi phía sau không thể thay đổi.
              </label>
              <div className="row">
                <button type="submit" className="button" disabled={busy}>
                  Công bố
                </button>
                <button type="button" className="link-button" onClick={() => setConfirming(false)}>
                  Huỷ
                </button>
              </div>
            </Form>
          ) : (
            <button type="button" className="button" onClick={() => setConfirming(true)} disabled={proposal.blockers.length > 0}>
              {latest ? "Công bố lại…" : "Công bố kết quả…"}
            </button>
          )}
        </section>
      )}

      <section className="card">
        <h2>Lịch sử công bố</h2>
        {publications.length === 0 ? (
          <p className="muted">Chưa công bố.</p>
        ) : (
          <ul data-testid="publications">
            {publications.map((p) => (
              <li key={p.version}>
                <Link to={`${base}/in?phien-ban=${p.version}`}>{`Lần ${p.version}`}</Link>
                {` – ${formatDateTime(p.publishedAt)}${p.publishedBy ? `, ${p.publishedBy}` : ""}${p.reason ? `. Lý do: ${p.reason}` : ""}`}
                {" · "}
                <a href={`${base}/de-nghi.xlsx?phien-ban=${p.version}`}>.xlsx</a>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card">
        <h2>Loại khỏi xét giải</h2>
        {editable && (
          <Form method="post" className="stack" key={formKey(personTyped)}>
            <input type="hidden" name="intent" value="disqualify" />
            <p className="small muted">Người có trong đề nghị khen thưởng: dùng «Loại…» ở dòng của người đó. Ở đây có thể loại trước một người chưa có trong đề nghị, để người này không được xét giải.</p>
            <label className="field">
              <span>Email hoặc số điện thoại người dự thi</span>
              <input name="login" defaultValue={fieldValue(personTyped, "login")} required />
            </label>
            <ReasonField label="Lý do loại người dự thi" defaultValue={fieldValue(personTyped, "reason")} />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Loại người dự thi
            </button>
          </Form>
        )}
        {disqualifications.length === 0 ? (
          <p className="muted">Chưa có quyết định loại nào.</p>
        ) : (
          <ul data-testid="disqualifications">
            {disqualifications.map((d) => (
              <li key={d.id}>
                {`${d.kind === "entry" ? `Bài thi ${d.entry_id} của ${d.full_name}` : d.full_name} – ${d.reason} (${d.created_by_name ?? ""}, ${formatDateTime(d.created_at)})`}
                {d.revoked_at ? (
                  <span className="small muted">{` · Đã huỷ ${formatDateTime(d.revoked_at)}: ${d.revoke_reason ?? ""}`}</span>
                ) : (
                  editable && (
                    <Form method="post" className="row" key={formKey(refusedHere(refused, "revoke", { id: d.id }))}>
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="id" value={d.id} />
                      <input
                        name="reason"
                        defaultValue={fieldValue(refusedHere(refused, "revoke", { id: d.id }), "reason")}
                        placeholder="Lý do huỷ"
                        aria-label="Lý do huỷ quyết định loại"
                        required
                        minLength={REASON_MIN}
                        maxLength={REASON_MAX}
                      />
                      <button type="submit" className="link-button" disabled={busy}>
                        Huỷ quyết định
                      </button>
                    </Form>
                  )
                )}
              </li>
            ))}
          </ul>
        )}
      </section>

    </>
  );
}
