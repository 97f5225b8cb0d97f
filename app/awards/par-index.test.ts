import { describe, expect, it } from "vitest";
import { parIndexPoints, parIndexRuleSchema, parIndexTable, type ParIndexRule } from "./par-index";

// Hậu Giang-style rule: ≥ 80% → +1; < 50% → −0.5; nobody → −1.
const RULE: ParIndexRule = { bonusFromRate: 80, bonusPoints: 1, penaltyBelowRate: 50, penaltyPoints: 0.5, noneParticipatedPoints: 1 };

const unit = (unitId: number, headcount: number, participants: number) => ({ unitId, headcount, participants });

describe("parIndexPoints", () => {
  it("adds points from the bonus rate up, exactly at the threshold too", () => {
    const result = parIndexPoints(unit(1, 50, 40), RULE);
    expect(result).toMatchObject({ points: 1, line: "bonus", rate: 80 });
    expect(result.explanation).toBe("40/50 người tham gia, tỷ lệ 80%: tỷ lệ từ 80% trở lên, cộng 1 điểm");
  });

  it("removes points below the penalty rate, not at it", () => {
    expect(parIndexPoints(unit(1, 100, 49), RULE)).toMatchObject({ points: -0.5, line: "penalty" });
    expect(parIndexPoints(unit(1, 100, 49), RULE).explanation).toBe("49/100 người tham gia, tỷ lệ 49%: tỷ lệ dưới 50%, trừ 0,5 điểm");
    expect(parIndexPoints(unit(1, 100, 50), RULE)).toMatchObject({ points: 0, line: "neutral" });
  });

  it("gives nothing between the two rates, and says so", () => {
    const result = parIndexPoints(unit(1, 3, 2), RULE);
    expect(result).toMatchObject({ points: 0, line: "neutral" });
    expect(result.explanation).toBe("2/3 người tham gia, tỷ lệ 66,67%: tỷ lệ từ 50% đến dưới 80%, không cộng, không trừ điểm");
  });

  it("removes the no-participation points when nobody took part, with or without a headcount", () => {
    expect(parIndexPoints(unit(1, 30, 0), RULE)).toMatchObject({ points: -1, line: "none-participated", rate: 0 });
    expect(parIndexPoints(unit(1, 0, 0), RULE)).toMatchObject({ points: -1, line: "none-participated", rate: null });
    expect(parIndexPoints(unit(1, 30, 0), RULE).explanation).toBe("0/30 người tham gia, tỷ lệ 0%: không có ai tham gia, trừ 1 điểm");
  });

  it("gives no points to a unit without a headcount that took part", () => {
    const result = parIndexPoints(unit(1, 0, 4), RULE);
    expect(result).toMatchObject({ points: 0, line: "no-headcount", rate: null });
    expect(result.explanation).toBe("4 người tham gia, chưa có số cán bộ: không tính được tỷ lệ tham gia, không cộng, không trừ điểm");
  });

  it("compares decimal thresholds exactly (66.67% of 3 people is not reached by 2)", () => {
    const rule = { ...RULE, bonusFromRate: 66.67, penaltyBelowRate: 66.66 };
    expect(parIndexPoints(unit(1, 3, 2), rule).line).toBe("neutral"); // 66.666…% < 66.67%
    expect(parIndexPoints(unit(1, 10_000, 6667), rule).line).toBe("bonus");
    expect(parIndexPoints(unit(1, 10_000, 6665), rule).line).toBe("penalty");
  });

  it("never gives −0", () => {
    const rule = { ...RULE, penaltyPoints: 0, noneParticipatedPoints: 0 };
    expect(Object.is(parIndexPoints(unit(1, 100, 10), rule).points, 0)).toBe(true);
    expect(Object.is(parIndexPoints(unit(1, 100, 0), rule).points, 0)).toBe(true);
  });

  it("lists every unit in the order given", () => {
    const rows = parIndexTable([unit(1, 10, 9), unit(2, 10, 6), unit(3, 10, 1), unit(4, 10, 0)], RULE);
    expect(rows.map((r) => [r.unit.unitId, r.points])).toEqual([
      [1, 1],
      [2, 0],
      [3, -0.5],
      [4, -1],
    ]);
  });

  it("agrees with a plain reading of the rule on every small unit", () => {
    for (let headcount = 0; headcount <= 40; headcount++) {
      for (let participants = 0; participants <= headcount + 2; participants++) {
        const expected =
          participants === 0 ? -1 : headcount === 0 ? 0 : participants * 100 >= 80 * headcount ? 1 : participants * 100 < 50 * headcount ? -0.5 : 0;
        expect(parIndexPoints(unit(1, headcount, participants), RULE).points).toBe(expected);
      }
    }
  });
});

describe("parIndexRuleSchema", () => {
  const parse = (value: Record<string, unknown>) => parIndexRuleSchema.safeParse({ ...RULE, ...value });
  const messages = (value: Record<string, unknown>) => {
    const result = parse(value);
    return result.success ? [] : result.error.issues.map((issue) => [issue.path.join("."), issue.message]);
  };

  it("accepts a sensible rule, also from form strings", () => {
    expect(parse({ bonusFromRate: "70,5".replace(",", "."), penaltyPoints: "0.25" }).success).toBe(true);
  });

  it("refuses a penalty rate above the bonus rate", () => {
    expect(messages({ bonusFromRate: 40, penaltyBelowRate: 60 })).toEqual([["penaltyBelowRate", "Tỷ lệ bị trừ điểm không được cao hơn tỷ lệ được cộng điểm"]]);
  });

  it("refuses a no-participation penalty smaller than the low-rate penalty", () => {
    expect(messages({ penaltyPoints: 2, noneParticipatedPoints: 1 })).toEqual([
      ["noneParticipatedPoints", "Đơn vị không có ai tham gia phải bị trừ ít nhất bằng số điểm trừ khi tỷ lệ tham gia thấp"],
    ]);
  });

  it("refuses rates outside 0–100, negative or over-precise points, and text", () => {
    expect(messages({ bonusFromRate: 120 })).toEqual([["bonusFromRate", "Tỷ lệ tham gia để được cộng điểm từ 0 đến 100 (%)"]]);
    expect(messages({ bonusPoints: -1 })).toEqual([["bonusPoints", "Số điểm cộng ghi số không âm; dấu cộng hay trừ do quy tắc quyết định"]]);
    expect(messages({ bonusPoints: 0.125 })).toEqual([["bonusPoints", "Số điểm cộng có tối đa hai chữ số thập phân"]]);
    expect(messages({ penaltyPoints: "nhiều" })[0]).toEqual(["penaltyPoints", "Số điểm trừ phải là số"]);
  });
});
