import { Migration } from '@mikro-orm/migrations';

/**
 * Enforcement (RULES §10; Jinzhong plan 11–13, Xiaoyi plan 6): remote-sensing batches and their change
 * polygons (卫星遥感非现场检查), leads (线索), cases (案件, with the referral to the police 移送公安) and joint
 * meetings (联席会议).
 *
 * - Leads and cases are county-bound: row security by their county column, as every county-bound table.
 * - A joint meeting belongs to a county or to the city that convened it: visible to tokens whose divisions
 *   include that division (the scope setting lists every division at or under the token's).
 * - A batch and its polygons are the imagery as delivered, possibly over several counties: no county of their
 *   own (a polygon becomes county data only through the leads it gives, which carry the plot's county). The
 *   batch keeps the importing token's division, and the list of batches shows a token those of its divisions.
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
const AGENCIES = `('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY')`;

export class Migration20261129011000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "remote_sensing_batch" (
      "id" serial primary key,
      "batch_no" varchar(100) not null unique,
      "acquired_on" date not null,
      "polygon_count" int not null,
      "lead_count" int not null,
      "untouched_count" int not null,
      "division_code" varchar(6) not null,
      "agency" text not null check ("agency" in ${AGENCIES}),
      "client_id" int null,
      "version" int not null default 1,
      "imported_at" timestamptz not null default now()
    );`);
    this.addSql(`create table "remote_sensing_polygon" (
      "id" serial primary key,
      "batch_id" int not null references "remote_sensing_batch" ("id"),
      "feature_index" int not null,
      "geometry" jsonb not null,
      "matched_plots" int not null default 0,
      constraint "remote_sensing_polygon_batch_feature_unique" unique ("batch_id", "feature_index")
    );`);

    this.addSql(`create table "lead" (
      "id" serial primary key,
      "county_code" varchar(6) not null references "division" ("code"),
      "source" text not null check ("source" in ('REMOTE_SENSING', 'PUBLIC_REPORT', 'INSPECTION', 'REFERRAL')),
      "state" text not null default 'NEW' check ("state" in ('NEW', 'VERIFYING', 'CASE', 'DISMISSED')),
      "received_on" date not null,
      "description" text not null,
      "plot_id" int null references "plot" ("id"),
      "inspection_id" int null references "inspection" ("id"),
      "polygon_id" int null references "remote_sensing_polygon" ("id"),
      "verifying_on" date null,
      "closed_on" date null,
      "dismissal_reason" text null,
      "agency" text not null check ("agency" in ${AGENCIES}),
      "client_id" int null,
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "lead_polygon_plot_unique" unique ("polygon_id", "plot_id")
    );`);
    this.addSql(`create index "lead_county_state_index" on "lead" ("county_code", "state");`);
    this.addSql(`create index "lead_plot_id_index" on "lead" ("plot_id") where "plot_id" is not null;`);

    this.addSql(`create table "enforcement_case" (
      "id" serial primary key,
      "county_code" varchar(6) not null references "division" ("code"),
      "case_no" varchar(100) not null unique,
      "opened_on" date not null,
      "lead_id" int null unique references "lead" ("id"),
      "plot_id" int null references "plot" ("id"),
      "key_unit_id" int null references "key_unit" ("id"),
      "party" varchar(255) not null,
      "party_credit_code" varchar(18) null,
      "facts" text not null,
      "penalty_decision_no" varchar(100) null,
      "penalty_decided_on" date null,
      "penalty_amount" numeric(14, 2) null,
      "referred_on" date null,
      "referred_to" varchar(255) null,
      "police_feedback" text null,
      "police_feedback_on" date null,
      "closed_on" date null,
      "closing_note" text null,
      "agency" text not null check ("agency" in ${AGENCIES}),
      "client_id" int null,
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "enforcement_case_referral_complete" check (("referred_on" is null) = ("referred_to" is null)),
      constraint "enforcement_case_feedback_after_referral" check ("police_feedback_on" is null or "referred_on" is not null)
    );`);
    this.addSql(`create index "enforcement_case_county_index" on "enforcement_case" ("county_code", "opened_on");`);
    this.addSql(`create index "enforcement_case_plot_id_index" on "enforcement_case" ("plot_id") where "plot_id" is not null;`);

    this.addSql(`create table "joint_meeting" (
      "id" serial primary key,
      "division_code" varchar(6) not null references "division" ("code"),
      "held_on" date not null,
      "title" varchar(255) not null,
      "minutes_no" varchar(100) null,
      "agencies" text[] not null,
      "lead_ids" int[] not null default '{}',
      "case_ids" int[] not null default '{}',
      "decisions" text[] not null default '{}',
      "agency" text not null check ("agency" in ${AGENCIES}),
      "client_id" int null,
      "version" int not null default 1,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create index "joint_meeting_division_held_on_index" on "joint_meeting" ("division_code", "held_on");`);

    for (const t of ['lead', 'enforcement_case']) {
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${sees('county_code')} with check ${sees('county_code')};`);
    }
    this.addSql(`alter table "joint_meeting" enable row level security;`);
    this.addSql(`create policy "scope" on "joint_meeting" using ${sees('division_code')} with check ${sees('division_code')};`);
  }

  override async down(): Promise<void> {
    for (const t of ['joint_meeting', 'enforcement_case', 'lead', 'remote_sensing_polygon', 'remote_sensing_batch']) this.addSql(`drop table if exists "${t}";`);
  }
}
