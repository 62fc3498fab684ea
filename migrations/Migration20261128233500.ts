import { Migration } from '@mikro-orm/migrations';

/**
 * The project reserve's stage history (issue 14; RULES.md §7): reserve_stage_event, one row per move, so that
 * the tracker read as of a past date keeps its answer when a project is edited or withdrawn later. A child of
 * reserve_project under row-level security as the other children are since Migration20261128234000 (which runs
 * before this one): the row carries its project's county, set by the trigger soilshare_child_county and kept
 * equal when the project moves county, and the policy tests that column. The batch document (入库批次文号)
 * joins the project.
 *
 * Backfill: each existing project gets the moves its row shows, dated with its own dates — SUBMITTED on
 * submitted_on, IN_CENTRAL_RESERVE on entered_central_reserve_on (only for projects whose stage is that or
 * later, or WITHDRAWN: a DRAFT or SUBMITTED row carrying an entry date never entered), and a current stage
 * past those on the latest date the row knows (its last update). A DRAFT project has no event.
 */
const ALL = `(select current_setting('soilshare.scope', true) = 'all')`;
const sees = (column: string) => `(${ALL} or ${column} = any ((select string_to_array(nullif(current_setting('soilshare.scope', true), ''), ','))::text[]))`;
const STAGES = `('DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN')`;

export class Migration20261128233500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "reserve_project" add column "central_reserve_batch_no" varchar(100) null;`);
    this.addSql(`create table "reserve_stage_event" ("id" serial primary key,
      "project_id" int not null references "reserve_project" ("id") on update cascade,
      "from_stage" text not null check ("from_stage" in ${STAGES}), "to_stage" text not null check ("to_stage" in ${STAGES}),
      "effective_on" date not null, "recorded_at" timestamptz not null default now(), "agency" text not null, "client_id" int null,
      "county_code" varchar(6) not null);`);
    this.addSql(`create trigger "reserve_stage_event_county" before insert or update of "project_id" on "reserve_stage_event" for each row execute function soilshare_child_county('reserve_project', 'project_id');`);
    this.addSql(`create trigger "reserve_project_stage_events_county" after update of "county_code" on "reserve_project" for each row
      when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('reserve_stage_event', 'project_id');`);
    // A project's stage at a date: one probe of this index.
    this.addSql(`create index "reserve_stage_event_project_effective" on "reserve_stage_event" ("project_id", "effective_on" desc, "id" desc) include ("to_stage");`);

    this.addSql(`insert into "reserve_stage_event" ("project_id", "from_stage", "to_stage", "effective_on", "agency", "client_id", "recorded_at")
      select m.project_id, coalesce(lag(m.to_stage) over w, 'DRAFT'), m.to_stage, m.effective_on, 'ECO', null, now()
      from (
        select r.id as project_id, 1 as seq, 'SUBMITTED' as to_stage, r.submitted_on as effective_on
          from "reserve_project" r where r.stage <> 'DRAFT' and r.submitted_on is not null
        union all
        select r.id, 2, 'IN_CENTRAL_RESERVE', r.entered_central_reserve_on
          from "reserve_project" r where r.stage in ('IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN') and r.entered_central_reserve_on is not null
        union all
        select r.id, 3, r.stage, greatest(r.submitted_on, r.entered_central_reserve_on, (r.updated_at at time zone 'Asia/Shanghai')::date)
          from "reserve_project" r
          where r.stage <> 'DRAFT'
            and not (r.stage = 'SUBMITTED' and r.submitted_on is not null)
            and not (r.stage = 'IN_CENTRAL_RESERVE' and r.entered_central_reserve_on is not null)
      ) m
      window w as (partition by m.project_id order by m.seq);`);

    this.addSql(`alter table "reserve_stage_event" enable row level security;`);
    this.addSql(`create policy "scope" on "reserve_stage_event" using ${sees('county_code')} with check ${sees('county_code')};`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "reserve_project_stage_events_county" on "reserve_project";`);
    this.addSql(`drop table if exists "reserve_stage_event" cascade;`);
    this.addSql(`alter table "reserve_project" drop column "central_reserve_batch_no";`);
  }
}
