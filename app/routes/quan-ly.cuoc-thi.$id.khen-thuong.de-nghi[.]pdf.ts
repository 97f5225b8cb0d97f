import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { proposalForExport, publicationLabel } from "~/awards/commendation.server";
import { commendationPdf, organizerName, PDF_HEADERS } from "~/awards/commendation-exports.server";
import { contestIdParam, scopeIndexParam, versionParam } from "~/awards/commendation-routes.server";
import { refusalToResponse } from "~/http/responses.server";

/** The commendation list of one scope (`?pham-vi=`) as a printable PDF. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer", "leader"]);
  const id = contestIdParam(params.id);
  const { proposal, version, draft, date } = await proposalForExport(context.db, id, versionParam(request)).catch(refusalToResponse);
  const pdf = await commendationPdf(proposal, {
    organizer: await organizerName(context.db, id),
    draft,
    scopeIndex: scopeIndexParam(request),
    date,
    versionLabel: version ? await publicationLabel(context.db, id, version) : null,
  });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(draft ? "de-nghi-khen-thuong-du-thao.pdf" : `de-nghi-khen-thuong-lan-${version}.pdf`) });
}
