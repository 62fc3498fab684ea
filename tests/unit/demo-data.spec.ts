/**
 * The demo script's own consistency, without a database. The script is replayed in memory against the rules
 * of BRIEF.md as RULES.md (second edition) §1–§5 correct them (lifecycle table, triggers, the class a clearance
 * covers, gates 1–5, flagged facts), so a step the platform would refuse fails here first, and a step written
 * `expectRefused` must be refused with its code.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { demoSteps } from '../../seeds/demo/data';
import type { DemoStep, PlotSource, PlotStage } from '../../seeds/demo/types';
import { MOVES } from '../helpers/lifecycle-table';

// ───────────── reference rules, written out here on purpose (independent of src/) ─────────────

// GB 32100-2015 check character (MOD 31).
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function usccValid(code: string): boolean {
  if (code.length !== 18 || [...code].some((c) => !USCC_CHARS.includes(c))) return false;
  const sum = USCC_WEIGHTS.reduce((s, w, i) => s + USCC_CHARS.indexOf(code[i]) * w, 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

const ALL_STAGES = Object.keys(MOVES) as PlotStage[];
const ALL_SOURCES: PlotSource[] = ['KEY_INDUSTRY_SURVEY', 'LAND_USE_CHANGE', 'VACATED_SITE', 'KEY_UNIT_LAND', 'DISCOVERED', 'OTHER'];
const CLEARED = new Set<PlotStage>(['BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED']);
const DIRECTORY = new Set<PlotStage>(['LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION']);
const INVESTIGATING = new Set<PlotStage>(['SUSPECTED', 'UNDER_INVESTIGATION']);
const RESTRICTED_INDUSTRIES = new Set(['农药', '焦化', '化工']);
/** 一住两公: 07, 08 and their sub-codes, except 0809 / 0810 (uncertain, treated as not sensitive). */
const sensitive = (code?: string): boolean => !!code && /^0[78]/.test(code) && code !== '0809' && code !== '0810';
/** RULES §2 (GB 36600-2018 第一类用地): housing, schools, hospitals, social welfare need FIRST-class values. */
const firstClassUse = (code: string): boolean => code.startsWith('07') || ['0803', '0805', '0806'].includes(code);
type LandClass = 'FIRST' | 'SECOND';
const neededClass = (codes: string[]): LandClass | null => (!codes.length ? null : codes.some(firstClassUse) ? 'FIRST' : 'SECOND');
const RESERVE_ORDER = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'];
const LAST_DAY = '2025-12-31';

const referenceCsv = (name: string): string[][] =>
  readFileSync(join(__dirname, '../../seeds/reference', name), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const KEY_INDUSTRIES = new Set(referenceCsv('key_industries.csv').map((r) => r[0]));
/** The key industry of an industry text or GB/T 4754 code, by the reference's codes and synonyms (gate 3). */
const INDUSTRY_REF = referenceCsv('key_industries.csv').map((r) => ({ name: r[0], codes: r[1].split(';'), synonyms: r[2].split(';') }));
function keyIndustryOf(text?: string): string | null {
  if (!text) return null;
  const code = /^(\d{2,4})/.exec(text)?.[1];
  if (code) {
    for (let n = code.length; n >= 2; n--) {
      const hit = INDUSTRY_REF.find((k) => k.codes.includes(code.slice(0, n)));
      if (hit) return hit.name;
    }
  }
  const hits = INDUSTRY_REF.flatMap((k) => k.synonyms.filter((w) => text.includes(w)).map((w) => ({ w, name: k.name })));
  return hits.sort((a, b) => b.w.length - a.w.length)[0]?.name ?? null;
}
const LAND_USE_CODES = new Set(referenceCsv('landuse_gbt21010.csv').filter((r) => r[5] === 'GB/T 21010-2017').map((r) => r[0]));
const COUNTY_CODES = new Set(referenceCsv('shanxi_divisions.csv').filter((r) => /county/.test(r[2])).map((r) => r[0]));

/** Rough centres of the counties the demo uses (lon, lat), to catch a plot put in the wrong county. */
const COUNTY_CENTRES: Record<string, [number, number]> = {
  141181: [111.78, 37.14], 141102: [111.15, 37.52], 141182: [111.79, 37.27], 141122: [112.16, 37.55],
  141121: [112.03, 37.44], 140702: [112.71, 37.70], 140703: [112.55, 37.42], 140781: [111.92, 37.03],
  140729: [111.78, 36.85], 140728: [112.18, 37.19],
};

function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
function fiveYearsLessADay(issuedOn: string): string {
  const [y, m, d] = issuedOn.split('-').map(Number);
  return new Date(Date.UTC(y + 5, m - 1, d - 1)).toISOString().slice(0, 10);
}
/** Metres between two lon/lat points (equirectangular; fine at these distances). */
function metres([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const k = Math.PI / 180;
  const x = (lon2 - lon1) * k * Math.cos(((lat1 + lat2) / 2) * k);
  return Math.hypot(x, (lat2 - lat1) * k) * 6_371_000;
}
/** Planar area of a lon/lat ring in m², projected around its first position. */
function ringAreaM2(ring: number[][]): number {
  const [lon0, lat0] = ring[0];
  const k = Math.PI / 180;
  const pts = ring.map(([lon, lat]) => [(lon - lon0) * k * Math.cos(lat0 * k) * 6_371_000, (lat - lat0) * k * 6_371_000]);
  let s = 0;
  for (let i = 0; i < pts.length - 1; i++) s += pts[i][0] * pts[i + 1][1] - pts[i + 1][0] * pts[i][1];
  return Math.abs(s) / 2;
}

// ───────────── replay ─────────────

type Kind = 'keyUnit' | 'permit' | 'site' | 'plot' | 'project';
type TriggerKind = 'SURVEY' | 'MONITORING' | 'DISCOVERED' | 'VACATED_SITE' | 'KEY_UNIT_LAND' | 'USE_CHANGE';
interface PlotState {
  county: string; source: PlotSource; stage: PlotStage; everListed: boolean; industry?: string; keyUnit: boolean;
  currentUse?: string; plannedUse?: string; supplied: boolean; suppliedUses: string[]; lastDate: string; openViolations: number;
  triggers: { kind: TriggerKind; on: string }[];
  /** The class and date of the clearance while the stage is cleared (RULES §2; absent in the evidence = SECOND). */
  clearedClass: LandClass | null; clearedOn: string | null;
  permitPurpose?: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION';
}
const TRIGGER_OF_SOURCE: Record<PlotSource, TriggerKind> = {
  KEY_INDUSTRY_SURVEY: 'SURVEY', LAND_USE_CHANGE: 'USE_CHANGE', VACATED_SITE: 'VACATED_SITE', KEY_UNIT_LAND: 'KEY_UNIT_LAND',
  DISCOVERED: 'DISCOVERED', OTHER: 'MONITORING',
};
interface Replay {
  problems: Record<string, string[]>;
  plots: Map<string, PlotState>;
  opCounts: Record<string, number>;
  flaggedConstruction: number;
  rectified: number;
  counties: Set<string>;
  /** What the demo shows of the second edition (RULES §1–§5). */
  shown: {
    discoveredOnResidential: string[]; notClearedForPlannedUse: string[]; refusals: { op: string; code: string; plot: string; keyUnit: boolean }[];
    remediationWorks: string[]; firstClassClearances: number; supplyWithoutInvestigation: number;
    /** Each supply of a use needing first-class land on land not already 一住两公, with the class the plot was cleared for then. */
    firstClassSupplies: { plot: string; clearedClass: LandClass | null }[];
  };
}

function replay(steps: DemoStep[]): Replay {
  const problems: Record<string, string[]> = {
    refs: [], creditCodes: [], permits: [], dates: [], chronology: [], lifecycle: [], gates: [], geometry: [],
    reserve: [], keyUnits: [], landUses: [],
  };
  const refs = new Map<string, Kind>();
  const keyUnits = new Map<string, { creditCode: string; name: string; listedOn: string; industry: string; listed: boolean }>();
  const permits = new Map<string, { creditCode: string; industry: string; issuedOn: string; validUntil: string; ended: boolean }>();
  const sites = new Map<string, { plot?: string; vacatedOn: string }>();
  const projects = new Map<string, { year: number; stage: string; requested?: string; submittedOn?: string; lastMoveOn?: string }>();
  const plots = new Map<string, PlotState>();
  const permitNos = new Set<string>();
  const opCounts: Record<string, number> = {};
  const counties = new Set<string>();
  let flaggedConstruction = 0;
  let rectified = 0;
  const shown: Replay['shown'] = { discoveredOnResidential: [], notClearedForPlannedUse: [], refusals: [], remediationWorks: [], firstClassClearances: 0, supplyWithoutInvestigation: 0, firstClassSupplies: [] };

  const define = (i: number, ref: string, kind: Kind) => {
    if (refs.has(ref)) problems.refs.push(`step ${i}: ref ${ref} defined twice`);
    refs.set(ref, kind);
  };
  const use = (i: number, ref: string, kind: Kind): boolean => {
    if (refs.get(ref) !== kind) {
      problems.refs.push(`step ${i}: ${kind} ${ref} used before it is defined`);
      return false;
    }
    return true;
  };
  const checkCode = (i: number, code: string | undefined) => {
    if (code !== undefined && !usccValid(code)) problems.creditCodes.push(`step ${i}: ${code} fails the GB 32100 check`);
  };
  const inCounty = (i: number, county: string, point: number[], what: string) => {
    const centre = COUNTY_CENTRES[county];
    if (!centre) problems.geometry.push(`step ${i}: no centre known for county ${county}`);
    else if (metres(centre, point) > 40_000) problems.geometry.push(`step ${i}: ${what} is ${Math.round(metres(centre, point) / 1000)} km from ${county}`);
  };
  const keyUnitDate = (i: number, ku: string, date: string) => {
    const unit = keyUnits.get(ku);
    if (unit && date < unit.listedOn) problems.keyUnits.push(`step ${i}: ${ku} event ${date} before listedOn ${unit.listedOn}`);
  };
  const newPlot = (i: number, ref: string, p: Pick<PlotState, 'county' | 'source' | 'industry' | 'currentUse' | 'keyUnit'>, date: string) => {
    define(i, ref, 'plot');
    plots.set(ref, {
      ...p, stage: 'SUSPECTED', everListed: false, supplied: false, suppliedUses: [], openViolations: 0, lastDate: date,
      triggers: [{ kind: TRIGGER_OF_SOURCE[p.source], on: date }], clearedClass: null, clearedOn: null,
    });
  };
  /** A plot event: the plot exists and its dates never go backwards. */
  const plotAt = (i: number, ref: string, date: string): PlotState | undefined => {
    if (!use(i, ref, 'plot')) return undefined;
    const p = plots.get(ref)!;
    if (date < p.lastDate) problems.chronology.push(`step ${i}: ${ref} ${date} is before its last event ${p.lastDate}`);
    p.lastDate = date > p.lastDate ? date : p.lastDate;
    return p;
  };
  const targetUses = (p: PlotState) => [...new Set([...(p.plannedUse ? [p.plannedUse] : []), ...p.suppliedUses])];
  /** RULES §2: the stage is cleared and its class covers the class the uses need (FIRST covers both). */
  const clearedFor = (p: PlotState, codes: string[]): boolean => {
    const needed = neededClass(codes);
    return CLEARED.has(p.stage) && (needed !== 'FIRST' || p.clearedClass === 'FIRST');
  };
  /**
   * RULES §1: investigation is required while SUSPECTED / UNDER_INVESTIGATION with a standing trigger (the 一住两公
   * exemption cancels only USE_CHANGE); or once cleared, but not for the class the planned or supplied use needs,
   * or when a new finding (DISCOVERED, MONITORING, …) arose after the clearance. A USE_CHANGE or KEY_UNIT_LAND
   * raised by planning or supplying land already cleared for the use is answered by that clearance.
   */
  const investigationRequired = (p: PlotState): boolean => {
    const standing = p.triggers.filter((t) => t.kind !== 'USE_CHANGE' || !sensitive(p.currentUse));
    if (INVESTIGATING.has(p.stage)) return standing.length > 0;
    if (!CLEARED.has(p.stage)) return false;
    if (!clearedFor(p, targetUses(p))) return true;
    return standing.some((t) => t.on > p.clearedOn! && t.kind !== 'USE_CHANGE' && t.kind !== 'KEY_UNIT_LAND');
  };
  /** Gate 4: would issueConstructionPermit(REGULAR) be refused now? */
  const regularRefused = (p: PlotState): boolean => investigationRequired(p) || p.stage === 'UNDER_RISK_ASSESSMENT' || DIRECTORY.has(p.stage);
  /** The code the platform refuses a gated step with (gates 1–5, RULES §4; a supply saying no use), or null. */
  const refusalOf = (s: DemoStep, p: PlotState): string | null => {
    switch (s.op) {
      case 'planLandUse':
        if (DIRECTORY.has(p.stage)) return 'PLOT_IN_DIRECTORY';
        if (firstClassUse(s.plannedUseCode) && p.everListed && RESTRICTED_INDUSTRIES.has(keyIndustryOf(p.industry) ?? '')) return 'RESTRICTED_USE';
        if (p.keyUnit && INVESTIGATING.has(p.stage)) return 'INVESTIGATION_NOT_COMPLETED';
        return null;
      case 'recordLandAction': {
        if (DIRECTORY.has(p.stage)) return 'PLOT_IN_DIRECTORY';
        if (s.action === 'SUPPLY') {
          const uses = s.suppliedUseCodes?.length ? s.suppliedUseCodes : p.plannedUse ? [p.plannedUse] : [];
          if (uses.some(sensitive) && !sensitive(p.currentUse) && !clearedFor(p, uses)) return 'INVESTIGATION_NOT_COMPLETED';
          if (!uses.length) return 'BAD_USER_INPUT';
        }
        if ((s.action === 'RECOVER' || s.action === 'TRANSFER') && p.keyUnit && INVESTIGATING.has(p.stage)) return 'INVESTIGATION_NOT_COMPLETED';
        return null;
      }
      case 'issueConstructionPermit':
        if (s.purpose !== 'REGULAR') return null;
        if (DIRECTORY.has(p.stage)) return 'TARGETS_NOT_MET';
        return regularRefused(p) ? 'INVESTIGATION_NOT_COMPLETED' : null;
      default:
        return null;
    }
  };
  const landUse = (i: number, code: string | undefined) => {
    if (code !== undefined && !LAND_USE_CODES.has(code)) problems.landUses.push(`step ${i}: ${code} is not a GB/T 21010-2017 code`);
  };
  const county = (i: number, code: string) => {
    if (!COUNTY_CODES.has(code)) problems.refs.push(`step ${i}: ${code} is not a county of shanxi_divisions.csv`);
    counties.add(code);
  };

  // Every date-valued field, anywhere in a step (evidence included): a real day, and none after 2025.
  steps.forEach((s, i) => {
    const walk = (o: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(o)) {
        if (k.endsWith('On') || k === 'validUntil') {
          if (!isCalendarDate(v)) problems.dates.push(`step ${i}: ${k} = ${String(v)} is not a calendar date`);
          else if (k !== 'validUntil' && v > LAST_DAY) problems.dates.push(`step ${i}: ${k} = ${v} is after ${LAST_DAY}`);
        } else if (k === 'evidence' && v) walk(v as Record<string, unknown>);
      }
    };
    walk(s as unknown as Record<string, unknown>);
  });

  steps.forEach((s, i) => {
    opCounts[s.op] = (opCounts[s.op] ?? 0) + 1;
    switch (s.op) {
      case 'upsertKeyUnit': {
        define(i, s.ref, 'keyUnit');
        county(i, s.countyCode);
        checkCode(i, s.creditCode);
        if (s.creditCode.slice(2, 8) !== s.countyCode) problems.creditCodes.push(`step ${i}: ${s.creditCode} is not registered in ${s.countyCode}`);
        if (!s.creditCode.startsWith('91')) problems.creditCodes.push(`step ${i}: ${s.creditCode} is not an enterprise code (91…)`);
        if ([...keyUnits.values()].some((u) => u.creditCode === s.creditCode)) problems.creditCodes.push(`step ${i}: ${s.creditCode} used by two key units`);
        const prefix = s.countyCode.startsWith('1411') ? '0358-' : '0354-';
        if (s.contactPhone !== undefined && !new RegExp(`^${prefix}\\d{7}$`).test(s.contactPhone)) {
          problems.keyUnits.push(`step ${i}: phone ${s.contactPhone} should be ${prefix}xxxxxxx`);
        }
        keyUnits.set(s.ref, { creditCode: s.creditCode, name: s.name, listedOn: s.listedOn, industry: s.industry, listed: true });
        break;
      }
      case 'recordHiddenDangerCheck':
        if (use(i, s.keyUnit, 'keyUnit')) keyUnitDate(i, s.keyUnit, s.completedOn);
        break;
      case 'recordMonitoring':
        if (use(i, s.keyUnit, 'keyUnit')) keyUnitDate(i, s.keyUnit, s.sampledOn);
        if (Number(s.sampledOn.slice(0, 4)) !== s.year) problems.dates.push(`step ${i}: sampledOn ${s.sampledOn} is not in year ${s.year}`);
        break;
      case 'delistKeyUnit': {
        if (!use(i, s.keyUnit, 'keyUnit')) break;
        const unit = keyUnits.get(s.keyUnit)!;
        keyUnitDate(i, s.keyUnit, s.delistedOn);
        if (!unit.listed) problems.keyUnits.push(`step ${i}: ${s.keyUnit} delisted twice`);
        unit.listed = false;
        break;
      }
      case 'issuePermit': {
        define(i, s.ref, 'permit');
        county(i, s.countyCode);
        checkCode(i, s.creditCode);
        const m = /^(.{18})(\d{3})([A-Z])$/.exec(s.permitNo);
        if (!m || m[1] !== s.creditCode) problems.permits.push(`step ${i}: ${s.permitNo} is not ${s.creditCode} + 3 digits + a letter`);
        if (m && !usccValid(m[1])) problems.permits.push(`step ${i}: ${s.permitNo} does not start with a valid credit code`);
        if (permitNos.has(s.permitNo)) problems.permits.push(`step ${i}: ${s.permitNo} issued twice`);
        permitNos.add(s.permitNo);
        if (s.validUntil !== fiveYearsLessADay(s.issuedOn)) problems.permits.push(`step ${i}: ${s.permitNo} valid ${s.issuedOn}…${s.validUntil}, not 5 years`);
        const holder = [...keyUnits.values()].find((u) => u.creditCode === s.creditCode);
        if (holder && (holder.name !== s.holderName || holder.industry !== s.industry)) {
          problems.permits.push(`step ${i}: ${s.permitNo} holder differs from key unit ${holder.name}`);
        }
        permits.set(s.ref, { creditCode: s.creditCode, industry: s.industry, issuedOn: s.issuedOn, validUntil: s.validUntil, ended: false });
        break;
      }
      case 'endPermit': {
        if (!use(i, s.permit, 'permit')) break;
        const permit = permits.get(s.permit)!;
        if (permit.ended) problems.permits.push(`step ${i}: ${s.permit} ended twice`);
        permit.ended = true;
        if (s.endedOn < permit.issuedOn || s.endedOn > permit.validUntil) problems.permits.push(`step ${i}: ${s.permit} ended outside its validity`);
        const holder = [...keyUnits.entries()].find(([, u]) => u.creditCode === permit.creditCode);
        // RULES §5: only an end for closure or relocation (the default) vacates land: a site, and a plot for key units and key industries.
        const opensSite = (s.reasonCategory ?? 'CLOSURE_RELOCATION') === 'CLOSURE_RELOCATION';
        const makesPlot = opensSite && (!!holder || KEY_INDUSTRIES.has(permit.industry));
        if (makesPlot !== !!s.plotRef) problems.refs.push(`step ${i}: plotRef ${makesPlot ? 'missing' : 'given'} for ${s.permit}`);
        if (!opensSite) {
          if (s.siteRef) problems.refs.push(`step ${i}: endPermit (${s.reasonCategory}) opens no vacated site: siteRef given`);
        } else if (!s.siteRef) problems.refs.push(`step ${i}: endPermit opens a vacated site: siteRef missing`);
        else {
          define(i, s.siteRef, 'site');
          sites.set(s.siteRef, { plot: makesPlot ? s.plotRef : undefined, vacatedOn: s.endedOn });
        }
        if (makesPlot && s.plotRef) {
          const permitCounty = permit.creditCode.slice(2, 8);
          newPlot(i, s.plotRef, { county: permitCounty, source: 'VACATED_SITE', industry: permit.industry, keyUnit: !!holder }, s.endedOn);
        }
        break;
      }
      case 'registerPlot':
      case 'reportDiscoveredContamination': {
        county(i, s.countyCode);
        const isRegister = s.op === 'registerPlot';
        const source: PlotSource = isRegister ? s.source : 'DISCOVERED';
        if (isRegister) {
          checkCode(i, s.formerCreditCode);
          if (s.keyUnit !== undefined) use(i, s.keyUnit, 'keyUnit');
          if (source === 'KEY_UNIT_LAND' && !s.keyUnit) problems.refs.push(`step ${i}: KEY_UNIT_LAND plot ${s.ref} without a key unit`);
        }
        if (s.centroid) inCounty(i, s.countyCode, [s.centroid.lon, s.centroid.lat], s.ref);
        landUse(i, s.currentUseCode);
        newPlot(i, s.ref, {
          county: s.countyCode, source, industry: isRegister ? s.industry : undefined, currentUse: s.currentUseCode,
          keyUnit: isRegister && s.keyUnit !== undefined,
        }, s.identifiedOn);
        if (!isRegister && sensitive(s.currentUseCode)) shown.discoveredOnResidential.push(s.ref);
        break;
      }
      case 'advancePlotStage': {
        const p = plotAt(i, s.plot, s.effectiveOn);
        if (!p) break;
        const needsEvidence = MOVES[p.stage][s.to];
        if (needsEvidence === undefined) {
          problems.lifecycle.push(`step ${i}: ${s.plot} ${p.stage} → ${s.to} is not an allowed move`);
          break;
        }
        if (needsEvidence && !s.evidence) problems.lifecycle.push(`step ${i}: ${s.plot} → ${s.to} needs evidence`);
        if (s.evidence) {
          const e = s.evidence;
          if (!e.documentNo || !e.title || !e.issuedBy) problems.lifecycle.push(`step ${i}: incomplete evidence`);
          if (e.issuedOn > s.effectiveOn) problems.lifecycle.push(`step ${i}: evidence issued ${e.issuedOn} after ${s.effectiveOn}`);
        }
        if (s.evidence?.landClass && !CLEARED.has(s.to)) problems.lifecycle.push(`step ${i}: landClass on a move into ${s.to} (not a clearance)`);
        if (s.to === 'LISTED' && p.supplied && p.suppliedUses.some(sensitive)) {
          problems.gates.push(`step ${i}: ${s.plot} supplied for 一住两公 and now LISTED (unintended SENSITIVE_USE_OF_LISTED_PLOT)`);
        }
        p.stage = s.to;
        if (s.to === 'LISTED') p.everListed = true;
        p.clearedClass = CLEARED.has(s.to) ? s.evidence?.landClass ?? 'SECOND' : null;
        p.clearedOn = CLEARED.has(s.to) ? s.effectiveOn : null;
        if (p.clearedClass === 'FIRST') shown.firstClassClearances++;
        break;
      }
      case 'planLandUse': {
        const p = plotAt(i, s.plot, s.decidedOn);
        landUse(i, s.plannedUseCode);
        if (!p) break;
        const refused = refusalOf(s, p);
        if (refused) {
          problems.gates.push(`step ${i}: planLandUse ${s.plannedUseCode} of ${s.plot} (${p.stage}): ${refused}`);
          break;
        }
        const useChange = sensitive(s.plannedUseCode) && !sensitive(p.currentUse);
        if (useChange) p.triggers.push({ kind: 'USE_CHANGE', on: s.decidedOn });
        if (p.keyUnit) p.triggers.push({ kind: 'KEY_UNIT_LAND', on: s.decidedOn });
        if (useChange && p.supplied && !clearedFor(p, [s.plannedUseCode])) shown.supplyWithoutInvestigation++;
        p.plannedUse = s.plannedUseCode;
        break;
      }
      case 'recordLandAction': {
        const p = plotAt(i, s.plot, s.decidedOn);
        (s.suppliedUseCodes ?? []).forEach((c) => landUse(i, c));
        if (!p) break;
        const refused = refusalOf(s, p);
        if (refused) {
          problems.gates.push(`step ${i}: ${s.action} of ${s.plot} (${p.stage}): ${refused}`);
          break;
        }
        if (s.action !== 'SUPPLY' && (s.suppliedUseCodes || s.supplyMethod)) problems.gates.push(`step ${i}: supplied codes or method with ${s.action}`);
        if (s.action === 'SUPPLY') {
          const uses = s.suppliedUseCodes?.length ? s.suppliedUseCodes : [p.plannedUse!];
          if (uses.some(sensitive) && !sensitive(p.currentUse)) p.triggers.push({ kind: 'USE_CHANGE', on: s.decidedOn });
          if (uses.some(firstClassUse) && !sensitive(p.currentUse)) shown.firstClassSupplies.push({ plot: s.plot, clearedClass: p.clearedClass });
          p.supplied = true;
          p.suppliedUses = uses;
        }
        if (p.keyUnit && s.action !== 'SUPPLY') p.triggers.push({ kind: 'KEY_UNIT_LAND', on: s.decidedOn });
        break;
      }
      case 'recordVacatedSiteReserve': {
        if (!use(i, s.site, 'site')) break;
        const site = sites.get(s.site)!;
        if (s.landReservedOn < site.vacatedOn) problems.chronology.push(`step ${i}: ${s.site} reserved before it was vacated`);
        if (site.plot) {
          const p = plotAt(i, site.plot, s.landReservedOn);
          if (p && DIRECTORY.has(p.stage)) problems.gates.push(`step ${i}: reserve of ${s.site} while its plot is in the directory`);
        }
        break;
      }
      case 'issueConstructionPermit': {
        const p = plotAt(i, s.plot, s.issuedOn);
        if (!/^\d{18}$/.test(s.permitNo)) problems.permits.push(`step ${i}: construction permit ${s.permitNo} is not 18 digits`);
        if (!p) break;
        const refused = refusalOf(s, p);
        if (refused) problems.gates.push(`step ${i}: REGULAR construction permit on ${s.plot} while ${p.stage}: ${refused}`);
        else p.permitPurpose = s.purpose;
        break;
      }
      case 'reportConstructionStarted': {
        const p = plotAt(i, s.plot, s.startedOn);
        if (!p) break;
        // RULES §5: the works' purpose, else the plot's construction permit's; remediation works are no violation.
        const purpose = s.purpose ?? p.permitPurpose ?? 'REGULAR';
        if (purpose === 'RISK_CONTROL_OR_REMEDIATION') shown.remediationWorks.push(s.plot);
        else if (regularRefused(p)) {
          p.openViolations++;
          flaggedConstruction++;
        }
        break;
      }
      case 'expectRefused': {
        const inner = s.step;
        if (!('plot' in inner) || !['planLandUse', 'recordLandAction', 'issueConstructionPermit'].includes(inner.op)) {
          problems.gates.push(`step ${i}: expectRefused of ${inner.op}: not a gated plot step the replay knows`);
          break;
        }
        if (!s.why) problems.gates.push(`step ${i}: expectRefused needs its reason`);
        const date = 'decidedOn' in inner ? inner.decidedOn : (inner as { issuedOn: string }).issuedOn;
        const p = plotAt(i, inner.plot as string, date);
        if (!p) break;
        const refused = refusalOf(inner, p);
        if (refused !== s.code) problems.gates.push(`step ${i}: expected ${inner.op} of ${inner.plot} refused ${s.code}, the rules answer ${refused ?? 'accepted'}`);
        else shown.refusals.push({ op: inner.op === 'recordLandAction' ? inner.action : inner.op, code: s.code, plot: inner.plot as string, keyUnit: p.keyUnit });
        break;
      }
      case 'rectifyViolation': {
        const p = plotAt(i, s.plot, s.rectifiedOn);
        if (!p) break;
        if (p.openViolations === 0) problems.gates.push(`step ${i}: no open violation on ${s.plot} to rectify`);
        else { p.openViolations--; rectified++; }
        if (!s.note) problems.gates.push(`step ${i}: rectification needs a note`);
        break;
      }
      case 'createReserveProject': {
        define(i, s.ref, 'project');
        county(i, s.countyCode);
        (s.plots ?? []).forEach((r) => use(i, r, 'plot'));
        (s.keyUnits ?? []).forEach((r) => use(i, r, 'keyUnit'));
        for (const [k, v] of [['totalInvestment', s.totalInvestment], ['centralFundsRequested', s.centralFundsRequested]]) {
          if (v !== undefined && !/^\d+\.\d{2}$/.test(v)) problems.reserve.push(`step ${i}: ${k} ${v} is not money with 2 decimals`);
        }
        if (s.totalInvestment && s.centralFundsRequested && Number(s.centralFundsRequested) > Number(s.totalInvestment)) {
          problems.reserve.push(`step ${i}: requested more than the total investment`);
        }
        if (s.year < 2024 || s.year > 2025) problems.reserve.push(`step ${i}: year ${s.year} outside 2024–2025`);
        projects.set(s.ref, { year: s.year, stage: 'DRAFT', requested: s.centralFundsRequested });
        break;
      }
      case 'updateReserveProject': {
        if (!use(i, s.project, 'project')) break;
        const pr = projects.get(s.project)!;
        if (s.stage) {
          const from = RESERVE_ORDER.indexOf(pr.stage);
          const to = RESERVE_ORDER.indexOf(s.stage);
          // RULES §7: one step forward at a time; WITHDRAWN only before FUNDED; nothing back.
          if (pr.stage === 'WITHDRAWN' || (s.stage !== 'WITHDRAWN' && to !== from + 1) || (s.stage === 'WITHDRAWN' && from >= RESERVE_ORDER.indexOf('FUNDED'))) {
            problems.reserve.push(`step ${i}: ${s.project} ${pr.stage} → ${s.stage} skips or goes back`);
          }
          pr.stage = s.stage;
        }
        if (s.submittedOn) pr.submittedOn = s.submittedOn;
        if (s.enteredCentralReserveOn) {
          if (Number(s.enteredCentralReserveOn.slice(0, 4)) !== pr.year) problems.reserve.push(`step ${i}: ${s.project} entered the reserve outside ${pr.year}`);
          if (!pr.submittedOn || pr.submittedOn > s.enteredCentralReserveOn) problems.reserve.push(`step ${i}: ${s.project} entered before it was submitted`);
        }
        if (s.stage === 'SUBMITTED' && !s.submittedOn) problems.reserve.push(`step ${i}: SUBMITTED without submittedOn`);
        if (s.stage === 'IN_CENTRAL_RESERVE' && !s.enteredCentralReserveOn) problems.reserve.push(`step ${i}: IN_CENTRAL_RESERVE without a date`);
        if (s.enteredCentralReserveOn && !s.centralReserveBatchNo) problems.reserve.push(`step ${i}: ${s.project} entered the reserve without its batch document (入库批次文号)`);
        // Every move is dated, in order: a move without a date would happen on the day the demo is loaded.
        if (s.stage) {
          const on = s.stageChangedOn ?? (s.stage === 'SUBMITTED' ? s.submittedOn : s.stage === 'IN_CENTRAL_RESERVE' ? s.enteredCentralReserveOn : undefined);
          if (!on) problems.reserve.push(`step ${i}: ${s.project} → ${s.stage} has no date`);
          else if (pr.lastMoveOn && on < pr.lastMoveOn) problems.reserve.push(`step ${i}: ${s.project} → ${s.stage} dated before its previous move`);
          else pr.lastMoveOn = on;
        }
        if (s.centralFundsApproved !== undefined) {
          if (!/^\d+\.\d{2}$/.test(s.centralFundsApproved)) problems.reserve.push(`step ${i}: approved ${s.centralFundsApproved} is not money`);
          if (pr.requested && Number(s.centralFundsApproved) > Number(pr.requested)) problems.reserve.push(`step ${i}: approved more than requested`);
        }
        break;
      }
    }
    // Geometry carried by the step, if any.
    if (s.op === 'registerPlot' && s.boundary !== undefined) {
      const b = s.boundary as { type?: string; coordinates?: number[][][] };
      const ring = b.coordinates?.[0];
      if (b.type !== 'Polygon' || !Array.isArray(ring) || ring.length < 4) {
        problems.geometry.push(`step ${i}: ${s.ref} boundary is not a Polygon with a ring of ≥ 4 positions`);
        return;
      }
      const [first, last] = [ring[0], ring[ring.length - 1]];
      if (first[0] !== last[0] || first[1] !== last[1]) problems.geometry.push(`step ${i}: ${s.ref} ring is not closed`);
      if (ring.some((pt) => pt.length !== 2 || !pt.every(Number.isFinite))) problems.geometry.push(`step ${i}: ${s.ref} has a bad position`);
      const across = Math.max(...ring.flatMap((a) => ring.map((c) => metres(a, c))));
      if (across < 100 || across > 600) problems.geometry.push(`step ${i}: ${s.ref} is ${Math.round(across)} m across`);
      if (s.centroid && ring.some((pt) => metres(pt, [s.centroid!.lon, s.centroid!.lat]) > 400)) {
        problems.geometry.push(`step ${i}: ${s.ref} boundary strays from its centroid`);
      }
      const area = ringAreaM2(ring);
      if (s.areaM2 === undefined || Math.abs(area - s.areaM2) / s.areaM2 > 0.1) {
        problems.geometry.push(`step ${i}: ${s.ref} areaM2 ${s.areaM2} vs boundary ${Math.round(area)} m²`);
      }
    }
  });

  for (const [ref, p] of plots) {
    if (CLEARED.has(p.stage) && p.plannedUse && !clearedFor(p, [p.plannedUse]) && investigationRequired(p)) shown.notClearedForPlannedUse.push(ref);
  }
  return { problems, plots, opCounts, flaggedConstruction, rectified, counties, shown };
}

// ───────────── the checks ─────────────

describe('demo data set (seeds/demo/data.ts)', () => {
  const r = replay(demoSteps);

  it('defines every ref once, before any step uses it', () => {
    expect(r.problems.refs).toEqual([]);
  });

  it('uses only valid GB 32100 credit codes, registered in the key unit\'s county', () => {
    expect(r.problems.creditCodes).toEqual([]);
  });

  it('numbers discharge permits as credit code + 3 digits + a letter, valid 5 years', () => {
    expect(r.problems.permits).toEqual([]);
  });

  it('uses real calendar days, none after 2025', () => {
    expect(r.problems.dates).toEqual([]);
  });

  it('keeps each plot\'s dates non-decreasing and key-unit records after listing', () => {
    expect(r.problems.chronology).toEqual([]);
    expect(r.problems.keyUnits).toEqual([]);
  });

  it('moves stages only along the lifecycle table, with evidence on the starred moves', () => {
    expect(r.problems.lifecycle).toEqual([]);
  });

  it('passes every gate: no land step on a directory plot, no early supply, no restricted use, no early REGULAR permit, no key unit\'s land acted on before investigation; each expected refusal is refused with its code', () => {
    expect(r.problems.gates).toEqual([]);
  });

  it('supplies and builds housing, schools and hospitals only on plots cleared against first-class values', () => {
    expect(r.shown.firstClassSupplies.length).toBeGreaterThanOrEqual(5);
    expect(r.shown.firstClassSupplies.filter((x) => x.clearedClass !== 'FIRST')).toEqual([]);
    expect(r.shown.firstClassClearances).toBeGreaterThanOrEqual(5);
    expect(r.shown.supplyWithoutInvestigation).toBe(0);
  });

  it('shows each rule of the second edition (RULES §1–§5) at least once', () => {
    // §1: contamination discovered on land already in residential use still requires investigation.
    expect(r.shown.discoveredOnResidential).toEqual(['P_XY_VILLAGE']);
    const village = r.plots.get('P_XY_VILLAGE')!;
    expect([village.stage, village.currentUse, village.county]).toEqual(['SUSPECTED', '0702', '141181']);
    expect(r.shown.refusals).toContainEqual({ op: 'issueConstructionPermit', code: 'INVESTIGATION_NOT_COMPLETED', plot: 'P_XY_VILLAGE', keyUnit: false });
    // §2: a second-class clearance planned for housing is not cleared for it, and its supply is refused.
    expect(r.shown.notClearedForPlannedUse).toEqual(['P_TG_DEPOT']);
    expect(r.plots.get('P_TG_DEPOT')).toMatchObject({ stage: 'BELOW_SCREENING', clearedClass: 'SECOND', plannedUse: '0701', supplied: false, county: '140703' });
    expect(r.shown.refusals).toContainEqual({ op: 'SUPPLY', code: 'INVESTIGATION_NOT_COMPLETED', plot: 'P_TG_DEPOT', keyUnit: false });
    // §4 gate 5 (法67): a key unit's land is not recovered, nor re-planned, before its investigation is complete.
    expect(r.shown.refusals).toContainEqual({ op: 'RECOVER', code: 'INVESTIGATION_NOT_COMPLETED', plot: 'P_YC_CHEM_OLD', keyUnit: true });
    expect(r.shown.refusals).toContainEqual({ op: 'planLandUse', code: 'INVESTIGATION_NOT_COMPLETED', plot: 'P_YC_CHEM_OLD', keyUnit: true });
    // §5: remediation works, stated or under the plot's remediation permit, are no violation.
    expect(r.shown.remediationWorks).toEqual(['P_XY_JINHUI', 'P_YC_DISC']);
    expect(r.plots.get('P_YC_DISC')).toMatchObject({ stage: 'REMEDIATION', openViolations: 0 });
    expect(r.plots.get('P_XY_JINHUI')!.openViolations).toBe(0);
    // All drawn from the plans' places: Xiaoyi (孝义 141181) and Jinzhong's districts (榆次 140702, 太谷 140703).
    expect(r.shown.refusals.map((x) => r.plots.get(x.plot)!.county).every((c) => ['141181', '140702', '140703'].includes(c))).toBe(true);
  });

  it('uses only GB/T 21010-2017 land-use codes', () => {
    expect(r.problems.landUses).toEqual([]);
  });

  it('draws closed, plausible boundaries in the right county, with a matching area', () => {
    expect(r.problems.geometry).toEqual([]);
  });

  it('keeps the project reserve consistent', () => {
    expect(r.problems.reserve).toEqual([]);
  });

  it('covers every stage and source, and flags one or two construction starts, one rectified', () => {
    const stages = new Set([...r.plots.values()].map((p) => p.stage));
    const sources = new Set([...r.plots.values()].map((p) => p.source));
    expect(ALL_STAGES.filter((s) => !stages.has(s))).toEqual([]);
    expect(ALL_SOURCES.filter((s) => !sources.has(s))).toEqual([]);
    expect(r.plots.size).toBeGreaterThanOrEqual(30);
    expect(r.plots.size).toBeLessThanOrEqual(40);
    expect(r.flaggedConstruction).toBeGreaterThanOrEqual(1);
    expect(r.flaggedConstruction).toBeLessThanOrEqual(2);
    expect(r.rectified).toBe(1);
  });

  it('uses every kind of step', () => {
    const ops: DemoStep['op'][] = [
      'upsertKeyUnit', 'recordHiddenDangerCheck', 'recordMonitoring', 'delistKeyUnit', 'issuePermit', 'endPermit',
      'registerPlot', 'reportDiscoveredContamination', 'advancePlotStage', 'planLandUse', 'recordLandAction',
      'recordVacatedSiteReserve', 'issueConstructionPermit', 'reportConstructionStarted', 'rectifyViolation',
      'createReserveProject', 'updateReserveProject', 'expectRefused',
    ];
    expect(ops.filter((op) => !r.opCounts[op])).toEqual([]);
    expect(r.counties.has('141181')).toBe(true);
    expect(r.counties.has('140703')).toBe(true);
  });
});
