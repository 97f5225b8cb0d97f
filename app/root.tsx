import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/auth/auth.server";
import { ROLE_LABELS } from "~/auth/roles";
import { useNonce } from "~/components/nonce";
import { errorPageText } from "~/http/error-pages";
import styles from "~/styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  // The site's icon (public/): browsers, phones' home screens and the installed app's name.
  { rel: "icon", href: "/favicon.ico", sizes: "32x32" },
  { rel: "icon", href: "/icon.svg", type: "image/svg+xml" },
  { rel: "apple-touch-icon", href: "/apple-touch-icon.png" },
  { rel: "manifest", href: "/manifest.webmanifest" },
];

// The root loader also enforces the first-login password change, so it runs on every navigation.
export const shouldRevalidate = () => true;

export const meta: MetaFunction = () => [{ title: "Thi tìm hiểu cải cách hành chính" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getCurrentUser(context.db, request);
  return { user: user && { fullName: user.fullName, role: user.role, unitName: user.unitName } };
}

// The header and the <main> live in the Layout, so error pages (the ErrorBoundary renders inside it) keep the site's navigation.
export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="vi">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#b3261e" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader />
        <main id="main" className="page">
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SiteHeader() {
  // Not useLoaderData: the header also renders with the error boundary (no data when the root loader itself failed).
  const data = useRouteLoaderData<typeof loader>("root");
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
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { title, message } = isRouteErrorResponse(error) ? errorPageText(error.status, error.data) : errorPageText(null);
  return (
    <div className="card">
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">Về trang chủ</Link>
      </p>
    </div>
  );
}
