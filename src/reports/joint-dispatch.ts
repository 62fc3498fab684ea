import type { EntityManager } from '@mikro-orm/postgresql';
import { PlotStage } from '../modules/plot/plot.enums';
import { dutiesSql, dutyRules } from '../modules/duty/engine';
import type { CityRules } from '../rules/city-rules';
import { named } from '../db/named';
import { CLEARED_STAGES, clearedForUseSql, lastEventSql, neededClassSql } from '../modules/plot/plot.sql';
import { CellColumns, CellCounts, CellDef, CellRow, CellSubject, countsSql, RawCellRow, rowsSql, toCellRow } from './cells';
import { reserveStageAtSql } from '../modules/reserve/reserve-stage-event.sql';
import { IN_RESERVE_OR_LATER } from '../modules/reserve/reserve-lifecycle';
import { legacyWasteRemainingSql } from '../modules/waste/report-cells';
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
  permitsEndedInQuarter: number;
  vacatedSitesOpen: number;
  reserveProjectsAdded: number;
  /** Yards whose MONTHLY_INSPECTION of the quarter's last month was MET by its last day (RULES §11). */
  yardsInspectedThisMonth: number;
  /** Yards with a month of MONTHLY_INSPECTION OVERDUE at quarter end. */
  yardsInspectionOverdue: number;
  /** SOIL_TRANSFER_DISCREPANCY violations open at quarter end. */
  soilTransferDiscrepanciesOpen: number;
  /** Legacy hazardous waste not disposed at quarter end: tonnes (exact decimal) and the inventory lines holding them. */
  legacyWaste: { tonnes: string; lines: number };
  /** = legacyWaste.tonnes (the report's field). */
  legacyWasteRemainingTonnes: string;
  safeUseRate: number | null;
  /** numerator and denominator of safeUseRate, so the total row can be a ratio of sums. */
  safeUse: { safe: number; supplied: number };
}

/** Every cell of the joint-dispatch report that counts things (safeUseRate is SAFE_USE_SAFE / SAFE_USE_SUPPLIED). */
export enum JointDispatchCell {
  PLOTS_BY_STAGE = 'PLOTS_BY_STAGE',
  SENSITIVE_USE_CHANGES = 'SENSITIVE_USE_CHANGES',
  SENSITIVE_USE_CHANGES_INVESTIGATED = 'SENSITIVE_USE_CHANGES_INVESTIGATED',
  LISTED_IN_QUARTER = 'LISTED_IN_QUARTER',
  DELISTED_IN_QUARTER = 'DELISTED_IN_QUARTER',
  VIOLATIONS_OPEN = 'VIOLATIONS_OPEN',
  VIOLATIONS_RECTIFIED_IN_QUARTER = 'VIOLATIONS_RECTIFIED_IN_QUARTER',
  KEY_UNITS = 'KEY_UNITS',
  KEY_UNITS_OVERDUE = 'KEY_UNITS_OVERDUE',
  PLOT_DUTIES_OVERDUE = 'PLOT_DUTIES_OVERDUE',
  REAL_ESTATE_FILINGS_MISSING = 'REAL_ESTATE_FILINGS_MISSING',
  POST_MANAGEMENT_OVERDUE = 'POST_MANAGEMENT_OVERDUE',
  PERMITS_ENDED_IN_QUARTER = 'PERMITS_ENDED_IN_QUARTER',
  VACATED_SITES_OPEN = 'VACATED_SITES_OPEN',
  RESERVE_PROJECTS_ADDED = 'RESERVE_PROJECTS_ADDED',
  /** 一住两公 supplies this year up to quarter end: safeUseRate's denominator. */
  SAFE_USE_SUPPLIED = 'SAFE_USE_SUPPLIED',
  /** those of them safe: safeUseRate's numerator. */
  SAFE_USE_SAFE = 'SAFE_USE_SAFE',
  /** RULES §11: yards inspected on site in the quarter's last month (one row per yard). */
  YARDS_INSPECTED_THIS_MONTH = 'YARDS_INSPECTED_THIS_MONTH',
  /** yards with a month's inspection overdue at quarter end (one row per yard, the months missed in its detail). */
  YARDS_INSPECTION_OVERDUE = 'YARDS_INSPECTION_OVERDUE',
  /** legacy hazardous waste left at quarter end: one row per inventory line, its tonnes left (legacyWasteRemainingTonnes is their sum). */
  LEGACY_WASTE_REMAINING = 'LEGACY_WASTE_REMAINING',
  SOIL_TRANSFER_DISCREPANCIES_OPEN = 'SOIL_TRANSFER_DISCREPANCIES_OPEN',
}

type CountField = Exclude<keyof JointDispatchCounts, 'countyCode' | 'plotsByStage' | 'safeUseRate' | 'safeUse' | 'legacyWaste' | 'legacyWasteRemainingTonnes'>;

/** A cell of the joint-dispatch report: its set (cells.ts) and the row field it fills (none for the safe-use parts). */
export interface JointDispatchCellDef extends CellDef<JointDispatchCell> { field?: CountField }

const IN_DIVISION = `= any(array[:counties]::text[])`;

/**
 * The shared CTEs of the report and of its drill-down (placeholders :counties, :first, :last, :yearStart), shaped
 * for speed at national scale (bench: province 3.0× → ~1× of the hand-written floor): the stage at quarter end is
 * one backward index probe per plot of the division (stage_event (plot_id, effective_on desc, id desc) include
 * (to_stage)), computed once; the duties come from the duty engine's one statement (dutiesSql,
 * src/modules/duty/engine.ts), computed once for both subjects: key-unit duties as KeyUnit.obligations lists them,
 * plot duties as the `duties` query and Plot.obligations list them. A CTE no cell of a statement reads is not run.
 */
function jointDispatchSources(rules: CityRules): string {
  return `st as materialized (
       -- the stage of each plot at quarter end: its latest event effective by then
       select p.id as plot_id, p.county_code, s.stage, s.effective_on from plot p
       cross join lateral (select e.to_stage as stage, e.effective_on from stage_event e where e.plot_id = p.id and e.effective_on <= :last
                           order by e.effective_on desc, e.id desc limit 1) s
       where p.county_code ${IN_DIVISION}),
     plan as (
       -- each 一住两公 planning decision in the quarter, with the plan in force just before it
       select le.plot_id, p.county_code, le.decided_on,
         (select pu2.sensitive from land_event le2 join land_use pu2 on pu2.code = le2.planned_use_code
           where le2.plot_id = le.plot_id and le2.kind = 'PLAN_USE' and (le2.decided_on < le.decided_on or (le2.decided_on = le.decided_on and le2.id < le.id))
           order by le2.decided_on desc, le2.id desc limit 1) as was_sensitive
       from land_event le join plot p on p.id = le.plot_id join land_use pu on pu.code = le.planned_use_code
       -- a change of use: land already in 一住两公 use planned for another 一住两公 use is none (RULES.md §8)
       left join land_use cu on cu.code = p.current_use_code
       where le.kind = 'PLAN_USE' and pu.sensitive and not coalesce(cu.sensitive, false)
         and le.decided_on between :first and :last and p.county_code ${IN_DIVISION}),
     changed as (select plot_id, county_code, min(decided_on) as decided_on from plan where not coalesce(was_sensitive, false) group by 1, 2),
     -- investigated: past investigation at quarter end, and when cleared, cleared for the class its use needs
     chg as (select x.plot_id, x.county_code, x.decided_on, ev.to_stage,
               coalesce(ev.to_stage not in ('SUSPECTED', 'UNDER_INVESTIGATION')
                        and (ev.to_stage not in ${CLEARED_STAGES} or ${clearedForUseSql('ev', neededClassSql('p', ':last'))}), false) as investigated
             from changed x join plot p on p.id = x.plot_id
             left join lateral (${lastEventSql('p', ':last')}) ev on true),
     -- listed and delisted in the quarter: one pass over the quarter's stage events for both cells
     lst as (select e.plot_id, p.county_code, e.to_stage, min(e.effective_on) as effective_on
             from stage_event e join plot p on p.id = e.plot_id
             where e.to_stage in ('LISTED', 'DELISTED') and e.effective_on between :first and :last and p.county_code ${IN_DIVISION}
             group by 1, 2, 3),
     duty as materialized (${dutiesSql({
       date: ':last', keyUnits: `select id from key_unit where county_code ${IN_DIVISION}`,
       plots: `select id from plot where county_code ${IN_DIVISION}`, yards: `select id from solid_waste_yard where county_code ${IN_DIVISION}`,
       keyUnitPlotDuty: true, rules: dutyRules(rules),
     })}),
     supplies as (
       -- 重点建设用地: supplied this year up to quarter end for a 一住两公 use (any of the codes supplied,
       -- RULES.md §3), current use not 一住两公; with the clearance in force on the day of the supply
       select distinct on (le.plot_id) le.plot_id, p.county_code, le.decided_on, ev.to_stage, ev.land_class,
         (select case when bool_or(u.land_class = 'FIRST') then 'FIRST' else 'SECOND' end from land_use u where u.code = any(le.supplied_use_codes)) as needed
       from land_event le join plot p on p.id = le.plot_id
       left join land_use cu on cu.code = p.current_use_code
       left join lateral (${lastEventSql('p', 'le.decided_on')}) ev on true
       where le.kind = 'SUPPLY' and exists (select 1 from land_use pu where pu.code = any(le.supplied_use_codes) and pu.sensitive)
         and not coalesce(cu.sensitive, false)
         and le.decided_on between :yearStart and :last and p.county_code ${IN_DIVISION}
       order by le.plot_id, le.decided_on desc, le.id desc),
     open_v as (select distinct plot_id from violation
                where county_code ${IN_DIVISION} and detected_on <= :last and (rectified_on is null or rectified_on > :last)),
     -- safe: cleared for the class the supplied use needs when supplied (RULES.md §2), and no open violation
     sup as (select s.plot_id, s.county_code, s.decided_on, s.to_stage,
               coalesce(${clearedForUseSql('s', 's.needed')}, false) and not exists (select 1 from open_v o where o.plot_id = s.plot_id) as safe
             from supplies s)`;
}

const dutyCols = (d: string): Partial<CellColumns> => ({
  county: `${d}.county_code`, plot: `${d}.plot_id`, keyUnit: `${d}.key_unit_id`, kind: `${d}.kind`, state: `${d}.state`, on: `${d}.due_on`,
  detail: `${d}.detail`, obligor: `${d}.obligor`, agency: `${d}.responsible_agency`,
});

/**
 * THE cells of the joint-dispatch report (每季度调度分析), each once: every count as of the quarter's last day or
 * within the quarter, from history only (stage events by effectiveOn, land events by decision date, violations by
 * detection/rectification, permits by end date, key units by their listing periods), so a report for a past
 * quarter never changes when later events are recorded. The report counts these sets; jointDispatchCell lists them.
 *
 * A new cell (e.g. a family's overdue duties): a JointDispatchCell value and ONE entry here — its set over the
 * shared CTEs above (add a CTE there if several cells share it) and the JointDispatchCounts field it fills (declare
 * that field on JointDispatchCounts and JointDispatchRow). The count, the total, JointDispatchRow.cells with the
 * previous quarter, the drill-down and its export follow from the entry.
 */
export const JOINT_DISPATCH_CELLS: readonly JointDispatchCellDef[] = [
  { cell: JointDispatchCell.PLOTS_BY_STAGE, subject: CellSubject.PLOT, parts: Object.values(PlotStage), from: 'from st',
    cols: { county: 'st.county_code', plot: 'st.plot_id', kind: 'st.stage', on: 'st.effective_on', part: 'st.stage' } },
  { cell: JointDispatchCell.SENSITIVE_USE_CHANGES, field: 'sensitiveUseChanges', subject: CellSubject.PLOT, from: 'from chg',
    cols: { county: 'chg.county_code', plot: 'chg.plot_id', kind: 'chg.to_stage', on: 'chg.decided_on' } },
  { cell: JointDispatchCell.SENSITIVE_USE_CHANGES_INVESTIGATED, field: 'sensitiveUseChangesInvestigated', subject: CellSubject.PLOT, from: 'from chg where chg.investigated',
    cols: { county: 'chg.county_code', plot: 'chg.plot_id', kind: 'chg.to_stage', on: 'chg.decided_on' } },
  ...(['LISTED', 'DELISTED'] as const).map((to): JointDispatchCellDef => ({
    cell: to === 'LISTED' ? JointDispatchCell.LISTED_IN_QUARTER : JointDispatchCell.DELISTED_IN_QUARTER,
    field: to === 'LISTED' ? 'listedInQuarter' : 'delistedInQuarter', subject: CellSubject.PLOT,
    from: `from lst where lst.to_stage = '${to}'`,
    cols: { county: 'lst.county_code', plot: 'lst.plot_id', kind: 'lst.to_stage', on: 'lst.effective_on' },
  })),
  { cell: JointDispatchCell.VIOLATIONS_OPEN, field: 'violationsOpen', subject: CellSubject.VIOLATION,
    from: `from violation v where v.county_code ${IN_DIVISION} and v.detected_on <= :last and (v.rectified_on is null or v.rectified_on > :last)`,
    cols: { county: 'v.county_code', violation: 'v.id', plot: 'v.plot_id', kind: 'v.kind', on: 'v.detected_on', state: `'OPEN'` } },
  { cell: JointDispatchCell.VIOLATIONS_RECTIFIED_IN_QUARTER, field: 'violationsRectifiedInQuarter', subject: CellSubject.VIOLATION,
    from: `from violation v where v.county_code ${IN_DIVISION} and v.rectified_on between :first and :last`,
    cols: { county: 'v.county_code', violation: 'v.id', plot: 'v.plot_id', kind: 'v.kind', on: 'v.rectified_on', state: `'RECTIFIED'` } },
  // key units on the directory at quarter end: a listing period covering it (listed, delisted, listed again)
  { cell: JointDispatchCell.KEY_UNITS, field: 'keyUnits', subject: CellSubject.KEY_UNIT,
    from: `from key_unit_listing l where l.county_code ${IN_DIVISION} and l.listed_on <= :last and (l.delisted_on is null or l.delisted_on > :last)
           group by l.key_unit_id, l.county_code`,
    cols: { county: 'l.county_code', keyUnit: 'l.key_unit_id', on: 'max(l.listed_on)' } },
  { cell: JointDispatchCell.KEY_UNITS_OVERDUE, field: 'keyUnitsOverdue', subject: CellSubject.KEY_UNIT,
    from: `from duty d where d.subject = 'KEY_UNIT' and d.state = 'OVERDUE' group by d.key_unit_id, d.county_code`,
    cols: { county: 'd.county_code', keyUnit: 'd.key_unit_id', state: `'OVERDUE'`, on: 'min(d.due_on)', detail: `string_agg(distinct d.kind::text, ', ')` } },
  { cell: JointDispatchCell.PLOT_DUTIES_OVERDUE, field: 'plotDutiesOverdue', subject: CellSubject.DUTY,
    from: `from duty d where d.subject = 'PLOT' and d.state = 'OVERDUE'`, cols: dutyCols('d') as CellColumns },
  { cell: JointDispatchCell.REAL_ESTATE_FILINGS_MISSING, field: 'realEstateFilingsMissing', subject: CellSubject.DUTY,
    from: `from duty d where d.subject = 'PLOT' and d.kind = 'REAL_ESTATE_FILING' and d.state = 'DUE'`, cols: dutyCols('d') as CellColumns },
  { cell: JointDispatchCell.POST_MANAGEMENT_OVERDUE, field: 'postManagementOverdue', subject: CellSubject.DUTY,
    from: `from duty d where d.subject = 'PLOT' and d.kind = 'POST_MANAGEMENT' and d.state = 'OVERDUE'`, cols: dutyCols('d') as CellColumns },
  { cell: JointDispatchCell.PERMITS_ENDED_IN_QUARTER, field: 'permitsEndedInQuarter', subject: CellSubject.PERMIT,
    from: `from discharge_permit dp where dp.county_code ${IN_DIVISION} and dp.ended_on between :first and :last`,
    cols: { county: 'dp.county_code', permit: 'dp.id', keyUnit: 'dp.key_unit_id', on: 'dp.ended_on', kind: 'dp.end_reason' } },
  // neither released (its plot cleared) nor closed (plotless, RULES.md §8) at quarter end
  { cell: JointDispatchCell.VACATED_SITES_OPEN, field: 'vacatedSitesOpen', subject: CellSubject.VACATED_SITE,
    from: `from vacated_site s left join st on st.plot_id = s.plot_id
           where s.county_code ${IN_DIVISION} and s.vacated_on <= :last and not coalesce(st.stage in ${CLEARED_STAGES}, false)
             and (s.closed_on is null or s.closed_on > :last)`,
    cols: { county: 's.county_code', vacatedSite: 's.id', plot: 's.plot_id', kind: 'st.stage', on: 's.vacated_on' } },
  // entered the central reserve in the quarter and standing in it at quarter end (RULES.md §7, as the tracker counts)
  { cell: JointDispatchCell.RESERVE_PROJECTS_ADDED, field: 'reserveProjectsAdded', subject: CellSubject.RESERVE_PROJECT,
    from: `from reserve_project r where r.county_code ${IN_DIVISION} and r.entered_central_reserve_on between :first and :last
             and ${reserveStageAtSql('r', ':last')} in (${IN_RESERVE_OR_LATER.map((st) => `'${st}'`).join(', ')})`,
    cols: { county: 'r.county_code', project: 'r.id', on: 'r.entered_central_reserve_on', kind: reserveStageAtSql('r', ':last') } },
  { cell: JointDispatchCell.SAFE_USE_SUPPLIED, subject: CellSubject.PLOT, from: 'from sup',
    cols: { county: 'sup.county_code', plot: 'sup.plot_id', kind: 'sup.to_stage', on: 'sup.decided_on', state: `case when sup.safe then 'SAFE' else 'NOT_SAFE' end` } },
  { cell: JointDispatchCell.SAFE_USE_SAFE, subject: CellSubject.PLOT, from: 'from sup where sup.safe',
    cols: { county: 'sup.county_code', plot: 'sup.plot_id', kind: 'sup.to_stage', on: 'sup.decided_on', state: `'SAFE'` } },
  // RULES §11 (Xiaoyi plan 6: 每月至少全覆盖执法检查一次): the month is the quarter's last
  { cell: JointDispatchCell.YARDS_INSPECTED_THIS_MONTH, field: 'yardsInspectedThisMonth', subject: CellSubject.SOLID_WASTE_YARD,
    from: `from duty d where d.subject = 'SOLID_WASTE_YARD' and d.kind = 'MONTHLY_INSPECTION' and d.state = 'MET'
             and d.due_on::date = (date_trunc('month', :last::date) + interval '1 month' - interval '1 day')::date`,
    cols: { county: 'd.county_code', solidWasteYard: 'd.solid_waste_yard_id', kind: 'd.kind', state: 'd.state', on: 'd.due_on', detail: 'd.detail' } },
  { cell: JointDispatchCell.YARDS_INSPECTION_OVERDUE, field: 'yardsInspectionOverdue', subject: CellSubject.SOLID_WASTE_YARD,
    from: `from duty d where d.subject = 'SOLID_WASTE_YARD' and d.kind = 'MONTHLY_INSPECTION' and d.state = 'OVERDUE'
           group by d.solid_waste_yard_id, d.county_code`,
    cols: { county: 'd.county_code', solidWasteYard: 'd.solid_waste_yard_id', kind: `'MONTHLY_INSPECTION'`, state: `'OVERDUE'`, on: 'min(d.due_on)',
      detail: `string_agg(left(d.due_on::text, 7), ', ' order by d.due_on)` } },
  // Xiaoyi plan 8: the five closed coke plants' legacy hazardous waste; the cell's tonnes are the sum of its rows' quantity
  { cell: JointDispatchCell.LEGACY_WASTE_REMAINING, subject: CellSubject.LEGACY_WASTE,
    from: `from (${legacyWasteRemainingSql(':last', 'array[:counties]::text[]')}) lw`,
    cols: { county: 'lw.county_code', legacyWasteSite: 'lw.legacy_waste_site_id', kind: 'lw.waste_code', quantity: 'lw.remaining_tonnes', detail: `lw.tonnes::text` } },
  { cell: JointDispatchCell.SOIL_TRANSFER_DISCREPANCIES_OPEN, field: 'soilTransferDiscrepanciesOpen', subject: CellSubject.VIOLATION,
    from: `from violation v where v.county_code ${IN_DIVISION} and v.kind = 'SOIL_TRANSFER_DISCREPANCY' and v.detected_on <= :last
             and (v.rectified_on is null or v.rectified_on > :last)`,
    cols: { county: 'v.county_code', violation: 'v.id', plot: 'v.plot_id', kind: 'v.kind', on: 'v.detected_on', state: `'OPEN'` } },
];

const CELL_BY_NAME = new Map(JOINT_DISPATCH_CELLS.map((d) => [d.cell, d]));
export const jointDispatchCellDef = (cell: JointDispatchCell) => CELL_BY_NAME.get(cell)!;

const params = (counties: string[], first: string, last: string) => ({ counties, first, last, yearStart: `${first.slice(0, 4)}-01-01` });

/**
 * 每季度调度分析: every cell of the joint-dispatch report for each county (JOINT_DISPATCH_CELLS, counted), in ONE
 * set-based statement for any division: each cell one grouped pass over its set, no per-county subqueries.
 */
export async function jointDispatchCounts(em: EntityManager, rules: CityRules, counties: string[], first: string, last: string): Promise<JointDispatchCounts[]> {
  if (!counties.length) return [];
  const [sql, values] = named(`with ${jointDispatchSources(rules)}\n${countsSql(JOINT_DISPATCH_CELLS)}`, params(counties, first, last));
  const counts = new CellCounts(await em.execute<any[]>(sql, values));
  return [...counties].sort().map((county) => {
    const supplied = counts.get(JointDispatchCell.SAFE_USE_SUPPLIED, county);
    const safe = counts.get(JointDispatchCell.SAFE_USE_SAFE, county);
    const row = {
      countyCode: county,
      plotsByStage: Object.values(PlotStage).map((stage) => ({ stage, count: counts.get(JointDispatchCell.PLOTS_BY_STAGE, county, stage) })),
      safeUseRate: supplied ? safe / supplied : null,
      safeUse: { safe, supplied },
      legacyWaste: { tonnes: counts.sum(JointDispatchCell.LEGACY_WASTE_REMAINING, county), lines: counts.get(JointDispatchCell.LEGACY_WASTE_REMAINING, county) },
    } as JointDispatchCounts;
    row.legacyWasteRemainingTonnes = row.legacyWaste.tonnes;
    for (const d of JOINT_DISPATCH_CELLS) if (d.field) row[d.field] = counts.get(d.cell, county);
    return row;
  });
}

/**
 * The rows behind one cell (a split cell: of one part) in `counties` (already checked against the token's division),
 * at the same dates and from the same set as the count: the shared CTEs run over those counties only, which
 * changes nothing, since every cell's set is a union over counties (each row carries its own).
 */
export async function jointDispatchCellRows(
  em: EntityManager, rules: CityRules, counties: string[], first: string, last: string, cell: JointDispatchCell, part: string | null,
): Promise<CellRow[]> {
  if (!counties.length) return [];
  const def = jointDispatchCellDef(cell);
  const [sql, values] = named(`with ${jointDispatchSources(rules)}\n${rowsSql(def, 'array[:counties]::text[]', def.parts ? ':part' : undefined)}`,
    { ...params(counties, first, last), ...(def.parts ? { part } : {}) });
  return (await em.execute<RawCellRow[]>(sql, values)).map(toCellRow);
}

/** The value of a cell in a row of counts (a split cell: its part). */
export function cellValue(row: JointDispatchCounts, def: JointDispatchCellDef, part?: string | null): number {
  if (def.field) return row[def.field];
  if (def.cell === JointDispatchCell.PLOTS_BY_STAGE) return row.plotsByStage.find((s) => s.stage === part)?.count ?? 0;
  if (def.cell === JointDispatchCell.SAFE_USE_SUPPLIED) return row.safeUse.supplied;
  if (def.cell === JointDispatchCell.SAFE_USE_SAFE) return row.safeUse.safe;
  if (def.cell === JointDispatchCell.LEGACY_WASTE_REMAINING) return row.legacyWaste.lines;
  throw new Error(`cellValue: ${def.cell}`);
}

/** The total row: sums of the counts; the safe-use rate as the ratio of the summed parts. */
export function totalRow(rows: JointDispatchCounts[]): JointDispatchCounts {
  const sum = (f: (r: JointDispatchCounts) => number) => rows.reduce((a, r) => a + f(r), 0);
  const safe = sum((r) => r.safeUse.safe);
  const supplied = sum((r) => r.safeUse.supplied);
  const total = {
    countyCode: null,
    plotsByStage: Object.values(PlotStage).map((stage) => ({ stage, count: sum((r) => r.plotsByStage.find((s) => s.stage === stage)!.count) })),
    safeUseRate: supplied ? safe / supplied : null,
    safeUse: { safe, supplied },
    legacyWaste: { tonnes: fromMilli(rows.reduce((a, r) => a + toMilli(r.legacyWaste.tonnes), 0n)), lines: sum((r) => r.legacyWaste.lines) },
  } as JointDispatchCounts;
  total.legacyWasteRemainingTonnes = total.legacyWaste.tonnes;
  // every counting cell's field, from the one list of cells
  for (const d of JOINT_DISPATCH_CELLS) if (d.field) total[d.field] = sum((r) => r[d.field!]);
  return total;
}
