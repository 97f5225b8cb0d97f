import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireRole } from "~/auth/auth.server";
import { listBanksWithApprovedCounts } from "~/banks/banks.server";
import { BlueprintLines } from "~/components/blueprint-lines";
import { TextField } from "~/components/field";
import { blueprintTotals, describeTotals, type BlueprintTotals } from "~/contests/blueprint-totals";
import { createRound, EARLIER_CLOSE, updateRound } from "~/contests/contest-admin.server";
import { MAX_BLUEPRINT_LINES, MAX_QUESTIONS_PER_ENTRY, PREDICTION_PROMPT_MAX, ROUND_TITLE_MAX, roundFormSchema } from "~/contests/contest-forms";
import { roundForOrganizer } from "~/contests/contest-detail.server";
import { findContest } from "~/contests/contests.server";
import { DEFAULT_PREDICTION_PROMPTS, PREDICTION_RULE_LABELS } from "~/contests/prediction";
import { REVIEW_POLICY_LABELS } from "~/contests/review-policy";
import type { BlueprintLine } from "~/database/schema";
import { notFound } from "~/http/responses.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { checkbox, fieldChecked, fieldValue, fieldValues, formKey } from "~/http/forms";
import { optionalReasonField } from "~/commands/reason";
import { ReasonField } from "~/components/reason-field";
import { z } from "~/validation/z";
import { toVietnamDateTimeInput } from "~/text/vietnam-time";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

export const meta: MetaFunction = () => [{ title: "Đợt thi · Quản lý" }];

// The same bounds as the round form's schema.
const TOTAL_LIMITS = { maxLines: MAX_BLUEPRINT_LINES, maxCount: MAX_QUESTIONS_PER_ENTRY, maxPoints: 100 };

function ids(params: { id?: string; roundId?: string }) {
  const contestId = intIdParam(params.id, NOT_FOUND.contest);
  if (params.roundId === "moi") return { contestId, roundId: null };
  return { contestId, roundId: intIdParam(params.roundId, NOT_FOUND.round) };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const { contestId, roundId } = ids(params);
  const [contest, banks, existing] = await Promise.all([
    findContest(context.db, contestId),
    listBanksWithApprovedCounts(context.db),
    roundId === null ? null : roundForOrganizer(context.db, contestId, roundId),
  ]);
  if (!contest) notFound("Không tìm thấy cuộc thi.");
  if (roundId !== null && !existing) notFound("Không tìm thấy đợt thi.");
  const round = existing?.round ?? null;
  const entries = existing?.entries ?? 0;
  const start = new Date(Date.now() + 24 * 3600_000);
  start.setUTCMinutes(0, 0, 0);
  return {
    contest,
    banks,
    entries,
    isNew: round === null,
    values: {
      title: round?.title ?? "",
      opensAt: toVietnamDateTimeInput(round?.opens_at ?? start),
      closesAt: toVietnamDateTimeInput(round?.closes_at ?? new Date(start.getTime() + 7 * 24 * 3600_000)),
      timeLimitMinutes: String(Math.round((round?.time_limit_seconds ?? 1200) / 60)),
      blueprint: (round?.blueprint ?? [{ bankId: banks[0]?.id ?? 0, count: 20 }]) as BlueprintLine[],
      pointsPerQuestion: String(round?.points_per_question ?? 5),
      maxEntries: String(round?.max_entries ?? 2),
      shuffleQuestions: round?.shuffle_questions ?? true,
      shuffleOptions: round?.shuffle_options ?? true,
      reviewPolicy: round?.review_policy ?? "after_close",
      predictionRule: round?.prediction_rule ?? "entries",
      predictionPrompt: round?.prediction_prompt ?? DEFAULT_PREDICTION_PROMPTS.entries,
    },
  };
}

// An earlier close of a running round is confirmed in the form itself (it carries every field):
// the reason and the tick come with the second save.
const saveSchema = z.intersection(roundFormSchema, z.object({ reason: optionalReasonField, confirm: checkbox("1") }));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const { contestId, roundId } = ids(params);
  return handleIntents(
    request,
    {
      save: intent({
        schema: saveSchema,
        errorFields: { blueprint: "blueprint", reason: "reason", [EARLIER_CLOSE]: "confirm" },
        run: async ({ reason, confirm, ...fields }) => {
          if (roundId === null) await createRound(context, contestId, { ...fields, actorId: user.id });
          else await updateRound(context, contestId, roundId, { ...fields, actorId: user.id, reason: reason || null, confirmed: confirm });
          return redirect(`/quan-ly/cuoc-thi/${contestId}`);
        },
      }),
    },
    { implied: "save" },
  );
}

export default function RoundEditor() {
  const { contest, banks, entries, isNew, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  const locked = entries > 0;
  // The blueprint's rows: as typed when the form was refused, else as saved.
  const column = (name: string, saved: (line: BlueprintLine) => string | number | null | undefined) =>
    fieldValues(result, name, values.blueprint.map((line) => saved(line) ?? ""));
  const bankIds = column("lineBankId", (line) => line.bankId);
  const topics = column("lineTopic", (line) => line.topic);
  const difficulties = column("lineDifficulty", (line) => line.difficulty);
  const counts = column("lineCount", (line) => line.count);
  const rows = Array.from({ length: MAX_BLUEPRINT_LINES }, (_, i) => i);
  const blueprintRows = rows.map((i) => ({ bankId: String(bankIds[i] ?? ""), topic: String(topics[i] ?? ""), difficulty: String(difficulties[i] ?? ""), count: String(counts[i] ?? "") }));
  // The running total: as rendered (what was saved or typed), then recomputed as the organizer types.
  const serverTotals = blueprintTotals(
    blueprintRows.map((r) => r.count),
    fieldValue(result, "pointsPerQuestion", values.pointsPerQuestion),
    TOTAL_LIMITS,
  );
  const [liveTotals, setLiveTotals] = useState<BlueprintTotals | null>(null);
  useEffect(() => setLiveTotals(null), [result]);
  const recount = (event: React.FormEvent<HTMLFormElement>) => {
    const form = event.currentTarget;
    const counts = [...form.querySelectorAll<HTMLInputElement>('input[name="lineCount"]:not([disabled])')].map((input) => input.value);
    const points = form.elements.namedItem("pointsPerQuestion");
    setLiveTotals(blueprintTotals(counts, points instanceof HTMLInputElement ? points.value : "", TOTAL_LIMITS));
  };
  // The save was refused to say what an earlier close does to the entries running, or sent confirmed and refused.
  const confirmingEarlierClose = Boolean(errors.confirm) || fieldValue(result, "confirm") === "1";
  return (
    <>
      <p className="small">
        <Link to={`/quan-ly/cuoc-thi/${contest.id}`}>← {contest.title}</Link>
      </p>
      <h1>{isNew ? "Thêm đợt thi" : `Sửa ${values.title}`}</h1>
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" className="card" noValidate key={formKey(result)} onInput={recount}>
        <TextField label="Tên đợt thi" name="title" defaultValue={fieldValue(result, "title", values.title)} maxLength={ROUND_TITLE_MAX} placeholder="ví dụ: Tuần thi thứ nhất" error={errors.title} />
        <div className="row">
          <div style={{ flex: 1, minWidth: "14rem" }}>
            <TextField label="Mở lúc (giờ Việt Nam)" name="opensAt" type="datetime-local" defaultValue={fieldValue(result, "opensAt", values.opensAt)} error={errors.opensAt} />
          </div>
          <div style={{ flex: 1, minWidth: "14rem" }}>
            <TextField label="Đóng lúc (giờ Việt Nam)" name="closesAt" type="datetime-local" defaultValue={fieldValue(result, "closesAt", values.closesAt)} error={errors.closesAt} />
          </div>
        </div>
        <div className="row">
          <div style={{ flex: 1, minWidth: "10rem" }}>
            <TextField
              label="Thời gian mỗi lượt (phút)"
              name="timeLimitMinutes"
              inputMode="numeric"
              defaultValue={fieldValue(result, "timeLimitMinutes", values.timeLimitMinutes)}
              error={errors.timeLimitMinutes}
            />
          </div>
          <div style={{ flex: 1, minWidth: "10rem" }}>
            <TextField
              label="Điểm mỗi câu"
              name="pointsPerQuestion"
              inputMode="numeric"
              defaultValue={fieldValue(result, "pointsPerQuestion", values.pointsPerQuestion)}
              readOnly={locked}
              error={errors.pointsPerQuestion}
            />
          </div>
          <div style={{ flex: 1, minWidth: "10rem" }}>
            <TextField
              label="Số lượt thi mỗi người"
              name="maxEntries"
              inputMode="numeric"
              defaultValue={fieldValue(result, "maxEntries", values.maxEntries)}
              error={errors.maxEntries}
              hint="Lượt điểm cao nhất được tính."
            />
          </div>
        </div>
        <fieldset className="field">
          <legend>Cấu trúc đề (rút ngẫu nhiên từ câu hỏi đã duyệt)</legend>
          {locked && <p className="alert alert--info small">Đợt thi đã có {entries} bài làm: cấu trúc đề và điểm mỗi câu không thể thay đổi.</p>}
          {/* The shortfall (or any refusal of the whole blueprint) is said here once; the notice above only points to it. */}
          {errors.blueprint && (
            <p className="field-error" data-testid="blueprint-error">
              {errors.blueprint}
            </p>
          )}
          <BlueprintLines rows={blueprintRows} banks={banks} locked={locked} lineErrors={rows.map((i) => errors[`line.${i}`])} />
          {locked &&
            values.blueprint.map((line, i) => (
              <span key={i}>
                <input type="hidden" name="lineBankId" value={line.bankId} />
                <input type="hidden" name="lineTopic" value={line.topic ?? ""} />
                <input type="hidden" name="lineDifficulty" value={line.difficulty ?? ""} />
                <input type="hidden" name="lineCount" value={line.count} />
              </span>
            ))}
          <p className="blueprint-total" aria-live="polite" data-testid="blueprint-total">
            {describeTotals(liveTotals ?? serverTotals)}
          </p>
          <p className="hint">Để trống số câu ở các dòng không dùng. Một câu hỏi không bao giờ xuất hiện hai lần trong một lượt thi.</p>
        </fieldset>
        <label className="row small">
          <input type="checkbox" name="shuffleQuestions" defaultChecked={fieldChecked(result, "shuffleQuestions", values.shuffleQuestions)} /> Xáo trộn thứ tự câu hỏi
        </label>
        <label className="row small" style={{ marginBottom: "1rem" }}>
          <input type="checkbox" name="shuffleOptions" defaultChecked={fieldChecked(result, "shuffleOptions", values.shuffleOptions)} /> Xáo trộn thứ tự phương án (trừ câu Đúng/Sai)
        </label>
        <div className="field">
          <label htmlFor="reviewPolicy">Công bố đáp án và giải thích cho thí sinh</label>
          <select id="reviewPolicy" name="reviewPolicy" defaultValue={fieldValue(result, "reviewPolicy", values.reviewPolicy)}>
            {Object.entries(REVIEW_POLICY_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
          {errors.reviewPolicy && <p className="field-error">{errors.reviewPolicy}</p>}
        </div>
        <div className="field">
          <label htmlFor="predictionRule">Câu hỏi dự đoán (phân định khi bằng điểm)</label>
          <select id="predictionRule" name="predictionRule" defaultValue={fieldValue(result, "predictionRule", values.predictionRule)}>
            {Object.entries(PREDICTION_RULE_LABELS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
          <p className="hint">Máy chủ tính đáp án khi đợt thi kết thúc.</p>
          {errors.predictionRule && <p className="field-error">{errors.predictionRule}</p>}
        </div>
        <TextField
          label="Nội dung câu hỏi dự đoán"
          name="predictionPrompt"
          defaultValue={fieldValue(result, "predictionPrompt", values.predictionPrompt)}
          maxLength={PREDICTION_PROMPT_MAX}
          error={errors.predictionPrompt}
        />
        {confirmingEarlierClose && (
          <fieldset className="field confirm-action card" data-testid="confirm-action">
            <legend>Xác nhận dời giờ đóng sớm hơn</legend>
            {errors.confirm && <p>{errors.confirm}</p>}
            <ReasonField label="Lý do dời giờ đóng sớm hơn" defaultValue={fieldValue(result, "reason")} error={errors.reason} hint="Lý do được ghi vào nhật ký cuộc thi." />
            <label className="row small">
              <input type="checkbox" name="confirm" value="1" required defaultChecked={fieldValue(result, "confirm") === "1"} /> Tôi xác nhận dời giờ đóng sớm hơn khi đợt thi đang mở.
            </label>
          </fieldset>
        )}
        <button type="submit" className="button" disabled={busy}>
          {isNew ? "Thêm đợt thi" : "Lưu đợt thi"}
        </button>
      </Form>
    </>
  );
}
