import { parseIntId } from "~/http/url-ids";
import { z } from "~/validation/z";
import { PRIZE_TIERS } from "./places";
import { prizeStructureSchema, type PrizeScope, type PrizeStructure } from "./prize-structure";

// The prize-structure form: one block per scope (each round, the whole contest) and per group,
// fields named `<scope>.<group>.<field>`; a block counts when its "enabled" box is ticked.
// Shared by the page (field names) and the action (the schema). Which rounds and groups belong
// to the contest is the command's check (savePrizeStructure), not the form's.

export const groupField = (scopeKey: string, groupId: number | null, field: string) => `${scopeKey}.${groupId ?? "all"}.${field}`;

const ENABLED = /^(contest|round:([0-9]{1,10}))\.(all|[0-9]{1,10})\.enabled$/;

/** The ticked blocks, in the page's order: each scope once, with its groups. */
function tickedBlocks(form: Record<string, unknown>): { key: string; scope: PrizeScope; groupIds: (number | null)[] }[] | null {
  const blocks: { key: string; scope: PrizeScope; groupIds: (number | null)[] }[] = [];
  for (const [name, value] of Object.entries(form)) {
    const match = ENABLED.exec(name);
    if (!match || value !== "on") continue;
    const [, key, roundText, groupText] = match;
    const roundId = roundText === undefined ? null : parseIntId(roundText);
    const groupId = groupText === "all" ? null : parseIntId(groupText);
    if ((roundText !== undefined && roundId === null) || (groupText !== "all" && groupId === null)) return null;
    let block = blocks.find((b) => b.key === key);
    if (!block) blocks.push((block = { key, scope: roundId === null ? { kind: "contest" } : { kind: "round", roundId }, groupIds: [] }));
    block.groupIds.push(groupId);
  }
  return blocks;
}

/** The form as the structure: its first problem is the form's message (the page shows one notice). */
export const structureFormSchema = z.record(z.string(), z.unknown()).transform((form, ctx): PrizeStructure => {
  const text = (name: string) => {
    const value = form[name];
    return typeof value === "string" ? value.trim() : "";
  };
  const blocks = tickedBlocks(form);
  if (blocks === null) {
    ctx.addIssue({ code: "custom", path: [], message: "Cơ cấu giải chưa hợp lệ." });
    return z.NEVER;
  }
  const raw = {
    atMostOneIndividualPrize: form.atMostOneIndividualPrize === "on",
    scopes: blocks.map(({ key, scope, groupIds }) => ({
      scope,
      groups: groupIds.map((groupId) => {
        const field = (name: string) => text(groupField(key, groupId, name));
        return {
          groupId,
          individual: Object.fromEntries(PRIZE_TIERS.map((tier) => [tier, field(tier) || "0"])),
          // Blank minimums read as none; the unit matters only when one is typed.
          minimums: { unit: field("minUnit") || "points", ...Object.fromEntries(PRIZE_TIERS.map((tier) => [tier, field(`min_${tier}`)])) },
          collective:
            form[groupField(key, groupId, "collective")] === "on"
              ? {
                  metric: field("metric"),
                  prizes: Object.fromEntries(PRIZE_TIERS.map((tier) => [tier, field(`c_${tier}`) || "0"])),
                  minHeadcount: field("minHeadcount"),
                  minParticipants: field("minParticipants"),
                }
              : null,
        };
      }),
    })),
  };
  const parsed = prizeStructureSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  ctx.addIssue({ code: "custom", path: [], message: parsed.error.issues[0]?.message ?? "Cơ cấu giải chưa hợp lệ." });
  return z.NEVER;
});
