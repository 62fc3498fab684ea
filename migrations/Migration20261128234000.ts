import { Migration } from '@mikro-orm/migrations';

/**
 * Row security on child rows by their own county column instead of a subquery on the parent. The first
 * policies (…221000, …230000) let a stage event be seen when `exists (select 1 from plot …)`: PostgreSQL
 * planned that as a hashed scan of the whole plot table per statement (bench scale 0.5: a page of 1,000 plots'
 * history 29 → 283 ms, the whole table scanned for 1,000 rows). Each child row now carries its parent's
 * county, set by a trigger when it is written and kept equal when the parent moves county, and the policy is
 * the same column test as the parents'. The trigger runs as the table owner (security definer), so it reads
 * the parent whatever the writer's scope; the policy's WITH CHECK then decides whether the writer may write it.
 */
const CHILDREN: [table: string, parent: string, fk: string][] = [
  ['stage_event', 'plot', 'plot_id'],
  ['land_event', 'plot', 'plot_id'],
  ['investigation_trigger', 'plot', 'plot_id'],
  ['real_estate_filing', 'plot', 'plot_id'],
  ['post_management_plan', 'plot', 'plot_id'],
  ['post_management_record', 'plot', 'plot_id'],
  ['hidden_danger_check', 'key_unit', 'key_unit_id'],
  ['monitoring_record', 'key_unit', 'key_unit_id'],
  ['reserve_project_plot', 'reserve_project', 'reserve_project_id'],
  ['reserve_project_key_unit', 'reserve_project', 'reserve_project_id'],
];
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;

export class Migration20261128234000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function soilshare_child_county() returns trigger language plpgsql security definer set search_path = public as $$
      declare parent_county varchar(6);
      begin
        execute format('select county_code from %I where id = ($1).%I', tg_argv[0], tg_argv[1]) into parent_county using new;
        new.county_code := parent_county;
        return new;
      end $$;`);
    // A parent that moves county (a key unit re-registered in another county) takes its children along.
    this.addSql(`create or replace function soilshare_children_follow() returns trigger language plpgsql security definer set search_path = public as $$
      declare i int := 0;
      begin
        while i < tg_nargs loop
          execute format('update %I set county_code = $1 where %I = $2', tg_argv[i], tg_argv[i + 1]) using new.county_code, new.id;
          i := i + 2;
        end loop;
        return null;
      end $$;`);
    for (const [t, parent, fk] of CHILDREN) {
      this.addSql(`alter table "${t}" add column "county_code" varchar(6) null;`);
      this.addSql(`update "${t}" c set "county_code" = p."county_code" from "${parent}" p where p."id" = c."${fk}";`);
      this.addSql(`alter table "${t}" alter column "county_code" set not null;`);
      this.addSql(`create trigger "${t}_county" before insert or update of "${fk}" on "${t}" for each row execute function soilshare_child_county('${parent}', '${fk}');`);
      this.addSql(`drop policy if exists "scope" on "${t}";`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
    for (const parent of ['plot', 'key_unit', 'reserve_project']) {
      const args = CHILDREN.filter(([, p]) => p === parent).flatMap(([t, , fk]) => [`'${t}'`, `'${fk}'`]).join(', ');
      this.addSql(`create trigger "${parent}_children_county" after update of "county_code" on "${parent}" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow(${args});`);
    }
  }

  override async down(): Promise<void> {
    for (const parent of ['plot', 'key_unit', 'reserve_project']) this.addSql(`drop trigger if exists "${parent}_children_county" on "${parent}";`);
    for (const [t, parent, fk] of CHILDREN) {
      this.addSql(`drop policy if exists "scope" on "${t}";`);
      this.addSql(`create policy "scope" on "${t}" using (${ALL} or exists (select 1 from "${parent}" p where p.id = "${t}"."${fk}")) with check (${ALL} or exists (select 1 from "${parent}" p where p.id = "${t}"."${fk}"));`);
      this.addSql(`drop trigger if exists "${t}_county" on "${t}";`);
      this.addSql(`alter table "${t}" drop column "county_code";`);
    }
    this.addSql(`drop function if exists soilshare_children_follow();`);
    this.addSql(`drop function if exists soilshare_child_county();`);
  }
}
