/**
 * 违规开发利用清零 (issue 15 part 5; Jinzhong plan 12): zeroViolationReview(divisionCode, quarter | asOf) lists every
 * plot whose planned, supplied or current use is 一住两公 at the date, with its checklist — 调查, 风险评估, 管控/修复,
 * 效果评估, 后期管理, and the land acts — each DONE (date), LATE, MISSING, PENDING or NOT_NEEDED. Stories built
 * through the API by hand; the expected checklists are worked out below.
 */
import { startTestApp, TestApp } from '../helpers/app';
import { api, Api, codeOf, ok } from './api';
import { parseCsv } from '../helpers/csv';

jest.setTimeout(180_000);

const CITY = '141100';
const A = '141181'; // 孝义市
const B = '141182'; // 汾阳市

let t: TestApp;
let w: Api;
let eco: string;
const ids: Record<string, string> = {};

const REVIEW = `query($d: ID!, $q: String, $on: Date) { zeroViolationReview(divisionCode: $d, quarter: $q, asOf: $on) {
  asOf division { code } plots { plot { id name } county { code } stage targetUses currentUseSensitive problems steps { step state date detail } } } }`;
const review = async (v: { d: string; q?: string; on?: string }, token = eco) => ok(await t.gql(token, REVIEW, v), 'review').zeroViolationReview;
const checklist = (r: any, plotId: string) => {
  const p = r.plots.find((x: any) => x.plot.id === plotId);
  return p && Object.fromEntries(p.steps.map((s: any) => [s.step, s.date ? `${s.state} ${s.date}` : s.state]));
};

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2026-01-15T12:00:00+08:00') });
  w = api(t);
  eco = await w.tok('ECO', CITY);
  // a: works seen on site before the clearance, then cleared, planned for a school and supplied
  ids.a = await w.plot(A, { name: '学校扩建地块', currentUseCode: '0601', identifiedOn: '2025-05-01' });
  await w.walk(ids.a, A, [['UNDER_INVESTIGATION', '2025-06-01'], ['BELOW_SCREENING', '2025-07-15']]);
  await w.constructionStarted(ids.a, A, '2025-07-05');
  await w.planLandUse(ids.a, A, '0803', '2025-07-16');
  await w.landAction(ids.a, A, 'SUPPLY', '2025-07-20');
  // b: supplied as industrial land, then planned for housing without investigation
  ids.b = await w.plot(B, { name: '原化工厂地块', currentUseCode: '0601', identifiedOn: '2025-05-01' });
  await w.planLandUse(ids.b, B, '0601', '2025-07-01');
  await w.landAction(ids.b, B, 'SUPPLY', '2025-07-20');
  await w.planLandUse(ids.b, B, '0701', '2025-08-01');
  // c: through the directory under risk control, delisted, then planned for housing: no post-management plan
  ids.c = await w.plot(A, { name: '原焦化厂南区', currentUseCode: '0601', identifiedOn: '2024-01-10' });
  await w.walk(ids.c, A, [['UNDER_INVESTIGATION', '2024-02-01'], ['UNDER_RISK_ASSESSMENT', '2024-04-01'], ['LISTED', '2024-06-01'],
    ['RISK_CONTROL', '2024-07-01'], ['EFFECT_EVALUATION', '2025-03-01'], ['DELISTED', '2025-05-01']]);
  await w.planLandUse(ids.c, A, '0701', '2025-06-01');
  // d: industrial plot staying industrial: not in the review
  ids.d = await w.plot(A, { name: '工业地块', currentUseCode: '0601', identifiedOn: '2025-05-01' });
});
afterAll(async () => { await t?.stop(); });

describe('zeroViolationReview: the checklist of each 一住两公 plot', () => {
  it('at the end of 2025: steps done with their dates, late ones and missing ones marked', async () => {
    const r = await review({ d: CITY, q: '2025Q4' });
    expect(r.asOf).toBe('2025-12-31');
    expect(r.plots.map((p: any) => p.plot.id).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    // a: the investigation concluded after the works began: LATE; the works flagged (CONSTRUCTION_BEFORE_CLEARANCE)
    expect(checklist(r, ids.a)).toEqual({
      INVESTIGATION: 'LATE 2025-07-15', RISK_ASSESSMENT: 'NOT_NEEDED', CONTROL_OR_REMEDIATION: 'NOT_NEEDED', EFFECT_EVALUATION: 'NOT_NEEDED',
      POST_MANAGEMENT: 'NOT_NEEDED', SUPPLY: 'DONE 2025-07-20', CONSTRUCTION_PERMIT: 'PENDING', CONSTRUCTION_START: 'LATE 2025-07-05',
    });
    // b: investigation owed and the land already supplied: LATE; what follows depends on it
    expect(checklist(r, ids.b)).toEqual({
      INVESTIGATION: 'LATE', RISK_ASSESSMENT: 'PENDING', CONTROL_OR_REMEDIATION: 'PENDING', EFFECT_EVALUATION: 'PENDING',
      POST_MANAGEMENT: 'NOT_NEEDED', SUPPLY: 'LATE 2025-07-20', CONSTRUCTION_PERMIT: 'PENDING', CONSTRUCTION_START: 'PENDING',
    });
    // c: every soil step done in order; delisted after risk control with no plan: post-management MISSING
    expect(checklist(r, ids.c)).toEqual({
      INVESTIGATION: 'DONE 2024-04-01', RISK_ASSESSMENT: 'DONE 2024-06-01', CONTROL_OR_REMEDIATION: 'DONE 2025-03-01', EFFECT_EVALUATION: 'DONE 2025-05-01',
      POST_MANAGEMENT: 'MISSING', SUPPLY: 'PENDING', CONSTRUCTION_PERMIT: 'PENDING', CONSTRUCTION_START: 'PENDING',
    });
    const byId = Object.fromEntries(r.plots.map((p: any) => [p.plot.id, p]));
    expect([byId[ids.a].problems, byId[ids.b].problems, byId[ids.c].problems]).toEqual([2, 2, 1]);
    expect(byId[ids.b]).toMatchObject({ stage: 'SUSPECTED', targetUses: expect.arrayContaining(['0701']), currentUseSensitive: false, county: { code: B } });
  });

  it('as of a past date: the plan then decides who is in the review and what each step was', async () => {
    // 2025-06-30: a and b not yet planned for 一住两公; c planned on 2025-06-01
    const mid = await review({ d: CITY, on: '2025-06-30' });
    expect(mid.plots.map((p: any) => p.plot.id)).toEqual([ids.c]);
    // 2024Q4: c not yet planned for housing: nobody
    expect((await review({ d: CITY, q: '2024Q4' })).plots).toEqual([]);
    // a county's review is the county's part of the city's
    const city = await review({ d: CITY });
    expect((await review({ d: A })).plots).toEqual(city.plots.filter((p: any) => p.county.code === A));
  });

  it('bad input, scope and policy: whoever reads plot environment reads it; PUBLIC_SECURITY does not', async () => {
    expect((await t.gql(eco, REVIEW, { d: CITY, q: '2025Q9' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quarter' });
    expect(codeOf(await t.gql(eco, REVIEW, { d: CITY, q: '2025Q4', on: '2025-12-31' }))).toBe('BAD_USER_INPUT');
    const county = await w.tok('ECO', A);
    expect(codeOf(await t.gql(county, REVIEW, { d: CITY }))).toBe('FORBIDDEN');
    for (const agency of ['NATURAL_RESOURCES', 'HOUSING', 'APPROVALS'] as const) {
      expect((await review({ d: CITY }, await w.tok(agency, CITY))).plots.length).toBe(3);
    }
    const police = await t.token('PUBLIC_SECURITY', CITY);
    expect(codeOf(await t.gql(police, REVIEW, { d: CITY }))).toBe('FORBIDDEN');
  });

  it('exports: the CSV has one line per plot and step with the query\'s states', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const r = await review({ d: CITY, q: '2025Q4' });
    const res = await fetch(`${base}/exports/zero-violation-review.csv?divisionCode=${CITY}&quarter=2025Q4`, { headers: { authorization: `Bearer ${eco}` } });
    expect(res.status).toBe(200);
    const rows = parseCsv(Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8'));
    expect(rows[0].slice(0, 4)).toEqual(['县（市、区）', '区划代码', '地块编码', '地块名称']);
    expect(rows.length - 1).toBe(r.plots.length);
    const x = await fetch(`${base}/exports/zero-violation-review.xlsx?divisionCode=${CITY}&quarter=2025Q4`, { headers: { authorization: `Bearer ${eco}` } });
    expect(x.status).toBe(200);
    expect(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });
});
