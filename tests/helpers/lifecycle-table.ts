/**
 * The lifecycle table of BRIEF.md, written out for the tests on purpose (independent of src/, so a change to
 * src/modules/plot/lifecycle.ts that departs from the brief fails the tests that use this).
 */
export type Stage =
  | 'SUSPECTED' | 'UNDER_INVESTIGATION' | 'BELOW_SCREENING' | 'UNDER_RISK_ASSESSMENT' | 'RISK_ACCEPTABLE'
  | 'LISTED' | 'RISK_CONTROL' | 'REMEDIATION' | 'EFFECT_EVALUATION' | 'DELISTED';

/**
 * BRIEF.md "The plot lifecycle" as RULES.md (second edition) §5 corrects it: the only allowed moves; true =
 * needs evidence. The works and their evaluation record their documents (方案备案 法64, 效果评估 法65), and a
 * DELISTED plot may be reopened on new findings with evidence.
 */
export const MOVES: Record<Stage, Partial<Record<Stage, boolean>>> = {
  SUSPECTED: { UNDER_INVESTIGATION: false },
  UNDER_INVESTIGATION: { BELOW_SCREENING: true, UNDER_RISK_ASSESSMENT: true },
  UNDER_RISK_ASSESSMENT: { RISK_ACCEPTABLE: true, LISTED: true },
  LISTED: { RISK_CONTROL: true, REMEDIATION: true },
  RISK_CONTROL: { EFFECT_EVALUATION: true },
  REMEDIATION: { EFFECT_EVALUATION: true },
  EFFECT_EVALUATION: { DELISTED: true, RISK_CONTROL: true, REMEDIATION: true },
  BELOW_SCREENING: { UNDER_INVESTIGATION: true },
  RISK_ACCEPTABLE: { UNDER_INVESTIGATION: true },
  DELISTED: { UNDER_INVESTIGATION: true },
};
