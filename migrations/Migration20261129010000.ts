import { Migration } from '@mikro-orm/migrations';

/**
 * Inspections (检查, RULES §10; Jinzhong plan 11–13, Xiaoyi plan 6): one row per inspection of one subject —
 * a plot or a key unit now; later families add theirs (a solid-waste yard) by a nullable foreign key of their
 * own, joined into the `inspection_one_subject` check and into the county trigger's argument list.
 *
 * The row's county is its subject's, set by `soilshare_subject_county` (a variant of …234000's
 * soilshare_child_county for a row with several possible parents: the arguments are pairs of parent table and
 * foreign key, and the first foreign key that is set decides). Row security is the county column's test, as
 * every county-bound table; a subject that moves county takes its inspections along (soilshare_children_follow).
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
const AGENCIES = ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY'];

export class Migration20261129010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function soilshare_subject_county() returns trigger language plpgsql security definer set search_path = public as $$
      declare i int := 0; fk_value text; parent_county varchar(6);
      begin
        while i < tg_nargs loop
          execute format('select ($1).%I::text', tg_argv[i + 1]) into fk_value using new;
          if fk_value is not null then
            execute format('select county_code from %I where id = $1::int', tg_argv[i]) into parent_county using fk_value;
            new.county_code := parent_county;
            return new;
          end if;
          i := i + 2;
        end loop;
        return new;
      end $$;`);

    this.addSql(`create table "inspection" (
      "id" serial primary key,
      "county_code" varchar(6) not null references "division" ("code"),
      "plot_id" int null references "plot" ("id"),
      "key_unit_id" int null references "key_unit" ("id"),
      "inspected_on" date not null,
      "method" text not null check ("method" in ('ON_SITE', 'REMOTE_SENSING', 'ONLINE_MONITORING')),
      "agency" text not null check ("agency" in (${AGENCIES.map((a) => `'${a}'`).join(', ')})),
      "client_id" int null,
      "findings" text null,
      "problems" text[] not null default '{}',
      "version" int not null default 1,
      "recorded_at" timestamptz not null default now(),
      constraint "inspection_one_subject" check (num_nonnulls("plot_id", "key_unit_id") = 1)
    );`);
    this.addSql(`create index "inspection_plot_id_index" on "inspection" ("plot_id", "inspected_on") where "plot_id" is not null;`);
    this.addSql(`create index "inspection_key_unit_id_index" on "inspection" ("key_unit_id", "inspected_on") where "key_unit_id" is not null;`);
    this.addSql(`create index "inspection_county_inspected_on_index" on "inspection" ("county_code", "inspected_on");`);
    this.addSql(`create trigger "inspection_county" before insert or update of "plot_id", "key_unit_id" on "inspection" for each row execute function soilshare_subject_county('plot', 'plot_id', 'key_unit', 'key_unit_id');`);
    this.addSql(`alter table "inspection" enable row level security;`);
    this.addSql(`create policy "scope" on "inspection" using ${sees('county_code')} with check ${sees('county_code')};`);
    this.addSql(`create trigger "plot_inspections_county" after update of "county_code" on "plot" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('inspection', 'plot_id');`);
    this.addSql(`create trigger "key_unit_inspections_county" after update of "county_code" on "key_unit" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('inspection', 'key_unit_id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "plot_inspections_county" on "plot";`);
    this.addSql(`drop trigger if exists "key_unit_inspections_county" on "key_unit";`);
    this.addSql(`drop table if exists "inspection";`);
    this.addSql(`drop function if exists soilshare_subject_county();`);
  }
}
