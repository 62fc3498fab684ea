import { Migration } from '@mikro-orm/migrations';

/**
 * Waste and soil on the move (RULES §11; Xiaoyi plan 6–8, Jinzhong plan 9, 法41):
 * - solid_waste_yard (一般工业固废堆场) with its land / EIA / safety documents (each number + date, null = missing),
 *   its monthly ledger (台账) and its environmental monitoring;
 * - legacy_waste_site (the closed coke plants' 遗留危废), its inventory by waste code and the disposals to licensed
 *   receivers; hazardous_waste_manifest_count: per unit (credit code) and month, counts imported from the national system;
 * - soil_transfer_plan (污染土壤转运计划, filed with ECO before the first load) and soil_transfer_leg (联单), and a
 *   violation's link to the leg that opened SOIL_TRANSFER_DISCREPANCY.
 * Every table is county-bound: parents by their own county_code, children by the county trigger of …234000 and the
 * same row-security policy (src/db/scope.ts).
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
const AGENCY = `"agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY')) not null, "client_id" int null, "recorded_at" timestamptz not null default now()`;
const TONNES = 'numeric(14,3)';

const PARENTS = ['solid_waste_yard', 'legacy_waste_site', 'hazardous_waste_manifest_count'];
const CHILDREN: [table: string, parent: string, fk: string][] = [
  ['solid_waste_ledger', 'solid_waste_yard', 'yard_id'],
  ['solid_waste_monitoring', 'solid_waste_yard', 'yard_id'],
  ['legacy_waste_item', 'legacy_waste_site', 'site_id'],
  ['legacy_waste_disposal', 'legacy_waste_item', 'item_id'],
  ['soil_transfer_plan', 'plot', 'plot_id'],
  ['soil_transfer_leg', 'soil_transfer_plan', 'plan_id'],
];
const VIOLATION_KINDS = ['CONSTRUCTION_BEFORE_CLEARANCE', 'SENSITIVE_USE_OF_LISTED_PLOT', 'SUPPLY_WITHOUT_INVESTIGATION'];

export class Migration20261129020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "solid_waste_yard" ("id" serial primary key, "county_code" varchar(6) not null references "division" ("code") on update cascade,
      "name" varchar(255) not null, "operator_name" varchar(255) not null, "operator_credit_code" varchar(18) not null, "address" varchar(255) null,
      "centroid_lon" double precision null, "centroid_lat" double precision null, "boundary" jsonb null,
      "waste_types" text[] not null default '{}', "capacity_tonnes" ${TONNES} null check ("capacity_tonnes" >= 0),
      "registered_on" date not null, "closed_on" date null check ("closed_on" >= "registered_on"),
      "land_document_no" varchar(100) null, "land_issued_on" date null, "eia_document_no" varchar(100) null, "eia_issued_on" date null,
      "safety_document_no" varchar(100) null, "safety_issued_on" date null,
      check (("land_document_no" is null) = ("land_issued_on" is null)), check (("eia_document_no" is null) = ("eia_issued_on" is null)),
      check (("safety_document_no" is null) = ("safety_issued_on" is null)),
      "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "solid_waste_yard_county_code_index" on "solid_waste_yard" ("county_code");`);

    this.addSql(`create table "solid_waste_ledger" ("id" serial primary key, "yard_id" int not null references "solid_waste_yard" ("id") on update cascade,
      "county_code" varchar(6) not null, "month" date not null check (extract(day from "month") = 1),
      "generated_tonnes" ${TONNES} not null check ("generated_tonnes" >= 0), "stored_tonnes" ${TONNES} not null check ("stored_tonnes" >= 0),
      "used_tonnes" ${TONNES} not null check ("used_tonnes" >= 0), "disposed_tonnes" ${TONNES} not null check ("disposed_tonnes" >= 0), ${AGENCY},
      constraint "solid_waste_ledger_yard_month_unique" unique ("yard_id", "month"));`);
    this.addSql(`create table "solid_waste_monitoring" ("id" serial primary key, "yard_id" int not null references "solid_waste_yard" ("id") on update cascade,
      "county_code" varchar(6) not null, "medium" text check ("medium" in ('WASTEWATER', 'GROUNDWATER', 'AIR', 'SOIL')) not null,
      "sampled_on" date not null, "exceeds_standard" boolean not null, "note" varchar(1000) null, ${AGENCY});`);
    this.addSql(`create index "solid_waste_monitoring_yard_id_index" on "solid_waste_monitoring" ("yard_id", "sampled_on");`);

    this.addSql(`create table "legacy_waste_site" ("id" serial primary key, "county_code" varchar(6) not null references "division" ("code") on update cascade,
      "name" varchar(255) not null, "credit_code" varchar(18) not null, "key_unit_id" int null references "key_unit" ("id") on update cascade,
      "closed_on" date null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(),
      constraint "legacy_waste_site_credit_code_unique" unique ("credit_code"));`);
    this.addSql(`create index "legacy_waste_site_county_code_index" on "legacy_waste_site" ("county_code");`);
    this.addSql(`create table "legacy_waste_item" ("id" serial primary key, "site_id" int not null references "legacy_waste_site" ("id") on update cascade,
      "county_code" varchar(6) not null, "waste_code" varchar(4) not null check ("waste_code" ~ '^HW(0[1-9]|[1-4][0-9]|50)$'),
      "description" varchar(255) not null, "tonnes" ${TONNES} not null check ("tonnes" > 0), "inventoried_on" date not null,
      "dispose_by" date null check ("dispose_by" >= "inventoried_on"), "version" int not null default 1, ${AGENCY});`);
    this.addSql(`create index "legacy_waste_item_site_id_index" on "legacy_waste_item" ("site_id");`);
    this.addSql(`create table "legacy_waste_disposal" ("id" serial primary key, "item_id" int not null references "legacy_waste_item" ("id") on update cascade,
      "county_code" varchar(6) not null, "disposed_on" date not null, "tonnes" ${TONNES} not null check ("tonnes" > 0),
      "receiver_name" varchar(255) not null, "receiver_credit_code" varchar(18) not null, "receiver_licence_no" varchar(100) not null,
      "manifest_no" varchar(100) null, ${AGENCY});`);
    this.addSql(`create index "legacy_waste_disposal_item_id_index" on "legacy_waste_disposal" ("item_id", "disposed_on");`);

    this.addSql(`create table "hazardous_waste_manifest_count" ("id" serial primary key, "county_code" varchar(6) not null references "division" ("code") on update cascade,
      "credit_code" varchar(18) not null, "month" date not null check (extract(day from "month") = 1), "manifests" int not null check ("manifests" >= 0),
      "version" int not null default 1, ${AGENCY}, constraint "hazardous_waste_manifest_count_unit_month_unique" unique ("credit_code", "month"));`);
    this.addSql(`create index "hazardous_waste_manifest_count_county_code_index" on "hazardous_waste_manifest_count" ("county_code", "month");`);

    this.addSql(`create table "soil_transfer_plan" ("id" serial primary key, "plot_id" int not null references "plot" ("id") on update cascade,
      "county_code" varchar(6) not null, "document_no" varchar(100) not null, "filed_on" date not null,
      "volume_cubic_metres" ${TONNES} not null check ("volume_cubic_metres" > 0), "receiver_name" varchar(255) not null,
      "receiver_credit_code" varchar(18) not null, "receiver_address" varchar(255) null, "route" varchar(1000) not null,
      "starts_on" date not null, "ends_on" date not null check ("ends_on" >= "starts_on"), "version" int not null default 1, ${AGENCY});`);
    this.addSql(`create index "soil_transfer_plan_plot_id_index" on "soil_transfer_plan" ("plot_id", "filed_on");`);
    this.addSql(`create table "soil_transfer_leg" ("id" serial primary key, "plan_id" int not null references "soil_transfer_plan" ("id") on update cascade,
      "county_code" varchar(6) not null, "manifest_no" varchar(100) not null, "vehicle_no" varchar(20) null,
      "dispatched_on" date not null, "dispatched_tonnes" ${TONNES} not null check ("dispatched_tonnes" > 0),
      "received_on" date null check ("received_on" >= "dispatched_on"), "received_tonnes" ${TONNES} null check ("received_tonnes" >= 0),
      check (("received_on" is null) = ("received_tonnes" is null)),
      "version" int not null default 1, ${AGENCY}, "updated_at" timestamptz not null default now(),
      constraint "soil_transfer_leg_manifest_no_unique" unique ("manifest_no"));`);
    this.addSql(`create index "soil_transfer_leg_plan_id_index" on "soil_transfer_leg" ("plan_id", "dispatched_on");`);

    // SOIL_TRANSFER_DISCREPANCY: a violation of the plot the soil left, linked to the leg (one violation per leg).
    this.addSql(`alter table "violation" add column "soil_transfer_leg_id" int null references "soil_transfer_leg" ("id") on update cascade;`);
    this.addSql(`create unique index "violation_soil_transfer_leg_unique" on "violation" ("soil_transfer_leg_id") where "soil_transfer_leg_id" is not null;`);
    this.addSql(`alter table "violation" drop constraint if exists "violation_kind_check";`);
    this.addSql(`alter table "violation" add constraint "violation_kind_check" check ("kind" in (${[...VIOLATION_KINDS, 'SOIL_TRANSFER_DISCREPANCY'].map((k) => `'${k}'`).join(', ')}));`);

    for (const t of PARENTS) {
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
    for (const [t, parent, fk] of CHILDREN) {
      this.addSql(`alter table "${t}" add constraint "${t}_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);
      this.addSql(`create trigger "${t}_county" before insert or update of "${fk}" on "${t}" for each row execute function soilshare_child_county('${parent}', '${fk}');`);
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
    // A parent that moves county takes its children along (as …234000 does for the first tables).
    for (const parent of ['solid_waste_yard', 'legacy_waste_site', 'legacy_waste_item', 'plot', 'soil_transfer_plan']) {
      const args = CHILDREN.filter(([, p]) => p === parent).flatMap(([t, , fk]) => [`'${t}'`, `'${fk}'`]).join(', ');
      this.addSql(`create trigger "${parent}_waste_children_county" after update of "county_code" on "${parent}" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow(${args});`);
    }
  }

  override async down(): Promise<void> {
    for (const parent of ['solid_waste_yard', 'legacy_waste_site', 'legacy_waste_item', 'plot', 'soil_transfer_plan']) {
      this.addSql(`drop trigger if exists "${parent}_waste_children_county" on "${parent}";`);
    }
    this.addSql(`drop index if exists "violation_soil_transfer_leg_unique";`);
    this.addSql(`alter table "violation" drop column if exists "soil_transfer_leg_id";`);
    this.addSql(`delete from "violation" where "kind" = 'SOIL_TRANSFER_DISCREPANCY';`);
    this.addSql(`alter table "violation" drop constraint if exists "violation_kind_check";`);
    this.addSql(`alter table "violation" add constraint "violation_kind_check" check ("kind" in (${VIOLATION_KINDS.map((k) => `'${k}'`).join(', ')}));`);
    for (const t of ['soil_transfer_leg', 'soil_transfer_plan', 'hazardous_waste_manifest_count', 'legacy_waste_disposal', 'legacy_waste_item', 'legacy_waste_site',
      'solid_waste_monitoring', 'solid_waste_ledger', 'solid_waste_yard']) this.addSql(`drop table if exists "${t}" cascade;`);
  }
}
