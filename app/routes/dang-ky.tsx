import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
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
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import { listUnitChoices, pickerChoice } from "~/units/units.server";

export const meta: MetaFunction = () => [{ title: "Đăng ký dự thi · Thi tìm hiểu CCHC" }];

export const headers = retryAfterHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (await getCurrentUser(context.db, request)) throw redirect("/");
  const units = await listUnitChoices(context.db);
  return { units: units.map(pickerChoice) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleIntents(
    request,
    {
      register: intent({
        schema: registerSchema,
        errorFields: { login: "login", password: "password", unit: "unitId" },
        run: async (fields) => {
          const { setCookie } = await registerAccount(context.db, fields, clientInfo(request, context));
          return redirect(safeRedirect(fields.redirectTo), { headers: { "Set-Cookie": setCookie } });
        },
      }),
    },
    { implied: "register" },
  );
}

export default function Register() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const errors = result?.fieldErrors ?? {};
  return (
    <div className="card card--narrow">
      <h1>Đăng ký dự thi</h1>
      <p className="muted small">Dành cho cán bộ, công chức, viên chức. Thông tin được dùng để xếp hạng cá nhân và đơn vị.</p>
      {result && !result.ok && (
        <p className="alert alert--error" role="alert">
          {result.message}
        </p>
      )}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField label="Họ và tên" name="fullName" autoComplete="name" required defaultValue={fieldValue(result, "fullName")} error={errors.fullName} />
        <TextField
          label="Email hoặc số điện thoại"
          name="login"
          autoComplete="username"
          required
          defaultValue={fieldValue(result, "login")}
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
        <UnitPicker units={units} name="unitId" defaultValue={parseIntId(fieldValue(result, "unitId")) ?? undefined} error={errors.unitId} />
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
