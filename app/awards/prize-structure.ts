import { z } from "~/validation/z";
import { PRIZE_TIERS, PRIZE_TIER_LABELS, totalPlaces, type PrizeCounts } from "./places";
import { minimumsProblem, type TierMinimums } from "./tier-minimums";

// The prize structure an organizer sets (Cơ cấu giải thưởng): for each round and for the whole
// contest, and within each of them for each group (bảng) when the contest has groups.

export const MAX_PRIZES_PER_TIER = 1000;
export const MAX_MINIMUM = 1_000_000;

const tierCount = (label: string) =>
  z.coerce
    .number({ error: `Số ${label} phải là số` })
    .int({ error: `Số ${label} phải là số nguyên` })
    .min(0, { error: `Số ${label} không được âm` })
    .max(MAX_PRIZES_PER_TIER, { error: `Số ${label} tối đa ${MAX_PRIZES_PER_TIER}` });

export const prizeCountsSchema = z.object({
  first: tierCount(PRIZE_TIER_LABELS.first.toLowerCase()),
  second: tierCount(PRIZE_TIER_LABELS.second.toLowerCase()),
  third: tierCount(PRIZE_TIER_LABELS.third.toLowerCase()),
  consolation: tierCount(PRIZE_TIER_LABELS.consolation.toLowerCase()),
}) satisfies z.ZodType<PrizeCounts>;

const optionalMinimum = (label: string) =>
  z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number({ error: `${label} phải là số` })])
    .pipe(
      z
        .number({ error: `${label} phải là số` })
        .int({ error: `${label} phải là số nguyên` })
        .min(1, { error: `${label} ít nhất là 1` })
        .max(MAX_MINIMUM, { error: `${label} quá lớn` })
        .nullable(),
    )
    .default(null);

export const collectivePrizesSchema = z
  .object({
    metric: z.enum(["rate", "participants"], { error: "Vui lòng chọn cách xếp hạng tập thể: theo tỷ lệ tham gia hoặc theo số người tham gia" }),
    prizes: prizeCountsSchema,
    minHeadcount: optionalMinimum("Số cán bộ tối thiểu của đơn vị"),
    minParticipants: optionalMinimum("Số người tham gia tối thiểu của đơn vị"),
  })
  .superRefine((value, ctx) => {
    if (totalPlaces(value.prizes) > 0 && value.minHeadcount === null && value.minParticipants === null) {
      ctx.addIssue({
        code: "custom",
        path: ["minParticipants"],
        message:
          "Hãy đặt số cán bộ tối thiểu hoặc số người tham gia tối thiểu của đơn vị, để đơn vị quá nhỏ không đạt giải tập thể chỉ vì ít người",
      });
    }
    if (value.minHeadcount !== null && value.minParticipants !== null && value.minParticipants > value.minHeadcount) {
      ctx.addIssue({
        code: "custom",
        path: ["minParticipants"],
        message: "Số người tham gia tối thiểu không được lớn hơn số cán bộ tối thiểu của đơn vị",
      });
    }
  });

export type CollectivePrizes = z.infer<typeof collectivePrizesSchema>;

const tierMinimum = (label: string) =>
  z
    .union([z.literal("").transform(() => null), z.null(), z.coerce.number().finite()], { error: `Điểm tối thiểu của ${label} phải là số` })
    .pipe(
      z
        .number({ error: `Điểm tối thiểu của ${label} phải là số` })
        .int({ error: `Điểm tối thiểu của ${label} phải là số nguyên` })
        .min(0, { error: `Điểm tối thiểu của ${label} không được âm` })
        .max(MAX_MINIMUM, { error: `Điểm tối thiểu của ${label} quá lớn` })
        .nullable(),
    )
    .default(null);

/** The minimum score per tier (tier-minimums.ts); all blank reads as none (null). */
export const tierMinimumsSchema = z
  .object({
    unit: z.enum(["points", "percent"], { error: "Vui lòng chọn cách tính điểm tối thiểu: theo điểm hoặc theo phần trăm điểm tối đa" }),
    first: tierMinimum(PRIZE_TIER_LABELS.first),
    second: tierMinimum(PRIZE_TIER_LABELS.second),
    third: tierMinimum(PRIZE_TIER_LABELS.third),
    consolation: tierMinimum(PRIZE_TIER_LABELS.consolation),
  })
  .superRefine((value, ctx) => {
    const problem = minimumsProblem(value);
    if (problem) ctx.addIssue({ code: "custom", path: [], message: problem });
  })
  .transform((value): TierMinimums | null => (PRIZE_TIERS.every((tier) => value[tier] === null) ? null : value));

export const groupPrizesSchema = z.object({
  /** The contest group (bảng); null when the contest has no groups. */
  groupId: z.number().int().positive().nullable(),
  individual: prizeCountsSchema,
  /** The minimum score of each individual tier; null: none. */
  minimums: tierMinimumsSchema.nullable().default(null),
  collective: collectivePrizesSchema.nullable().default(null),
});

export type GroupPrizes = z.infer<typeof groupPrizesSchema>;

export const prizeScopeSchema = z.discriminatedUnion(
  "kind",
  [z.object({ kind: z.literal("round"), roundId: z.number().int().positive() }), z.object({ kind: z.literal("contest") })],
  { error: "Vui lòng chọn phạm vi giải: một đợt thi hoặc toàn cuộc thi" },
);

export type PrizeScope = z.infer<typeof prizeScopeSchema>;

const scopeKey = (scope: PrizeScope) => (scope.kind === "round" ? `round:${scope.roundId}` : "contest");

export const scopePrizesSchema = z
  .object({
    scope: prizeScopeSchema,
    groups: z.array(groupPrizesSchema).min(1, { error: "Vui lòng đặt cơ cấu giải cho ít nhất một bảng" }).max(50),
  })
  .superRefine((value, ctx) => {
    const keys = value.groups.map((g) => g.groupId);
    keys.forEach((key, index) => {
      if (keys.indexOf(key) !== index) ctx.addIssue({ code: "custom", path: ["groups", index, "groupId"], message: "Mỗi bảng chỉ có một cơ cấu giải trong một phạm vi" });
    });
    if (keys.includes(null) && keys.length > 1) {
      ctx.addIssue({ code: "custom", path: ["groups"], message: "Cơ cấu giải chung cho cả cuộc thi không dùng cùng với cơ cấu giải theo bảng" });
    }
  });

export type ScopePrizes = z.infer<typeof scopePrizesSchema>;

export const prizeStructureSchema = z
  .object({
    /** A person wins at most one individual prize across the contest's rounds. */
    atMostOneIndividualPrize: z.boolean().default(false),
    scopes: z.array(scopePrizesSchema).max(200),
  })
  .superRefine((value, ctx) => {
    const keys = value.scopes.map((s) => scopeKey(s.scope));
    keys.forEach((key, index) => {
      if (keys.indexOf(key) !== index) {
        ctx.addIssue({ code: "custom", path: ["scopes", index, "scope"], message: "Mỗi đợt thi (và toàn cuộc thi) chỉ có một cơ cấu giải" });
      }
    });
  });

export type PrizeStructure = z.infer<typeof prizeStructureSchema>;

/** "1 giải Nhất, 2 giải Nhì, 5 giải Khuyến khích", or "Không có giải". */
export function describePrizeCounts(counts: PrizeCounts): string {
  const parts = PRIZE_TIERS.filter((tier) => counts[tier] > 0).map((tier) => `${counts[tier]} ${PRIZE_TIER_LABELS[tier].replace("Giải", "giải")}`);
  return parts.length > 0 ? parts.join(", ") : "Không có giải";
}
