import type { FieldErrors } from "~/http/forms";
import { z } from "~/validation/z";
import { optionalReasonField, reasonField } from "~/commands/reason";
import { UNIT_KIND_KEYS, UNIT_NAME_MAX, UNIT_NAME_MIN, normalizeUnitCode, parseHeadcount, unitCodeProblem } from "./tree-edits";

// The forms of the unit management pages, validated on the server with field-level Vietnamese
// messages. Values typed are given back with the errors so nothing has to be typed again.

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

const unitId = (message: string) => z.coerce.number({ error: message }).int({ error: message }).positive({ error: message }).max(2 ** 31 - 1, { error: message });

// One reason rule for every command (~/commands/reason.ts).
const requiredReason = (what: string) => reasonField(`lý do ${what}`);
const optionalReason = optionalReasonField;

export type FormParse<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, string> };

/** The submitted text of each field, to put back into the form. */
function valuesOf(form: FormData, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, typeof form.get(key) === "string" ? String(form.get(key)) : ""]));
}

function parseWith<S extends z.ZodType>(schema: S, form: FormData, keys: readonly string[]): FormParse<z.infer<S>> {
  const values = valuesOf(form, keys);
  const raw = Object.fromEntries(keys.map((key) => [key, form.get(key) ?? undefined]));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: FieldErrors = {};
  for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  return { ok: false, fieldErrors, values };
}

const ADD_KEYS = ["code", "name", "kind", "headcount", "parentId", "topLevel"] as const;

export interface AddUnitForm {
  code: string;
  name: string;
  kind: string;
  headcount: number;
  parentId: number | null;
}

/** The parent chosen in a form, or null when "top level" is ticked; checked apart so its error shows with the others. */
function parentOf(form: FormData, message: string): { ok: true; parentId: number | null } | { ok: false; message: string } {
  if (form.get("topLevel") === "on") return { ok: true, parentId: null };
  const parsed = unitId(message).safeParse(form.get("parentId") ?? undefined);
  return parsed.success ? { ok: true, parentId: parsed.data } : { ok: false, message };
}

/** A new unit: a code following the rule, and a parent unless "top level" is ticked. */
export function parseAddUnitForm(form: FormData): FormParse<AddUnitForm> {
  const schema = z.object({
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
  });
  const result = parseWith(schema, form, ADD_KEYS);
  const parent = parentOf(form, "Vui lòng chọn đơn vị cấp trên, hoặc đánh dấu “Đơn vị cấp cao nhất”");
  if (!result.ok || !parent.ok) {
    const fieldErrors = result.ok ? {} : result.fieldErrors;
    if (!parent.ok) fieldErrors.parentId = parent.message;
    return { ok: false, fieldErrors, values: valuesOf(form, ADD_KEYS) };
  }
  return { ok: true, data: { ...result.data, parentId: parent.parentId } };
}

export const EDIT_KEYS = ["name", "kind", "headcount"] as const;

export function parseEditUnitForm(form: FormData, currentKind: string): FormParse<{ name: string; kind: string; headcount: number }> {
  return parseWith(z.object({ name, kind: kind(currentKind), headcount }), form, EDIT_KEYS);
}

export const MOVE_KEYS = ["parentId", "topLevel", "reason"] as const;

export function parseMoveUnitForm(form: FormData): FormParse<{ parentId: number | null; reason: string | undefined }> {
  const result = parseWith(z.object({ reason: optionalReason }), form, MOVE_KEYS);
  const parent = parentOf(form, "Vui lòng chọn đơn vị cấp trên mới, hoặc đánh dấu “Đưa lên cấp cao nhất”");
  if (!result.ok || !parent.ok) {
    const fieldErrors = result.ok ? {} : result.fieldErrors;
    if (!parent.ok) fieldErrors.parentId = parent.message;
    return { ok: false, fieldErrors, values: valuesOf(form, MOVE_KEYS) };
  }
  return { ok: true, data: { parentId: parent.parentId, reason: result.data.reason || undefined } };
}

export const MERGE_KEYS = ["intoId", "reason"] as const;

export function parseMergeUnitForm(form: FormData): FormParse<{ intoId: number; reason: string }> {
  return parseWith(z.object({ intoId: unitId("Vui lòng chọn đơn vị nhận sáp nhập"), reason: requiredReason("sáp nhập") }), form, MERGE_KEYS);
}

export const RETIRE_KEYS = ["reason"] as const;

export function parseRetireUnitForm(form: FormData): FormParse<{ reason: string }> {
  return parseWith(z.object({ reason: requiredReason("ngừng hoạt động") }), form, RETIRE_KEYS);
}


