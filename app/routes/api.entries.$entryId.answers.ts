import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getCurrentUser } from "~/auth/auth.server";
import { saveAnswer } from "~/entries/entries.server";
import { refusalToJson } from "~/http/responses.server";
import { z } from "~/validation/z";

const saveAnswerSchema = z.object({
  position: z.number().int().min(0).max(500),
  chosen: z.array(z.number().int().min(0).max(5)).max(6),
  revision: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});

export async function loader() {
  return json({ ok: false, message: "Dùng phương thức POST để lưu câu trả lời." }, { status: 405 });
}

/** Saves one answer the moment it is chosen. Repeating the same save changes nothing. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return json({ ok: false, message: "Phương thức không được hỗ trợ." }, { status: 405 });
  const user = await getCurrentUser(context.db, request);
  if (!user) return json({ ok: false, code: "unauthenticated", message: "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại." }, { status: 401 });
  const entryId = params.entryId ?? "";
  if (!/^\d{1,18}$/.test(entryId)) return json({ ok: false, message: "Không tìm thấy bài thi." }, { status: 404 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ ok: false, message: "Dữ liệu gửi lên không đúng định dạng JSON." }, { status: 400 });
  }
  const parsed = saveAnswerSchema.safeParse(body);
  if (!parsed.success) return json({ ok: false, message: "Câu trả lời gửi lên không hợp lệ." }, { status: 400 });
  try {
    const { remainingMs } = await saveAnswer(context.db, { entryId, userId: user.id, ...parsed.data });
    return json({ ok: true as const, position: parsed.data.position, revision: parsed.data.revision, remainingMs });
  } catch (error) {
    return refusalToJson(error);
  }
}
