import { describe, expect, it } from "vitest";
import { parseForm } from "~/http/forms";
import { groupField, structureFormSchema } from "./commendation-forms";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

const parseStructureForm = (data: FormData) => parseForm(structureFormSchema, data);

describe("the prize-structure form", () => {
  it("keeps only the ticked scopes and groups, with their counts and collective rule", () => {
    const result = parseStructureForm(
      form({
        atMostOneIndividualPrize: "on",
        [groupField("round:7", 3, "enabled")]: "on",
        [groupField("round:7", 3, "first")]: "1",
        [groupField("round:7", 3, "second")]: "2",
        [groupField("round:7", 4, "first")]: "5", // not ticked: ignored
        [groupField("contest", 3, "enabled")]: "on",
        [groupField("contest", 3, "consolation")]: "10",
        [groupField("contest", 3, "minUnit")]: "percent",
        [groupField("contest", 3, "min_consolation")]: "50",
        [groupField("contest", 3, "collective")]: "on",
        [groupField("contest", 3, "metric")]: "rate",
        [groupField("contest", 3, "c_first")]: "1",
        [groupField("contest", 3, "minHeadcount")]: "20",
      }),
    );
    expect(result).toEqual({
      ok: true,
      data: {
        atMostOneIndividualPrize: true,
        scopes: [
          { scope: { kind: "round", roundId: 7 }, groups: [{ groupId: 3, individual: { first: 1, second: 2, third: 0, consolation: 0 }, minimums: null, collective: null }] },
          {
            scope: { kind: "contest" },
            groups: [
              {
                groupId: 3,
                individual: { first: 0, second: 0, third: 0, consolation: 10 },
                minimums: { unit: "percent", first: null, second: null, third: null, consolation: 50 },
                collective: { metric: "rate", prizes: { first: 1, second: 0, third: 0, consolation: 0 }, minHeadcount: 20, minParticipants: null },
              },
            ],
          },
        ],
      },
    });
  });

  it("refuses bad counts and a collective rule without a minimum, in Vietnamese", () => {
    const negative = parseStructureForm(form({ [groupField("contest", null, "enabled")]: "on", [groupField("contest", null, "third")]: "-2" }));
    expect(negative).toEqual({ ok: false, message: "Số giải ba không được âm", fieldErrors: {} });
    const noMinimum = parseStructureForm(
      form({ [groupField("contest", null, "enabled")]: "on", [groupField("contest", null, "collective")]: "on", [groupField("contest", null, "metric")]: "participants", [groupField("contest", null, "c_first")]: "1" }),
    );
    expect(noMinimum.ok).toBe(false);
    if (!noMinimum.ok) expect(noMinimum.message).toContain("tối thiểu");
  });

  it("refuses minimums that do not hold, with the reason", () => {
    const refused = parseStructureForm(
      form({ [groupField("contest", null, "enabled")]: "on", [groupField("contest", null, "minUnit")]: "percent", [groupField("contest", null, "min_first")]: "150" }),
    );
    expect(refused).toEqual({ ok: false, message: "Điểm tối thiểu của Giải Nhất tính theo phần trăm nên không được quá 100%.", fieldErrors: {} });
  });

  it("turns nothing ticked into an empty structure", () => {
    expect(parseStructureForm(form({}))).toEqual({ ok: true, data: { atMostOneIndividualPrize: false, scopes: [] } });
  });
});
