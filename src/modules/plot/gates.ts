import { DomainError, ErrorCode } from '../../errors';
import { CLEARED, DIRECTORY, PlotStage } from './plot.enums';

/** What the gates need to know about a plot (at a date, or now). */
export interface GateFacts {
  stage: PlotStage;
  currentUseSensitive: boolean;
  /** null when no use is planned. */
  plannedUseSensitive: boolean | null;
  industry: string | null;
  everListed: boolean;
}

/** Industries whose listed plots may never become homes or schools (gate 3). */
export const RESTRICTED_INDUSTRIES = ['农药', '焦化', '化工'];
/** Residential (07, 07xx) and education (0803): the uses gate 3 refuses. */
export const isRestrictedUse = (code: string) => code === '07' || code.startsWith('07') || code === '0803';

/**
 * `investigationRequired` (BRIEF.md): not yet investigated, unless the land already is 一住两公 and stays so.
 * Defined once here; the Plot field, the gates, the duties and the reports use it.
 */
export function investigationRequired(f: Pick<GateFacts, 'stage' | 'currentUseSensitive' | 'plannedUseSensitive'>): boolean {
  if (f.stage !== PlotStage.SUSPECTED && f.stage !== PlotStage.UNDER_INVESTIGATION) return false;
  return !(f.currentUseSensitive && f.plannedUseSensitive !== false);
}

const refuse = (code: ErrorCode, message: string) => new DomainError(code, message);

/**
 * The gates of BRIEF.md, one function per guarded act. Each returns the refusal (not thrown) so that
 * `Plot.clearance` can ask every gate without writing, and the mutations throw the same refusal.
 */
export const gates = {
  /** Gates 1 and 3: planLandUse. */
  planLandUse(f: GateFacts, plannedUseCode: string | null): DomainError | null {
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.PLOT_IN_DIRECTORY, 'the plot is on the risk-control and remediation directory: no change of use while listed');
    if (plannedUseCode && isRestrictedUse(plannedUseCode) && f.everListed && f.industry && RESTRICTED_INDUSTRIES.includes(f.industry)) {
      return refuse(ErrorCode.RESTRICTED_USE, `a plot once listed whose industry is ${f.industry} may not be planned for residential or education use`);
    }
    return null;
  },

  /** Gates 1 and 2: recordLandAction. `plannedUseSensitive` is the use the land is supplied for. */
  landAction(f: GateFacts, action: string): DomainError | null {
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.PLOT_IN_DIRECTORY, 'the plot is on the risk-control and remediation directory: no supply, recovery, acquisition or reserve while listed');
    if (action === 'SUPPLY' && f.plannedUseSensitive && !f.currentUseSensitive && !CLEARED.includes(f.stage)) {
      return refuse(ErrorCode.INVESTIGATION_NOT_COMPLETED, 'a plot planned for 一住两公 may not be supplied before its investigation is closed');
    }
    return null;
  },

  /** Gate 4: issueConstructionPermit. */
  construction(f: GateFacts, purpose: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION'): DomainError | null {
    if (purpose !== 'REGULAR') return null;
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.TARGETS_NOT_MET, 'the plot is on the directory: only risk-control or remediation works may be permitted until it is delisted');
    if (investigationRequired(f) || f.stage === PlotStage.UNDER_RISK_ASSESSMENT) {
      return refuse(ErrorCode.INVESTIGATION_NOT_COMPLETED, 'the plot has not completed investigation and risk assessment');
    }
    return null;
  },
};

/** `Plot.clearance`: every gate asked now, without writing. */
export function clearance(f: GateFacts) {
  const supply = gates.landAction({ ...f, plannedUseSensitive: true }, 'SUPPLY');
  const change = gates.planLandUse(f, null);
  const build = gates.construction(f, 'REGULAR');
  const reasons = [...new Set([supply, change, build].filter((e): e is DomainError => !!e).map((e) => e.code))];
  return { supplyForSensitiveUse: !supply, changeOfUse: !change, regularConstruction: !build, reasons };
}
