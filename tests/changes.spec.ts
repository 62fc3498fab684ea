/**
 * The change feed (`changes`): every committed write appends its entities once, in commit order, with
 * who wrote it and the names of the fields written; a refused write appends nothing; polling with `after`
 * never misses or repeats; row scope and the policy table decide what each token sees.
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市
let ecoLiShi: string; // ECO 离石区
let ecoLvliang: string; // ECO 吕梁市
let approvals: string; // APPROVALS 孝义市
let nr: string; // NATURAL_RESOURCES 孝义市
let housing: string; // HOUSING 孝义市
const today = todayInShanghai();
const thisYear = Number(today.slice(0, 4));

const ECO = { agency: 'ECO', clientName: '孝义市生态环境分局' };
const APPROVALS = { agency: 'APPROVALS', clientName: '孝义市行政审批服务管理局' };
const NR = { agency: 'NATURAL_RESOURCES', clientName: '孝义市自然资源局' };
const HOUSING = { agency: 'HOUSING', clientName: '孝义市住房和城乡建设局' };

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', ECO.clientName);
  ecoLiShi = await t.token('ECO', '141102', '离石区生态环境分局');
  ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
  approvals = await t.token('APPROVALS', '141181', APPROVALS.clientName);
  nr = await t.token('NATURAL_RESOURCES', '141181', NR.clientName);
  housing = await t.token('HOUSING', '141181', HOUSING.clientName);
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

interface Change { cursor: string; at: string; agency: string; clientName: string; entity: string; entityId: string; action: string; fields: string[] }
const FEED = `query($after: String, $first: Int) { changes(after: $after, first: $first) {
  nodes { cursor at agency clientName entity entityId action fields } pageInfo { hasNextPage endCursor } } }`;

/** Every change after `after`, walking the feed to its end in pages of `size`. */
async function since(token: string, after: string | null, size = 1000): Promise<{ nodes: Change[]; cursor: string | null }> {
  const nodes: Change[] = [];
  let cursor = after;
  for (let guard = 0; guard < 1000; guard++) {
    const c = ok(await t.gql(token, FEED, { after: cursor, first: size })).changes;
    nodes.push(...c.nodes);
    cursor = c.pageInfo.endCursor;
    if (!c.pageInfo.hasNextPage) break;
  }
  return { nodes, cursor };
}
const head = async (token: string) => (await since(token, null)).cursor;

type Expected = { agency: string; clientName: string; entity: string; entityId: string; action: string; fields: string[] };
const strip = (c: Change) => ({ agency: c.agency, clientName: c.clientName, entity: c.entity, entityId: c.entityId, action: c.action, fields: [...c.fields].sort() });
const sorted = (e: Expected) => ({ ...e, fields: [...e.fields].sort() });

/** Runs `write` and checks that exactly `expected` was appended to `token`'s feed, in that order. */
async function appends<T>(token: string, write: () => Promise<T>, expected: (r: T) => Expected[]): Promise<T> {
  const before = await head(token);
  const result = await write();
  const { nodes } = await since(token, before);
  expect(nodes.map(strip)).toEqual(expected(result).map(sorted));
  for (const n of nodes) expect(n.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  return result;
}
async function appendsNothing(tokens: string[], write: () => Promise<unknown>) {
  const before = await Promise.all(tokens.map(head));
  await write();
  for (let i = 0; i < tokens.length; i++) expect((await since(tokens[i], before[i])).nodes).toEqual([]);
}

let serial = 0;
const newCode = (county = '141181') => makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);
const UPSERT = `mutation($input: KeyUnitInput!, $v: Int) { upsertKeyUnit(input: $input, expectedVersion: $v) { id creditCode version } }`;
const unitInput = (over: Record<string, unknown> = {}) => ({
  creditCode: newCode(), name: `变更测试焦化厂${serial}`, countyCode: '141181', industry: '焦化', address: '孝义市梧桐镇', listedOn: '2023-05-01', ...over,
});
const ISSUE = `mutation($input: PermitInput!) { issuePermit(input: $input) { id permitNo version } }`;
const permitInput = (creditCode: string, over: Record<string, unknown> = {}) => ({
  permitNo: `${creditCode}001P`, holderName: '变更测试企业', creditCode, countyCode: '141181', industry: '焦化', category: 'KEY', issuedOn: '2024-01-01', validUntil: '2028-12-31', ...over,
});
const END = `mutation($id: ID!, $v: Int!) { endPermit(id: $id, how: CANCEL, endedOn: "2025-09-01", reason: "关闭", expectedVersion: $v) { id vacatedSite { id plot { id } } } }`;
const REGISTER = `mutation($input: PlotInput!) { registerPlot(input: $input) { id version } }`;
const ADVANCE = `mutation($id: ID!, $to: PlotStage!, $on: Date!, $v: Int!, $e: EvidenceInput) { advancePlotStage(plotId: $id, to: $to, effectiveOn: $on, expectedVersion: $v, evidence: $e) { id version } }`;
const evidence = { documentNo: 'XY-2025-01', title: '土壤污染状况调查报告', issuedBy: '孝义市生态环境分局', issuedOn: '2025-03-01' };

const KEY_UNIT_CREATED = ['creditCode', 'name', 'county', 'industry', 'address', 'listedOn', 'status', 'listings'];
const PERMIT_CREATED = ['permitNo', 'holderName', 'creditCode', 'county', 'industry', 'category', 'issuedOn', 'validUntil', 'status'];
// Every new plot carries the reason its registration gives for investigating it (RULES.md §1).
const PLOT_CREATED = ['plotCode', 'name', 'county', 'source', 'stage', 'landStatus', 'investigationTriggers'];

// ───────────── every write, once, in order ─────────────

describe('successful writes append once, in order, with who and which fields', () => {
  it('upsertKeyUnit: CREATED with the fields given, UPDATED with only the fields changed, nothing when nothing changed', async () => {
    const input = unitInput({ contactPhone: '0358-7000000' });
    const u = await appends(eco, async () => ok(await t.gql(eco, UPSERT, { input })).upsertKeyUnit, (r) => [
      { ...ECO, entity: 'KeyUnit', entityId: r.id, action: 'CREATED', fields: [...KEY_UNIT_CREATED, 'contactPhone'] },
    ]);
    await appends(eco, async () => ok(await t.gql(eco, UPSERT, { input: { ...input, name: '变更测试改名焦化厂', address: null }, v: 1 })), () => [
      { ...ECO, entity: 'KeyUnit', entityId: u.id, action: 'UPDATED', fields: ['name', 'address'] },
    ]);
    await appends(eco, async () => ok(await t.gql(eco, UPSERT, { input: { ...input, name: '变更测试改名焦化厂', address: null } })), () => []);
  });

  it('upsertKeyUnit that links earlier permits: the unit, then each permit (field keyUnit)', async () => {
    const code = newCode();
    const p1 = ok(await t.gql(approvals, ISSUE, { input: permitInput(code) })).issuePermit;
    const p2 = ok(await t.gql(approvals, ISSUE, { input: permitInput(code, { permitNo: `${code}002P` }) })).issuePermit;
    await appends(eco, async () => ok(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: code }) })).upsertKeyUnit, (u) => [
      { ...ECO, entity: 'KeyUnit', entityId: u.id, action: 'CREATED', fields: KEY_UNIT_CREATED },
      { ...ECO, entity: 'DischargePermit', entityId: p1.id, action: 'UPDATED', fields: ['keyUnit'] },
      { ...ECO, entity: 'DischargePermit', entityId: p2.id, action: 'UPDATED', fields: ['keyUnit'] },
    ]);
  });

  it('delistKeyUnit, recordHiddenDangerCheck, recordMonitoring', async () => {
    const u = ok(await t.gql(eco, UPSERT, { input: unitInput() })).upsertKeyUnit;
    await appends(eco, async () => ok(await t.gql(eco, `mutation($k: ID!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: "2024-04-01", findings: "无", rectified: true) { id } }`, { k: u.id })).recordHiddenDangerCheck,
      (c) => [{ ...ECO, entity: 'HiddenDangerCheck', entityId: c.id, action: 'CREATED', fields: ['keyUnit', 'completedOn', 'findings', 'rectified', 'hazardsFound'] }]);
    await appends(eco, async () => ok(await t.gql(eco, `mutation($k: ID!, $y: Int!, $on: Date!) { recordMonitoring(keyUnitId: $k, kind: SELF_SOIL, year: $y, sampledOn: $on, exceedsScreening: false, beyondBoundary: false) { id } }`, { k: u.id, y: thisYear, on: today })).recordMonitoring,
      (m) => [{ ...ECO, entity: 'MonitoringRecord', entityId: m.id, action: 'CREATED', fields: ['keyUnit', 'kind', 'year', 'sampledOn', 'exceedsScreening', 'beyondBoundary'] }]);
    await appends(eco, async () => ok(await t.gql(eco, `mutation($id: ID!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: "2025-01-31", expectedVersion: $v) { id } }`, { id: u.id, v: u.version })),
      () => [{ ...ECO, entity: 'KeyUnit', entityId: u.id, action: 'UPDATED', fields: ['status', 'delistedOn'] }]);
  });

  it('issuePermit and endPermit: the permit, then the plot, then the vacated site', async () => {
    const code = newCode();
    const unit = ok(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: code }) })).upsertKeyUnit;
    const p = await appends(approvals, async () => ok(await t.gql(approvals, ISSUE, { input: permitInput(code) })).issuePermit, (r) => [
      { ...APPROVALS, entity: 'DischargePermit', entityId: r.id, action: 'CREATED', fields: [...PERMIT_CREATED, 'keyUnit'] },
    ]);
    expect(unit.id).toBeDefined();
    await appends(approvals, async () => ok(await t.gql(approvals, END, { id: p.id, v: p.version })).endPermit, (e) => [
      { ...APPROVALS, entity: 'DischargePermit', entityId: p.id, action: 'UPDATED', fields: ['status', 'endedOn', 'endReason', 'endReasonCategory'] },
      { ...APPROVALS, entity: 'Plot', entityId: e.vacatedSite.plot.id, action: 'CREATED', fields: [...PLOT_CREATED, 'address', 'industry', 'formerEnterprise', 'formerCreditCode', 'keyUnit'] },
      { ...APPROVALS, entity: 'VacatedSite', entityId: e.vacatedSite.id, action: 'CREATED', fields: ['county', 'enterpriseName', 'creditCode', 'industry', 'permit', 'vacatedOn', 'demolitionReportFiled', 'plot', 'status'] },
    ]);
  });

  it('registerPlot, advancePlotStage (with the vacated site following), planLandUse, recordLandAction', async () => {
    const plot = await appends(eco, async () => ok(await t.gql(eco, REGISTER, { input: { name: '变更测试地块', countyCode: '141181', source: 'OTHER', centroid: { lon: 111.78, lat: 37.14 }, identifiedOn: '2025-01-02' } })).registerPlot,
      (r) => [{ ...ECO, entity: 'Plot', entityId: r.id, action: 'CREATED', fields: [...PLOT_CREATED, 'centroid'] }]);
    const v2 = await appends(eco, async () => ok(await t.gql(eco, ADVANCE, { id: plot.id, to: 'UNDER_INVESTIGATION', on: '2025-02-01', v: plot.version })).advancePlotStage,
      () => [{ ...ECO, entity: 'Plot', entityId: plot.id, action: 'STAGE_CHANGED', fields: ['stage', 'stageHistory'] }]);
    const v3 = await appends(nr, async () => ok(await t.gql(nr, `mutation($id: ID!, $v: Int!) { planLandUse(plotId: $id, plannedUseCode: "0701", decidedOn: "2025-03-01", supplyPlanYear: 2027, expectedVersion: $v) { id version } }`, { id: plot.id, v: v2.version })).planLandUse,
      // A 一住两公 plan of land in no 一住两公 use raises USE_CHANGE (RULES.md §1): the feed names the triggers too.
      () => [{ ...NR, entity: 'Plot', entityId: plot.id, action: 'UPDATED', fields: ['plannedUse', 'landStatus', 'supplyPlanYear', 'investigationTriggers'] }]);
    await appends(nr, async () => ok(await t.gql(nr, `mutation($id: ID!, $v: Int!) { recordLandAction(plotId: $id, action: RESERVE, decidedOn: "2025-03-05", expectedVersion: $v) { id } }`, { id: plot.id, v: v3.version })),
      () => [{ ...NR, entity: 'Plot', entityId: plot.id, action: 'UPDATED', fields: ['landStatus'] }]);

    // A vacated site's plot: the site's status follows the stage, in the same write.
    const code = newCode();
    const p = ok(await t.gql(approvals, ISSUE, { input: permitInput(code, { industry: '化工' }) })).issuePermit;
    const e = ok(await t.gql(approvals, END, { id: p.id, v: p.version })).endPermit;
    await appends(eco, async () => ok(await t.gql(eco, ADVANCE, { id: e.vacatedSite.plot.id, to: 'UNDER_INVESTIGATION', on: '2025-09-02', v: 1 })), () => [
      { ...ECO, entity: 'Plot', entityId: e.vacatedSite.plot.id, action: 'STAGE_CHANGED', fields: ['stage', 'stageHistory'] },
      { ...ECO, entity: 'VacatedSite', entityId: e.vacatedSite.id, action: 'UPDATED', fields: ['status'] },
    ]);
  });

  it('reportDiscoveredContamination by HOUSING reaches ECO', async () => {
    await appends(eco, async () => ok(await t.gql(housing, `mutation($input: PlotInput!) { reportDiscoveredContamination(input: $input, note: "基坑发现油状物") { id } }`, {
      input: { name: '施工发现污染地块', countyCode: '141181', source: 'OTHER' },
    })).reportDiscoveredContamination, (r) => [{ ...HOUSING, entity: 'Plot', entityId: r.id, action: 'CREATED', fields: PLOT_CREATED }]);
  });

  it('createReserveProject and updateReserveProject', async () => {
    const create = `mutation($input: ReserveProjectInput!) { createReserveProject(input: $input) { id version } }`;
    const proj = await appends(eco, async () => ok(await t.gql(eco, create, { input: { name: '变更测试储备项目', countyCode: '141181', category: 'OTHER', year: 2025, totalInvestment: '10.5' } })).createReserveProject,
      (r) => [{ ...ECO, entity: 'ReserveProject', entityId: r.id, action: 'CREATED', fields: ['projectCode', 'name', 'county', 'category', 'stage', 'year', 'totalInvestment'] }]);
    // One stage at a time (RULES.md §7), the entry with its batch document.
    const submitted = await appends(eco, async () => ok(await t.gql(eco, `mutation($id: ID!, $v: Int!) { updateReserveProject(id: $id, input: { stage: SUBMITTED, submittedOn: "2025-05-01" }, expectedVersion: $v) { id version } }`, { id: proj.id, v: proj.version })).updateReserveProject,
      () => [{ ...ECO, entity: 'ReserveProject', entityId: proj.id, action: 'UPDATED', fields: ['stage', 'submittedOn'] }]);
    await appends(eco, async () => ok(await t.gql(eco, `mutation($id: ID!, $v: Int!) { updateReserveProject(id: $id, input: { stage: IN_CENTRAL_RESERVE, enteredCentralReserveOn: "2025-06-01", centralReserveBatchNo: "2025年第一批", centralFundsApproved: "5" }, expectedVersion: $v) { id } }`, { id: proj.id, v: submitted.version })),
      () => [{ ...ECO, entity: 'ReserveProject', entityId: proj.id, action: 'UPDATED', fields: ['stage', 'enteredCentralReserveOn', 'centralReserveBatchNo', 'centralFundsApproved'] }]);
  });

  // The plots and key units linked to a new project are collections, which snapshot() does not compare:
  // the service names them (WriteTx.created's alsoWritten), and only when some were given.
  it('createReserveProject lists plots and keyUnits among the fields written when it links them', async () => {
    const plot = ok(await t.gql(eco, REGISTER, { input: { name: '储备关联地块', countyCode: '141181', source: 'OTHER' } })).registerPlot;
    const unit = ok(await t.gql(eco, UPSERT, { input: unitInput() })).upsertKeyUnit;
    await appends(eco, async () => ok(await t.gql(eco, `mutation($input: ReserveProjectInput!) { createReserveProject(input: $input) { id } }`, { input: { name: '带地块的储备项目', countyCode: '141181', category: 'OTHER', year: 2025, plotIds: [plot.id], keyUnitIds: [unit.id] } })).createReserveProject,
      (r) => [{ ...ECO, entity: 'ReserveProject', entityId: r.id, action: 'CREATED', fields: ['projectCode', 'name', 'county', 'category', 'stage', 'year', 'plots', 'keyUnits'] }]);
  });
});

// ───────────── refused writes ─────────────

describe('refused writes append nothing', () => {
  const all = () => [eco, ecoLvliang, approvals, nr, housing];

  it('CONFLICT on a stale expectedVersion', async () => {
    const u = ok(await t.gql(eco, UPSERT, { input: unitInput() })).upsertKeyUnit;
    ok(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode, name: '第二版' }), v: 1 }));
    await appendsNothing(all(), async () => refused(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode, name: '过期版本' }), v: 1 }), 'CONFLICT'));
    const p = ok(await t.gql(approvals, ISSUE, { input: permitInput(newCode()) })).issuePermit;
    await appendsNothing(all(), async () => refused(await t.gql(approvals, END, { id: p.id, v: p.version + 1 }), 'CONFLICT'));
    const plot = ok(await t.gql(eco, REGISTER, { input: { name: '冲突测试地块', countyCode: '141181', source: 'OTHER', identifiedOn: '2025-01-01' } })).registerPlot;
    await appendsNothing(all(), async () => refused(await t.gql(eco, ADVANCE, { id: plot.id, to: 'UNDER_INVESTIGATION', on: '2025-02-01', v: plot.version + 3 }), 'CONFLICT'));
  });

  it('BAD_USER_INPUT, also when it is found after part of the write was done', async () => {
    await appendsNothing(all(), async () => refused(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: '91141181MA00000010' }) }), 'BAD_USER_INPUT', 'input.creditCode'));
    await appendsNothing(all(), async () => refused(await t.gql(eco, REGISTER, { input: { name: '坏边界', countyCode: '141181', source: 'OTHER', boundary: { type: 'Point', coordinates: [111.7, 37.1] } } }), 'BAD_USER_INPUT', 'input.boundary'));
    const p = ok(await t.gql(approvals, ISSUE, { input: permitInput(newCode(), { industry: '化工' }) })).issuePermit;
    const e = ok(await t.gql(approvals, END, { id: p.id, v: p.version })).endPermit;
    expect(e.vacatedSite.plot).not.toBeNull();
    await appendsNothing(all(), async () => refused(await t.gql(approvals, END, { id: p.id, v: p.version + 1 }), 'BAD_USER_INPUT', 'id'));
    // updateReserveProject sets the stage, then finds the entry date missing: the whole write is undone.
    const proj = ok(await t.gql(eco, `mutation { createReserveProject(input: { name: "回滚测试", countyCode: "141181", category: OTHER, year: 2025 }) { id version } }`)).createReserveProject;
    const sub = ok(await t.gql(eco, `mutation($id: ID!) { updateReserveProject(id: $id, input: { stage: SUBMITTED, submittedOn: "2025-05-01" }, expectedVersion: 1) { id version } }`, { id: proj.id })).updateReserveProject;
    await appendsNothing(all(), async () => refused(await t.gql(eco, `mutation($id: ID!, $v: Int!) { updateReserveProject(id: $id, input: { stage: IN_CENTRAL_RESERVE, centralFundsApproved: "1" }, expectedVersion: $v) { id } }`, { id: proj.id, v: sub.version }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn'));
    // A move the lifecycle does not allow.
    const plot = ok(await t.gql(eco, REGISTER, { input: { name: '非法迁移地块', countyCode: '141181', source: 'OTHER' } })).registerPlot;
    await appendsNothing(all(), async () => refused(await t.gql(eco, ADVANCE, { id: plot.id, to: 'LISTED', on: today, v: plot.version, e: evidence }), 'ILLEGAL_TRANSITION'));
  });

  it('FORBIDDEN and NOT_FOUND', async () => {
    await appendsNothing(all(), async () => refused(await t.gql(eco, UPSERT, { input: unitInput({ countyCode: '141102' }) }), 'FORBIDDEN'));
    await appendsNothing(all(), async () => refused(await t.gql(housing, REGISTER, { input: { name: '无权登记', countyCode: '141181', source: 'OTHER' } }), 'FORBIDDEN'));
    await appendsNothing(all(), async () => refused(await t.gql(eco, `mutation { recordHiddenDangerCheck(keyUnitId: "987654", completedOn: "2025-01-01", rectified: true) { id } }`), 'NOT_FOUND'));
  });

  it('the refusal is still kept in the audit log', async () => {
    const u = ok(await t.gql(eco, UPSERT, { input: unitInput() })).upsertKeyUnit;
    refused(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode }), v: 7 }), 'CONFLICT');
    const log = ok(await t.gql(ecoLvliang, `{ auditLog(first: 1000) { nodes { operation outcome clientName } } }`)).auditLog.nodes;
    expect(log).toContainEqual({ operation: 'upsertKeyUnit', outcome: 'CONFLICT', clientName: ECO.clientName });
  });
});

// ───────────── polling ─────────────

describe('polling with after', () => {
  it('pages of one give the same changes as one page, each once, in order', async () => {
    const whole = (await since(ecoLvliang, null, 1000)).nodes;
    const byOne = (await since(ecoLvliang, null, 1)).nodes;
    expect(whole.length).toBeGreaterThan(20);
    expect(byOne).toEqual(whole);
    expect(new Set(whole.map((c) => c.cursor)).size).toBe(whole.length);
  });

  it('returns only later changes, never repeats, and keeps its cursor when there is nothing new', async () => {
    const cursor = await head(eco);
    const empty = ok(await t.gql(eco, FEED, { after: cursor })).changes;
    expect(empty).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: cursor } });

    const a = ok(await t.gql(eco, REGISTER, { input: { name: '轮询一', countyCode: '141181', source: 'OTHER' } })).registerPlot;
    const first = ok(await t.gql(eco, FEED, { after: cursor })).changes;
    expect(first.nodes.map((c: Change) => c.entityId)).toEqual([a.id]);
    const b = ok(await t.gql(eco, REGISTER, { input: { name: '轮询二', countyCode: '141181', source: 'OTHER' } })).registerPlot;
    const c = ok(await t.gql(eco, REGISTER, { input: { name: '轮询三', countyCode: '141181', source: 'OTHER' } })).registerPlot;
    const second = ok(await t.gql(eco, FEED, { after: first.pageInfo.endCursor })).changes;
    expect(second.nodes.map((x: Change) => x.entityId)).toEqual([b.id, c.id]);
    expect(ok(await t.gql(eco, FEED, { after: second.pageInfo.endCursor })).changes.nodes).toEqual([]);
    // Another county's writes do not show, and do not move the cursor.
    ok(await t.gql(ecoLiShi, REGISTER, { input: { name: '离石轮询', countyCode: '141102', source: 'OTHER' } }));
    expect(ok(await t.gql(eco, FEED, { after: second.pageInfo.endCursor })).changes).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: second.pageInfo.endCursor } });
  });

  it('refuses a garbage cursor naming after', async () => {
    refused(await t.gql(eco, FEED, { after: 'not-a-cursor' }), 'BAD_USER_INPUT', 'after');
  });
});

// ───────────── who sees what ─────────────

describe('scope and policy', () => {
  let xiaoyiUnit: { id: string };
  let lishiUnit: { id: string };
  let before: Record<string, string | null>;

  beforeAll(async () => {
    const tokens = { eco, ecoLiShi, ecoLvliang, housing, approvals, nr };
    before = Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([k, tk]) => [k, await head(tk)] as const)));
    xiaoyiUnit = ok(await t.gql(eco, UPSERT, { input: unitInput({ contactPhone: '0358-7111111' }) })).upsertKeyUnit;
    lishiUnit = ok(await t.gql(ecoLiShi, UPSERT, { input: unitInput({ creditCode: newCode('141102'), countyCode: '141102', contactPhone: '0358-8222222' }) })).upsertKeyUnit;
    ok(await t.gql(eco, `mutation { createReserveProject(input: { name: "可见性测试项目", countyCode: "141181", category: OTHER, year: 2025 }) { id } }`));
    ok(await t.gql(approvals, ISSUE, { input: permitInput(newCode()) }));
  });
  const entities = (nodes: Change[]) => nodes.map((n) => `${n.entity}:${n.entityId}`);

  it('a COUNTY token does not see changes of another county; the city token sees both', async () => {
    const xy = (await since(eco, before.eco)).nodes;
    const ls = (await since(ecoLiShi, before.ecoLiShi)).nodes;
    const city = (await since(ecoLvliang, before.ecoLvliang)).nodes;
    expect(entities(xy)).toContain(`KeyUnit:${xiaoyiUnit.id}`);
    expect(entities(xy)).not.toContain(`KeyUnit:${lishiUnit.id}`);
    expect(entities(ls)).toEqual([`KeyUnit:${lishiUnit.id}`]);
    expect(entities(city)).toEqual(expect.arrayContaining([`KeyUnit:${xiaoyiUnit.id}`, `KeyUnit:${lishiUnit.id}`]));
    expect(city).toHaveLength(xy.length + ls.length);
  });

  it('an agency sees only entities and field names it may read', async () => {
    const h = (await since(housing, before.housing)).nodes;
    // HOUSING may not read the reserve or permits, nor KeyUnit.contactPhone.
    expect(h.map((n) => n.entity)).toEqual(['KeyUnit']);
    expect(h[0].fields).not.toContain('contactPhone');
    expect([...h[0].fields].sort()).toEqual([...KEY_UNIT_CREATED].sort());
    const n = (await since(nr, before.nr)).nodes;
    expect(n.map((x) => x.entity)).toEqual(['KeyUnit', 'ReserveProject', 'DischargePermit']);
    expect(n[0].fields).not.toContain('contactPhone');
    const a = (await since(approvals, before.approvals)).nodes;
    expect(a.map((x) => x.entity)).toEqual(['KeyUnit', 'DischargePermit']);
    const e = (await since(eco, before.eco)).nodes;
    expect(e.map((x) => x.entity)).toEqual(['KeyUnit', 'ReserveProject', 'DischargePermit']);
    expect(e[0].fields).toContain('contactPhone');
  });
});
