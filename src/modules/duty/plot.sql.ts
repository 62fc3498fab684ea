import {
  clearedForUseSql, lastEventSql, neededClassSql, sensitiveTargetSql, standingTriggerSql, targetUsesSql,
} from '../plot/plot.sql';

const INVESTIGATING = `('SUSPECTED', 'UNDER_INVESTIGATION')`;

/** The city rules the plot duties read (RULES.md §9; ctx.rules). */
export interface PlotDutyRules {
  /** INVESTIGATION_BEFORE_USE_CHANGE is OVERDUE once its supply-plan year has begun (Xiaoyi plan 3) or DUE only (Jinzhong plan 5). */
  overdueFromSupplyPlanYear: boolean;
}

/**
 * The duties of plots (RULES.md §6) as of `d.d`, from the plot rules' SQL (src/modules/plot/plot.sql.ts: stage,
 * class, target uses and triggers as of a date), so duties, gates and reports read one definition. CTEs to be
 * placed after the engine's `d` CTE; `plots` selects candidate plot ids. A plot with no stage event by the date
 * did not exist then and owes nothing.
 *
 * - INVESTIGATION_BEFORE_USE_CHANGE (法59 ¶2): a standing USE_CHANGE trigger and a 一住两公 target use. MET when
 *   cleared for that use; else DUE, OVERDUE from 1 January of its supply-plan year (the latest planning
 *   decision's, as the first edition read it) where the city rule says so; where it does not, DUE with no due date.
 * - KEY_UNIT_LAND_INVESTIGATION (法67): a standing KEY_UNIT_LAND trigger; DUE while the stage is SUSPECTED or
 *   UNDER_INVESTIGATION, MET after. No due date (before recovery, transfer or change of use: gate 5 refuses those).
 * - REAL_ESTATE_FILING (法67): a key unit's land (plot.key_unit_id, the row as it is now) whose stage is past the
 *   investigation: DUE, MET by a real_estate_filing filed with the eco bureau by the date.
 * - POST_MANAGEMENT (法35): a DELISTED plot. Without a plan starting by the date and with RISK_CONTROL in its
 *   history: DUE "no post-management plan recorded". With one (the latest starting by the date): each
 *   monitoring (every N months from its start) and review (every M years) due up to the date and the next one;
 *   occurrence k due on D_k is MET by a record of its kind done in (D_{k-1}, D_k] by the date, OVERDUE when
 *   D_k has passed without one, DUE otherwise. None after the plan's end.
 */
export function plotDutyCtes(plots: string, rules: PlotDutyRules): string {
  const overdueRule = rules.overdueFromSupplyPlanYear ? 'true' : 'false';
  return `
pl as materialized (
  select p.id, p.county_code, p.key_unit_id, p.plot_code, p.current_use_code, d.d, ev.to_stage, ev.land_class, ev.effective_on
  from plot p cross join d cross join lateral (${lastEventSql('p', 'd.d')}) ev
  where p.id in (${plots})
),
pl_ibuc0 as (
  select pl.id, pl.county_code, pl.d, ${clearedForUseSql('pl', neededClassSql('pl', 'pl.d'))} as cleared,
    array_to_string(${targetUsesSql('pl', 'pl.d')}, ', ') as uses,
    (select le.supply_plan_year from land_event le where le.plot_id = pl.id and le.kind = 'PLAN_USE' and le.planned_use_code is not null and le.decided_on <= pl.d
      order by le.decided_on desc, le.id desc limit 1) as supply_plan_year
  from pl
  where ${standingTriggerSql('pl', 'pl.d', ['USE_CHANGE'])} and ${sensitiveTargetSql('pl', 'pl.d')}
),
pl_ibuc as (
  select id, county_code, 'INVESTIGATION_BEFORE_USE_CHANGE' as kind,
    case when cleared then 'MET' when ${overdueRule} and supply_plan_year is not null and d >= make_date(supply_plan_year, 1, 1) then 'OVERDUE' else 'DUE' end as state,
    case when ${overdueRule} and not cleared and supply_plan_year is not null then make_date(supply_plan_year, 1, 1) end as due_on,
    'to be used for ' || uses || coalesce(' (supply plan ' || supply_plan_year || ')', '') as detail
  from pl_ibuc0
),
pl_kuli as (
  select pl.id, pl.county_code, 'KEY_UNIT_LAND_INVESTIGATION' as kind,
    case when pl.to_stage in ${INVESTIGATING} then 'DUE' else 'MET' end as state, null::date as due_on,
    'key unit land: investigate before recovery, transfer or change of use' as detail
  from pl where ${standingTriggerSql('pl', 'pl.d', ['KEY_UNIT_LAND'])}
),
pl_ref as (
  select pl.id, pl.county_code, 'REAL_ESTATE_FILING' as kind, case when f.document_no is not null then 'MET' else 'DUE' end as state, null::date as due_on,
    case when f.document_no is not null then 'filed ' || f.eco_filed_on::text || ' (' || f.document_no || ')'
      else 'investigation report to the real-estate registry and the eco bureau' end as detail
  from pl left join lateral (select r.document_no, r.eco_filed_on from real_estate_filing r where r.plot_id = pl.id and r.eco_filed_on <= pl.d
                             order by r.eco_filed_on, r.id limit 1) f on true
  where pl.key_unit_id is not null and pl.to_stage not in ${INVESTIGATING}
),
pl_pm_plan as (
  select pl.id, pl.county_code, pl.d, pp.starts_on, pp.ends_on, pp.monitoring_every_months, pp.review_every_years
  from pl left join lateral (select pp.starts_on, pp.ends_on, pp.monitoring_every_months, pp.review_every_years from post_management_plan pp
                             where pp.plot_id = pl.id and pp.starts_on <= pl.d order by pp.starts_on desc, pp.id desc limit 1) pp on true
  where pl.to_stage = 'DELISTED'
),
pl_pm_occ as (
  select x.id, x.county_code, x.d, x.starts_on, x.ends_on, s.what, k,
    (x.starts_on + make_interval(months => (k - 1) * s.every))::date as prev_on, (x.starts_on + make_interval(months => k * s.every))::date as due_on
  from pl_pm_plan x
  cross join lateral (values ('MONITORING', x.monitoring_every_months), ('REVIEW', 12 * x.review_every_years)) s(what, every)
  cross join lateral generate_series(1, (extract(year from age(x.d, x.starts_on)) * 12 + extract(month from age(x.d, x.starts_on)))::int / s.every + 2) k
  where x.starts_on is not null
),
pl_pm as (
  select x.id, x.county_code, 'POST_MANAGEMENT' as kind, 'DUE' as state, null::date as due_on, 'no post-management plan recorded' as detail
  from pl_pm_plan x
  where x.starts_on is null and exists (select 1 from stage_event e where e.plot_id = x.id and e.to_stage = 'RISK_CONTROL' and e.effective_on <= x.d)
  union all
  select o.id, o.county_code, 'POST_MANAGEMENT',
    case when exists (select 1 from post_management_record r where r.plot_id = o.id and r.kind = o.what and r.done_on > o.prev_on and r.done_on <= o.due_on and r.done_on <= o.d) then 'MET'
         when o.due_on < o.d then 'OVERDUE' else 'DUE' end,
    o.due_on, lower(o.what) || ' #' || o.k || ' of the post-management plan from ' || o.starts_on::text
  from pl_pm_occ o
  where o.prev_on <= o.d and (o.ends_on is null or o.due_on <= o.ends_on)
)`;
}

/** The plot branches of the engine's union, in its columns. */
export function plotDutySelects(): string[] {
  const cols = (from: string, agency = 'ECO') =>
    `select 'PLOT' as subject, null::int as key_unit_id, id as plot_id, county_code, kind, state, due_on, detail, 'LAND_USER' as obligor, '${agency}' as responsible_agency from ${from}`;
  // 法59 ¶2: the land-use change is the natural-resources bureau's act (with ECO); the rest ECO supervises.
  return [cols('pl_ibuc', 'NATURAL_RESOURCES'), cols('pl_kuli'), cols('pl_ref'), cols('pl_pm')];
}
