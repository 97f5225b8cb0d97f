import type { DBOrTransaction } from "~/database/connection.server";

/** Every change to a contest, its rounds and its people, with who, when, what and why. */
export async function logContest(
  db: DBOrTransaction,
  entry: { contestId: number; roundId?: number | null; actorId: number | null; action: string; details?: Record<string, unknown>; reason?: string | null },
) {
  await db
    .insertInto("contest_log")
    .values({
      contest_id: entry.contestId,
      round_id: entry.roundId ?? null,
      actor_id: entry.actorId,
      action: entry.action,
      details: JSON.stringify(entry.details ?? {}),
      reason: entry.reason ?? null,
    })
    .execute();
}

export const LOG_ACTION_LABELS: Record<string, string> = {
  "contest.created": "Tạo cuộc thi",
  "contest.updated": "Sửa thông tin cuộc thi",
  "contest.published": "Công bố cuộc thi",
  "contest.unpublished": "Chuyển cuộc thi về bản nháp",
  "contest.banner": "Đổi ảnh bìa",
  "group.created": "Thêm bảng thi",
  "group.updated": "Sửa bảng thi",
  "round.created": "Thêm đợt thi",
  "round.updated": "Sửa đợt thi",
  "round.opened": "Mở đợt thi ngay",
  "round.closed": "Đóng đợt thi sớm",
  "round.prediction_computed": "Tính đáp án câu hỏi dự đoán",
  "incident.extra_entry": "Cấp thêm lượt thi",
  "incident.extra_time": "Cấp thêm thời gian",
  "incident.reopen_entry": "Mở lại bài thi bị gián đoạn",
};
