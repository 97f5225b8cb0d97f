import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/auth/auth.server";
import { proposalForExport } from "~/awards/commendation.server";
import { certificateRecords, certificatesPdf, PDF_HEADERS } from "~/awards/commendation-exports.server";
import { contestIdParam, versionParam } from "~/awards/commendation-routes.server";
import { refusalToResponse } from "~/http/responses.server";

/** One certificate per individual prize-winner, all in one PDF. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer", "leader"]);
  const id = contestIdParam(params.id);
  const { proposal, version, draft, date } = await proposalForExport(context.db, id, versionParam(request)).catch(refusalToResponse);
  const certificates = certificateRecords(proposal);
  if (certificates.length === 0) throw new Response("Chưa có người đạt giải để in giấy chứng nhận.", { status: 404 });
  const pdf = await certificatesPdf(proposal, certificates, { date, draft });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(draft ? "giay-chung-nhan-du-thao.pdf" : `giay-chung-nhan-lan-${version}.pdf`) });
}
