import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import type { z } from "zod";
import { getCurrentUser, type CurrentUser } from "~/auth/auth.server";

export type EntryApiRequest<T> = { ok: true; user: CurrentUser; entryId: string; data: T } | { ok: false; response: Response };

/**
 * The checks every JSON call about an entry makes, in order: POST, logged in, a well-formed
 * entry id, a JSON body, and the body's schema. Each refusal is a JSON answer in Vietnamese.
 */
export async function readEntryApiRequest<S extends z.ZodType>(
  { request, params, context }: ActionFunctionArgs,
  schema: S,
  invalidMessage: string,
): Promise<EntryApiRequest<z.infer<S>>> {
  const refuse = (status: number, message: string, code?: string) => ({ ok: false as const, response: json({ ok: false, code, message }, { status }) });
  if (request.method !== "POST") return refuse(405, "Phương thức không được hỗ trợ.");
  const user = await getCurrentUser(context.db, request);
  if (!user) return refuse(401, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.", "unauthenticated");
  const entryId = params.entryId ?? "";
  if (!/^\d{1,18}$/.test(entryId)) return refuse(404, "Không tìm thấy bài thi.");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return refuse(400, "Dữ liệu gửi lên không đúng định dạng JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) return refuse(400, invalidMessage);
  return { ok: true, user, entryId, data: parsed.data };
}
