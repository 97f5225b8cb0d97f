import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PASSWORD_MIN_LENGTH } from "~/accounts/password-policy";
import { RESET_LINK_INVALID_MESSAGE } from "~/accounts/password-reset-messages";
import { findResetLink, resetPasswordSchema, resetPasswordWithLink } from "~/accounts/password-reset.server";
import { clientInfo } from "~/auth/auth.server";
import { clearSessionCookie } from "~/auth/sessions.server";
import { TextField } from "~/components/field";
import { PasswordField } from "~/components/password-field";
import { handleIntents, intent } from "~/http/form-actions.server";

export const meta: MetaFunction = () => [{ title: "Đặt lại mật khẩu · Thi tìm hiểu CCHC" }];

// The token is in this page's address: no browser or proxy keeps the page, and no request made
// from it says where it came from (the site's policy says so too; this page links nowhere outside).
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) => {
  const headers = new Headers({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });
  const retryAfter = actionHeaders.get("Retry-After") ?? loaderHeaders.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};

const LOGIN_AFTER_RESET = "/dang-nhap?matKhauMoi=1";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const link = await findResetLink(context.db, params.token ?? "");
  if (!link) return json({ valid: false as const, fullName: null }, { status: 410 });
  return json({ valid: true as const, fullName: link.fullName });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleIntents(
    request,
    {
      reset: intent({
        schema: resetPasswordSchema,
        // "token": the link itself is gone (used, expired): the page says so instead of the form.
        errorFields: ["token", "newPassword"],
        run: async (fields) => {
          await resetPasswordWithLink(context.db, params.token ?? "", fields.newPassword, clientInfo(request, context));
          // Every login of the person has just ended, this browser's too: they log in again with the new
          // password, where the browser can offer to remember it (OWASP: no automatic login after a reset).
          return redirect(LOGIN_AFTER_RESET, { headers: { "Set-Cookie": await clearSessionCookie() } });
        },
      }),
    },
    { implied: "reset" },
  );
}

function LinkGone({ message }: { message: string }) {
  return (
    <>
      <p className="alert alert--error" role="alert">
        {message}
      </p>
      <p>
        <Link to="/quen-mat-khau">Gửi lại yêu cầu đặt lại mật khẩu</Link> để nhận liên kết mới, hoặc <Link to="/dang-nhap">quay lại trang đăng nhập</Link>.
      </p>
    </>
  );
}

export default function ResetPassword() {
  const link = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  const linkGone = result?.fieldErrors.token;
  return (
    <div className="card card--narrow">
      <h1>Đặt lại mật khẩu</h1>
      {!link.valid || linkGone ? (
        <LinkGone message={linkGone ?? RESET_LINK_INVALID_MESSAGE} />
      ) : (
        <>
          <p>
            Chọn mật khẩu mới cho tài khoản của <strong>{link.fullName}</strong>. Sau khi lưu, mọi thiết bị đang đăng nhập tài khoản này sẽ bị
            đăng xuất và bạn đăng nhập lại bằng mật khẩu mới.
          </p>
          {result && !result.ok && (
            <p className="alert alert--error" role="alert">
              {result.message}
            </p>
          )}
          <Form method="post" noValidate>
            <PasswordField
              label="Mật khẩu mới"
              name="newPassword"
              autoComplete="new-password"
              required
              hint={`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự. Nên ghép vài từ thành một câu dễ nhớ; tránh mật khẩu phổ biến, họ tên, số điện thoại.`}
              error={errors.newPassword}
              personal={{ fullName: link.fullName }}
            />
            <TextField label="Nhập lại mật khẩu mới" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} />
            <button type="submit" className="button button--block" disabled={busy}>
              {busy ? "Đang lưu…" : "Đặt mật khẩu mới"}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
