import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { RESET_CODE_LENGTH, RESET_CODE_VALID_HOURS, resetCodeGroups, resetCodeRefusal } from "~/accounts/reset-codes";
import { issueResetCode, resetCodeSubject } from "~/accounts/reset-codes.server";
import { clientInfo, requireRole } from "~/auth/auth.server";
import { ROLE_LABELS } from "~/auth/roles";
import { notFound } from "~/http/responses.server";
import { REASON_MIN, reasonField } from "~/commands/reason";
import { handleIntents, intent } from "~/http/form-actions.server";
import { checkbox, fieldChecked, fieldValue, formKey } from "~/http/forms";
import { formatDateTime } from "~/text/format";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";
import { z } from "~/validation/z";
import { ReasonField } from "~/components/reason-field";

export const meta: MetaFunction = () => [{ title: "Cấp mã đặt lại mật khẩu · Quản lý" }];

// The answer carries the code, shown once: no browser or proxy cache keeps it.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

const userIdParam = (raw: string | undefined) => intIdParam(raw, NOT_FOUND.user);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = await requireRole(context.db, request, ["organizer"]);
  const subject = await resetCodeSubject(context.db, userIdParam(params.userId));
  if (!subject) notFound("Không tìm thấy người dùng.");
  return {
    person: { fullName: subject.full_name, login: subject.email ?? subject.phone, unitName: subject.unit_name, role: ROLE_LABELS[subject.role] },
    refusal: resetCodeRefusal(viewer, subject),
    backTo: viewer.role === "admin" ? "/quan-tri/nguoi-dung" : "/quan-ly/tai-khoan",
  };
}

const issueSchema = z.object({
  reason: reasonField(),
  confirm: checkbox("yes").refine(Boolean, { error: "Vui lòng xác nhận bạn đã kiểm tra đúng là chủ tài khoản đề nghị cấp lại mật khẩu." }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const issuer = await requireRole(context.db, request, ["organizer"]);
  const userId = userIdParam(params.userId);
  return handleIntents(
    request,
    {
      issue: intent({
        schema: issueSchema,
        errorFields: ["reason"],
        run: async ({ reason }) => {
          const issued = await issueResetCode(context, issuer, userId, reason, clientInfo(request, context));
          return {
            message: `Đã cấp mã cho ${issued.fullName}.`,
            data: { groups: resetCodeGroups(issued.code), fullName: issued.fullName, login: issued.login, expiresAt: issued.expiresAt.toISOString() },
            headers: { "Cache-Control": "no-store" },
          };
        },
      }),
    },
    { implied: "issue" },
  );
}

export default function IssueResetCode() {
  const { person, refusal, backTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const issued = result?.ok ? result.data : undefined;
  const errors = result?.fieldErrors ?? {};
  if (issued) {
    return (
      <div className="card card--narrow">
        <h1>Mã đặt lại mật khẩu</h1>
        <p className="alert alert--ok" role="status">
          Đã cấp mã cho <strong>{issued.fullName}</strong>. Mã chỉ hiện một lần, ngay bây giờ: hãy báo cho người đó (gọi điện, nhắn tin) rồi đóng trang này.
        </p>
        <p style={{ fontSize: "2rem", fontFamily: "monospace", letterSpacing: "0.15em", textAlign: "center", margin: "1rem 0" }} aria-label="Mã đặt lại mật khẩu">
          {issued.groups.map((group, index) => (
            <span key={index} style={{ marginLeft: index > 0 ? "0.6em" : 0 }} data-code-group>
              {group}
            </span>
          ))}
        </p>
        <p>Hướng dẫn người đó:</p>
        <ol>
          <li>
            Đăng nhập bằng <strong>{issued.login}</strong>, ô mật khẩu gõ mã trên: {RESET_CODE_LENGTH} ký tự liền nhau, chữ in hoa.
          </li>
          <li>Chọn ngay mật khẩu mới của riêng mình khi được yêu cầu.</li>
        </ol>
        <p className="small muted">
          Mã dùng được một lần, hết hạn lúc {formatDateTime(issued.expiresAt)}. Mật khẩu cũ của người này không dùng được nữa, mọi thiết bị của họ đã bị
          đăng xuất.
        </p>
        <p>
          <Link to={backTo}>Quay lại danh sách</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="card card--narrow">
      <h1>Cấp mã đặt lại mật khẩu</h1>
      <table>
        <tbody>
          {[
            ["Họ và tên", person.fullName],
            ["Đăng nhập", person.login],
            ["Đơn vị", person.unitName],
            ["Vai trò", person.role],
          ].map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {refusal ? (
        <p className="alert alert--error" role="alert">
          {refusal}
        </p>
      ) : (
        <>
          <p className="alert alert--info">
            Mật khẩu hiện tại của người này sẽ bị thay bằng một mã {RESET_CODE_LENGTH} ký tự, dùng để đăng nhập một lần trong {RESET_CODE_VALID_HOURS} giờ;
            khi đăng nhập, họ phải chọn mật khẩu mới. Mọi thiết bị đang đăng nhập tài khoản này sẽ bị đăng xuất. Việc cấp mã được ghi vào nhật ký
            tài khoản cùng lý do.
          </p>
          {result && !result.ok && (
            <p className="alert alert--error" role="alert">
              {result.message}
            </p>
          )}
          <Form method="post" noValidate key={formKey(result)}>
            <ReasonField
              label="Lý do (bắt buộc)"
              rows={3}
              defaultValue={fieldValue(result, "reason")}
              error={errors.reason}
              hint={`Ít nhất ${REASON_MIN} ký tự, ví dụ: “Gọi điện báo quên mật khẩu, đã đối chiếu họ tên và đơn vị”.`}
            />
            <div className="field">
              <label>
                <input
                  type="checkbox"
                  name="confirm"
                  value="yes"
                  required
                  defaultChecked={fieldChecked(result, "confirm", false, "yes")}
                  style={{ width: "auto", minHeight: 0, marginRight: "0.5rem" }}
                />
                Tôi đã kiểm tra đúng là chủ tài khoản này đề nghị cấp lại mật khẩu.
              </label>
              {errors.confirm && <p className="field-error">{errors.confirm}</p>}
            </div>
            <button type="submit" className="button" disabled={busy}>
              {busy ? "Đang cấp mã…" : "Cấp mã đặt lại mật khẩu"}
            </button>{" "}
            <Link to={backTo}>Huỷ</Link>
          </Form>
        </>
      )}
    </div>
  );
}
