import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";
import type { BlueprintLine, PredictionRule, ReviewPolicy } from "~/database/schema";
import { blueprintPools } from "~/entries/entries.server";
import { UserFacingError } from "~/http/user-facing-error";
import { entryHours, refreshResults, settleRoundTruth } from "~/rankings/maintenance.server";
import { blueprintQuestionCount, blueprintShortfalls, shortfallMessage } from "./blueprint";
import { FALLBACK_SLUG, slugFromTitle, uniqueSlug } from "./slug";
import { assertCanAddRound, assertRoundNotFrozen } from "~/awards/freeze.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import { formatDateTime } from "~/text/format";
import { notifyRoundRankingChanged } from "~/realtime/realtime.server";

export interface ContestFields {
  title: string;
  slug: string;
  rules: string;
  prizes: string;
  ownerUnitId: number;
  /** Contestants and the public may read the rankings (leaders and organizers always may). New contests: yes; an update without it: unchanged. */
  rankingPublic?: boolean;
}

/** Makes a draft contest with one group open to every unit under its owner. A chosen slug already taken is refused; "" makes one from the title. */
export async function createContest(context: CommandContext, input: ContestFields & { actorId: number }): Promise<number> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { newContest: true },
    write: async (trx) => {
      // The title's own address (left blank, or as the form filled it in) gets -2, -3… when taken;
      // an address the organizer chose otherwise is refused when taken.
      const ownSlug = slugFromTitle(input.title);
      let slug = input.slug;
      if (slug === "" || slug === ownSlug) {
        const base = ownSlug || FALLBACK_SLUG;
        const similar = await trx.selectFrom("contests").select("slug").where((eb) => eb.or([eb("slug", "=", base), eb("slug", "like", `${base}-%`)])).execute();
        slug = uniqueSlug(base, new Set(similar.map((c) => c.slug)));
      } else {
        const taken = await trx.selectFrom("contests").select("id").where("slug", "=", slug).executeTakeFirst();
        if (taken) throw new UserFacingError(409, "Đường dẫn này đã được cuộc thi khác dùng.", "slug");
      }
      const { id } = await trx
        .insertInto("contests")
        .values({ slug, title: input.title, rules: input.rules, prizes: input.prizes, owner_unit_id: input.ownerUnitId, ranking_public: input.rankingPublic ?? true, status: "draft" })
        .returning("id")
        .executeTakeFirstOrThrow();
      // One group to start with, open to every unit under the owner.
      const { id: groupId } = await trx.insertInto("contest_groups").values({ contest_id: id, name: "Bảng chung" }).returning("id").executeTakeFirstOrThrow();
      await trx.insertInto("contest_group_units").values({ group_id: groupId, unit_id: input.ownerUnitId }).execute();
      const details = { title: input.title, slug, rankingPublic: input.rankingPublic ?? true };
      return { changed: true, value: id, log: { contestId: id, action: "contest.created", details } };
    },
  });
}

/** Saves the contest's details; says whether who may read the rankings changed (live watchers must be checked again). */
export async function updateContest(context: CommandContext, contestId: number, input: ContestFields & { actorId: number }): Promise<{ rankingPublicChanged: boolean }> {
  return runCommand<{ rankingPublicChanged: boolean }>(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "none" },
    write: async (trx) => {
      const before = await trx.selectFrom("contests").selectAll().where("id", "=", contestId).executeTakeFirstOrThrow();
      if (input.slug !== before.slug) {
        const taken = await trx.selectFrom("contests").select("id").where("slug", "=", input.slug).executeTakeFirst();
        if (taken) throw new UserFacingError(409, "Đường dẫn này đã được cuộc thi khác dùng.", "slug");
      }
      const changed: Record<string, unknown> = {};
      if (before.title !== input.title) changed.title = input.title;
      if (before.slug !== input.slug) changed.slug = input.slug;
      if (before.rules !== input.rules) changed.rules = "(đã sửa)";
      if (before.prizes !== input.prizes) changed.prizes = "(đã sửa)";
      if (before.owner_unit_id !== input.ownerUnitId) changed.ownerUnitId = input.ownerUnitId;
      const rankingPublic = input.rankingPublic ?? before.ranking_public;
      if (before.ranking_public !== rankingPublic) changed.rankingPublic = rankingPublic;
      if (Object.keys(changed).length === 0) return { changed: false, value: { rankingPublicChanged: false } };
      await trx
        .updateTable("contests")
        .set({
          title: input.title,
          slug: input.slug,
          rules: input.rules,
          prizes: input.prizes,
          owner_unit_id: input.ownerUnitId,
          ranking_public: rankingPublic,
          updated_at: sql`now()`,
        })
        .where("id", "=", contestId)
        .execute();
      return { changed: true, value: { rankingPublicChanged: "rankingPublic" in changed }, log: { action: "contest.updated", details: changed } };
    },
  });
}

/**
 * Publishes a contest, or takes it back to a draft: it leaves the public pages and nobody can start
 * an entry, so that needs a written reason for the contest log.
 */
export async function setContestPublished(context: CommandContext, contestId: number, published: boolean, actorId: number, reason: string | null = null) {
  await runCommand(context, {
    actorId,
    target: { contestId, freeze: "none" },
    reason: published ? { required: false, text: reason } : { required: true, text: reason, what: "lý do chuyển về bản nháp" },
    write: async (trx) => {
      const contest = await trx.selectFrom("contests").select(["status"]).where("id", "=", contestId).executeTakeFirstOrThrow();
      if (published) {
        const rounds = await trx.selectFrom("rounds").select(["id", "blueprint"]).where("contest_id", "=", contestId).execute();
        if (rounds.length === 0) throw new UserFacingError(409, "Cuộc thi cần ít nhất một đợt thi trước khi công bố.");
        for (const round of rounds) await assertBlueprintFillable(trx, round.blueprint);
      }
      const status = published ? "published" : "draft";
      if (contest.status === status) return { changed: false, value: undefined };
      await trx.updateTable("contests").set({ status, updated_at: sql`now()` }).where("id", "=", contestId).execute();
      return { changed: true, value: undefined, log: { action: published ? "contest.published" : "contest.unpublished" } };
    },
  });
}

export async function setContestBanner(context: CommandContext, contestId: number, banner: { data: Buffer; type: string } | null, actorId: number) {
  await runCommand(context, {
    actorId,
    target: { contestId, freeze: "none" },
    write: async (trx) => {
      await trx.updateTable("contests").set({ banner: banner?.data ?? null, banner_type: banner?.type ?? null, updated_at: sql`now()` }).where("id", "=", contestId).execute();
      return { changed: true, value: undefined, log: { action: "contest.banner", details: { removed: banner === null } } };
    },
  });
}

export interface GroupFields {
  name: string;
  openToPublic: boolean;
  unitIds: number[];
}

export async function saveGroup(context: CommandContext, contestId: number, groupId: number | null, input: GroupFields & { actorId: number }) {
  if (input.unitIds.length === 0 && !input.openToPublic) {
    throw new UserFacingError(400, "Bảng thi cần ít nhất một đơn vị dự thi, hoặc mở cho mọi người.");
  }
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "none" },
    write: async (trx) => {
      const same = await trx
        .selectFrom("contest_groups")
        .select("id")
        .where("contest_id", "=", contestId)
        .where("name", "=", input.name)
        .$if(groupId !== null, (q) => q.where("id", "<>", groupId!))
        .executeTakeFirst();
      if (same) throw new UserFacingError(409, "Đã có bảng thi cùng tên trong cuộc thi này.");
      let id = groupId;
      if (id === null) {
        const { n } = await trx.selectFrom("contest_groups").select((eb) => eb.fn.countAll<string>().as("n")).where("contest_id", "=", contestId).executeTakeFirstOrThrow();
        id = (
          await trx
            .insertInto("contest_groups")
            .values({ contest_id: contestId, name: input.name, open_to_public: input.openToPublic, position: Number(n) })
            .returning("id")
            .executeTakeFirstOrThrow()
        ).id;
      } else {
        const updated = await trx
          .updateTable("contest_groups")
          .set({ name: input.name, open_to_public: input.openToPublic })
          .where("id", "=", id)
          .where("contest_id", "=", contestId)
          .returning("id")
          .executeTakeFirst();
        if (!updated) throw new UserFacingError(404, "Không tìm thấy bảng thi.");
        await trx.deleteFrom("contest_group_units").where("group_id", "=", id).execute();
      }
      if (input.unitIds.length > 0) {
        await trx.insertInto("contest_group_units").values(input.unitIds.map((unitId) => ({ group_id: id!, unit_id: unitId }))).execute();
      }
      const details = { name: input.name, units: input.unitIds.length, openToPublic: input.openToPublic };
      return { changed: true, value: undefined, log: { action: groupId === null ? "group.created" : "group.updated", details } };
    },
  });
}

export interface RoundFields {
  title: string;
  opensAt: Date;
  closesAt: Date;
  timeLimitSeconds: number;
  blueprint: BlueprintLine[];
  pointsPerQuestion: number;
  maxEntries: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  reviewPolicy: ReviewPolicy;
  predictionRule: PredictionRule;
  predictionPrompt: string | null;
}

/** Refuses a blueprint that cannot be filled from approved questions, naming each shortfall. */
export async function assertBlueprintFillable(db: DBOrTransaction, blueprint: BlueprintLine[]) {
  const pools = await blueprintPools(db, blueprint);
  const shortfalls = blueprintShortfalls(pools, (q) => q.id);
  if (shortfalls.length === 0) return;
  const banks = await db.selectFrom("question_banks").select(["id", "title"]).execute();
  const title = (id: number) => banks.find((b) => b.id === id)?.title;
  throw new UserFacingError(409, `Cấu trúc đề không đủ câu hỏi: ${shortfalls.map((s) => shortfallMessage(s, title(s.line.bankId))).join(" ")}`, "blueprint");
}

/** jsonb reorders keys: compare blueprints by their meaning, not their text. */
function canonicalBlueprint(lines: BlueprintLine[]): string {
  return JSON.stringify(lines.map((l) => [l.bankId, l.topic ?? null, l.difficulty ?? null, l.count]));
}

function roundValues(input: RoundFields) {
  return {
    title: input.title,
    opens_at: input.opensAt,
    closes_at: input.closesAt,
    time_limit_seconds: input.timeLimitSeconds,
    blueprint: JSON.stringify(input.blueprint),
    question_count: blueprintQuestionCount(input.blueprint),
    bank_id: input.blueprint[0]?.bankId ?? null,
    points_per_question: input.pointsPerQuestion,
    max_entries: input.maxEntries,
    shuffle_questions: input.shuffleQuestions,
    shuffle_options: input.shuffleOptions,
    review_policy: input.reviewPolicy,
    prediction_rule: input.predictionRule,
    prediction_prompt: input.predictionRule === "none" ? null : input.predictionPrompt,
  };
}

export async function createRound(context: CommandContext, contestId: number, input: RoundFields & { actorId: number }): Promise<number> {
  return runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "none" },
    write: async (trx) => {
      await assertCanAddRound(trx, contestId);
      await assertBlueprintFillable(trx, input.blueprint);
      const { next } = await trx
        .selectFrom("rounds")
        .select(sql<number>`coalesce(max(number), 0) + 1`.as("next"))
        .where("contest_id", "=", contestId)
        .executeTakeFirstOrThrow();
      const { id } = await trx
        .insertInto("rounds")
        .values({ contest_id: contestId, number: next, ...roundValues(input) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { changed: true, value: id, log: { action: "round.created", roundId: id, details: { title: input.title, number: next } } };
    },
  });
}

/** The code of the refusal that asks to confirm an earlier close of a running round: the form shows its confirmation there. */
export const EARLIER_CLOSE = "confirmEarlierClose";

/**
 * Saves a round's form. Moving the close of a running round earlier cuts entries in progress: the
 * first save is refused with what it would do (EARLIER_CLOSE), and it is done only when sent again
 * `confirmed`, with a written reason for the contest log.
 */
export async function updateRound(
  context: CommandContext,
  contestId: number,
  roundId: number,
  input: RoundFields & { actorId: number; reason?: string | null; confirmed?: boolean },
) {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "rounds" },
    reason: { required: "when-asked", text: input.reason },
    write: async (trx, { refuseIfFrozen, requireReason }) => {
      const before = await trx
        .selectFrom("rounds")
        .selectAll()
        .select(sql<boolean>`opens_at <= now() and closes_at > now()`.as("running"))
        .where("id", "=", roundId)
        .where("contest_id", "=", contestId)
        .forUpdate()
        .executeTakeFirst();
      if (!before) throw new UserFacingError(404, "Không tìm thấy đợt thi.");
      await refuseIfFrozen(roundId);
      if (before.running && input.closesAt < before.closes_at) {
        if (!input.confirmed) {
          const { cut } = await trx
            .selectFrom("entries")
            .select((eb) => eb.fn.countAll<string>().as("cut"))
            .where("round_id", "=", roundId)
            .where("status", "=", "in_progress")
            .where("practice", "=", false)
            .where("deadline", ">", input.closesAt)
            .executeTakeFirstOrThrow();
          const when = input.closesAt.getTime() <= Date.now() ? "đóng đợt ngay" : `dời giờ đóng về ${formatDateTime(input.closesAt)}`;
          throw new UserFacingError(
            409,
            `Đợt thi đang mở và có ${Number(cut)} bài đang làm sẽ bị rút ngắn: ${when} sẽ nộp các bài này với các câu đã lưu khi hết giờ mới. Ghi lý do và đánh dấu xác nhận rồi lưu lại.`,
            EARLIER_CLOSE,
          );
        }
        requireReason("lý do dời giờ đóng sớm hơn");
      }
      // Organizers' preview entries do not hold the blueprint: a preview is how a blueprint gets tried.
      const { n } = await trx.selectFrom("entries").select((eb) => eb.fn.countAll<string>().as("n")).where("round_id", "=", roundId).where("practice", "=", false).executeTakeFirstOrThrow();
      const hasEntries = Number(n) > 0;
      const blueprintChanged = canonicalBlueprint(before.blueprint) !== canonicalBlueprint(input.blueprint);
      if (hasEntries && (blueprintChanged || before.points_per_question !== input.pointsPerQuestion)) {
        throw new UserFacingError(409, "Đợt thi đã có bài làm: không thể đổi cấu trúc đề hay điểm mỗi câu nữa.", "blueprint");
      }
      if (blueprintChanged) await assertBlueprintFillable(trx, input.blueprint);
      const values = roundValues(input);
      const changed: Record<string, unknown> = {};
      const compare: [string, unknown, unknown][] = [
        ["title", before.title, values.title],
        ["opensAt", before.opens_at.toISOString(), values.opens_at.toISOString()],
        ["closesAt", before.closes_at.toISOString(), values.closes_at.toISOString()],
        ["timeLimitSeconds", before.time_limit_seconds, values.time_limit_seconds],
        ["blueprint", canonicalBlueprint(before.blueprint), canonicalBlueprint(input.blueprint)],
        ["pointsPerQuestion", before.points_per_question, values.points_per_question],
        ["maxEntries", before.max_entries, values.max_entries],
        ["shuffleQuestions", before.shuffle_questions, values.shuffle_questions],
        ["shuffleOptions", before.shuffle_options, values.shuffle_options],
        ["reviewPolicy", before.review_policy, values.review_policy],
        ["predictionRule", before.prediction_rule, values.prediction_rule],
        ["predictionPrompt", before.prediction_prompt, values.prediction_prompt],
      ];
      for (const [field, old, next] of compare) if (old !== next) changed[field] = { from: old, to: next };
      if (Object.keys(changed).length === 0) return { changed: false, value: undefined };
      await trx.updateTable("rounds").set(values).where("id", "=", roundId).execute();
      // A close moved earlier cuts running entries at the new close, as if they had started later.
      await trx.updateTable("entries").set({ deadline: input.closesAt }).where("round_id", "=", roundId).where("status", "=", "in_progress").where("practice", "=", false).where("deadline", ">", input.closesAt).execute();
      // The boards show the round's title and times.
      return { changed: true, value: undefined, log: { action: "round.updated", roundId, details: changed }, rankingsOf: [roundId] };
    },
  });
}

/**
 * Opens a round now, or closes it now (running entries end now and are finalised by the server).
 * Either way its boards are told: they show whether the round runs, and reopening a round with a
 * true value sends its ranking back to provisional. Both change what contestants can do at once:
 * a written reason is required, for the contest log.
 */
export async function setRoundOpenNow(context: CommandContext, contestId: number, roundId: number, open: boolean, actorId: number, reason: string | null) {
  await runCommand(context, {
    actorId,
    target: { contestId, freeze: "rounds" },
    reason: { required: true, text: reason, what: open ? "lý do mở đợt thi ngay" : "lý do đóng đợt thi ngay" },
    write: async (trx, { refuseIfFrozen }) => {
      const round = await trx
        .selectFrom("rounds")
        .select(["id", "prediction_value", "truth_pending_after", sql<boolean>`opens_at <= now()`.as("started"), sql<boolean>`closes_at <= now()`.as("ended")])
        .where("id", "=", roundId)
        .where("contest_id", "=", contestId)
        .forUpdate()
        .executeTakeFirst();
      if (!round) throw new UserFacingError(404, "Không tìm thấy đợt thi.");
      await refuseIfFrozen(roundId);
      if (open) {
        if (round.started && !round.ended) throw new UserFacingError(409, "Đợt thi đang mở.");
        // The true value is gone again: the ranking goes back to provisional, and the distances
        // are taken out in batches after the commit (settleRoundTruth below).
        const unsettled = round.prediction_value !== null || round.truth_pending_after !== null;
        await trx
          .updateTable("rounds")
          .set({ opens_at: sql`now()`, closes_at: sql`greatest(closes_at, now() + interval '1 hour')`, prediction_value: null, prediction_computed_at: null, ...(unsettled ? { truth_pending_after: 0 } : {}) })
          .where("id", "=", roundId)
          .execute();
        return { changed: true, value: undefined, log: { action: "round.opened", roundId }, rankingsOf: [roundId] };
      }
      if (round.ended) throw new UserFacingError(409, "Đợt thi đã kết thúc.");
      await trx.updateTable("rounds").set({ closes_at: sql`now()`, opens_at: sql`least(opens_at, now() - interval '1 second')` }).where("id", "=", roundId).execute();
      await trx.updateTable("entries").set({ deadline: sql`now()` }).where("round_id", "=", roundId).where("status", "=", "in_progress").where("practice", "=", false).execute();
      // Boards show whether a round still runs; the entries cut now are announced again as the finaliser scores them.
      return { changed: true, value: undefined, log: { action: "round.closed", roundId }, rankingsOf: [roundId] };
    },
  });
  // A reopened round's distances leave the kept rankings now (or at the finaliser's next sweep, if this stops).
  if (open && (await settleRoundTruth(context.db, roundId)) === "done") await notifyRoundRankingChanged(context, roundId);
}

export type IncidentInput =
  | { kind: "extra_entry"; userId: number; roundId: number; reason: string }
  | { kind: "extra_time"; userId: number; roundId: number; minutes: number; reason: string }
  | { kind: "reopen_entry"; entryId: string; minutes: number; reason: string };

/**
 * Incidents, always with a written reason recorded in the contest log: an extra entry or
 * extra time for one person, or reopening an entry cut by a proven outage (its answers kept,
 * `minutes` more to finish, never past the round's close).
 */
export async function recordIncident(context: CommandContext, contestId: number, input: IncidentInput & { actorId: number }) {
  await runCommand(context, {
    actorId: input.actorId,
    target: { contestId, freeze: "rounds" },
    reason: { required: true, text: input.reason },
    write: async (trx, { refuseIfFrozen }) => {
      if (input.kind === "reopen_entry") {
        const entry = await trx
          .selectFrom("entries")
          .innerJoin("rounds", "rounds.id", "entries.round_id")
          .select(["entries.id", "entries.status", "entries.round_id", "entries.user_id", sql<boolean>`rounds.closes_at <= now()`.as("round_closed")])
          .where("entries.id", "=", input.entryId)
          .where("entries.practice", "=", false)
          .where("rounds.contest_id", "=", contestId)
          .forUpdate("entries")
          .executeTakeFirst();
        if (!entry) throw new UserFacingError(404, "Không tìm thấy bài thi này trong cuộc thi.");
        await refuseIfFrozen(entry.round_id);
        if (entry.status === "in_progress") throw new UserFacingError(409, "Bài thi đang được làm, không cần mở lại.");
        if (entry.round_closed) throw new UserFacingError(409, "Đợt thi đã kết thúc: không thể mở lại bài thi.");
        const other = await trx.selectFrom("entries").select("id").where("round_id", "=", entry.round_id).where("user_id", "=", entry.user_id).where("status", "=", "in_progress").where("practice", "=", false).executeTakeFirst();
        if (other) throw new UserFacingError(409, "Người này đang có một bài thi khác chưa nộp trong đợt.");
        const hours = await entryHours(trx, [entry.id], -1);
        await trx
          .updateTable("entries")
          .set({
            status: "in_progress",
            finished_at: null,
            score: null,
            correct_count: null,
            duration_ms: null,
            deadline: sql`least(now() + make_interval(mins => ${input.minutes}), (select closes_at from rounds where id = ${entry.round_id}))`,
          })
          .where("id", "=", entry.id)
          .execute();
        await trx.updateTable("entry_answers").set({ is_correct: null }).where("entry_id", "=", entry.id).execute();
        // The entry no longer counts until it is finalised again: the person's result falls back on their other entries.
        await refreshResults(trx, { people: [{ roundId: entry.round_id, userId: entry.user_id }], hours });
        return {
          changed: true,
          value: undefined,
          log: { action: "incident.reopen_entry", roundId: entry.round_id, details: { entryId: entry.id, userId: entry.user_id, minutes: input.minutes } },
          rankingsOf: [entry.round_id],
        };
      }
      const round = await trx.selectFrom("rounds").select("id").where("id", "=", input.roundId).where("contest_id", "=", contestId).executeTakeFirst();
      if (!round) throw new UserFacingError(404, "Không tìm thấy đợt thi.");
      await refuseIfFrozen(round.id);
      const user = await trx.selectFrom("users").select("id").where("id", "=", input.userId).executeTakeFirst();
      if (!user) throw new UserFacingError(404, "Không tìm thấy người dự thi.");
      const extraEntries = input.kind === "extra_entry" ? 1 : 0;
      const extraSeconds = input.kind === "extra_time" ? input.minutes * 60 : 0;
      await trx
        .insertInto("round_allowances")
        .values({ round_id: input.roundId, user_id: input.userId, extra_entries: extraEntries, extra_seconds: extraSeconds })
        .onConflict((oc) =>
          oc.columns(["round_id", "user_id"]).doUpdateSet({
            extra_entries: sql`round_allowances.extra_entries + ${extraEntries}`,
            extra_seconds: sql`round_allowances.extra_seconds + ${extraSeconds}`,
          }),
        )
        .execute();
      if (input.kind === "extra_time") {
        // Extra time also reaches an entry already running.
        await trx
          .updateTable("entries")
          .set({ deadline: sql`least(deadline + make_interval(secs => ${extraSeconds}), (select closes_at from rounds where id = ${input.roundId}))` })
          .where("round_id", "=", input.roundId)
          .where("user_id", "=", input.userId)
          .where("status", "=", "in_progress")
          .where("practice", "=", false)
          .execute();
      }
      // An allowance changes no ranking until the person's next entry is finalised.
      return {
        changed: true,
        value: undefined,
        log: {
          action: input.kind === "extra_entry" ? "incident.extra_entry" : "incident.extra_time",
          roundId: input.roundId,
          details: { userId: input.userId, ...(input.kind === "extra_time" ? { minutes: input.minutes } : {}) },
        },
      };
    },
  });
}
