import type { LoaderFunctionArgs } from "@remix-run/node";
import { XLSX_CONTENT_TYPE } from "~/accounts/bulk-account-limits";
import { requireRole } from "~/auth/auth.server";
import { proposalForExport } from "~/awards/commendation.server";
import { commendationWorkbook, organizerName } from "~/awards/commendation-exports.server";
import { contestIdParam, versionParam } from "~/awards/commendation-routes.server";
import { refusalToResponse } from "~/http/responses.server";

/** The proposal for commendation as .xlsx: a published version (latest by default) or the draft. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer", "leader"]);
  const id = contestIdParam(params.id);
  const { proposal, version, draft } = await proposalForExport(context.db, id, versionParam(request)).catch(refusalToResponse);
  const workbook = await commendationWorkbook(proposal, { organizer: await organizerName(context.db, id), draft, versionLabel: version ? `Công bố lần ${version}` : null });
  const filename = draft ? "de-nghi-khen-thuong-du-thao.xlsx" : `de-nghi-khen-thuong-lan-${version}.xlsx`;
  return new Response(new Uint8Array(workbook), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
