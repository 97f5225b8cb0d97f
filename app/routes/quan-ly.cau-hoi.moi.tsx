import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { findBank, listBankChoices } from "~/banks/banks.server";
import { QuestionEditor } from "~/components/question-editor";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue, formKey, intIdField } from "~/http/forms";
import { UserFacingError } from "~/http/user-facing-error";
import { EMPTY_QUESTION_FORM, questionFormSchema, questionFormValues, type QuestionFormValues } from "~/questions/question-form";
import { z } from "~/validation/z";
import { createQuestionCommand } from "~/questions/question-commands.server";

export const meta: MetaFunction = () => [{ title: "Thêm câu hỏi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return { banks: await listBankChoices(context.db) };
}

const createSchema = questionFormSchema(z.object({ bankId: intIdField("Vui lòng chọn ngân hàng câu hỏi") }));

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(request, {
    create: intent({
      schema: createSchema,
      errorFields: ["key", "bankId"],
      run: async ({ bankId, content }) => {
        const bank = await findBank(context.db, bankId);
        if (!bank) throw new UserFacingError(400, "Vui lòng chọn ngân hàng câu hỏi", "bankId");
        const { id } = await createQuestionCommand(context, { bankId: bank.id, content, actorId: user.id });
        return redirect(`/quan-ly/cau-hoi/${id}`);
      },
    }),
  });
}

export default function NewQuestion() {
  const { banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const refused = result && !result.ok ? result : undefined;
  const initial: QuestionFormValues = refused ? questionFormValues(refused.values) : EMPTY_QUESTION_FORM;
  return (
    <>
      <p className="small">
        <Link to="/quan-ly/cau-hoi">← Danh sách câu hỏi</Link>
      </p>
      <h1>Thêm câu hỏi</h1>
      {banks.length === 0 ? (
        <p className="alert alert--info">Chưa có ngân hàng câu hỏi nào. Hãy tạo ngân hàng trước.</p>
      ) : (
        <QuestionEditor key={formKey(result)} initial={initial} refusal={refused} banks={banks} bankId={fieldValue(result, "bankId")} mode="create" busy={busy} />
      )}
    </>
  );
}
