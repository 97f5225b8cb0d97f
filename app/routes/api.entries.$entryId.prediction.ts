import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getCurrentUser } from "~/auth/auth.server";
import { MAX_PREDICTION } from "~/contests/prediction";
import { savePrediction } from "~/entries/entries.server";
import { refusalToJson } from "~/http/responses.server";
import { z } from "~/validation/z";

const predictionSchema = z.object({ prediction: z.number().int().min(0).max(MAX_PREDICTION) });

export async function loader() {
  return json({ ok: false, message: "Dùng phương thức POST để lưu câu trả lời dự đoán." }, { status: 405 });
}

/** Saves the prediction answer. Saving the same value again changes nothing. */
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
  const parsed = predictionSchema.safeParse(body);
  if (!parsed.success) {
    return json({ ok: false, message: `Câu trả lời dự đoán phải là một số nguyên từ 0 đến ${MAX_PREDICTION.toLocaleString("vi-VN")}.` }, { status: 400 });
  }
  try {
    const { remainingMs } = await savePrediction(context.db, { entryId, userId: user.id, prediction: parsed.data.prediction });
    return json({ ok: true as const, prediction: parsed.data.prediction, remainingMs });
  } catch (error) {
    return refusalToJson(error);
  }
}
