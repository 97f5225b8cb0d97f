import { sql } from "kysely";
import { runCommand, type CommandContext } from "~/commands/command.server";
import type { DBOrTransaction } from "~/database/connection.server";

// The question banks as the organizers' pages list and create them. (Their content comes and goes
// through bank-import.server.ts and bank-export.server.ts.)

export interface BankChoice {
  id: number;
  title: string;
}

/** Every bank by title: the choices of the question list's filter and of a new question. */
export function listBankChoices(db: DBOrTransaction): Promise<BankChoice[]> {
  return db.selectFrom("question_banks").select(["id", "title"]).orderBy("title").execute();
}

export async function findBank(db: DBOrTransaction, bankId: number): Promise<BankChoice | null> {
  if (!Number.isInteger(bankId)) return null;
  return (await db.selectFrom("question_banks").select(["id", "title"]).where("id", "=", bankId).executeTakeFirst()) ?? null;
}

/** Every bank with how many approved questions it holds: the choices of a round's blueprint. */
export async function listBanksWithApprovedCounts(db: DBOrTransaction): Promise<(BankChoice & { approved: number })[]> {
  const banks = await db
    .selectFrom("question_banks as b")
    .select(["b.id", "b.title", sql<string>`(select count(*) from questions q where q.bank_id = b.id and q.status = 'approved')`.as("approved")])
    .orderBy("b.title")
    .execute();
  return banks.map((b) => ({ ...b, approved: Number(b.approved) }));
}

export interface BankSummary {
  id: number;
  key: string;
  title: string;
  description: string;
  reviewer_must_differ: boolean;
  total: number;
  approved: number;
  inReview: number;
}

/** Every bank with its questions counted by status: the banks page. */
export async function listBanksWithCounts(db: DBOrTransaction): Promise<BankSummary[]> {
  const banks = await db
    .selectFrom("question_banks as b")
    .leftJoin("questions as q", "q.bank_id", "b.id")
    .select([
      "b.id",
      "b.key",
      "b.title",
      "b.description",
      "b.reviewer_must_differ",
      sql<string>`count(q.id)`.as("total"),
      sql<string>`count(q.id) filter (where q.status = 'approved')`.as("approved"),
      sql<string>`count(q.id) filter (where q.status = 'in_review')`.as("in_review"),
    ])
    .groupBy("b.id")
    .orderBy("b.title")
    .execute();
  return banks.map(({ in_review, ...b }) => ({ ...b, total: Number(b.total), approved: Number(b.approved), inReview: Number(in_review) }));
}

/** Creates an empty bank on the command pipeline, its making in the bank's history; null when the code is already taken. */
export function createBank(
  context: CommandContext,
  input: { actorId: number; bank: { key: string; title: string; description: string; reviewerMustDiffer: boolean } },
): Promise<{ key: string } | null> {
  const { bank } = input;
  return runCommand(context, {
    actorId: input.actorId,
    target: { newBank: true },
    write: async (trx) => {
      const inserted = await trx
        .insertInto("question_banks")
        .values({ key: bank.key, title: bank.title, description: bank.description, reviewer_must_differ: bank.reviewerMustDiffer })
        .onConflict((oc) => oc.column("key").doNothing())
        .returning(["id", "key"])
        .executeTakeFirst();
      if (!inserted) return { changed: false, value: null };
      return {
        changed: true,
        value: { key: inserted.key },
        log: { questions: [], bank: { bankId: inserted.id, action: "created", details: { key: bank.key, title: bank.title, reviewerMustDiffer: bank.reviewerMustDiffer } } },
      };
    },
  });
}
