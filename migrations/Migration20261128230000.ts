import { Migration } from '@mikro-orm/migrations';

/**
 * Plots as the law has them (issue 13; RULES.md §1–§6): investigation triggers with their dates, the land
 * class a clearance was judged against, the supply act's content, the works' purpose, and the records that
 * meet the new plot duties (real-estate filing of a key unit's land, post-management plans and their records).
 * Each new table is a child of a plot: row-level security shows a row with its plot (as stage_event).
 */
const CHILDREN = ['investigation_trigger', 'real_estate_filing', 'post_management_plan', 'post_management_record'];
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;

export class Migration20261128230000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "investigation_trigger" ("id" serial primary key, "plot_id" int not null references "plot" ("id") on update cascade,
      "kind" text not null check ("kind" in ('SURVEY', 'MONITORING', 'DISCOVERED', 'VACATED_SITE', 'KEY_UNIT_LAND', 'USE_CHANGE')),
      "arose_on" date not null, "detail" varchar(255) null, "agency" text not null, "client_id" int null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "investigation_trigger_plot_id_arose_on_index" on "investigation_trigger" ("plot_id", "arose_on");`);
    this.addSql(`create table "real_estate_filing" ("id" serial primary key, "plot_id" int not null references "plot" ("id") on update cascade,
      "registered_on" date not null, "eco_filed_on" date not null, "document_no" varchar(100) not null, "agency" text not null, "client_id" int null,
      "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "real_estate_filing_plot_id_index" on "real_estate_filing" ("plot_id");`);
    this.addSql(`create table "post_management_plan" ("id" serial primary key, "plot_id" int not null references "plot" ("id") on update cascade,
      "document" jsonb not null, "starts_on" date not null, "monitoring_every_months" int not null check ("monitoring_every_months" between 1 and 120),
      "review_every_years" int not null check ("review_every_years" between 1 and 50), "ends_on" date null, "agency" text not null, "client_id" int null,
      "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "post_management_plan_plot_id_index" on "post_management_plan" ("plot_id");`);
    this.addSql(`create table "post_management_record" ("id" serial primary key, "plot_id" int not null references "plot" ("id") on update cascade,
      "kind" text not null check ("kind" in ('MONITORING', 'REVIEW')), "done_on" date not null, "findings" varchar(255) null, "agency" text not null,
      "client_id" int null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "post_management_record_plot_id_index" on "post_management_record" ("plot_id");`);

    // The class a clearance was judged against (RULES.md §2); earlier cleared moves stay null = SECOND.
    this.addSql(`alter table "stage_event" add column "land_class" text null check ("land_class" in ('FIRST', 'SECOND'));`);
    // The supply act and the works' purpose (RULES.md §3, §5); TRANSFER joins the land acts.
    this.addSql(`alter table "land_event" add column "supplied_use_codes" text[] null, add column "supply_method" text null check ("supply_method" in ('ALLOCATION', 'GRANT', 'LEASE')),
      add column "decision_no" varchar(100) null, add column "purpose" text null check ("purpose" in ('REGULAR', 'RISK_CONTROL_OR_REMEDIATION'));`);
    this.addSql(`alter table "land_event" drop constraint if exists "land_event_kind_check";`);
    this.addSql(`alter table "land_event" add constraint "land_event_kind_check" check ("kind" in ('PLAN_USE', 'RESERVE', 'SUPPLY', 'RECOVER', 'ACQUIRE', 'TRANSFER', 'CONSTRUCTION_PERMIT', 'CONSTRUCTION_STARTED'));`);
    // Supplies recorded before this release supplied the use planned then.
    this.addSql(`update "land_event" le set "supplied_use_codes" = array[le."planned_use_code"] where le."kind" = 'SUPPLY' and le."planned_use_code" is not null;`);
    // Works under a permit recorded before: the permit's purpose was kept in `detail` ("REGULAR 建字…").
    this.addSql(`update "land_event" set "purpose" = split_part("detail", ' ', 1) where "kind" = 'CONSTRUCTION_PERMIT' and split_part("detail", ' ', 1) in ('REGULAR', 'RISK_CONTROL_OR_REMEDIATION');`);

    // Existing plots: the registration source gives the first trigger, dated with the plot's first event.
    this.addSql(`insert into "investigation_trigger" ("plot_id", "kind", "arose_on", "detail", "agency", "client_id")
      select p."id",
        case p."source" when 'KEY_INDUSTRY_SURVEY' then 'SURVEY' when 'LAND_USE_CHANGE' then 'USE_CHANGE' when 'VACATED_SITE' then 'VACATED_SITE'
          when 'KEY_UNIT_LAND' then 'KEY_UNIT_LAND' when 'DISCOVERED' then 'DISCOVERED' else 'MONITORING' end,
        (select min(e."effective_on") from "stage_event" e where e."plot_id" = p."id"), 'registration source ' || p."source", e0."agency", e0."client_id"
      from "plot" p cross join lateral (select e."agency", e."client_id" from "stage_event" e where e."plot_id" = p."id" order by e."effective_on", e."id" limit 1) e0;`);
    // …and a 一住两公 plan of a plot whose current use is not 一住两公 gives USE_CHANGE from the plan's date.
    this.addSql(`insert into "investigation_trigger" ("plot_id", "kind", "arose_on", "detail", "agency", "client_id")
      select le."plot_id", 'USE_CHANGE', min(le."decided_on"), 'planLandUse (before triggers were recorded)', min(le."agency"), null
      from "land_event" le join "land_use" u on u."code" = le."planned_use_code" and u."sensitive" join "plot" p on p."id" = le."plot_id"
      left join "land_use" cu on cu."code" = p."current_use_code"
      where le."kind" in ('PLAN_USE', 'SUPPLY') and not coalesce(cu."sensitive", false) and p."source" <> 'LAND_USE_CHANGE'
      group by le."plot_id";`);

    for (const t of CHILDREN) {
      const visible = `(${ALL} or exists (select 1 from "plot" p where p.id = "${t}"."plot_id"))`;
      this.addSql(`alter table "${t}" enable row level security;`);
      this.addSql(`create policy "scope" on "${t}" using ${visible} with check ${visible};`);
    }
  }

  override async down(): Promise<void> {
    for (const t of CHILDREN) this.addSql(`drop table if exists "${t}" cascade;`);
    this.addSql(`alter table "stage_event" drop column "land_class";`);
    this.addSql(`delete from "land_event" where "kind" = 'TRANSFER';`);
    this.addSql(`alter table "land_event" drop column "supplied_use_codes", drop column "supply_method", drop column "decision_no", drop column "purpose";`);
    this.addSql(`alter table "land_event" drop constraint if exists "land_event_kind_check";`);
    this.addSql(`alter table "land_event" add constraint "land_event_kind_check" check ("kind" in ('PLAN_USE', 'RESERVE', 'SUPPLY', 'RECOVER', 'ACQUIRE', 'CONSTRUCTION_PERMIT', 'CONSTRUCTION_STARTED'));`);
  }
}
