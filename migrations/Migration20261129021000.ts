import { Migration } from '@mikro-orm/migrations';

/**
 * A minimal inspection record of solid-waste yards (RULES §10–11: date, method, agency, findings), what
 * MONTHLY_INSPECTION counts, until the enforcement family's `inspection` table takes yards as a subject.
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;

export class Migration20261129021000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "solid_waste_inspection" ("id" serial primary key, "yard_id" int not null references "solid_waste_yard" ("id") on update cascade,
      "county_code" varchar(6) not null references "division" ("code") on update cascade, "inspected_on" date not null,
      "method" text check ("method" in ('ON_SITE', 'REMOTE_SENSING', 'ONLINE_MONITORING')) not null, "findings" varchar(2000) null,
      "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY')) not null,
      "client_id" int null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "solid_waste_inspection_yard_index" on "solid_waste_inspection" ("yard_id", "inspected_on") include ("method");`);
    this.addSql(`create trigger "solid_waste_inspection_county" before insert or update of "yard_id" on "solid_waste_inspection" for each row execute function soilshare_child_county('solid_waste_yard', 'yard_id');`);
    this.addSql(`alter table "solid_waste_inspection" enable row level security;`);
    this.addSql(`create policy "scope" on "solid_waste_inspection" using ${sees('county_code')} with check ${sees('county_code')};`);
    this.addSql(`drop trigger if exists "solid_waste_yard_waste_children_county" on "solid_waste_yard";`);
    this.addSql(`create trigger "solid_waste_yard_waste_children_county" after update of "county_code" on "solid_waste_yard" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('solid_waste_ledger', 'yard_id', 'solid_waste_monitoring', 'yard_id', 'solid_waste_inspection', 'yard_id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "solid_waste_inspection" cascade;`);
  }
}
