/** The city rules the key-unit duties read (RULES.md §6, §9), as SQL literals built by engine.ts from validated values. */
export interface KeyUnitDutySql {
  /** The HIDDEN_DANGER_CHECK deadline of a period listed on `listedOn` (an SQL date expression). */
  checkDue: (listedOn: string) => string;
  /** The repeat cycle in years as an integer literal, or null (no repeat). */
  checkEveryYears: string | null;
  /** SELF_MONITORING: a unit listed within the year's last N days owes nothing that year (integer literal). */
  selfMonitoringExemptDays: string;
  /** ONE_PLANT_ONE_POLICY: days from the finding to its deadline (integer literal), or null = no deadline. */
  policyDeadlineDays: string | null;
}

const SELF = `('SELF_SOIL', 'SELF_GROUNDWATER')`;
/** Both self-monitoring records of year `year` sampled by `u.d`. */
const bothRecords = (year: string) =>
  `(exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = ${year} and m.kind = 'SELF_SOIL' and m.sampled_on <= u.d)
    and exists (select 1 from monitoring_record m where m.key_unit_id = u.id and m.year = ${year} and m.kind = 'SELF_GROUNDWATER' and m.sampled_on <= u.d))`;
/** A permit of unit `u` ended for CLOSURE_RELOCATION (an ended permit without a category counts as one) by `on`. */
const closureBy = (unit: string, on: string) =>
  `select p.permit_no, p.ended_on from discharge_permit p where p.key_unit_id = ${unit} and p.ended_on is not null and p.ended_on <= ${on}
     and coalesce(p.end_reason_category, 'CLOSURE_RELOCATION') = 'CLOSURE_RELOCATION' order by p.ended_on desc, p.id desc limit 1`;
/** A discharge permit (not a 排污登记 registration) valid at `on`. */
const validPermit = (unit: string, on: string) =>
  `select 1 from discharge_permit p where p.key_unit_id = ${unit} and p.category <> 'REGISTRATION' and p.issued_on <= ${on} and p.valid_until >= ${on}
     and (p.ended_on is null or p.ended_on > ${on})`;

/**
 * The duties of key units as of `d.d` (RULES.md §6, corrected in issue 14). CTEs to be placed after the engine's
 * `d` CTE (engine.ts); `units` selects candidate key_unit ids (its placeholders come first, in ku_ids).
 *
 * Only units whose listing period (key_unit_listing: listed, delisted, listed again) covers the date owe
 * anything, and a period's duties run from its own listing date:
 * - HIDDEN_DANGER_CHECK: a check completed on or after the period's listing date and by the date; the deadline
 *   by the city rule (one year after listing, or 31 December of the listing year); with a repeat cycle, a check
 *   every N years after the last one (MET until then, OVERDUE after).
 * - HIDDEN_DANGER_RECTIFICATION: each check of the period that found hazards: DUE until its own rectification
 *   deadline, OVERDUE after, MET once rectified.
 * - SELF_MONITORING: a unit listed during a year owes that year's soil and groundwater records unless listed
 *   within its last N days (city rule): OVERDUE when last year's were owed and are missing (due 31 December of
 *   last year), MET with both of this year's, DUE (31 December) while this year's are owed; nothing when none is.
 * - EXCEEDANCE_FOLLOW_UP: each self-monitoring record of the period over the screening values: DUE (no deadline
 *   in any source) until its follow-up (cause, measures) is recorded.
 * - PERMIT_COVERAGE: a valid discharge permit, a 排污登记 (REGISTRATION) not being one.
 * - DIRECTORY_UPDATE: a unit whose permit ended for CLOSURE_RELOCATION (without a valid permit since) owes,
 *   instead of PERMIT_COVERAGE and SELF_MONITORING, being taken off the directory: the bureau's duty, DUE (no
 *   deadline), MET from its delisting (a delisted unit shows it MET).
 * - ONE_PLANT_ONE_POLICY: once a SURROUNDING_SOIL record says beyondBoundary (the first such, by the date): DUE
 *   (OVERDUE after the city's deadline, if it sets one) until the unit's 一厂一策 document is recorded.
 *
 * `plotDuty`: include INVESTIGATION_BEFORE_USE_CHANGE of the unit's plots (the first edition's key-unit duty).
 * Since RULES.md §6 the plot subject has that duty for every plot (plot.sql.ts), so a question over every
 * subject leaves it out rather than count one duty twice; KeyUnit.obligations, the `obligations` query and
 * the report's keyUnitsOverdue keep it, as they answered before.
 */
export function keyUnitDutyCtes(units: string, plotDuty: boolean, r: KeyUnitDutySql): string {
  const next = r.checkEveryYears == null ? null : `(c.last_check + make_interval(years => ${r.checkEveryYears}))::date`;
  const exempt = r.selfMonitoringExemptDays;
  const policyDue = r.policyDeadlineDays == null ? null : `m.sampled_on + ${r.policyDeadlineDays}`;
  return `
ku_ids as (select ku.id from key_unit ku where ku.id in (${units})),
ku_u as (
  select ku.id, ku.county_code, l.listed_on, extract(year from d.d)::int as y, d.d, cl.permit_no as closed_permit_no, cl.ended_on as closed_on,
    (cl.ended_on is not null and not exists (${validPermit('ku.id', 'd.d')})) as closed
  from ku_ids i join key_unit ku on ku.id = i.id cross join d
  join key_unit_listing l on l.key_unit_id = ku.id and l.listed_on <= d.d and (l.delisted_on is null or l.delisted_on > d.d)
  left join lateral (${closureBy('ku.id', 'd.d')}) cl on true
),
ku_hdc as (
  select u.id, u.county_code, 'HIDDEN_DANGER_CHECK' as kind,
    case when c.last_check is null then case when u.d <= ${r.checkDue('u.listed_on')} then 'DUE' else 'OVERDUE' end
      ${next ? `when u.d > ${next} then 'OVERDUE'` : ''} else 'MET' end as state,
    case when c.last_check is null then ${r.checkDue('u.listed_on')} ${next ? `when u.d > ${next} then ${next}` : ''} end as due_on,
    ${next ? `case when c.last_check is not null and u.d <= ${next} then 'next check due ' || ${next}::text end` : 'null::text'} as detail
  from ku_u u cross join lateral (select max(h.completed_on) as last_check from hidden_danger_check h
                                  where h.key_unit_id = u.id and h.completed_on >= u.listed_on and h.completed_on <= u.d) c
),
ku_rect as (
  select u.id, u.county_code, 'HIDDEN_DANGER_RECTIFICATION' as kind,
    case when h.rectified_on <= u.d then 'MET' when h.rectification_deadline is null or u.d <= h.rectification_deadline then 'DUE' else 'OVERDUE' end as state,
    case when h.rectified_on <= u.d then null else h.rectification_deadline end as due_on,
    'hazards found by the check of ' || h.completed_on::text || case when h.rectified_on <= u.d then ', rectified ' || h.rectified_on::text else '' end as detail
  from ku_u u join hidden_danger_check h on h.key_unit_id = u.id and h.hazards_found and h.completed_on >= u.listed_on and h.completed_on <= u.d
),
-- Each check is an index probe of monitoring_record (key_unit_id, year) for the unit: a shared CTE of
-- every unit's records was scanned once per unit inside CASE (quadratic: 137 ms of a city report at scale 1).
ku_selfmon0 as (
  select u.id, u.county_code, u.y,
    case
      when u.listed_on <= make_date(u.y - 1, 12, 31) - ${exempt} and not ${bothRecords('u.y - 1')} then 'OVERDUE'
      when ${bothRecords('u.y')} then 'MET'
      when u.listed_on <= make_date(u.y, 12, 31) - ${exempt} then 'DUE' end as state
  from ku_u u where not u.closed
),
ku_selfmon as (
  -- due: 31 December of the year owed (this year while DUE, last year when OVERDUE)
  select id, county_code, 'SELF_MONITORING' as kind, state,
    case state when 'DUE' then make_date(y, 12, 31) when 'OVERDUE' then make_date(y - 1, 12, 31) end as due_on, null::text as detail
  from ku_selfmon0 where state is not null
),
ku_exceed as (
  select u.id, u.county_code, 'EXCEEDANCE_FOLLOW_UP' as kind, case when m.follow_up_on <= u.d then 'MET' else 'DUE' end as state, null::date as due_on,
    case m.kind when 'SELF_SOIL' then 'soil' else 'groundwater' end || ' sampled ' || m.sampled_on::text || ' over the screening values' ||
      case when m.follow_up_on <= u.d then ', followed up ' || m.follow_up_on::text else '' end as detail
  from ku_u u join monitoring_record m on m.key_unit_id = u.id and m.kind in ${SELF} and m.exceeds_screening and m.sampled_on >= u.listed_on and m.sampled_on <= u.d
),
ku_permit as (
  select u.id, u.county_code, 'PERMIT_COVERAGE' as kind,
    case when exists (${validPermit('u.id', 'u.d')}) then 'MET' else 'OVERDUE' end as state,
    null::date as due_on,
    case when not exists (${validPermit('u.id', 'u.d')}) and exists (select 1 from discharge_permit p where p.key_unit_id = u.id and p.category = 'REGISTRATION'
        and p.issued_on <= u.d and p.valid_until >= u.d and (p.ended_on is null or p.ended_on > u.d))
      then 'a 排污登记 registration is not a discharge permit' end as detail
  from ku_u u where not u.closed
),
ku_directory as (
  select u.id, u.county_code, 'DIRECTORY_UPDATE' as kind, 'DUE' as state, null::date as due_on,
    'permit ' || u.closed_permit_no || ' ended ' || u.closed_on::text || ' (closure): take the unit off the key-unit directory' as detail
  from ku_u u where u.closed
  union all
  select ku.id, ku.county_code, 'DIRECTORY_UPDATE', 'MET', null::date, 'taken off the key-unit directory ' || l.delisted_on::text || ' after permit ' || cl.permit_no || ' ended'
  from ku_ids i join key_unit ku on ku.id = i.id cross join d
  cross join lateral (select l.delisted_on from key_unit_listing l where l.key_unit_id = ku.id and l.listed_on <= d.d order by l.listed_on desc, l.id desc limit 1) l
  cross join lateral (${closureBy('ku.id', 'l.delisted_on')}) cl
  where l.delisted_on <= d.d
),
ku_oneplant as (
  select u.id, u.county_code, 'ONE_PLANT_ONE_POLICY' as kind,
    case when ku.one_plant_policy_on <= u.d then 'MET' ${policyDue ? `when u.d > ${policyDue} then 'OVERDUE'` : ''} else 'DUE' end as state,
    ${policyDue ? `case when ku.one_plant_policy_on <= u.d then null else ${policyDue} end` : 'null::date'} as due_on,
    'surrounding soil sampled ' || m.sampled_on::text || ' found pollution beyond the boundary' as detail
  from ku_u u join key_unit ku on ku.id = u.id
  cross join lateral (select m.sampled_on from monitoring_record m where m.key_unit_id = u.id and m.kind = 'SURROUNDING_SOIL' and m.beyond_boundary and m.sampled_on <= u.d
                      order by m.sampled_on, m.id limit 1) m
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
  const cols = (from: string, plot = 'null::int', obligor = 'KEY_UNIT') =>
    `select 'KEY_UNIT' as subject, id as key_unit_id, ${plot} as plot_id, county_code, kind, state, due_on, detail, '${obligor}' as obligor, 'ECO' as responsible_agency from ${from}`;
  return [cols('ku_hdc'), cols('ku_rect'), cols('ku_selfmon'), cols('ku_exceed'), cols('ku_permit'), cols('ku_directory', 'null::int', 'BUREAU'), cols('ku_oneplant'),
    ...(plotDuty ? [cols('ku_useplot', 'plot_id')] : [])];
}
