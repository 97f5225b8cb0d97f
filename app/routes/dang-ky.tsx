import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { registerSchema } from "~/accounts/account-forms";
import { PASSWORD_MIN_LENGTH } from "~/accounts/password-policy";
import { registerAccount } from "~/accounts/registration.server";
import { clientInfo, getCurrentUser } from "~/auth/auth.server";
import { safeRedirect } from "~/http/safe-redirect";
import { TextField } from "~/components/field";
import { retryAfterHeaders } from "~/http/retry-after-headers";
import { PasswordField } from "~/components/password-field";
import { UnitPicker } from "~/components/unit-picker";
import { parseForm } from "~/http/forms";
import { TooManyAttempts } from "~/auth/throttle";
import { UserFacingError } from "~/http/user-facing-error";
import { listUnitChoices } from "~/units/units.server";

export const meta: MetaFunction = () => [{ title: "Đăng ký dự thi · Thi tìm hiểu CCHC" }];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(context.db, request)) throw redirect("/");
  const units = await listUnitChoices(context.db);
  return { units: units.map((u) => ({ id: u.id, label: u.label, depth: u.depth })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  // What was typed comes back (never the passwords), so a refused form is not emptied.
  const typed = {
    fullName: String(formData.get("fullName") ?? "").slice(0, 100),
    login: String(formData.get("login") ?? "").slice(0, 254),
    unitId: Number(formData.get("unitId")) || undefined,
  };
  const form = parseForm(registerSchema, formData);
  if (!form.ok) return json({ fieldErrors: form.fieldErrors, formError: null, typed }, { status: 400 });
  try {
    const { setCookie } = await registerAccount(context.db, form.data, clientInfo(request, context));
    return redirect(safeRedirect(form.data.redirectTo), { headers: { "Set-Cookie": setCookie } });
  } catch (error) {
    if (error instanceof TooManyAttempts) {
      return json({ fieldErrors: {} as Record<string, string>, formError: error.message, typed }, { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } });
    }
    if (error instanceof UserFacingError) {
      const field = error.code === "unit" ? "unitId" : error.code === "password" ? "password" : "login";
      return json({ fieldErrors: { [field]: error.message } as Record<string, string>, formError: null, typed }, { status: error.status });
    }
    throw error;
  }
}

export default function Register() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors: Record<string, string> = result?.fieldErrors ?? {};
  return (
    <div className="card card--narrow">
      <h1>Đăng ký dự thi</h1>
      <p className="muted small">Dành cho cán bộ, công chức, viên chức. Thông tin được dùng để xếp hạng cá nhân và đơn vị.</p>
      {result?.formError ? (
        <p className="alert alert--error" role="alert">
          {result.formError}
        </p>
      ) : Object.keys(errors).length > 0 && (
        <p className="alert alert--error" role="alert">
          Vui lòng kiểm tra lại các mục được đánh dấu bên dưới.
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField label="Họ và tên" name="fullName" autoComplete="name" required defaultValue={result?.typed.fullName} error={errors.fullName} />
        <TextField
          label="Email hoặc số điện thoại"
          name="login"
          autoComplete="username"
          required
          defaultValue={result?.typed.login}
          error={errors.login}
          hint="Dùng để đăng nhập. Số điện thoại gồm 10 chữ số, ví dụ 0912345678."
        />
        <PasswordField
          label="Mật khẩu"
          name="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          error={errors.password}
          hint={`Ít nhất ${PASSWORD_MIN_LENGTH} ký tự. Nên ghép vài từ thành một câu dễ nhớ; tránh mật khẩu phổ biến, họ tên, số điện thoại.`}
          personalFields={{ login: "login", fullName: "fullName" }}
        />
        <TextField label="Nhập lại mật khẩu" name="confirmPassword" type="password" autoComplete="new-password" required error={errors.confirmPassword} />
        <UnitPicker units={units} name="unitId" defaultValue={result?.typed.unitId} error={errors.unitId} />
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? "Đang đăng ký…" : "Đăng ký"}
        </button>
      </Form>
      <p className="muted small">
        Đã có tài khoản? <Link to="/dang-nhap">Đăng nhập</Link>
      </p>
    </div>
  );
}
