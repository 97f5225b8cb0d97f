import { describe, expect, it } from "vitest";
import { collectivePrizesSchema, describePrizeCounts, prizeCountsSchema, prizeStructureSchema } from "./prize-structure";

const counts = (first: number, second: number, third: number, consolation: number) => ({ first, second, third, consolation });

const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => [issue.path.join("."), issue.message]);

describe("prize structure schema", () => {
  it("accepts rounds and the whole contest, per group, with zero allowed", () => {
    const parsed = prizeStructureSchema.parse({
      atMostOneIndividualPrize: true,
      scopes: [
        {
          scope: { kind: "round", roundId: 1 },
          groups: [
            { groupId: 10, individual: counts(1, 2, 3, 10), collective: { metric: "rate", prizes: counts(1, 1, 1, 0), minHeadcount: 20, minParticipants: "" } },
            { groupId: 11, individual: counts(0, 0, 0, 0) },
          ],
        },
        { scope: { kind: "contest" }, groups: [{ groupId: null, individual: counts(1, 1, 1, 5), collective: null }] },
      ],
    });
    expect(parsed.scopes[0].groups[0].collective).toEqual({ metric: "rate", prizes: counts(1, 1, 1, 0), minHeadcount: 20, minParticipants: null });
    expect(parsed.scopes[0].groups[1].collective).toBeNull();
  });

  it("reads counts typed in a form", () => {
    expect(prizeCountsSchema.parse({ first: "1", second: "2", third: "0", consolation: "15" })).toEqual(counts(1, 2, 0, 15));
  });

  it("refuses negative, fractional and non-numeric counts in Vietnamese", () => {
    expect(issues(prizeCountsSchema.safeParse(counts(-1, 0, 0, 0)))).toEqual([["first", "Số giải nhất không được âm"]]);
    expect(issues(prizeCountsSchema.safeParse(counts(0, 1.5, 0, 0)))).toEqual([["second", "Số giải nhì phải là số nguyên"]]);
    expect(issues(prizeCountsSchema.safeParse({ ...counts(0, 0, 0, 0), consolation: "mười" }))).toEqual([["consolation", "Số giải khuyến khích phải là số"]]);
    expect(issues(prizeCountsSchema.safeParse(counts(0, 0, 1001, 0)))).toEqual([["third", "Số giải ba tối đa 1000"]]);
  });

  it("requires a minimum headcount or participants for collective prizes, so a tiny unit cannot win by default", () => {
    const noMinimum = collectivePrizesSchema.safeParse({ metric: "rate", prizes: counts(1, 0, 0, 0) });
    expect(issues(noMinimum)).toEqual([
      ["minParticipants", "Hãy đặt số cán bộ tối thiểu hoặc số người tham gia tối thiểu của đơn vị, để đơn vị quá nhỏ không đạt giải tập thể chỉ vì ít người"],
    ]);
    expect(collectivePrizesSchema.safeParse({ metric: "participants", prizes: counts(0, 0, 0, 0) }).success).toBe(true);
    expect(issues(collectivePrizesSchema.safeParse({ metric: "rate", prizes: counts(1, 0, 0, 0), minHeadcount: 10, minParticipants: 20 }))).toEqual([
      ["minParticipants", "Số người tham gia tối thiểu không được lớn hơn số cán bộ tối thiểu của đơn vị"],
    ]);
    expect(issues(collectivePrizesSchema.safeParse({ metric: "rate", prizes: counts(1, 0, 0, 0), minHeadcount: 0 }))[0]).toEqual([
      "minHeadcount",
      "Số cán bộ tối thiểu của đơn vị ít nhất là 1",
    ]);
    expect(issues(collectivePrizesSchema.safeParse({ metric: "đông", prizes: counts(0, 0, 0, 0) }))[0]).toEqual([
      "metric",
      "Vui lòng chọn cách xếp hạng tập thể: theo tỷ lệ tham gia hoặc theo số người tham gia",
    ]);
  });

  it("refuses a round or group set twice, and mixing a shared structure with per-group ones", () => {
    const group = (groupId: number | null) => ({ groupId, individual: counts(1, 0, 0, 0) });
    const twice = prizeStructureSchema.safeParse({
      scopes: [
        { scope: { kind: "round", roundId: 1 }, groups: [group(1), group(1)] },
        { scope: { kind: "round", roundId: 1 }, groups: [group(null), group(2)] },
      ],
    });
    expect(issues(twice)).toEqual([
      ["scopes.0.groups.1.groupId", "Mỗi bảng chỉ có một cơ cấu giải trong một phạm vi"],
      ["scopes.1.groups", "Cơ cấu giải chung cho cả cuộc thi không dùng cùng với cơ cấu giải theo bảng"],
      ["scopes.1.scope", "Mỗi đợt thi (và toàn cuộc thi) chỉ có một cơ cấu giải"],
    ]);
    expect(issues(prizeStructureSchema.safeParse({ scopes: [{ scope: { kind: "round", roundId: 1 }, groups: [] }] }))).toEqual([
      ["scopes.0.groups", "Vui lòng đặt cơ cấu giải cho ít nhất một bảng"],
    ]);
  });

  it("describes counts for people", () => {
    expect(describePrizeCounts(counts(1, 2, 0, 5))).toBe("1 giải Nhất, 2 giải Nhì, 5 giải Khuyến khích");
    expect(describePrizeCounts(counts(0, 0, 0, 0))).toBe("Không có giải");
  });
});
