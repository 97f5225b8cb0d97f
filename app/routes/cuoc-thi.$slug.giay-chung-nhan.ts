import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { readOwnCertificates } from "~/awards/awards-reads.server";
import { certificatesFileName, certificatesPdf, PDF_HEADERS } from "~/awards/commendation-exports.server";
import { getPublishedContest } from "~/contests/contests.server";
import { notFound, refusalToResponse } from "~/http/responses.server";

/** The logged-in winner's own certificate(s) from the latest publication; nobody else's. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này.");
  const { proposal, records, date } = await readOwnCertificates(context.db, user, contest.id).catch(refusalToResponse);
  const pdf = await certificatesPdf(proposal, records, { date, draft: false });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(certificatesFileName(contest.title)) });
}
