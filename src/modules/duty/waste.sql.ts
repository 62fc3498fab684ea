/**
 * The duties of RULES §11 (waste and soil on the move) as of `d.d`, CTEs placed after the engine's `d` CTE:
 * - a solid-waste yard (candidate ids `yards`): MONTHLY_INSPECTION and PROCEDURES;
 * - a closed plant's legacy hazardous waste (candidate site ids `sites`): DISPOSAL, one per inventory line;
 * - a plot under works (the plot CTE `pl` of plot.sql.ts): TRANSFER_PLAN_FILED.
 * Everything is read from dated rows (inspections, document dates, disposals, filing and dispatch dates), so a
 * past date's duties never change.
 */
import { onSiteInspectionsSql } from '../waste/inspections.sql';

export interface WasteDutyRules {
  /** ctx.rules.solidWasteYard.onSiteInspectionsPerMonth as a validated literal ('0': no monthly duty). */
  onSiteInspectionsPerMonth: string;
}

/** Stages in which remediation or risk-control works are under way (the plot's stage history, RULES §11). */
export const WORKS_STAGES = `('RISK_CONTROL', 'REMEDIATION')`;

/**
 * - MONTHLY_INSPECTION (Xiaoyi plan 6 "每月至少对固废堆场全覆盖执法检查一次"): for every calendar month from the yard's
 *   registration (at most the 12 months up to the date's) until its closure: MET with at least N ON_SITE inspections in
 *   that month by the date; DUE during the month (due its last day); OVERDUE from the first day of the next month.
 * - PROCEDURES (土地、环评、安评手续): each of the three documents, MET when issued by the date, else DUE (no deadline: the
 *   plan sets none). The bureau that issues it supervises: land NATURAL_RESOURCES, EIA APPROVALS, safety EMERGENCY.
 */
export function yardDutyCtes(yards: string, rules: WasteDutyRules): string {
  return `
yd as materialized (
  select y.id, y.county_code, d.d, y.registered_on, y.closed_on, y.land_document_no, y.land_issued_on, y.eia_document_no, y.eia_issued_on,
    y.safety_document_no, y.safety_issued_on
  from solid_waste_yard y cross join d where y.id in (${yards}) and y.registered_on <= d.d
),
yd_month as (
  select yd.id, yd.county_code, yd.d, m::date as month
  from yd cross join lateral generate_series(
    greatest(date_trunc('month', yd.registered_on), date_trunc('month', yd.d) - interval '11 months'),
    date_trunc('month', least(yd.d, coalesce(yd.closed_on, yd.d))), interval '1 month') m
  where ${rules.onSiteInspectionsPerMonth} > 0
),
yd_mi as (
  select x.id, x.county_code, 'MONTHLY_INSPECTION' as kind,
    case when c.n >= ${rules.onSiteInspectionsPerMonth} then 'MET' when x.d >= (x.month + interval '1 month')::date then 'OVERDUE' else 'DUE' end as state,
    (x.month + interval '1 month' - interval '1 day')::date as due_on,
    'on-site inspections in ' || to_char(x.month, 'YYYY-MM') || ': ' || c.n || ' of ' || ${rules.onSiteInspectionsPerMonth} as detail
  from yd_month x cross join lateral (
    select count(*) as n from (${onSiteInspectionsSql()}) i
    where i.yard_id = x.id and i.inspected_on >= x.month and i.inspected_on < (x.month + interval '1 month')::date and i.inspected_on <= x.d) c
),
yd_proc as (
  select yd.id, yd.county_code, 'PROCEDURES' as kind, case when p.issued_on <= yd.d then 'MET' else 'DUE' end as state, null::date as due_on,
    case when p.issued_on <= yd.d then p.what || ' ' || p.no || ' (' || p.issued_on::text || ')' else p.what || ' missing' end as detail, p.agency
  from yd cross join lateral (values
    ('land procedure (土地手续)', yd.land_document_no, yd.land_issued_on, 'NATURAL_RESOURCES'),
    ('EIA procedure (环评手续)', yd.eia_document_no, yd.eia_issued_on, 'APPROVALS'),
    ('safety procedure (安评手续)', yd.safety_document_no, yd.safety_issued_on, 'EMERGENCY')) p(what, no, issued_on, agency)
)`;
}

export function yardDutySelects(): string[] {
  const cols = (from: string, obligor: string, agency: string) =>
    `select 'SOLID_WASTE_YARD' as subject, null::int as key_unit_id, null::int as plot_id, county_code, kind, state, due_on, detail, '${obligor}' as obligor, ${agency} as responsible_agency, id as solid_waste_yard_id, null::int as legacy_waste_site_id from ${from}`;
  return [cols('yd_mi', 'BUREAU', `'ECO'`), cols('yd_proc', 'OPERATOR', 'agency')];
}

/**
 * DISPOSAL (Xiaoyi plan 8 遗留危废规范化处置): each inventory line recorded by the date, MET when the tonnes disposed by
 * the date reach its tonnes; OVERDUE after its dispose-by date; DUE otherwise.
 */
export function legacyWasteDutyCtes(sites: string): string {
  return `
lw as materialized (
  select i.site_id, i.county_code, d.d, i.waste_code, i.description, i.tonnes, i.dispose_by,
    coalesce((select sum(x.tonnes) from legacy_waste_disposal x where x.item_id = i.id and x.disposed_on <= d.d), 0) as disposed
  from legacy_waste_item i cross join d where i.site_id in (${sites}) and i.inventoried_on <= d.d
),
lw_disp as (
  select site_id as id, county_code, 'DISPOSAL' as kind,
    case when disposed >= tonnes then 'MET' when dispose_by < d then 'OVERDUE' else 'DUE' end as state, dispose_by as due_on,
    waste_code || ' ' || description || ': ' || disposed::text || ' of ' || tonnes::text || ' t disposed' as detail
  from lw
)`;
}

export function legacyWasteDutySelects(): string[] {
  return [`select 'LEGACY_WASTE_SITE' as subject, null::int as key_unit_id, null::int as plot_id, county_code, kind, state, due_on, detail, 'OPERATOR' as obligor, 'ECO' as responsible_agency, null::int as solid_waste_yard_id, id as legacy_waste_site_id from lw_disp`];
}

/**
 * TRANSFER_PLAN_FILED (法41; Jinzhong plan 9): a plot whose works have started (RISK_CONTROL or REMEDIATION entered by the
 * date, read from its stage history) owes a soil transfer plan filed with ECO before the first load. MET when a plan is
 * filed by the date; OVERDUE when soil left (a leg dispatched by the date) before any plan was filed; DUE while the
 * works stage lasts without a plan (no deadline: soil may never leave). Needs plot.sql.ts's `pl` CTE.
 */
export function transferPlanDutyCtes(): string {
  return `
pl_tpf0 as (
  select pl.id, pl.county_code, pl.d, pl.to_stage,
    (select min(tp.filed_on) from soil_transfer_plan tp where tp.plot_id = pl.id and tp.filed_on <= pl.d) as filed_on,
    (select min(lg.dispatched_on) from soil_transfer_leg lg join soil_transfer_plan tp on tp.id = lg.plan_id where tp.plot_id = pl.id and lg.dispatched_on <= pl.d) as first_load
  from pl
  where exists (select 1 from stage_event e where e.plot_id = pl.id and e.to_stage in ${WORKS_STAGES} and e.effective_on <= pl.d)
),
pl_tpf as (
  select id, county_code, 'TRANSFER_PLAN_FILED' as kind,
    case when first_load is not null and (filed_on is null or filed_on > first_load) and filed_on is null then 'OVERDUE'
         when filed_on is not null then 'MET' else 'DUE' end as state,
    case when first_load is not null and (filed_on is null or filed_on > first_load) then first_load end as due_on,
    case when filed_on is null and first_load is not null then 'soil left on ' || first_load::text || ' with no transfer plan filed'
         when filed_on is not null and first_load < filed_on then 'filed ' || filed_on::text || ', after the first load on ' || first_load::text
         when filed_on is not null then 'filed ' || filed_on::text
         else 'soil transfer plan to be filed before the first load' end as detail
  from pl_tpf0
  where filed_on is not null or first_load is not null or to_stage in ${WORKS_STAGES}
)`;
}

export function transferPlanDutySelects(): string[] {
  return [`select 'PLOT' as subject, null::int as key_unit_id, id as plot_id, county_code, kind, state, due_on, detail, 'LAND_USER' as obligor, 'ECO' as responsible_agency, null::int as solid_waste_yard_id, null::int as legacy_waste_site_id from pl_tpf`];
}
