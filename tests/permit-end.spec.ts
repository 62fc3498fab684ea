/**
 * Why a permit ended, and what becomes of the land (issue 14; RULES.md §5, §8), told with each agency's token:
 * - endPermit(reasonCategory): stored and served as DischargePermit.endReasonCategory; only CLOSURE_RELOCATION
 *   (关闭搬迁; also when absent) opens a vacated site (and, for a key unit or key industry, its SUSPECTED plot);
 *   转登记, 换证, a new holder, a halt or another reason open nothing. The key industry is matched by the
 *   reference (codes and synonyms), not by exact name.
 * - closeVacatedSite: ECO closes a site that has no plot, with its reason; a site with a plot closes by its
 *   plot (RELEASED), so it is refused; the other agencies are FORBIDDEN.
 * - recordDemolitionReport: the 拆除活动总结报告 (Jinzhong plan 3), recorded by ECO and shown to every agency.
 * - jointDispatchReport.vacatedSitesOpen: sites neither released nor closed at the quarter's end; a close in a
 *   later quarter does not change a past quarter's number.
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { addDays, todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市
let nr: string; // NATURAL_RESOURCES 孝义市
let housing: string; // HOUSING 孝义市
let approvals: string; // APPROVALS 孝义市
const today = todayInShanghai();
const COUNTY = '141181';

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', COUNTY, '孝义市生态环境分局');
  nr = await t.token('NATURAL_RESOURCES', COUNTY, '孝义市自然资源局');
  housing = await t.token('HOUSING', COUNTY, '孝义市住房和城乡建设局');
  approvals = await t.token('APPROVALS', COUNTY, '孝义市行政审批服务管理局');
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

let serial = 0;
const newCode = () => makeCreditCode(`91${COUNTY}MA${String(++serial).padStart(7, '0')}`);

const SITE = 'id status vacatedOn demolitionReportFiled demolitionReportFiledOn demolitionReportNo closedOn closeReason version plot { id stage }';
const ISSUE = `mutation($input: PermitInput!) { issuePermit(input: $input) { id version holderName endReasonCategory } }`;
const END = `mutation($id: ID!, $how: PermitEnd!, $on: Date!, $reason: String!, $v: Int!, $cat: PermitEndReason) {
  endPermit(id: $id, how: $how, endedOn: $on, reason: $reason, expectedVersion: $v, reasonCategory: $cat) {
    id status endedOn endReason endReasonCategory version vacatedSite { ${SITE} }
  } }`;
const PERMIT = `query($id: ID) { dischargePermit(id: $id) { id status endReasonCategory version vacatedSite { id } } }`;
const PLOTS = `query($s: String) { plots(filter: { search: $s }) { totalCount nodes { id source stage industry } } }`;
const SITES = `query($status: VacatedSiteStatus) { vacatedSites(divisionCode: "${COUNTY}", status: $status, first: 1000) { totalCount nodes { ${SITE} } } }`;
const CLOSE = `mutation($id: ID!, $on: Date!, $reason: String!, $v: Int!) { closeVacatedSite(id: $id, closedOn: $on, reason: $reason, expectedVersion: $v) { ${SITE} } }`;
const DEMOLITION = `mutation($id: ID!, $on: Date!, $no: String!, $v: Int!) { recordDemolitionReport(id: $id, filedOn: $on, documentNo: $no, expectedVersion: $v) { ${SITE} } }`;
const REPORT = `query($q: String!) { jointDispatchReport(quarter: $q, divisionCode: "${COUNTY}") { rows { county { code } vacatedSitesOpen } total { vacatedSitesOpen } } }`;

const issue = async (industry: string, holderName = `孝义市示例企业${++serial}号`) => {
  const creditCode = newCode();
  return ok(await t.gql(approvals, ISSUE, {
    input: { permitNo: `${creditCode}001P`, holderName, creditCode, countyCode: COUNTY, industry, category: 'SIMPLIFIED', issuedOn: '2024-06-01', validUntil: '2029-05-31' },
  })).issuePermit as { id: string; version: number; holderName: string; endReasonCategory: string | null };
};
const end = (token: string, p: { id: string; version: number }, cat?: string, on = '2025-02-10', reason = '企业申请注销排污许可证') =>
  t.gql(token, END, { id: p.id, how: 'CANCEL', on, reason, v: p.version, ...(cat === undefined ? {} : { cat }) });
const plotsOf = async (holderName: string) => ok(await t.gql(eco, PLOTS, { s: holderName })).plots;
const siteById = async (token: string, id: string) =>
  (ok(await t.gql(token, SITES, {})).vacatedSites.nodes as { id: string }[]).find((s) => s.id === id) as Record<string, any> | undefined;
/** A site with no plot: a permit of an industry that is no key industry, ended for 关闭搬迁. */
const plotlessSite = async (on = '2025-02-10') => ok(await end(eco, await issue('食品制造'), 'CLOSURE_RELOCATION', on)).endPermit.vacatedSite;
const open = async (quarter: string) => {
  const r = ok(await t.gql(eco, REPORT, { q: quarter })).jointDispatchReport;
  expect(r.total.vacatedSitesOpen).toBe(r.rows.find((x: { county: { code: string } }) => x.county.code === COUNTY).vacatedSitesOpen);
  return r.total.vacatedSitesOpen as number;
};

// ───────────── endPermit: why it ended ─────────────

describe('endPermit(reasonCategory)', () => {
  it('a valid permit has no endReasonCategory', async () => {
    const p = await issue('焦化');
    expect(p.endReasonCategory).toBeNull();
    for (const token of [eco, approvals, nr]) expect(ok(await t.gql(token, PERMIT, { id: p.id })).dischargePermit.endReasonCategory).toBeNull();
  });

  it('CLOSURE_RELOCATION (关闭搬迁) opens a vacated site, and a SUSPECTED plot for a key-industry holder', async () => {
    const p = await issue('焦化');
    const r = ok(await end(approvals, p, 'CLOSURE_RELOCATION')).endPermit;
    expect(r).toMatchObject({ status: 'CANCELLED', endReasonCategory: 'CLOSURE_RELOCATION', vacatedSite: { status: 'VACATED', vacatedOn: '2025-02-10', closedOn: null, plot: { stage: 'SUSPECTED' } } });
    expect((await plotsOf(p.holderName)).totalCount).toBe(1);
  });

  it('absent: taken as CLOSURE_RELOCATION, as before (site and plot)', async () => {
    const p = await issue('焦化');
    const r = ok(await end(eco, p)).endPermit;
    expect(r.endReasonCategory).toBe('CLOSURE_RELOCATION');
    expect(r.vacatedSite).toMatchObject({ status: 'VACATED', plot: { stage: 'SUSPECTED' } });
  });

  it.each(['PRODUCTION_HALT', 'HOLDER_CHANGE', 'TO_REGISTRATION', 'REPLACED', 'OTHER'])(
    '%s: the permit ends with its category, but no vacated site and no plot open (even in a key industry)',
    async (cat) => {
      const p = await issue('焦化');
      const before = ok(await t.gql(eco, SITES, {})).vacatedSites.totalCount;
      const r = ok(await end(approvals, p, cat, '2025-03-20', '转为排污登记管理 / 换证 / 变更')).endPermit;
      expect(r).toMatchObject({ status: 'CANCELLED', endedOn: '2025-03-20', endReasonCategory: cat, vacatedSite: null });
      expect(ok(await t.gql(eco, SITES, {})).vacatedSites.totalCount).toBe(before);
      expect((await plotsOf(p.holderName)).totalCount).toBe(0);
      // Read back by the agencies that may read permits.
      for (const token of [eco, approvals, nr]) {
        expect(ok(await t.gql(token, PERMIT, { id: p.id })).dischargePermit).toMatchObject({ status: 'CANCELLED', endReasonCategory: cat, vacatedSite: null });
      }
    },
  );

  it('a car wash moved to 排污登记 (TO_REGISTRATION) opens nothing; the same shop closed (CLOSURE_RELOCATION) opens a plotless site', async () => {
    const wash = ok(await end(approvals, await issue('洗车服务'), 'TO_REGISTRATION')).endPermit;
    expect(wash.vacatedSite).toBeNull();
    const closed = ok(await end(approvals, await issue('洗车服务'), 'CLOSURE_RELOCATION')).endPermit;
    expect(closed.vacatedSite).toMatchObject({ status: 'VACATED', plot: null });
  });

  it.each([['a GB/T 4754 code', '2521 炼焦'], ['a synonym', '煤化工'], ['an industry text naming the trade', '山西某某焦化有限公司']])(
    'the key industry is matched by the reference (%s): a plot is registered', async (_label, industry) => {
      const p = await issue(industry);
      const r = ok(await end(eco, p, 'CLOSURE_RELOCATION')).endPermit;
      expect(r.vacatedSite.plot).toMatchObject({ stage: 'SUSPECTED' });
      expect((await plotsOf(p.holderName)).nodes).toEqual([expect.objectContaining({ source: 'VACATED_SITE', industry })]);
    });

  it('NATURAL_RESOURCES and HOUSING may not end a permit (FORBIDDEN); nothing is written', async () => {
    const p = await issue('焦化');
    refused(await end(nr, p, 'TO_REGISTRATION'), 'FORBIDDEN');
    refused(await end(housing, p, 'CLOSURE_RELOCATION'), 'FORBIDDEN');
    expect(ok(await t.gql(eco, PERMIT, { id: p.id })).dischargePermit).toMatchObject({ status: 'VALID', endReasonCategory: null, version: p.version, vacatedSite: null });
    // HOUSING does not read permits at all (policy part `permit`), so neither their end category.
    refused(await t.gql(housing, PERMIT, { id: p.id }), 'FORBIDDEN');
  });

  it('an unknown category is refused by the schema (BAD_USER_INPUT / validation), and the permit stays valid', async () => {
    const p = await issue('焦化');
    const r = await end(eco, p, 'MOVED_AWAY');
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(ok(await t.gql(eco, PERMIT, { id: p.id })).dischargePermit.status).toBe('VALID');
  });
});

// ───────────── closeVacatedSite ─────────────

describe('closeVacatedSite', () => {
  const REASON = '现场核查：原厂区为食品加工车间，无涉重、涉有机污染物工序，不纳入调查，予以销号';

  it('ECO closes a site without a plot, with its date and reason; NATURAL_RESOURCES, HOUSING, APPROVALS are FORBIDDEN', async () => {
    const site = await plotlessSite();
    for (const token of [nr, housing, approvals]) refused(await t.gql(token, CLOSE, { id: site.id, on: '2025-05-06', reason: REASON, v: site.version }), 'FORBIDDEN');
    expect((await siteById(eco, site.id))!.status).toBe('VACATED');

    const closed = ok(await t.gql(eco, CLOSE, { id: site.id, on: '2025-05-06', reason: ` ${REASON} `, v: site.version })).closeVacatedSite;
    expect(closed).toMatchObject({ id: site.id, status: 'CLOSED', closedOn: '2025-05-06', closeReason: REASON, plot: null, version: site.version + 1 });
    // Every agency reads the closed site (part vacatedSite), and the CLOSED filter finds it.
    for (const token of [eco, nr, housing, approvals]) {
      const closedList = ok(await t.gql(token, SITES, { status: 'CLOSED' })).vacatedSites.nodes as { id: string }[];
      expect(closedList.find((s) => s.id === site.id)).toMatchObject({ status: 'CLOSED', closedOn: '2025-05-06', closeReason: REASON });
    }
    expect((ok(await t.gql(eco, SITES, { status: 'VACATED' })).vacatedSites.nodes as { id: string }[]).some((s) => s.id === site.id)).toBe(false);
  });

  it('refuses to close a site twice (BAD_USER_INPUT id)', async () => {
    const site = await plotlessSite();
    const closed = ok(await t.gql(eco, CLOSE, { id: site.id, on: '2025-05-06', reason: REASON, v: site.version })).closeVacatedSite;
    refused(await t.gql(eco, CLOSE, { id: site.id, on: '2025-06-06', reason: '再次销号', v: closed.version }), 'BAD_USER_INPUT', 'id');
    expect(await siteById(eco, site.id)).toMatchObject({ closedOn: '2025-05-06', closeReason: REASON, version: closed.version });
  });

  it('refuses a site with a plot (BAD_USER_INPUT id): it closes by its plot (RELEASED); nothing is written', async () => {
    const site = ok(await end(eco, await issue('焦化'), 'CLOSURE_RELOCATION')).endPermit.vacatedSite;
    expect(site.plot).not.toBeNull();
    refused(await t.gql(eco, CLOSE, { id: site.id, on: '2025-05-06', reason: REASON, v: site.version }), 'BAD_USER_INPUT', 'id');
    expect(await siteById(eco, site.id)).toMatchObject({ status: 'VACATED', closedOn: null, closeReason: null, version: site.version });
  });

  it('refuses a date before the site was vacated or in the future, an empty reason, a stale version; NOT_FOUND for no site', async () => {
    const site = await plotlessSite('2025-02-10');
    const close = (over: Record<string, unknown>) => t.gql(eco, CLOSE, { id: site.id, on: '2025-05-06', reason: REASON, v: site.version, ...over });
    refused(await close({ on: '2025-02-09' }), 'BAD_USER_INPUT', 'closedOn');
    refused(await close({ on: addDays(today, 1) }), 'BAD_USER_INPUT', 'closedOn');
    refused(await close({ reason: '  ' }), 'BAD_USER_INPUT', 'reason');
    refused(await close({ v: site.version + 1 }), 'CONFLICT');
    refused(await close({ id: '999999' }), 'NOT_FOUND');
    expect(await siteById(eco, site.id)).toMatchObject({ status: 'VACATED', closedOn: null, version: site.version });
    // The day it was vacated is a legal close date.
    expect(ok(await close({ on: '2025-02-10' })).closeVacatedSite.closedOn).toBe('2025-02-10');
  });
});

// ───────────── recordDemolitionReport ─────────────

describe('recordDemolitionReport (拆除活动总结报告, Jinzhong plan 3)', () => {
  it('ECO records it; demolitionReportFiled with its date and number, shown to every agency; others FORBIDDEN', async () => {
    const site = ok(await end(eco, await issue('焦化'), 'CLOSURE_RELOCATION')).endPermit.vacatedSite;
    expect(site).toMatchObject({ demolitionReportFiled: false, demolitionReportFiledOn: null, demolitionReportNo: null });
    const args = { id: site.id, on: '2025-04-18', no: '孝环拆备〔2025〕7号', v: site.version };
    for (const token of [nr, housing, approvals]) refused(await t.gql(token, DEMOLITION, args), 'FORBIDDEN');

    const r = ok(await t.gql(eco, DEMOLITION, args)).recordDemolitionReport;
    expect(r).toMatchObject({ demolitionReportFiled: true, demolitionReportFiledOn: '2025-04-18', demolitionReportNo: '孝环拆备〔2025〕7号', status: 'VACATED', version: site.version + 1 });
    for (const token of [eco, nr, housing, approvals]) {
      expect(await siteById(token, site.id)).toMatchObject({ demolitionReportFiled: true, demolitionReportFiledOn: '2025-04-18', demolitionReportNo: '孝环拆备〔2025〕7号' });
    }
    // Recorded once.
    refused(await t.gql(eco, DEMOLITION, { ...args, no: '孝环拆备〔2025〕8号', v: r.version }), 'BAD_USER_INPUT', 'id');
  });

  it('refuses a date before the site was vacated or in the future, an empty number, a stale version', async () => {
    const site = await plotlessSite('2025-02-10');
    const rec = (over: Record<string, unknown>) => t.gql(eco, DEMOLITION, { id: site.id, on: '2025-04-18', no: '孝环拆备〔2025〕9号', v: site.version, ...over });
    refused(await rec({ on: '2025-02-09' }), 'BAD_USER_INPUT', 'filedOn');
    refused(await rec({ on: addDays(today, 1) }), 'BAD_USER_INPUT', 'filedOn');
    refused(await rec({ no: ' ' }), 'BAD_USER_INPUT', 'documentNo');
    refused(await rec({ v: site.version + 1 }), 'CONFLICT');
    expect(await siteById(eco, site.id)).toMatchObject({ demolitionReportFiled: false, version: site.version });
    // A closed plotless site may still get its report.
    const closed = ok(await t.gql(eco, CLOSE, { id: site.id, on: '2025-05-06', reason: '核查后销号', v: site.version })).closeVacatedSite;
    expect(ok(await rec({ v: closed.version })).recordDemolitionReport).toMatchObject({ status: 'CLOSED', demolitionReportFiled: true });
  });
});

// ───────────── the quarterly report ─────────────

describe('jointDispatchReport.vacatedSitesOpen', () => {
  it('counts sites neither released nor closed at quarter end; a close in a later quarter leaves past quarters unchanged', async () => {
    const before = { q1: await open('2025Q1'), q2: await open('2025Q2'), q3: await open('2025Q3') };
    const site = await plotlessSite('2025-03-05');
    const opened = { q1: await open('2025Q1'), q2: await open('2025Q2'), q3: await open('2025Q3') };
    expect(opened).toEqual({ q1: before.q1 + 1, q2: before.q2 + 1, q3: before.q3 + 1 });

    // Closed in Q3: still open at the end of Q1 and Q2 (closedOn after the quarter end), not at the end of Q3.
    ok(await t.gql(eco, CLOSE, { id: site.id, on: '2025-07-01', reason: '现场核查后销号', v: site.version }));
    expect({ q1: await open('2025Q1'), q2: await open('2025Q2'), q3: await open('2025Q3') }).toEqual({ q1: opened.q1, q2: opened.q2, q3: opened.q3 - 1 });
  });

  it('a permit ended TO_REGISTRATION opens no site, so it never counts', async () => {
    const q3 = await open('2025Q3');
    ok(await end(eco, await issue('焦化'), 'TO_REGISTRATION', '2025-08-01'));
    expect(await open('2025Q3')).toBe(q3);
  });

  it('is read by ECO and NATURAL_RESOURCES; HOUSING and APPROVALS are FORBIDDEN (unchanged policy)', async () => {
    expect(ok(await t.gql(nr, REPORT, { q: '2025Q3' })).jointDispatchReport.total.vacatedSitesOpen).toBe(await open('2025Q3'));
    refused(await t.gql(housing, REPORT, { q: '2025Q3' }), 'FORBIDDEN');
    refused(await t.gql(approvals, REPORT, { q: '2025Q3' }), 'FORBIDDEN');
  });
});
