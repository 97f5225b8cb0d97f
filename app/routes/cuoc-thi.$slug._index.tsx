import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getCurrentUser, requireUser } from "~/auth/auth.server";
import { getMyProgress, getPublishedContest } from "~/contests/contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { startEntry } from "~/entries/entries.server";
import { notFound } from "~/http/responses.server";
import { UserFacingError } from "~/http/user-facing-error";
import { formatDateTime, formatDuration } from "~/text/format";
import { z } from "~/validation/z";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.contest.title} · Thi tìm hiểu CCHC` : "Cuộc thi" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này. Có thể đường dẫn đã sai hoặc cuộc thi chưa được công bố.");
  const user = await getCurrentUser(context.db, request);
  const progress = user ? Object.fromEntries(await getMyProgress(context.db, contest.id, user.id)) : {};
  return { contest, progress, loggedIn: Boolean(user) };
}

const startSchema = z.object({ intent: z.literal("start"), roundId: z.coerce.number().int().positive() });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context.db, request);
  const contest = await getPublishedContest(context.db, params.slug ?? "");
  if (!contest) notFound("Không tìm thấy cuộc thi này.");
  const form = startSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success || !contest.rounds.some((r) => r.id === form.data.roundId)) {
    return json({ error: "Yêu cầu không hợp lệ: không tìm thấy đợt thi." }, { status: 400 });
  }
  try {
    const { entryId } = await startEntry(context.db, { roundId: form.data.roundId, userId: user.id });
    return redirect(`/bai-thi/${entryId}`);
  } catch (error) {
    if (error instanceof UserFacingError) return json({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function ContestPage() {
  const { contest, progress, loggedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <section className="card">
        <h1>{contest.title}</h1>
        <p className="muted small">Đơn vị tổ chức: {contest.ownerUnitName}</p>
        <h2>Thể lệ</h2>
        <div className="rules">{contest.rules}</div>
      </section>
      {result?.error && (
        <p className="alert alert--error" role="alert">
          {result.error}
        </p>
      )}
      {contest.rounds.map((round) => {
        const mine = progress[round.id];
        const left = round.maxEntries - (mine?.entriesUsed ?? 0);
        return (
          <section key={round.id} className="card" aria-labelledby={`round-${round.id}`}>
            <div className="row" style={{ justifyContent: "space-between" }}>
              <h2 id={`round-${round.id}`} style={{ margin: 0 }}>
                {round.title}
              </h2>
              <span className={`badge badge--${round.state === "open" ? "open" : round.state === "closed" ? "closed" : "soon"}`}>
                {ROUND_STATE_LABELS[round.state]}
              </span>
            </div>
            <p className="small">
              Thời gian: {formatDateTime(round.opensAt)} – {formatDateTime(round.closesAt)}
              <br />
              {round.questionCount} câu hỏi · {Math.round(round.timeLimitSeconds / 60)} phút · tối đa {round.maxScore} điểm · {round.maxEntries} lượt
              thi
            </p>
            {mine?.best && (
              <p className="alert alert--ok">
                Kết quả tốt nhất của bạn: <strong>{mine.best.score} điểm</strong>, thời gian {formatDuration(mine.best.durationMs)}.
              </p>
            )}
            <div className="row">
              {round.state === "open" && mine?.inProgressEntryId ? (
                <Link className="button" to={`/bai-thi/${mine.inProgressEntryId}`}>
                  Tiếp tục làm bài
                </Link>
              ) : round.state === "open" && !loggedIn ? (
                <Link className="button" to={`/dang-nhap?redirectTo=${encodeURIComponent(`/cuoc-thi/${contest.slug}`)}`}>
                  Đăng nhập để dự thi
                </Link>
              ) : round.state === "open" && left > 0 ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="start" />
                  <input type="hidden" name="roundId" value={round.id} />
                  <button type="submit" className="button" disabled={busy}>
                    {mine?.entriesUsed ? `Thi lượt ${mine.entriesUsed + 1}` : "Bắt đầu làm bài"}
                  </button>
                </Form>
              ) : round.state === "open" ? (
                <p className="muted">Bạn đã dùng hết lượt thi của đợt này.</p>
              ) : null}
              <Link className="button button--secondary" to={`/cuoc-thi/${contest.slug}/xep-hang?dot=${round.number}`}>
                Bảng xếp hạng
              </Link>
            </div>
            {mine && mine.entries.length > 0 && (
              <details>
                <summary>Các lượt thi của bạn ({mine.entries.length})</summary>
                <ul>
                  {mine.entries.map((entry) => (
                    <li key={entry.entryId}>
                      <Link to={`/bai-thi/${entry.entryId}`}>Lượt {entry.attemptNo}</Link>:{" "}
                      {entry.status === "in_progress" ? "đang làm" : `${entry.score} điểm, ${formatDuration(entry.durationMs ?? 0)}`}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </section>
        );
      })}
    </>
  );
}
