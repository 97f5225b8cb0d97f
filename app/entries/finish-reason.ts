import type { EntryStatus } from "~/database/schema";

/**
 * How a finished entry ended, as its result page says it. The status records it (entries.server.ts
 * finaliseEntry): "submitted" when the contestant submitted in time, "expired" when the time (the
 * entry's or the round's) ran out and the answers saved until then were submitted for them.
 */
export function finishText(status: EntryStatus): { heading: string; note: string | null } {
  if (status === "expired") {
    return { heading: "Đã hết giờ làm bài", note: "Hệ thống đã tự nộp các câu trả lời bạn đã lưu trước khi hết giờ; câu chưa trả lời được tính là sai." };
  }
  return { heading: "Bạn đã nộp bài", note: null };
}
