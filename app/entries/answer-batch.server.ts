import { sql } from "kysely";
import { liveSessionSql } from "~/auth/sessions.server";
import { frozenRoundSql } from "~/awards/freeze.server";
import { prepared, type DB } from "~/database/connection.server";
import { NETWORK_GRACE_SECONDS } from "./rules";

/** Who saves: a session (the HTTP endpoint) or a user id (tests, server-side callers). */
export type AnswerOwner = number | { sessionTokenHash: Buffer };

export interface AnswerSave {
  entryId: string;
  owner: AnswerOwner;
  position: number;
  /** Display indices, already checked to be distinct. */
  chosen: number[];
  revision: number;
}

/** What the statement found for one save; the caller turns it into the reply or the refusal. */
export interface AnswerSaveRow {
  has_user: boolean;
  found: boolean;
  status: string | null;
  open: boolean | null;
  remaining_ms: number | null;
  frozen: boolean | null;
  must_change_password: boolean | null;
  has_question: boolean;
  valid: boolean | null;
  type: string | null;
}

/** Saves of different rows in one statement at most (a statement is one WAL flush and one round trip). */
const MAX_BATCH = 256;
/**
 * Statements in flight per pool. While they run, new saves queue and leave together as the next
 * statement, so a quiet server sends each save alone at once and a busy one groups them: no
 * timer, no added wait.
 */
const MAX_IN_FLIGHT = 3;
/** A save batch may meet a finalisation batch locking the same entries in another order. */
const DEADLOCK = "40P01";

interface Pending {
  save: AnswerSave;
  resolve: (row: AnswerSaveRow) => void;
  reject: (error: unknown) => void;
}

class AnswerSaveBatcher {
  private queue: Pending[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(private readonly db: DB) {}

  save(save: AnswerSave): Promise<AnswerSaveRow> {
    return new Promise((resolve, reject) => {
      this.queue.push({ save, resolve, reject });
      this.schedule();
    });
  }

  private schedule() {
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT || this.queue.length === 0) return;
    this.scheduled = true;
    // Saves parsed in the same turn of the event loop leave together.
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush() {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      // One row per (entry, position) per statement: an upsert cannot touch a row twice. A second
      // save of the same question waits for the next statement, so its revision rule still holds.
      const batch: Pending[] = [];
      const rest: Pending[] = [];
      const keys = new Set<string>();
      for (const pending of this.queue) {
        const key = `${pending.save.entryId}:${pending.save.position}`;
        if (batch.length < MAX_BATCH && !keys.has(key)) {
          keys.add(key);
          batch.push(pending);
        } else rest.push(pending);
      }
      this.queue = rest;
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  private async run(batch: Pending[]) {
    try {
      let rows: AnswerSaveRow[];
      try {
        rows = await saveBatch(this.db, batch.map((p) => p.save));
      } catch (error) {
        // Rolled back whole: sending it again is safe (the revision rule makes it idempotent).
        if ((error as { code?: string }).code !== DEADLOCK) throw error;
        rows = await saveBatch(this.db, batch.map((p) => p.save));
      }
      batch.forEach((p, i) => p.resolve(rows[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }
}

const batchers = new WeakMap<DB, AnswerSaveBatcher>();

/** Saves one answer, grouped with the saves that arrive meanwhile; resolves once its statement has committed. */
export function saveAnswerRow(db: DB, save: AnswerSave): Promise<AnswerSaveRow> {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new AnswerSaveBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher.save(save);
}

const grace = sql.lit(NETWORK_GRACE_SECONDS);

/**
 * One statement for many saves, each checked as the single save always was: a live session (or the
 * given user), the entry is theirs, in progress, in time and not frozen, no password change is
 * pending, the choice fits the question. The entry rows are read FOR SHARE, so saves run side by
 * side but never alongside an entry's finalisation; an older revision never overwrites a newer one.
 * The text is fixed (every value an array parameter), so it is prepared once per connection.
 */
async function saveBatch(db: DB, saves: AnswerSave[]): Promise<AnswerSaveRow[]> {
  const entryIds = saves.map((s) => s.entryId);
  const positions = saves.map((s) => s.position);
  const chosen = saves.map((s) => `{${s.chosen.join(",")}}`);
  const revisions = saves.map((s) => String(s.revision));
  const tokens = saves.map((s) => (typeof s.owner === "number" ? null : s.owner.sessionTokenHash));
  const userIds = saves.map((s) => (typeof s.owner === "number" ? s.owner : null));
  const result = await prepared(sql<AnswerSaveRow & { n: string }>`
    with i as (
      select t.entry_id, t.position, t.chosen::int[] as chosen, t.revision, t.token_hash, t.user_id, t.n
      from unnest(${entryIds}::bigint[], ${positions}::int[], ${chosen}::text[], ${revisions}::bigint[], ${tokens}::bytea[], ${userIds}::int[])
           with ordinality as t(entry_id, position, chosen, revision, token_hash, user_id, n)
    ),
    u as (
      select i.n, us.id, us.must_change_password from i
      join users us on us.id = coalesce(i.user_id, (select s.user_id from sessions s where s.token_hash = i.token_hash and ${liveSessionSql("s")}))
    ),
    e as (
      select u.n, en.status, now() <= en.deadline + make_interval(secs => ${grace}) as open,
             greatest(0, floor(extract(epoch from en.deadline - now()) * 1000))::int as remaining_ms,
             -- Published results are frozen (awards/freeze.server.ts). A preview entry counts nowhere.
             not en.practice and exists (select 1 from rounds r join contests c on c.id = r.contest_id
                     where r.id = en.round_id and ${frozenRoundSql("c", "r")}) as frozen
      from u join i on i.n = u.n join entries en on en.id = i.entry_id and en.user_id = u.id
      for share of en
    ),
    checked as (
      select i.n, eq.option_order, v.type,
        (select coalesce(bool_and(d >= 0 and d < cardinality(eq.option_order)), true) from unnest(i.chosen) d)
          and (v.type = 'multiple' or cardinality(i.chosen) <= 1) as ok
      from i join entry_questions eq on eq.entry_id = i.entry_id and eq.position = i.position
      join question_versions v on v.id = eq.question_version_id
    ),
    saved as (
      insert into entry_answers (entry_id, position, chosen, revision)
      select i.entry_id, i.position,
             array(select c.option_order[d + 1] from unnest(i.chosen) d order by 1)::smallint[],
             i.revision
      from i join e on e.n = i.n join checked c on c.n = i.n join u on u.n = i.n
      where e.status = 'in_progress' and e.open and not e.frozen and c.ok and not u.must_change_password
      on conflict (entry_id, position) do update
        set chosen = excluded.chosen, revision = excluded.revision, saved_at = now()
        where entry_answers.revision < excluded.revision
      returning 1
    )
    select i.n::text as n, u.n is not null as has_user, e.n is not null as found, e.status, e.open, e.remaining_ms, e.frozen,
           u.must_change_password, c.n is not null as has_question, c.ok as valid, c.type
    from i left join u on u.n = i.n left join e on e.n = i.n left join checked c on c.n = i.n
  `).execute(db);
  const byN = new Map(result.rows.map((r) => [Number(r.n), r]));
  return saves.map((_, index) => byN.get(index + 1)!);
}
