import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { MAX_PREDICTION } from "~/contests/prediction";
import { readEntryApiRequest } from "~/entries/entry-api.server";
import { savePrediction } from "~/entries/entries.server";
import { refusalToJson } from "~/http/responses.server";
import { z } from "~/validation/z";

const predictionSchema = z.object({ prediction: z.number().int().min(0).max(MAX_PREDICTION) });

export async function loader() {
  return json({ ok: false, message: "Dùng phương thức POST để lưu câu trả lời dự đoán." }, { status: 405 });
}

/** Saves the prediction answer. Saving the same value again changes nothing. */
export async function action(args: ActionFunctionArgs) {
  const call = await readEntryApiRequest(
    args,
    predictionSchema,
    `Câu trả lời dự đoán phải là một số nguyên từ 0 đến ${MAX_PREDICTION.toLocaleString("vi-VN")}.`,
  );
  if (!call.ok) return call.response;
  try {
    const { remainingMs } = await savePrediction(args.context.db, { entryId: call.entryId, userId: call.user.id, prediction: call.data.prediction });
    return json({ ok: true as const, prediction: call.data.prediction, remainingMs });
  } catch (error) {
    return refusalToJson(error);
  }
}
