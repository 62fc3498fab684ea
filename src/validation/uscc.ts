/**
 * 统一社会信用代码 (Unified Social Credit Code) per GB 32100-2015.
 * See /work/shared/domain/uscc.md for the algorithm and verified examples.
 */

/** The 31 characters a credit code may use; a character's value is its index here (I, O, Z, S, V excluded). */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Weights for positions 1..17 are 3^(i-1) mod 31 (GB/T 17710 MOD 31).
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

// Positions 1–8 are deliberately not forced to digits: department codes A, N and Y are letters.
const BODY_RE = /^[0-9A-HJ-NPQRTUWXY]{17}$/;

/**
 * Computes the check character (position 18) for the first 17 characters of a credit code.
 * @throws RangeError when `first17` is not exactly 17 characters from {@link USCC_CHARSET}.
 */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !BODY_RE.test(first17)) {
    throw new RangeError(`credit code body must be 17 characters from ${USCC_CHARSET}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]) * WEIGHTS[i];
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * True when `code` is 18 characters from {@link USCC_CHARSET} and its last character is the MOD-31 check.
 * Lowercase input is rejected (codes are stored uppercase); the embedded GB 11714 org-code check is not enforced.
 */
export function isValidCreditCode(code: string): boolean {
  if (typeof code !== 'string' || code.length !== 18) return false;
  const body = code.slice(0, 17);
  if (!BODY_RE.test(body) || !USCC_CHARSET.includes(code[17])) return false;
  return creditCodeCheckChar(body) === code[17];
}

/**
 * Builds a valid credit code by appending the check character to a 17-character prefix (for seeds and fixtures).
 * @throws RangeError when `prefix17` is not exactly 17 characters from {@link USCC_CHARSET}.
 */
export function makeCreditCode(prefix17: string): string {
  return prefix17 + creditCodeCheckChar(prefix17);
}
