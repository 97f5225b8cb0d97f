import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/auth/auth.server";
import { readOwnPrizes, readPublicResults } from "~/awards/awards-reads.server";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { ResultsList } from "~/components/results-list";
import { getPublishedContest } from "~/contests/contests.server";
import { shareMeta } from "~/contests/share";
import { contestShareCard } from "~/contests/share.server";
import { notFound } from "~/http/responses.server";
import { formatDateTime } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => shareMeta(data ? `Kết quả · ${data.contest.title}` : "Kết quả cuộc thi", data?.share);

/**
 * Public: the latest published winners (names, units, prizes) and collective prizes; fit to be
 * linked from a portal. Nothing else rides along in the data, except for a logged-in winner their
 * own prizes, to link their own certificate (whose download serves only the logged-in person's).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này. Có thể đường dẫn đã sai hoặc cuộc thi chưa được công bố.");
  const published = await readPublicResults(context.db, contest.id);
  const mine = published ? await readOwnPrizes(context.db, await getCurrentUser(context.db, request), contest.id) : [];
  return {
    contest: { title: contest.title, slug: contest.slug },
    published,
    myPrizes: mine.map((p) => `${PRIZE_TIER_LABELS[p.tier]} – ${p.scopeLabel}`),
    share: contestShareCard(request, contest, "results"),
  };
}

export default function PublicResults() {
  const { contest, published, myPrizes } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="small">
        <Link to={`/cuoc-thi/${contest.slug}`}>← {contest.title}</Link>
      </p>
      <h1>Kết quả cuộc thi</h1>
      <p>{contest.title}</p>
      {!published ? (
        <p className="alert" role="status">
          Ban tổ chức chưa công bố kết quả cuộc thi này. Vui lòng quay lại sau.
        </p>
      ) : (
        <>
          <p className="small muted">
            {`Công bố ngày ${formatDateTime(published.publishedAt)}`}
            {published.label && <strong>{` · ${published.label}`}</strong>}
            {published.label && published.reason && ` (${published.reason})`}
          </p>
          {myPrizes.length > 0 && (
            <p className="alert alert--ok" data-testid="my-certificate">
              {`Chúc mừng! Bạn đạt ${myPrizes.join("; ")}. `}
              <a href={`/cuoc-thi/${contest.slug}/giay-chung-nhan`}>Tải giấy chứng nhận</a>
            </p>
          )}
          <ResultsList scopes={published.results.scopes} withScores={false} />
        </>
      )}
    </>
  );
}
