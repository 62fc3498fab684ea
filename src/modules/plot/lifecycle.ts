import { DomainError, ErrorCode } from '../../errors';
import { PlotStage as S } from './plot.enums';

/**
 * The plot lifecycle (BRIEF.md "The plot lifecycle"; 土壤污染防治法 Arts 59–66) as one literal table:
 * from-stage → the stages it may move to, and whether that move needs `evidence` (the reviewed report).
 * Anything not written here is ILLEGAL_TRANSITION.
 */
export const TRANSITIONS: Readonly<Record<S, Readonly<Partial<Record<S, { evidence: boolean }>>>>> = {
  [S.SUSPECTED]: { [S.UNDER_INVESTIGATION]: { evidence: false } },
  [S.UNDER_INVESTIGATION]: { [S.BELOW_SCREENING]: { evidence: true }, [S.UNDER_RISK_ASSESSMENT]: { evidence: true } },
  [S.UNDER_RISK_ASSESSMENT]: { [S.RISK_ACCEPTABLE]: { evidence: true }, [S.LISTED]: { evidence: true } },
  [S.LISTED]: { [S.RISK_CONTROL]: { evidence: false }, [S.REMEDIATION]: { evidence: false } },
  [S.RISK_CONTROL]: { [S.EFFECT_EVALUATION]: { evidence: false } },
  [S.REMEDIATION]: { [S.EFFECT_EVALUATION]: { evidence: false } },
  // Targets not met: back to the works.
  [S.EFFECT_EVALUATION]: { [S.DELISTED]: { evidence: true }, [S.RISK_CONTROL]: { evidence: false }, [S.REMEDIATION]: { evidence: false } },
  // Closed plots may be re-opened on new findings.
  [S.BELOW_SCREENING]: { [S.UNDER_INVESTIGATION]: { evidence: true } },
  [S.RISK_ACCEPTABLE]: { [S.UNDER_INVESTIGATION]: { evidence: true } },
  [S.DELISTED]: {},
};

/**
 * Checks one move against the table. Returns whether evidence is required, throws ILLEGAL_TRANSITION for
 * a move the table does not have, and BAD_USER_INPUT naming `evidence` when it is required and missing.
 */
export function assertTransition(from: S, to: S, hasEvidence: boolean): void {
  const move = TRANSITIONS[from][to];
  if (!move) {
    const allowed = Object.keys(TRANSITIONS[from]);
    throw new DomainError(ErrorCode.ILLEGAL_TRANSITION, `a plot cannot move from ${from} to ${to}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no further moves)'), { from, to });
  }
  if (move.evidence && !hasEvidence) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `evidence: the move ${from} → ${to} needs the reviewed report as evidence`, { field: 'evidence' });
  }
}
