/**
 * The lifecycle table of BRIEF.md, written out for the tests on purpose (independent of src/, so a change to
 * src/modules/plot/lifecycle.ts that departs from the brief fails the tests that use this).
 */
export type Stage =
  | 'SUSPECTED' | 'UNDER_INVESTIGATION' | 'BELOW_SCREENING' | 'UNDER_RISK_ASSESSMENT' | 'RISK_ACCEPTABLE'
  | 'LISTED' | 'RISK_CONTROL' | 'REMEDIATION' | 'EFFECT_EVALUATION' | 'DELISTED';

/** BRIEF.md "The plot lifecycle": the only allowed moves; true = needs evidence (*). */
export const MOVES: Record<Stage, Partial<Record<Stage, boolean>>> = {
  SUSPECTED: { UNDER_INVESTIGATION: false },
  UNDER_INVESTIGATION: { BELOW_SCREENING: true, UNDER_RISK_ASSESSMENT: true },
  UNDER_RISK_ASSESSMENT: { RISK_ACCEPTABLE: true, LISTED: true },
  LISTED: { RISK_CONTROL: false, REMEDIATION: false },
  RISK_CONTROL: { EFFECT_EVALUATION: false },
  REMEDIATION: { EFFECT_EVALUATION: false },
  EFFECT_EVALUATION: { DELISTED: true, RISK_CONTROL: false, REMEDIATION: false },
  BELOW_SCREENING: { UNDER_INVESTIGATION: true },
  RISK_ACCEPTABLE: { UNDER_INVESTIGATION: true },
  DELISTED: {},
};
