import { sql } from "kysely";
import type { DBOrTransaction } from "~/database/connection.server";

export interface UnitParticipationRow {
  id: number;
  name: string;
  depth: number;
  /** Staff of the unit and everything under it. */
  headcount: number;
  /** People of the subtree with at least one finished entry in the contest. */
  participants: number;
  entries: number;
}

/**
 * Participation of the children of `rootUnitId` (and the root itself), each rolled up over
 * its subtree, for one contest. Units where nobody took part are listed too.
 */
export async function unitParticipation(db: DBOrTransaction, contestId: number, rootUnitId: number): Promise<UnitParticipationRow[]> {
  const result = await sql<{ id: number; name: string; depth: number; headcount: string; participants: string; entries: string }>`
    with root as (select id, path, depth from units where id = ${rootUnitId}),
    listed as (
      select u.id, u.name, u.path, u.depth from units u, root
      where (u.id = root.id or u.parent_id = root.id) and u.retired_at is null
    ),
    finished as (
      select e.user_id, count(*) as n from entries e join rounds r on r.id = e.round_id
      where r.contest_id = ${contestId} and e.status <> 'in_progress'
      group by e.user_id
    )
    select l.id, l.name, l.depth,
      (select coalesce(sum(s.headcount), 0) from units s where s.path like l.path || '%' and s.retired_at is null) as headcount,
      (select count(*) from finished f join users p on p.id = f.user_id join units s on s.id = p.unit_id where s.path like l.path || '%') as participants,
      (select coalesce(sum(f.n), 0) from finished f join users p on p.id = f.user_id join units s on s.id = p.unit_id where s.path like l.path || '%') as entries
    from listed l
    order by l.depth, l.name
  `.execute(db);
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    depth: r.depth,
    headcount: Number(r.headcount),
    participants: Number(r.participants),
    entries: Number(r.entries),
  }));
}
