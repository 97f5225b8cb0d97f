import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { sql } from "kysely";
import { requireRole } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { parseForm } from "~/http/forms";
import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Ngân hàng câu hỏi · Quản lý" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const banks = await context.db
    .selectFrom("question_banks as b")
    .leftJoin("questions as q", "q.bank_id", "b.id")
    .select([
      "b.id",
      "b.key",
      "b.title",
      "b.description",
      "b.reviewer_must_differ",
      sql<string>`count(q.id)`.as("total"),
      sql<string>`count(q.id) filter (where q.status = 'approved')`.as("approved"),
      sql<string>`count(q.id) filter (where q.status = 'in_review')`.as("in_review"),
    ])
    .groupBy("b.id")
    .orderBy("b.title")
    .execute();
  return { banks: banks.map((b) => ({ ...b, total: Number(b.total), approved: Number(b.approved), inReview: Number(b.in_review) })) };
}

const createBankSchema = z.object({
  intent: z.literal("create-bank"),
  key: z.string().trim().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "Mã ngân hàng chỉ gồm chữ thường không dấu, số và dấu gạch ngang" }).max(60),
  title: z.string().trim().min(3, { error: "Vui lòng nhập tên ngân hàng" }).max(200),
  description: z.string().trim().max(2000).default(""),
  reviewerMustDiffer: z.literal("on").optional(),
});

export async function action({ request, context }: ActionFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const form = parseForm(createBankSchema, await request.formData());
  if (!form.ok) return json({ fieldErrors: form.fieldErrors, created: null }, { status: 400 });
  const inserted = await context.db
    .insertInto("question_banks")
    .values({ key: form.data.key, title: form.data.title, description: form.data.description, reviewer_must_differ: form.data.reviewerMustDiffer === "on" })
    .onConflict((oc) => oc.column("key").doNothing())
    .returning("key")
    .executeTakeFirst();
  if (!inserted) return json({ fieldErrors: { key: "Mã ngân hàng này đã được dùng." } as Record<string, string>, created: null }, { status: 409 });
  return json({ fieldErrors: {} as Record<string, string>, created: inserted.key });
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
      {result?.created && (
        <p className="alert alert--ok" role="status">
          Đã tạo ngân hàng {result.created}.
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
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create-bank" />
          <TextField label="Mã ngân hàng" name="key" placeholder="ví dụ: chuyen-doi-so-2026" error={result?.fieldErrors.key} />
          <TextField label="Tên ngân hàng" name="title" error={result?.fieldErrors.title} />
          <TextField label="Mô tả" name="description" error={result?.fieldErrors.description} />
          <label className="row small" style={{ marginBottom: "1rem" }}>
            <input type="checkbox" name="reviewerMustDiffer" defaultChecked /> Người duyệt phải khác tác giả câu hỏi
          </label>
          <button type="submit" className="button" disabled={busy}>
            Tạo ngân hàng
          </button>
        </Form>
      </section>
    </>
  );
}
