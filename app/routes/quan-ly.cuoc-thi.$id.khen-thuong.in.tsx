import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { proposalForExport, publicationLabel, type Proposal } from "~/awards/commendation.server";
import { organizerName } from "~/awards/commendation-exports.server";
import { contestIdParam, versionParam } from "~/awards/commendation-routes.server";
import { ResultsList } from "~/components/results-list";
import { placeAndDate } from "~/exports/vietnamese-date";
import { refusalToResponse } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Kết quả · ${data?.proposal.contestTitle ?? "Cuộc thi"}` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer", "leader"]);
  const id = contestIdParam(params.id);
  const { proposal, version, draft, date } = await proposalForExport(context.db, id, versionParam(request)).catch(refusalToResponse);
  // Only what the page prints: winners of each scope (not the excluded people or the notes behind them).
  const printed: Proposal = { ...proposal, scopes: proposal.scopes.map((s) => ({ ...s, excluded: [], ties: [] })) };
  const label = version ? await publicationLabel(context.db, id, version) : null;
  return { id, proposal: printed, version, label, draft, dateLine: placeAndDate(undefined, date), organizer: await organizerName(context.db, id) };
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
  const { id, proposal, version, label, draft, dateLine, organizer } = useLoaderData<typeof loader>();
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
      <p>{proposal.contestTitle}</p>
      <p className="small muted">{draft ? "Chưa công bố" : label?.startsWith("Đính chính") ? `Công bố lần ${version} (${label.toLowerCase()})` : `Công bố lần ${version ?? 1}`}</p>
      <ResultsList proposal={proposal as Proposal} withScores />
      <p className="small" style={{ textAlign: "right" }}>
        <em>{dateLine}</em>
      </p>
    </article>
  );
}
