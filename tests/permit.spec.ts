/**
 * Discharge permits (排污许可证): issuePermit with its HJ 608-2017 number checks, the link to the key unit
 * with the same credit code, EXPIRED derived from validUntil, the dischargePermits filters, and endPermit
 * with its consequences (vacated site; a SUSPECTED plot when the holder is a key unit or in a key industry).
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode, USCC_CHARSET } from '../src/validation/uscc';
import { addDays, addYears, todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let approvals: string; // APPROVALS 孝义市
let approvalsLvliang: string; // APPROVALS 吕梁市
let approvalsLiShi: string; // APPROVALS 离石区
let ecoJinzhong: string; // ECO 晋中市 (permits are ECO's too by default)
let eco: string; // ECO 孝义市 (key units)
let ecoProvince: string;
const today = todayInShanghai();

beforeAll(async () => {
  t = await startTestApp();
  approvals = await t.token('APPROVALS', '141181', '孝义市行政审批服务管理局');
  approvalsLvliang = await t.token('APPROVALS', '141100', '吕梁市行政审批服务管理局');
  approvalsLiShi = await t.token('APPROVALS', '141102', '离石区行政审批服务管理局');
  ecoJinzhong = await t.token('ECO', '140700', '晋中市生态环境局');
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  ecoProvince = await t.token('ECO', '140000', '山西省生态环境厅');
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

let serial = 0;
const newCode = (county = '141181') => makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);
const wrongCheck = (code: string) => code.slice(0, 17) + USCC_CHARSET[(USCC_CHARSET.indexOf(code[17]) + 1) % USCC_CHARSET.length];

const PERMIT = `id permitNo holderName creditCode industry category issuedOn validUntil status endedOn endReason version
  county { code } keyUnit { id creditCode }`;
const ISSUE = `mutation($input: PermitInput!) { issuePermit(input: $input) { ${PERMIT} } }`;
const BY_NO = `query($no: String) { dischargePermit(permitNo: $no) { ${PERMIT} vacatedSite { id status } } }`;
const END = `mutation($id: ID!, $how: PermitEnd!, $on: Date!, $reason: String!, $v: Int!) {
  endPermit(id: $id, how: $how, endedOn: $on, reason: $reason, expectedVersion: $v) {
    ${PERMIT}
    vacatedSite { id status enterpriseName creditCode industry vacatedOn demolitionReportFiled landReservedOn version county { code } permit { id }
      plot { id name address source stage formerEnterprise formerCreditCode industry county { code } keyUnit { id } stageHistory { from to effectiveOn agency } } }
  } }`;
const UPSERT_UNIT = `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id creditCode version } }`;
const LIST = `query($f: DischargePermitFilter) { dischargePermits(filter: $f, first: 1000) { totalCount nodes { id permitNo status endedOn county { code parent { code } } } } }`;

interface PermitInput { permitNo: string; holderName: string; creditCode: string; countyCode: string; industry: string; category: string; issuedOn: string; validUntil: string }
function permitInput(over: Partial<PermitInput> = {}): PermitInput {
  const creditCode = over.creditCode ?? newCode(over.countyCode);
  return {
    permitNo: `${creditCode}001P`, holderName: `孝义市许可测试焦化有限公司${serial}`, creditCode, countyCode: '141181', industry: '焦化',
    category: 'KEY', issuedOn: '2024-06-01', validUntil: '2029-05-31', ...over,
  };
}

const issue = async (token: string, over: Partial<PermitInput> = {}) => ok(await t.gql(token, ISSUE, { input: permitInput(over) })).issuePermit;
const byNo = async (token: string, no: string) => ok(await t.gql(token, BY_NO, { no })).dischargePermit;
const upsertUnit = async (token: string, creditCode: string, countyCode = '141181', industry = '焦化') =>
  ok(await t.gql(token, UPSERT_UNIT, { input: { creditCode, name: `重点单位${creditCode.slice(-6)}`, countyCode, industry, address: '孝义市新义街道', listedOn: '2023-04-01' } })).upsertKeyUnit;
const end = (token: string, p: { id: string; version: number }, how = 'CANCEL', on = '2025-09-10', reason = '企业关闭搬迁') =>
  t.gql(token, END, { id: p.id, how, on, reason, v: p.version });

// ───────────── issuePermit ─────────────

describe('issuePermit', () => {
  it('issues a VALID permit, readable by number, not linked to any key unit yet', async () => {
    const input = permitInput({ category: 'SIMPLIFIED' });
    const p = ok(await t.gql(approvals, ISSUE, { input })).issuePermit;
    expect(p).toEqual({
      id: expect.stringMatching(/^\d+$/), permitNo: input.permitNo, holderName: input.holderName, creditCode: input.creditCode, industry: '焦化',
      category: 'SIMPLIFIED', issuedOn: '2024-06-01', validUntil: '2029-05-31', status: 'VALID', endedOn: null, endReason: null, version: 1,
      county: { code: '141181' }, keyUnit: null,
    });
    expect(await byNo(approvals, input.permitNo)).toEqual({ ...p, vacatedSite: null });
  });

  it('lets ECO issue permits too (default policy), and a city token in any of its counties', async () => {
    expect((await issue(ecoJinzhong, { countyCode: '140703' })).county.code).toBe('140703');
    expect((await issue(approvalsLvliang, { countyCode: '141102' })).county.code).toBe('141102');
  });

  it.each<[string, (i: PermitInput) => Partial<PermitInput>, string]>([
    ['a number whose embedded credit code is another (valid) one', () => ({ permitNo: `${newCode()}001P` }), 'input.permitNo'],
    ['a number with a lowercase letter', (i) => ({ permitNo: `${i.creditCode}001p` }), 'input.permitNo'],
    ['a number with a 2-digit serial', (i) => ({ permitNo: `${i.creditCode}01P` }), 'input.permitNo'],
    ['a number without its letter', (i) => ({ permitNo: `${i.creditCode}001` }), 'input.permitNo'],
    ['a number whose embedded code fails its check', (i) => ({ permitNo: `${wrongCheck(i.creditCode)}001P` }), 'input.permitNo'],
    ['a credit code with a wrong check character', (i) => ({ creditCode: wrongCheck(i.creditCode) }), 'input.creditCode'],
    ['validUntil before issuedOn', () => ({ issuedOn: '2024-06-01', validUntil: '2024-05-31' }), 'input.validUntil'],
    ['validUntil equal to issuedOn', () => ({ issuedOn: '2024-06-01', validUntil: '2024-06-01' }), 'input.validUntil'],
    ['validUntil more than five years after issuedOn', () => ({ issuedOn: '2024-06-01', validUntil: '2029-06-02' }), 'input.validUntil'],
    ['issuedOn in the future', () => ({ issuedOn: addDays(today, 1), validUntil: addYears(today, 2) }), 'input.issuedOn'],
    ['an empty holder name', () => ({ holderName: ' ' }), 'input.holderName'],
    ['a city code as countyCode', () => ({ countyCode: '141100' }), 'input.countyCode'],
    ['an unknown countyCode', () => ({ countyCode: '141199' }), 'input.countyCode'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, patch, field) => {
    const input = permitInput();
    const bad = { ...input, ...patch(input) };
    refused(await t.gql(approvalsLvliang, ISSUE, { input: bad }), 'BAD_USER_INPUT', field);
    expect(await byNo(ecoProvince, bad.permitNo)).toBeNull();
    expect(await byNo(ecoProvince, input.permitNo)).toBeNull();
  });

  it('is refused to HOUSING and NATURAL_RESOURCES (FORBIDDEN), and HOUSING may not read permits', async () => {
    const nr = await t.token('NATURAL_RESOURCES', '141181');
    const housing = await t.token('HOUSING', '141181');
    const input = permitInput();
    refused(await t.gql(nr, ISSUE, { input }), 'FORBIDDEN');
    refused(await t.gql(housing, ISSUE, { input }), 'FORBIDDEN');
    expect(await byNo(ecoProvince, input.permitNo)).toBeNull();
    refused(await t.gql(housing, `{ dischargePermits { totalCount } }`), 'FORBIDDEN');
    expect(ok(await t.gql(nr, `{ dischargePermits { totalCount } }`)).dischargePermits.totalCount).toBeGreaterThan(0);
  });

  it('accepts validUntil exactly five years after issuedOn', async () => {
    const p = await issue(approvals, { issuedOn: '2024-06-01', validUntil: '2029-06-01' });
    expect(p.validUntil).toBe('2029-06-01');
  });

  it('refuses a duplicate permitNo, also when the first one is outside the token scope', async () => {
    const p = await issue(approvalsLiShi, { countyCode: '141102' });
    const dup = permitInput({ creditCode: p.creditCode, holderName: '另一家企业' });
    refused(await t.gql(approvalsLiShi, ISSUE, { input: { ...dup, countyCode: '141102' } }), 'BAD_USER_INPUT', 'input.permitNo');
    refused(await t.gql(approvals, ISSUE, { input: dup }), 'BAD_USER_INPUT', 'input.permitNo');
    expect(await byNo(ecoProvince, p.permitNo)).toMatchObject({ id: p.id, holderName: p.holderName, county: { code: '141102' } });
    // A second site of the same enterprise (another serial) is a different permit.
    expect((await issue(approvalsLiShi, { creditCode: p.creditCode, countyCode: '141102', permitNo: `${p.creditCode}002P` })).permitNo).toBe(`${p.creditCode}002P`);
  });

  it('refuses a county outside the token scope with FORBIDDEN', async () => {
    const input = permitInput({ countyCode: '141102' });
    refused(await t.gql(approvals, ISSUE, { input }), 'FORBIDDEN');
    refused(await t.gql(approvalsLvliang, ISSUE, { input: permitInput({ countyCode: '140702' }) }), 'FORBIDDEN');
    expect(await byNo(ecoProvince, input.permitNo)).toBeNull();
  });
});

// ───────────── the key-unit link ─────────────

describe('the link to the key unit with the same credit code', () => {
  const UNIT_PERMITS = `query($c: String) { keyUnit(creditCode: $c) { id inPermitManagement permits { permitNo keyUnit { id } } } }`;

  it('links a permit issued after its key unit was registered', async () => {
    const code = newCode();
    const unit = await upsertUnit(eco, code);
    const p = await issue(approvals, { creditCode: code });
    expect(p.keyUnit).toEqual({ id: unit.id, creditCode: code });
    expect(ok(await t.gql(eco, UNIT_PERMITS, { c: code })).keyUnit).toEqual({
      id: unit.id, inPermitManagement: true, permits: [{ permitNo: p.permitNo, keyUnit: { id: unit.id } }],
    });
  });

  it('links permits issued before their key unit was registered, when the unit is registered', async () => {
    const code = newCode();
    const p1 = await issue(approvals, { creditCode: code, permitNo: `${code}001P` });
    const p2 = await issue(approvals, { creditCode: code, permitNo: `${code}002P`, issuedOn: '2019-01-01', validUntil: '2023-12-31' });
    const other = await issue(approvals); // another enterprise: stays unlinked
    expect(p1.keyUnit).toBeNull();
    const unit = await upsertUnit(eco, code);
    expect((await byNo(approvals, p1.permitNo)).keyUnit).toEqual({ id: unit.id, creditCode: code });
    expect((await byNo(approvals, p2.permitNo)).keyUnit).toEqual({ id: unit.id, creditCode: code });
    expect((await byNo(approvals, other.permitNo)).keyUnit).toBeNull();
    const r = ok(await t.gql(eco, UNIT_PERMITS, { c: code })).keyUnit;
    expect(r.inPermitManagement).toBe(true);
    expect(r.permits.map((x: { permitNo: string }) => x.permitNo)).toEqual([p1.permitNo, p2.permitNo]);
  });
  it("links whatever the writer's scope: a site in another county of the same enterprise, both orders", async () => {
    const ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
    const LINK = `query($no: String) { dischargePermit(permitNo: $no) { keyUnit { id } } }`;
    // Key unit in 孝义 first, then 离石 issues a permit for the enterprise's site in 离石.
    const a = newCode();
    const unitA = await upsertUnit(eco, a);
    const pa = await issue(approvalsLiShi, { creditCode: a, countyCode: '141102', permitNo: `${a}002P` });
    expect(ok(await t.gql(ecoLvliang, LINK, { no: pa.permitNo })).dischargePermit.keyUnit).toEqual({ id: unitA.id });
    // Permit in 离石 first, then 孝义 registers the key unit.
    const b = newCode();
    const pb = await issue(approvalsLiShi, { creditCode: b, countyCode: '141102', permitNo: `${b}002P` });
    const unitB = await upsertUnit(eco, b);
    expect(ok(await t.gql(ecoLvliang, LINK, { no: pb.permitNo })).dischargePermit.keyUnit).toEqual({ id: unitB.id });
    const r = ok(await t.gql(ecoLvliang, `query($c: String) { keyUnit(creditCode: $c) { inPermitManagement permits { permitNo } } }`, { c: b })).keyUnit;
    expect(r).toEqual({ inPermitManagement: true, permits: [{ permitNo: pb.permitNo }] });
  });
});

// ───────────── derived status ─────────────

describe('status EXPIRED, derived from validUntil', () => {
  it('is VALID through validUntil and EXPIRED from the day after', async () => {
    const lastDay = await issue(approvals, { issuedOn: addDays(today, -100), validUntil: today });
    const expired = await issue(approvals, { issuedOn: addDays(today, -100), validUntil: addDays(today, -1) });
    const old = await issue(approvals, { issuedOn: '2019-03-01', validUntil: '2024-02-29' });
    expect(lastDay.status).toBe('VALID');
    expect(expired.status).toBe('EXPIRED');
    expect(old.status).toBe('EXPIRED');
    expect((await byNo(approvals, old.permitNo)).status).toBe('EXPIRED');
  });

  it('does not put a key unit with only an expired permit under permit management', async () => {
    const code = newCode();
    await issue(approvals, { creditCode: code, issuedOn: '2019-03-01', validUntil: '2024-02-29' });
    await upsertUnit(eco, code);
    const r = ok(await t.gql(eco, `query($c: String) { keyUnit(creditCode: $c) { inPermitManagement permits { status } } }`, { c: code })).keyUnit;
    expect(r).toEqual({ inPermitManagement: false, permits: [{ status: 'EXPIRED' }] });
  });
});

// ───────────── endPermit ─────────────

describe('endPermit', () => {
  it('CANCEL: CANCELLED with its date and reason, and a VACATED site opened for it', async () => {
    const p = await issue(approvals, { industry: '食品制造' });
    const e = ok(await end(approvals, p, 'CANCEL', '2025-09-10', '企业申请注销')).endPermit;
    expect(e).toMatchObject({ id: p.id, status: 'CANCELLED', endedOn: '2025-09-10', endReason: '企业申请注销', version: p.version + 1 });
    expect(e.vacatedSite).toEqual({
      id: expect.any(String), status: 'VACATED', enterpriseName: p.holderName, creditCode: p.creditCode, industry: '食品制造', vacatedOn: '2025-09-10',
      demolitionReportFiled: false, landReservedOn: null, version: 1, county: { code: '141181' }, permit: { id: p.id },
      plot: null, // not a key unit, not a key industry: no suspected plot
    });
    // Read back through the permit and through vacatedSites(status: VACATED).
    expect((await byNo(approvals, p.permitNo)).vacatedSite).toEqual({ id: e.vacatedSite.id, status: 'VACATED' });
    const sites = ok(await t.gql(approvals, `{ vacatedSites(status: VACATED, first: 1000) { totalCount nodes { id status permit { permitNo } } } }`)).vacatedSites;
    expect(sites.nodes).toContainEqual({ id: e.vacatedSite.id, status: 'VACATED', permit: { permitNo: p.permitNo } });
    expect(sites.nodes.every((s: { status: string }) => s.status === 'VACATED')).toBe(true);
    expect(sites.totalCount).toBe(sites.nodes.length);
    const other = ok(await t.gql(approvals, `{ vacatedSites(status: RELEASED) { nodes { id } } }`)).vacatedSites;
    expect(other.nodes).not.toContainEqual({ id: e.vacatedSite.id });
  });

  it("REVOKE of a key unit's permit: REVOKED, and a SUSPECTED plot (source VACATED_SITE) linked to the site and the unit", async () => {
    const code = newCode();
    const unit = await upsertUnit(eco, code, '141181', '电镀');
    const p = await issue(approvals, { creditCode: code, industry: '电镀', holderName: '孝义市某电镀厂' });
    const e = ok(await end(approvals, p, 'REVOKE', '2025-08-01', '违法排污，撤销许可')).endPermit;
    expect(e.status).toBe('REVOKED');
    const plot = e.vacatedSite.plot;
    expect(plot).toEqual({
      id: expect.any(String), name: expect.stringContaining('孝义市某电镀厂'), address: '孝义市新义街道', source: 'VACATED_SITE', stage: 'SUSPECTED', formerEnterprise: '孝义市某电镀厂',
      formerCreditCode: code, industry: '电镀', county: { code: '141181' }, keyUnit: { id: unit.id },
      stageHistory: [{ from: null, to: 'SUSPECTED', effectiveOn: '2025-08-01', agency: 'APPROVALS' }],
    });
    // The plot is a real plot: readable on its own, and from the key unit.
    const q = ok(await t.gql(eco, `query($id: ID) { plot(id: $id) { id source } }`, { id: plot.id })).plot;
    expect(q).toEqual({ id: plot.id, source: 'VACATED_SITE' });
    const u = ok(await t.gql(eco, `query($c: String) { keyUnit(creditCode: $c) { plots { id } inPermitManagement } }`, { c: code })).keyUnit;
    expect(u).toEqual({ plots: [{ id: plot.id }], inPermitManagement: false });
  });

  it('registers a plot for a key-industry holder that is not a key unit, and none for another industry', async () => {
    const chem = await issue(approvals, { industry: '化工' });
    expect(ok(await end(approvals, chem)).endPermit.vacatedSite.plot).toMatchObject({ source: 'VACATED_SITE', stage: 'SUSPECTED', keyUnit: null, industry: '化工', address: null });
    const bakery = await issue(approvals, { industry: '食品制造' });
    expect(ok(await end(approvals, bakery)).endPermit.vacatedSite.plot).toBeNull();
  });

  it('refuses to end a permit twice (BAD_USER_INPUT) and opens no second site', async () => {
    const p = await issue(approvals, { industry: '食品制造' });
    const e = ok(await end(approvals, p)).endPermit;
    refused(await end(approvals, { id: p.id, version: e.version }, 'REVOKE'), 'BAD_USER_INPUT', 'id');
    const after = await byNo(approvals, p.permitNo);
    expect(after).toMatchObject({ status: 'CANCELLED', version: e.version, vacatedSite: { id: e.vacatedSite.id } });
  });

  it('refuses a stale version (CONFLICT), a date before issuedOn or in the future, an empty reason; nothing is written', async () => {
    const p = await issue(approvals, { issuedOn: '2024-06-01' });
    refused(await end(approvals, { id: p.id, version: p.version + 1 }), 'CONFLICT');
    refused(await end(approvals, p, 'CANCEL', '2024-05-31'), 'BAD_USER_INPUT', 'endedOn');
    refused(await end(approvals, p, 'CANCEL', addDays(today, 1)), 'BAD_USER_INPUT', 'endedOn');
    refused(await end(approvals, p, 'CANCEL', '2025-01-01', '  '), 'BAD_USER_INPUT', 'reason');
    expect(await byNo(approvals, p.permitNo)).toMatchObject({ status: 'VALID', endedOn: null, version: p.version, vacatedSite: null });
  });

  it('answers NOT_FOUND for a permit outside the scope', async () => {
    const p = await issue(approvalsLiShi, { countyCode: '141102' });
    refused(await end(approvals, p), 'NOT_FOUND');
    expect((await byNo(approvalsLiShi, p.permitNo)).status).toBe('VALID');
  });
});

// ───────────── dischargePermits filters ─────────────

describe('dischargePermits filters', () => {
  type Node = { id: string; permitNo: string; status: string; endedOn: string | null; county: { code: string; parent: { code: string } } };
  let fx: Record<'valid' | 'expired' | 'cancelled' | 'revoked' | 'lishi' | 'jinzhong', { id: string; permitNo: string }>;
  const list = async (token: string, f: Record<string, unknown>) => {
    const r = ok(await t.gql(token, LIST, { f })).dischargePermits;
    expect(r.totalCount).toBe(r.nodes.length);
    return r.nodes as Node[];
  };
  const mineOf = (nodes: Node[]) => {
    const ours = new Map(Object.entries(fx).map(([k, v]) => [v.id, k]));
    return nodes.filter((n) => ours.has(n.id)).map((n) => ours.get(n.id)).sort();
  };

  beforeAll(async () => {
    const valid = await issue(approvals, { holderName: '孝义市筛选甲焦化厂' });
    const expired = await issue(approvals, { holderName: '孝义市筛选乙焦化厂', issuedOn: '2019-01-01', validUntil: '2023-12-31' });
    const cancelled = await issue(approvals, { holderName: '孝义市筛选丙化工厂', industry: '化工' });
    const revoked = await issue(approvals, { holderName: '孝义市100%丁化工厂', industry: '化工' });
    const lishi = await issue(approvalsLiShi, { countyCode: '141102', holderName: '离石区筛选戊冶炼厂', industry: '有色金属冶炼' });
    const jinzhong = await issue(ecoJinzhong, { countyCode: '140702', holderName: '榆次区筛选己企业' });
    ok(await end(approvals, cancelled, 'CANCEL', '2025-03-31'));
    ok(await end(approvals, revoked, 'REVOKE', '2025-04-01'));
    fx = { valid, expired, cancelled, revoked, lishi, jinzhong };
  });

  it('status: VALID, EXPIRED (derived), CANCELLED, REVOKED', async () => {
    for (const [status, expected] of [['VALID', ['jinzhong', 'lishi', 'valid']], ['EXPIRED', ['expired']], ['CANCELLED', ['cancelled']], ['REVOKED', ['revoked']]] as const) {
      const nodes = await list(ecoProvince, { status });
      expect(mineOf(nodes)).toEqual(expected);
      expect(nodes.every((n) => n.status === status)).toBe(true);
    }
  });

  it('endedFrom / endedTo: the ended list within the dates, both ends included', async () => {
    expect(mineOf(await list(ecoProvince, { endedFrom: '2025-03-31', endedTo: '2025-04-01' }))).toEqual(['cancelled', 'revoked']);
    expect(mineOf(await list(ecoProvince, { endedFrom: '2025-04-01' }))).toEqual(['revoked']);
    expect(mineOf(await list(ecoProvince, { endedTo: '2025-03-31' }))).toEqual(['cancelled']);
    expect(mineOf(await list(ecoProvince, { endedFrom: '2025-04-02', endedTo: '2025-12-31' }))).toEqual([]);
    const ended = await list(ecoProvince, { endedFrom: '2000-01-01' });
    expect(ended.every((n) => n.endedOn !== null)).toBe(true);
  });

  it('search: holder name or permit number substring, % literal', async () => {
    expect(mineOf(await list(ecoProvince, { search: '筛选' }))).toEqual(['cancelled', 'expired', 'jinzhong', 'lishi', 'valid']);
    expect(mineOf(await list(ecoProvince, { search: '筛选甲' }))).toEqual(['valid']);
    expect(mineOf(await list(ecoProvince, { search: fx.lishi.permitNo.slice(6, 20).toLowerCase() }))).toEqual(['lishi']);
    expect((await list(ecoProvince, { search: '%' })).map((n) => n.id)).toEqual([fx.revoked.id]);
  });

  it('divisionCode: city, county, within the token scope', async () => {
    const city = await list(ecoProvince, { divisionCode: '141100' });
    expect(mineOf(city)).toEqual(['cancelled', 'expired', 'lishi', 'revoked', 'valid']);
    expect(city.every((n) => n.county.parent.code === '141100')).toBe(true);
    expect(mineOf(await list(ecoProvince, { divisionCode: '141102' }))).toEqual(['lishi']);
    expect(mineOf(await list(ecoProvince, { divisionCode: '140700' }))).toEqual(['jinzhong']);
    expect(mineOf(await list(approvals, { divisionCode: '141100' }))).toEqual(['cancelled', 'expired', 'revoked', 'valid']);
    expect(mineOf(await list(approvals, {}))).toEqual(['cancelled', 'expired', 'revoked', 'valid']);
    refused(await t.gql(ecoProvince, LIST, { f: { divisionCode: '999999' } }), 'BAD_USER_INPUT', 'filter.divisionCode');
  });

  it('combines filters', async () => {
    expect(mineOf(await list(ecoProvince, { divisionCode: '141181', status: 'VALID', search: '筛选' }))).toEqual(['valid']);
    expect(mineOf(await list(ecoProvince, { divisionCode: '141102', status: 'CANCELLED' }))).toEqual([]);
  });
});
