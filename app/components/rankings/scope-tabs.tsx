import { Link, useSearchParams } from "@remix-run/react";
import { withParams } from "~/rankings/ranking-query";

/**
 * Tabs for the rounds and the whole contest, and for the groups (bảng) when a contest has more
 * than one. Plain links: they work before the page's script has loaded.
 */
export function ScopeTabs({
  rounds,
  currentRound,
  wholeContest,
  groups,
  currentGroup,
}: {
  rounds: { number: number; title: string }[];
  currentRound: number | null;
  wholeContest: boolean;
  groups: { id: number; name: string }[];
  currentGroup: number | null;
}) {
  const [params] = useSearchParams();
  const tab = (active: boolean) => ({ "aria-current": active ? ("page" as const) : undefined, style: { fontWeight: active ? 700 : undefined } });
  return (
    <>
      <nav className="row small" aria-label="Chọn đợt thi" style={{ flexWrap: "wrap", gap: "0.75rem" }}>
        {rounds.map((r) => (
          <Link key={r.number} to={withParams(params, { dot: r.number, "toan-cuoc": null })} {...tab(!wholeContest && r.number === currentRound)}>
            {r.title}
          </Link>
        ))}
        <Link to={withParams(params, { dot: null, "toan-cuoc": "1" })} {...tab(wholeContest)}>
          Toàn cuộc thi
        </Link>
      </nav>
      {groups.length > 1 && (
        <nav className="row small" aria-label="Chọn bảng thi" style={{ flexWrap: "wrap", gap: "0.75rem", marginTop: "0.4rem" }}>
          <Link to={withParams(params, { bang: null })} {...tab(currentGroup === null)}>
            Tất cả các bảng
          </Link>
          {groups.map((g) => (
            <Link key={g.id} to={withParams(params, { bang: g.id })} {...tab(currentGroup === g.id)}>
              {g.name}
            </Link>
          ))}
        </nav>
      )}
    </>
  );
}
