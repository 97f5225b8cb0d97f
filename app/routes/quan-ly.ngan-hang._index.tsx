import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { createBank, listBanksWithCounts } from "~/banks/banks.server";
import { TextField } from "~/components/field";
import { handleIntents, intent } from "~/http/form-actions.server";
import { checkbox, fieldChecked, fieldValue, formKey } from "~/http/forms";
import { UserFacingError } from "~/http/user-facing-error";
import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Ngân hàng câu hỏi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  return { banks: await listBanksWithCounts(context.db) };
}

const createBankSchema = z.object({
  key: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã ngân hàng chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }).max(60),
  title: z.string().trim().min(3, { error: "Vui lòng nhập tên ngân hàng" }).max(200),
  description: z.string().trim().max(2000).default(""),
  reviewerMustDiffer: checkbox(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  return handleIntents(request, {
    "create-bank": intent({
      schema: createBankSchema,
      errorFields: ["key"],
      run: async (bank) => {
        const inserted = await createBank(context, { actorId: user.id, bank });
        if (!inserted) throw new UserFacingError(409, "Mã ngân hàng này đã được dùng.", "key");
        return { message: `Đã tạo ngân hàng ${inserted.key}.` };
      },
    }),
  });
}

export default function Banks() {
  const { banks } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="small">
        <Link to="/quan-ly">← Quản lý</Link>
      </p>
      <h1>Ngân hàng câu hỏi</h1>
      <p>
        Soạn câu hỏi bằng Excel theo <a href="/quan-ly/mau-cau-hoi.xlsx">tệp mẫu</a>, hoặc sửa tệp văn bản xuất từ một ngân hàng, rồi
        nhập vào ngân hàng. Mọi tệp đều được kiểm tra trước; chỉ khi không còn lỗi thì toàn bộ tệp mới được nhập.
      </p>
      {result?.ok && (
        <p className="alert alert--ok" role="status">
          {result.message}
        </p>
      )}
      {banks.map((bank) => (
        <section key={bank.id} className="card">
          <h2>{bank.title}</h2>
          <p className="muted small">
            {`Mã: ${bank.key} · ${formatNumber(bank.total)} câu hỏi, ${formatNumber(bank.approved)} đã duyệt, ${formatNumber(bank.inReview)} chờ duyệt`}
            {bank.reviewer_must_differ && " · người duyệt phải khác tác giả"}
          </p>
          {bank.description && <p className="small">{bank.description}</p>}
          <div className="row">
            <Link className="button" to={`/quan-ly/ngan-hang/${bank.key}/nhap`}>
              Nhập từ tệp
            </Link>
            <a className="button button--secondary" href={`/quan-ly/ngan-hang/${bank.key}/xuat.xlsx`}>
              Xuất Excel
            </a>
            <a className="button button--secondary" href={`/quan-ly/ngan-hang/${bank.key}/xuat.yaml`}>
              Xuất tệp văn bản
            </a>
            <Link to={`/quan-ly/cau-hoi?nganHang=${bank.id}`}>Xem câu hỏi</Link>
          </div>
        </section>
      ))}
      <section className="card">
        <h2>Tạo ngân hàng mới</h2>
        {result && !result.ok && (
          <p className="alert alert--error" role="alert">
            {result.message}
          </p>
        )}
        <Form method="post" noValidate key={formKey(result)}>
          <input type="hidden" name="intent" value="create-bank" />
          <TextField label="Mã ngân hàng" name="key" placeholder="ví dụ: chuyen-doi-so-2026" defaultValue={fieldValue(result, "key")} error={result?.fieldErrors.key} />
          <TextField label="Tên ngân hàng" name="title" defaultValue={fieldValue(result, "title")} error={result?.fieldErrors.title} />
          <TextField label="Mô tả" name="description" defaultValue={fieldValue(result, "description")} error={result?.fieldErrors.description} />
          <label className="row small" style={{ marginBottom: "1rem" }}>
            <input type="checkbox" name="reviewerMustDiffer" defaultChecked={fieldChecked(result, "reviewerMustDiffer", true)} /> Người duyệt phải khác tác giả câu hỏi
          </label>
          <button type="submit" className="button" disabled={busy}>
            Tạo ngân hàng
          </button>
        </Form>
      </section>
    </>
  );
}
