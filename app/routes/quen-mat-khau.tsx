import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { parseLoginIdentifier } from "~/accounts/login-identifier";
import { RESET_BY_PHONE_MESSAGE, RESET_REQUESTED_MESSAGE } from "~/accounts/password-reset-messages";
import { requestPasswordReset } from "~/accounts/password-reset.server";
import { clientInfo } from "~/auth/auth.server";
import { TooManyAttempts } from "~/auth/throttle";
import { TextField } from "~/components/field";
import { retryAfterHeaders } from "~/http/retry-after-headers";
import { z } from "~/validation/z";
import { parseForm } from "~/http/forms";

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu · Thi tìm hiểu CCHC" }];

export const headers = retryAfterHeaders;

const requestSchema = z.object({
  login: z
    .string({ error: "Vui lòng nhập email hoặc số điện thoại" })
    .trim()
    .min(1, { error: "Vui lòng nhập email hoặc số điện thoại" })
    .transform((value, ctx) => parseLoginIdentifier(value) ?? (ctx.addIssue({ code: "custom", message: "Email hoặc số điện thoại (10 chữ số) không hợp lệ" }), z.NEVER)),
});

/** Nothing to read: the page is its form (a loader all the same, so that every route answers its data request). */
export function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const typed = String(formData.get("login") ?? "").slice(0, 254);
  const form = parseForm(requestSchema, formData);
  if (!form.ok) return json({ sent: false, fieldErrors: form.fieldErrors, formError: null, typed }, { status: 400 });
  try {
    await requestPasswordReset(context.db, form.data.login, clientInfo(request, context));
  } catch (error) {
    if (error instanceof TooManyAttempts) {
      return json({ sent: false, fieldErrors: {}, formError: error.message, typed }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    throw error;
  }
  return json({ sent: true, fieldErrors: {}, formError: null, typed });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="card card--narrow">
      <h1>Quên mật khẩu</h1>
      {result?.sent ? (
        <>
          <p className="alert alert--ok" role="status">
            {RESET_REQUESTED_MESSAGE}
          </p>
          <p>{RESET_BY_PHONE_MESSAGE}</p>
          <p className="muted small">
            <Link to="/dang-nhap">Quay lại trang đăng nhập</Link>
          </p>
        </>
      ) : (
        <>
          <p>Nhập email bạn dùng để đăng nhập. Chúng tôi sẽ gửi tới email đó một liên kết để bạn chọn mật khẩu mới.</p>
          <p className="muted small">{RESET_BY_PHONE_MESSAGE}</p>
          {result?.formError && (
            <p className="alert alert--error" role="alert">
              {result.formError}
            </p>
          )}
          <Form method="post" noValidate>
            <TextField
              label="Email hoặc số điện thoại"
              name="login"
              autoComplete="username"
              inputMode="email"
              required
              defaultValue={result?.typed}
              error={errors.login}
            />
            <button type="submit" className="button button--block" disabled={busy}>
              {busy ? "Đang gửi…" : "Gửi liên kết đặt lại mật khẩu"}
            </button>
          </Form>
          <p className="muted small">
            <Link to="/dang-nhap">Quay lại trang đăng nhập</Link>
          </p>
        </>
      )}
    </div>
  );
}
