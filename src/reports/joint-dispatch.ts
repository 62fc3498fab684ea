import type { EntityManager } from '@mikro-orm/postgresql';
import { PlotStage } from '../modules/plot/plot.enums';
import { dutiesSql, dutyRules } from '../modules/duty/engine';
import type { CityRules } from '../rules/city-rules';
import { named } from '../db/named';
import { CLEARED_STAGES, clearedForUseSql, lastEventSql, neededClassSql } from '../modules/plot/plot.sql';
import { reserveStageAtSql } from '../modules/reserve/reserve-stage-event.sql';
import { IN_RESERVE_OR_LATER } from '../modules/reserve/reserve-lifecycle';
import { wasteCellCtes } from '../modules/waste/report-cells';
import { fromMilli, toMilli } from '../modules/waste/tonnes';

export interface JointDispatchCounts {
  countyCode: string | null;
  plotsByStage: { stage: PlotStage; count: number }[];
  sensitiveUseChanges: number;
  sensitiveUseChangesInvestigated: number;
  listedInQuarter: number;
  delistedInQuarter: number;
  violationsOpen: number;
  violationsRectifiedInQuarter: number;
  keyUnits: number;
  keyUnitsOverdue: number;
  /** Plot duties OVERDUE at quarter end (the duty engine's plot subject, RULES.md §8). */
  plotDutiesOverdue: number;
  /** REAL_ESTATE_FILING duties DUE at quarter end: 法67 filings missing. */
  realEstateFilingsMissing: number;
  /** POST_MANAGEMENT duties OVERDUE at quarter end. */
  postManagementOverdue: number;
  /** Solid-waste yards inspected ON_SITE in the quarter's last month by its last day (RULES §11; src/modules/waste/report-cells.ts). */
  yardsInspectedThisMonth: number;
  /** Solid-waste yards with a month of MONTHLY_INSPECTION OVERDUE at quarter end. */
  yardsInspectionOverdue: number;
  /** Legacy hazardous waste not disposed at quarter end, tonnes as an exact decimal string (Xiaoyi plan 8). */
  legacyWasteRemainingTonnes: string;
  /** SOIL_TRANSFER_DISCREPANCY violations open at quarter end. */
  soilTransferDiscrepanciesOpen: number;
  permitsEndedInQuarter: number;
  vacatedSitesOpen: number;
  reserveProjectsAdded: number;
  safeUseRate: number | null;
  /** numerator and denominator of safeUseRate, so the total row can be a ratio of sums. */
  safeUse: { safe: number; supplied: number };
}

/**
 * 每季度调度分析: every count of the joint-dispatch report for each county, as of the quarter's last day
 * or within the quarter, from history only (stage events by effectiveOn, land events by decision date,
 * violations by detection/rectification, permits by end date, key units by their listing periods), so a report
 * for a past quarter never changes when later events are recorded.
 *
 * ONE set-based statement for any division, shaped for speed at national scale (bench: province 3.0× → ~1×
 * of the hand-written floor): the stage at quarter end is one backward index probe per plot of the division
 * (stage_event (plot_id, effective_on desc, id desc) include (to_stage)), computed once; every other count is
 * one grouped pass over its table, joined to the counties at the end (no per-county subqueries re-scanning
 * the CTEs); overdue key units and the plot-duty cells come from the duty engine's one statement (dutiesSql,
 * src/modules/duty/engine.ts), computed once for both subjects: key-unit duties as KeyUnit.obligations lists them,
 * plot duties as the `duties` query and Plot.obligations list them.
 */
export async function jointDispatchCounts(em: EntityManager, rules: CityRules, counties: string[], first: string, last: string): Promise<JointDispatchCounts[]> {
  if (!counties.length) return [];
  const yearStart = `${first.slice(0, 4)}-01-01`;
  const [sql, params] = named(
    `with st as materialized (
       -- the stage of each plot at quarter end: its latest event effective by then
       select p.id as plot_id, p.county_code, s.stage from plot p
       cross join lateral (select e.to_stage as stage from stage_event e where e.plot_id = p.id and e.effective_on <= :last
                           order by e.effective_on desc, e.id desc limit 1) s
       where p.county_code = any(array[:counties]::text[])),
     by_stage as (select county_code, json_object_agg(stage, n) as stages from (select county_code, stage, count(*) as n from st group by 1, 2) x group by 1),
     plan as (
       -- each 一住两公 planning decision in the quarter, with the plan in force just before it
       select le.plot_id, p.county_code,
         (select pu2.sensitive from land_event le2 join land_use pu2 on pu2.code = le2.planned_use_code
           where le2.plot_id = le.plot_id and le2.kind = 'PLAN_USE' and (le2.decided_on < le.decided_on or (le2.decided_on = le.decided_on and le2.id < le.id))
           order by le2.decided_on desc, le2.id desc limit 1) as was_sensitive
       from land_event le join plot p on p.id = le.plot_id join land_use pu on pu.code = le.planned_use_code
       -- a change of use: land already in 一住两公 use planned for another 一住两公 use is none (RULES.md §8)
       left join land_use cu on cu.code = p.current_use_code
       where le.kind = 'PLAN_USE' and pu.sensitive and not coalesce(cu.sensitive, false)
         and le.decided_on between :first and :last and p.county_code = any(array[:counties]::text[])),
     changed as (select distinct plot_id, county_code from plan where not coalesce(was_sensitive, false)),
     -- investigated: past investigation at quarter end, and when cleared, cleared for the class its use needs
     chg as (select x.county_code, count(*) as chg,
               count(*) filter (where ev.to_stage not in ('SUSPECTED', 'UNDER_INVESTIGATION')
                                  and (ev.to_stage not in ${CLEARED_STAGES} or ${clearedForUseSql('ev', neededClassSql('p', ':last'))})) as chg_inv
             from changed x join plot p on p.id = x.plot_id
             left join lateral (${lastEventSql('p', ':last')}) ev on true group by 1),
     lst as (select p.county_code, count(distinct e.plot_id) filter (where e.to_stage = 'LISTED') as listed,
               count(distinct e.plot_id) filter (where e.to_stage = 'DELISTED') as delisted
             from stage_event e join plot p on p.id = e.plot_id
             where e.to_stage in ('LISTED', 'DELISTED') and e.effective_on between :first and :last and p.county_code = any(array[:counties]::text[]) group by 1),
     vio as (select county_code, count(*) filter (where detected_on <= :last and (rectified_on is null or rectified_on > :last)) as v_open,
               count(*) filter (where rectified_on between :first and :last) as v_rect
             from violation where county_code = any(array[:counties]::text[]) group by 1),
     -- key units on the directory at quarter end: a listing period covering it (listed, delisted, listed again)
     kus as (select l.county_code, count(distinct l.key_unit_id) as ku from key_unit_listing l
             where l.county_code = any(array[:counties]::text[]) and l.listed_on <= :last and (l.delisted_on is null or l.delisted_on > :last) group by 1),
     duty as materialized (${dutiesSql({
       date: ':last', keyUnits: `select id from key_unit where county_code = any(array[:counties]::text[])`,
       plots: `select id from plot where county_code = any(array[:counties]::text[])`, keyUnitPlotDuty: true, rules: dutyRules(rules),
     })}),
     ovd as (select county_code, count(distinct key_unit_id) as ku_overdue from duty
             where subject = 'KEY_UNIT' and state = 'OVERDUE' group by 1),
     pdu as (select county_code, count(*) filter (where state = 'OVERDUE') as plot_overdue,
               count(*) filter (where kind = 'REAL_ESTATE_FILING' and state = 'DUE') as filings_missing,
               count(*) filter (where kind = 'POST_MANAGEMENT' and state = 'OVERDUE') as pm_overdue
             from duty where subject = 'PLOT' group by 1),
     perm as (select county_code, count(*) as permits_ended from discharge_permit
              where county_code = any(array[:counties]::text[]) and ended_on between :first and :last group by 1),
     vac as (select s.county_code, count(*) as vacated_open from vacated_site s left join st on st.plot_id = s.plot_id
             -- neither released (its plot cleared) nor closed (plotless, RULES.md §8) at quarter end
             where s.county_code = any(array[:counties]::text[]) and s.vacated_on <= :last and not coalesce(st.stage in ${CLEARED_STAGES}, false)
               and (s.closed_on is null or s.closed_on > :last) group by 1),
     -- entered the central reserve in the quarter and standing in it at quarter end (RULES.md §7, as the tracker counts)
     res as (select r.county_code, count(*) as reserve_added from reserve_project r
             where r.county_code = any(array[:counties]::text[]) and r.entered_central_reserve_on between :first and :last
               and ${reserveStageAtSql('r', ':last')} in (${IN_RESERVE_OR_LATER.map((st) => `'${st}'`).join(', ')}) group by 1),
     supplies as (
       -- 重点建设用地: supplied this year up to quarter end for a 一住两公 use (any of the codes supplied,
       -- RULES.md §3), current use not 一住两公; with the clearance in force on the day of the supply
       select distinct on (le.plot_id) le.plot_id, p.county_code, ev.to_stage, ev.land_class,
         (select case when bool_or(u.land_class = 'FIRST') then 'FIRST' else 'SECOND' end from land_use u where u.code = any(le.supplied_use_codes)) as needed
       from land_event le join plot p on p.id = le.plot_id
       left join land_use cu on cu.code = p.current_use_code
       left join lateral (${lastEventSql('p', 'le.decided_on')}) ev on true
       where le.kind = 'SUPPLY' and exists (select 1 from land_use pu where pu.code = any(le.supplied_use_codes) and pu.sensitive)
         and not coalesce(cu.sensitive, false)
         and le.decided_on between :yearStart and :last and p.county_code = any(array[:counties]::text[])
       order by le.plot_id, le.decided_on desc, le.id desc),
     open_v as (select distinct plot_id from violation
                where county_code = any(array[:counties]::text[]) and detected_on <= :last and (rectified_on is null or rectified_on > :last)),
     -- safe: cleared for the class the supplied use needs when supplied (RULES.md §2), and no open violation
     sup as (select s.county_code, count(*) as supplied,
               count(*) filter (where ${clearedForUseSql('s', 's.needed')}
                                  and not exists (select 1 from open_v o where o.plot_id = s.plot_id)) as safe
             from supplies s group by 1),
     -- RULES §11: one definition per cell, in src/modules/waste/report-cells.ts (the drill-down lists the same rows)
     ${wasteCellCtes(':last', 'array[:counties]::text[]', rules)}
     select c.county_code, b.stages,
       coalesce(chg.chg, 0) as sensitive_use_changes, coalesce(chg.chg_inv, 0) as sensitive_use_changes_investigated,
       coalesce(lst.listed, 0) as listed_in_quarter, coalesce(lst.delisted, 0) as delisted_in_quarter,
       coalesce(vio.v_open, 0) as violations_open, coalesce(vio.v_rect, 0) as violations_rectified_in_quarter,
       coalesce(kus.ku, 0) as key_units, coalesce(ovd.ku_overdue, 0) as key_units_overdue,
       coalesce(pdu.plot_overdue, 0) as plot_duties_overdue, coalesce(pdu.filings_missing, 0) as real_estate_filings_missing,
       coalesce(pdu.pm_overdue, 0) as post_management_overdue,
       coalesce(perm.permits_ended, 0) as permits_ended_in_quarter, coalesce(vac.vacated_open, 0) as vacated_sites_open,
       coalesce(res.reserve_added, 0) as reserve_projects_added, coalesce(sup.supplied, 0) as supplied, coalesce(sup.safe, 0) as safe,
       coalesce(w_yardsInspectedThisMonth.yardsInspectedThisMonth, 0) as yards_inspected_this_month,
       coalesce(w_yardsInspectionOverdue.yardsInspectionOverdue, 0) as yards_inspection_overdue,
       coalesce(w_legacyWasteRemainingTonnes.legacyWasteRemainingTonnes, 0)::text as legacy_waste_remaining_tonnes,
       coalesce(w_soilTransferDiscrepanciesOpen.soilTransferDiscrepanciesOpen, 0) as soil_transfer_discrepancies_open
     from unnest(array[:counties]::text[]) as c(county_code)
     left join by_stage b using (county_code) left join chg using (county_code) left join lst using (county_code)
     left join vio using (county_code) left join kus using (county_code) left join ovd using (county_code)
     left join perm using (county_code) left join vac using (county_code) left join res using (county_code)
     left join sup using (county_code) left join pdu using (county_code)
     left join w_yardsInspectedThisMonth using (county_code) left join w_yardsInspectionOverdue using (county_code)
     left join w_legacyWasteRemainingTonnes using (county_code) left join w_soilTransferDiscrepanciesOpen using (county_code)
     order by c.county_code`,
    { counties, first, last, yearStart },
  );
  const rows = await em.execute<any[]>(sql, params);
  return rows.map((r) => {
    const supplied = Number(r.supplied);
    const safe = Number(r.safe);
    const stages = (r.stages ?? {}) as Record<string, number>;
    return {
      countyCode: r.county_code,
      plotsByStage: Object.values(PlotStage).map((stage) => ({ stage, count: Number(stages[stage] ?? 0) })),
      sensitiveUseChanges: Number(r.sensitive_use_changes),
      sensitiveUseChangesInvestigated: Number(r.sensitive_use_changes_investigated),
      listedInQuarter: Number(r.listed_in_quarter),
      delistedInQuarter: Number(r.delisted_in_quarter),
      violationsOpen: Number(r.violations_open),
      violationsRectifiedInQuarter: Number(r.violations_rectified_in_quarter),
      keyUnits: Number(r.key_units),
      keyUnitsOverdue: Number(r.key_units_overdue),
      plotDutiesOverdue: Number(r.plot_duties_overdue),
      realEstateFilingsMissing: Number(r.real_estate_filings_missing),
      postManagementOverdue: Number(r.post_management_overdue),
      yardsInspectedThisMonth: Number(r.yards_inspected_this_month),
      yardsInspectionOverdue: Number(r.yards_inspection_overdue),
      legacyWasteRemainingTonnes: fromMilli(toMilli(r.legacy_waste_remaining_tonnes)),
      soilTransferDiscrepanciesOpen: Number(r.soil_transfer_discrepancies_open),
      permitsEndedInQuarter: Number(r.permits_ended_in_quarter),
      vacatedSitesOpen: Number(r.vacated_sites_open),
      reserveProjectsAdded: Number(r.reserve_projects_added),
      safeUseRate: supplied ? safe / supplied : null,
      safeUse: { safe, supplied },
    };
  });
}

/** The total row: sums of the counts; the safe-use rate as the ratio of the summed parts. */
export function totalRow(rows: JointDispatchCounts[]): JointDispatchCounts {
  const sum = (f: (r: JointDispatchCounts) => number) => rows.reduce((a, r) => a + f(r), 0);
  const safe = sum((r) => r.safeUse.safe);
  const supplied = sum((r) => r.safeUse.supplied);
  return {
    countyCode: null,
    plotsByStage: Object.values(PlotStage).map((stage) => ({ stage, count: sum((r) => r.plotsByStage.find((s) => s.stage === stage)!.count) })),
    sensitiveUseChanges: sum((r) => r.sensitiveUseChanges),
    sensitiveUseChangesInvestigated: sum((r) => r.sensitiveUseChangesInvestigated),
    listedInQuarter: sum((r) => r.listedInQuarter),
    delistedInQuarter: sum((r) => r.delistedInQuarter),
    violationsOpen: sum((r) => r.violationsOpen),
    violationsRectifiedInQuarter: sum((r) => r.violationsRectifiedInQuarter),
    keyUnits: sum((r) => r.keyUnits),
    keyUnitsOverdue: sum((r) => r.keyUnitsOverdue),
    plotDutiesOverdue: sum((r) => r.plotDutiesOverdue),
    realEstateFilingsMissing: sum((r) => r.realEstateFilingsMissing),
    postManagementOverdue: sum((r) => r.postManagementOverdue),
    yardsInspectedThisMonth: sum((r) => r.yardsInspectedThisMonth),
    yardsInspectionOverdue: sum((r) => r.yardsInspectionOverdue),
    legacyWasteRemainingTonnes: fromMilli(rows.reduce((a, r) => a + toMilli(r.legacyWasteRemainingTonnes), 0n)),
    soilTransferDiscrepanciesOpen: sum((r) => r.soilTransferDiscrepanciesOpen),
    permitsEndedInQuarter: sum((r) => r.permitsEndedInQuarter),
    vacatedSitesOpen: sum((r) => r.vacatedSitesOpen),
    reserveProjectsAdded: sum((r) => r.reserveProjectsAdded),
    safeUseRate: supplied ? safe / supplied : null,
    safeUse: { safe, supplied },
  };
}
