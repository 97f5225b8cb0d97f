import { sql, type Kysely } from "kysely";

// Rosters: each unit's staff list (họ và tên, ngày sinh, CCCD and/or phone, chức vụ), imported from
// Excel. A row is one person of one unit. Later work links a row to the account of the person it
// names (user_id), matches people by CCCD, phone or folded name + unit (name_folded), and masks the
// CCCD and date of birth outside the organizers and the unit's leaders.
// A CCCD or a phone belongs to one roster row in the whole tree (the import reports a clash first;
// the unique constraints are the last guard). `units.roster_size` keeps the size of each unit's roster
// (null: the unit has none) so that participation reads it as the headcount without counting rows.
// Frozen in time: never import application code here.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table roster_entries (
      id serial primary key,
      unit_id int not null references units(id),
      full_name text not null,
      name_folded text not null,
      birth_date date,
      cccd text check (cccd ~ '^[0-9]{12}$'),
      phone text check (phone ~ '^0[0-9]{9}$'),
      position text,
      user_id int references users(id) on delete set null,
      imported_by int references users(id) on delete set null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint roster_entries_cccd_or_phone check (cccd is not null or phone is not null)
    )`.execute(db);
  await sql`create index roster_entries_unit on roster_entries (unit_id)`.execute(db);
  // Constraints rather than partial indexes (nulls never clash), deferrable: a re-import that swaps
  // two people's phones writes both rows before the check.
  await sql`alter table roster_entries add constraint roster_entries_cccd unique (cccd) deferrable initially immediate`.execute(db);
  await sql`alter table roster_entries add constraint roster_entries_phone unique (phone) deferrable initially immediate`.execute(db);
  await sql`create unique index roster_entries_user on roster_entries (user_id) where user_id is not null`.execute(db);
  await sql`create index roster_entries_name on roster_entries (unit_id, name_folded)`.execute(db);
  await sql`alter table units add column roster_size int check (roster_size > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table units drop column roster_size`.execute(db);
  await sql`drop table roster_entries`.execute(db);
}
