/**
 * Writes through the GraphQL API, each with the token of the agency the brief gives the operation, for the
 * report specs: they build a small history by hand and then read the reports. Every helper throws on an
 * unexpected GraphQL error so that a refused setup step names itself instead of skewing a count.
 */
import type { GqlResult, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';
import { ok } from '../helpers/assert';

export type Agency = 'ECO' | 'NATURAL_RESOURCES' | 'HOUSING' | 'APPROVALS';

export { ok };

/** The error code of the first error, with the data that came back beside it. */
export const codeOf = (r: GqlResult) => r.errors?.[0]?.extensions?.code;

/** Moves of the lifecycle that need their document (BRIEF.md "*", and RULES.md §5: the works and their evaluation). */
const NEEDS_EVIDENCE = new Set([
  'UNDER_INVESTIGATION>BELOW_SCREENING', 'UNDER_INVESTIGATION>UNDER_RISK_ASSESSMENT', 'UNDER_RISK_ASSESSMENT>RISK_ACCEPTABLE',
  'UNDER_RISK_ASSESSMENT>LISTED', 'EFFECT_EVALUATION>DELISTED', 'BELOW_SCREENING>UNDER_INVESTIGATION', 'RISK_ACCEPTABLE>UNDER_INVESTIGATION',
  'LISTED>RISK_CONTROL', 'LISTED>REMEDIATION', 'RISK_CONTROL>EFFECT_EVALUATION', 'REMEDIATION>EFFECT_EVALUATION',
  'EFFECT_EVALUATION>RISK_CONTROL', 'EFFECT_EVALUATION>REMEDIATION', 'DELISTED>UNDER_INVESTIGATION',
]);
/**
 * The report's stories supply cleared plots for housing, so their clearances are judged against first-class
 * (residential) values (RULES.md §2); `landClass` says otherwise for one move.
 */
const CLEARED_STAGES = new Set(['BELOW_SCREENING', 'RISK_ACCEPTABLE', 'DELISTED']);

let serial = 0;

export interface Api {
  tok: (agency: Agency, division: string) => Promise<string>;
  creditCode: (county: string) => string;
  keyUnit: (county: string, industry: string, listedOn: string, name?: string) => Promise<{ id: string; creditCode: string; version: number }>;
  delistKeyUnit: (id: string, county: string, on: string) => Promise<void>;
  hiddenDangerCheck: (keyUnitId: string, county: string, on: string) => Promise<void>;
  monitoring: (keyUnitId: string, county: string, kind: 'SELF_SOIL' | 'SELF_GROUNDWATER' | 'SURROUNDING_SOIL', year: number, sampledOn: string, beyondBoundary?: boolean) => Promise<void>;
  permit: (county: string, creditCode: string, holderName: string, industry: string, issuedOn: string, validUntil: string) => Promise<{ id: string; version: number }>;
  endPermit: (id: string, county: string, how: 'CANCEL' | 'REVOKE', endedOn: string) => Promise<void>;
  plot: (county: string, input: Record<string, unknown>, agency?: Agency) => Promise<string>;
  discovered: (county: string, input: Record<string, unknown>, agency: Agency) => Promise<string>;
  /** One lifecycle move by ECO, with evidence where the move needs it. */
  advance: (plotId: string, county: string, to: string, on: string, landClass?: 'FIRST' | 'SECOND') => Promise<void>;
  /** Several moves in a row: [[to, on], …]. */
  walk: (plotId: string, county: string, moves: [string, string][]) => Promise<void>;
  planLandUse: (plotId: string, county: string, code: string, on: string, supplyPlanYear?: number) => Promise<void>;
  landAction: (plotId: string, county: string, action: 'RESERVE' | 'SUPPLY' | 'RECOVER' | 'ACQUIRE', on: string) => Promise<void>;
  constructionStarted: (plotId: string, county: string, on: string) => Promise<void>;
  violationsOf: (plotId: string, county: string) => Promise<{ id: string; kind: string; detectedOn: string; rectifiedOn: string | null }[]>;
  rectify: (violationId: string, county: string, on: string) => Promise<void>;
  reserveProject: (county: string, year: number, fundsRequested: string | null, name?: string) => Promise<string>;
  updateReserveProject: (id: string, county: string, input: Record<string, unknown>) => Promise<void>;
  plotVersion: (plotId: string, county: string) => Promise<number>;
  plotSiteOf: (permitId: string, county: string) => Promise<{ id: string; status: string; plot: { id: string } | null }>;
}

export function api(t: TestApp): Api {
  const tokens = new Map<string, Promise<string>>();
  const tok = (agency: Agency, division: string) => {
    const key = `${agency}@${division}`;
    if (!tokens.has(key)) tokens.set(key, t.token(agency, division, key));
    return tokens.get(key)!;
  };
  const run = async <T = any>(agency: Agency, county: string, query: string, variables: Record<string, unknown>, what: string): Promise<T> =>
    ok<T>(await t.gql(await tok(agency, county), query, variables), what);

  const plotVersion = async (plotId: string, county: string) =>
    (await run('ECO', county, `query($id: ID) { plot(id: $id) { version } }`, { id: plotId }, 'plot version')).plot.version as number;

  const creditCode = (county: string) => makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);

  const advance = async (plotId: string, county: string, to: string, on: string, landClass: 'FIRST' | 'SECOND' = 'FIRST') => {
    const cur = (await run('ECO', county, `query($id: ID) { plot(id: $id) { stage version } }`, { id: plotId }, 'plot stage')).plot;
    const evidence = NEEDS_EVIDENCE.has(`${cur.stage}>${to}`)
      ? { documentNo: `DOC-${plotId}-${to}-${on}`, title: `${to} 评审报告`, issuedBy: '吕梁市生态环境局专家评审组', issuedOn: on, ...(CLEARED_STAGES.has(to) ? { landClass } : {}) }
      : undefined;
    await run('ECO', county,
      `mutation($p: ID!, $to: PlotStage!, $on: Date!, $ev: EvidenceInput, $v: Int!) { advancePlotStage(plotId: $p, to: $to, effectiveOn: $on, evidence: $ev, expectedVersion: $v) { id } }`,
      { p: plotId, to, on, ev: evidence, v: cur.version }, `advance ${plotId} ${cur.stage}→${to} on ${on}`);
  };

  return {
    tok,
    creditCode,
    async keyUnit(county, industry, listedOn, name) {
      const code = creditCode(county);
      const r = await run('ECO', county, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id creditCode version } }`,
        { i: { creditCode: code, name: name ?? `${industry}企业${serial}`, countyCode: county, industry, listedOn } }, 'upsertKeyUnit');
      return r.upsertKeyUnit;
    },
    async delistKeyUnit(id, county, on) {
      const v = (await run('ECO', county, `query($id: ID) { keyUnit(id: $id) { version } }`, { id }, 'key unit')).keyUnit.version;
      await run('ECO', county, `mutation($id: ID!, $on: Date!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: $on, expectedVersion: $v) { id } }`, { id, on, v }, 'delistKeyUnit');
    },
    async hiddenDangerCheck(keyUnitId, county, on) {
      await run('ECO', county, `mutation($k: ID!, $on: Date!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: $on, rectified: true) { id } }`, { k: keyUnitId, on }, 'recordHiddenDangerCheck');
    },
    async monitoring(keyUnitId, county, kind, year, sampledOn, beyondBoundary = false) {
      await run('ECO', county,
        `mutation($k: ID!, $kind: MonitoringKind!, $y: Int!, $on: Date!, $b: Boolean!) { recordMonitoring(keyUnitId: $k, kind: $kind, year: $y, sampledOn: $on, exceedsScreening: $b, beyondBoundary: $b) { id } }`,
        { k: keyUnitId, kind, y: year, on: sampledOn, b: beyondBoundary }, 'recordMonitoring');
    },
    async permit(county, code, holderName, industry, issuedOn, validUntil) {
      const r = await run('APPROVALS', county, `mutation($i: PermitInput!) { issuePermit(input: $i) { id version } }`,
        { i: { permitNo: `${code}001P`, holderName, creditCode: code, countyCode: county, industry, category: 'KEY', issuedOn, validUntil } }, 'issuePermit');
      return r.issuePermit;
    },
    async endPermit(id, county, how, endedOn) {
      const v = (await run('APPROVALS', county, `query($id: ID) { dischargePermit(id: $id) { version } }`, { id }, 'permit')).dischargePermit.version;
      await run('APPROVALS', county, `mutation($id: ID!, $how: PermitEnd!, $on: Date!, $v: Int!) { endPermit(id: $id, how: $how, endedOn: $on, reason: "停产关闭", expectedVersion: $v) { id } }`,
        { id, how, on: endedOn, v }, 'endPermit');
    },
    async plot(county, input, agency = 'ECO') {
      const r = await run(agency, county, `mutation($i: PlotInput!) { registerPlot(input: $i) { id } }`, { i: { source: 'OTHER', countyCode: county, ...input } }, `registerPlot ${input.name}`);
      return r.registerPlot.id;
    },
    async discovered(county, input, agency) {
      const r = await run(agency, county, `mutation($i: PlotInput!) { reportDiscoveredContamination(input: $i, note: "施工中发现异味土壤") { id } }`,
        { i: { source: 'DISCOVERED', countyCode: county, ...input } }, 'reportDiscoveredContamination');
      return r.reportDiscoveredContamination.id;
    },
    advance,
    async walk(plotId, county, moves) {
      for (const [to, on] of moves) await advance(plotId, county, to, on);
    },
    async planLandUse(plotId, county, code, on, supplyPlanYear) {
      await run('NATURAL_RESOURCES', county,
        `mutation($p: ID!, $c: String!, $on: Date!, $y: Int, $v: Int!) { planLandUse(plotId: $p, plannedUseCode: $c, decidedOn: $on, supplyPlanYear: $y, expectedVersion: $v) { id } }`,
        { p: plotId, c: code, on, y: supplyPlanYear ?? null, v: await plotVersion(plotId, county) }, `planLandUse ${plotId} ${code}`);
    },
    async landAction(plotId, county, action, on) {
      await run('NATURAL_RESOURCES', county,
        `mutation($p: ID!, $a: LandAction!, $on: Date!, $v: Int!) { recordLandAction(plotId: $p, action: $a, decidedOn: $on, expectedVersion: $v) { id } }`,
        { p: plotId, a: action, on, v: await plotVersion(plotId, county) }, `recordLandAction ${plotId} ${action}`);
    },
    async constructionStarted(plotId, county, on) {
      await run('HOUSING', county, `mutation($p: ID!, $on: Date!, $v: Int!) { reportConstructionStarted(plotId: $p, startedOn: $on, expectedVersion: $v) { id } }`,
        { p: plotId, on, v: await plotVersion(plotId, county) }, 'reportConstructionStarted');
    },
    async violationsOf(plotId, county) {
      return (await run('ECO', county, `query($id: ID) { plot(id: $id) { violations { id kind detectedOn rectifiedOn } } }`, { id: plotId }, 'violations')).plot.violations;
    },
    async rectify(violationId, county, on) {
      await run('ECO', county, `mutation($id: ID!, $on: Date!) { rectifyViolation(id: $id, rectifiedOn: $on, note: "已停工并完成调查") { id } }`, { id: violationId, on }, 'rectifyViolation');
    },
    async reserveProject(county, year, fundsRequested, name) {
      const r = await run('ECO', county, `mutation($i: ReserveProjectInput!) { createReserveProject(input: $i) { id } }`,
        { i: { name: name ?? `土壤污染防治项目${++serial}`, countyCode: county, category: 'RISK_CONTROL_REMEDIATION', year, centralFundsRequested: fundsRequested } }, 'createReserveProject');
      return r.createReserveProject.id;
    },
    async updateReserveProject(id, county, input) {
      const v = (await run('ECO', county, `query($d: ID) { reserveProjects(divisionCode: $d, first: 500) { nodes { id version } } }`, { d: county }, 'reserve projects'))
        .reserveProjects.nodes.find((n: { id: string }) => n.id === id).version;
      await run('ECO', county, `mutation($id: ID!, $i: ReserveProjectUpdate!, $v: Int!) { updateReserveProject(id: $id, input: $i, expectedVersion: $v) { id } }`, { id, i: input, v }, 'updateReserveProject');
    },
    plotVersion,
    async plotSiteOf(permitId, county) {
      return (await run('ECO', county, `query($id: ID) { dischargePermit(id: $id) { vacatedSite { id status plot { id } } } }`, { id: permitId }, 'vacated site')).dischargePermit.vacatedSite;
    },
  };
}

/** Every field of a joint-dispatch row, as the report is read in the specs. */
export const JD_ROW = `county { code name } plotsByStage { stage count } sensitiveUseChanges sensitiveUseChangesInvestigated listedInQuarter
  delistedInQuarter violationsOpen violationsRectifiedInQuarter keyUnits keyUnitsOverdue permitsEndedInQuarter vacatedSitesOpen
  reserveProjectsAdded safeUseRate`;
export const JD_QUERY = `query($q: String!, $d: ID!) { jointDispatchReport(quarter: $q, divisionCode: $d) {
  quarter asOf generatedAt division { code name level } rows { ${JD_ROW} } total { ${JD_ROW} } } }`;

export const STAGES = ['SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED'] as const;
