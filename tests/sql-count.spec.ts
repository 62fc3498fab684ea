/**
 * THE statement-count guard: a list query costs the same number of SQL statements for 5 rows as for 50,
 * whatever nested fields are selected (one statement per field per level, through the DataLoaders).
 * An N+1 anywhere below `plots` or `keyUnits` makes the 50-row count larger and fails here.
 */
import { REQUEST_TRANSACTION_STATEMENTS, startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { todayInShanghai } from '../src/validation/dates';
import { ok } from './helpers/assert';

let t: TestApp;
let eco: string;
let approvals: string;
let housing: string;
const N = 50;
const thisYear = Number(todayInShanghai().slice(0, 4));

const evidence = (no: string, on: string) => ({ documentNo: no, title: '土壤污染状况调查报告', issuedBy: '孝义市生态环境分局', issuedOn: on });

/** One key unit with a permit, a check, two monitoring records and a plot with four stage events (and every fifth a violation). */
async function seedOne(i: number) {
  const code = makeCreditCode(`91141181MA${String(i + 1).padStart(7, '0')}`);
  const unit = ok(await t.gql(eco, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id } }`, {
    input: { creditCode: code, name: `计数测试焦化厂${i}`, countyCode: '141181', industry: '焦化', listedOn: '2023-01-01' },
  })).upsertKeyUnit;
  ok(await t.gql(approvals, `mutation($input: PermitInput!) { issuePermit(input: $input) { id } }`, {
    input: { permitNo: `${code}001P`, holderName: `计数测试焦化厂${i}`, creditCode: code, countyCode: '141181', industry: '焦化', category: 'KEY', issuedOn: '2024-01-01', validUntil: '2028-12-31' },
  }));
  ok(await t.gql(eco, `mutation($k: ID!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: "2024-05-01", rectified: true) { id } }`, { k: unit.id }));
  for (const kind of ['SELF_SOIL', 'SELF_GROUNDWATER']) {
    ok(await t.gql(eco, `mutation($k: ID!, $kind: MonitoringKind!, $y: Int!, $on: Date!) { recordMonitoring(keyUnitId: $k, kind: $kind, year: $y, sampledOn: $on, exceedsScreening: false, beyondBoundary: false) { id } }`,
      { k: unit.id, kind, y: thisYear - 1, on: `${thisYear - 1}-06-01` }));
  }
  const plot = ok(await t.gql(eco, `mutation($input: PlotInput!) { registerPlot(input: $input) { id version } }`, {
    input: { name: `计数测试地块${i}`, countyCode: '141181', source: 'KEY_UNIT_LAND', keyUnitId: unit.id, identifiedOn: '2024-01-10' },
  })).registerPlot;
  const advance = `mutation($id: ID!, $to: PlotStage!, $on: Date!, $v: Int!, $e: EvidenceInput) { advancePlotStage(plotId: $id, to: $to, effectiveOn: $on, expectedVersion: $v, evidence: $e) { version } }`;
  let v = plot.version;
  v = ok(await t.gql(eco, advance, { id: plot.id, to: 'UNDER_INVESTIGATION', on: '2024-02-01', v })).advancePlotStage.version;
  v = ok(await t.gql(eco, advance, { id: plot.id, to: 'UNDER_RISK_ASSESSMENT', on: '2024-06-01', v, e: evidence(`DC-${i}`, '2024-05-20') })).advancePlotStage.version;
  v = ok(await t.gql(eco, advance, { id: plot.id, to: 'LISTED', on: '2024-09-01', v, e: evidence(`RA-${i}`, '2024-08-20') })).advancePlotStage.version;
  if (i % 5 === 0) {
    ok(await t.gql(housing, `mutation($id: ID!, $v: Int!) { reportConstructionStarted(plotId: $id, startedOn: "2024-10-01", expectedVersion: $v) { id } }`, { id: plot.id, v }));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  approvals = await t.token('APPROVALS', '141181', '孝义市行政审批服务管理局');
  housing = await t.token('HOUSING', '141181', '孝义市住房和城乡建设局');
  for (let i = 0; i < N; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => seedOne(i + k)));
}, 120_000);
afterAll(async () => { await t?.stop(); });

const PLOTS = `query($first: Int) { plots(first: $first) {
  totalCount
  pageInfo { hasNextPage endCursor }
  nodes {
    id plotCode stage investigationRequired
    county { name parent { name } }
    keyUnit { id creditCode permits { permitNo status } hiddenDangerChecks { id completedOn } }
    stageHistory { from to effectiveOn evidence { documentNo } }
    violations { id kind detectedOn }
  } } }`;

const KEY_UNITS = `query($first: Int) { keyUnits(first: $first) {
  totalCount
  pageInfo { hasNextPage endCursor }
  nodes {
    id creditCode inPermitManagement
    county { name }
    permits { permitNo status keyUnit { id } }
    plots { id stage }
    monitoringRecords { id kind }
    hiddenDangerChecks { id }
    obligations { kind state dueOn }
  } } }`;

async function measure(query: string, first: number) {
  const { result, statements, sql, roundTrips } = await t.countStatements(() => t.gql(eco, query, { first }));
  return { data: ok(result), statements, sql, roundTrips };
}

describe('the fixed cost of a request', () => {
  const ME = '{ me { clientName agency division { code name } } }';
  const expectedMe = { clientName: '孝义市生态环境分局', agency: 'ECO', division: { code: '141181', name: '孝义市' } };

  it('`me` with a known token, compiled: no statement at all (the principal from the cache, the answer built in node)', async () => {
    await t.gql(eco, '{ me { clientName } }');
    const { result, sql, roundTrips } = await t.countStatements(() => t.gql(eco, ME));
    expect(ok(result).me).toEqual(expectedMe);
    expect(sql).toEqual([]);
    expect(roundTrips).toBeLessThanOrEqual(1); // the rate limiter's claim, once per 60 requests here
  });

  it('`me` on the resolver path: the request transaction only — BEGIN carrying the scope, COMMIT — in two round trips', async () => {
    t.app.config.compiler = false;
    try {
      await t.gql(eco, '{ me { clientName } }');
      const { result, statements, sql, roundTrips } = await t.countStatements(() => t.gql(eco, ME));
      expect(ok(result).me).toEqual(expectedMe);
      expect(sql).toEqual(['BEGIN;', 'COMMIT;']);
      expect(statements).toBe(REQUEST_TRANSACTION_STATEMENTS);
      expect(roundTrips).toBeGreaterThanOrEqual(2);
      expect(roundTrips).toBeLessThanOrEqual(3); // the rate limiter's claim, once per 60 requests here
    } finally {
      t.app.config.compiler = true;
    }
  });
});

describe('statements per list query do not grow with the page size', () => {
  it(`plots(first: 5) and plots(first: ${N}) with keyUnit.permits, checks, stageHistory, violations, county, totalCount`, async () => {
    const five = await measure(PLOTS, 5);
    const fifty = await measure(PLOTS, N);
    console.log(`plots: first 5 → ${five.statements} statements, first ${N} → ${fifty.statements} statements`);
    if (five.statements !== fifty.statements) console.log(`5:\n${five.sql.map((q) => q.slice(0, 150)).join('\n')}\n50:\n${fifty.sql.map((q) => q.slice(0, 150)).join('\n')}`);

    // The data is all there, so the counts measure real work.
    expect(five.data.plots.nodes).toHaveLength(5);
    const nodes = fifty.data.plots.nodes;
    expect(nodes).toHaveLength(N);
    expect(fifty.data.plots.totalCount).toBe(N);
    for (const p of nodes) {
      expect(p.county).toEqual({ name: '孝义市', parent: { name: '吕梁市' } });
      expect(p.keyUnit.permits).toEqual([{ permitNo: `${p.keyUnit.creditCode}001P`, status: 'VALID' }]);
      expect(p.keyUnit.hiddenDangerChecks).toHaveLength(1);
      expect(p.stageHistory.map((e: { to: string }) => e.to)).toEqual(['SUSPECTED', 'UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED']);
    }
    expect(nodes.filter((p: { violations: unknown[] }) => p.violations.length === 1)).toHaveLength(N / 5);

    expect(fifty.statements).toBe(five.statements);
    // One per field per level, plus the request's transaction: anything near the row count is an N+1.
    expect(five.statements).toBeLessThanOrEqual(10 + REQUEST_TRANSACTION_STATEMENTS);
    // Each statement is one round trip (the scope setting rides with BEGIN); the token's row is cached. The
    // rate limiter's claim, once per 60 requests here, may fall into the measured request.
    expect(fifty.roundTrips).toBeGreaterThanOrEqual(fifty.statements);
    expect(fifty.roundTrips).toBeLessThanOrEqual(fifty.statements + 1);
  });

  it(`keyUnits(first: 5) and keyUnits(first: ${N}) with permits, plots, monitoringRecords, obligations, totalCount`, async () => {
    const five = await measure(KEY_UNITS, 5);
    const fifty = await measure(KEY_UNITS, N);
    console.log(`keyUnits: first 5 → ${five.statements} statements, first ${N} → ${fifty.statements} statements`);

    expect(five.data.keyUnits.nodes).toHaveLength(5);
    const nodes = fifty.data.keyUnits.nodes;
    expect(nodes).toHaveLength(N);
    expect(fifty.data.keyUnits.totalCount).toBe(N);
    for (const u of nodes) {
      expect(u.inPermitManagement).toBe(true);
      expect(u.permits).toEqual([{ permitNo: `${u.creditCode}001P`, status: 'VALID', keyUnit: { id: u.id } }]);
      expect(u.plots).toEqual([{ id: expect.any(String), stage: 'LISTED' }]);
      expect(u.monitoringRecords).toHaveLength(2);
      expect(u.obligations).toEqual(expect.arrayContaining([{ kind: 'PERMIT_COVERAGE', state: 'MET', dueOn: null }, { kind: 'HIDDEN_DANGER_CHECK', state: 'MET', dueOn: null }]));
    }

    expect(fifty.statements).toBe(five.statements);
    expect(five.statements).toBeLessThanOrEqual(10 + REQUEST_TRANSACTION_STATEMENTS);
  });

  it('a second page costs the same as the first', async () => {
    const first = await measure(PLOTS, 5);
    const { result, statements } = await t.countStatements(() => t.gql(eco, `query($after: String) { plots(first: 5, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id plotCode stage investigationRequired county { name parent { name } }
        keyUnit { id creditCode permits { permitNo status } hiddenDangerChecks { id completedOn } }
        stageHistory { from to effectiveOn evidence { documentNo } } violations { id kind detectedOn } } } }`, { after: first.data.plots.pageInfo.endCursor }));
    expect(ok(result).plots.nodes).toHaveLength(5);
    expect(statements).toBe(first.statements);
  });
});
