import type { LoaderFunctionArgs } from "@remix-run/node";
import { readCertificates } from "~/awards/awards-reads.server";
import { certificatesFileName, certificatesPdf, PDF_HEADERS } from "~/awards/commendation-exports.server";
import { requireAwardsReader, versionParam } from "~/awards/commendation-routes.server";
import { refusalToResponse } from "~/http/responses.server";

/** One certificate per individual prize-winner the reader may download, all in one PDF. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { id, reader } = await requireAwardsReader(context.db, request, params.id);
  const { proposal, records, version, draft, date } = await readCertificates(context.db, reader, id, versionParam(request)).catch(refusalToResponse);
  const pdf = await certificatesPdf(proposal, records, { date, draft });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(certificatesFileName(proposal.contestTitle, { draft, version })) });
}
