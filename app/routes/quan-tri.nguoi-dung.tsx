import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { ROLE_LABELS, ROLES } from "~/auth/roles";
import type { Role } from "~/database/schema";
import { foldText } from "~/text/normalize";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Người dùng · Thi tìm hiểu CCHC" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const admin = await requireRole(context.db, request, ["admin"]);
  const query = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  const users = await context.db
    .selectFrom("users")
    .innerJoin("units", "units.id", "users.unit_id")
    .select(["users.id", "users.full_name", "users.email", "users.phone", "users.role", "units.name as unit_name"])
    .orderBy("users.id")
    .limit(2000)
    .execute();
  const needle = foldText(query);
  const shown = (needle ? users.filter((u) => foldText(`${u.full_name} ${u.email ?? ""} ${u.phone ?? ""}`).includes(needle)) : users).slice(0, 200);
  return { users: shown, query, selfId: admin.id };
}

const setRoleSchema = z.object({
  intent: z.literal("set-role"),
  userId: z.coerce.number().int().positive(),
  role: z.enum(ROLES as [Role, ...Role[]], { error: "Vai trò không hợp lệ" }),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(context.db, request, ["admin"]);
  const parsed = setRoleSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ ok: false, message: "Yêu cầu đổi vai trò không hợp lệ." }, { status: 400 });
  if (parsed.data.userId === admin.id && parsed.data.role !== "admin") {
    return json({ ok: false, message: "Không thể tự bỏ quyền quản trị của chính mình." }, { status: 409 });
  }
  const updated = await context.db
    .updateTable("users")
    .set({ role: parsed.data.role })
    .where("id", "=", parsed.data.userId)
    .returning(["full_name"])
    .executeTakeFirst();
  if (!updated) return json({ ok: false, message: "Không tìm thấy người dùng." }, { status: 404 });
  return json({ ok: true, message: `Đã đổi vai trò của ${updated.full_name} thành ${ROLE_LABELS[parsed.data.role]}.` });
}

export default function UsersAdmin() {
  const { users, query, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Người dùng</h1>
      {result && (
        <p className={`alert ${result.ok ? "alert--ok" : "alert--error"}`} role="status">
          {result.message}
        </p>
      )}
      <Form method="get" className="row" role="search">
        <input type="search" name="q" defaultValue={query} aria-label="Tìm theo tên, email, số điện thoại" placeholder="Tìm theo tên, email, số điện thoại" />
        <button type="submit" className="button">
          Tìm
        </button>
      </Form>
      <div className="table-wrap" style={{ marginTop: "1rem" }}>
        <table>
          <thead>
            <tr>
              <th scope="col">Họ và tên</th>
              <th scope="col">Đăng nhập</th>
              <th scope="col">Đơn vị</th>
              <th scope="col">Vai trò</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.full_name}</td>
                <td>{user.email ?? user.phone}</td>
                <td>{user.unit_name}</td>
                <td>
                  <Form method="post" className="row">
                    <input type="hidden" name="intent" value="set-role" />
                    <input type="hidden" name="userId" value={user.id} />
                    <select name="role" defaultValue={user.role} aria-label={`Vai trò của ${user.full_name}`} disabled={user.id === selfId}>
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
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
