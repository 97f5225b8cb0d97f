import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/auth.server";
import { publishedPrizesOf } from "~/awards/commendation.server";
import { PRIZE_TIER_LABELS } from "~/awards/places";
import { groupFor, type AudienceGroup } from "~/contests/audience";
import { getMyProgress, listPublishedContests } from "~/contests/contests.server";
import { ROUND_STATE_LABELS } from "~/contests/round-state";
import { formatDateTime, formatDuration } from "~/text/format";

export const meta: MetaFunction = () => [{ title: "Cuộc thi của tôi · Thi tìm hiểu CCHC" }];

/** What I can enter, my entries and best result per round, and what is left. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context.db, request);
  const { db } = context;
  const contests = await listPublishedContests(db);
  const me = await db.selectFrom("units").select("path").where("id", "=", user.unitId).executeTakeFirstOrThrow();
  const groupRows = await db
    .selectFrom("contest_groups as g")
    .leftJoin("contest_group_units as gu", "gu.group_id", "g.id")
    .leftJoin("units as u", "u.id", "gu.unit_id")
    .select(["g.id", "g.contest_id", "g.name", "g.position", "g.open_to_public", "u.path"])
    .execute();
  const joined = await db.selectFrom("contest_participants").select(["contest_id", "group_id"]).where("user_id", "=", user.id).execute();
  const allowances = await db.selectFrom("round_allowances").select(["round_id", "extra_entries"]).where("user_id", "=", user.id).execute();
  const list = [];
  for (const contest of contests) {
    const groups = new Map<number, AudienceGroup & { name: string }>();
    for (const row of groupRows.filter((g) => g.contest_id === contest.id)) {
      const group = groups.get(row.id) ?? { id: row.id, name: row.name, position: row.position, openToPublic: row.open_to_public, unitPaths: [] as string[] };
      if (row.path) (group.unitPaths as string[]).push(row.path);
      groups.set(row.id, group);
    }
    const fixed = joined.find((j) => j.contest_id === contest.id);
    const group = fixed ? groups.get(fixed.group_id) : groupFor([...groups.values()], me.path);
    if (!group) continue;
    const progress = await getMyProgress(db, contest.id, user.id);
    const prizes = await publishedPrizesOf(db, contest.id, user.id);
    list.push({
      slug: contest.slug,
      prizes: prizes.map((p) => `${PRIZE_TIER_LABELS[p.tier]} – ${p.scopeLabel}`),
      title: contest.title,
      group: (group as { name?: string }).name ?? "",
      rounds: contest.rounds.map((round) => {
        const mine = progress.get(round.id);
        const allowed = round.maxEntries + (allowances.find((a) => a.round_id === round.id)?.extra_entries ?? 0);
        return { ...round, used: mine?.entriesUsed ?? 0, allowed, best: mine?.best ?? null, inProgress: mine?.inProgressEntryId ?? null };
      }),
    });
  }
  return { contests: list };
}

export default function MyContests() {
  const { contests } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Cuộc thi của tôi</h1>
      {contests.length === 0 && <p className="muted">Hiện chưa có cuộc thi nào dành cho đơn vị của bạn.</p>}
      {contests.map((contest) => (
        <section key={contest.slug} className="card">
          <h2>
            <Link to={`/cuoc-thi/${contest.slug}`}>{contest.title}</Link>
          </h2>
          {contest.group && <p className="muted small">{`Bảng: ${contest.group}`}</p>}
          {contest.prizes.length > 0 && (
            <p className="alert alert--ok">
              {`Chúc mừng! Bạn đạt ${contest.prizes.join("; ")}. `}
              <a href={`/cuoc-thi/${contest.slug}/giay-chung-nhan`}>Tải giấy chứng nhận (PDF)</a>
            </p>
          )}
          <div className="table-wrap">
            <table className="card-table">
              <thead>
                <tr>
                  <th scope="col">Đợt</th>
                  <th scope="col">Trạng thái</th>
                  <th scope="col">Lượt đã thi</th>
                  <th scope="col">Kết quả tốt nhất</th>
                </tr>
              </thead>
              <tbody>
                {contest.rounds.map((round) => (
                  <tr key={round.id}>
                    <td className="card-table__title" data-label="Đợt">
                      {round.title}
                      <span className="muted small" style={{ display: "block" }}>{`${formatDateTime(round.opensAt)} – ${formatDateTime(round.closesAt)}`}</span>
                    </td>
                    <td data-label="Trạng thái">
                      {ROUND_STATE_LABELS[round.state]}
                      {round.inProgress && (
                        <Link style={{ display: "block" }} to={`/bai-thi/${round.inProgress}`}>
                          Tiếp tục làm bài
                        </Link>
                      )}
                    </td>
                    <td data-label="Lượt đã thi">{`${round.used} / ${round.allowed}${round.state === "open" && round.used < round.allowed ? ` (còn ${round.allowed - round.used})` : ""}`}</td>
                    <td data-label="Kết quả tốt nhất">{round.best ? `${round.best.score} / ${round.maxScore} điểm · ${formatDuration(round.best.durationMs)}` : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </>
  );
}
