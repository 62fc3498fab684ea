/**
 * Bad input, exhaustively: property-based tests (fast-check) over every mutation's inputs and the filters.
 * Whatever a client sends, the answer is data or a contract error code — never INTERNAL_SERVER_ERROR — and
 * BAD_USER_INPUT always names the field. Text, including injection attempts, is stored and returned verbatim.
 */
import fc from 'fast-check';
import { startTestApp, TestApp } from '../helpers/app';
import { makeCreditCode } from '../../src/validation/uscc';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const CONTRACT_CODES = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'ILLEGAL_TRANSITION', 'PLOT_IN_DIRECTORY', 'INVESTIGATION_NOT_COMPLETED', 'TARGETS_NOT_MET', 'RESTRICTED_USE', 'QUERY_TOO_COMPLEX'];

let t: TestApp;
const tok: Record<string, string> = {};
let plot: { id: string; version: number };
let unit: { id: string };

beforeAll(async () => {
  t = await startTestApp({ config: { ratePerMinute: 0 } });
  for (const a of ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) tok[a] = await t.token(a, '141181');
  const r = await t.gql(tok.ECO, `mutation { registerPlot(input: { name: "模糊测试地块", countyCode: "141181", source: OTHER, identifiedOn: "2024-01-01" }) { id version } }`);
  plot = r.data.registerPlot;
  const u = await t.gql(tok.ECO, `mutation($c: String!) { upsertKeyUnit(input: { creditCode: $c, name: "模糊测试单位", countyCode: "141181", industry: "化工", listedOn: "2023-01-01" }) { id } }`, { c: makeCreditCode('91141181MA0FUZZ01'.replace('Z', '2').replace('Z', '2')) });
  unit = u.data.upsertKeyUnit;
}, 60_000);
afterAll(async () => { await t.stop(); });

/** Hostile strings: injection, unicode, control characters, very long, empty. */
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom("'; drop table plot; --", '" or 1=1 --', '<script>alert(1)</script>', '${jndi:ldap://x}', '%_\\', '\u0000', '\u202e反转', '𠀋𡈽𡌛', ' ', '', 'x'.repeat(600), '2025-02-30', '9'.repeat(40), '-1', '1e309', 'NaN'),
);
const dateLike = fc.oneof(hostile, fc.date({ min: new Date('1800-01-01'), max: new Date('3100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 1e12));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

function acceptable(r: { status: number; data?: any; errors?: any[] }): string | null {
  if (r.status >= 500) return `HTTP ${r.status}`;
  for (const e of r.errors ?? []) {
    const code = e.extensions?.code;
    if (!CONTRACT_CODES.includes(code)) return `code ${code}: ${e.message}`;
    if (code === 'BAD_USER_INPUT' && !e.extensions.field && !/^Expected value of type|^Enum /.test(e.message)) return `BAD_USER_INPUT without field: ${e.message}`;
  }
  return null;
}

const MUTATIONS: [string, string, string, fc.Arbitrary<Record<string, unknown>>][] = [
  ['ECO', 'upsertKeyUnit', 'mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id name } }',
    fc.record({ i: fc.record({ creditCode: hostile, name: hostile, countyCode: hostile, industry: hostile, address: maybe(hostile), listedOn: dateLike, contactPhone: maybe(hostile) }) })],
  ['ECO', 'recordHiddenDangerCheck', 'mutation($k: ID!, $d: Date!, $f: String, $r: Boolean!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: $d, findings: $f, rectified: $r) { id } }',
    fc.record({ k: fc.oneof(hostile, fc.constant('__unit__')), d: dateLike, f: maybe(hostile), r: fc.boolean() })],
  ['ECO', 'recordMonitoring', 'mutation($k: ID!, $y: Int!, $d: Date!) { recordMonitoring(keyUnitId: $k, kind: SELF_SOIL, year: $y, sampledOn: $d, exceedsScreening: false, beyondBoundary: true) { id } }',
    fc.record({ k: fc.oneof(hostile, fc.constant('__unit__')), y: fc.integer({ min: -5000, max: 5000 }), d: dateLike })],
  ['APPROVALS', 'issuePermit', 'mutation($i: PermitInput!) { issuePermit(input: $i) { id } }',
    fc.record({ i: fc.record({ permitNo: hostile, holderName: hostile, creditCode: hostile, countyCode: hostile, industry: hostile, category: fc.constant('KEY'), issuedOn: dateLike, validUntil: dateLike }) })],
  ['ECO', 'registerPlot', 'mutation($i: PlotInput!) { registerPlot(input: $i) { id name } }',
    fc.record({ i: fc.record({ name: hostile, countyCode: fc.oneof(hostile, fc.constant('141181')), source: fc.constant('OTHER'), address: maybe(hostile), areaM2: maybe(num),
      centroid: maybe(fc.record({ lon: num, lat: num })), boundary: maybe(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point'), coordinates: fc.anything() }))),
      industry: maybe(hostile), formerCreditCode: maybe(hostile), keyUnitId: maybe(hostile), currentUseCode: maybe(hostile), identifiedOn: maybe(dateLike) }) })],
  ['HOUSING', 'reportDiscoveredContamination', 'mutation($i: PlotInput!, $n: String!) { reportDiscoveredContamination(input: $i, note: $n) { id } }',
    fc.record({ i: fc.record({ name: hostile, countyCode: fc.oneof(hostile, fc.constant('141181')), source: fc.constant('DISCOVERED') }), n: hostile })],
  ['ECO', 'advancePlotStage', 'mutation($p: ID!, $d: Date!, $v: Int!, $e: EvidenceInput) { advancePlotStage(plotId: $p, to: BELOW_SCREENING, effectiveOn: $d, evidence: $e, expectedVersion: $v) { id } }',
    fc.record({ p: fc.oneof(hostile, fc.constant('__plot__')), d: dateLike, v: fc.integer({ min: -3, max: 5 }), e: maybe(fc.record({ documentNo: hostile, title: hostile, issuedBy: hostile, issuedOn: dateLike })) })],
  ['NATURAL_RESOURCES', 'planLandUse', 'mutation($p: ID!, $c: String!, $d: Date!, $y: Int, $v: Int!) { planLandUse(plotId: $p, plannedUseCode: $c, decidedOn: $d, supplyPlanYear: $y, expectedVersion: $v) { id } }',
    fc.record({ p: fc.oneof(hostile, fc.constant('__plot__')), c: fc.oneof(hostile, fc.constantFrom('0701', '0601', '07')), d: dateLike, y: maybe(fc.integer({ min: -10, max: 99999 })), v: fc.integer({ min: -3, max: 5 }) })],
  ['NATURAL_RESOURCES', 'recordLandAction', 'mutation($p: ID!, $d: Date!, $v: Int!) { recordLandAction(plotId: $p, action: SUPPLY, decidedOn: $d, expectedVersion: $v) { id } }',
    fc.record({ p: fc.oneof(hostile, fc.constant('__plot__')), d: dateLike, v: fc.integer({ min: -3, max: 5 }) })],
  ['HOUSING', 'issueConstructionPermit', 'mutation($p: ID!, $n: String!, $d: Date!, $v: Int!) { issueConstructionPermit(plotId: $p, permitNo: $n, issuedOn: $d, purpose: REGULAR, expectedVersion: $v) { id } }',
    fc.record({ p: fc.oneof(hostile, fc.constant('__plot__')), n: hostile, d: dateLike, v: fc.integer({ min: -3, max: 5 }) })],
  ['ECO', 'createReserveProject', 'mutation($i: ReserveProjectInput!) { createReserveProject(input: $i) { id } }',
    fc.record({ i: fc.record({ name: hostile, countyCode: fc.oneof(hostile, fc.constant('141181')), category: fc.constant('OTHER'), year: fc.integer({ min: -10, max: 99999 }),
      totalInvestment: maybe(hostile), centralFundsRequested: maybe(fc.oneof(hostile, fc.double().map(String))), plotIds: maybe(fc.array(hostile, { maxLength: 3 })), keyUnitIds: maybe(fc.array(hostile, { maxLength: 3 })) }) })],
  ['ECO', 'rectifyViolation', 'mutation($id: ID!, $d: Date!, $n: String!) { rectifyViolation(id: $id, rectifiedOn: $d, note: $n) { id } }',
    fc.record({ id: hostile, d: dateLike, n: hostile })],
  ['APPROVALS', 'endPermit', 'mutation($id: ID!, $d: Date!, $r: String!, $v: Int!) { endPermit(id: $id, how: CANCEL, endedOn: $d, reason: $r, expectedVersion: $v) { id } }',
    fc.record({ id: hostile, d: dateLike, r: hostile, v: fc.integer() })],
];

const substitute = (v: unknown): unknown =>
  v === '__plot__' ? plot.id : v === '__unit__' ? unit.id : Array.isArray(v) ? v.map(substitute) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x)])) : v;

describe.each(MUTATIONS)('%s %s never fails unexpectedly', (agency, _name, query, args) => {
  it('answers data or a contract error code, BAD_USER_INPUT with its field', async () => {
    await fc.assert(
      fc.asyncProperty(args, async (vars) => {
        const r = await t.gql(tok[agency], query, substitute(vars) as Record<string, unknown>);
        const problem = acceptable(r);
        if (problem) throw new Error(`${problem} for ${JSON.stringify(vars).slice(0, 300)}`);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('filters', () => {
  it('plots / keyUnits / dischargePermits filters never fail unexpectedly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ search: maybe(hostile), divisionCode: maybe(fc.oneof(hostile, fc.constantFrom('141181', '140000', '140700'))), first: maybe(fc.integer({ min: -5, max: 5000 })), after: maybe(hostile),
        near: maybe(fc.record({ lon: num, lat: num, radiusM: num })) }), async (f) => {
        const r = await t.gql(tok.NATURAL_RESOURCES, `query($s: String, $d: ID, $n: Int, $a: String, $near: NearInput) {
          plots(filter: { search: $s, divisionCode: $d, near: $near }, first: $n, after: $a) { totalCount nodes { id } }
          keyUnits(filter: { search: $s, divisionCode: $d }, first: $n, after: $a) { totalCount }
          dischargePermits(filter: { search: $s, divisionCode: $d }, first: $n, after: $a) { totalCount } }`,
        { s: f.search, d: f.divisionCode, n: f.first, a: f.after, near: f.near });
        const problem = acceptable(r);
        if (problem) throw new Error(`${problem} for ${JSON.stringify(f).slice(0, 300)}`);
      }),
      { numRuns: RUNS * 2 },
    );
  }, 120_000);
});

describe('text is stored and returned verbatim', () => {
  it('names with injection strings, quotes and unicode come back exactly', async () => {
    const safeText = fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), fc.constantFrom("'; drop table plot; --", 'O\'Brien "x" \\ %_', '<b>地块</b>', '𠀋𡈽 ♻️'))
      .filter((s) => s.trim() === s && s.length > 0 && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s));
    await fc.assert(
      fc.asyncProperty(safeText, async (name) => {
        const r = await t.gql(tok.ECO, `mutation($n: String!) { registerPlot(input: { name: $n, countyCode: "141181", source: OTHER }) { id name } }`, { n: name });
        expect(r.errors).toBeUndefined();
        expect(r.data.registerPlot.name).toBe(name);
        const back = await t.gql(tok.ECO, `query($id: ID) { plot(id: $id) { name } }`, { id: r.data.registerPlot.id });
        expect(back.data.plot.name).toBe(name);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
