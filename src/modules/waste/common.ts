import { badInput } from '../../errors';
import * as input from '../common/input';
import { toMilli, fromMilli, tonnesProblem } from './tonnes';

/** A quantity argument (tonnes, m³): its own form first; `positive` refuses zero. Canonical "12.500". */
export function quantity(value: string | null | undefined, field: string, opts: { required?: boolean; positive?: boolean } = {}): string | undefined {
  if (value == null) {
    if (opts.required) throw badInput(field, 'is required');
    return undefined;
  }
  const v = String(value).trim();
  const p = tonnesProblem(v);
  if (p) throw badInput(field, p);
  const milli = toMilli(v);
  if (opts.positive && milli <= 0n) throw badInput(field, 'must be more than zero');
  return fromMilli(milli);
}

/** A month "YYYY-MM" (or a date in it) → its first day. */
export function month(value: string | null | undefined, field: string, opts: { notAfter?: string } = {}): string {
  const v = String(value ?? '').trim();
  const m = /^(\d{4})-(\d{2})(?:-\d{2})?$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12 || Number(m[1]) < 1990 || Number(m[1]) > 2100) throw badInput(field, `"${v.slice(0, 20)}" is not a month YYYY-MM`);
  const first = `${m[1]}-${m[2]}-01`;
  if (opts.notAfter && first > opts.notAfter) throw badInput(field, `must not be after ${opts.notAfter.slice(0, 7)}`);
  return first;
}

/** An optional document: number and date together, or neither. */
export function documentPair(no: string | null | undefined, on: string | null | undefined, field: string, today: string): { no?: string; on?: string } {
  const n = input.text(no, `${field}DocumentNo`, { max: 100 });
  const d = input.date(on, `${field}IssuedOn`, { notAfter: today });
  if (!!n !== !!d) throw badInput(n ? `${field}IssuedOn` : `${field}DocumentNo`, 'a document needs both its number and its date');
  return { no: n, on: d };
}

export { toMilli, fromMilli };
