import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { readProposal } from "~/awards/awards-reads.server";
import { heldToLabel, organizerName } from "~/awards/commendation-exports.server";
import { requireAwardsReader, versionParam } from "~/awards/commendation-routes.server";
import { ResultsList } from "~/components/results-list";
import { placeAndDate } from "~/exports/vietnamese-date";
import { refusalToResponse } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kết quả · ${data?.contestTitle ?? "Cuộc thi"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, reader } = await requireAwardsReader(context.db, request, params.id);
  const { view, version, draft, date, label, heldTo } = await readProposal(context.db, reader, id, versionParam(request)).catch(refusalToResponse);
  // Only what the page prints: the winners of each scope as far as the reader may read them.
  const scopes = view.scopes.map((s) => ({
    label: s.label,
    winners: s.winners.map((w) => ({ fullName: w.fullName, unitLabel: w.unitLabel, tier: w.tier, details: w.details && { position: w.details.position, score: w.details.score, durationMs: w.details.durationMs } })),
    collective: s.collective && { metric: s.collective.metric, winners: s.collective.winners.map(({ decisionNote: _note, ...w }) => w) },
  }));
  return { id, contestTitle: view.contestTitle, scopes, version, label, draft, heldTo: heldToLabel(heldTo), dateLine: placeAndDate(undefined, date), organizer: await organizerName(context.db, id) };
}

// Printed on A4: the navigation and buttons disappear, tables keep their rows together.
const PRINT_CSS = `
@media print {
  header, nav, footer, .no-print { display: none !important; }
  body { font-size: 11pt; }
  .results-scope { break-inside: avoid-page; }
  table { width: 100%; border-collapse: collapse; }
  th, td { border: 1px solid #555; padding: 3pt 5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
@page { size: A4; margin: 15mm; }
`;

export default function PrintableResults() {
  const { id, contestTitle, scopes, version, label, draft, heldTo, dateLine, organizer } = useLoaderData<typeof loader>();
  return (
    <article className="printable-results">
      <style>{PRINT_CSS}</style>
      <p className="no-print small">
        <Link to={`/quan-ly/cuoc-thi/${id}/khen-thuong`}>← Khen thưởng</Link> ·{" "}
        <button type="button" className="link-button" onClick={() => window.print()}>
          In trang này
        </button>
      </p>
      <p className="small">{organizer.toUpperCase()}</p>
      <h1>{draft ? "DỰ THẢO – KẾT QUẢ CUỘC THI" : "KẾT QUẢ CUỘC THI"}</h1>
      <p>{contestTitle}</p>
      <p className="small muted">{draft ? "Chưa công bố" : label?.startsWith("Đính chính") ? `Công bố lần ${version} (${label.toLowerCase()})` : `Công bố lần ${version ?? 1}`}</p>
      {heldTo && <p className="small">{heldTo}</p>}
      <ResultsList scopes={scopes} withScores />
      <p className="small" style={{ textAlign: "right" }}>
        <em>{dateLine}</em>
      </p>
    </article>
  );
}
