/**
 * Key-supervised units (土壤污染重点监管单位): upsertKeyUnit, delistKeyUnit, recordHiddenDangerCheck,
 * recordMonitoring, the nested fields of KeyUnit, keyUnit(...) and keyUnits(filter). Everything through
 * the GraphQL endpoint with tokens of the agency the brief gives each operation (ECO writes key units).
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode, USCC_CHARSET } from '../src/validation/uscc';
import { addDays, todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市 (county)
let ecoLiShi: string; // ECO 离石区 (county)
let ecoLvliang: string; // ECO 吕梁市 (city)
let ecoJinzhong: string; // ECO 晋中市 (city)
let ecoProvince: string; // ECO 山西省
let approvals: string; // APPROVALS 孝义市
const today = todayInShanghai();
const thisYear = Number(today.slice(0, 4));

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  ecoLiShi = await t.token('ECO', '141102', '离石区生态环境分局');
  ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
  ecoJinzhong = await t.token('ECO', '140700', '晋中市生态环境局');
  ecoProvince = await t.token('ECO', '140000', '山西省生态环境厅');
  approvals = await t.token('APPROVALS', '141181', '孝义市行政审批服务管理局');
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

let serial = 0;
/** A fresh check-valid credit code (GB 32100) registered in the given county's code space. */
const newCode = (county = '141181') => makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);
/** The same code with a wrong (but charset-valid) check character. */
const wrongCheck = (code: string) => code.slice(0, 17) + USCC_CHARSET[(USCC_CHARSET.indexOf(code[17]) + 1) % USCC_CHARSET.length];

const UNIT = `id creditCode name industry address listedOn delistedOn status contactPhone version county { code name level parent { code } }`;
const UPSERT = `mutation($input: KeyUnitInput!, $v: Int) { upsertKeyUnit(input: $input, expectedVersion: $v) { ${UNIT} } }`;
const BY_CODE = `query($c: String) { keyUnit(creditCode: $c) { ${UNIT} } }`;
const CHECK = `mutation($k: ID!, $on: Date!, $f: String, $r: Boolean!) { recordHiddenDangerCheck(keyUnitId: $k, completedOn: $on, findings: $f, rectified: $r) { id completedOn findings rectified } }`;
const MONITOR = `mutation($k: ID!, $kind: MonitoringKind!, $y: Int!, $on: Date!, $e: Boolean!, $b: Boolean!) {
  recordMonitoring(keyUnitId: $k, kind: $kind, year: $y, sampledOn: $on, exceedsScreening: $e, beyondBoundary: $b) { id kind year sampledOn exceedsScreening beyondBoundary } }`;
const DELIST = `mutation($id: ID!, $on: Date!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: $on, expectedVersion: $v) { id status delistedOn version } }`;

interface UnitInput { creditCode: string; name: string; countyCode: string; industry: string; address?: string | null; listedOn: string; contactPhone?: string | null }
const unitInput = (over: Partial<UnitInput> = {}): UnitInput => ({
  creditCode: newCode(over.countyCode), name: `孝义市测试焦化有限公司${serial}`, countyCode: '141181', industry: '焦化',
  address: '孝义市梧桐镇', listedOn: '2024-03-15', ...over,
});

async function upsert(token: string, over: Partial<UnitInput> = {}, v?: number) {
  return ok(await t.gql(token, UPSERT, { input: unitInput(over), v })).upsertKeyUnit;
}
async function byCode(token: string, creditCode: string) {
  return ok(await t.gql(token, BY_CODE, { c: creditCode })).keyUnit;
}

// ───────────── upsertKeyUnit ─────────────

describe('upsertKeyUnit', () => {
  it('creates a LISTED unit at version 1, in the county asked for', async () => {
    const input = unitInput({ contactPhone: '0358-7221234' });
    const u = ok(await t.gql(eco, UPSERT, { input })).upsertKeyUnit;
    expect(u).toEqual({
      id: expect.stringMatching(/^\d+$/), creditCode: input.creditCode, name: input.name, industry: '焦化', address: '孝义市梧桐镇',
      listedOn: '2024-03-15', delistedOn: null, status: 'LISTED', contactPhone: '0358-7221234', version: 1,
      county: { code: '141181', name: '孝义市', level: 'COUNTY', parent: { code: '141100' } },
    });
    expect(await byCode(eco, input.creditCode)).toEqual(u);
  });

  it('updates the unit with the same credit code: same id, version incremented, new values read back', async () => {
    const first = await upsert(eco);
    const again = ok(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: first.creditCode, name: '孝义市改名焦化有限公司', industry: '化工', address: null }) })).upsertKeyUnit;
    expect(again.id).toBe(first.id);
    expect(again.version).toBe(first.version + 1);
    expect(again).toMatchObject({ name: '孝义市改名焦化有限公司', industry: '化工', address: null });
    expect(await byCode(eco, first.creditCode)).toMatchObject({ id: first.id, name: '孝义市改名焦化有限公司', industry: '化工', address: null, version: first.version + 1 });
    // Still one unit with that code.
    const list = ok(await t.gql(eco, `query($s: String) { keyUnits(filter: { search: $s }) { totalCount } }`, { s: first.creditCode }));
    expect(list.keyUnits.totalCount).toBe(1);
  });

  it('accepts the current expectedVersion and refuses a stale one with CONFLICT, writing nothing', async () => {
    const u = await upsert(eco, { name: '版本测试焦化厂' });
    const v2 = ok(await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode, name: '版本测试焦化厂（二）' }), v: 1 })).upsertKeyUnit;
    expect(v2.version).toBe(2);
    const stale = await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode, name: '不应写入', industry: '农药' }), v: 1 });
    refused(stale, 'CONFLICT');
    expect(stale.data).toBeNull();
    expect(await byCode(eco, u.creditCode)).toMatchObject({ name: '版本测试焦化厂（二）', industry: '焦化', version: 2 });
  });

  it('refuses an expectedVersion for a credit code that has no unit yet (NOT_FOUND) and creates nothing', async () => {
    const input = unitInput();
    refused(await t.gql(eco, UPSERT, { input, v: 1 }), 'NOT_FOUND');
    expect(await byCode(eco, input.creditCode)).toBeNull();
  });

  it.each<[string, (c: string) => Partial<UnitInput>, string]>([
    ['a wrong check character', (c) => ({ creditCode: wrongCheck(c) }), 'input.creditCode'],
    ['a lowercase code', (c) => ({ creditCode: c.toLowerCase() }), 'input.creditCode'],
    ['a short code', (c) => ({ creditCode: c.slice(0, 17) }), 'input.creditCode'],
    ['a code with a letter outside the charset (O)', (c) => ({ creditCode: c.slice(0, 10) + 'O' + c.slice(11) }), 'input.creditCode'],
    ['an unknown countyCode', () => ({ countyCode: '149999' }), 'input.countyCode'],
    ['a city code (140700) as countyCode', () => ({ countyCode: '140700' }), 'input.countyCode'],
    ['a province code as countyCode', () => ({ countyCode: '140000' }), 'input.countyCode'],
    ['listedOn in the future', () => ({ listedOn: addDays(today, 1) }), 'input.listedOn'],
    ['an empty name', () => ({ name: '   ' }), 'input.name'],
    ['an empty industry', () => ({ industry: '' }), 'input.industry'],
    ['a phone number that is not one', () => ({ contactPhone: 'call me' }), 'input.contactPhone'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, patch, field) => {
    const input = unitInput();
    const bad = { ...input, ...patch(input.creditCode) };
    const r = await t.gql(ecoProvince, UPSERT, { input: bad });
    refused(r, 'BAD_USER_INPUT', field);
    expect(await byCode(ecoProvince, input.creditCode)).toBeNull();
  });

  it('refuses listedOn "2025-02-30" (not a calendar date) with BAD_USER_INPUT', async () => {
    const input = unitInput({ listedOn: '2025-02-30' });
    const r = await t.gql(eco, UPSERT, { input });
    refused(r, 'BAD_USER_INPUT');
    expect(await byCode(eco, input.creditCode)).toBeNull();
  });

  // The Date scalar refuses "2025-02-30" before the service runs; src/errors.ts formatError names the field.
  it('names the field input.listedOn for "2025-02-30" refused by the Date scalar', async () => {
    const r = await t.gql(eco, UPSERT, { input: unitInput({ listedOn: '2025-02-30' }) });
    refused(r, 'BAD_USER_INPUT', 'input.listedOn');
  });

  it('refuses a county outside the token scope with FORBIDDEN (county and city tokens)', async () => {
    const a = unitInput({ countyCode: '141102' });
    refused(await t.gql(eco, UPSERT, { input: a }), 'FORBIDDEN');
    const b = unitInput({ countyCode: '140702' });
    refused(await t.gql(ecoLvliang, UPSERT, { input: b }), 'FORBIDDEN');
    expect(await byCode(ecoProvince, a.creditCode)).toBeNull();
    expect(await byCode(ecoProvince, b.creditCode)).toBeNull();
  });

  it('lets a city token write in any of its counties, and refuses to shadow a unit registered elsewhere without saying where', async () => {
    const u = await upsert(ecoLvliang, { countyCode: '141102', name: '离石区测试冶炼厂', industry: '有色金属冶炼' });
    expect(u.county.code).toBe('141102');
    // 孝义 cannot see it: the same credit code sent by 孝义 must not create a second unit. The answer is the
    // unique index's CONFLICT, as for a concurrent registration of the same code: nothing says it is in 离石.
    const r = await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode }) });
    refused(r, 'CONFLICT');
    expect(JSON.stringify(r.errors)).not.toContain('141102');
    expect(await byCode(ecoProvince, u.creditCode)).toMatchObject({ id: u.id, county: { code: '141102' }, version: 1 });
    // As an update (with a version), a unit out of scope answers exactly as a credit code that exists nowhere.
    const outOfScope = await t.gql(eco, UPSERT, { input: unitInput({ creditCode: u.creditCode }), v: 1 });
    const nowhere = await t.gql(eco, UPSERT, { input: unitInput(), v: 1 });
    refused(outOfScope, 'NOT_FOUND');
    expect(outOfScope.errors).toEqual(nowhere.errors);
  });

  it('does not change a unit when a write is refused part-way (moving it out of scope)', async () => {
    const u = await upsert(ecoLvliang, { name: '移县测试厂' });
    refused(await t.gql(ecoLvliang, UPSERT, { input: unitInput({ creditCode: u.creditCode, countyCode: '140702' }) }), 'FORBIDDEN');
    expect(await byCode(ecoLvliang, u.creditCode)).toMatchObject({ county: { code: '141181' }, version: 1 });
  });
});

// KeyUnit.contactPhone is "ECO only; never logged" (keyunit.entity.ts): the audit trail shows that it was set
// or changed (snapshot() keeps a hash), never the number, also for a write the service refuses.
it('keeps contactPhone out of the audit trail: created, changed, and in a refused write', async () => {
  const city = ecoLvliang;
  const input = unitInput({ contactPhone: '13900001111' });
  const u = ok(await t.gql(eco, UPSERT, { input })).upsertKeyUnit;
  ok(await t.gql(eco, UPSERT, { input: { ...input, contactPhone: '13900002222' }, v: u.version }));
  refused(await t.gql(eco, UPSERT, { input: { ...input, listedOn: addDays(today, 1), contactPhone: '13900003333' }, v: u.version + 1 }), 'BAD_USER_INPUT', 'input.listedOn');
  const AUDIT = `query($id: ID) { auditLog(entity: "KeyUnit", entityId: $id, first: 1000) { nodes { operation action outcome before after } } }`;
  const entries = ok(await t.gql(city, AUDIT, { id: u.id })).auditLog.nodes;
  expect(entries.map((e: { action: string }) => e.action)).toEqual(['CREATED', 'UPDATED']);
  const [created, updated] = entries;
  expect(created.after.contactPhone).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
  expect(updated.before.contactPhone).toBe(created.after.contactPhone);
  expect(updated.after.contactPhone).toMatch(/^\[redacted [0-9a-f]{8}\]$/);
  expect(updated.after.contactPhone).not.toBe(updated.before.contactPhone);
  // The refusal is recorded with the request's arguments (no entity id): '<redacted>' in place of the number.
  const all: { operation: string; outcome: string; after: any }[] = [];
  for (let after: string | null = null, more = true; more;) {
    const page: { nodes: typeof all; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(await t.gql(city, `query($a: String) { auditLog(agency: ECO, first: 1000, after: $a) { nodes { operation outcome after } pageInfo { hasNextPage endCursor } } }`, { a: after })).auditLog;
    all.push(...page.nodes);
    ({ hasNextPage: more, endCursor: after } = page.pageInfo);
  }
  const refusals = all.filter((e) => e.operation === 'upsertKeyUnit' && e.outcome === 'BAD_USER_INPUT' && e.after?.input?.creditCode === input.creditCode);
  expect(refusals).toHaveLength(1);
  expect(refusals[0].after.input.contactPhone).toBe('<redacted>');
  for (const number of ['13900001111', '13900002222', '13900003333']) expect(JSON.stringify([entries, refusals])).not.toContain(number);
});

// ───────────── delistKeyUnit ─────────────

describe('delistKeyUnit', () => {
  it('delists a unit with its date and increments its version', async () => {
    const u = await upsert(eco, { listedOn: '2023-01-10' });
    const d = ok(await t.gql(eco, DELIST, { id: u.id, on: '2025-06-30', v: u.version })).delistKeyUnit;
    expect(d).toEqual({ id: u.id, status: 'DELISTED', delistedOn: '2025-06-30', version: u.version + 1 });
    expect(await byCode(eco, u.creditCode)).toMatchObject({ status: 'DELISTED', delistedOn: '2025-06-30' });
  });

  it('refuses a stale version (CONFLICT), a second delisting, dates before listing or in the future', async () => {
    const u = await upsert(eco, { listedOn: '2023-01-10' });
    refused(await t.gql(eco, DELIST, { id: u.id, on: '2025-06-30', v: u.version + 5 }), 'CONFLICT');
    refused(await t.gql(eco, DELIST, { id: u.id, on: '2022-12-31', v: u.version }), 'BAD_USER_INPUT', 'delistedOn');
    refused(await t.gql(eco, DELIST, { id: u.id, on: addDays(today, 1), v: u.version }), 'BAD_USER_INPUT', 'delistedOn');
    expect(await byCode(eco, u.creditCode)).toMatchObject({ status: 'LISTED', delistedOn: null, version: u.version });
    ok(await t.gql(eco, DELIST, { id: u.id, on: '2023-01-10', v: u.version }));
    refused(await t.gql(eco, DELIST, { id: u.id, on: '2025-06-30', v: u.version + 1 }), 'BAD_USER_INPUT', 'id');
  });

  it('answers NOT_FOUND for a unit outside the scope or that does not exist', async () => {
    const other = await upsert(ecoLiShi, { countyCode: '141102' });
    refused(await t.gql(eco, DELIST, { id: other.id, on: '2025-06-30', v: other.version }), 'NOT_FOUND');
    refused(await t.gql(eco, DELIST, { id: '987654', on: '2025-06-30', v: 1 }), 'NOT_FOUND');
    expect(await byCode(ecoLiShi, other.creditCode)).toMatchObject({ status: 'LISTED' });
  });
});

// ───────────── checks and monitoring ─────────────

describe('recordHiddenDangerCheck', () => {
  it('records a check, listed on the unit in completedOn order', async () => {
    const u = await upsert(eco);
    const late = ok(await t.gql(eco, CHECK, { k: u.id, on: '2025-05-01', f: '储罐区防渗层破损', r: false })).recordHiddenDangerCheck;
    const early = ok(await t.gql(eco, CHECK, { k: u.id, on: '2024-11-20', r: true })).recordHiddenDangerCheck;
    expect(late).toEqual({ id: expect.any(String), completedOn: '2025-05-01', findings: '储罐区防渗层破损', rectified: false });
    expect(early).toEqual({ id: expect.any(String), completedOn: '2024-11-20', findings: null, rectified: true });
    const r = ok(await t.gql(eco, `query($id: ID) { keyUnit(id: $id) { hiddenDangerChecks { id completedOn } } }`, { id: u.id }));
    expect(r.keyUnit.hiddenDangerChecks).toEqual([{ id: early.id, completedOn: '2024-11-20' }, { id: late.id, completedOn: '2025-05-01' }]);
  });

  it('accepts today and refuses a future completedOn naming the field', async () => {
    const u = await upsert(eco);
    ok(await t.gql(eco, CHECK, { k: u.id, on: today, r: true }));
    refused(await t.gql(eco, CHECK, { k: u.id, on: addDays(today, 1), r: true }), 'BAD_USER_INPUT', 'completedOn');
  });

  it('answers NOT_FOUND for an unknown or out-of-scope keyUnitId, and writes nothing there', async () => {
    refused(await t.gql(eco, CHECK, { k: '987654', on: '2025-01-01', r: true }), 'NOT_FOUND');
    const other = await upsert(ecoLiShi, { countyCode: '141102' });
    refused(await t.gql(eco, CHECK, { k: other.id, on: '2025-01-01', r: true }), 'NOT_FOUND');
    const r = ok(await t.gql(ecoLiShi, `query($id: ID) { keyUnit(id: $id) { hiddenDangerChecks { id } } }`, { id: other.id }));
    expect(r.keyUnit.hiddenDangerChecks).toEqual([]);
  });

  it('refuses a keyUnitId that is not an id with BAD_USER_INPUT naming keyUnitId', async () => {
    refused(await t.gql(eco, CHECK, { k: 'abc', on: '2025-01-01', r: true }), 'BAD_USER_INPUT', 'keyUnitId');
  });
});

describe('recordMonitoring', () => {
  const rec = (k: string, y: number, on: string, kind = 'SELF_SOIL', e = false, b = false) => ({ k, kind, y, on, e, b });

  it('records a sample in its year, and one taken early the next year for the previous year', async () => {
    const u = await upsert(eco);
    const a = ok(await t.gql(eco, MONITOR, rec(u.id, thisYear - 1, `${thisYear}-01-15`, 'SELF_GROUNDWATER', true, false))).recordMonitoring;
    expect(a).toEqual({ id: expect.any(String), kind: 'SELF_GROUNDWATER', year: thisYear - 1, sampledOn: `${thisYear}-01-15`, exceedsScreening: true, beyondBoundary: false });
    const b = ok(await t.gql(eco, MONITOR, rec(u.id, thisYear - 1, `${thisYear - 1}-06-10`, 'SURROUNDING_SOIL', false, true))).recordMonitoring;
    const r = ok(await t.gql(eco, `query($id: ID) { keyUnit(id: $id) { monitoringRecords { id kind year sampledOn beyondBoundary } } }`, { id: u.id }));
    expect(r.keyUnit.monitoringRecords).toEqual([
      { id: b.id, kind: 'SURROUNDING_SOIL', year: thisYear - 1, sampledOn: `${thisYear - 1}-06-10`, beyondBoundary: true },
      { id: a.id, kind: 'SELF_GROUNDWATER', year: thisYear - 1, sampledOn: `${thisYear}-01-15`, beyondBoundary: false },
    ]);
  });

  it.each<[string, number, string, string]>([
    ['sampled two years after its year', thisYear - 2, `${thisYear}-01-15`, 'sampledOn'],
    ['sampled the year before its year', thisYear, `${thisYear - 1}-12-20`, 'sampledOn'],
    ['sampled in the future', thisYear, addDays(today, 1), 'sampledOn'],
    ['a year out of range', 1980, '1980-05-01', 'year'],
  ])('refuses a record %s, naming the field', async (_label, y, on, field) => {
    const u = await upsert(eco);
    refused(await t.gql(eco, MONITOR, rec(u.id, y, on)), 'BAD_USER_INPUT', field);
    const r = ok(await t.gql(eco, `query($id: ID) { keyUnit(id: $id) { monitoringRecords { id } } }`, { id: u.id }));
    expect(r.keyUnit.monitoringRecords).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown or out-of-scope keyUnitId', async () => {
    refused(await t.gql(eco, MONITOR, rec('987654', thisYear, today)), 'NOT_FOUND');
    const other = await upsert(ecoJinzhong, { countyCode: '140702' });
    refused(await t.gql(eco, MONITOR, rec(other.id, thisYear, today)), 'NOT_FOUND');
    refused(await t.gql(ecoLvliang, MONITOR, rec(other.id, thisYear, today)), 'NOT_FOUND');
  });
});

// ───────────── nested fields and lookups ─────────────

describe('KeyUnit nested fields', () => {
  const NESTED = `query($id: ID) { keyUnit(id: $id) {
    id inPermitManagement county { code parent { code name level } }
    permits { permitNo status keyUnit { id } }
    hiddenDangerChecks { completedOn } monitoringRecords { kind year }
    plots { id name keyUnit { id } }
  } }`;
  const ISSUE = `mutation($input: PermitInput!) { issuePermit(input: $input) { id permitNo status } }`;
  const permitInput = (code: string, serialNo: string, issuedOn: string, validUntil: string) => ({
    permitNo: `${code}${serialNo}P`, holderName: '孝义市嵌套测试焦化有限公司', creditCode: code, countyCode: '141181', industry: '焦化',
    category: 'KEY', issuedOn, validUntil,
  });

  it('serves permits, checks, monitoring records, plots, inPermitManagement and county.parent', async () => {
    const u = await upsert(eco, { name: '孝义市嵌套测试焦化有限公司' });
    let r = ok(await t.gql(eco, NESTED, { id: u.id })).keyUnit;
    expect(r).toEqual({
      id: u.id, inPermitManagement: false, county: { code: '141181', parent: { code: '141100', name: '吕梁市', level: 'CITY' } },
      permits: [], hiddenDangerChecks: [], monitoringRecords: [], plots: [],
    });

    // An expired permit does not put the unit under permit management; a valid one does.
    ok(await t.gql(approvals, ISSUE, { input: permitInput(u.creditCode, '001', '2019-01-01', '2023-12-31') }));
    expect(ok(await t.gql(eco, NESTED, { id: u.id })).keyUnit.inPermitManagement).toBe(false);
    ok(await t.gql(approvals, ISSUE, { input: permitInput(u.creditCode, '002', '2024-01-01', '2028-12-31') }));
    ok(await t.gql(eco, CHECK, { k: u.id, on: '2024-09-01', r: true }));
    ok(await t.gql(eco, MONITOR, { k: u.id, kind: 'SELF_SOIL', y: thisYear, on: today, e: false, b: false }));
    const plot = ok(await t.gql(eco, `mutation($input: PlotInput!) { registerPlot(input: $input) { id } }`, {
      input: { name: '嵌套测试厂区地块', countyCode: '141181', source: 'KEY_UNIT_LAND', keyUnitId: u.id, identifiedOn: '2024-05-01' },
    })).registerPlot;

    r = ok(await t.gql(eco, NESTED, { id: u.id })).keyUnit;
    expect(r.inPermitManagement).toBe(true);
    expect(r.permits).toEqual([
      { permitNo: `${u.creditCode}001P`, status: 'EXPIRED', keyUnit: { id: u.id } },
      { permitNo: `${u.creditCode}002P`, status: 'VALID', keyUnit: { id: u.id } },
    ]);
    expect(r.hiddenDangerChecks).toEqual([{ completedOn: '2024-09-01' }]);
    expect(r.monitoringRecords).toEqual([{ kind: 'SELF_SOIL', year: thisYear }]);
    expect(r.plots).toEqual([{ id: plot.id, name: '嵌套测试厂区地块', keyUnit: { id: u.id } }]);
  });
});

describe('what other agencies see and may do', () => {
  it('only ECO writes key units', async () => {
    for (const agency of ['NATURAL_RESOURCES', 'HOUSING', 'APPROVALS']) {
      const token = await t.token(agency, '141181');
      const input = unitInput();
      refused(await t.gql(token, UPSERT, { input }), 'FORBIDDEN');
      expect(await byCode(eco, input.creditCode)).toBeNull();
    }
  });

  it('HOUSING gets permits: null and contactPhone: null with FORBIDDEN errors on those paths, the rest intact', async () => {
    const u = await upsert(eco, { contactPhone: '0358-7333333' });
    ok(await t.gql(approvals, `mutation($input: PermitInput!) { issuePermit(input: $input) { id } }`, {
      input: { permitNo: `${u.creditCode}001P`, holderName: u.name, creditCode: u.creditCode, countyCode: '141181', industry: '焦化', category: 'KEY', issuedOn: '2024-01-01', validUntil: '2028-12-31' },
    }));
    const housing = await t.token('HOUSING', '141181');
    const r = await t.gql(housing, `query($id: ID) { keyUnit(id: $id) { id name contactPhone inPermitManagement permits { permitNo } } }`, { id: u.id });
    expect(r.data?.keyUnit).toEqual({ id: u.id, name: u.name, contactPhone: null, inPermitManagement: true, permits: null });
    const paths = (r.errors ?? []).map((e) => [e.path?.join('.'), e.extensions.code]).sort();
    expect(paths).toEqual([['keyUnit.contactPhone', 'FORBIDDEN'], ['keyUnit.permits', 'FORBIDDEN']]);
    // NATURAL_RESOURCES reads permits but not the phone.
    const nr = await t.token('NATURAL_RESOURCES', '141181');
    const n = await t.gql(nr, `query($id: ID) { keyUnit(id: $id) { contactPhone permits { permitNo } } }`, { id: u.id });
    expect(n.data?.keyUnit).toEqual({ contactPhone: null, permits: [{ permitNo: `${u.creditCode}001P` }] });
    expect(n.errors?.map((e) => e.path?.join('.'))).toEqual(['keyUnit.contactPhone']);
  });
});

describe('keyUnit(...) lookups', () => {
  it('finds a unit by id or credit code, and answers null outside the scope or for unknown ones', async () => {
    const mine = await upsert(eco);
    const theirs = await upsert(ecoLiShi, { countyCode: '141102' });
    const q = `query($id: ID, $c: String) { keyUnit(id: $id, creditCode: $c) { id creditCode } }`;
    expect(ok(await t.gql(eco, q, { c: mine.creditCode })).keyUnit).toEqual({ id: mine.id, creditCode: mine.creditCode });
    expect(ok(await t.gql(eco, q, { c: ` ${mine.creditCode} ` })).keyUnit).toEqual({ id: mine.id, creditCode: mine.creditCode });
    expect(ok(await t.gql(eco, q, { id: mine.id })).keyUnit).toEqual({ id: mine.id, creditCode: mine.creditCode });
    expect(ok(await t.gql(eco, q, { c: theirs.creditCode })).keyUnit).toBeNull();
    expect(ok(await t.gql(eco, q, { id: theirs.id })).keyUnit).toBeNull();
    expect(ok(await t.gql(ecoLvliang, q, { c: theirs.creditCode })).keyUnit).toEqual({ id: theirs.id, creditCode: theirs.creditCode });
    expect(ok(await t.gql(ecoJinzhong, q, { id: theirs.id })).keyUnit).toBeNull();
    expect(ok(await t.gql(eco, q, { c: newCode() })).keyUnit).toBeNull();
    expect(ok(await t.gql(eco, q, { id: 'x1' })).keyUnit).toBeNull();
    refused(await t.gql(eco, q, {}), 'BAD_USER_INPUT');
  });
});

// ───────────── keyUnits filters ─────────────

describe('keyUnits filters', () => {
  const LIST = `query($f: KeyUnitFilter, $first: Int) { keyUnits(filter: $f, first: $first) { totalCount nodes { id creditCode name industry status county { code parent { code } } } } }`;
  let fx: Record<'coke' | 'percent' | 'underscore' | 'jinzhong' | 'delisted', { id: string; creditCode: string }>;
  const mineOf = (nodes: { id: string }[]) => {
    const ours = new Map(Object.entries(fx).map(([k, v]) => [v.id, k]));
    return nodes.filter((n) => ours.has(n.id)).map((n) => ours.get(n.id)).sort();
  };
  const list = async (token: string, f: Record<string, unknown>) => {
    const r = ok(await t.gql(token, LIST, { f, first: 1000 })).keyUnits;
    expect(r.totalCount).toBe(r.nodes.length);
    return r.nodes as { id: string; creditCode: string; name: string; industry: string; status: string; county: { code: string; parent: { code: string } } }[];
  };

  beforeAll(async () => {
    const coke = await upsert(eco, { name: '孝义市鹏飞筛选焦化有限公司', industry: '焦化' });
    const percent = await upsert(eco, { name: '孝义市100%达标化工厂', industry: '化工' });
    const underscore = await upsert(ecoLiShi, { countyCode: '141102', name: '离石区A_B冶炼厂', industry: '有色金属冶炼' });
    const jinzhong = await upsert(ecoJinzhong, { countyCode: '140702', name: '榆次区筛选化工园区企业', industry: '化工' });
    const delisted = await upsert(eco, { name: '孝义市已退出焦化厂', industry: '焦化', listedOn: '2022-02-02' });
    ok(await t.gql(eco, DELIST, { id: delisted.id, on: '2024-12-31', v: delisted.version }));
    fx = { coke, percent, underscore, jinzhong, delisted };
  });

  it('divisionCode: a city gives all its counties, a county only itself, the province everything', async () => {
    const city = await list(ecoProvince, { divisionCode: '141100' });
    expect(mineOf(city)).toEqual(['coke', 'delisted', 'percent', 'underscore']);
    expect(city.every((n) => n.county.parent.code === '141100')).toBe(true);
    const county = await list(ecoProvince, { divisionCode: '141181' });
    expect(mineOf(county)).toEqual(['coke', 'delisted', 'percent']);
    expect(county.every((n) => n.county.code === '141181')).toBe(true);
    expect(mineOf(await list(ecoProvince, { divisionCode: '140700' }))).toEqual(['jinzhong']);
    expect(mineOf(await list(ecoProvince, { divisionCode: '140000' }))).toEqual(['coke', 'delisted', 'jinzhong', 'percent', 'underscore']);
    expect(mineOf(await list(ecoProvince, {}))).toEqual(['coke', 'delisted', 'jinzhong', 'percent', 'underscore']);
  });

  it('divisionCode never widens the token scope', async () => {
    const r = await list(eco, { divisionCode: '141100' });
    expect(mineOf(r)).toEqual(['coke', 'delisted', 'percent']);
    expect(r.every((n) => n.county.code === '141181')).toBe(true);
    expect(await list(eco, { divisionCode: '140700' })).toEqual([]);
    expect(mineOf(await list(ecoLvliang, { divisionCode: '140000' }))).toEqual(['coke', 'delisted', 'percent', 'underscore']);
  });

  it('refuses an unknown divisionCode naming filter.divisionCode', async () => {
    refused(await t.gql(ecoProvince, LIST, { f: { divisionCode: '149999' } }), 'BAD_USER_INPUT', 'filter.divisionCode');
  });

  it('status and industry filter exactly', async () => {
    const delisted = await list(ecoProvince, { status: 'DELISTED' });
    expect(mineOf(delisted)).toEqual(['delisted']);
    expect(delisted.every((n) => n.status === 'DELISTED')).toBe(true);
    const listed = await list(ecoProvince, { status: 'LISTED' });
    expect(mineOf(listed)).toEqual(['coke', 'jinzhong', 'percent', 'underscore']);
    const chem = await list(ecoProvince, { industry: '化工' });
    expect(mineOf(chem)).toEqual(['jinzhong', 'percent']);
    expect(chem.every((n) => n.industry === '化工')).toBe(true);
    expect(mineOf(await list(ecoProvince, { industry: '焦化', status: 'LISTED', divisionCode: '141181' }))).toEqual(['coke']);
  });

  it('search matches a name substring and a credit-code substring, case-insensitively', async () => {
    expect(mineOf(await list(ecoProvince, { search: '鹏飞筛选' }))).toEqual(['coke']);
    expect(mineOf(await list(ecoProvince, { search: '筛选' }))).toEqual(['coke', 'jinzhong']);
    const mid = fx.underscore.creditCode.slice(4, 16);
    expect(mineOf(await list(ecoProvince, { search: mid }))).toEqual(['underscore']);
    expect(mineOf(await list(ecoProvince, { search: mid.toLowerCase() }))).toEqual(['underscore']);
    expect(await list(ecoProvince, { search: '不存在的企业名称' })).toEqual([]);
  });

  it('search treats % and _ literally', async () => {
    const pct = await list(ecoProvince, { search: '%' });
    expect(pct.map((n) => n.id)).toEqual([fx.percent.id]);
    const us = await list(ecoProvince, { search: '_' });
    expect(us.map((n) => n.id)).toEqual([fx.underscore.id]);
    expect((await list(ecoProvince, { search: 'A_B' })).map((n) => n.id)).toEqual([fx.underscore.id]);
    expect(await list(ecoProvince, { search: 'AxB' })).toEqual([]);
    expect(await list(ecoProvince, { search: '100%达标化工厂x' })).toEqual([]);
    expect(await list(ecoProvince, { search: '\\' })).toEqual([]);
  });
});
