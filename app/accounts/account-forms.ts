import { z } from "~/validation/z";
import { parseLoginIdentifier } from "./login-identifier";

const loginField = z
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

export const PASSWORD_MIN_LENGTH = 8;

export const registerSchema = z
  .object({
    fullName: z
      .string({ error: "Vui lòng nhập họ và tên" })
      .trim()
      .min(2, { error: "Vui lòng nhập đầy đủ họ và tên" })
      .max(100, { error: "Họ và tên dài quá 100 ký tự" }),
    login: loginField,
    password: z
      .string({ error: "Vui lòng nhập mật khẩu" })
      .min(PASSWORD_MIN_LENGTH, { error: `Mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự` })
      .max(72, { error: "Mật khẩu dài tối đa 72 ký tự" }),
    confirmPassword: z.string({ error: "Vui lòng nhập lại mật khẩu" }),
    unitId: z.coerce
      .number({ error: "Vui lòng chọn đơn vị công tác" })
      .int({ error: "Vui lòng chọn đơn vị công tác" })
      .positive({ error: "Vui lòng chọn đơn vị công tác" }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.password === v.confirmPassword, { path: ["confirmPassword"], error: "Mật khẩu nhập lại không khớp" });

export const loginSchema = z.object({
  login: loginField,
  password: z.string({ error: "Vui lòng nhập mật khẩu" }).min(1, { error: "Vui lòng nhập mật khẩu" }).max(200),
  redirectTo: z.string().optional(),
});
