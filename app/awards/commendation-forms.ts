import { PRIZE_TIERS } from "./places";
import { prizeStructureSchema, type PrizeStructure } from "./prize-structure";

// The prize-structure form: one block per scope (each round, the whole contest) and per group,
// fields named `<scope>.<group>.<field>`; a block counts when its "enabled" box is ticked.
// Shared by the page (field names) and the action (parsing).

export const groupField = (scopeKey: string, groupId: number | null, field: string) => `${scopeKey}.${groupId ?? "all"}.${field}`;

export type StructureFormResult = { ok: true; structure: PrizeStructure } | { ok: false; message: string };

export function parseStructureForm(form: FormData, options: { roundIds: number[]; groupIds: (number | null)[] }): StructureFormResult {
  const scopes = [...options.roundIds.map((id) => ({ key: `round:${id}`, scope: { kind: "round" as const, roundId: id } })), { key: "contest", scope: { kind: "contest" as const } }];
  const value = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v.trim() : "";
  };
  const raw = {
    atMostOneIndividualPrize: form.get("atMostOneIndividualPrize") === "on",
    scopes: scopes.flatMap(({ key, scope }) => {
      const groups = options.groupIds
        .filter((groupId) => form.get(groupField(key, groupId, "enabled")) === "on")
        .map((groupId) => {
          const field = (name: string) => value(groupField(key, groupId, name));
          const individual = Object.fromEntries(PRIZE_TIERS.map((tier) => [tier, field(tier) || "0"]));
          const collectiveOn = form.get(groupField(key, groupId, "collective")) === "on";
          return {
            groupId,
            individual,
            collective: collectiveOn
              ? {
                  metric: field("metric"),
                  prizes: Object.fromEntries(PRIZE_TIERS.map((tier) => [tier, field(`c_${tier}`) || "0"])),
                  minHeadcount: field("minHeadcount"),
                  minParticipants: field("minParticipants"),
                }
              : null,
          };
        });
      return groups.length > 0 ? [{ scope, groups }] : [];
    }),
  };
  const parsed = prizeStructureSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Cơ cấu giải chưa hợp lệ." };
  return { ok: true, structure: parsed.data };
}
