import { z } from "~/validation/z";
import { parseBigintId, parseIntId } from "./url-ids";

// One convention for every form a page posts (the server half is ./form-actions.server.ts).
// Forms used to be read four ways with four result shapes, and a refused form came back empty on
// some pages. Now each route action names its intents; each intent has one zod schema over the
// submitted fields; and every answer has one shape, `FormReply`: the intent, ok, a message,
// field errors, and the values typed, which the page puts back as the inputs' defaultValue so a
// refused form keeps what was typed, with or without JavaScript. This file is shared with the
// browser: the schemas' numbers (lengths, ranges) can also be the inputs' constraints.

export type FieldErrors = Record<string, string>;

/** What was typed, by field name: one text, or a list for a repeated name (ticked boxes, a multiple select). */
export type FormValues = Record<string, string | string[]>;

/** The one answer of every form action. */
export interface FormReply<Data = never> {
  /** The form that was sent (its `intent` field). */
  intent: string;
  ok: boolean;
  /** The sentence the page shows above the form. */
  message: string;
  /** A message per field; keys are the fields' names. */
  fieldErrors: FieldErrors;
  /** On a refusal, what was typed (never passwords or files), to put back into the form; empty on success. */
  values: FormValues;
  /** What a success carries beyond its message (a merge preview, a code shown once, an import report). */
  data?: Data;
}

/** The message above a form refused field by field. */
export const FIX_MARKED_FIELDS = "Vui lòng sửa các mục được đánh dấu.";
/** A form the page does not have (a stale page, a forged post). */
export const UNKNOWN_FORM = "Yêu cầu không hợp lệ. Vui lòng tải lại trang rồi thử lại.";

/** Fields whose value is never sent back: passwords of any kind (password, newPassword, confirmPassword…). */
const SECRET_FIELD = /password/i;
/** No form here accepts a longer text: a longer one is not worth sending back in full. */
const MAX_ECHOED_LENGTH = 50_000;

/** The form as its schema reads it: one value per name, or a list for a repeated name. */
export function formObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const object: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const name of new Set(form.keys())) {
    const all = form.getAll(name);
    object[name] = all.length > 1 ? all : all[0];
  }
  return object;
}

/** What was typed, to be sent back: text fields only, never a password, never a file. */
export function typedValues(form: FormData): FormValues {
  const values: FormValues = {};
  for (const name of new Set(form.keys())) {
    if (name === "intent" || SECRET_FIELD.test(name)) continue;
    const texts = form
      .getAll(name)
      .filter((value): value is string => typeof value === "string")
      .map((text) => text.slice(0, MAX_ECHOED_LENGTH));
    if (texts.length > 0) values[name] = texts.length > 1 ? texts : texts[0];
  }
  return values;
}

export type ParsedForm<T> = { ok: true; data: T } | { ok: false; message: string; fieldErrors: FieldErrors };

/**
 * Validates a form with its schema. The first message of each field is kept for display; an issue
 * of the whole form (an empty path) becomes the message, otherwise "fix the marked fields".
 */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): ParsedForm<z.output<S>> {
  const result = schema.safeParse(formObject(form));
  if (result.success) return { ok: true, data: result.data };
  const fieldErrors: FieldErrors = {};
  let formMessage: string | undefined;
  for (const issue of result.error.issues) {
    if (issue.path.length === 0) formMessage ??= issue.message;
    else fieldErrors[issue.path.map(String).join(".")] ??= issue.message;
  }
  return { ok: false, message: formMessage ?? FIX_MARKED_FIELDS, fieldErrors };
}

// Pieces of schemas that several forms share.

/** A field that may be sent once, several times or not at all, as a list. */
export const repeated = <T extends z.ZodType>(item: T) => z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(item));

/**
 * An id typed or chosen in a form (a select's value, a hidden field): the same canonical digits
 * within the column's range as an id in a URL (./url-ids.ts), so "0x10", "1e3" or "-1" name
 * nothing instead of another row.
 */
export const intIdField = (message: string) =>
  z.string({ error: message }).transform((text, ctx) => {
    const id = parseIntId(text.trim());
    if (id === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return id;
  });

/** An id that may be left blank (null): "every group", "the whole province". */
export const optionalIntIdField = (message: string) =>
  z.preprocess((value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? null : value), intIdField(message).nullable());

/** Ids chosen in a multiple select or ticked boxes; one bad id refuses the field as a whole. */
export const intIdListField = (message: string) =>
  repeated(z.string({ error: message })).transform((texts, ctx) => {
    const ids = texts.map((text) => parseIntId(text.trim()));
    if (ids.some((id) => id === null)) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return ids as number[];
  });

/** A bigint id (an entry, a session), kept as its decimal text as the database driver returns it. */
export const bigintIdField = (message: string) =>
  z.string({ error: message }).transform((text, ctx) => {
    const id = parseBigintId(text.trim());
    if (id === null) {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    }
    return id;
  });

/**
 * The file of an upload form, read within its limits by `readUpload`. A form sent without a file
 * chosen has an empty part without a name; an empty file with a name is the file reader's to refuse.
 */
export const uploadedFile = (missing: string) =>
  z.custom<File>((value) => typeof File !== "undefined" && value instanceof File && (value.size > 0 || value.name !== ""), { error: missing });

/** A checkbox: sent with its value when ticked ("on" unless the input says otherwise), absent when not. */
export const checkbox = (value = "on") => z.unknown().optional().transform((sent) => sent === value);

/** The refusal of an action posted without going through its confirmation step. */
export const CONFIRM_FIRST = "Vui lòng xem lại và xác nhận thao tác trước khi thực hiện.";

/**
 * The `confirm=1` a confirmation panel (~/components/confirm-action.tsx) adds: an action that ends,
 * reopens or hides something contestants see is done only from there, after its consequences are shown.
 */
export const confirmField = z.literal("1", { error: CONFIRM_FIRST });

/**
 * A schema whose first refusal is said above the form rather than on a field: for forms whose
 * fields the page wrote itself (hidden ids) or that show one notice, where a marked field would
 * point at nothing the person can see.
 */
export const formLevel = <S extends z.ZodType>(schema: S) =>
  z.unknown().transform((value, ctx): z.output<S> => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    ctx.addIssue({ code: "custom", message: result.error.issues[0]?.message ?? UNKNOWN_FORM });
    return z.NEVER;
  });

// The page's half: the inputs take their defaultValue from the reply.

type Reply = { intent: string; ok: boolean; values: FormValues };

/** The reply when it answers one of these forms, else undefined (a page with several forms). */
export function replyTo<R extends { intent: string }>(reply: R | undefined, ...intents: string[]): R | undefined {
  return reply && intents.includes(reply.intent) ? reply : undefined;
}

/** What to put into a field: what was typed when the form was refused, else the saved value. */
export function fieldValue(reply: Reply | undefined, name: string, saved: string | number | null | undefined = ""): string {
  if (reply && !reply.ok) {
    const typed = reply.values[name];
    return (Array.isArray(typed) ? typed[0] : typed) ?? "";
  }
  return saved == null ? "" : String(saved);
}

/** The values of a repeated field (ticked boxes, a multiple select, a list of inputs). */
export function fieldValues(reply: Reply | undefined, name: string, saved: readonly (string | number)[] = []): string[] {
  if (reply && !reply.ok) {
    const typed = reply.values[name];
    return typed === undefined ? [] : Array.isArray(typed) ? typed : [typed];
  }
  return saved.map(String);
}

/** Whether a checkbox is ticked: as sent when the form was refused, else as saved. */
export function fieldChecked(reply: Reply | undefined, name: string, saved: boolean, value = "on"): boolean {
  return reply && !reply.ok ? fieldValues(reply, name).includes(value) : saved;
}

/**
 * A `key` for the form element. defaultValue is read once, when an input is created: the key
 * changes when a refusal brings other values, or a success the saved ones (an emptied form after
 * "create"), so React creates the inputs again with them. `saved`: the saved values the form
 * starts from, when they can change under it.
 */
export function formKey(reply: (Reply & { message: string }) | undefined, ...saved: unknown[]): string {
  return JSON.stringify([reply ? (reply.ok ? reply.message : reply.values) : null, ...saved]);
}
