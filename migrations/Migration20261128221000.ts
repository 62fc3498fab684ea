import { Migration } from '@mikro-orm/migrations';

/**
 * Row-level security as the backstop of row scope (issue 12; src/db/scope.ts). Requests connect as the
 * role soilshare_scoped, which is not the tables' owner, so these policies apply to every statement they
 * run: a county-bound row is visible only when the transaction-local setting soilshare.scope is `all` or
 * lists its county. Without the setting nothing is visible: a forgotten clause fails closed. The owner
 * (migrations, boot, seeds, generator, CLIs) is not subject to row security and sees everything.
 *
 * The role is cluster-wide (every database of a server shares it), so it is created only if missing;
 * creating it needs a superuser or CREATEROLE, as on the embedded server. Elsewhere a DBA creates it first.
 */
const COUNTY_TABLES = ['plot', 'key_unit', 'discharge_permit', 'vacated_site', 'violation', 'reserve_project'];
/** Rows that belong to a county through their parent: visible when the parent is (its own policy applies inside). */
const CHILD_TABLES: [string, string, string][] = [
  ['stage_event', 'plot', 'plot_id'],
  ['land_event', 'plot', 'plot_id'],
  ['hidden_danger_check', 'key_unit', 'key_unit_id'],
  ['monitoring_record', 'key_unit', 'key_unit_id'],
  ['reserve_project_plot', 'reserve_project', 'reserve_project_id'],
  ['reserve_project_key_unit', 'reserve_project', 'reserve_project_id'],
];
/** The trails: appended by every request (a refusal outside the scope too), read in scope, never changed. */
const TRAILS = ['change_log', 'audit_log'];

// `(select …)`: evaluated once per statement (an InitPlan), not once per row.
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
// The cast keeps `= any (…)` an array comparison (a bare `(select …)` there would be a row subquery).
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;

export class Migration20261128221000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      if not exists (select 1 from pg_roles where rolname = 'soilshare_scoped') then create role soilshare_scoped nologin; end if;
    exception when duplicate_object or unique_violation then null; end $$;`);
    // The login role must be a member to `set role` (a superuser needs no grant, and then this is a no-op).
    this.addSql(`do $$ begin
      if not pg_has_role(current_user, 'soilshare_scoped', 'member') then execute format('grant soilshare_scoped to %I', current_user); end if;
    end $$;`);
    this.addSql(`grant usage on schema public to soilshare_scoped;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to soilshare_scoped;`);
    this.addSql(`grant usage, select on all sequences in schema public to soilshare_scoped;`);
    // Tables and sequences of later migrations get the same grants.
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to soilshare_scoped;`);
    this.addSql(`alter default privileges in schema public grant usage, select on sequences to soilshare_scoped;`);

    for (const t of COUNTY_TABLES) {
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
    for (const [t, parent, fk] of CHILD_TABLES) {
      const visible = `(${ALL} or exists (select 1 from "${parent}" p where p.id = "${t}"."${fk}"))`;
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${visible} with check ${visible};`);
    }
    for (const t of TRAILS) {
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "append" on "${t}" for insert with check (true);`);
    }
    this.addSql(`create policy "scope" on "change_log" for select using ${sees('county_code')};`);
    // A refusal with no row behind it has no county: it belongs to the division of the client that tried.
    this.addSql(`create policy "scope" on "audit_log" for select using (${sees('county_code')}
      or (county_code is null and exists (select 1 from api_client c where c.id = audit_log.client_id and ${sees('c.division_code')})));`);
  }

  override async down(): Promise<void> {
    for (const t of [...COUNTY_TABLES, ...CHILD_TABLES.map(([c]) => c), ...TRAILS]) {
      this.addSql(`drop policy if exists "scope" on "${t}";`);
      this.addSql(`drop policy if exists "append" on "${t}";`);
      this.addSql(`alter table "${t}" disable row level security;`);
    }
    this.addSql(`revoke all on all tables in schema public from soilshare_scoped;`);
    this.addSql(`revoke all on all sequences in schema public from soilshare_scoped;`);
    this.addSql(`alter default privileges in schema public revoke all on tables from soilshare_scoped;`);
    this.addSql(`alter default privileges in schema public revoke all on sequences from soilshare_scoped;`);
    this.addSql(`revoke usage on schema public from soilshare_scoped;`);
  }
}
