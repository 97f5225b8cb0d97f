import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/auth.server";
import { getPublication } from "~/awards/commendation.server";
import { certificateRecords, certificatesPdf, PDF_HEADERS } from "~/awards/commendation-exports.server";
import { getPublishedContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";

/** The logged-in winner's own certificate(s) from the latest publication; nobody else's. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này.");
  const published = await getPublication(context.db, contest.id);
  if (!published) notFound("Cuộc thi chưa công bố kết quả.");
  const mine = certificateRecords(published.proposal, (winner) => winner.userId === user.id);
  if (mine.length === 0) notFound("Bạn không có tên trong danh sách đạt giải đã công bố của cuộc thi này, nên không có giấy chứng nhận.");
  const pdf = await certificatesPdf(published.proposal, mine, { date: new Date(published.publishedAt), draft: false });
  return new Response(new Uint8Array(pdf), { headers: PDF_HEADERS(`giay-chung-nhan-${contest.slug}.pdf`) });
}
