import type { Context } from '../context';
import { badInput, forbidden } from '../errors';

/**
 * The division a report is asked for: it must exist (BAD_USER_INPUT) and lie inside the token's scope
 * (FORBIDDEN: a report on a division outside it). Returns its counties.
 */
export function reportDivision(ctx: Context, code: string, field = 'divisionCode'): { code: string; counties: string[] } {
  const d = ctx.cache.divisions.get(String(code ?? '').trim());
  if (!d) throw badInput(field, `unknown division code "${String(code).slice(0, 12)}"`);
  const p = ctx.principal;
  if (!p.scope.all && !ctx.cache.isWithin(d.code, p.divisionCode)) throw forbidden(`a report on ${d.code} ${d.name}, outside this token's scope`);
  return { code: d.code, counties: [...ctx.cache.countiesUnder(d.code)] };
}
