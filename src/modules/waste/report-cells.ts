import type { EntityManager } from '@mikro-orm/postgresql';
import { named } from '../../db/named';
import type { CityRules } from '../../rules/city-rules';
import { dutiesSql, dutyRules } from '../duty/engine';

/**
 * The quarterly report's cells of RULES §11 (Xiaoyi plan 6 and 8, Jinzhong plan 9): each ONE SQL definition of the
 * rows behind it as of a date within counties, from which the report takes its count (src/reports/joint-dispatch.ts
 * embeds these in its one statement) and the drill-down lists the rows (wasteCellRows). `d` and `counties` are SQL
 * expressions in the caller's placeholder style (the report: `:last`, `array[:counties]::text[]`).
 * Every row has county_code.
 */
export interface WasteCell {
  /** SQL of the rows behind the cell. */
  rows: (d: string, counties: string, rules: CityRules) => string;
  /** The aggregate over those rows that is the cell's value (a number). */
  value: string;
}

const yardDuties = (d: string, counties: string, rules: CityRules) => dutiesSql({
  date: d, yards: `select id from solid_waste_yard where county_code = any(${counties})`, keyUnitPlotDuty: false, rules: dutyRules(rules),
});

export const WASTE_CELLS = {
  /** Yards whose MONTHLY_INSPECTION for the date's month is MET by the date (每月至少全覆盖执法检查一次). Rows: one per yard. */
  yardsInspectedThisMonth: {
    rows: (d, counties, rules) => `select x.county_code, x.solid_waste_yard_id, x.due_on, x.detail from (${yardDuties(d, counties, rules)}) x
      where x.kind = 'MONTHLY_INSPECTION' and x.state = 'MET' and x.due_on::date = (date_trunc('month', ${d}::date) + interval '1 month' - interval '1 day')::date`,
    value: 'count(distinct solid_waste_yard_id)',
  },
  /** Yards with a month of MONTHLY_INSPECTION OVERDUE at the date (the engine's window: the 12 months up to the date). Rows: one per yard and month missed. */
  yardsInspectionOverdue: {
    rows: (d, counties, rules) => `select x.county_code, x.solid_waste_yard_id, x.due_on, x.detail from (${yardDuties(d, counties, rules)}) x
      where x.kind = 'MONTHLY_INSPECTION' and x.state = 'OVERDUE'`,
    value: 'count(distinct solid_waste_yard_id)',
  },
  /** Legacy hazardous waste not yet disposed at the date, in tonnes (Xiaoyi plan 8). Rows: one per inventory line with tonnes left. */
  legacyWasteRemainingTonnes: {
    rows: (d, counties) => `select i.county_code, i.site_id as legacy_waste_site_id, i.id as legacy_waste_item_id, i.waste_code, i.tonnes,
        i.tonnes - coalesce((select sum(x.tonnes) from legacy_waste_disposal x where x.item_id = i.id and x.disposed_on <= ${d}), 0) as remaining_tonnes
      from legacy_waste_item i join legacy_waste_site s on s.id = i.site_id
      where s.county_code = any(${counties}) and i.inventoried_on <= ${d}
        and i.tonnes > coalesce((select sum(x.tonnes) from legacy_waste_disposal x where x.item_id = i.id and x.disposed_on <= ${d}), 0)`,
    value: 'coalesce(sum(remaining_tonnes), 0)',
  },
  /** SOIL_TRANSFER_DISCREPANCY violations open at the date (detected by then, not rectified by then). Rows: one per violation. */
  soilTransferDiscrepanciesOpen: {
    rows: (d, counties) => `select v.county_code, v.id as violation_id, v.plot_id, v.soil_transfer_leg_id, v.detected_on from violation v
      where v.county_code = any(${counties}) and v.kind = 'SOIL_TRANSFER_DISCREPANCY' and v.detected_on <= ${d} and (v.rectified_on is null or v.rectified_on > ${d})`,
    value: 'count(*)',
  },
} satisfies Record<string, WasteCell>;

export type WasteCellName = keyof typeof WASTE_CELLS;

/**
 * The CTEs the report embeds: `<cell>_rows` (the rows) and one `waste_cells` row per county with every cell's value,
 * to be left-joined by county_code.
 */
export function wasteCellCtes(d: string, counties: string, rules: CityRules): string {
  const names = Object.keys(WASTE_CELLS) as WasteCellName[];
  const ctes = names.map((n) => `w_${n} as (select county_code, ${WASTE_CELLS[n].value} as ${n} from (${WASTE_CELLS[n].rows(d, counties, rules)}) r group by county_code)`);
  return ctes.join(',\n');
}

/** The rows behind a cell, as of `date`, in `counties` (the drill-down; the same definition the report counts). */
export async function wasteCellRows(em: EntityManager, rules: CityRules, cell: WasteCellName, counties: string[], date: string): Promise<Record<string, unknown>[]> {
  if (!counties.length) return [];
  const [sql, params] = named(`${WASTE_CELLS[cell].rows(':d', 'array[:counties]::text[]', rules)} order by 1, 2`, { d: date, counties });
  return em.execute(sql, params);
}
