import type { DBOrTransaction } from "~/database/connection.server";
import { runCommand, type CommandContext } from "~/commands/command.server";
import { parIndexRuleSchema, parIndexTable, type ParIndexPoints, type ParIndexRule } from "~/awards/par-index";
import { allUnitRows, type RankingScope, type UnitRankingRow } from "~/rankings/rankings.server";
import { pathIds } from "~/rankings/unit-rollup";

// Each contest's PAR-index rule (stored, validated by parIndexRuleSchema, changes logged) and the
// table of points of the units at one level of the tree, with the figures behind them.

/** Hậu Giang's usual figures, offered before the organizer sets a rule. */
export const SUGGESTED_PAR_RULE: ParIndexRule = { bonusFromRate: 80, bonusPoints: 0.5, penaltyBelowRate: 50, penaltyPoints: 0.5, noneParticipatedPoints: 1 };

export async function getParRule(db: DBOrTransaction, contestId: number): Promise<{ rule: ParIndexRule; saved: boolean; updatedAt: Date | null }> {
  const row = await db.selectFrom("contest_par_rules").select(["rule", "updated_at"]).where("contest_id", "=", contestId).executeTakeFirst();
  if (!row) return { rule: SUGGESTED_PAR_RULE, saved: false, updatedAt: null };
  const parsed = parIndexRuleSchema.safeParse(row.rule);
  return parsed.success ? { rule: parsed.data, saved: true, updatedAt: row.updated_at } : { rule: SUGGESTED_PAR_RULE, saved: false, updatedAt: null };
}

/** Saves the rule and logs the change (old and new figures); saving the same rule again changes and logs nothing. */
export async function saveParRule(context: CommandContext, contestId: number, rule: ParIndexRule, actorId: number): Promise<{ changed: boolean }> {
  return runCommand<{ changed: boolean }>(context, {
    actorId,
    target: { contestId, freeze: "none" },
    write: async (trx) => {
      const previous = await trx.selectFrom("contest_par_rules").select("rule").where("contest_id", "=", contestId).forUpdate().executeTakeFirst();
      const before = previous ? parIndexRuleSchema.safeParse(previous.rule) : null;
      const same = before?.success === true && JSON.stringify(canonical(before.data)) === JSON.stringify(canonical(rule));
      if (same) return { changed: false, value: { changed: false } };
      await trx
        .insertInto("contest_par_rules")
        .values({ contest_id: contestId, rule: JSON.stringify(canonical(rule)), updated_by: actorId })
        .onConflict((oc) => oc.column("contest_id").doUpdateSet({ rule: JSON.stringify(canonical(rule)), updated_by: actorId, updated_at: new Date() }))
        .execute();
      // Points are computed when read, from the rule and the rankings: no ranking changes.
      return { changed: true, value: { changed: true }, log: { action: "par.rule_saved", details: { before: previous?.rule ?? null, after: canonical(rule) } } };
    },
  });
}

// jsonb orders keys its own way: compare and store in one fixed order.
const canonical = (rule: ParIndexRule): ParIndexRule => ({
  bonusFromRate: rule.bonusFromRate,
  bonusPoints: rule.bonusPoints,
  penaltyBelowRate: rule.penaltyBelowRate,
  penaltyPoints: rule.penaltyPoints,
  noneParticipatedPoints: rule.noneParticipatedPoints,
});

/**
 * The units directly under `parentUnitId` (null: the top of the tree), each with its rolled-up
 * participation, and its points under `rule`.
 */
export async function parPointsTable(
  db: DBOrTransaction,
  q: { scope: RankingScope; groupId?: number | null; parentUnitId: number | null; rule: ParIndexRule },
): Promise<ParIndexPoints<UnitRankingRow>[]> {
  let withinPath: string | null = null;
  if (q.parentUnitId !== null) {
    const parent = await db.selectFrom("units").select("path").where("id", "=", q.parentUnitId).executeTakeFirst();
    if (!parent) return [];
    withinPath = parent.path;
  }
  const rows = await allUnitRows(db, { scope: q.scope, groupId: q.groupId, withinPath });
  return parIndexTable(childrenOf(rows, q.parentUnitId), q.rule);
}

/** The rows of the units directly under a unit (null: the top units), in tree order. */
export function childrenOf<R extends { path: string }>(rows: readonly R[], parentUnitId: number | null): R[] {
  return rows.filter((r) => {
    const ids = pathIds(r.path);
    return parentUnitId === null ? ids.length === 1 : ids.length >= 2 && ids[ids.length - 2] === parentUnitId;
  });
}
