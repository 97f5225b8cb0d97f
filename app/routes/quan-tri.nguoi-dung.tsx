import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { listUsersForAdmin, setUserRole } from "~/accounts/user-admin.server";
import { clientInfo, requireRole } from "~/auth/auth.server";
import { ROLE_LABELS, ROLES } from "~/auth/roles";
import type { Role } from "~/database/schema";
import { handleIntents, intent } from "~/http/form-actions.server";
import { fieldValue, formKey, formLevel, intIdField } from "~/http/forms";
import { z } from "~/validation/z";
import { PeopleSearchForm } from "~/components/people-search-form";

export const meta: MetaFunction = () => [{ title: "Người dùng · Thi tìm hiểu CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireRole(context.db, request, ["admin"]);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { users: await listUsersForAdmin(context.db, query), query, selfId: admin.id };
}

// The row's user and the role chosen are written by the page: a refusal is said above the list.
const setRoleSchema = formLevel(
  z.object({
    userId: intIdField("Yêu cầu đổi vai trò không hợp lệ."),
    role: z.enum(ROLES as [Role, ...Role[]], { error: "Vai trò không hợp lệ" }),
  }),
);

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context.db, request, ["admin"]);
  return handleIntents(request, {
    "set-role": intent({
      schema: setRoleSchema,
      run: async ({ userId, role }) => {
        const { fullName } = await setUserRole(context, admin, userId, role, clientInfo(request, context));
        return { message: `Đã đổi vai trò của ${fullName} thành ${ROLE_LABELS[role]}.` };
      },
    }),
  });
}

export default function UsersAdmin() {
  const { users, query, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Người dùng</h1>
      <p>
        <Link to="/quan-tri/nhat-ky-tai-khoan">Nhật ký tài khoản</Link> (đăng nhập, đổi mật khẩu, đổi vai trò, tải dữ liệu cá nhân) ·{" "}
        <Link to="/quan-tri/thu-da-gui">Thư đã gửi</Link>
      </p>
      {result && (
        <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role="status">
          {result.message}
        </p>
      )}
      <PeopleSearchForm query={query} />
      <div className="table-wrap" style={{ marginTop: "1rem" }}>
        <table className="card-table">
          <thead>
            <tr>
              <th scope="col">Họ và tên</th>
              <th scope="col">Đăng nhập</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Vai trò</th>
              <th scope="col">Mật khẩu</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => {
              // A refused change keeps the role chosen in its own row.
              const refused = result && !result.ok && fieldValue(result, "userId") === String(user.id) ? result : undefined;
              return (
                <tr key={user.id}>
                  <td className="card-table__title" data-label="Họ và tên">{user.full_name}</td>
                  <td data-label="Đăng nhập">{user.email ?? user.phone}</td>
                  <td data-label="Đơn vị">{user.unit_name}</td>
                  <td data-label="Vai trò">
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="set-role" />
                      <input type="hidden" name="userId" value={user.id} />
                      <select name="role" key={formKey(refused)} defaultValue={fieldValue(refused, "role", user.role)} aria-label={`Vai trò của ${user.full_name}`} disabled={user.id === selfId}>
                        {ROLES.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                      {user.id !== selfId && (
                        <button type="submit" className="link-button">
                          Lưu
                        </button>
                      )}
                    </Form>
                  </td>
                  <td data-label="Mật khẩu">
                    {user.id !== selfId && (
                      <Link to={`/quan-ly/tai-khoan/${user.id}/ma-dat-lai`} aria-label={`Cấp mã đặt lại mật khẩu cho ${user.full_name}`}>
                        Cấp mã đặt lại
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
