import { optionalReasonField, reasonField } from "~/commands/reason";
import { intIdField } from "~/http/forms";
import { z } from "~/validation/z";
import { UNIT_KIND_KEYS, UNIT_NAME_MAX, UNIT_NAME_MIN, normalizeUnitCode, parseHeadcount, unitCodeProblem } from "./tree-edits";

// The forms of the unit management pages, with field-level Vietnamese messages (the pages give
// the values typed back with them: ~/http/forms.ts).

const name = z
  .string({ error: "Vui lòng nhập tên đơn vị" })
  .trim()
  .min(UNIT_NAME_MIN, { error: `Vui lòng nhập tên đơn vị (ít nhất ${UNIT_NAME_MIN} ký tự)` })
  .max(UNIT_NAME_MAX, { error: `Tên đơn vị tối đa ${UNIT_NAME_MAX} ký tự` });

const headcount = z.string({ error: "Vui lòng nhập số biên chế" }).transform((text, ctx) => {
  const parsed = parseHeadcount(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.message });
  return z.NEVER;
});

/** A known kind, or the unit's current kind (which may predate the list). */
const kind = (currentKind?: string) =>
  z
    .string({ error: "Vui lòng chọn loại đơn vị" })
    .refine((value) => (UNIT_KIND_KEYS as string[]).includes(value) || (currentKind !== undefined && value === currentKind), { error: "Vui lòng chọn loại đơn vị" });

/**
 * The unit above, chosen in a list, or none when the "top level" box is ticked: the box stands
 * for the choice (before the fields are read), so the form's other fields are still checked and
 * answered at once.
 */
const topLevelStandsForParent = (sent: unknown) =>
  typeof sent === "object" && sent !== null && (sent as Record<string, unknown>).topLevel === "on" ? { ...sent, parentId: null } : sent;

const parentId = (message: string) => z.union([z.null(), intIdField(message)], { error: message });

/** A new unit: a code following the rule, and a parent unless "top level" is ticked. */
export const addUnitSchema = z.preprocess(
  topLevelStandsForParent,
  z.object({
    code: z
      .string({ error: "Vui lòng nhập mã đơn vị" })
      .transform(normalizeUnitCode)
      .superRefine((code, ctx) => {
        const problem = unitCodeProblem(code);
        if (problem) ctx.addIssue({ code: "custom", message: problem === "Thiếu mã đơn vị" ? "Vui lòng nhập mã đơn vị" : problem });
      }),
    name,
    kind: kind(),
    headcount,
    parentId: parentId("Vui lòng chọn đơn vị cấp trên, hoặc đánh dấu “Đơn vị cấp cao nhất”"),
  }),
);

export const editUnitSchema = (currentKind: string) => z.object({ name, kind: kind(currentKind), headcount });

export const moveUnitSchema = z.preprocess(
  topLevelStandsForParent,
  z.object({
    parentId: parentId("Vui lòng chọn đơn vị cấp trên mới, hoặc đánh dấu “Đưa lên cấp cao nhất”"),
    reason: optionalReasonField.transform((reason) => reason || undefined),
  }),
);

// One reason rule for every command (~/commands/reason.ts).
export const mergeUnitSchema = z.object({ intoId: intIdField("Vui lòng chọn đơn vị nhận sáp nhập"), reason: reasonField("lý do sáp nhập") });

export const retireUnitSchema = z.object({ reason: reasonField("lý do ngừng hoạt động") });
