import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import type { TopicKey } from "~/banks/topics";
import { DIFFICULTY_LABELS, QUESTION_TYPE_LABELS, TOPICS } from "~/banks/topics";
import { QuestionEditor } from "~/components/question-editor";
import { notFound } from "~/http/responses.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { checkbox, fieldValue, formKey, formLevel, intIdField, replyTo, UNKNOWN_FORM } from "~/http/forms";
import { optionalReasonField } from "~/commands/reason";
import { formValuesFromContent, LETTERS, questionFormSchema, questionFormValues, type QuestionFormValues } from "~/questions/question-form";
import { editQuestionCommand, reviewQuestionCommand } from "~/questions/question-commands.server";
import { getQuestionDetail } from "~/questions/questions.server";
import { availableActions, REVIEW_ACTION_LABELS, STATUS_LABELS, type ReviewAction } from "~/questions/workflow";
import { formatDateTime } from "~/text/format";
import { z } from "~/validation/z";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.question.key ?? "Câu hỏi"} · Quản lý` }];

const ACTION_NAMES: Record<string, string> = {
  created: "Tạo câu hỏi",
  edited: "Sửa nội dung",
  imported: "Nhập từ tệp",
  submitted: "Gửi duyệt",
  approved: "Duyệt",
  returned: "Trả lại để sửa",
  retired: "Ngừng sử dụng",
  restored: "Khôi phục",
};

const questionId = (raw: string | undefined) => intIdParam(raw, NOT_FOUND.question);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const detail = await getQuestionDetail(context.db, questionId(params.id));
  if (!detail) notFound("Không tìm thấy câu hỏi.");
  const current = detail.versions[0];
  const content = {
    key: detail.question.key,
    topic: detail.question.topic as TopicKey,
    type: current.type,
    difficulty: current.difficulty,
    stem: current.stem,
    options: current.options,
    correct: current.correct,
    explanation: current.explanation,
    basis: current.basis,
    tags: current.tags,
  };
  return {
    question: detail.question,
    currentVersionId: current.id,
    currentAuthorId: current.created_by,
    formValues: formValuesFromContent(content),
    versions: detail.versions.map((v) => ({ ...v, created_at: v.created_at.toISOString() })),
    events: detail.events.map((e) => ({ ...e, at: e.at.toISOString() })),
    usage: detail.usage,
    actions: availableActions(detail.question.status, { actorId: user.id, authorId: current.created_by, reviewerMustDiffer: detail.question.reviewer_must_differ }),
    userId: user.id,
  };
}

const editSchema = questionFormSchema(
  formLevel(
    z.object({
      expectedVersionId: intIdField("Câu hỏi vừa được người khác sửa. Vui lòng tải lại trang để xem phiên bản mới nhất rồi sửa tiếp."),
      confirmLeavingPool: checkbox(),
      reason: optionalReasonField,
    }),
  ),
);

// The review buttons' fields are written by the page; only the comment is typed.
const reviewSchema = formLevel(
  z.object({
    action: z.enum(["submit", "approve", "return", "retire", "restore"], { error: UNKNOWN_FORM }),
    comment: z.string().max(2000, { error: "Nhận xét tối đa 2.000 ký tự." }).optional(),
  }),
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = questionId(params.id);
  return handleIntents(request, {
    edit: intent({
      schema: editSchema,
      errorFields: ["key", "confirmLeavingPool", "reason"],
      run: async ({ expectedVersionId, content, confirmLeavingPool, reason }) => {
        const saved = await editQuestionCommand(context, {
          questionId: id,
          content,
          actorId: user.id,
          expectedVersionId,
          confirmedLeavingPool: confirmLeavingPool,
          note: reason,
        });
        return { message: saved.changed ? "Đã lưu phiên bản mới. Câu hỏi cần được duyệt lại." : "Nội dung không thay đổi." };
      },
    }),
    review: intent({
      schema: reviewSchema,
      run: async ({ action, comment }) => {
        const { status } = await reviewQuestionCommand(context, { questionId: id, action, actorId: user.id, comment });
        return { message: `Câu hỏi đã chuyển sang trạng thái "${STATUS_LABELS[status]}".` };
      },
    }),
  });
}

export default function QuestionDetail() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { question } = data;
  const edit = replyTo(result, "edit");
  const refusedEdit = edit && !edit.ok ? edit : undefined;
  const review = replyTo(result, "review");
  const editValues: QuestionFormValues = refusedEdit ? questionFormValues(refusedEdit.values) : data.formValues;
  const totalUse = data.usage.reduce((n, u) => n + u.entries, 0);
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/cau-hoi">← Danh sách câu hỏi</Link>
      </p>
      <h1>
        Câu hỏi {question.key} <span className={`status status--${question.status} small`}>· {STATUS_LABELS[question.status]}</span>
      </h1>
      <p className="muted small">
        {`${question.bank_title} · ${TOPICS[question.topic as TopicKey] ?? question.topic} · phiên bản ${data.versions[0].version_no} · đã dùng trong ${totalUse} lượt thi`}
        {" · "}
        <Link to={`/quan-ly/cau-hoi/${question.id}/thong-ke`}>Thống kê</Link>
      </p>
      {result?.ok && (
        <p className="alert alert--ok" role="status">
          {result.message}
        </p>
      )}
      {review && !review.ok && (
        <p className="alert alert--error" role="alert">
          {review.message}
        </p>
      )}
      <section className="card" aria-labelledby="review-title">
        <h2 id="review-title">Duyệt câu hỏi</h2>
        {question.reviewer_must_differ && data.currentAuthorId === data.userId && question.status === "in_review" && (
          <p className="small muted">Bạn là tác giả của phiên bản này: cần một người khác duyệt.</p>
        )}
        <div className="row">
          {data.actions.map((action: ReviewAction) => (
            <Form method="post" key={action} className="row">
              <input type="hidden" name="intent" value="review" />
              <input type="hidden" name="action" value={action} />
              {action === "return" && (
                <input
                  name="comment"
                  key={formKey(review)}
                  defaultValue={fieldValue(review, "action") === "return" ? fieldValue(review, "comment") : ""}
                  maxLength={2000}
                  aria-label="Nhận xét cho tác giả"
                  placeholder="Nhận xét cho tác giả (bắt buộc)"
                />
              )}
              <button type="submit" className={action === "approve" ? "button" : "button button--secondary"} disabled={busy}>
                {REVIEW_ACTION_LABELS[action]}
              </button>
            </Form>
          ))}
        </div>
      </section>
      <h2>Sửa nội dung</h2>
      <p className="small muted">Mỗi lần lưu tạo một phiên bản mới; các lượt thi đã làm vẫn giữ và được chấm theo phiên bản cũ.</p>
      <QuestionEditor
        key={formKey(edit, data.currentVersionId)}
        initial={editValues}
        refusal={refusedEdit}
        mode="edit"
        expectedVersionId={data.currentVersionId}
        leavesPool={question.status === "approved"}
        sent={refusedEdit ? { note: fieldValue(refusedEdit, "reason"), confirmedLeavingPool: fieldValue(refusedEdit, "confirmLeavingPool") === "on" } : undefined}
        busy={busy}
      />
      <section className="card">
        <h2>Lịch sử</h2>
        <ol className="timeline">
          {data.events.map((event) => (
            <li key={event.id}>
              <strong>{ACTION_NAMES[event.action] ?? event.action}</strong>
              {event.version_no !== null && ` (phiên bản ${event.version_no})`} — {event.actor_name ?? "Hệ thống (ngân hàng đi kèm)"},{" "}
              {formatDateTime(event.at)}
              {event.from_status && event.to_status && event.from_status !== event.to_status && (
                <span className="muted small">{` · ${STATUS_LABELS[event.from_status]} → ${STATUS_LABELS[event.to_status]}`}</span>
              )}
              {event.comment && <p className="small">Nhận xét: {event.comment}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section className="card">
        <h2>Các phiên bản</h2>
        {data.versions.map((version) => (
          <details key={version.id} open={version.id === data.currentVersionId}>
            <summary>
              {`Phiên bản ${version.version_no} · ${version.created_by_name ?? "ngân hàng đi kèm"} · ${formatDateTime(version.created_at)}`}
              {` · ${data.usage.find((u) => u.versionNo === version.version_no)?.entries ?? 0} lượt thi`}
            </summary>
            <p>
              <strong>{version.stem}</strong>
              <span className="muted small">{` (${QUESTION_TYPE_LABELS[version.type]}, ${DIFFICULTY_LABELS[version.difficulty]})`}</span>
            </p>
            <ol type="A">
              {version.options.map((option, index) => (
                <li key={index}>
                  {option} {version.correct.includes(index) && <strong className="status--approved">✓ đúng</strong>}
                </li>
              ))}
            </ol>
            <p className="small">{version.explanation}</p>
            <p className="small muted">
              {`Căn cứ: ${version.basis.document}, ${version.basis.issuer}, ngày ${version.basis.date}${version.basis.article ? `, ${version.basis.article}` : ""}`}
            </p>
            <p className="small muted">{`Đáp án: ${version.correct.map((i) => LETTERS[i]).join(", ")}`}</p>
          </details>
        ))}
      </section>
    </>
  );
}
