/**
 * The demo script's own consistency, without a database. The script is replayed in memory against the rules
 * of BRIEF.md (lifecycle table, gates, flagged facts), so a step the platform would refuse fails here first.
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
const RESTRICTED_INDUSTRIES = new Set(['农药', '焦化', '化工']);
/** 一住两公: 07, 08 and their sub-codes, except 0809 / 0810 (uncertain, treated as not sensitive). */
const sensitive = (code?: string): boolean => !!code && /^0[78]/.test(code) && code !== '0809' && code !== '0810';
const restrictedUse = (code: string): boolean => code.startsWith('07') || code === '0803';
const RESERVE_ORDER = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'];
const LAST_DAY = '2025-12-31';

const referenceCsv = (name: string): string[][] =>
  readFileSync(join(__dirname, '../../seeds/reference', name), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
const KEY_INDUSTRIES = new Set(referenceCsv('key_industries.csv').map((r) => r[0]));
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
interface PlotState {
  county: string; source: PlotSource; stage: PlotStage; everListed: boolean; industry?: string;
  currentUse?: string; plannedUse?: string; supplied: boolean; lastDate: string; openViolations: number;
}
interface Replay {
  problems: Record<string, string[]>;
  plots: Map<string, PlotState>;
  opCounts: Record<string, number>;
  flaggedConstruction: number;
  rectified: number;
  counties: Set<string>;
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
  const newPlot = (i: number, ref: string, p: Omit<PlotState, 'stage' | 'everListed' | 'supplied' | 'openViolations' | 'lastDate'>, date: string) => {
    define(i, ref, 'plot');
    plots.set(ref, { ...p, stage: 'SUSPECTED', everListed: false, supplied: false, openViolations: 0, lastDate: date });
  };
  /** A plot event: the plot exists and its dates never go backwards. */
  const plotAt = (i: number, ref: string, date: string): PlotState | undefined => {
    if (!use(i, ref, 'plot')) return undefined;
    const p = plots.get(ref)!;
    if (date < p.lastDate) problems.chronology.push(`step ${i}: ${ref} ${date} is before its last event ${p.lastDate}`);
    p.lastDate = date > p.lastDate ? date : p.lastDate;
    return p;
  };
  /** BRIEF.md gate 4: would issueConstructionPermit(REGULAR) be refused now? */
  const regularRefused = (p: PlotState): boolean => {
    const investigationRequired = (p.stage === 'SUSPECTED' || p.stage === 'UNDER_INVESTIGATION')
      && !(sensitive(p.currentUse) && (p.plannedUse === undefined || sensitive(p.plannedUse)));
    return investigationRequired || p.stage === 'UNDER_RISK_ASSESSMENT' || DIRECTORY.has(p.stage);
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
        const makesPlot = !!holder || KEY_INDUSTRIES.has(permit.industry);
        if (makesPlot !== !!s.plotRef) problems.refs.push(`step ${i}: plotRef ${makesPlot ? 'missing' : 'given'} for ${s.permit}`);
        if (!s.siteRef) problems.refs.push(`step ${i}: endPermit opens a vacated site: siteRef missing`);
        else {
          define(i, s.siteRef, 'site');
          sites.set(s.siteRef, { plot: makesPlot ? s.plotRef : undefined, vacatedOn: s.endedOn });
        }
        if (makesPlot && s.plotRef) {
          const permitCounty = permit.creditCode.slice(2, 8);
          newPlot(i, s.plotRef, { county: permitCounty, source: 'VACATED_SITE', industry: permit.industry }, s.endedOn);
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
          landUse(i, s.currentUseCode);
          if (s.keyUnit !== undefined) use(i, s.keyUnit, 'keyUnit');
          if (source === 'KEY_UNIT_LAND' && !s.keyUnit) problems.refs.push(`step ${i}: KEY_UNIT_LAND plot ${s.ref} without a key unit`);
        }
        if (s.centroid) inCounty(i, s.countyCode, [s.centroid.lon, s.centroid.lat], s.ref);
        newPlot(i, s.ref, {
          county: s.countyCode, source, industry: isRegister ? s.industry : undefined,
          currentUse: isRegister ? s.currentUseCode : undefined,
        }, s.identifiedOn);
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
        if (s.to === 'LISTED' && p.supplied && sensitive(p.plannedUse)) {
          problems.gates.push(`step ${i}: ${s.plot} supplied for 一住两公 and now LISTED (unintended SENSITIVE_USE_OF_LISTED_PLOT)`);
        }
        p.stage = s.to;
        if (s.to === 'LISTED') p.everListed = true;
        break;
      }
      case 'planLandUse': {
        const p = plotAt(i, s.plot, s.decidedOn);
        landUse(i, s.plannedUseCode);
        if (!p) break;
        if (DIRECTORY.has(p.stage)) problems.gates.push(`step ${i}: planLandUse on ${s.plot} in the directory (${p.stage})`);
        if (restrictedUse(s.plannedUseCode) && p.everListed && RESTRICTED_INDUSTRIES.has(p.industry ?? '')) {
          problems.gates.push(`step ${i}: ${s.plannedUseCode} for ${s.plot} (${p.industry}, once listed): RESTRICTED_USE`);
        }
        p.plannedUse = s.plannedUseCode;
        break;
      }
      case 'recordLandAction': {
        const p = plotAt(i, s.plot, s.decidedOn);
        if (!p) break;
        if (DIRECTORY.has(p.stage)) problems.gates.push(`step ${i}: ${s.action} on ${s.plot} in the directory (${p.stage})`);
        if (s.action === 'SUPPLY') {
          if (sensitive(p.plannedUse) && !sensitive(p.currentUse) && !CLEARED.has(p.stage)) {
            problems.gates.push(`step ${i}: supply of ${s.plot} for ${p.plannedUse} while ${p.stage}: INVESTIGATION_NOT_COMPLETED`);
          }
          p.supplied = true;
        }
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
        if (p && s.purpose === 'REGULAR' && regularRefused(p)) {
          problems.gates.push(`step ${i}: REGULAR construction permit on ${s.plot} while ${p.stage}`);
        }
        break;
      }
      case 'reportConstructionStarted': {
        const p = plotAt(i, s.plot, s.startedOn);
        if (p && regularRefused(p)) {
          p.openViolations++;
          flaggedConstruction++;
        }
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

  return { problems, plots, opCounts, flaggedConstruction, rectified, counties };
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

  it('passes every gate: no land step on a directory plot, no early supply, no restricted use, no early REGULAR permit', () => {
    expect(r.problems.gates).toEqual([]);
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
      'createReserveProject', 'updateReserveProject',
    ];
    expect(ops.filter((op) => !r.opCounts[op])).toEqual([]);
    expect(r.counties.has('141181')).toBe(true);
    expect(r.counties.has('140703')).toBe(true);
  });
});
