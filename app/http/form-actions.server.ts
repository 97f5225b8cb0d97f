import { json, type TypedResponse } from "@remix-run/node";
import type { z } from "zod";
import { readUpload } from "./bounded-upload.server";
import { FIX_MARKED_FIELDS, parseForm, typedValues, UNKNOWN_FORM, type FormReply } from "./forms";
import { UserFacingError } from "./user-facing-error";

// The server half of the one form convention (./forms.ts). A route action lists its forms by
// intent, each with its schema and its work, and hands the request to `handleIntents`:
//
//   return handleIntents(request, {
//     update: intent({ schema: contestFormSchema, errorFields: ["slug"], run: async (fields) => ({ message: "Đã lưu." }) }),
//     publish: intent({ schema: z.object({}), run: async () => ({ message: "Đã công bố." }) }),
//   });
//
// It reads the form once; an unknown intent is a 400 that changes nothing; a form its schema
// refuses is a 400 with the field errors and the values typed, and the work never runs; a
// UserFacingError thrown by the work becomes a refusal with its status (on a field when its code
// names one); anything else is a bug and is thrown on. The work redirects, or answers a message.

/** What an intent's work answers when it does not redirect. */
export interface Done<Data = never> {
  message: string;
  data?: Data;
  /** 200 by default. From 400 the answer is a refusal (`ok: false`) that still carries its data: an import's list of problems. */
  status?: number;
  headers?: HeadersInit;
}

export interface Intent<Data = never> {
  schema: z.ZodType;
  errorFields?: readonly string[] | Readonly<Record<string, string>>;
  // The data's type was checked where the intent was made (`intent` below).
  run(data: any, form: FormData): Promise<Response | Done<Data>>;
}

/** One form of a page: its schema, and the work done with what the schema gives. */
export function intent<S extends z.ZodType, Data = never>(spec: {
  schema: S;
  /**
   * The codes of the UserFacingErrors the work throws that belong to a field of this form: a list
   * when the code is the field's name, or code → field ({ unit: "unitId" }).
   */
  errorFields?: readonly string[] | Readonly<Record<string, string>>;
  run(data: z.output<S>, form: FormData): Promise<Response | Done<Data>>;
}): Intent<Data> {
  return spec;
}

// An intent whose work answers no data is inferred as Intent<unknown> when its work takes the
// form's data: it adds nothing to the page's type.
type DataOf<T extends Record<string, Intent<unknown>>> = { [K in keyof T]: T[K] extends Intent<infer D> ? (unknown extends D ? never : D) : never }[keyof T];

export type IntentsReply<T extends Record<string, Intent<unknown>>> = FormReply<DataOf<T>>;

function fieldOf(errorFields: Intent["errorFields"], code: string): string | undefined {
  if (!errorFields) return undefined;
  if (Array.isArray(errorFields)) return errorFields.includes(code) ? code : undefined;
  return Object.hasOwn(errorFields, code) ? (errorFields as Record<string, string>)[code] : undefined;
}

/**
 * Answers a page's forms. `implied`: the intent of a form sent without an `intent` field (a page
 * with one form). `upload`: the form carries a file, read by `readUpload` within `maxBytes`.
 */
export async function handleIntents<T extends Record<string, Intent<unknown>>>(
  request: Request,
  intents: T,
  options: { implied?: Extract<keyof T, string>; upload?: { maxBytes: number } } = {},
): Promise<TypedResponse<IntentsReply<T>>> {
  type Reply = IntentsReply<T>;
  const answer = (status: number, reply: Reply, headers?: HeadersInit) => json<Reply>(reply, { status, headers });

  let form: FormData;
  if (options.upload) {
    const upload = await readUpload(request, options.upload.maxBytes);
    if (!upload.ok) return answer(upload.status, { intent: "", ok: false, message: upload.message, fieldErrors: {}, values: {} });
    form = upload.form;
  } else {
    try {
      form = await request.formData();
    } catch {
      return answer(400, { intent: "", ok: false, message: UNKNOWN_FORM, fieldErrors: {}, values: {} });
    }
  }
  const values = typedValues(form);
  const sent = form.get("intent");
  const name = typeof sent === "string" && sent !== "" ? sent : options.implied;
  if (name === undefined || !Object.hasOwn(intents, name)) {
    return answer(400, { intent: typeof sent === "string" ? sent : "", ok: false, message: UNKNOWN_FORM, fieldErrors: {}, values });
  }
  const spec = intents[name];
  const parsed = parseForm(spec.schema, form);
  if (!parsed.ok) return answer(400, { intent: name, ok: false, message: parsed.message, fieldErrors: parsed.fieldErrors, values });

  try {
    const done = await spec.run(parsed.data, form);
    if (done instanceof Response) return done as TypedResponse<Reply>;
    const status = done.status ?? 200;
    const ok = status < 400;
    const reply: Reply = { intent: name, ok, message: done.message, fieldErrors: {}, values: ok ? {} : values };
    if (done.data !== undefined) reply.data = done.data as Reply["data"];
    return answer(status, reply, done.headers);
  } catch (error) {
    if (!(error instanceof UserFacingError)) throw error;
    const field = fieldOf(spec.errorFields, error.code);
    const headers = error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : undefined;
    const reply: Reply = field
      ? { intent: name, ok: false, message: FIX_MARKED_FIELDS, fieldErrors: { [field]: error.message }, values }
      : { intent: name, ok: false, message: error.message, fieldErrors: {}, values };
    return answer(error.status, reply, headers);
  }
}
