import type { Context } from '../../context';
import { badInput, forbidden } from '../../errors';
import { inScope } from '../../auth/principal';
import { DivisionLevel } from '../division/division.entity';
import { isValidDate, parseQuarter } from '../../validation/dates';
import { decimalProblem, normalizeDecimal } from '../../validation/money';
import { isValidCreditCode } from '../../validation/uscc';

/**
 * Input checks at the edge, each answering BAD_USER_INPUT with the field named (extensions.field), so an
 * agency's engineer sees which input to fix. Services call these before touching the database.
 *
 * Text is never longer than the column it is stored in: before any resolver runs, every mutation's text is
 * checked against its column's size, read from the entity metadata (src/validation/columns.ts). The `max`
 * a service passes here can only be stricter; the default is MikroORM's default varchar length.
 */
export const MAX_TEXT = 255;

export function text(value: string | null | undefined, field: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
  if (value == null) {
    if (opts.required) throw badInput(field, 'is required');
    return undefined;
  }
  const v = value.trim();
  if (!v) {
    if (opts.required) throw badInput(field, 'must not be empty');
    return undefined;
  }
  // Characters as PostgreSQL counts them (code points), not UTF-16 units.
  const max = opts.max ?? MAX_TEXT;
  if (v.length > max && [...v].length > max) throw badInput(field, `must be at most ${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v)) throw badInput(field, 'must not contain control characters');
  return v;
}

export function date(value: string | null | undefined, field: string, opts: { required?: boolean; notAfter?: string; notBefore?: string } = {}): string | undefined {
  if (value == null) {
    if (opts.required) throw badInput(field, 'is required');
    return undefined;
  }
  if (!isValidDate(value)) throw badInput(field, `"${String(value).slice(0, 30)}" is not a calendar date YYYY-MM-DD`);
  if (opts.notAfter && value > opts.notAfter) throw badInput(field, `must not be after ${opts.notAfter}`);
  if (opts.notBefore && value < opts.notBefore) throw badInput(field, `must not be before ${opts.notBefore}`);
  return value;
}

/** A quarter asked as text: BAD_USER_INPUT `quarter` unless like 2025Q3. */
export function quarterArg(quarter: string) {
  const q = parseQuarter(String(quarter ?? '').trim());
  if (!q) throw badInput('quarter', `"${String(quarter).slice(0, 12)}" is not a quarter like 2025Q3`);
  return q;
}

/**
 * The day a report is read at: the quarter's last day (`quarter` like 2025Q3), else `asOf`, else today. Both given:
 * BAD_USER_INPUT `asOf`; a bad quarter: BAD_USER_INPUT `quarter`; a bad date: BAD_USER_INPUT `asOf`.
 */
export function dayOfQuarterOrAsOf(ctx: Context, quarter: string | null | undefined, asOf: string | null | undefined): string {
  if (quarter != null && asOf != null) throw badInput('asOf', 'give a quarter or a date, not both');
  if (quarter != null) return quarterArg(quarter).lastDay;
  return date(asOf, 'asOf') ?? ctx.today;
}

export function decimal(value: string | null | undefined, field: string): string | undefined {
  if (value == null) return undefined;
  const problem = decimalProblem(value);
  if (problem) throw badInput(field, problem);
  return normalizeDecimal(value);
}

export function creditCode(value: string, field: string): string {
  const v = (value ?? '').trim();
  if (!isValidCreditCode(v)) throw badInput(field, `"${v.slice(0, 30)}" is not a valid unified social credit code (GB 32100 check character)`);
  return v;
}

export function year(value: number | null | undefined, field: string, opts: { required?: boolean } = {}): number | undefined {
  if (value == null) {
    if (opts.required) throw badInput(field, 'is required');
    return undefined;
  }
  if (!Number.isInteger(value) || value < 1990 || value > 2100) throw badInput(field, 'must be a year between 1990 and 2100');
  return value;
}

/** A positive integer id as the contract's ID string; anything else cannot name a row. */
export function id(value: string | number, field: string): number {
  const n = typeof value === 'number' ? value : /^\d{1,9}$/.test(String(value)) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) throw badInput(field, 'is not a valid id');
  return n;
}

/**
 * The county a row is written to: it must exist, be county-level, and lie inside the principal's scope
 * (a write that would create a row outside the scope is FORBIDDEN, BRIEF.md "Who may do what").
 */
export function countyForWrite(ctx: Context, code: string, field: string): string {
  const d = ctx.cache.divisions.get(String(code ?? '').trim());
  if (!d) throw badInput(field, `unknown division code "${String(code).slice(0, 12)}"`);
  if (d.level !== DivisionLevel.COUNTY) throw badInput(field, `${d.code} ${d.name} is not a county-level division`);
  if (!inScope(ctx.principal, d.code)) throw forbidden(`writing rows in ${d.code} ${d.name}, outside this token's scope`);
  return d.code;
}

/** A division filter: the counties under it that the principal may see (possibly none). */
export function countiesFilter(ctx: Context, code: string | null | undefined, field: string): string[] | undefined {
  if (code == null) return undefined;
  const d = ctx.cache.divisions.get(String(code).trim());
  if (!d) throw badInput(field, `unknown division code "${String(code).slice(0, 12)}"`);
  return ctx.cache.countiesUnder(d.code).filter((c) => inScope(ctx.principal, c));
}

export function landUseCode(ctx: Context, code: string | null | undefined, field: string): string | undefined {
  if (code == null) return undefined;
  const c = String(code).trim();
  if (!ctx.cache.landUses.has(c)) throw badInput(field, `unknown GB/T 21010-2017 land-use code "${c.slice(0, 12)}"`);
  return c;
}

/**
 * The counties a question over a division is asked for: those under `code` that the principal may see, or
 * with no division every county of its scope (the platform's own scope: every county of the reference).
 */
export function countiesAsked(ctx: Context, code: string | null | undefined, field: string): string[] {
  const scope = ctx.principal.scope;
  return countiesFilter(ctx, code, field)
    ?? (scope.all ? [...ctx.cache.divisions.values()].filter((d) => d.level === DivisionLevel.COUNTY).map((d) => d.code) : [...scope.counties]);
}
