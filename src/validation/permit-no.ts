/**
 * 排污许可证编号 / 固定污染源代码 per HJ 608-2017: USCC (18) + 3-digit serial + 1 uppercase letter.
 * See /work/shared/domain/permits.md.
 */
import { isValidCreditCode } from './uscc';

const PERMIT_RE = /^([0-9A-HJ-NPQRTUWXY]{18})(\d{3})([A-Z])$/;

/** The parts of a well-formed permit number. */
export interface ParsedPermitNo {
  /** Positions 1–18: the holder's credit code (check-valid). */
  creditCode: string;
  /** Positions 19–21: serial of the site under that credit code, e.g. '001'. */
  serial: string;
  /** Position 22: the trailing letter ('P' in the standard's examples; other letters' meaning is unconfirmed). */
  letter: string;
}

/**
 * Splits a 22-character permit number into its parts.
 * @returns null when the format is wrong (length, case, charset) or the embedded credit code fails its check.
 */
export function parsePermitNo(no: string): ParsedPermitNo | null {
  if (typeof no !== 'string') return null;
  const m = PERMIT_RE.exec(no);
  if (!m || !isValidCreditCode(m[1])) return null;
  return { creditCode: m[1], serial: m[2], letter: m[3] };
}

/** True when `no` is a valid permit number whose embedded credit code equals `creditCode` exactly. */
export function permitNoMatchesCreditCode(no: string, creditCode: string): boolean {
  const parsed = parsePermitNo(no);
  return parsed !== null && parsed.creditCode === creditCode;
}
