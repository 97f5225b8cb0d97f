import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import { formatDateTime, formatNumber } from "~/text/format";

// What an organizer's action that ends, reopens or hides something contestants see will do, said
// on its confirmation panel before it is done (~/components/confirm-action.tsx). The numbers are
// read now, on the server: the panel says how many people are in the middle of an entry, not a
// guess. Each function answers null when the action no longer applies (the round is already
// closed, the contest already a draft): the page then shows no panel, also after the action.

export interface Consequence {
  /** The panel's heading: what is about to happen, to what. */
  heading: string;
  /** One sentence a line: what changes for contestants, and what stays. */
  lines: string[];
}

const n = (value: number | string) => formatNumber(Number(value));

/** Entries in progress and the people making them, in one round or the whole contest. */
async function running(db: DBOrTransaction, where: { roundId: number } | { contestId: number }): Promise<{ entries: number; people: number }> {
  const row = await db
    .selectFrom("entries as e")
    .innerJoin("rounds as r", "r.id", "e.round_id")
    .select([sql<string>`count(*)`.as("entries"), sql<string>`count(distinct e.user_id)`.as("people")])
    .where("e.status", "=", "in_progress")
    // Organizers' preview entries count nowhere (docs/decisions/0010), and closing leaves them be.
    .where("e.practice", "=", false)
    .$if("roundId" in where, (q) => q.where("e.round_id", "=", (where as { roundId: number }).roundId))
    .$if("contestId" in where, (q) => q.where("r.contest_id", "=", (where as { contestId: number }).contestId))
    .executeTakeFirstOrThrow();
  return { entries: Number(row.entries), people: Number(row.people) };
}

async function roundOf(db: DBOrTransaction, contestId: number, roundId: number) {
  return db
    .selectFrom("rounds")
    .select([
      "id",
      "title",
      "opens_at",
      "closes_at",
      "prediction_value",
      sql<boolean>`opens_at <= now()`.as("started"),
      sql<boolean>`closes_at <= now()`.as("ended"),
      sql<Date>`greatest(closes_at, now() + interval '1 hour')`.as("reopen_until"),
      sql<string>`(select count(*) from entries e where e.round_id = rounds.id and e.status <> 'in_progress' and not e.practice)`.as("finished"),
    ])
    .where("id", "=", roundId)
    .where("contest_id", "=", contestId)
    .executeTakeFirst();
}

/** "Đóng ngay": the round ends now; entries in progress are submitted with the answers saved. Null unless the round is open. */
export async function roundCloseConsequence(db: DBOrTransaction, contestId: number, roundId: number): Promise<Consequence | null> {
  const round = await roundOf(db, contestId, roundId);
  if (!round || !round.started || round.ended) return null;
  const now = await running(db, { roundId });
  return {
    heading: `Đóng ngay ${round.title}`,
    lines: [
      now.entries === 0
        ? `${round.title} không có bài nào đang làm.`
        : `${round.title} đang có ${n(now.entries)} bài đang làm của ${n(now.people)} người; đóng ngay sẽ nộp các bài này với các câu đã lưu.`,
      `Không ai bắt đầu được lượt thi mới trong đợt này (giờ đóng theo kế hoạch: ${formatDateTime(round.closes_at)}).`,
    ],
  };
}

/** "Mở ngay": the round opens now (or again); a closed round's true prediction value is cleared. Null while the round is open. */
export async function roundOpenConsequence(db: DBOrTransaction, contestId: number, roundId: number): Promise<Consequence | null> {
  const round = await roundOf(db, contestId, roundId);
  if (!round || (round.started && !round.ended)) return null;
  const lines = round.ended
    ? [
        `${round.title} đã kết thúc; mở lại ngay, thí sinh được làm bài tiếp đến ${formatDateTime(round.reopen_until)}.`,
        `${n(round.finished)} bài đã nộp vẫn được giữ; xếp hạng của đợt trở lại tạm tính cho đến khi đợt đóng lại.`,
      ]
    : [`${round.title} sẽ mở ngay thay vì lúc ${formatDateTime(round.opens_at)}; thí sinh bắt đầu làm bài được ngay, đến ${formatDateTime(round.closes_at)}.`];
  if (round.prediction_value !== null) lines.push(`Đáp án câu hỏi dự đoán đã tính (${n(round.prediction_value)}) bị xoá và được tính lại khi đợt đóng.`);
  return {
    heading: `${round.ended ? "Mở lại" : "Mở ngay"} ${round.title}`,
    lines,
  };
}

/** "Chuyển về bản nháp": the contest leaves the public pages; nobody can start an entry. Null unless it is published. */
export async function unpublishConsequence(db: DBOrTransaction, contestId: number): Promise<Consequence | null> {
  const contest = await db
    .selectFrom("contests")
    .select([
      "title",
      "status",
      sql<string>`(select count(*) from contest_participants p join contest_groups g on g.id = p.group_id where g.contest_id = contests.id)`.as("participants"),
    ])
    .where("id", "=", contestId)
    .executeTakeFirst();
  if (!contest || contest.status !== "published") return null;
  const now = await running(db, { contestId });
  return {
    heading: `Chuyển cuộc thi “${contest.title}” về bản nháp`,
    lines: [
      "Cuộc thi sẽ ẩn khỏi trang công khai và khỏi danh sách cuộc thi của thí sinh; không ai bắt đầu được lượt thi mới cho đến khi công bố lại.",
      now.entries === 0 ? "Hiện không có ai đang làm bài." : `Hiện có ${n(now.people)} người đang làm bài (${n(now.entries)} bài).`,
      `${n(contest.participants)} người đã dự thi; bài làm và kết quả của họ được giữ nguyên.`,
    ],
  };
}

/** "Mở lại bài thi bị gián đoạn": whose entry, what it scored, and what reopening does. Null when there is no such entry in the contest. */
export async function reopenEntryConsequence(db: DBOrTransaction, contestId: number, entryId: string, minutes: number): Promise<Consequence | null> {
  const entry = await db
    .selectFrom("entries as e")
    .innerJoin("rounds as r", "r.id", "e.round_id")
    .innerJoin("users as u", "u.id", "e.user_id")
    .select(["e.id", "e.status", "e.score", "e.attempt_no", "u.full_name", "r.title as round_title", "r.closes_at"])
    .where("e.id", "=", entryId)
    .where("e.practice", "=", false)
    .where("r.contest_id", "=", contestId)
    .executeTakeFirst();
  if (!entry) return null;
  return {
    heading: `Mở lại bài thi số ${entry.id} của ${entry.full_name}`,
    lines: [
      `Lượt ${entry.attempt_no} của ${entry.round_title}${entry.score === null ? "" : `, đã nộp với ${n(entry.score)} điểm`}.`,
      `Bài được mở lại với các câu đã trả lời, thêm ${n(minutes)} phút (không quá giờ đóng đợt ${formatDateTime(
        entry.closes_at
      )}); điểm hiện tại không được tính cho đến khi bài được nộp lại.`,
    ],
  };
}

/** "Mở lại để đính chính": the rounds behind the standing publication become writable again. Null unless results are frozen. */
export async function correctionConsequence(db: DBOrTransaction, contestId: number): Promise<Consequence | null> {
  const contest = await db.selectFrom("contests").select(["results_frozen_at", "results_frozen_rounds"]).where("id", "=", contestId).executeTakeFirst();
  if (!contest?.results_frozen_at) return null;
  const latest = await db
    .selectFrom("result_publications")
    .select(["version", "published_at"])
    .where("contest_id", "=", contestId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  const frozen = contest.results_frozen_rounds ?? [];
  const rounds = frozen.length === 0 ? [] : await db.selectFrom("rounds").select("title").where("id", "in", frozen).orderBy("number").execute();
  return {
    heading: "Mở lại kết quả để đính chính",
    lines: [
      latest
        ? `Kết quả đã công bố (lần ${latest.version}, lúc ${formatDateTime(latest.published_at)}) vẫn hiển thị trên trang kết quả công khai cho đến khi công bố bản đính chính.`
        : "Kết quả đã công bố vẫn hiển thị trên trang kết quả công khai cho đến khi công bố bản đính chính.",
      `${rounds.length > 0 ? rounds.map((r) => r.title).join(", ") : "Các đợt đã công bố"} được mở khoá: bài thi, thời gian, cơ cấu giải và quyết định loại lại có thể thay đổi, và xếp hạng có thể thay đổi ngay.`,
      "Khi công bố lại, cần ghi lý do đính chính; mọi lần công bố đều được giữ lại.",
    ],
  };
}
