import { intIdField } from "~/http/forms";
import { z } from "~/validation/z";
import { parseLoginIdentifier } from "./login-identifier";
import { passwordLengthProblem } from "./password-policy";

/** The login typed on the login, registration and forgotten-password forms: an email or a phone number. */
export const loginField = z
  .string({ error: "Vui lòng nhập email hoặc số điện thoại" })
  .trim()
  .min(1, { error: "Vui lòng nhập email hoặc số điện thoại" })
  .transform((value, ctx) => {
    const login = parseLoginIdentifier(value);
    if (!login) {
      ctx.addIssue({ code: "custom", message: "Email hoặc số điện thoại (10 chữ số) không hợp lệ" });
      return z.NEVER;
    }
    return login;
  });

export { PASSWORD_MIN_LENGTH } from "./password-policy";

/**
 * A new password's field: only its length is checked here, so every field's message comes back at
 * once; the list and the person's own data are checked on the server where the password is set.
 */
export function newPasswordField(missing: string) {
  return z.string({ error: missing }).superRefine((value, ctx) => {
    const problem = passwordLengthProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

export const registerSchema = z
  .object({
    fullName: z
      .string({ error: "Vui lòng nhập họ và tên" })
      .trim()
      .min(2, { error: "Vui lòng nhập đầy đủ họ và tên" })
      .max(100, { error: "Họ và tên dài quá 100 ký tự" }),
    login: loginField,
    password: newPasswordField("Vui lòng nhập mật khẩu"),
    confirmPassword: z.string({ error: "Vui lòng nhập lại mật khẩu" }),
    unitId: intIdField("Vui lòng chọn đơn vị công tác"),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "Mật khẩu nhập lại không khớp" });

export const loginSchema = z.object({
  login: loginField,
  password: z.string({ error: "Vui lòng nhập mật khẩu" }).min(1, { error: "Vui lòng nhập mật khẩu" }).max(200),
  redirectTo: z.string().optional(),
});

/**
 * The login of the person an organizer acts on (a disqualification, an incident), as typed: its
 * form is not checked here, so that a login nobody has and one that is no login at all get the
 * same answer from the one lookup (`requirePersonByLogin`).
 */
export const personLoginField = z
  .string({ error: "Vui lòng nhập email hoặc số điện thoại của người dự thi" })
  .trim()
  .min(1, { error: "Vui lòng nhập email hoặc số điện thoại của người dự thi" })
  .max(254, { error: "Email hoặc số điện thoại dài quá 254 ký tự" });
