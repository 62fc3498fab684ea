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
  // The works start on a filed plan (风险管控/修复方案备案, 法64) and end in a separately commissioned
  // effect evaluation (效果评估, 法65): each move records its document (RULES.md §5).
  [S.LISTED]: { [S.RISK_CONTROL]: { evidence: true }, [S.REMEDIATION]: { evidence: true } },
  [S.RISK_CONTROL]: { [S.EFFECT_EVALUATION]: { evidence: true } },
  [S.REMEDIATION]: { [S.EFFECT_EVALUATION]: { evidence: true } },
  // Targets not met: back to the works, on a revised plan.
  [S.EFFECT_EVALUATION]: { [S.DELISTED]: { evidence: true }, [S.RISK_CONTROL]: { evidence: true }, [S.REMEDIATION]: { evidence: true } },
  // Closed plots may be re-opened on new findings (discovered contamination, post-management findings).
  [S.BELOW_SCREENING]: { [S.UNDER_INVESTIGATION]: { evidence: true } },
  [S.RISK_ACCEPTABLE]: { [S.UNDER_INVESTIGATION]: { evidence: true } },
  [S.DELISTED]: { [S.UNDER_INVESTIGATION]: { evidence: true } },
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
