import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getPublication, publicationLabel, type Proposal } from "~/awards/commendation.server";
import { ResultsList } from "~/components/results-list";
import { getPublishedContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { formatDateTime } from "~/text/format";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Kết quả · ${data.contest.title}` : "Kết quả cuộc thi" }];

/** Public: the latest published winners (names, units, prizes) and collective prizes; fit to be linked from a portal. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này. Có thể đường dẫn đã sai hoặc cuộc thi chưa được công bố.");
  const published = await getPublication(context.db, contest.id);
  if (!published) return { contest: { title: contest.title, slug: contest.slug }, published: null };
  // Only what the public may see: names, units and prizes (no scores, no ids beyond the page).
  const proposal: Proposal = {
    ...published.proposal,
    scopes: published.proposal.scopes.map((s) => ({
      ...s,
      ties: [],
      excluded: [],
      winners: s.winners.map((w) => ({ ...w, entryId: "", score: 0, durationMs: 0, finishedAt: "", position: w.position })),
    })),
  };
  return {
    contest: { title: contest.title, slug: contest.slug },
    published: { version: published.version, publishedAt: published.publishedAt, reason: published.reason, label: await publicationLabel(context.db, contest.id, published.version), proposal },
  };
}

export default function PublicResults() {
  const { contest, published } = useLoaderData<typeof loader>();
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
          <ResultsList proposal={published.proposal as Proposal} withScores={false} />
        </>
      )}
    </>
  );
}
