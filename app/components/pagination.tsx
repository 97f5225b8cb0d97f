import { Link, useSearchParams } from "@remix-run/react";

/** Previous/next links that keep every other query parameter (filters, round). */
export function Pagination({ page, pageCount, param = "trang" }: { page: number; pageCount: number; param?: string }) {
  const [params] = useSearchParams();
  if (pageCount <= 1) return null;
  const linkTo = (p: number) => {
    const next = new URLSearchParams(params);
    next.set(param, String(p));
    return `?${next}`;
  };
  return (
    <nav className="row" aria-label="Phân trang" style={{ marginTop: "0.75rem" }}>
      {page > 1 && <Link to={linkTo(page - 1)}>← Trang trước</Link>}
      <span className="muted small">{`Trang ${page} / ${pageCount}`}</span>
      {page < pageCount && <Link to={linkTo(page + 1)}>Trang sau →</Link>}
    </nav>
  );
}
