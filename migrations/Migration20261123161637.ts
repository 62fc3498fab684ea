import { Migration } from '@mikro-orm/migrations';

export class Migration20261123161637 extends Migration {

  override async up(): Promise<void> {
    // Extensions the embedded PostgreSQL ships (contrib): substring search and the `near` filter.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists cube;`);
    this.addSql(`create extension if not exists earthdistance;`);
    this.addSql(`create table "audit_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS')) null, "client_id" int null, "client_name" varchar(255) not null, "operation" varchar(255) not null, "entity" varchar(255) null, "entity_id" varchar(255) null, "action" varchar(255) not null, "outcome" varchar(255) not null, "before" jsonb null, "after" jsonb null, "county_code" varchar(6) null);`);
    this.addSql(`create index "audit_log_county_code_index" on "audit_log" ("county_code");`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
    this.addSql(`create index "audit_log_entity_entity_id_index" on "audit_log" ("entity", "entity_id");`);

    this.addSql(`create table "change_log" ("id" bigserial primary key, "at" timestamptz not null default now(), "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS')) not null, "client_id" int null, "client_name" varchar(255) not null, "entity" varchar(255) not null, "entity_id" varchar(255) not null, "action" text check ("action" in ('CREATED', 'UPDATED', 'STAGE_CHANGED', 'DELETED')) not null, "fields" text[] not null, "county_code" varchar(6) null);`);
    this.addSql(`create index "change_log_county_code_id_index" on "change_log" ("county_code", "id");`);

    this.addSql(`create table "division" ("code" varchar(6) not null, "name" varchar(255) not null, "level" text check ("level" in ('PROVINCE', 'CITY', 'COUNTY')) not null, "parent_code" varchar(6) null, "city_code" varchar(6) null, "province_code" varchar(6) not null, constraint "division_pkey" primary key ("code"));`);
    this.addSql(`create index "division_parent_code_index" on "division" ("parent_code");`);
    this.addSql(`create index "division_city_code_index" on "division" ("city_code");`);
    this.addSql(`create index "division_province_code_index" on "division" ("province_code");`);

    this.addSql(`create table "api_client" ("id" serial primary key, "name" varchar(255) not null, "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS')) not null, "division_code" varchar(6) not null, "token_hash" varchar(64) not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "revoked_at" timestamptz null, "version" int not null default 1);`);
    this.addSql(`alter table "api_client" add constraint "api_client_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "api_client_revoked_at_index" on "api_client" ("revoked_at");`);

    this.addSql(`create table "gb36600_value" ("no" int not null, "category" varchar(255) not null, "name_zh" varchar(255) not null, "name_en" varchar(255) not null, "cas" varchar(255) null, "screen_class1" numeric(12,4) null, "screen_class2" numeric(12,4) null, "intervene_class1" numeric(12,4) null, "intervene_class2" numeric(12,4) null, "unit" varchar(255) not null, "group_zh" varchar(255) null, "note" varchar(255) null, constraint "gb36600_value_pkey" primary key ("no"));`);

    this.addSql(`create table "key_industry" ("name" varchar(255) not null, "source" varchar(255) null, constraint "key_industry_pkey" primary key ("name"));`);

    this.addSql(`create table "key_unit" ("id" serial primary key, "credit_code" varchar(18) not null, "name" varchar(255) not null, "county_code" varchar(6) not null, "industry" varchar(255) not null, "address" varchar(255) null, "listed_on" date not null, "delisted_on" date null, "status" text check ("status" in ('LISTED', 'DELISTED')) not null default 'LISTED', "contact_phone" varchar(255) null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "key_unit" add constraint "key_unit_credit_code_unique" unique ("credit_code");`);
    this.addSql(`create index "key_unit_industry_index" on "key_unit" ("industry");`);
    this.addSql(`create index "key_unit_search_trgm" on "key_unit" using gin ((lower(name || ' ' || credit_code)) gin_trgm_ops);`);
    this.addSql(`create index "key_unit_county_code_status_index" on "key_unit" ("county_code", "status");`);

    this.addSql(`create table "hidden_danger_check" ("id" serial primary key, "key_unit_id" int not null, "completed_on" date not null, "findings" text null, "rectified" boolean not null, "version" int not null default 1, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "hidden_danger_check_key_unit_id_index" on "hidden_danger_check" ("key_unit_id");`);

    this.addSql(`create table "discharge_permit" ("id" serial primary key, "permit_no" varchar(22) not null, "holder_name" varchar(255) not null, "credit_code" varchar(18) not null, "county_code" varchar(6) not null, "industry" varchar(255) not null, "category" text check ("category" in ('KEY', 'SIMPLIFIED', 'REGISTRATION')) not null, "issued_on" date not null, "valid_until" date not null, "stored_status" text check ("stored_status" in ('VALID', 'EXPIRED', 'CANCELLED', 'REVOKED')) not null default 'VALID', "ended_on" date null, "end_reason" text null, "key_unit_id" int null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "discharge_permit" add constraint "discharge_permit_permit_no_unique" unique ("permit_no");`);
    this.addSql(`create index "discharge_permit_credit_code_index" on "discharge_permit" ("credit_code");`);
    this.addSql(`create index "discharge_permit_valid_until_index" on "discharge_permit" ("valid_until");`);
    this.addSql(`create index "discharge_permit_key_unit_id_index" on "discharge_permit" ("key_unit_id");`);
    this.addSql(`create index "discharge_permit_search_trgm" on "discharge_permit" using gin ((lower(holder_name || ' ' || permit_no)) gin_trgm_ops);`);
    this.addSql(`create index "discharge_permit_county_code_ended_on_index" on "discharge_permit" ("county_code", "ended_on");`);

    this.addSql(`create table "land_use" ("code" varchar(8) not null, "name" varchar(255) not null, "sensitive" boolean not null, "scheme" varchar(255) not null, constraint "land_use_pkey" primary key ("code"));`);

    this.addSql(`create table "monitoring_record" ("id" serial primary key, "key_unit_id" int not null, "kind" text check ("kind" in ('SELF_SOIL', 'SELF_GROUNDWATER', 'SURROUNDING_SOIL')) not null, "year" int not null, "sampled_on" date not null, "exceeds_screening" boolean not null, "beyond_boundary" boolean not null, "version" int not null default 1, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "monitoring_record_key_unit_id_year_index" on "monitoring_record" ("key_unit_id", "year");`);

    this.addSql(`create table "plot" ("id" serial primary key, "plot_code" varchar(24) not null, "name" varchar(255) not null, "county_code" varchar(6) not null, "address" varchar(255) null, "area_m2" double precision null, "centroid_lon" double precision null, "centroid_lat" double precision null, "boundary" jsonb null, "industry" varchar(255) null, "former_enterprise" varchar(255) null, "former_credit_code" varchar(18) null, "key_unit_id" int null, "source" text check ("source" in ('KEY_INDUSTRY_SURVEY', 'LAND_USE_CHANGE', 'VACATED_SITE', 'KEY_UNIT_LAND', 'DISCOVERED', 'OTHER')) not null, "stage" text check ("stage" in ('SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED')) not null default 'SUSPECTED', "current_use_code" varchar(8) null, "planned_use_code" varchar(8) null, "land_status" text check ("land_status" in ('NONE', 'RESERVED', 'IN_SUPPLY_PLAN', 'SUPPLIED', 'RECOVERED')) not null default 'NONE', "supply_plan_year" int null, "construction_permit_no" varchar(255) null, "construction_permit_issued_on" date null, "construction_started_on" date null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "plot" add constraint "plot_plot_code_unique" unique ("plot_code");`);
    this.addSql(`create index "plot_key_unit_id_index" on "plot" ("key_unit_id");`);
    this.addSql(`create index "plot_planned_use_code_index" on "plot" ("planned_use_code");`);
    this.addSql(`create index "plot_centroid_earth" on "plot" using gist (ll_to_earth(centroid_lat, centroid_lon)) where centroid_lat is not null;`);
    this.addSql(`create index "plot_search_trgm" on "plot" using gin ((lower(name || ' ' || plot_code || ' ' || coalesce(former_enterprise, ''))) gin_trgm_ops);`);
    this.addSql(`create index "plot_county_code_land_status_index" on "plot" ("county_code", "land_status");`);
    this.addSql(`create index "plot_county_code_stage_index" on "plot" ("county_code", "stage");`);

    this.addSql(`create table "land_event" ("id" serial primary key, "plot_id" int not null, "kind" text check ("kind" in ('PLAN_USE', 'RESERVE', 'SUPPLY', 'RECOVER', 'ACQUIRE', 'CONSTRUCTION_PERMIT', 'CONSTRUCTION_STARTED')) not null, "decided_on" date not null, "planned_use_code" varchar(8) null, "detail" varchar(255) null, "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS')) not null, "client_id" int null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "land_event_plot_id_decided_on_index" on "land_event" ("plot_id", "decided_on");`);
    this.addSql(`create index "land_event_kind_decided_on_index" on "land_event" ("kind", "decided_on");`);

    this.addSql(`create table "reserve_project" ("id" serial primary key, "project_code" varchar(24) not null, "name" varchar(255) not null, "county_code" varchar(6) not null, "category" text check ("category" in ('SOURCE_PREVENTION', 'INVESTIGATION_ASSESSMENT', 'RISK_CONTROL_REMEDIATION', 'FARMLAND_SAFE_USE', 'CAPACITY_BUILDING', 'OTHER')) not null, "stage" text check ("stage" in ('DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN')) not null default 'DRAFT', "year" int not null, "total_investment" numeric(14,2) null, "central_funds_requested" numeric(14,2) null, "central_funds_approved" numeric(14,2) null, "submitted_on" date null, "entered_central_reserve_on" date null, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "reserve_project" add constraint "reserve_project_project_code_unique" unique ("project_code");`);
    this.addSql(`create index "reserve_project_stage_index" on "reserve_project" ("stage");`);
    this.addSql(`create index "reserve_project_entered_central_reserve_on_index" on "reserve_project" ("entered_central_reserve_on");`);
    this.addSql(`create index "reserve_project_county_code_year_index" on "reserve_project" ("county_code", "year");`);

    this.addSql(`create table "reserve_project_plot" ("reserve_project_id" int not null, "plot_id" int not null, constraint "reserve_project_plot_pkey" primary key ("reserve_project_id", "plot_id"));`);

    this.addSql(`create table "reserve_project_key_unit" ("reserve_project_id" int not null, "key_unit_id" int not null, constraint "reserve_project_key_unit_pkey" primary key ("reserve_project_id", "key_unit_id"));`);

    this.addSql(`create table "stage_event" ("id" serial primary key, "plot_id" int not null, "from_stage" text check ("from_stage" in ('SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED')) null, "to_stage" text check ("to_stage" in ('SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED')) not null, "effective_on" date not null, "recorded_at" timestamptz not null default now(), "agency" text check ("agency" in ('ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS')) not null, "client_id" int null, "evidence" jsonb null);`);
    this.addSql(`create index "stage_event_to_stage_effective_on_index" on "stage_event" ("to_stage", "effective_on");`);
    this.addSql(`create index "stage_event_plot_id_effective_on_index" on "stage_event" ("plot_id", "effective_on");`);

    this.addSql(`create table "vacated_site" ("id" serial primary key, "county_code" varchar(6) not null, "enterprise_name" varchar(255) not null, "credit_code" varchar(18) not null, "industry" varchar(255) not null, "permit_id" int null, "vacated_on" date not null, "demolition_report_filed" boolean not null default false, "land_reserved_on" date null, "plot_id" int null, "status" text check ("status" in ('VACATED', 'UNDER_INVESTIGATION', 'RELEASED')) not null default 'VACATED', "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_permit_id_unique" unique ("permit_id");`);
    this.addSql(`create index "vacated_site_plot_id_index" on "vacated_site" ("plot_id");`);
    this.addSql(`create index "vacated_site_county_code_status_index" on "vacated_site" ("county_code", "status");`);

    this.addSql(`create table "violation" ("id" serial primary key, "plot_id" int not null, "county_code" varchar(6) not null, "kind" text check ("kind" in ('CONSTRUCTION_BEFORE_CLEARANCE', 'SENSITIVE_USE_OF_LISTED_PLOT', 'SUPPLY_WITHOUT_INVESTIGATION')) not null, "detected_on" date not null, "rectified_on" date null, "note" text null, "version" int not null default 1, "created_at" timestamptz not null default now());`);
    this.addSql(`create index "violation_plot_id_index" on "violation" ("plot_id");`);
    this.addSql(`create index "violation_county_code_rectified_on_index" on "violation" ("county_code", "rectified_on");`);

    this.addSql(`alter table "division" add constraint "division_parent_code_foreign" foreign key ("parent_code") references "division" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "api_client" add constraint "api_client_division_code_foreign" foreign key ("division_code") references "division" ("code") on update cascade;`);

    this.addSql(`alter table "key_unit" add constraint "key_unit_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);

    this.addSql(`alter table "hidden_danger_check" add constraint "hidden_danger_check_key_unit_id_foreign" foreign key ("key_unit_id") references "key_unit" ("id") on update cascade;`);

    this.addSql(`alter table "discharge_permit" add constraint "discharge_permit_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);
    this.addSql(`alter table "discharge_permit" add constraint "discharge_permit_key_unit_id_foreign" foreign key ("key_unit_id") references "key_unit" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "monitoring_record" add constraint "monitoring_record_key_unit_id_foreign" foreign key ("key_unit_id") references "key_unit" ("id") on update cascade;`);

    this.addSql(`alter table "plot" add constraint "plot_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);
    this.addSql(`alter table "plot" add constraint "plot_key_unit_id_foreign" foreign key ("key_unit_id") references "key_unit" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "plot" add constraint "plot_current_use_code_foreign" foreign key ("current_use_code") references "land_use" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "plot" add constraint "plot_planned_use_code_foreign" foreign key ("planned_use_code") references "land_use" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "land_event" add constraint "land_event_plot_id_foreign" foreign key ("plot_id") references "plot" ("id") on update cascade;`);
    this.addSql(`alter table "land_event" add constraint "land_event_planned_use_code_foreign" foreign key ("planned_use_code") references "land_use" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "reserve_project" add constraint "reserve_project_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);

    this.addSql(`alter table "reserve_project_plot" add constraint "reserve_project_plot_reserve_project_id_foreign" foreign key ("reserve_project_id") references "reserve_project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reserve_project_plot" add constraint "reserve_project_plot_plot_id_foreign" foreign key ("plot_id") references "plot" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "reserve_project_key_unit" add constraint "reserve_project_key_unit_reserve_project_id_foreign" foreign key ("reserve_project_id") references "reserve_project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "reserve_project_key_unit" add constraint "reserve_project_key_unit_key_unit_id_foreign" foreign key ("key_unit_id") references "key_unit" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "stage_event" add constraint "stage_event_plot_id_foreign" foreign key ("plot_id") references "plot" ("id") on update cascade;`);

    this.addSql(`alter table "vacated_site" add constraint "vacated_site_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_permit_id_foreign" foreign key ("permit_id") references "discharge_permit" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_plot_id_foreign" foreign key ("plot_id") references "plot" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "violation" add constraint "violation_plot_id_foreign" foreign key ("plot_id") references "plot" ("id") on update cascade;`);
    this.addSql(`alter table "violation" add constraint "violation_county_code_foreign" foreign key ("county_code") references "division" ("code") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "division" drop constraint "division_parent_code_foreign";`);

    this.addSql(`alter table "api_client" drop constraint "api_client_division_code_foreign";`);

    this.addSql(`alter table "key_unit" drop constraint "key_unit_county_code_foreign";`);

    this.addSql(`alter table "discharge_permit" drop constraint "discharge_permit_county_code_foreign";`);

    this.addSql(`alter table "plot" drop constraint "plot_county_code_foreign";`);

    this.addSql(`alter table "reserve_project" drop constraint "reserve_project_county_code_foreign";`);

    this.addSql(`alter table "vacated_site" drop constraint "vacated_site_county_code_foreign";`);

    this.addSql(`alter table "violation" drop constraint "violation_county_code_foreign";`);

    this.addSql(`alter table "hidden_danger_check" drop constraint "hidden_danger_check_key_unit_id_foreign";`);

    this.addSql(`alter table "discharge_permit" drop constraint "discharge_permit_key_unit_id_foreign";`);

    this.addSql(`alter table "monitoring_record" drop constraint "monitoring_record_key_unit_id_foreign";`);

    this.addSql(`alter table "plot" drop constraint "plot_key_unit_id_foreign";`);

    this.addSql(`alter table "reserve_project_key_unit" drop constraint "reserve_project_key_unit_key_unit_id_foreign";`);

    this.addSql(`alter table "vacated_site" drop constraint "vacated_site_permit_id_foreign";`);

    this.addSql(`alter table "plot" drop constraint "plot_current_use_code_foreign";`);

    this.addSql(`alter table "plot" drop constraint "plot_planned_use_code_foreign";`);

    this.addSql(`alter table "land_event" drop constraint "land_event_planned_use_code_foreign";`);

    this.addSql(`alter table "land_event" drop constraint "land_event_plot_id_foreign";`);

    this.addSql(`alter table "reserve_project_plot" drop constraint "reserve_project_plot_plot_id_foreign";`);

    this.addSql(`alter table "stage_event" drop constraint "stage_event_plot_id_foreign";`);

    this.addSql(`alter table "vacated_site" drop constraint "vacated_site_plot_id_foreign";`);

    this.addSql(`alter table "violation" drop constraint "violation_plot_id_foreign";`);

    this.addSql(`alter table "reserve_project_plot" drop constraint "reserve_project_plot_reserve_project_id_foreign";`);

    this.addSql(`alter table "reserve_project_key_unit" drop constraint "reserve_project_key_unit_reserve_project_id_foreign";`);

    this.addSql(`drop table if exists "audit_log" cascade;`);

    this.addSql(`drop table if exists "change_log" cascade;`);

    this.addSql(`drop table if exists "division" cascade;`);

    this.addSql(`drop table if exists "api_client" cascade;`);

    this.addSql(`drop table if exists "gb36600_value" cascade;`);

    this.addSql(`drop table if exists "key_industry" cascade;`);

    this.addSql(`drop table if exists "key_unit" cascade;`);

    this.addSql(`drop table if exists "hidden_danger_check" cascade;`);

    this.addSql(`drop table if exists "discharge_permit" cascade;`);

    this.addSql(`drop table if exists "land_use" cascade;`);

    this.addSql(`drop table if exists "monitoring_record" cascade;`);

    this.addSql(`drop table if exists "plot" cascade;`);

    this.addSql(`drop table if exists "land_event" cascade;`);

    this.addSql(`drop table if exists "reserve_project" cascade;`);

    this.addSql(`drop table if exists "reserve_project_plot" cascade;`);

    this.addSql(`drop table if exists "reserve_project_key_unit" cascade;`);

    this.addSql(`drop table if exists "stage_event" cascade;`);

    this.addSql(`drop table if exists "vacated_site" cascade;`);

    this.addSql(`drop table if exists "violation" cascade;`);
  }

}
