/**
 * The permission matrix: every contract operation, for every agency, on rows in and out of the token's
 * scope, asserting the data or errors[0].extensions.code an agency system would see.
 *
 * The expectations below are WRITTEN OUT from BRIEF.md "Who may do what", not derived from
 * src/auth/policy.ts: loosening a row of the policy table without changing this file makes it fail.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { buildFixture, creditCodeIn, Fixture } from './fixtures';

const E = 'ECO' as const, N = 'NATURAL_RESOURCES' as const, H = 'HOUSING' as const, A = 'APPROVALS' as const;
const ALL: Agency[] = [E, N, H, A];
type Agency = typeof E | typeof N | typeof H | typeof A;

/** Which agencies may use each operation (everyone else: FORBIDDEN). */
const ALLOWED: Record<string, Agency[]> = {
  me: ALL, divisions: ALL, landUses: ALL,
  keyUnit: ALL, keyUnits: ALL,
  dischargePermit: [E, N, A], dischargePermits: [E, N, A],
  plot: ALL, plots: ALL,
  vacatedSites: ALL,
  reserveProjects: [E, N], reserveTracker: [E, N],
  violations: ALL, obligations: ALL,
  jointDispatchReport: [E, N],
  plotsGeoJSON: ALL, changes: ALL,
  upsertKeyUnit: [E], delistKeyUnit: [E], recordHiddenDangerCheck: [E], recordMonitoring: [E],
  advancePlotStage: [E], rectifyViolation: [E], createReserveProject: [E], updateReserveProject: [E],
  issuePermit: [E, A], endPermit: [E, A],
  registerPlot: [E, N],
  planLandUse: [N], recordLandAction: [N],
  recordVacatedSiteReserve: [E, N],
  issueConstructionPermit: [H, A], reportConstructionStarted: [H],
  reportDiscoveredContamination: ALL,
};

/** Policy-controlled fields: which agencies may read them (everyone else: FORBIDDEN on that path, null there). */
const FIELD_ALLOWED: Record<string, Agency[]> = {
  'KeyUnit.contactPhone': [E],
  'KeyUnit.permits': [E, N, A],
  'Plot.reserveProjects': [E, N],
  'VacatedSite.permit': [E, N, A],
  'KeyUnit.obligations': ALL,
  'Plot.stageHistory': ALL,
  'Plot.plannedUse': ALL,
  'Plot.violations': ALL,
  'Plot.constructionPermitNo': ALL,
};

type Doc = { query: string; variables?: Record<string, unknown> };
interface Op {
  /** The operation on rows of fixture `f` (in the token's county, or another county). */
  doc: (f: Fixture) => Doc;
  /** Mutations change their fixture: each allowed agency gets a fresh one. */
  mutation?: boolean;
  /** What a row outside the scope looks like through this operation. */
  outside: 'null' | 'absent' | 'NOT_FOUND' | 'FORBIDDEN';
  /** For 'absent': the ids the answer lists. */
  ids?: (data: any) => string[];
  idOf?: (f: Fixture) => string;
}

const plotInput = (county: string) => ({ name: '新登记地块', countyCode: county, source: 'OTHER', identifiedOn: '2025-01-02' });

const OPS: Record<string, Op> = {
  me: { doc: () => ({ query: '{ me { agency } }' }), outside: 'null' },
  divisions: { doc: () => ({ query: '{ divisions { code } }' }), outside: 'null' },
  landUses: { doc: () => ({ query: '{ landUses { code } }' }), outside: 'null' },
  keyUnit: { doc: (f) => ({ query: 'query($id: ID) { keyUnit(id: $id) { id name } }', variables: { id: f.keyUnitId } }), outside: 'null' },
  keyUnits: { doc: () => ({ query: '{ keyUnits(first: 500) { totalCount nodes { id } } }' }), outside: 'absent', ids: (d) => d.keyUnits.nodes.map((n: any) => n.id), idOf: (f) => f.keyUnitId },
  dischargePermit: { doc: (f) => ({ query: 'query($id: ID) { dischargePermit(id: $id) { id } }', variables: { id: f.permitId } }), outside: 'null' },
  dischargePermits: { doc: () => ({ query: '{ dischargePermits(first: 500) { nodes { id } } }' }), outside: 'absent', ids: (d) => d.dischargePermits.nodes.map((n: any) => n.id), idOf: (f) => f.permitId },
  plot: { doc: (f) => ({ query: 'query($id: ID) { plot(id: $id) { id } }', variables: { id: f.plotId } }), outside: 'null' },
  plots: { doc: () => ({ query: '{ plots(first: 500) { nodes { id } } }' }), outside: 'absent', ids: (d) => d.plots.nodes.map((n: any) => n.id), idOf: (f) => f.plotId },
  vacatedSites: { doc: () => ({ query: '{ vacatedSites(first: 500) { nodes { id } } }' }), outside: 'absent', ids: (d) => d.vacatedSites.nodes.map((n: any) => n.id), idOf: (f) => f.siteId },
  reserveProjects: { doc: () => ({ query: '{ reserveProjects(first: 500) { nodes { id } } }' }), outside: 'absent', ids: (d) => d.reserveProjects.nodes.map((n: any) => n.id), idOf: (f) => f.projectId },
  violations: { doc: () => ({ query: '{ violations(first: 500) { nodes { id } } }' }), outside: 'absent', ids: (d) => d.violations.nodes.map((n: any) => n.id), idOf: (f) => f.violationId },
  obligations: { doc: () => ({ query: '{ obligations(asOf: "2025-06-30") { keyUnit { id } kind state } }' }), outside: 'absent', ids: (d) => d.obligations.map((o: any) => o.keyUnit.id), idOf: (f) => f.keyUnitId },
  plotsGeoJSON: { doc: () => ({ query: '{ plotsGeoJSON }' }), outside: 'absent', ids: (d) => d.plotsGeoJSON.features.map((x: any) => x.properties.plotCode), idOf: (f) => f.plotCode },
  changes: { doc: () => ({ query: '{ changes(first: 1000) { nodes { entity entityId } } }' }), outside: 'absent', ids: (d) => d.changes.nodes.filter((c: any) => c.entity === 'Plot').map((c: any) => c.entityId), idOf: (f) => f.plotId },
  jointDispatchReport: { doc: (f) => ({ query: 'query($d: ID!) { jointDispatchReport(quarter: "2025Q1", divisionCode: $d) { total { keyUnits } } }', variables: { d: f.county } }), outside: 'FORBIDDEN' },
  reserveTracker: { doc: (f) => ({ query: 'query($d: ID!) { reserveTracker(year: 2025, divisionCode: $d) { rows { projects } } }', variables: { d: f.county } }), outside: 'FORBIDDEN' },

  upsertKeyUnit: { mutation: true, outside: 'FORBIDDEN', doc: (f) => ({ query: 'mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }', variables: { i: { creditCode: creditCodeIn(f.county), name: '新单位', countyCode: f.county, industry: '化工', listedOn: '2025-01-01' } } }) },
  delistKeyUnit: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2025-01-01", expectedVersion: $v) { id } }', variables: { id: f.keyUnitId, v: f.keyUnitVersion } }) },
  recordHiddenDangerCheck: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!) { recordHiddenDangerCheck(keyUnitId: $id, completedOn: "2025-01-01", rectified: true) { id } }', variables: { id: f.keyUnitId } }) },
  recordMonitoring: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!) { recordMonitoring(keyUnitId: $id, kind: SELF_GROUNDWATER, year: 2025, sampledOn: "2025-03-01", exceedsScreening: false, beyondBoundary: false) { id } }', variables: { id: f.keyUnitId } }) },
  advancePlotStage: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { advancePlotStage(plotId: $id, to: UNDER_INVESTIGATION, effectiveOn: "2025-01-02", expectedVersion: $v) { stage } }', variables: { id: f.plotId, v: f.plotVersion } }) },
  rectifyViolation: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!) { rectifyViolation(id: $id, rectifiedOn: "2025-01-05", note: "已停工") { id } }', variables: { id: f.violationId } }) },
  createReserveProject: { mutation: true, outside: 'FORBIDDEN', doc: (f) => ({ query: 'mutation($i: ReserveProjectInput!) { createReserveProject(input: $i) { id } }', variables: { i: { name: '新项目', countyCode: f.county, category: 'OTHER', year: 2025 } } }) },
  updateReserveProject: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { updateReserveProject(id: $id, input: { stage: SUBMITTED, submittedOn: "2025-02-01" }, expectedVersion: $v) { id } }', variables: { id: f.projectId, v: f.projectVersion } }) },
  issuePermit: { mutation: true, outside: 'FORBIDDEN', doc: (f) => { const c = creditCodeIn(f.county); return { query: 'mutation($i: PermitInput!) { issuePermit(input: $i) { id } }', variables: { i: { permitNo: `${c}001P`, holderName: '新企业', creditCode: c, countyCode: f.county, industry: '化工', category: 'KEY', issuedOn: '2025-01-01', validUntil: '2029-12-31' } } }; } },
  endPermit: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { endPermit(id: $id, how: REVOKE, endedOn: "2025-01-01", reason: "违法", expectedVersion: $v) { id } }', variables: { id: f.permitId, v: f.permitVersion } }) },
  registerPlot: { mutation: true, outside: 'FORBIDDEN', doc: (f) => ({ query: 'mutation($i: PlotInput!) { registerPlot(input: $i) { id } }', variables: { i: plotInput(f.county) } }) },
  // On a plot of no key unit: the key unit's plot may not be re-planned before its investigation (法67, gate 5).
  planLandUse: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { planLandUse(plotId: $id, plannedUseCode: "0601", decidedOn: "2025-01-03", expectedVersion: $v) { id } }', variables: { id: f.plainPlotId, v: f.plainPlotVersion } }) },
  recordLandAction: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { recordLandAction(plotId: $id, action: RESERVE, decidedOn: "2025-01-03", expectedVersion: $v) { id } }', variables: { id: f.plotId, v: f.plotVersion } }) },
  recordVacatedSiteReserve: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { recordVacatedSiteReserve(id: $id, landReservedOn: "2025-01-04", expectedVersion: $v) { id } }', variables: { id: f.siteId, v: f.siteVersion } }) },
  issueConstructionPermit: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { issueConstructionPermit(plotId: $id, permitNo: "建字第001号", issuedOn: "2025-01-03", purpose: RISK_CONTROL_OR_REMEDIATION, expectedVersion: $v) { id } }', variables: { id: f.plotId, v: f.plotVersion } }) },
  reportConstructionStarted: { mutation: true, outside: 'NOT_FOUND', doc: (f) => ({ query: 'mutation($id: ID!, $v: Int!) { reportConstructionStarted(plotId: $id, startedOn: "2025-01-03", expectedVersion: $v) { id } }', variables: { id: f.plotId, v: f.plotVersion } }) },
  reportDiscoveredContamination: { mutation: true, outside: 'FORBIDDEN', doc: (f) => ({ query: 'mutation($i: PlotInput!) { reportDiscoveredContamination(input: $i, note: "施工中发现异味") { id } }', variables: { i: plotInput(f.county) } }) },
};

const INSIDE = '141181'; // 孝义市, the tokens' county
const OUTSIDE = '140702'; // 榆次区, another city

let t: TestApp;
const tokens: Record<string, string> = {};
let shared: { inside: Fixture; outside: Fixture };

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2025-06-30T12:00:00+08:00') });
  for (const a of ALL) tokens[a] = await t.token(a, INSIDE);
  tokens.ECO_CITY = await t.token(E, '141100');
  shared = { inside: await buildFixture(t.app, INSIDE), outside: await buildFixture(t.app, OUTSIDE) };
}, 120_000);
afterAll(async () => { await t.stop(); });

const run = (agency: string, d: Doc) => t.gql(agency in tokens ? tokens[agency] : agency, d.query, d.variables);

it('covers every operation of the contract', () => {
  const contract = require('fs').readFileSync(require('path').join(__dirname, '../../schema/contract.graphql'), 'utf8') as string;
  const ops = [...contract.matchAll(/^type (Query|Mutation) \{([\s\S]*?)^\}/gm)].flatMap((m) => [...m[2].matchAll(/^\s+(\w+)[(:]/gm)].map((x) => x[1]));
  expect(ops.filter((o) => !(o in OPS)).sort()).toEqual([]);
  expect(Object.keys(ALLOWED).sort()).toEqual(Object.keys(OPS).sort());
});

describe.each(Object.keys(OPS))('%s', (name) => {
  const op = OPS[name];

  it.each(ALL)('as %s on a row in scope', async (agency) => {
    const f = op.mutation && ALLOWED[name].includes(agency as Agency) ? await buildFixture(t.app, INSIDE) : shared.inside;
    const r = await run(agency, op.doc(f));
    if (ALLOWED[name].includes(agency as Agency)) {
      expect(r.errors).toBeUndefined();
      expect(r.data[name]).not.toBeNull();
    } else {
      expect(r.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(r.errors?.[0].path).toEqual([name]);
    }
  });

  const allowedAgencies = ALLOWED[name];
  if (op.outside === 'null' && !['me', 'divisions', 'landUses'].includes(name)) {
    it.each(allowedAgencies)('as %s: a row outside the scope is null', async (agency) => {
      const r = await run(agency, op.doc(shared.outside));
      expect(r.errors).toBeUndefined();
      expect(r.data[name]).toBeNull();
    });
  }
  if (op.outside === 'absent') {
    it.each(allowedAgencies)('as %s: rows outside the scope are absent, rows inside present', async (agency) => {
      const r = await run(agency, op.doc(shared.inside));
      expect(r.errors).toBeUndefined();
      const ids = op.ids!(r.data);
      expect(ids).toContain(op.idOf!(shared.inside));
      expect(ids).not.toContain(op.idOf!(shared.outside));
    });
  }
  if (op.outside === 'NOT_FOUND' || op.outside === 'FORBIDDEN') {
    it.each(allowedAgencies)(`as %s: outside the scope → ${op.outside}, nothing written`, async (agency) => {
      const f = op.mutation ? await buildFixture(t.app, OUTSIDE) : shared.outside;
      const before = await t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from change_log`);
      const r = await run(agency, op.doc(f));
      expect(r.errors?.[0].extensions.code).toBe(op.outside);
      const after = await t.app.orm.em.fork().getConnection().execute(`select count(*)::int as n from change_log`);
      expect(after[0].n).toBe(before[0].n);
    });
  }
});

describe('policy-controlled fields', () => {
  const QUERY = `query($k: ID, $p: ID) {
    keyUnit(id: $k) { id contactPhone permits { id } obligations { kind } }
    plot(id: $p) { id stageHistory { to } plannedUse { code } violations { id } constructionPermitNo reserveProjects { id } }
    vacatedSites(first: 100) { nodes { id permit { id } } }
  }`;
  const paths: Record<string, (errPath: string) => boolean> = {
    'KeyUnit.contactPhone': (p) => p === 'keyUnit.contactPhone',
    'KeyUnit.permits': (p) => p === 'keyUnit.permits',
    'KeyUnit.obligations': (p) => p === 'keyUnit.obligations',
    'Plot.stageHistory': (p) => p === 'plot.stageHistory',
    'Plot.plannedUse': (p) => p === 'plot.plannedUse',
    'Plot.violations': (p) => p === 'plot.violations',
    'Plot.constructionPermitNo': (p) => p === 'plot.constructionPermitNo',
    'Plot.reserveProjects': (p) => p === 'plot.reserveProjects',
    'VacatedSite.permit': (p) => /^vacatedSites\.nodes\.\d+\.permit$/.test(p),
  };

  it.each(ALL)('as %s', async (agency) => {
    const r = await run(agency, { query: QUERY, variables: { k: shared.inside.keyUnitId, p: shared.inside.plotId } });
    const denied = new Set((r.errors ?? []).map((e) => {
      expect(e.extensions.code).toBe('FORBIDDEN');
      return e.path!.join('.');
    }));
    for (const [field, allowed] of Object.entries(FIELD_ALLOWED)) {
      const hit = [...denied].some(paths[field]);
      if (allowed.includes(agency as Agency)) expect({ field, denied: hit }).toEqual({ field, denied: false });
      else expect({ field, denied: hit }).toEqual({ field, denied: true });
    }
    // The rest of the answer is intact.
    expect(r.data.keyUnit.id).toBe(shared.inside.keyUnitId);
    expect(r.data.plot.id).toBe(shared.inside.plotId);
  });
});

describe('auditLog (ECO at city or province scope only)', () => {
  it.each([
    ['ECO_CITY', 'ok'],
    [E, 'FORBIDDEN'], // county scope
    [N, 'FORBIDDEN'], [H, 'FORBIDDEN'], [A, 'FORBIDDEN'],
  ])('%s → %s', async (who, expected) => {
    const r = await run(who, { query: '{ auditLog(first: 5) { nodes { operation outcome } } }' });
    if (expected === 'ok') {
      expect(r.errors).toBeUndefined();
      expect(r.data.auditLog.nodes.length).toBeGreaterThan(0);
    } else expect(r.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('records refused writes with who tried what', async () => {
    await run(H, OPS.advancePlotStage.doc(shared.inside));
    const r = await run('ECO_CITY', { query: '{ auditLog(first: 1000, agency: HOUSING) { nodes { operation outcome clientName } } }' });
    expect(r.data.auditLog.nodes).toContainEqual({ operation: 'advancePlotStage', outcome: 'FORBIDDEN', clientName: `${H}@${INSIDE}` });
  });
});
