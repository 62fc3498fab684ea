import type { Context } from '../../context';
import { Agency } from '../client/agency';

/**
 * The agencies that see only the cases referred to them (RULES §10: 公安 reads the cases referred to it and
 * records its feedback), in their county scope. Stated once here; every reader of cases (the `cases` and
 * `case` queries, Plot.cases, JointMeeting.cases, Lead.case) and the feedback mutation apply
 * {@link caseRowFilter}. What such an agency may read of a case is the policy table's (parts case,
 * case.referral, case.feedback; the plot, key unit and lead behind it are parts it has none of).
 */
export const REFERRED_CASES_ONLY: ReadonlySet<Agency> = new Set([Agency.PUBLIC_SECURITY]);

/** The condition (on EnforcementCase) a token's case reads add to their own: none for the agencies that see every case in scope. */
export function caseRowFilter(ctx: Context): Record<string, unknown> {
  return REFERRED_CASES_ONLY.has(ctx.principal.agency) ? { referredOn: { $ne: null } } : {};
}
