import { z } from "~/validation/z";

// One rule for the written reason of an organizer's or admin's change (a disqualification, a
// reopened entry, a merged unit, a reset code...): the reason is read back later, in the contest
// log, the unit history or the account log, by someone who was not there. Ten characters is about
// the shortest text that says why ("Mất điện", "Nhầm đơn vị" are not quite enough on their own).
// Pure: the server and the browser's forms share it.

export const REASON_MIN = 10;
export const REASON_MAX = 500;

/** The refusal for a reason missing or too short; `what` names it ("lý do sáp nhập", "căn cứ quyết định"). */
export const reasonTooShortMessage = (what = "lý do") => `Vui lòng ghi rõ ${what} (ít nhất ${REASON_MIN} ký tự): nội dung được lưu vào nhật ký.`;
export const REASON_TOO_LONG_MESSAGE = `Lý do tối đa ${REASON_MAX} ký tự.`;

/** A reason accepted (trimmed), or the Vietnamese message saying what is wrong with it. */
export type ReasonCheck = { ok: true; reason: string } | { ok: false; message: string };

/** The reason trimmed, or the Vietnamese message saying what is wrong with it. */
export function checkReason(text: string | null | undefined, what = "lý do"): ReasonCheck {
  const reason = (text ?? "").trim();
  if (reason.length < REASON_MIN) return { ok: false, message: reasonTooShortMessage(what) };
  if (reason.length > REASON_MAX) return { ok: false, message: REASON_TOO_LONG_MESSAGE };
  return { ok: true, reason };
}

/** An optional reason: blank is null; one that is given still has the maximum length. */
export function checkOptionalReason(text: string | null | undefined): { ok: true; reason: string | null } | { ok: false; message: string } {
  const reason = (text ?? "").trim();
  if (reason.length > REASON_MAX) return { ok: false, message: REASON_TOO_LONG_MESSAGE };
  return { ok: true, reason: reason === "" ? null : reason };
}

/** The form field of a required reason, with the same rule and message. */
export const reasonField = (what = "lý do") =>
  z
    .string({ error: reasonTooShortMessage(what) })
    .trim()
    .min(REASON_MIN, { error: reasonTooShortMessage(what) })
    .max(REASON_MAX, { error: REASON_TOO_LONG_MESSAGE });

/** The form field of an optional reason: blank is allowed, the maximum length is not exceeded. */
export const optionalReasonField = z.string().trim().max(REASON_MAX, { error: REASON_TOO_LONG_MESSAGE }).optional();
