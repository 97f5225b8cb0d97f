import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireRole } from "~/auth/auth.server";
import { ContestLanding } from "~/components/contest-landing";
import { myPreviewEntries, sampleDraws, startPreviewEntry } from "~/contests/contest-preview.server";
import { contestCounters, getContest } from "~/contests/contests.server";
import { handleIntents, intent } from "~/http/form-actions.server";
import { formLevel, intIdField } from "~/http/forms";
import { notFound } from "~/http/responses.server";
import { UserFacingError } from "~/http/user-facing-error";
import { intIdParam, NOT_FOUND } from "~/http/url-ids";
import { z } from "~/validation/z";

export const meta: MetaFunction = () => [{ title: "Xem trước cuộc thi · Quản lý" }];

/** The contest as a contestant would see it (even as a draft), with one sample draw per round and the organizer's own preview entries. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = intIdParam(params.id, NOT_FOUND.contest);
  const contest = await getContest(context.db, { id, includeDrafts: true });
  if (!contest) notFound("Không tìm thấy cuộc thi.");
  const [counters, samples, previews] = await Promise.all([
    contestCounters(context.db, contest.id),
    sampleDraws(context.db, contest.id),
    myPreviewEntries(context.db, contest.id, user.id),
  ]);
  return json({ contest, counters, serverNow: new Date().toISOString(), samples, previews }, { headers: { "Cache-Control": "no-store" } });
}

const NO_SUCH_ROUND = "Yêu cầu không hợp lệ: không tìm thấy đợt thi.";

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(context.db, request, ["organizer"]);
  const id = intIdParam(params.id, NOT_FOUND.contest);
  return handleIntents(request, {
    "preview-entry": intent({
      schema: formLevel(z.object({ roundId: intIdField(NO_SUCH_ROUND) })),
      run: async ({ roundId }) => {
        if (!(await getContest(context.db, { id, includeDrafts: true }))?.rounds.some((r) => r.id === roundId)) throw new UserFacingError(400, NO_SUCH_ROUND);
        const entryId = await startPreviewEntry(context, { contestId: id, roundId, actorId: user.id });
        return redirect(`/bai-thi/${entryId}`);
      },
    }),
  });
}

export default function ContestPreview() {
  const { contest, counters, serverNow, samples, previews } = useLoaderData<typeof loader>();
  const refused = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p className="alert alert--info">
        Bản xem trước dành cho ban tổ chức{contest.published ? "" : " (cuộc thi chưa công bố)"}. <Link to={`/quan-ly/cuoc-thi/${contest.id}`}>Quay lại trang quản lý</Link>
      </p>
      <ContestLanding contest={contest} counters={counters} serverNow={serverNow} progress={{}} loggedIn preview />
      <section className="card" aria-labelledby="preview-entry-title">
        <h2 id="preview-entry-title">Làm thử như thí sinh</h2>
        <p className="small muted">
          Bài làm thử dùng đúng cách rút đề, thời gian và cách chấm của đợt thi, rồi hiện đáp án và giải thích sau khi nộp. Bài này không tính vào bảng
          xếp hạng, số liệu, thống kê câu hỏi, báo cáo, giải thưởng hay số lượt thi của ai.
        </p>
        {refused && !refused.ok && (
          <p className="alert alert--error" role="alert">
            {refused.message}
          </p>
        )}
        <ul className="preview-rounds stack">
          {contest.rounds.map((round) => {
            const mine = previews.filter((p) => p.roundId === round.id);
            const running = mine.find((p) => p.inProgress);
            return (
              <li key={round.id}>
                <strong>{round.title}</strong>
                <div className="row">
                  {running ? (
                    <Link className="button" to={`/bai-thi/${running.entryId}`}>
                      Tiếp tục bài làm thử
                    </Link>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="preview-entry" />
                      <input type="hidden" name="roundId" value={round.id} />
                      <button type="submit" className="button" disabled={busy}>
                        Làm thử đợt này
                      </button>
                    </Form>
                  )}
                </div>
                {mine.some((p) => !p.inProgress) && (
                  <p className="small">
                    Bài đã làm thử:{" "}
                    {mine
                      .filter((p) => !p.inProgress)
                      .map((p, i) => (
                        <span key={p.entryId}>
                          {i > 0 && " · "}
                          <Link to={`/bai-thi/${p.entryId}`}>{`lần ${p.attemptNo}: ${p.score ?? 0} điểm`}</Link>
                        </span>
                      ))}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
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
