import type { LoaderFunctionArgs } from "@remix-run/node";
import { readProposal } from "~/awards/awards-reads.server";
import { commendationPdf, organizerName, PDF_HEADERS, proposalFileName } from "~/awards/commendation-exports.server";
import { requireAwardsReader, scopeIndexParam, versionParam } from "~/awards/commendation-routes.server";
import { refusalToResponse } from "~/http/responses.server";

/** The commendation list of one scope (`?pham-vi=`) as a printable PDF, as far as the reader may read it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, reader } = await requireAwardsReader(context.db, request, params.id);
  const { view, version, draft, date, label, heldTo } = await readProposal(context.db, reader, id, versionParam(request)).catch(refusalToResponse);
  const pdf = await commendationPdf(view, { organizer: await organizerName(context.db, id), draft, scopeIndex: scopeIndexParam(request), date, versionLabel: label, heldTo });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(proposalFileName(view.contestTitle, { draft, version }, "pdf")) });
}
