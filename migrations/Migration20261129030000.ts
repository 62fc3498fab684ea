import { Migration } from '@mikro-orm/migrations';

/**
 * Farmland (RULES.md §12; Xiaoyi plan 9–10, Jinzhong plan 1–2), written by the agriculture bureau:
 * - farmland_unit (耕地图斑): a county's unit with its code (unique in the county), area, the category it was
 *   registered with, the permanent-basic-farmland flag and its boundary (GeoJSON, as plots keep theirs);
 *   `registered_on` null = part of the baseline survey (in force at every date), else the date it joined.
 * - farmland_category_change (类别动态调整): from, to, reason, proposed on, approved by the city government on
 *   (in force from then; null while pending), reported to the province on. History is kept: the category at a
 *   date is the last change approved on or before it, else the registration category (farmland.sql.ts).
 * Both rows are county-bound with row security like the others (…221000, …234000: the child by trigger).
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
const CATEGORY = `in ('PRIORITY_PROTECTION', 'SAFE_USE', 'STRICT_CONTROL')`;

export class Migration20261129030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "farmland_unit" (
      "id" serial primary key,
      "county_code" varchar(6) not null references "division" ("code") on update cascade,
      "code" varchar(40) not null,
      "name" varchar(100) null,
      "area_m2" double precision not null check ("area_m2" > 0),
      "registered_category" varchar(24) not null check ("registered_category" ${CATEGORY}),
      "basic_farmland" boolean not null default false,
      "boundary" jsonb null,
      "plot_id" int null references "plot" ("id") on update cascade on delete set null,
      "registered_on" date null,
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "farmland_unit_county_code_unique" unique ("county_code", "code"));`);
    this.addSql(`create index "farmland_unit_plot_id_index" on "farmland_unit" ("plot_id");`);
    this.addSql(`create table "farmland_category_change" (
      "id" serial primary key,
      "unit_id" int not null references "farmland_unit" ("id") on update cascade,
      "county_code" varchar(6) not null,
      "from_category" varchar(24) not null check ("from_category" ${CATEGORY}),
      "to_category" varchar(24) not null check ("to_category" ${CATEGORY}),
      "reason" varchar(24) not null check ("reason" in ('LAND_USE_CHANGE', 'ROUTINE_MONITORING', 'SOIL_CROP_MONITORING')),
      "proposed_on" date not null,
      "approved_on" date null,
      "approval_document" varchar(100) null,
      "reported_to_province_on" date null,
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "farmland_category_change_moves" check ("from_category" <> "to_category"),
      constraint "farmland_category_change_dates" check (("approved_on" is null or "approved_on" >= "proposed_on")
        and ("reported_to_province_on" is null or ("approved_on" is not null and "reported_to_province_on" >= "approved_on"))));`);
    this.addSql(`create index "farmland_category_change_unit_index" on "farmland_category_change" ("unit_id", "approved_on");`);
    this.addSql(`create index "farmland_category_change_county_index" on "farmland_category_change" ("county_code", "approved_on");`);
    // At most one change pending (proposed, not yet approved) per unit.
    this.addSql(`create unique index "farmland_category_change_one_pending" on "farmland_category_change" ("unit_id") where "approved_on" is null;`);
    this.addSql(`create trigger "farmland_category_change_county" before insert or update of "unit_id" on "farmland_category_change" for each row execute function soilshare_child_county('farmland_unit', 'unit_id');`);
    this.addSql(`create trigger "farmland_unit_children_county" after update of "county_code" on "farmland_unit" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('farmland_category_change', 'unit_id');`);
    for (const t of ['farmland_unit', 'farmland_category_change']) {
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "farmland_category_change";`);
    this.addSql(`drop table if exists "farmland_unit";`);
  }
}
