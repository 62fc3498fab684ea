/**
 * Key-unit duties as RULES.md §6 corrects them (issue 14 parts 1, 2 and 5), story by story through the GraphQL
 * API with each agency's token (ECO writes key units; APPROVALS issues and ends permits; NATURAL_RESOURCES,
 * HOUSING and APPROVALS read duties and may not write key units), every state read `duties(asOf)` at dates:
 * listing periods (listed, delisted, listed again) read as of a date; a listing date not moved in or out of an
 * ended quarter; HIDDEN_DANGER_CHECK after the listing with the city's deadline and repeat cycle;
 * HIDDEN_DANGER_RECTIFICATION from the check's own deadline; SELF_MONITORING in the listing year; EXCEEDANCE_FOLLOW_UP;
 * PERMIT_COVERAGE without registrations; DIRECTORY_UPDATE after a closure instead of PERMIT_COVERAGE and
 * SELF_MONITORING; ONE_PLANT_ONE_POLICY met by its policy, without the first edition's 180 days. The quarterly
 * report's key-unit cells for past quarters against hand-computed values, before and after later edits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { ok, refused } from './helpers/assert';

jest.setTimeout(240_000);

/** Today is 2025-11-15: 2025 Q3 and every earlier quarter have ended. */
const NOW = () => new Date('2025-11-15T12:00:00+08:00');
const XY = '141181'; // 孝义市: the duty stories
const FY = '141182'; // 汾阳市: the report's units only

let t: TestApp;
const tok: Record<string, string> = {};
let serial = 0;

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  tok.eco = await t.token('ECO', XY, '孝义市生态环境分局');
  tok.ecoFY = await t.token('ECO', FY, '汾阳市生态环境分局');
  tok.nr = await t.token('NATURAL_RESOURCES', XY, '孝义市自然资源局');
  tok.nrFY = await t.token('NATURAL_RESOURCES', FY, '汾阳市自然资源局');
  tok.housing = await t.token('HOUSING', XY, '孝义市住房和城乡建设局');
  tok.approvals = await t.token('APPROVALS', XY, '孝义市行政审批服务管理局');
  tok.approvalsFY = await t.token('APPROVALS', FY, '汾阳市行政审批服务管理局');
});
afterAll(async () => { await t?.stop(); });

const gql = async (token: string, query: string, variables?: Record<string, unknown>) => ok(await t.gql(token, query, variables));

const UNIT = `id listedOn delistedOn status version listings { listedOn listingDocument delistedOn delistingDocument }`;
async function unit(county: string, listedOn: string, token = county === XY ? tok.eco : tok.ecoFY, app = t) {
  const code = makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);
  const u = ok(await app.gql(token, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { ${UNIT} creditCode } }`, {
    i: { creditCode: code, name: `重点单位测试${serial}`, countyCode: county, industry: '焦化', listedOn },
  })).upsertKeyUnit;
  return u as { id: string; creditCode: string; version: number; listedOn: string };
}
const readUnit = async (id: string, token = tok.eco) => (await gql(token, `query($id: ID) { keyUnit(id: $id) { ${UNIT} } }`, { id })).keyUnit;

async function permit(u: { creditCode: string }, county: string, category: string, issuedOn: string, validUntil: string, token = county === XY ? tok.approvals : tok.approvalsFY) {
  return (await gql(token, `mutation($i: PermitInput!) { issuePermit(input: $i) { id version } }`, {
    i: { permitNo: `${u.creditCode}${String(++serial % 1000).padStart(3, '0')}P`, holderName: '测试', creditCode: u.creditCode, countyCode: county, industry: '焦化', category, issuedOn, validUntil },
  })).issuePermit as { id: string; version: number };
}
async function endPermit(p: { id: string; version: number }, endedOn: string, reasonCategory: string, token = tok.approvals) {
  return gql(token, `mutation($id: ID!, $on: Date!, $v: Int!, $c: PermitEndReason) { endPermit(id: $id, how: CANCEL, endedOn: $on, reason: "测试注销", expectedVersion: $v, reasonCategory: $c) { id } }`,
    { id: p.id, on: endedOn, v: p.version, c: reasonCategory });
}
const check = (k: string, on: string, extra: Record<string, unknown> = {}, token = tok.eco) =>
  t.gql(token, `mutation($k: ID!, $on: Date!, $r: Boolean!, $h: Boolean, $dl: Date, $f: String) {
    recordHiddenDangerCheck(keyUnitId: $k, completedOn: $on, rectified: $r, hazardsFound: $h, rectificationDeadline: $dl, findings: $f) { id completedOn rectified hazardsFound rectificationDeadline rectifiedOn } }`,
  { k, on, r: false, ...extra });
const monitor = (k: string, kind: string, year: number, on: string, exceeds = false, beyond = false, token = tok.eco) =>
  t.gql(token, `mutation($k: ID!, $kind: MonitoringKind!, $y: Int!, $on: Date!, $e: Boolean!, $b: Boolean!) {
    recordMonitoring(keyUnitId: $k, kind: $kind, year: $y, sampledOn: $on, exceedsScreening: $e, beyondBoundary: $b) { id } }`,
  { k, kind, y: year, on, e: exceeds, b: beyond });

interface D { kind: string; state: string; dueOn: string | null; detail: string | null; obligor: string }
/** The duties of one key unit at a date, by the `duties` query with `token` (kind, state, dueOn, detail, obligor). */
async function dutiesOf(id: string, asOf: string, token = tok.eco, app = t): Promise<D[]> {
  const r = ok(await app.gql(token, `query($on: Date) { duties(subject: KEY_UNIT, asOf: $on) { kind state dueOn detail obligor keyUnit { id } } }`, { on: asOf })).duties;
  return r.filter((d: any) => d.keyUnit.id === id).map(({ keyUnit: _k, ...d }: any) => d);
}
const kinds = async (id: string, asOf: string, kind: string, token = tok.eco, app = t) =>
  (await dutiesOf(id, asOf, token, app)).filter((d) => d.kind === kind).map((d) => [d.state, d.dueOn]);

describe('listing periods: listed, delisted, listed again, each with its batch document', () => {
  it('re-lists a delisted unit (LISTED, listedOn after delistedOn is gone), reads each period as of a date, and its duties restart', async () => {
    const u = await unit(XY, '2024-01-10');
    ok(await check(u.id, '2024-03-01', { r: true }));
    let v = (await readUnit(u.id)).version;
    const d = await gql(tok.eco, `mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2024-08-20", expectedVersion: $v, batchDocument: "孝环函〔2024〕31号") { ${UNIT} } }`, { id: u.id, v });
    expect(d.delistKeyUnit).toMatchObject({ status: 'DELISTED', delistedOn: '2024-08-20' });
    v = d.delistKeyUnit.version;
    // Only a delisted unit, only after its delisting, only by ECO.
    refused(await t.gql(tok.eco, `mutation($id: ID!, $v: Int!) { relistKeyUnit(id: $id, listedOn: "2024-08-20", batchDocument: "孝环函〔2025〕2号", expectedVersion: $v) { id } }`, { id: u.id, v }), 'BAD_USER_INPUT', 'listedOn');
    for (const token of [tok.nr, tok.housing, tok.approvals]) {
      refused(await t.gql(token, `mutation($id: ID!, $v: Int!) { relistKeyUnit(id: $id, listedOn: "2025-02-01", batchDocument: "x", expectedVersion: $v) { id } }`, { id: u.id, v }), 'FORBIDDEN');
    }
    const r = (await gql(tok.eco, `mutation($id: ID!, $v: Int!) { relistKeyUnit(id: $id, listedOn: "2025-02-01", batchDocument: "孝环函〔2025〕2号", expectedVersion: $v) { ${UNIT} } }`, { id: u.id, v })).relistKeyUnit;
    expect(r).toMatchObject({ status: 'LISTED', listedOn: '2025-02-01', delistedOn: null, version: v + 1 });
    expect(r.listings).toEqual([
      { listedOn: '2024-01-10', listingDocument: null, delistedOn: '2024-08-20', delistingDocument: '孝环函〔2024〕31号' },
      { listedOn: '2025-02-01', listingDocument: '孝环函〔2025〕2号', delistedOn: null, delistingDocument: null },
    ]);
    refused(await t.gql(tok.eco, `mutation($id: ID!, $v: Int!) { relistKeyUnit(id: $id, listedOn: "2025-03-01", batchDocument: "x", expectedVersion: $v) { id } }`, { id: u.id, v: r.version }), 'BAD_USER_INPUT', 'id');
    // Every agency reads the periods.
    for (const token of [tok.nr, tok.housing, tok.approvals]) expect((await readUnit(u.id, token)).listings).toHaveLength(2);

    // As of dates: listed in the first period, nothing while delisted, the second period from its own listing.
    expect(await kinds(u.id, '2024-06-30', 'HIDDEN_DANGER_CHECK')).toEqual([['MET', null]]);
    expect(await dutiesOf(u.id, '2024-10-01')).toEqual([]);
    // The check of 2024-03-01 was in the first period: the second owes its own, by one year after 2025-02-01.
    expect(await kinds(u.id, '2025-03-31', 'HIDDEN_DANGER_CHECK')).toEqual([['DUE', '2026-02-01']]);
    for (const token of [tok.nr, tok.housing, tok.approvals]) expect(await kinds(u.id, '2025-03-31', 'HIDDEN_DANGER_CHECK', token)).toEqual([['DUE', '2026-02-01']]);
  });
});

describe('HIDDEN_DANGER_CHECK', () => {
  it('a check from years before the listing does not count: OVERDUE one year after listing', async () => {
    const u = await unit(XY, '2024-06-01');
    ok(await check(u.id, '2021-05-01', { r: true }));
    expect(await kinds(u.id, '2025-05-31', 'HIDDEN_DANGER_CHECK')).toEqual([['DUE', '2025-06-01']]);
    expect(await kinds(u.id, '2025-06-02', 'HIDDEN_DANGER_CHECK', tok.nr)).toEqual([['OVERDUE', '2025-06-01']]);
    ok(await check(u.id, '2025-07-01', { r: true }));
    expect(await kinds(u.id, '2025-07-01', 'HIDDEN_DANGER_CHECK', tok.housing)).toEqual([['MET', null]]);
    expect(await kinds(u.id, '2025-06-30', 'HIDDEN_DANGER_CHECK', tok.approvals)).toEqual([['OVERDUE', '2025-06-01']]);
  });

  it('with the Xiaoyi rule (31 December of the listing year) and a two-year cycle: due at year end, again two years after the last check', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    const file = path.join(dir, 'city-rules.json');
    fs.writeFileSync(file, JSON.stringify({ hiddenDangerCheck: { deadline: 'END_OF_LISTING_YEAR', repeatEveryYears: 2 }, onePlantOnePolicy: { deadlineDays: 100 } }));
    const t2 = await startTestApp({ now: NOW, config: { cityRulesFile: file } as never });
    try {
      const eco = await t2.token('ECO', XY);
      const nr = await t2.token('NATURAL_RESOURCES', XY);
      const u = await unit(XY, '2023-03-01', eco, t2);
      expect(await kinds(u.id, '2023-12-31', 'HIDDEN_DANGER_CHECK', nr, t2)).toEqual([['DUE', '2023-12-31']]);
      expect(await kinds(u.id, '2024-01-01', 'HIDDEN_DANGER_CHECK', nr, t2)).toEqual([['OVERDUE', '2023-12-31']]);
      ok(await t2.gql(eco, `mutation($k: ID!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: "2024-02-01", rectified: true) { id } }`, { k: u.id }));
      const hdc = async (on: string) => (await dutiesOf(u.id, on, nr, t2)).filter((d) => d.kind === 'HIDDEN_DANGER_CHECK').map((d) => [d.state, d.dueOn, d.detail]);
      expect(await hdc('2026-02-01')).toEqual([['MET', null, 'next check due 2026-02-01']]);
      expect(await hdc('2024-01-31')).toEqual([['OVERDUE', '2023-12-31', null]]);
      // ONE_PLANT_ONE_POLICY with a city deadline of 100 days.
      ok(await t2.gql(eco, `mutation($k: ID!) { recordMonitoring(keyUnitId: $k, kind: SURROUNDING_SOIL, year: 2025, sampledOn: "2025-03-01", exceedsScreening: true, beyondBoundary: true) { id } }`, { k: u.id }));
      expect(await kinds(u.id, '2025-06-09', 'ONE_PLANT_ONE_POLICY', nr, t2)).toEqual([['DUE', '2025-06-09']]);
      expect(await kinds(u.id, '2025-06-10', 'ONE_PLANT_ONE_POLICY', nr, t2)).toEqual([['OVERDUE', '2025-06-09']]);
    } finally {
      await t2.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('HIDDEN_DANGER_RECTIFICATION', () => {
  it('DUE until the check\'s own rectification deadline, OVERDUE after, MET once the rectification is recorded', async () => {
    const u = await unit(XY, '2025-01-15');
    refused(await check(u.id, '2025-03-01', { h: true }), 'BAD_USER_INPUT', 'rectificationDeadline');
    refused(await check(u.id, '2025-03-01', { h: true, dl: '2025-06-30' }, tok.nr), 'FORBIDDEN');
    const c = ok(await check(u.id, '2025-03-01', { h: true, dl: '2025-06-30', f: '储罐区防渗层破损' })).recordHiddenDangerCheck;
    expect(c).toMatchObject({ rectified: false, hazardsFound: true, rectificationDeadline: '2025-06-30', rectifiedOn: null });
    // The check itself meets HIDDEN_DANGER_CHECK; its hazards are a duty of their own.
    expect(await kinds(u.id, '2025-03-01', 'HIDDEN_DANGER_CHECK')).toEqual([['MET', null]]);
    expect(await kinds(u.id, '2025-02-28', 'HIDDEN_DANGER_RECTIFICATION')).toEqual([]);
    expect(await kinds(u.id, '2025-06-30', 'HIDDEN_DANGER_RECTIFICATION', tok.nr)).toEqual([['DUE', '2025-06-30']]);
    expect(await kinds(u.id, '2025-07-01', 'HIDDEN_DANGER_RECTIFICATION', tok.housing)).toEqual([['OVERDUE', '2025-06-30']]);
    refused(await t.gql(tok.approvals, `mutation($c: ID!) { recordRectification(checkId: $c, rectifiedOn: "2025-08-01") { id } }`, { c: c.id }), 'FORBIDDEN');
    refused(await t.gql(tok.eco, `mutation($c: ID!) { recordRectification(checkId: $c, rectifiedOn: "2025-02-01") { id } }`, { c: c.id }), 'BAD_USER_INPUT', 'rectifiedOn');
    const r = (await gql(tok.eco, `mutation($c: ID!) { recordRectification(checkId: $c, rectifiedOn: "2025-08-01") { rectified rectifiedOn } }`, { c: c.id })).recordRectification;
    expect(r).toEqual({ rectified: true, rectifiedOn: '2025-08-01' });
    expect(await kinds(u.id, '2025-07-31', 'HIDDEN_DANGER_RECTIFICATION', tok.approvals)).toEqual([['OVERDUE', '2025-06-30']]);
    expect(await kinds(u.id, '2025-08-01', 'HIDDEN_DANGER_RECTIFICATION', tok.approvals)).toEqual([['MET', null]]);
  });
});

describe('SELF_MONITORING in the listing year', () => {
  it('a unit listed on 1 March owes that year\'s records: DUE until 31 December, OVERDUE the next year', async () => {
    const u = await unit(XY, '2024-03-01');
    expect(await kinds(u.id, '2024-06-30', 'SELF_MONITORING', tok.nr)).toEqual([['DUE', '2024-12-31']]);
    expect(await kinds(u.id, '2025-02-01', 'SELF_MONITORING', tok.housing)).toEqual([['OVERDUE', '2024-12-31']]);
  });

  it('a unit listed within the year\'s last 90 days owes nothing that year', async () => {
    const u = await unit(XY, '2024-11-01');
    expect(await kinds(u.id, '2024-12-01', 'SELF_MONITORING')).toEqual([]);
    expect(await kinds(u.id, '2025-02-01', 'SELF_MONITORING', tok.approvals)).toEqual([['DUE', '2025-12-31']]);
  });
});

describe('EXCEEDANCE_FOLLOW_UP', () => {
  it('a self-monitoring record over the screening values opens it; MET when the follow-up is recorded', async () => {
    const u = await unit(XY, '2025-01-20');
    const clean = ok(await monitor(u.id, 'SELF_GROUNDWATER', 2025, '2025-04-02')).recordMonitoring;
    const over = ok(await monitor(u.id, 'SELF_SOIL', 2025, '2025-04-01', true)).recordMonitoring;
    const FU = `mutation($m: ID!, $on: Date!) { recordExceedanceFollowUp(monitoringRecordId: $m, recordedOn: $on, cause: "焦油渗漏", measures: "更换防渗膜并加密监测") { followUpOn followUpCause followUpMeasures } }`;
    expect(await kinds(u.id, '2025-04-15', 'EXCEEDANCE_FOLLOW_UP', tok.nr)).toEqual([['DUE', null]]);
    refused(await t.gql(tok.eco, FU, { m: clean.id, on: '2025-05-01' }), 'BAD_USER_INPUT', 'monitoringRecordId');
    refused(await t.gql(tok.housing, FU, { m: over.id, on: '2025-05-01' }), 'FORBIDDEN');
    expect((await gql(tok.eco, FU, { m: over.id, on: '2025-05-01' })).recordExceedanceFollowUp).toEqual({ followUpOn: '2025-05-01', followUpCause: '焦油渗漏', followUpMeasures: '更换防渗膜并加密监测' });
    expect(await kinds(u.id, '2025-04-30', 'EXCEEDANCE_FOLLOW_UP', tok.approvals)).toEqual([['DUE', null]]);
    expect(await kinds(u.id, '2025-05-01', 'EXCEEDANCE_FOLLOW_UP', tok.approvals)).toEqual([['MET', null]]);
  });
});

describe('PERMIT_COVERAGE and DIRECTORY_UPDATE', () => {
  it('a 排污登记 (REGISTRATION) is not a discharge permit', async () => {
    const u = await unit(XY, '2025-01-05');
    await permit(u, XY, 'REGISTRATION', '2025-01-01', '2029-12-31');
    const [p] = (await dutiesOf(u.id, '2025-03-31', tok.nr)).filter((d) => d.kind === 'PERMIT_COVERAGE');
    expect(p).toMatchObject({ state: 'OVERDUE', detail: 'a 排污登记 registration is not a discharge permit' });
    await permit(u, XY, 'SIMPLIFIED', '2025-04-01', '2030-03-30');
    expect(await kinds(u.id, '2025-04-01', 'PERMIT_COVERAGE', tok.housing)).toEqual([['MET', null]]);
  });

  it('a closed plant (permit ended for CLOSURE_RELOCATION) owes DIRECTORY_UPDATE instead of PERMIT_COVERAGE and SELF_MONITORING, MET once delisted', async () => {
    const u = await unit(XY, '2020-06-01');
    ok(await check(u.id, '2020-09-01', { r: true }));
    const p = await permit(u, XY, 'KEY', '2021-01-01', '2025-12-31');
    await endPermit(p, '2025-03-01', 'CLOSURE_RELOCATION');
    const before = await dutiesOf(u.id, '2025-02-28');
    expect(before.map((d) => d.kind).sort()).toEqual(['HIDDEN_DANGER_CHECK', 'PERMIT_COVERAGE', 'SELF_MONITORING']);
    const closed = await dutiesOf(u.id, '2025-09-30', tok.nr);
    expect(closed.map((d) => [d.kind, d.state, d.obligor])).toEqual([['HIDDEN_DANGER_CHECK', 'MET', 'KEY_UNIT'], ['DIRECTORY_UPDATE', 'DUE', 'BUREAU']]);
    const v = (await readUnit(u.id)).version;
    ok(await t.gql(tok.eco, `mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2025-10-10", expectedVersion: $v, batchDocument: "孝环函〔2025〕40号") { id } }`, { id: u.id, v }));
    expect((await dutiesOf(u.id, '2025-10-10', tok.approvals)).map((d) => [d.kind, d.state])).toEqual([['DIRECTORY_UPDATE', 'MET']]);
    expect((await dutiesOf(u.id, '2025-10-09', tok.housing)).map((d) => [d.kind, d.state])).toEqual([['HIDDEN_DANGER_CHECK', 'MET'], ['DIRECTORY_UPDATE', 'DUE']]);
  });

  it('a permit ended for another reason (production halt) leaves PERMIT_COVERAGE OVERDUE and no DIRECTORY_UPDATE', async () => {
    const u = await unit(XY, '2020-06-01');
    const p = await permit(u, XY, 'KEY', '2021-01-01', '2025-12-31');
    await endPermit(p, '2025-03-01', 'PRODUCTION_HALT');
    const ds = await dutiesOf(u.id, '2025-06-30', tok.nr);
    expect(ds.filter((d) => d.kind === 'PERMIT_COVERAGE').map((d) => d.state)).toEqual(['OVERDUE']);
    expect(ds.filter((d) => d.kind === 'DIRECTORY_UPDATE')).toEqual([]);
  });
});

describe('ONE_PLANT_ONE_POLICY', () => {
  it('DUE with no deadline once pollution is found beyond the boundary; MET by the unit\'s recorded policy', async () => {
    const u = await unit(XY, '2022-01-10');
    ok(await monitor(u.id, 'SURROUNDING_SOIL', 2024, '2024-09-01', true, true));
    expect(await dutiesOf(u.id, '2025-09-01', tok.nr).then((ds) => ds.filter((d) => d.kind === 'ONE_PLANT_ONE_POLICY')))
      .toEqual([{ kind: 'ONE_PLANT_ONE_POLICY', state: 'DUE', dueOn: null, detail: 'surrounding soil sampled 2024-09-01 found pollution beyond the boundary', obligor: 'KEY_UNIT' }]);
    const POLICY = `mutation($k: ID!, $d: EvidenceInput!, $on: Date!) { recordOnePlantOnePolicy(keyUnitId: $k, document: $d, recordedOn: $on) { id onePlantPolicy { documentNo } onePlantPolicyOn } }`;
    const doc = { documentNo: '孝环函〔2025〕9号', title: '一厂一策土壤污染风险管控方案', issuedBy: '孝义市生态环境分局', issuedOn: '2025-09-20' };
    refused(await t.gql(tok.nr, POLICY, { k: u.id, d: doc, on: '2025-10-01' }), 'FORBIDDEN');
    expect((await gql(tok.eco, POLICY, { k: u.id, d: doc, on: '2025-10-01' })).recordOnePlantOnePolicy)
      .toMatchObject({ onePlantPolicy: { documentNo: '孝环函〔2025〕9号' }, onePlantPolicyOn: '2025-10-01' });
    expect(await kinds(u.id, '2025-09-30', 'ONE_PLANT_ONE_POLICY', tok.housing)).toEqual([['DUE', null]]);
    expect(await kinds(u.id, '2025-10-01', 'ONE_PLANT_ONE_POLICY', tok.approvals)).toEqual([['MET', null]]);
  });
});

describe('the quarterly report reads listing periods as of the quarter end; a past quarter never changes', () => {
  const JD = `query($q: String!, $d: ID!) { jointDispatchReport(quarter: $q, divisionCode: $d) { rows { county { code } keyUnits keyUnitsOverdue } } }`;
  const cells = async (q: string, token = tok.nrFY) => {
    const row = (await gql(token, JD, { q, d: FY })).jointDispatchReport.rows.find((r: any) => r.county.code === FY);
    return [row.keyUnits, row.keyUnitsOverdue];
  };

  it('counts re-listed, closed, registration-only and new units by hand, before and after later edits', async () => {
    // R: listed 2024-01-10 with a permit and a check, delisted 2024-08-20, listed again 2025-02-01.
    const r = await unit(FY, '2024-01-10');
    await permit(r, FY, 'KEY', '2023-01-01', '2027-12-31');
    ok(await check(r.id, '2024-03-01', { r: true }, tok.ecoFY));
    // C: a coke plant listed 2020 with its check and records, closed 2025-03-01 (permit cancelled for closure).
    const c = await unit(FY, '2020-06-01');
    ok(await check(c.id, '2020-09-01', { r: true }, tok.ecoFY));
    const cp = await permit(c, FY, 'KEY', '2021-01-01', '2025-12-31');
    for (const y of [2023, 2024]) {
      ok(await monitor(c.id, 'SELF_SOIL', y, `${y}-05-01`, false, false, tok.ecoFY));
      ok(await monitor(c.id, 'SELF_GROUNDWATER', y, `${y}-05-02`, false, false, tok.ecoFY));
    }
    await endPermit(cp, '2025-03-01', 'CLOSURE_RELOCATION', tok.approvalsFY);
    // P: listed 2025-01-05 with a registration only: PERMIT_COVERAGE OVERDUE.
    const p = await unit(FY, '2025-01-05');
    await permit(p, FY, 'REGISTRATION', '2025-01-01', '2029-12-31');
    // E: listed 2025-05-10, no permit: PERMIT_COVERAGE OVERDUE.
    const e = await unit(FY, '2025-05-10');

    let v = (await readUnit(r.id, tok.ecoFY)).version;
    v = (await gql(tok.ecoFY, `mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2024-08-20", expectedVersion: $v) { version } }`, { id: r.id, v })).delistKeyUnit.version;
    ok(await t.gql(tok.ecoFY, `mutation($id: ID!, $v: Int!) { relistKeyUnit(id: $id, listedOn: "2025-02-01", batchDocument: "汾环函〔2025〕3号", expectedVersion: $v) { id } }`, { id: r.id, v }));

    // By hand: 2024Q2 R and C, none overdue (R: check MET, records DUE, permit MET; C: all MET).
    // 2024Q3: R delisted → C only. 2025Q1: R (check DUE till 2026-02-01), C (closed: DIRECTORY_UPDATE DUE), P (OVERDUE).
    // 2025Q2: R, C, P, E; P and E OVERDUE. (The first edition: C OVERDUE on PERMIT_COVERAGE from 2025-03-01, P MET.)
    const expected: Record<string, number[]> = { '2024Q2': [2, 0], '2024Q3': [1, 0], '2025Q1': [3, 1], '2025Q2': [4, 2], '2025Q3': [4, 2] };
    for (const [q, want] of Object.entries(expected)) expect([q, await cells(q)]).toEqual([q, want]);
    expect(await cells('2025Q2', tok.ecoFY)).toEqual([4, 2]);
    refused(await t.gql(tok.housing, JD, { q: '2025Q2', d: XY }), 'FORBIDDEN');

    // Later edits: E's listing date may not move out of (or C's into) an ended quarter; C leaves the directory in Q4.
    const edit = (u: { creditCode: string }, listedOn: string) => t.gql(tok.ecoFY, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id listedOn } }`,
      { i: { creditCode: u.creditCode, name: '改名后', countyCode: FY, industry: '焦化', listedOn } });
    refused(await edit(e, '2025-10-20'), 'BAD_USER_INPUT', 'input.listedOn');
    refused(await edit(c, '2025-04-01'), 'BAD_USER_INPUT', 'input.listedOn');
    ok(await edit(e, '2025-05-10')); // the same date: the other fields change
    const n = await unit(FY, '2025-10-01');
    expect((await gql(tok.ecoFY, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { listedOn listings { listedOn } } }`,
      { i: { creditCode: n.creditCode, name: '新单位', countyCode: FY, industry: '焦化', listedOn: '2025-10-08' } })).upsertKeyUnit)
      .toEqual({ listedOn: '2025-10-08', listings: [{ listedOn: '2025-10-08' }] });
    refused(await edit(n, '2025-09-30'), 'BAD_USER_INPUT', 'input.listedOn');
    const cv = (await readUnit(c.id, tok.ecoFY)).version;
    ok(await t.gql(tok.ecoFY, `mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2025-10-15", expectedVersion: $v) { id } }`, { id: c.id, v: cv }));
    for (const [q, want] of Object.entries(expected)) expect([q, await cells(q)]).toEqual([q, want]);
  });
});
