import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { readEntryApiRequest } from "~/entries/entry-api.server";
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
export async function action(args: ActionFunctionArgs) {
  const call = await readEntryApiRequest(args, saveAnswerSchema, "Câu trả lời gửi lên không hợp lệ.");
  if (!call.ok) return call.response;
  try {
    const { remainingMs } = await saveAnswer(args.context.db, { entryId: call.entryId, userId: call.user.id, ...call.data });
    return json({ ok: true as const, position: call.data.position, revision: call.data.revision, remainingMs });
  } catch (error) {
    return refusalToJson(error);
  }
}
