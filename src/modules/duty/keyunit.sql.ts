/**
 * The duties of key units (BRIEF.md "Duties of a key unit") as of `d.d`: the SQL moved here unchanged in meaning
 * from src/modules/violation/obligations.ts (RULES.md §6's corrections of key-unit duties are another issue).
 * CTEs to be placed after the engine's `d` CTE (engine.ts); `units` selects candidate key_unit ids. The only
 * change of form: SELF_MONITORING's due date (31 December of the year owed) is computed here instead of in
 * TypeScript after the query, so every reader of the one statement gets it.
 *
 * `plotDuty`: include INVESTIGATION_BEFORE_USE_CHANGE of the unit's plots (the first edition's key-unit duty).
 * Since RULES.md §6 the plot subject has that duty for every plot (plot.sql.ts), so a question over every
 * subject leaves it out rather than count one duty twice; KeyUnit.obligations, the `obligations` query and
 * the report's keyUnitsOverdue keep it, as they answered before.
 */
export function keyUnitDutyCtes(units: string, plotDuty: boolean): string {
  return `
ku_u as (
  select ku.id, ku.county_code, ku.listed_on, ku.delisted_on, extract(year from d.d)::int as y, d.d
  from key_unit ku cross join d
  where ku.id in (${units}) and ku.listed_on <= d.d and (ku.delisted_on is null or ku.delisted_on > d.d)
),
ku_hdc as (
  select u.id, u.county_code, 'HIDDEN_DANGER_CHECK' as kind,
    case when c.done then 'MET' when u.d <= (u.listed_on + interval '1 year')::date then 'DUE' else 'OVERDUE' end as state,
    case when c.done then null else (u.listed_on + interval '1 year')::date end as due_on,
    null::text as detail
  from ku_u u cross join lateral (select exists (select 1 from hidden_danger_check h where h.key_unit_id = u.id and h.completed_on <= u.d) as done) c
),
-- Each check is an index probe of monitoring_record (key_unit_id, year) for the unit: a shared CTE of
-- every unit's records was scanned once per unit inside CASE (quadratic: 137 ms of a city report at scale 1).
ku_selfmon0 as (
  select u.id, u.county_code, u.y, 'SELF_MONITORING' as kind,
    case
      when u.listed_on <= make_date(u.y - 1, 1, 1)
        and not (exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y - 1 and m.kind = 'SELF_SOIL' and m.sampled_on <= u.d)
             and exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y - 1 and m.kind = 'SELF_GROUNDWATER' and m.sampled_on <= u.d)) then 'OVERDUE'
      when exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y and m.kind = 'SELF_SOIL' and m.sampled_on <= u.d)
        and exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = u.y and m.kind = 'SELF_GROUNDWATER' and m.sampled_on <= u.d) then 'MET'
      else 'DUE' end as state
  from ku_u u
),
ku_selfmon as (
  -- due: 31 December of the year owed (this year while DUE, last year when OVERDUE)
  select id, county_code, kind, state,
    case state when 'DUE' then make_date(y, 12, 31) when 'OVERDUE' then make_date(y - 1, 12, 31) end as due_on, null::text as detail
  from ku_selfmon0
),
ku_permit as (
  select u.id, u.county_code, 'PERMIT_COVERAGE' as kind,
    case when exists (select 1 from discharge_permit p where p.key_unit_id = u.id and p.issued_on <= u.d and p.valid_until >= u.d
                        and (p.ended_on is null or p.ended_on > u.d)) then 'MET' else 'OVERDUE' end as state,
    null::date as due_on, null::text as detail
  from ku_u u
),
ku_oneplant as (
  select u.id, u.county_code, 'ONE_PLANT_ONE_POLICY' as kind,
    case when exists (select 1 from plot p join stage_event e on e.plot_id = p.id
                      where p.key_unit_id = u.id and e.to_stage in ('RISK_CONTROL', 'REMEDIATION')
                        and e.effective_on >= m.sampled_on and e.effective_on <= u.d) then 'MET'
         when u.d <= m.sampled_on + 180 then 'DUE' else 'OVERDUE' end as state,
    m.sampled_on + 180 as due_on,
    'surrounding soil sampled ' || m.sampled_on::text || ' found pollution beyond the boundary' as detail
  from ku_u u join monitoring_record m on m.key_unit_id = u.id and m.kind = 'SURROUNDING_SOIL' and m.beyond_boundary and m.sampled_on <= u.d
)${plotDuty ? `,
ku_useplot as (
  select u.id, u.county_code, p.id as plot_id, 'INVESTIGATION_BEFORE_USE_CHANGE' as kind,
    case when planned.supply_plan_year is not null and u.d >= make_date(planned.supply_plan_year, 1, 1) then 'OVERDUE' else 'DUE' end as state,
    case when planned.supply_plan_year is not null then make_date(planned.supply_plan_year, 1, 1) end as due_on,
    'plot ' || p.plot_code || ' planned for ' || planned.code as detail
  from ku_u u
  join plot p on p.key_unit_id = u.id
  cross join lateral (select e.to_stage from stage_event e where e.plot_id = p.id and e.effective_on <= u.d order by e.effective_on desc, e.id desc limit 1) st
  cross join lateral (select le.planned_use_code as code, le.supply_plan_year from land_event le where le.plot_id = p.id and le.kind = 'PLAN_USE' and le.planned_use_code is not null and le.decided_on <= u.d order by le.decided_on desc, le.id desc limit 1) planned
  join land_use pu on pu.code = planned.code and pu.sensitive
  left join land_use cu on cu.code = p.current_use_code
  where st.to_stage in ('SUSPECTED', 'UNDER_INVESTIGATION') and not coalesce(cu.sensitive, false)
)` : ''}`;
}

/** The key-unit branches of the engine's union, in its columns. */
export function keyUnitDutySelects(plotDuty: boolean): string[] {
  const cols = (from: string, plot = 'null::int') =>
    `select 'KEY_UNIT' as subject, id as key_unit_id, ${plot} as plot_id, county_code, kind, state, due_on, detail, 'KEY_UNIT' as obligor, 'ECO' as responsible_agency from ${from}`;
  return [cols('ku_hdc'), cols('ku_selfmon'), cols('ku_permit'), cols('ku_oneplant'), ...(plotDuty ? [cols('ku_useplot', 'plot_id')] : [])];
}
