import { sql, type Kysely } from "kysely";

// A round's prediction true value (set when it closes, removed when it is opened again) reaches its
// million counted results in short batches, each its own transaction, instead of one long one that
// held up every finalisation of the contest's other rounds. `truth_pending_after` is the batches'
// cursor: null when the kept ranking tables match `prediction_value`; otherwise every result of a
// person with a larger user id still waits for it (0: none done yet), and the board is provisional.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds add column truth_pending_after integer`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table rounds drop column truth_pending_after`.execute(db);
}
