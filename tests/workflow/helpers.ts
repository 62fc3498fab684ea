/**
 * Shared steps for the workflow specs: every step goes through the GraphQL API with the token of the agency
 * that does it in the real world (BRIEF.md "Who may do what"), and every check reads what a user would see.
 * The rules used to choose steps (the lifecycle table, the stage groups) are written out here on purpose,
 * from BRIEF.md, independent of src/.
 */
import { startTestApp, TestApp, GqlResult } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';
import { addDays } from '../../src/validation/dates';
import { ok } from '../helpers/assert';

export type { Stage } from '../helpers/lifecycle-table';
import type { Stage } from '../helpers/lifecycle-table';

export const STAGES: Stage[] = [
  'SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE',
  'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED',
];

export { MOVES } from '../helpers/lifecycle-table';
import { MOVES } from '../helpers/lifecycle-table';

export const CLEARED: Stage[] = ['BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED'];
export const DIRECTORY: Stage[] = ['LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION'];

/** The shortest walk from SUSPECTED to each stage. */
export const PATH: Record<Stage, Stage[]> = {
  SUSPECTED: [],
  UNDER_INVESTIGATION: ['UNDER_INVESTIGATION'],
  BELOW_SCREENING: ['UNDER_INVESTIGATION', 'BELOW_SCREENING'],
  UNDER_RISK_ASSESSMENT: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'],
  RISK_ACCEPTABLE: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE'],
  LISTED: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED'],
  RISK_CONTROL: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED', 'RISK_CONTROL'],
  REMEDIATION: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED', 'REMEDIATION'],
  EFFECT_EVALUATION: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED', 'REMEDIATION', 'EFFECT_EVALUATION'],
  DELISTED: ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED'],
};

/** The server's "today" in these specs (Asia/Shanghai). */
export const TODAY = '2025-06-30';
export const NOW = () => new Date('2025-06-30T12:00:00+08:00');
/** 榆次区 (Jinzhong); every row of these specs lives there. */
export const COUNTY = '140702';
export const OTHER_COUNTY = '140703';

/** Dates of a walk: identified on START, then one move every STEP days. */
export const START = '2024-01-01';
export const STEP = 20;
export const stepDate = (i: number, from = START) => addDays(from, (i + 1) * STEP);

export const evidence = (on: string, n = 'X') => ({ documentNo: `DOC-${n}-${on}`, title: '调查评估报告', issuedBy: '晋中市建设用地土壤污染状况调查评审专家组', issuedOn: on });

export const PLOT = `
  id plotCode name stage version source industry landStatus supplyPlanYear constructionPermitNo constructionStartedOn
  investigationRequired clearedFor investigationTriggers { kind aroseOn }
  currentUse { code sensitive } plannedUse { code sensitive }
  keyUnit { id }
  stageHistory { from to effectiveOn recordedAt agency evidence { documentNo title issuedBy issuedOn } }
  clearance { supplyForSensitiveUse changeOfUse regularConstruction reasons }
  violations { id kind detectedOn rectifiedOn }
`;

export interface Tokens { eco: string; nr: string; housing: string; approvals: string; ecoCity: string }

export interface World {
  t: TestApp;
  tok: Tokens;
  gql: <T = any>(token: string | null, query: string, variables?: Record<string, unknown>) => Promise<GqlResult<T>>;
  stop: () => Promise<void>;
}

let seq = 0;
/** A fresh, check-valid 统一社会信用代码 (GB 32100) for each call. */
export function newCreditCode(): string {
  seq += 1;
  return makeCreditCode(`91140702MA${String(Date.now() % 1e3).padStart(3, '0')}${String(seq).padStart(4, '0')}`);
}

export async function startWorld(now: () => Date = NOW): Promise<World> {
  const t = await startTestApp({ now });
  const tok: Tokens = {
    eco: await t.token('ECO', COUNTY, '榆次区生态环境分局'),
    nr: await t.token('NATURAL_RESOURCES', COUNTY, '榆次区自然资源局'),
    housing: await t.token('HOUSING', COUNTY, '榆次区住房和城乡建设局'),
    approvals: await t.token('APPROVALS', COUNTY, '榆次区行政审批服务管理局'),
    ecoCity: await t.token('ECO', '140700', '晋中市生态环境局'),
  };
  return { t, tok, gql: t.gql, stop: () => t.stop() };
}

export { ok };

/** The error code of a refused answer (fails when it was accepted). */
export function codeOf(r: GqlResult): string {
  if (!r.errors?.length) throw new Error(`expected an error, got ${JSON.stringify(r.data)}`);
  return r.errors[0].extensions.code;
}

export interface PlotOpts {
  name?: string; identifiedOn?: string; industry?: string; currentUseCode?: string; keyUnitId?: string; source?: string; countyCode?: string;
  /** The GB 36600 class the walk's clearance (a move into BELOW_SCREENING, RISK_ACCEPTABLE or DELISTED) is judged against; absent: none given (= SECOND, RULES §2). */
  landClass?: 'FIRST' | 'SECOND';
}

/** registerPlot (ECO by default, or NATURAL_RESOURCES): a new SUSPECTED plot. */
export async function registerPlot(w: World, o: PlotOpts = {}, token = w.tok.eco): Promise<any> {
  const r = await w.gql(token, `mutation($input: PlotInput!) { registerPlot(input: $input) { ${PLOT} } }`, {
    input: {
      name: o.name ?? `地块${++seq}`, countyCode: o.countyCode ?? COUNTY, source: o.source ?? 'OTHER',
      identifiedOn: o.identifiedOn ?? START, industry: o.industry, currentUseCode: o.currentUseCode, keyUnitId: o.keyUnitId,
    },
  });
  return ok(r).registerPlot;
}

export async function readPlot(w: World, id: string, token = w.tok.eco): Promise<any> {
  return ok(await w.gql(token, `query($id: ID!) { plot(id: $id) { ${PLOT} } }`, { id })).plot;
}

/** What a refusal must leave as it was: every field a user reads, and the version. */
export function stateOf(p: any) {
  return {
    stage: p.stage, version: p.version, historyLength: p.stageHistory.length, stageHistory: p.stageHistory, landStatus: p.landStatus,
    plannedUse: p.plannedUse?.code ?? null, supplyPlanYear: p.supplyPlanYear, constructionPermitNo: p.constructionPermitNo,
    constructionStartedOn: p.constructionStartedOn, violations: p.violations.length,
  };
}

export function advance(w: World, plotId: string, to: Stage, effectiveOn: string, expectedVersion: number, ev?: object | null, token = w.tok.eco) {
  return w.gql(token, `mutation($id: ID!, $to: PlotStage!, $on: Date!, $ev: EvidenceInput, $v: Int!) {
    advancePlotStage(plotId: $id, to: $to, effectiveOn: $on, evidence: $ev, expectedVersion: $v) { ${PLOT} } }`,
  { id: plotId, to, on: effectiveOn, ev: ev ?? null, v: expectedVersion });
}

/**
 * ECO walks a plot along `stages` (each move with evidence where the table asks for it), one move every STEP
 * days after `from`; returns the plot as it ends.
 */
export async function walk(w: World, plot: any, stages: Stage[], from = START, landClass?: 'FIRST' | 'SECOND'): Promise<any> {
  let p = plot;
  for (const [i, to] of stages.entries()) {
    const on = stepDate(i, from);
    const needs = MOVES[p.stage as Stage][to];
    const ev = needs ? { ...evidence(on, `${p.id}-${i}`), ...(landClass && CLEARED.includes(to) ? { landClass } : {}) } : null;
    p = ok(await advance(w, p.id, to, on, p.version, ev)).advancePlotStage;
  }
  return p;
}

/** A plot at `stage`, walked from SUSPECTED by the shortest path (cleared against `o.landClass` when given). */
export async function plotAt(w: World, stage: Stage, o: PlotOpts = {}): Promise<any> {
  return walk(w, await registerPlot(w, o), PATH[stage], o.identifiedOn ?? START, o.landClass);
}

export function planLandUse(w: World, plotId: string, code: string, decidedOn: string, expectedVersion: number, supplyPlanYear?: number | null, token = w.tok.nr) {
  return w.gql(token, `mutation($id: ID!, $code: String!, $on: Date!, $y: Int, $v: Int!) {
    planLandUse(plotId: $id, plannedUseCode: $code, decidedOn: $on, supplyPlanYear: $y, expectedVersion: $v) { ${PLOT} } }`,
  { id: plotId, code, on: decidedOn, y: supplyPlanYear ?? null, v: expectedVersion });
}

/** What a SUPPLY says it supplied (RULES §3): absent codes = the planned use. */
export interface SupplyOpts { suppliedUseCodes?: string[]; supplyMethod?: 'ALLOCATION' | 'GRANT' | 'LEASE'; decisionNo?: string }

export function landAction(w: World, plotId: string, action: string, decidedOn: string, expectedVersion: number, token = w.tok.nr, s: SupplyOpts = {}) {
  return w.gql(token, `mutation($id: ID!, $a: LandAction!, $on: Date!, $v: Int!, $codes: [String!], $m: SupplyMethod, $no: String) {
    recordLandAction(plotId: $id, action: $a, decidedOn: $on, expectedVersion: $v, suppliedUseCodes: $codes, supplyMethod: $m, decisionNo: $no) { ${PLOT} supply { uses { code } method decisionNo decidedOn } } }`,
  { id: plotId, a: action, on: decidedOn, v: expectedVersion, codes: s.suppliedUseCodes ?? null, m: s.supplyMethod ?? null, no: s.decisionNo ?? null });
}

export function constructionPermit(w: World, plotId: string, purpose: string, issuedOn: string, expectedVersion: number, token = w.tok.housing, permitNo = `建字第140702${++seq}号`) {
  return w.gql(token, `mutation($id: ID!, $no: String!, $on: Date!, $p: ConstructionPurpose!, $v: Int!) {
    issueConstructionPermit(plotId: $id, permitNo: $no, issuedOn: $on, purpose: $p, expectedVersion: $v) { ${PLOT} } }`,
  { id: plotId, no: permitNo, on: issuedOn, p: purpose, v: expectedVersion });
}

/** reportConstructionStarted; `purpose` absent: the works of the plot's construction permit (RULES §5). */
export function constructionStarted(w: World, plotId: string, startedOn: string, expectedVersion: number, token = w.tok.housing, purpose?: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION') {
  return w.gql(token, `mutation($id: ID!, $on: Date!, $v: Int!, $p: ConstructionPurpose) {
    reportConstructionStarted(plotId: $id, startedOn: $on, expectedVersion: $v, purpose: $p) { ${PLOT} } }`,
  { id: plotId, on: startedOn, v: expectedVersion, p: purpose ?? null });
}

/** Refusals of `operation` with `code` recorded in the audit trail for this plot (read straight from the table). */
export async function refusalsLogged(w: World, operation: string, code: string, plotId: string): Promise<any[]> {
  return w.t.app.orm.em.fork().getConnection().execute(
    `select agency, client_name, operation, outcome, action, after from audit_log
     where operation = ? and outcome = ? and action = 'REFUSED' and after->>'plotId' = ? order by id`,
    [operation, code, String(plotId)],
  );
}

export const KEY_UNIT = `id creditCode name industry listedOn delistedOn status version inPermitManagement
  obligations { kind state dueOn detail }`;

export async function upsertKeyUnit(w: World, o: { name?: string; industry?: string; listedOn: string; creditCode?: string; address?: string }) {
  const r = await w.gql(w.tok.eco, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { ${KEY_UNIT} } }`, {
    input: { creditCode: o.creditCode ?? newCreditCode(), name: o.name ?? `重点监管单位${++seq}`, countyCode: COUNTY, industry: o.industry ?? '化工', listedOn: o.listedOn, address: o.address },
  });
  return ok(r).upsertKeyUnit;
}

export async function readKeyUnit(w: World, id: string, token = w.tok.eco) {
  return ok(await w.gql(token, `query($id: ID!) { keyUnit(id: $id) { ${KEY_UNIT} } }`, { id })).keyUnit;
}

export const PERMIT = `id permitNo holderName creditCode industry status issuedOn validUntil endedOn endReason version
  keyUnit { id }
  vacatedSite { id status vacatedOn enterpriseName creditCode industry landReservedOn version
    plot { id stage source industry formerEnterprise formerCreditCode keyUnit { id } stageHistory { from to effectiveOn } } }`;

export async function issuePermit(w: World, o: { creditCode: string; holderName: string; industry: string; issuedOn: string; validUntil: string; serial?: string }, token = w.tok.approvals) {
  const r = await w.gql(token, `mutation($input: PermitInput!) { issuePermit(input: $input) { ${PERMIT} } }`, {
    input: {
      permitNo: `${o.creditCode}${o.serial ?? '001'}P`, holderName: o.holderName, creditCode: o.creditCode, countyCode: COUNTY,
      industry: o.industry, category: 'KEY', issuedOn: o.issuedOn, validUntil: o.validUntil,
    },
  });
  return ok(r).issuePermit;
}

export function endPermit(w: World, id: string, how: 'CANCEL' | 'REVOKE', endedOn: string, expectedVersion: number, token = w.tok.approvals) {
  return w.gql(token, `mutation($id: ID!, $how: PermitEnd!, $on: Date!, $v: Int!) {
    endPermit(id: $id, how: $how, endedOn: $on, reason: "违法排污，依法撤销", expectedVersion: $v) { ${PERMIT} } }`,
  { id, how, on: endedOn, v: expectedVersion });
}

/** The `obligations` query for the county, at a date. */
export async function obligationsAt(w: World, asOf: string, kind?: string, state?: string, token = w.tok.eco) {
  const r = await w.gql(token, `query($d: ID, $k: ObligationKind, $s: ObligationState, $on: Date) {
    obligations(divisionCode: $d, kind: $k, state: $s, asOf: $on) { kind state dueOn detail keyUnit { id } } }`,
  { d: COUNTY, k: kind ?? null, s: state ?? null, on: asOf });
  return ok(r).obligations as { kind: string; state: string; dueOn: string | null; detail: string | null; keyUnit: { id: string } }[];
}

export const ofUnit = <T extends { keyUnit: { id: string } }>(rows: T[], unitId: string) => rows.filter((r) => r.keyUnit.id === unitId);

export { startTestApp, addDays };
