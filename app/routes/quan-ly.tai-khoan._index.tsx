import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { resetCodeRefusal } from "~/accounts/reset-codes";
import { listUsersForAdmin } from "~/accounts/user-admin.server";
import { requireRole } from "~/auth/auth.server";
import { ROLE_LABELS } from "~/auth/roles";
import { PeopleSearchForm } from "~/components/people-search-form";

export const meta: MetaFunction = () => [{ title: "Tài khoản · Quản lý" }];

const MIN_QUERY = 2;

/** Organizers (and admins) find a person here to help them back into their account. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = await requireRole(context.db, request, ["organizer"]);
  const query = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  const people = query.length >= MIN_QUERY ? await listUsersForAdmin(context.db, query) : [];
  return {
    query,
    searched: query.length >= MIN_QUERY,
    people: people.map((p) => ({
      id: p.id,
      fullName: p.full_name,
      login: p.email ?? p.phone,
      unitName: p.unit_name,
      role: ROLE_LABELS[p.role],
      mayIssueCode: resetCodeRefusal(viewer, p) === null,
    })),
  };
}

export default function Accounts() {
  const { query, searched, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Tài khoản</h1>
      <p>
        Tìm một người để cấp mã đặt lại mật khẩu khi họ quên mật khẩu mà không nhận được thư (thường là tài khoản đăng ký bằng số điện thoại). Ban
        tổ chức cấp được cho thí sinh và lãnh đạo. <Link to="/quan-ly/tai-khoan/nhap">Tạo tài khoản từ tệp Excel</Link>
      </p>
      <PeopleSearchForm query={query} />
      {!searched ? (
        <p className="muted">Nhập ít nhất {MIN_QUERY} ký tự của tên, email hoặc số điện thoại.</p>
      ) : people.length === 0 ? (
        <p className="muted">Không tìm thấy ai.</p>
      ) : (
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
              {people.map((person) => (
                <tr key={person.id}>
                  <td className="card-table__title" data-label="Họ và tên">{person.fullName}</td>
                  <td data-label="Đăng nhập">{person.login}</td>
                  <td data-label="Đơn vị">{person.unitName}</td>
                  <td data-label="Vai trò">{person.role}</td>
                  <td data-label="Mật khẩu">
                    {person.mayIssueCode ? (
                      <Link to={`/quan-ly/tai-khoan/${person.id}/ma-dat-lai`} aria-label={`Cấp mã đặt lại mật khẩu cho ${person.fullName}`}>
                        Cấp mã đặt lại mật khẩu
                      </Link>
                    ) : (
                      <span className="muted small">Không thuộc quyền của bạn</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
