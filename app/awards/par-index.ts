import { formatNumber } from "~/text/format";
import { z } from "~/validation/z";

// Points in each unit's administrative-reform index (Chỉ số CCHC, PAR INDEX) for taking part in
// the contest or not (Hậu Giang's plan): the organizer sets a rule, the platform lists every
// unit's points with the figures behind them. Pure.
//
// Rule lines, the first that applies wins:
//   1. nobody took part                   → −noneParticipatedPoints
//   2. rate ≥ bonusFromRate %             → +bonusPoints
//   3. rate < penaltyBelowRate %          → −penaltyPoints
//   4. otherwise                          → 0
// A line with 0 points still names itself, so that the figures are shown. A unit without a
// headcount has no rate: it gets 0 with that reason, unless line 1 applies.

const hasTwoDecimalsAtMost = (value: number) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6;

const rateField = (label: string) =>
  z.coerce
    .number({ error: `${label} phải là số` })
    .min(0, { error: `${label} từ 0 đến 100 (%)` })
    .max(100, { error: `${label} từ 0 đến 100 (%)` })
    .refine(hasTwoDecimalsAtMost, { error: `${label} có tối đa hai chữ số thập phân` });

const pointsField = (label: string) =>
  z.coerce
    .number({ error: `${label} phải là số` })
    .min(0, { error: `${label} ghi số không âm; dấu cộng hay trừ do quy tắc quyết định` })
    .max(100, { error: `${label} tối đa 100 điểm` })
    .refine(hasTwoDecimalsAtMost, { error: `${label} có tối đa hai chữ số thập phân` });

export const parIndexRuleSchema = z
  .object({
    bonusFromRate: rateField("Tỷ lệ tham gia để được cộng điểm"),
    bonusPoints: pointsField("Số điểm cộng"),
    penaltyBelowRate: rateField("Tỷ lệ tham gia dưới đó bị trừ điểm"),
    penaltyPoints: pointsField("Số điểm trừ"),
    noneParticipatedPoints: pointsField("Số điểm trừ khi đơn vị không có ai tham gia"),
  })
  .superRefine((rule, ctx) => {
    if (rule.bonusFromRate < rule.penaltyBelowRate) {
      ctx.addIssue({
        code: "custom",
        path: ["penaltyBelowRate"],
        message: "Tỷ lệ bị trừ điểm không được cao hơn tỷ lệ được cộng điểm",
      });
    }
    if (rule.noneParticipatedPoints < rule.penaltyPoints) {
      ctx.addIssue({
        code: "custom",
        path: ["noneParticipatedPoints"],
        message: "Đơn vị không có ai tham gia phải bị trừ ít nhất bằng số điểm trừ khi tỷ lệ tham gia thấp",
      });
    }
  });

export type ParIndexRule = z.infer<typeof parIndexRuleSchema>;

export type ParIndexLine = "none-participated" | "bonus" | "penalty" | "neutral" | "no-headcount";

export interface ParIndexUnit {
  unitId: number;
  headcount: number;
  participants: number;
}

export interface ParIndexPoints<U> {
  unit: U;
  /** Percent, unrounded; null without a headcount. */
  rate: number | null;
  /** Signed: +bonus, −penalty, 0. */
  points: number;
  line: ParIndexLine;
  /** The rule line that applied, with the unit's figures, in Vietnamese. */
  explanation: string;
}

const hundredths = (value: number) => Math.round(value * 100);

const percent = (value: number) => `${new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(value)}%`;
const points = (value: number) => new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 }).format(value);

/** rate ≥ threshold, exactly: participants / headcount ≥ threshold / 100, thresholds in hundredths of a percent. */
const atLeast = (unit: ParIndexUnit, thresholdPercent: number) => unit.participants * 10_000 >= hundredths(thresholdPercent) * unit.headcount;

export function parIndexPoints<U extends ParIndexUnit>(unit: U, rule: ParIndexRule): ParIndexPoints<U> {
  const rate = unit.headcount > 0 ? (unit.participants / unit.headcount) * 100 : null;
  const figures =
    rate === null
      ? `${formatNumber(unit.participants)} người tham gia, chưa có số cán bộ`
      : `${formatNumber(unit.participants)}/${formatNumber(unit.headcount)} người tham gia, tỷ lệ ${percent(rate)}`;
  const result = (line: ParIndexLine, signed: number, because: string): ParIndexPoints<U> => ({
    unit,
    rate,
    points: signed === 0 ? 0 : signed,
    line,
    explanation: `${figures}: ${because}`,
  });

  if (unit.participants <= 0) {
    return result("none-participated", -rule.noneParticipatedPoints, `không có ai tham gia, trừ ${points(rule.noneParticipatedPoints)} điểm`);
  }
  if (rate === null) return result("no-headcount", 0, "không tính được tỷ lệ tham gia, không cộng, không trừ điểm");
  if (atLeast(unit, rule.bonusFromRate)) {
    return result("bonus", rule.bonusPoints, `tỷ lệ từ ${percent(rule.bonusFromRate)} trở lên, cộng ${points(rule.bonusPoints)} điểm`);
  }
  if (!atLeast(unit, rule.penaltyBelowRate)) {
    return result("penalty", -rule.penaltyPoints, `tỷ lệ dưới ${percent(rule.penaltyBelowRate)}, trừ ${points(rule.penaltyPoints)} điểm`);
  }
  return result(
    "neutral",
    0,
    `tỷ lệ từ ${percent(rule.penaltyBelowRate)} đến dưới ${percent(rule.bonusFromRate)}, không cộng, không trừ điểm`,
  );
}

export function parIndexTable<U extends ParIndexUnit>(units: readonly U[], rule: ParIndexRule): ParIndexPoints<U>[] {
  return units.map((unit) => parIndexPoints(unit, rule));
}
