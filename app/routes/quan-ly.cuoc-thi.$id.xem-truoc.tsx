import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { ContestLanding } from "~/components/contest-landing";
import { sampleDraws } from "~/contests/contest-preview.server";
import { contestCounters, getContest } from "~/contests/contests.server";
import { notFound } from "~/http/responses.server";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";

export const meta: MetaFunction = () => [{ title: "Xem trước cuộc thi · Quản lý" }];

/** The contest as a contestant would see it (even as a draft), with one sample draw per round. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(context.db, request, ["organizer"]);
  const id = intIdParam(params.id, NOT_FOUND.contest);
  const contest = await getContest(context.db, { id, includeDrafts: true });
  if (!contest) notFound("Không tìm thấy cuộc thi.");
  const [counters, samples] = await Promise.all([contestCounters(context.db, contest.id), sampleDraws(context.db, contest.id)]);
  return { contest, counters, serverNow: new Date().toISOString(), samples };
}

export default function ContestPreview() {
  const { contest, counters, serverNow, samples } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="alert alert--info">
        Bản xem trước dành cho ban tổ chức{contest.published ? "" : " (cuộc thi chưa công bố)"}. <Link to={`/quan-ly/cuoc-thi/${contest.id}`}>Quay lại trang quản lý</Link>
      </p>
      <ContestLanding contest={contest} counters={counters} serverNow={serverNow} progress={{}} loggedIn preview />
      {samples.map((sample) => (
        <details key={sample.roundId} className="card">
          <summary>{`Một đề mẫu của ${sample.title}`}</summary>
          {sample.questions === null ? (
            <p className="alert alert--error">Cấu trúc đề của đợt này chưa đủ câu hỏi đã duyệt.</p>
          ) : (
            <ol>
              {sample.questions.map((q, i) => (
                <li key={i}>
                  {q.stem}
                  <ol type="A">
                    {q.options.map((o, j) => (
                      <li key={j}>{o}</li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          )}
        </details>
      ))}
    </>
  );
}
