import { DomainError, ErrorCode } from '../../errors';

/** A lead's states (线索, RULES §10): received, being verified (核查), turned into a case (立案), or dismissed (不予立案). */
export enum LeadState { NEW = 'NEW', VERIFYING = 'VERIFYING', CASE = 'CASE', DISMISSED = 'DISMISSED' }

/**
 * The lead lifecycle as one literal table: NEW → VERIFYING → CASE | DISMISSED. A lead becomes CASE only by
 * `openCase` (the case is the move's consequence, in the same transaction); anything not written here is
 * ILLEGAL_TRANSITION.
 */
export const LEAD_TRANSITIONS: Readonly<Record<LeadState, readonly LeadState[]>> = {
  [LeadState.NEW]: [LeadState.VERIFYING],
  [LeadState.VERIFYING]: [LeadState.CASE, LeadState.DISMISSED],
  [LeadState.CASE]: [],
  [LeadState.DISMISSED]: [],
};

/** Throws ILLEGAL_TRANSITION (extensions from, to) for a move the table does not have. */
export function assertLeadTransition(from: LeadState, to: LeadState): void {
  if (!LEAD_TRANSITIONS[from].includes(to)) {
    const allowed = LEAD_TRANSITIONS[from];
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `a lead cannot move from ${from} to ${to}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no further moves)'), { from, to });
  }
}
