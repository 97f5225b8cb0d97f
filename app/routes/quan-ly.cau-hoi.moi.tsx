import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { findBank, listBankChoices } from "~/banks/banks.server";
import { QuestionEditor } from "~/components/question-editor";
import { UserFacingError } from "~/http/user-facing-error";
import { EMPTY_QUESTION_FORM, readQuestionForm, validateQuestionForm, type QuestionFormValues } from "~/questions/question-form";
import { createQuestion } from "~/questions/questions.server";

export const meta: MetaFunction = () => [{ title: "Thêm câu hỏi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return { banks: await listBankChoices(context.db) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const form = await request.formData();
  const values = readQuestionForm(form);
  const bankId = Number(form.get("bankId"));
  const bank = await findBank(context.db, bankId);
  const result = validateQuestionForm(values);
  const fieldErrors = result.ok ? {} : { ...result.fieldErrors };
  if (!bank) fieldErrors.bankId = "Vui lòng chọn ngân hàng câu hỏi";
  if (!result.ok || !bank) return json({ values, fieldErrors }, { status: 400 });
  try {
    const { id } = await context.db.transaction().execute((trx) => createQuestion(trx, { bankId: bank.id, content: result.content, actorId: user.id }));
    return redirect(`/quan-ly/cau-hoi/${id}`);
  } catch (error) {
    if (error instanceof UserFacingError) return json({ values, fieldErrors: { [error.code === "key" ? "key" : "form"]: error.message } }, { status: error.status });
    throw error;
  }
}

export default function NewQuestion() {
  const { banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const initial: QuestionFormValues = result?.values ?? EMPTY_QUESTION_FORM;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/cau-hoi">← Danh sách câu hỏi</Link>
      </p>
      <h1>Thêm câu hỏi</h1>
      {banks.length === 0 ? (
        <p className="alert alert--info">Chưa có ngân hàng câu hỏi nào. Hãy tạo ngân hàng trước.</p>
      ) : (
        <QuestionEditor key={JSON.stringify(initial)} initial={initial} errors={result?.fieldErrors ?? {}} banks={banks} mode="create" busy={busy} />
      )}
    </>
  );
}
