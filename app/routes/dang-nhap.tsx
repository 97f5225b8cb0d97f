import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { loginSchema } from "~/accounts/account-forms";
import { attemptLogin } from "~/accounts/login.server";
import { clientInfo, getCurrentUser } from "~/auth/auth.server";
import { PasswordCheckAbandoned, PasswordCheckBusy } from "~/auth/password.server";
import { TextField } from "~/components/field";
import { retryAfterHeaders } from "~/http/retry-after-headers";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue } from "~/http/forms";
import { UserFacingError } from "~/http/user-facing-error";
import { safeRedirect } from "~/http/safe-redirect";

export const meta: MetaFunction = () => [{ title: "Đăng nhập · Thi tìm hiểu CCHC" }];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(context.db, request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleIntents(
    request,
    {
      login: intent({
        schema: loginSchema,
        run: async (fields) => {
          let outcome: Awaited<ReturnType<typeof attemptLogin>>;
          try {
            outcome = await attemptLogin(context.db, fields.login, fields.password, clientInfo(request, context), request.signal);
          } catch (error) {
            // The browser left while the check waited its turn: nobody reads this answer.
            if (error instanceof PasswordCheckAbandoned) throw new UserFacingError(503, "Hệ thống đang bận, vui lòng đăng nhập lại.");
            if (error instanceof PasswordCheckBusy) throw new UserFacingError(503, LOGIN_BUSY_MESSAGE, "busy", 30);
            throw error;
          }
          if (!outcome.ok) throw new UserFacingError(outcome.status, outcome.message, "refused", outcome.retryAfterSeconds ?? undefined);
          return redirect(safeRedirect(fields.redirectTo), { headers: { "Set-Cookie": outcome.setCookie } });
        },
      }),
    },
    { implied: "login" },
  );
}

const LOGIN_BUSY_MESSAGE =
  "Rất nhiều người đang đăng nhập cùng lúc. Vui lòng chờ khoảng nửa phút rồi bấm Đăng nhập lại; bài thi chưa bắt đầu nên bạn không mất thời gian làm bài.";

export default function Login() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  const redirectTo = params.get("redirectTo") ?? "/";
  return (
    <div className="card card--narrow">
      <h1>Đăng nhập</h1>
      {params.get("matKhauMoi") === "1" && !result && (
        <p className="alert alert--ok" role="status">
          Đã đặt mật khẩu mới. Mọi thiết bị đang đăng nhập tài khoản của bạn đã bị đăng xuất; hãy đăng nhập bằng mật khẩu mới.
        </p>
      )}
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          label="Email hoặc số điện thoại"
          name="login"
          autoComplete="username"
          inputMode="email"
          required
          defaultValue={fieldValue(result, "login")}
          error={errors.login}
        />
        <TextField label="Mật khẩu" name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? "Đang đăng nhập…" : "Đăng nhập"}
        </button>
      </Form>
      <p className="muted small">
        <Link to="/quen-mat-khau">Quên mật khẩu?</Link>
      </p>
      <p className="muted small">
        Chưa có tài khoản? <Link to={`/dang-ky?redirectTo=${encodeURIComponent(redirectTo)}`}>Đăng ký dự thi</Link>
      </p>
    </div>
  );
}
