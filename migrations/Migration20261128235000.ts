import { Migration } from '@mikro-orm/migrations';

/**
 * Key units as RULES.md §6 (corrected) has them (issue 14):
 * - key_unit_listing: the directory's listing periods (listed, delisted, listed again, each with its batch
 *   document). key_unit.listed_on / delisted_on / status stay as the current (latest) period's, written in the
 *   same transaction, so the contract's fields answer from it; duties and reports read the periods as of a date.
 *   A child of key_unit for row security: its own county column, set by soilshare_child_county and followed
 *   when the unit moves county (Migration20261128234000's shape).
 * - hidden_danger_check: whether hazards were found, their rectification deadline and when they were rectified
 *   (HIDDEN_DANGER_RECTIFICATION).
 * - monitoring_record: the follow-up of a record over the screening values (EXCEEDANCE_FOLLOW_UP).
 * - key_unit: its 一厂一策 policy document and the date it was recorded (ONE_PLANT_ONE_POLICY).
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
/** key_unit's children (Migration20261128234000's list for key_unit), with the listing table added. */
const KEY_UNIT_CHILDREN = `'hidden_danger_check', 'key_unit_id', 'monitoring_record', 'key_unit_id'`;

export class Migration20261128235000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "key_unit_listing" ("id" serial primary key, "key_unit_id" int not null references "key_unit" ("id") on update cascade,
      "listed_on" date not null, "listing_document" varchar(100) null, "delisted_on" date null, "delisting_document" varchar(100) null,
      "recorded_at" timestamptz not null default now(), "agency" text not null, "client_id" int null, "county_code" varchar(6) not null,
      constraint "key_unit_listing_dates_check" check ("delisted_on" is null or "delisted_on" >= "listed_on"));`);
    this.addSql(`create index "key_unit_listing_key_unit_id_listed_on_index" on "key_unit_listing" ("key_unit_id", "listed_on");`);
    // At most one open period per unit.
    this.addSql(`create unique index "key_unit_listing_open_unique" on "key_unit_listing" ("key_unit_id") where "delisted_on" is null;`);
    this.addSql(`create trigger "key_unit_listing_county" before insert or update of "key_unit_id" on "key_unit_listing" for each row execute function soilshare_child_county('key_unit', 'key_unit_id');`);
    this.addSql(`alter table "key_unit_listing" enable row level security;`);
    this.addSql(`create policy "scope" on "key_unit_listing" using ${sees('county_code')} with check ${sees('county_code')};`);
    this.addSql(`drop trigger if exists "key_unit_children_county" on "key_unit";`);
    this.addSql(`create trigger "key_unit_children_county" after update of "county_code" on "key_unit" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow(${KEY_UNIT_CHILDREN}, 'key_unit_listing', 'key_unit_id');`);
    // One period per existing unit, from its listing dates (the batch documents were never recorded).
    this.addSql(`insert into "key_unit_listing" ("key_unit_id", "listed_on", "delisted_on", "agency", "county_code")
      select "id", "listed_on", "delisted_on", 'ECO', "county_code" from "key_unit" order by "id";`);

    this.addSql(`alter table "hidden_danger_check" add column "hazards_found" boolean not null default false, add column "rectification_deadline" date null,
      add column "rectified_on" date null;`);
    this.addSql(`alter table "monitoring_record" add column "follow_up_on" date null, add column "follow_up_cause" text null, add column "follow_up_measures" text null;`);
    this.addSql(`alter table "key_unit" add column "one_plant_policy" jsonb null, add column "one_plant_policy_on" date null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "key_unit" drop column "one_plant_policy", drop column "one_plant_policy_on";`);
    this.addSql(`alter table "monitoring_record" drop column "follow_up_on", drop column "follow_up_cause", drop column "follow_up_measures";`);
    this.addSql(`alter table "hidden_danger_check" drop column "hazards_found", drop column "rectification_deadline", drop column "rectified_on";`);
    this.addSql(`drop trigger if exists "key_unit_children_county" on "key_unit";`);
    this.addSql(`create trigger "key_unit_children_county" after update of "county_code" on "key_unit" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow(${KEY_UNIT_CHILDREN});`);
    this.addSql(`drop table if exists "key_unit_listing" cascade;`);
  }
}
