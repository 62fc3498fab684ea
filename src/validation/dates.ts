/**
 * Calendar dates as 'YYYY-MM-DD' strings in Asia/Shanghai, years 1900–2999.
 * Arithmetic runs on UTC midnights so no time-zone data is ever consulted.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const QUARTER_RE = /^(\d{4})Q([1-4])$/;
const MIN_YEAR = 1900;
const MAX_YEAR = 2999;
const DAY_MS = 86_400_000;
// Asia/Shanghai has been UTC+8 without daylight saving since 1991.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(y: number, m: number, d: number): string {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** True when `s` is a 'YYYY-MM-DD' string naming a real calendar day in years 1900–2999. */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= MIN_YEAR && y <= MAX_YEAR && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parts(date: string): [number, number, number] {
  if (!isValidDate(date)) throw new RangeError(`invalid date "${date}" (expected YYYY-MM-DD, years ${MIN_YEAR}-${MAX_YEAR})`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function checkedResult(y: number, m: number, d: number): string {
  const s = format(y, m, d);
  if (!isValidDate(s)) throw new RangeError(`date result ${s} is outside years ${MIN_YEAR}-${MAX_YEAR}`);
  return s;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/**
 * Today's calendar date in Asia/Shanghai (UTC+8, no DST) for the instant `now`.
 * @throws RangeError when `now` is an invalid Date.
 */
export function todayInShanghai(now: Date = new Date()): string {
  const t = now.getTime();
  if (!Number.isFinite(t)) throw new RangeError('now must be a valid Date');
  const local = new Date(t + SHANGHAI_OFFSET_MS);
  return format(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
}

/**
 * The quarter containing `date`, e.g. '2025-08-01' → '2025Q3'.
 * @throws RangeError when `date` is not valid per {@link isValidDate}.
 */
export function quarterOf(date: string): string {
  const [y, m] = parts(date);
  return `${pad(y, 4)}Q${Math.ceil(m / 3)}`;
}

/**
 * Parses a quarter string like '2025Q3' into its year, number and first/last days.
 * @returns null unless `q` matches /^\d{4}Q[1-4]$/ with a year in 1900–2999.
 */
export function parseQuarter(
  q: string,
): { year: number; quarter: 1 | 2 | 3 | 4; firstDay: string; lastDay: string } | null {
  if (typeof q !== 'string') return null;
  const m = QUARTER_RE.exec(q);
  if (!m) return null;
  const year = Number(m[1]);
  // Outside this range firstDay/lastDay would not be valid dates.
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  const quarter = Number(m[2]) as 1 | 2 | 3 | 4;
  const lastMonth = quarter * 3;
  return {
    year,
    quarter,
    firstDay: format(year, lastMonth - 2, 1),
    lastDay: format(year, lastMonth, daysInMonth(year, lastMonth)),
  };
}

/**
 * `date` plus `n` calendar days (`n` may be negative).
 * @throws RangeError for an invalid date, a non-integer `n`, or a result outside 1900–2999.
 */
export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  assertInteger(n, 'days');
  const r = new Date(Date.UTC(y, m - 1, d) + n * DAY_MS);
  return checkedResult(r.getUTCFullYear(), r.getUTCMonth() + 1, r.getUTCDate());
}

/**
 * `date` plus `n` years (`n` may be negative); Feb 29 becomes Feb 28 in a non-leap target year.
 * @throws RangeError for an invalid date, a non-integer `n`, or a result outside 1900–2999.
 */
export function addYears(date: string, n: number): string {
  const [y, m, d] = parts(date);
  assertInteger(n, 'years');
  const year = y + n;
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`date result year ${year} is outside ${MIN_YEAR}-${MAX_YEAR}`);
  return checkedResult(year, m, Math.min(d, daysInMonth(year, m)));
}
