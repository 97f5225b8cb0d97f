import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { loginField } from "~/accounts/account-forms";
import { RESET_BY_PHONE_MESSAGE, RESET_REQUESTED_MESSAGE } from "~/accounts/password-reset-messages";
import { requestPasswordReset } from "~/accounts/password-reset.server";
import { clientInfo } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { retryAfterHeaders } from "~/http/retry-after-headers";
import { z } from "~/validation/z";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue } from "~/http/forms";

export const meta: MetaFunction = () => [{ title: "Quên mật khẩu · Thi tìm hiểu CCHC" }];

export const headers = retryAfterHeaders;

const requestSchema = z.object({ login: loginField });

/** Nothing to read: the page is its form (a loader all the same, so that every route answers its data request). */
export function loader() {
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleIntents(
    request,
    {
      request: intent({
        schema: requestSchema,
        run: async (fields) => {
          await requestPasswordReset(context.db, fields.login, clientInfo(request, context));
          return { message: RESET_REQUESTED_MESSAGE };
        },
      }),
    },
    { implied: "request" },
  );
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="card card--narrow">
      <h1>Quên mật khẩu</h1>
      {result?.ok ? (
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
          {result && !result.ok && (
            <p className="alert alert--error" role="alert">
              {result.message}
            </p>
          )}
          <Form method="post" noValidate>
            <TextField
              label="Email hoặc số điện thoại"
              name="login"
              autoComplete="username"
              inputMode="email"
              required
              defaultValue={fieldValue(result, "login")}
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
