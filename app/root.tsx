import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { getCurrentUser } from "~/auth/auth.server";
import { ROLE_LABELS } from "~/auth/roles";
import { useNonce } from "~/components/nonce";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

// The root loader also enforces the first-login password change, so it runs on every navigation.
export const shouldRevalidate = () => true;

export const meta: MetaFunction = () => [{ title: "Thi tìm hiểu cải cách hành chính" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context.db, request);
  return { user: user && { fullName: user.fullName, role: user.role, unitName: user.unitName } };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  const data = useLoaderData<typeof loader>();
  const user = data?.user;
  const role = user?.role;
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        Bỏ qua, đến nội dung chính
      </a>
      <div className="site-header__inner">
        <Link to="/" className="brand">
          Thi tìm hiểu CCHC
        </Link>
        <nav aria-label="Điều hướng chính" className="site-nav">
          {user && <Link to="/cuoc-thi-cua-toi">Cuộc thi của tôi</Link>}
          {(role === "organizer" || role === "admin") && <Link to="/quan-ly">Quản lý</Link>}
          {(role === "leader" || role === "organizer" || role === "admin") && <Link to="/lanh-dao">Theo dõi</Link>}
          {role === "admin" && <Link to="/quan-tri/nguoi-dung">Người dùng</Link>}
          {user && <Link to="/tai-khoan">Tài khoản</Link>}
          {user ? (
            <Form method="post" action="/dang-xuat" className="inline-form">
              <span className="user-chip" title={`${ROLE_LABELS[user.role]} · ${user.unitName}`}>
                {user.fullName}
              </span>
              <button type="submit" className="link-button">
                Đăng xuất
              </button>
            </Form>
          ) : (
            <>
              <Link to="/dang-nhap">Đăng nhập</Link>
              <Link to="/dang-ky" className="button button--small">
                Đăng ký
              </Link>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}

export default function App() {
  return (
    <>
      <SiteHeader />
      <main id="main" className="page">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "Đã có lỗi xảy ra";
  let message = "Vui lòng thử lại sau ít phút. Nếu lỗi lặp lại, hãy báo cho ban tổ chức.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) title = "Không tìm thấy trang";
    if (error.status === 403) title = "Không có quyền truy cập";
    if (error.status === 503) title = "Hệ thống đang bận";
    if (typeof error.data === "string" && error.data) message = error.data;
    else if (error.status === 404) message = "Đường dẫn không đúng hoặc nội dung đã bị gỡ.";
  }
  return (
    <main id="main" className="page">
      <div className="card">
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/">Về trang chủ</Link>
        </p>
      </div>
    </main>
  );
}
