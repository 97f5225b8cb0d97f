import { Link } from "@remix-run/react";

/**
 * What a leader may open for a contest besides the dashboard: the Excel export (held to their own
 * subtree by the export itself) and the awards page (the proposal and published results as far as
 * their unit allows, with its print page and files). Both check the same rule on the server.
 */
export function LeaderContestLinks({ contestId }: { contestId: number }) {
  return (
    <nav className="row small leader-links" aria-label="Tải về và khen thưởng" data-testid="leader-links">
      <Link to={`/quan-ly/cuoc-thi/${contestId}/xuat`}>Xuất kết quả ra Excel</Link>
      <Link to={`/quan-ly/cuoc-thi/${contestId}/khen-thuong`}>Khen thưởng và kết quả</Link>
    </nav>
  );
}
