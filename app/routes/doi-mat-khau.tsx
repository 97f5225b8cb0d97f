import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { PASSWORD_MIN_LENGTH } from "~/accounts/password-policy";
import { changePassword, changePasswordSchema } from "~/accounts/password-change.server";
import { CHANGE_PASSWORD_PATH, clientInfo, requireUser } from "~/auth/auth.server";
import { TextField } from "~/components/field";
import { PasswordField } from "~/components/password-field";
import { handleIntents, intent } from "~/http/form-actions.server";
import { safeRedirect } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Đổi mật khẩu · Thi tìm hiểu CCHC" }];

/** Where to go once the password is changed: a same-site path, never this page or logout again. */
function destination(raw: string | null | undefined): string | null {
  const to = safeRedirect(raw, "");
  if (!to) return null;
  const path = to.split(/[?#]/)[0].replace(/\/+$/, "");
  return path === CHANGE_PASSWORD_PATH || path === "/dang-xuat" ? null : to;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  return {
    mustChange: user.mustChangePassword,
    redirectTo: destination(new URL(request.url).searchParams.get("redirectTo")),
    fullName: user.fullName,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  return handleIntents(
    request,
    {
      change: intent({
        schema: changePasswordSchema,
        errorFields: ["currentPassword", "newPassword"],
        run: async (fields) => {
          await changePassword(context.db, user, fields.currentPassword, fields.newPassword, clientInfo(request, context));
          const to = destination(fields.redirectTo);
          // Forced change: back to where the user was going (home when nowhere). Voluntary: stay and confirm.
          if (to || user.mustChangePassword) return redirect(to ?? "/");
          return { message: "Đã đổi mật khẩu. Các thiết bị khác đang đăng nhập tài khoản này đã bị đăng xuất; lần đăng nhập sau, hãy dùng mật khẩu mới." };
        },
      }),
    },
    { implied: "change" },
  );
}

export default function ChangePassword() {
  const { mustChange, redirectTo, fullName } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="card card--narrow">
      <h1>Đổi mật khẩu</h1>
      {result?.ok ? (
        <p className="alert alert--ok" role="status">
          {result.message}
        </p>
      ) : mustChange ? (
        <p className="alert alert--info">
          Tài khoản của bạn đang dùng mật khẩu ban đầu do ban tổ chức cấp. Vui lòng đổi sang mật khẩu của riêng bạn trước khi tiếp tục.
        </p>
      ) : null}
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" noValidate key={result?.ok ? "done" : "form"}>
        {redirectTo && <input type="hidden" name="redirectTo" value={redirectTo} />}
        <TextField
          label="Mật khẩu hiện tại"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={errors.currentPassword}
        />
        <PasswordField
          label="Mật khẩu mới"
          name="newPassword"
          autoComplete="new-password"
          required
          hint={`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự, khác mật khẩu hiện tại. Nên ghép vài từ thành một câu dễ nhớ; tránh mật khẩu phổ biến, họ tên, số điện thoại.`}
          error={errors.newPassword}
          personal={{ fullName }}
        />
        <TextField
          label="Nhập lại mật khẩu mới"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          error={errors.confirmPassword}
        />
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? "Đang lưu…" : "Đổi mật khẩu"}
        </button>
      </Form>
      {mustChange && (
        <Form method="post" action="/dang-xuat" className="small" style={{ marginTop: "1rem" }}>
          <button type="submit" className="link-button">
            Đăng xuất
          </button>
        </Form>
      )}
    </div>
  );
}
