import type { QuestionStatus } from "~/database/schema";

// The review workflow as pure rules: draft → in_review → approved (or back to draft with
// a comment) → retired → (restored to) draft. Only approved questions are drawn into entries.

export type ReviewAction = "submit" | "approve" | "return" | "retire" | "restore";

export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  submit: "Gửi duyệt",
  approve: "Duyệt",
  return: "Trả lại để sửa",
  retire: "Ngừng sử dụng",
  restore: "Khôi phục thành bản nháp",
};

export const STATUS_LABELS: Record<QuestionStatus, string> = {
  draft: "Nháp",
  in_review: "Chờ duyệt",
  approved: "Đã duyệt",
  retired: "Ngừng sử dụng",
};

export interface ReviewContext {
  actorId: number;
  /** Who wrote the version under review (null for shipped banks). */
  authorId: number | null;
  reviewerMustDiffer: boolean;
  comment?: string | null;
}

export type Transition = { ok: true; status: QuestionStatus } | { ok: false; message: string };

const FROM: Record<ReviewAction, QuestionStatus[]> = {
  submit: ["draft"],
  approve: ["in_review"],
  return: ["in_review"],
  retire: ["draft", "in_review", "approved"],
  restore: ["retired"],
};

const TO: Record<ReviewAction, QuestionStatus> = {
  submit: "in_review",
  approve: "approved",
  return: "draft",
  retire: "retired",
  restore: "draft",
};

export function reviewTransition(status: QuestionStatus, action: ReviewAction, context: ReviewContext): Transition {
  if (!FROM[action].includes(status)) {
    return { ok: false, message: `Không thể "${REVIEW_ACTION_LABELS[action]}" một câu hỏi đang ở trạng thái "${STATUS_LABELS[status]}".` };
  }
  if (action === "approve" && selfApprovalRefused(context)) {
    return { ok: false, message: "Ngân hàng này yêu cầu người duyệt khác tác giả: bạn không thể tự duyệt câu hỏi mình soạn." };
  }
  if (action === "return" && !context.comment?.trim()) {
    return { ok: false, message: "Vui lòng ghi nhận xét cho tác giả khi trả lại câu hỏi." };
  }
  return { ok: true, status: TO[action] };
}

/**
 * The actions offered to this person for a status (the server still checks each one): no
 * "Duyệt" for the author of the version under review when the bank wants another reviewer.
 */
export function availableActions(status: QuestionStatus, context?: Omit<ReviewContext, "comment">): ReviewAction[] {
  return (Object.keys(FROM) as ReviewAction[]).filter(
    (action) => FROM[action].includes(status) && !(action === "approve" && context && selfApprovalRefused(context)),
  );
}

function selfApprovalRefused(context: Omit<ReviewContext, "comment">): boolean {
  return context.reviewerMustDiffer && context.authorId !== null && context.authorId === context.actorId;
}

/**
 * Status after an edit: any change to the content must be reviewed again, so an approved or
 * submitted question goes back to draft. A retired question is restored before it is edited.
 */
export function statusAfterEdit(status: QuestionStatus): Transition {
  if (status === "retired") return { ok: false, message: "Câu hỏi đã ngừng sử dụng. Hãy khôi phục câu hỏi trước khi sửa." };
  return { ok: true, status: "draft" };
}

/** Said before an approved question is saved again, and when the save is refused for want of the tick. */
export const LEAVES_POOL_MESSAGE =
  "Câu hỏi này đã được duyệt và đang được rút vào đề thi. Lưu phiên bản mới sẽ đưa câu hỏi về trạng thái Nháp: câu hỏi không được rút vào đề nữa cho đến khi được duyệt lại.";
