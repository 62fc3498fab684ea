import { Field, ObjectType, registerEnumType } from 'type-graphql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DateScalar } from '../../graphql/scalars';
import { marks } from '../../db/named';

export enum ObligationKind {
  HIDDEN_DANGER_CHECK = 'HIDDEN_DANGER_CHECK',
  SELF_MONITORING = 'SELF_MONITORING',
  PERMIT_COVERAGE = 'PERMIT_COVERAGE',
  ONE_PLANT_ONE_POLICY = 'ONE_PLANT_ONE_POLICY',
  INVESTIGATION_BEFORE_USE_CHANGE = 'INVESTIGATION_BEFORE_USE_CHANGE',
}
registerEnumType(ObligationKind, { name: 'ObligationKind' });
export enum ObligationState { MET = 'MET', DUE = 'DUE', OVERDUE = 'OVERDUE' }
registerEnumType(ObligationState, { name: 'ObligationState' });

@ObjectType('Obligation', { simpleResolvers: true })
export class Obligation {
  @Field(() => ObligationKind) kind!: ObligationKind;
  @Field(() => ObligationState) state!: ObligationState;
  @Field(() => DateScalar, { nullable: true }) dueOn!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

export interface ObligationRow extends Obligation { keyUnitId: number; countyCode: string }

/**
 * The duties of key units (BRIEF.md "Duties of a key unit") as of a date, as ONE SQL definition: the
 * `obligations` field (today, for a batch of units), the `obligations` query and the quarterly report
 * (a quarter's last day, for every unit of a division) all run this statement, so they cannot disagree.
 * Everything is read "as of :d": records sampled or completed by then, stages and planned uses from history.
 * `units` is a SQL fragment selecting candidate key_unit ids; `date` the SQL of the date (a placeholder of
 * the caller's style: `?`, `:last`, `$3`), which comes before any placeholder in `units`.
 */
export function obligationsSql(units: string, date = '?'): string {
  return `
with d as (select ${date}::date as d),
u as (
  select ku.id, ku.county_code, ku.listed_on, ku.delisted_on, extract(year from d.d)::int as y, d.d
  from key_unit ku cross join d
  where ku.id in (${units}) and ku.listed_on <= d.d and (ku.delisted_on is null or ku.delisted_on > d.d)
),
hdc as (
  select u.id, u.county_code, 'HIDDEN_DANGER_CHECK' as kind,
    case when c.done then 'MET' when u.d <= (u.listed_on + interval '1 year')::date then 'DUE' else 'OVERDUE' end as state,
    case when c.done then null else (u.listed_on + interval '1 year')::date end as due_on,
    null::text as detail
  from u cross join lateral (select exists (select 1 from hidden_danger_check h where h.key_unit_id = u.id and h.completed_on <= u.d) as done) c
),
-- Each check is an index probe of monitoring_record (key_unit_id, year) for the unit: a shared CTE of
-- every unit's records was scanned once per unit inside CASE (quadratic: 137 ms of a city report at scale 1).
selfmon as (
  select u.id, u.county_code, 'SELF_MONITORING' as kind,
    case
      when u.listed_on <= make_date(u.y - 1, 1, 1)
        and not (exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y - 1 and m.kind = 'SELF_SOIL' and m.sampled_on <= u.d)
             and exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y - 1 and m.kind = 'SELF_GROUNDWATER' and m.sampled_on <= u.d)) then 'OVERDUE'
      when exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y and m.kind = 'SELF_SOIL' and m.sampled_on <= u.d)
        and exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y and m.kind = 'SELF_GROUNDWATER' and m.sampled_on <= u.d) then 'MET'
      else 'DUE' end as state,
    null::date as due_on, null::text as detail
  from u
),
permit as (
  select u.id, u.county_code, 'PERMIT_COVERAGE' as kind,
    case when exists (select 1 from discharge_permit p where p.key_unit_id = u.id and p.issued_on <= u.d and p.valid_until >= u.d
                        and (p.ended_on is null or p.ended_on > u.d)) then 'MET' else 'OVERDUE' end as state,
    null::date as due_on, null::text as detail
  from u
),
oneplant as (
  select u.id, u.county_code, 'ONE_PLANT_ONE_POLICY' as kind,
    case when exists (select 1 from plot p join stage_event e on e.plot_id = p.id
                      where p.key_unit_id = u.id and e.to_stage in ('RISK_CONTROL', 'REMEDIATION')
                        and e.effective_on >= m.sampled_on and e.effective_on <= u.d) then 'MET'
         when u.d <= m.sampled_on + 180 then 'DUE' else 'OVERDUE' end as state,
    m.sampled_on + 180 as due_on,
    'surrounding soil sampled ' || m.sampled_on::text || ' found pollution beyond the boundary' as detail
  from u join monitoring_record m on m.key_unit_id = u.id and m.kind = 'SURROUNDING_SOIL' and m.beyond_boundary and m.sampled_on <= u.d
),
useplot as (
  select u.id, u.county_code, 'INVESTIGATION_BEFORE_USE_CHANGE' as kind,
    case when planned.supply_plan_year is not null and u.d >= make_date(planned.supply_plan_year, 1, 1) then 'OVERDUE' else 'DUE' end as state,
    case when planned.supply_plan_year is not null then make_date(planned.supply_plan_year, 1, 1) end as due_on,
    'plot ' || p.plot_code || ' planned for ' || planned.code as detail
  from u
  join plot p on p.key_unit_id = u.id
  cross join lateral (select e.to_stage from stage_event e where e.plot_id = p.id and e.effective_on <= u.d order by e.effective_on desc, e.id desc limit 1) st
  cross join lateral (select le.planned_use_code as code, le.supply_plan_year from land_event le where le.plot_id = p.id and le.kind = 'PLAN_USE' and le.planned_use_code is not null and le.decided_on <= u.d order by le.decided_on desc, le.id desc limit 1) planned
  join land_use pu on pu.code = planned.code and pu.sensitive
  left join land_use cu on cu.code = p.current_use_code
  where st.to_stage in ('SUSPECTED', 'UNDER_INVESTIGATION') and not coalesce(cu.sensitive, false)
)
select id as key_unit_id, county_code, kind, state, due_on::text as due_on, detail from hdc
union all select id, county_code, kind, state, due_on::text, detail from selfmon
union all select id, county_code, kind, state, due_on::text, detail from permit
union all select id, county_code, kind, state, due_on::text, detail from oneplant
union all select id, county_code, kind, state, due_on::text, detail from useplot`;
}

/** SELF_MONITORING's due date depends on the year of :d; filled here rather than in every branch of the SQL. */
function fill(row: { key_unit_id: number; county_code: string; kind: ObligationKind; state: ObligationState; due_on: string | null; detail: string | null }, date: string): ObligationRow {
  const dueOn = row.kind === ObligationKind.SELF_MONITORING && row.state !== ObligationState.MET ? (row.state === ObligationState.DUE ? `${date.slice(0, 4)}-12-31` : `${Number(date.slice(0, 4)) - 1}-12-31`) : row.due_on;
  return { keyUnitId: row.key_unit_id, countyCode: row.county_code, kind: row.kind, state: row.state, dueOn, detail: row.detail };
}

const ORDER = Object.values(ObligationKind);
const byKind = (a: ObligationRow, b: ObligationRow) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind) || (a.dueOn ?? '').localeCompare(b.dueOn ?? '');

/** Obligations of the given key units at `date` (one statement). */
export async function obligationsFor(em: EntityManager, unitIds: number[], date: string): Promise<ObligationRow[]> {
  if (!unitIds.length) return [];
  const rows = await em.execute(obligationsSql(marks(unitIds.length)), [date, ...unitIds]);
  return rows.map((r) => fill(r as never, date)).sort(byKind);
}

/** Obligations of every key unit in the given counties at `date` (one statement), for the query and reports. */
export async function obligationsInCounties(em: EntityManager, counties: string[], date: string): Promise<ObligationRow[]> {
  if (!counties.length) return [];
  const rows = await em.execute(obligationsSql(`select id from key_unit where county_code in (${marks(counties.length)})`), [date, ...counties]);
  return rows.map((r) => fill(r as never, date)).sort(byKind);
}
