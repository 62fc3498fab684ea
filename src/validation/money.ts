/**
 * Money amounts in 万元 as decimal strings, e.g. '1250.50'. Arithmetic uses BigInt cents, never floats.
 */

const DECIMAL_RE = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Checks a money string: non-negative, 1–12 integer digits, optionally '.' and 1–2 decimals; no sign, spaces or exponent.
 * @returns a short English message, or null when acceptable.
 */
export function decimalProblem(s: unknown): string | null {
  if (typeof s !== 'string') return 'amount must be a decimal string';
  if (!DECIMAL_RE.test(s)) {
    return 'amount must be a non-negative decimal with at most 12 integer digits and 2 decimal places, e.g. "1250.50"';
  }
  return null;
}

function toCents(s: string): bigint {
  const m = typeof s === 'string' ? DECIMAL_RE.exec(s) : null;
  if (!m) throw new RangeError(`invalid amount ${JSON.stringify(s)}: ${decimalProblem(s)}`);
  return BigInt(m[1] + (m[2] ?? '').padEnd(2, '0'));
}

function fromCents(c: bigint): string {
  const digits = c.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * Canonical form: no leading zeros and exactly 2 decimals, e.g. '0012.5' → '12.50', '0' → '0.00'.
 * @throws RangeError when {@link decimalProblem} reports a problem.
 */
export function normalizeDecimal(s: string): string {
  return fromCents(toCents(s));
}

/**
 * Exact sum of two amounts in canonical form. The sum may exceed 12 integer digits; callers storing it must re-check.
 * @throws RangeError when either amount is invalid per {@link decimalProblem}.
 */
export function addDecimals(a: string, b: string): string {
  return fromCents(toCents(a) + toCents(b));
}
