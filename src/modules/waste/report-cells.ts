/**
 * Legacy hazardous waste not yet disposed at a date (Xiaoyi plan 8): one row per inventory line with tonnes left,
 * within the counties. The quarterly report's LEGACY_WASTE_REMAINING cell (src/reports/joint-dispatch.ts) is this
 * set: its tonnes are the sum of `remaining_tonnes`, its drill-down the rows. `d` and `counties` are SQL
 * expressions in the caller's placeholder style (the report: `:last`, `array[:counties]::text[]`).
 */
export function legacyWasteRemainingSql(d: string, counties: string): string {
  const disposed = `coalesce((select sum(x.tonnes) from legacy_waste_disposal x where x.item_id = i.id and x.disposed_on <= ${d}), 0)`;
  return `select s.county_code, i.site_id as legacy_waste_site_id, i.id as legacy_waste_item_id, i.waste_code, i.tonnes,
        i.tonnes - ${disposed} as remaining_tonnes
      from legacy_waste_item i join legacy_waste_site s on s.id = i.site_id
      where s.county_code = any(${counties}) and i.inventoried_on <= ${d} and i.tonnes > ${disposed}`;
}
