import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ContestLanding } from "~/components/contest-landing";
import { notifyRankingChanged } from "~/realtime/realtime.server";
import { useLiveRanking } from "~/realtime/use-live-rounds";
import { getCurrentUser, requireUser } from "~/auth/auth.server";
import { hasPublishedResults } from "~/awards/commendation.server";
import { AUDIENCE_REFUSAL, groupsOfPerson } from "~/contests/audience.server";
import { contestCounters, getMyProgress, getPublishedContest, publishedContestId } from "~/contests/contests.server";
import { shareMeta, SITE_NAME } from "~/contests/share";
import { contestShareCard } from "~/contests/share.server";
import { NO_SUCH_ROUND, startEntry } from "~/entries/entries.server";
import { notFound } from "~/http/responses.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { formLevel, intIdField, optionalIntIdField } from "~/http/forms";
import { parseIntId } from "~/http/url-ids";
import { z } from "~/validation/z";

export const meta: MetaFunction<typeof loader> = ({ data }) => shareMeta(data ? `${data.contest.title} · ${SITE_NAME}` : "Cuộc thi", data?.share);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này. Có thể đường dẫn đã sai hoặc cuộc thi chưa được công bố.");
  const user = await getCurrentUser(context.db, request);
  const [progress, counters, resultsPublished, groups] = await Promise.all([
    user ? getMyProgress(context.db, user.id, contest.rounds).then((p) => Object.fromEntries(p)) : {},
    contestCounters(context.db, contest.id),
    hasPublishedResults(context.db, contest.id),
    user ? groupsOfPerson(context.db, user.id, [contest.id]) : null,
  ]);
  // Outside the audience: the page says why instead of offering a start the server would refuse.
  const audienceRefusal = groups && !groups.has(contest.id) ? `${AUDIENCE_REFUSAL} Đơn vị của bạn: ${user!.unitName}.` : null;
  // "?bat-dau=<round>": the confirm step before an entry is spent (a link, so it works without JavaScript).
  const confirmRoundId = parseIntId(new URL(request.url).searchParams.get(START_PARAM));
  const share = contestShareCard(request, contest, "landing");
  return json(
    { contest, progress, loggedIn: Boolean(user), counters, serverNow: new Date().toISOString(), resultsPublished, audienceRefusal, confirmRoundId, share },
    { headers: { "Cache-Control": "no-store" } },
  );
}

const START_PARAM = "bat-dau";


// The round is the button's hidden field: a refusal is said above the rounds.
// The attempt confirmed ("lượt 2") makes a repeated confirm land on that entry instead of spending another.
const startSchema = formLevel(z.object({ roundId: intIdField(NO_SUCH_ROUND), attempt: optionalIntIdField(NO_SUCH_ROUND) }));

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  // Only the id: the start is the hottest write of a round's opening minute, and it checks the rest itself.
  const contestId = await publishedContestId(context.db, params.slug ?? "");
  if (contestId === null) notFound("Không tìm thấy cuộc thi này.");
  return handleIntents(request, {
    start: intent({
      schema: startSchema,
      run: async ({ roundId, attempt }) => {
        const { entryId, resumed } = await startEntry(context.db, { roundId, userId: user.id, attemptNo: attempt ?? undefined, contestId });
        if (!resumed) notifyRankingChanged(context.io, { contestId, roundId });
        return redirect(`/bai-thi/${entryId}`);
      },
    }),
  });
}

export default function ContestPage() {
  const { contest, progress, loggedIn, counters, serverNow, resultsPublished, audienceRefusal, confirmRoundId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  // One watch for the whole contest: its counters change with any round.
  const live = useLiveRanking([{ contestId: contest.id }]).state === "live";
  return (
    <>
      {resultsPublished && (
        <p className="alert alert--ok" role="status">
          Ban tổ chức đã công bố kết quả. <Link to={`/cuoc-thi/${contest.slug}/ket-qua`}>Xem kết quả và danh sách đạt giải</Link>
        </p>
      )}
      <ContestLanding
        contest={contest}
        counters={counters}
        serverNow={serverNow}
        progress={progress}
        loggedIn={loggedIn}
        audienceRefusal={audienceRefusal}
        confirmRoundId={confirmRoundId}
        error={result && !result.ok ? result.message : null}
        busy={busy}
        live={live}
      />
    </>
  );
}
