import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { readProposal } from "~/awards/awards-reads.server";
import { commendationWorkbook, organizerName, proposalFileName } from "~/awards/commendation-exports.server";
import { requireAwardsReader, versionParam } from "~/awards/commendation-routes.server";
import { attachment } from "~/http/download-name";
import { refusalToResponse } from "~/http/responses.server";

/** The proposal for commendation as .xlsx: a published version (latest by default) or the draft, as far as the reader may read it. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, reader } = await requireAwardsReader(context.db, request, params.id);
  const { view, version, draft, heldTo } = await readProposal(context.db, reader, id, versionParam(request)).catch(refusalToResponse);
  const workbook = await commendationWorkbook(view, { organizer: await organizerName(context.db, id), draft, versionLabel: version ? `Công bố lần ${version}` : null, heldTo });
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": attachment(proposalFileName(view.contestTitle, { draft, version }, "xlsx")), "Cache-Control": "no-store" },
  });
}
