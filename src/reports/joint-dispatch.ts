import type { EntityManager } from '@mikro-orm/postgresql';
import { PlotStage } from '../modules/plot/plot.enums';
import { obligationsSql } from '../modules/violation/obligations';
import { marks } from './scope';

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
  permitsEndedInQuarter: number;
  vacatedSitesOpen: number;
  reserveProjectsAdded: number;
  safeUseRate: number | null;
  /** numerator and denominator of safeUseRate, so the total row can be a ratio of sums. */
  safeUse: { safe: number; supplied: number };
}

/** The stage of every plot of the counties at the end of :asof, read from history (latest event by effectiveOn). */
const STAGE_AT = (counties: number) => `
  select distinct on (e.plot_id) e.plot_id, p.county_code, e.to_stage as stage
  from stage_event e join plot p on p.id = e.plot_id
  where p.county_code in (${marks(counties)}) and e.effective_on <= ?
  order by e.plot_id, e.effective_on desc, e.id desc`;

/**
 * 每季度调度分析: every count of the joint-dispatch report for each county, as of the quarter's last day
 * or within the quarter, from history only (stage events by effectiveOn, land events by decision date,
 * violations by detection/rectification, permits by end date, key units by listing dates), so a report
 * for a past quarter never changes when later events are recorded. Three set-based statements in all.
 */
export async function jointDispatchCounts(em: EntityManager, counties: string[], first: string, last: string): Promise<JointDispatchCounts[]> {
  const n = counties.length;
  const C = () => counties;
  // 1. Plots by stage at quarter end.
  const stageRows = await em.execute<{ county_code: string; stage: PlotStage; n: string }[]>(
    `select county_code, stage, count(*) as n from (${STAGE_AT(n)}) s group by county_code, stage`,
    [...C(), last],
  );

  // 2. Every other count, one row per county (counties with nothing in them included).
  const rows = await em.execute<any[]>(
    `with c(county_code) as (select unnest(array[${marks(n)}]::text[])),
     st as (${STAGE_AT(n)}),
     plan as (
       -- each 一住两公 planning decision in the quarter, with the plan in force just before it
       select le.plot_id, p.county_code,
         (select pu2.sensitive from land_event le2 join land_use pu2 on pu2.code = le2.planned_use_code
           where le2.plot_id = le.plot_id and le2.kind = 'PLAN_USE' and (le2.decided_on < le.decided_on or (le2.decided_on = le.decided_on and le2.id < le.id))
           order by le2.decided_on desc, le2.id desc limit 1) as was_sensitive
       from land_event le join plot p on p.id = le.plot_id join land_use pu on pu.code = le.planned_use_code
       where le.kind = 'PLAN_USE' and pu.sensitive and le.decided_on between ? and ? and p.county_code in (${marks(n)})
     ),
     changed as (select distinct plot_id, county_code from plan where not coalesce(was_sensitive, false)),
     supplies as (
       -- 重点建设用地: supplied this year up to quarter end for a 一住两公 use, current use not 一住两公
       select distinct on (le.plot_id) le.plot_id, p.county_code,
         (select e.to_stage from stage_event e where e.plot_id = le.plot_id and e.effective_on <= le.decided_on order by e.effective_on desc, e.id desc limit 1) as stage_then
       from land_event le join plot p on p.id = le.plot_id join land_use pu on pu.code = le.planned_use_code
       left join land_use cu on cu.code = p.current_use_code
       where le.kind = 'SUPPLY' and pu.sensitive and not coalesce(cu.sensitive, false)
         and le.decided_on between ? and ? and p.county_code in (${marks(n)})
       order by le.plot_id, le.decided_on desc, le.id desc
     ),
     open_v as (
       select distinct plot_id, county_code from violation
       where county_code in (${marks(n)}) and detected_on <= ? and (rectified_on is null or rectified_on > ?)
     )
     select c.county_code,
       (select count(*) from changed x where x.county_code = c.county_code) as sensitive_use_changes,
       (select count(*) from changed x join st on st.plot_id = x.plot_id
         where x.county_code = c.county_code and st.stage not in ('SUSPECTED', 'UNDER_INVESTIGATION')) as sensitive_use_changes_investigated,
       (select count(distinct e.plot_id) from stage_event e join plot p on p.id = e.plot_id
         where p.county_code = c.county_code and e.to_stage = 'LISTED' and e.effective_on between ? and ?) as listed_in_quarter,
       (select count(distinct e.plot_id) from stage_event e join plot p on p.id = e.plot_id
         where p.county_code = c.county_code and e.to_stage = 'DELISTED' and e.effective_on between ? and ?) as delisted_in_quarter,
       (select count(*) from violation v where v.county_code = c.county_code and v.detected_on <= ? and (v.rectified_on is null or v.rectified_on > ?)) as violations_open,
       (select count(*) from violation v where v.county_code = c.county_code and v.rectified_on between ? and ?) as violations_rectified_in_quarter,
       (select count(*) from key_unit k where k.county_code = c.county_code and k.listed_on <= ? and (k.delisted_on is null or k.delisted_on > ?)) as key_units,
       (select count(*) from discharge_permit d where d.county_code = c.county_code and d.ended_on between ? and ?) as permits_ended_in_quarter,
       (select count(*) from vacated_site s left join st on st.plot_id = s.plot_id
         where s.county_code = c.county_code and s.vacated_on <= ?
           and not coalesce(st.stage in ('BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED'), false)) as vacated_sites_open,
       (select count(*) from reserve_project r where r.county_code = c.county_code and r.entered_central_reserve_on between ? and ?) as reserve_projects_added,
       (select count(*) from supplies s where s.county_code = c.county_code) as supplied,
       (select count(*) from supplies s where s.county_code = c.county_code
          and s.stage_then in ('BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED')
          and not exists (select 1 from open_v o where o.plot_id = s.plot_id)) as safe
     from c order by c.county_code`,
    [
      ...C(),
      ...C(), last,
      first, last, ...C(),
      `${first.slice(0, 4)}-01-01`, last, ...C(),
      ...C(), last, last,
      first, last,
      first, last,
      last, last,
      first, last,
      last, last,
      first, last,
      last,
      first, last,
    ],
  );

  // 3. Key units with any OVERDUE duty at quarter end: the duties' one definition, run for these counties.
  const overdue = await em.execute<{ county_code: string; n: string }[]>(
    `select county_code, count(distinct key_unit_id) as n from (${obligationsSql(`select id from key_unit where county_code in (${marks(n)})`)}) o
     where state = 'OVERDUE' group by county_code`,
    [last, ...C()],
  );
  const overdueBy = new Map(overdue.map((r) => [r.county_code, Number(r.n)]));

  return rows.map((r) => {
    const supplied = Number(r.supplied);
    const safe = Number(r.safe);
    return {
      countyCode: r.county_code,
      plotsByStage: Object.values(PlotStage).map((stage) => ({
        stage,
        count: Number(stageRows.find((s) => s.county_code === r.county_code && s.stage === stage)?.n ?? 0),
      })),
      sensitiveUseChanges: Number(r.sensitive_use_changes),
      sensitiveUseChangesInvestigated: Number(r.sensitive_use_changes_investigated),
      listedInQuarter: Number(r.listed_in_quarter),
      delistedInQuarter: Number(r.delisted_in_quarter),
      violationsOpen: Number(r.violations_open),
      violationsRectifiedInQuarter: Number(r.violations_rectified_in_quarter),
      keyUnits: Number(r.key_units),
      keyUnitsOverdue: overdueBy.get(r.county_code) ?? 0,
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
    permitsEndedInQuarter: sum((r) => r.permitsEndedInQuarter),
    vacatedSitesOpen: sum((r) => r.vacatedSitesOpen),
    reserveProjectsAdded: sum((r) => r.reserveProjectsAdded),
    safeUseRate: supplied ? safe / supplied : null,
    safeUse: { safe, supplied },
  };
}
