import type { Context } from '../../context';
import { reportDivision } from '../../reports/scope';
import { dayOfQuarterOrAsOf } from '../common/input';
import { indicatorFacts, round2 } from './farmland.sql';

/**
 * The county indicator (RULES.md §12; Jinzhong plan 1 "对优先保护类耕地面积减少或土壤环境质量下降的县（区、市），
 * 进行预警提醒并依法采取环评限批等限制性措施"): for each county of a division at a date (a quarter's last day, `asOf`,
 * or today), the priority-protection area at the start of the year against the date. The warning (and with it
 * the 环评限批 flag) is raised when the area decreased by more than the city's tolerance (`farmland.
 * decreaseToleranceSquareMetres`; a move down out of 优先保护类 is such a decrease), or a 安全利用类 unit moved down to
 * 严格管控类 in the year (土壤环境质量下降, which the priority area does not show) — where the city rule
 * `farmland.warnOnDecrease` is on. One statement over the history.
 */
export async function buildFarmlandIndicator(ctx: Context, divisionCode: string, quarter?: string | null, asOf?: string | null) {
  const on = dayOfQuarterOrAsOf(ctx, quarter, asOf);
  const div = reportDivision(ctx, divisionCode);
  const rules = ctx.rules.farmland;
  const facts = await indicatorFacts(ctx.em, div.counties, on);
  const rows = facts.map((f) => {
    const decrease = round2(f.priorityAreaAtYearStart - f.priorityAreaAt);
    const warnings: string[] = [];
    if (rules.warnOnDecrease && decrease > rules.decreaseToleranceSquareMetres) warnings.push(`优先保护类耕地面积较年初减少${decrease}平方米`);
    if (rules.warnOnDecrease && f.declinedFromSafeUse > 0) warnings.push(`${f.declinedFromSafeUse}个安全利用类图斑调整为严格管控类（土壤环境质量下降）`);
    return {
      county: ctx.cache.divisions.get(f.countyCode)!, units: f.units,
      priorityAreaAtYearStart: f.priorityAreaAtYearStart, priorityArea: f.priorityAreaAt, priorityAreaDecrease: decrease,
      safeUseArea: f.safeUseAreaAt, strictControlArea: f.strictControlAreaAt, basicFarmlandArea: f.basicFarmlandAreaAt,
      changesApproved: f.changesApproved, categoryMovedDown: f.movedDown,
      warning: warnings.length > 0, eiaRestricted: warnings.length > 0, warnings,
    };
  });
  return { asOf: on, yearStart: `${on.slice(0, 4)}-01-01`, division: ctx.cache.divisions.get(div.code)!, rows };
}
