import { DomainError, ErrorCode } from '../../errors';
import type { ReferenceCache } from '../division/division.cache';
import { covers, LandClass } from '../division/land-class';
import { CLEARED, DIRECTORY, INVESTIGATING, PlotStage } from './plot.enums';
import { TriggerKind } from './trigger.entity';

/**
 * What the rules of RULES.md §1–§5 need to know about a plot (now, or with `stage` as of a date). Built by
 * plot.facts.ts from the row and its history; the same rules as of a date for many plots are plot.sql.ts.
 */
export interface GateFacts {
  stage: PlotStage;
  /** The class the latest cleared move was judged against (RULES §2; absent = SECOND); null when not cleared. */
  clearedClass: LandClass | null;
  /** The date of that cleared move. */
  clearedOn: string | null;
  currentUseSensitive: boolean;
  /** The planned use and the supplied use codes (RULES §3). */
  targetUses: string[];
  /** Every trigger recorded, with the date it arose (RULES §1). */
  triggers: { kind: TriggerKind; aroseOn: string }[];
  /** The key industry of the plot's industry (gate 3), by the reference's codes and synonyms. */
  keyIndustry: string | null;
  everListed: boolean;
  /** The plot is a key unit's (production) land: 法67. */
  keyUnitLand: boolean;
}

/** Industries whose listed plots may never take a use that needs first-class values (gate 3; Jinzhong plan 6). */
export const RESTRICTED_INDUSTRIES = ['农药', '焦化', '化工'];

/** The class a set of use codes needs: FIRST if any does (reference data, city rules), SECOND otherwise, null for none. */
export function neededClass(cache: ReferenceCache, codes: readonly string[]): LandClass | null {
  if (!codes.length) return null;
  return codes.some((c) => cache.landUses.get(c)?.landClass === LandClass.FIRST) ? LandClass.FIRST : LandClass.SECOND;
}

/** True when any of the codes is 一住两公. */
export const anySensitive = (cache: ReferenceCache, codes: readonly string[]) => codes.some((c) => !!cache.landUses.get(c)?.sensitive);

/** The triggers that stand: the plans' exemption for land already in 一住两公 use cancels only USE_CHANGE (RULES §1). */
export function standingTriggers(f: Pick<GateFacts, 'triggers' | 'currentUseSensitive'>) {
  return f.triggers.filter((t) => t.kind !== TriggerKind.USE_CHANGE || !f.currentUseSensitive);
}

/** Cleared for a use needing `needed` (RULES §2): the stage is cleared and its class covers the use's. */
export function clearedFor(f: Pick<GateFacts, 'stage' | 'clearedClass'>, needed: LandClass | null): boolean {
  return CLEARED.includes(f.stage) && (needed === null || covers(f.clearedClass ?? LandClass.SECOND, needed));
}

/** Investigation complete in the sense of 法67 and gate 4: past investigation, and not flagged again since. */
const investigationClosed = (f: GateFacts) => !INVESTIGATING.includes(f.stage);

/**
 * Triggers that are new findings about the soil (discovered contamination, a monitoring result, a survey, a
 * closure): after a clearance they call for a new investigation. USE_CHANGE and KEY_UNIT_LAND are acts on the
 * land, whose need is measured by the land class the clearance covers, not by their date.
 */
export const FINDINGS: readonly TriggerKind[] = [TriggerKind.DISCOVERED, TriggerKind.MONITORING, TriggerKind.SURVEY, TriggerKind.VACATED_SITE];

/**
 * `investigationRequired` (RULES §1), defined once here; the Plot field, the gates and the clearance read use
 * it, and plot.sql.ts is the same rule as of a date. Required when the plot is being or not yet investigated
 * and a trigger stands; or it is cleared, but not for the class its planned or supplied use needs; or —
 * the law's meaning (法59 ¶1), beyond RULES' words — a new finding (e.g. contamination discovered) arose after
 * its clearance.
 */
export function investigationRequired(cache: ReferenceCache, f: GateFacts): boolean {
  const standing = standingTriggers(f);
  if (INVESTIGATING.includes(f.stage)) return standing.length > 0;
  if (!CLEARED.includes(f.stage)) return false;
  if (!clearedFor(f, neededClass(cache, f.targetUses))) return true;
  return standing.some((t) => FINDINGS.includes(t.kind) && f.clearedOn !== null && t.aroseOn > f.clearedOn);
}

const refuse = (code: ErrorCode, message: string) => new DomainError(code, message);

/** Gate 5 (法67): acts on a key unit's production land before its investigation is complete. */
function keyUnitLandGate(f: GateFacts, act: string): DomainError | null {
  if (f.keyUnitLand && !investigationClosed(f)) {
    return refuse(ErrorCode.INVESTIGATION_NOT_COMPLETED, `a key unit's production land may not be ${act} before its soil investigation is complete (土壤污染防治法 Art. 67)`);
  }
  return null;
}

/**
 * The gates of RULES.md §4, one function per guarded act. Each returns the refusal (not thrown) so that
 * `Plot.clearance` can ask every gate without writing, and the mutations throw the same refusal.
 */
export const gates = {
  /** Gates 1, 3 and 5: planLandUse. */
  planLandUse(cache: ReferenceCache, f: GateFacts, plannedUseCode: string | null): DomainError | null {
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.PLOT_IN_DIRECTORY, 'the plot is on the risk-control and remediation directory: no change of use while listed');
    if (plannedUseCode && neededClass(cache, [plannedUseCode]) === LandClass.FIRST && f.everListed && f.keyIndustry && RESTRICTED_INDUSTRIES.includes(f.keyIndustry)) {
      return refuse(ErrorCode.RESTRICTED_USE, `a plot once listed whose industry is ${f.keyIndustry} may not be planned for a use that needs first-class land (housing, schools, hospitals, social welfare)`);
    }
    return keyUnitLandGate(f, 'given a new use');
  },

  /**
   * Gates 1, 2 and 5: recordLandAction. `suppliedUses`: the codes a SUPPLY supplies (RULES §3).
   */
  landAction(cache: ReferenceCache, f: GateFacts, action: string, suppliedUses: readonly string[] = []): DomainError | null {
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.PLOT_IN_DIRECTORY, 'the plot is on the risk-control and remediation directory: no supply, recovery, transfer, acquisition or reserve while listed');
    if (action === 'SUPPLY' && anySensitive(cache, suppliedUses) && !f.currentUseSensitive && !clearedFor(f, neededClass(cache, suppliedUses))) {
      return refuse(ErrorCode.INVESTIGATION_NOT_COMPLETED, 'a plot supplied for 一住两公 must first be investigated and cleared for the land class that use needs (GB 36600-2018)');
    }
    if (action === 'RECOVER') return keyUnitLandGate(f, 'recovered');
    if (action === 'TRANSFER') return keyUnitLandGate(f, 'transferred');
    return null;
  },

  /** Gate 4: issueConstructionPermit, and the test of works reported without a permit's purpose. */
  construction(cache: ReferenceCache, f: GateFacts, purpose: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION'): DomainError | null {
    if (purpose !== 'REGULAR') return null;
    if (DIRECTORY.includes(f.stage)) return refuse(ErrorCode.TARGETS_NOT_MET, 'the plot is on the directory: only risk-control or remediation works may be permitted until it is delisted');
    if (investigationRequired(cache, f) || f.stage === PlotStage.UNDER_RISK_ASSESSMENT) {
      return refuse(ErrorCode.INVESTIGATION_NOT_COMPLETED, 'the plot has not completed investigation and risk assessment for its use');
    }
    return null;
  },
};

/** The strictest 一住两公 use a supply could be for: the planned use when it is 一住两公, else housing (0701). */
const SENSITIVE_PROBE = '0701';

/** `Plot.clearance`: every gate asked now, without writing. */
export function clearance(cache: ReferenceCache, f: GateFacts) {
  const planned = f.targetUses.filter((c) => cache.landUses.get(c)?.sensitive);
  const supply = gates.landAction(cache, f, 'SUPPLY', planned.length ? planned : [SENSITIVE_PROBE]);
  const change = gates.planLandUse(cache, f, null);
  const build = gates.construction(cache, f, 'REGULAR');
  const reasons = [...new Set([supply, change, build].filter((e): e is DomainError => !!e).map((e) => e.code))];
  return { supplyForSensitiveUse: !supply, changeOfUse: !change, regularConstruction: !build, reasons };
}

/**
 * RULES.md §12 (Xiaoyi plan 10, Jinzhong plan 2: "曾用于生产、使用、贮存、回收、处置有毒有害物质的地块禁止复垦为
 * 种植食用农产品的耕地"): what a plot was, for the reclamation gate.
 */
export interface ReclamationFacts {
  /** A key unit's land (the plot names a key unit, or came from a key unit's land). */
  keyUnitLand: boolean;
  /** A vacated site's land (腾退地块). */
  vacatedSite: boolean;
  /** The key industry of the plot's, its key unit's or its vacated site's industry (reference codes and synonyms). */
  keyIndustry: string | null;
}

/** Why land may not become edible-crop farmland: KEY_UNIT_LAND, VACATED_SITE, KEY_INDUSTRY (none: it may). */
export function reclamationGrounds(f: ReclamationFacts): string[] {
  return [...(f.keyUnitLand ? ['KEY_UNIT_LAND'] : []), ...(f.vacatedSite ? ['VACATED_SITE'] : []), ...(f.keyIndustry ? ['KEY_INDUSTRY'] : [])];
}

/**
 * The reclamation gate, defined once: land that was a key unit's, a vacated site, or a key-industry plot may
 * never be reclaimed as (or made, by a category change) farmland for edible crops → RESTRICTED_USE. Every
 * farmland path asks it (src/modules/farmland/reclamation.ts) and so does `Plot.reclamationToFood`.
 * `edible`: the farmland would grow edible crops (a category other than 严格管控类).
 */
export function reclamationToFood(f: ReclamationFacts, edible: boolean, plot: string): DomainError | null {
  if (!edible) return null;
  const grounds = reclamationGrounds(f);
  if (!grounds.length) return null;
  const why = [f.keyUnitLand ? '重点监管单位用地' : null, f.vacatedSite ? '腾退地块' : null, f.keyIndustry ? `重点行业（${f.keyIndustry}）地块` : null].filter(Boolean).join('、');
  return refuse(ErrorCode.RESTRICTED_USE, `plot ${plot} (${why}) once handled toxic or hazardous substances: it may not be reclaimed as farmland for edible crops (RULES.md §12; 禁止复垦为种植食用农产品的耕地)`);
}
