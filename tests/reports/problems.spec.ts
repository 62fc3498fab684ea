/**
 * 问题清单 (issue 15 deliverable 3; RULES.md §10 last bullet; Jinzhong plan 8 "及时通报存在问题并督促整改"):
 * `problems(divisionCode, quarter | asOf)` lists every duty OVERDUE (the duty engine's one definition) and every
 * violation open at the date, with county, responsible agency, due/detection date and state; GET
 * /exports/problems.xlsx|.csv serve the same rows. The story is built through the API (tests/reports/api.ts).
 */
import { startTestApp, TestApp } from '../helpers/app';
import { problemListTable } from '../../src/reports/tables';
import { VIOLATION_AGENCY } from '../../src/modules/problem/problem.sql';
import { api, Api, codeOf, ok } from './api';
import { parseCsv } from '../helpers/csv';

jest.setTimeout(180_000);

const TODAY = '2026-01-15';
const CITY = '141100'; // 吕梁市
const A = '141181'; // 孝义市
const B = '141182'; // 汾阳市

let t: TestApp;
let w: Api;
let eco: string;
let base: string;
const ids: Record<string, string> = {};

const PROBLEM = `source kind county { code name } subject keyUnit { id } plot { id } responsibleAgency dueOn detectedOn state detail`;
const PROBLEMS = `query($d: ID!, $q: String, $on: Date) { problems(divisionCode: $d, quarter: $q, asOf: $on) {
  asOf division { code } rows { ${PROBLEM} } byCounty { county { code } duties violations total } } }`;
const problems = async (v: { d: string; q?: string; on?: string }, token = eco) => ok(await t.gql(token, PROBLEMS, v), 'problems').problems;

const overdueDuties = async (division: string, asOf: string, token = eco) =>
  ok(await t.gql(token, `query($d: ID, $on: Date) { duties(divisionCode: $d, state: OVERDUE, asOf: $on) {
    kind county { code } keyUnit { id name } plot { id name } responsibleAgency dueOn detail } }`, { d: division, on: asOf }), 'duties').duties as any[];
const openViolations = async (division: string, token = eco) =>
  ok(await t.gql(token, `query($d: ID) { violations(divisionCode: $d, open: true, first: 500) { nodes { id kind detectedOn note plot { id name county { code } } } } }`, { d: division }), 'violations')
    .violations.nodes as any[];

const dutyKey = (d: any) => JSON.stringify([d.kind, d.county.code, d.keyUnit?.id ?? null, d.plot?.id ?? null, d.responsibleAgency, d.dueOn, d.detail]);
const sorted = (xs: string[]) => [...xs].sort();


beforeAll(async () => {
  t = await startTestApp({ now: () => new Date(`${TODAY}T12:00:00+08:00`) });
  w = api(t);
  base = t.url.replace(/\/graphql$/, '');
  eco = await w.tok('ECO', CITY);

  // 孝义市: a key unit listed 2024 without permit or checks (its duties run OVERDUE); a plot cleared and supplied for
  // housing, whose works were seen on site before the clearance (CONSTRUCTION_BEFORE_CLEARANCE, open).
  ids.kuA = (await w.keyUnit(A, '焦化', '2024-01-01', '孝义市某焦化厂')).id;
  ids.s2 = await w.plot(A, { name: '学校扩建地块', currentUseCode: '0601', identifiedOn: '2025-05-01' });
  await w.walk(ids.s2, A, [['UNDER_INVESTIGATION', '2025-06-01'], ['BELOW_SCREENING', '2025-07-15']]);
  await w.planLandUse(ids.s2, A, '0803', '2025-07-16');
  await w.landAction(ids.s2, A, 'SUPPLY', '2025-07-20');
  await w.constructionStarted(ids.s2, A, '2025-07-05');

  // 汾阳市: a key unit; a suspected plot supplied as industrial land, then planned for housing without investigation (SUPPLY_WITHOUT_INVESTIGATION), rectified later in the spec.
  ids.kuB = (await w.keyUnit(B, '化工', '2024-06-01', '汾阳市某化工厂')).id;
  ids.sB = await w.plot(B, { name: '原化工厂地块', currentUseCode: '0601', identifiedOn: '2025-05-01' });
  await w.planLandUse(ids.sB, B, '0601', '2025-07-01');
  await w.landAction(ids.sB, B, 'SUPPLY', '2025-07-20');
  await w.planLandUse(ids.sB, B, '0701', '2025-08-01'); // supplied land planned for housing, not investigated
});
afterAll(async () => { await t?.stop(); });

describe('problems: the OVERDUE duties plus the open violations', () => {
  it('today: rows equal duties(state: OVERDUE) and violations(open: true), with county, agency, dates and state', async () => {
    const p = await problems({ d: CITY });
    expect(p.asOf).toBe(TODAY);
    expect(p.division.code).toBe(CITY);

    const duties = await overdueDuties(CITY, TODAY);
    expect(duties.length).toBeGreaterThan(0);
    const dRows = p.rows.filter((r: any) => r.source === 'DUTY');
    expect(sorted(dRows.map(dutyKey))).toEqual(sorted(duties.map(dutyKey)));
    for (const r of dRows) {
      expect(r.state).toBe('OVERDUE');
      expect(r.detectedOn).toBeNull();
      const d = duties.find((x) => dutyKey(x) === dutyKey(r));
      expect(r.subject).toBe(d.keyUnit?.name ?? d.plot?.name);
    }
    // each subject once: no key-unit copy of INVESTIGATION_BEFORE_USE_CHANGE
    expect(dRows.filter((r: any) => r.kind === 'INVESTIGATION_BEFORE_USE_CHANGE' && r.keyUnit)).toEqual([]);

    const open = await openViolations(CITY);
    expect(open.map((v) => v.kind).sort()).toEqual(['CONSTRUCTION_BEFORE_CLEARANCE', 'SUPPLY_WITHOUT_INVESTIGATION']);
    const vRows = p.rows.filter((r: any) => r.source === 'VIOLATION');
    expect(sorted(vRows.map((r: any) => JSON.stringify([r.kind, r.plot.id, r.county.code, r.subject, r.detectedOn, r.detail]))))
      .toEqual(sorted(open.map((v) => JSON.stringify([v.kind, v.plot.id, v.plot.county.code, v.plot.name, v.detectedOn, v.note]))));
    for (const r of vRows) {
      expect(r).toMatchObject({ state: 'OPEN', dueOn: null, keyUnit: null, responsibleAgency: (VIOLATION_AGENCY as any)[r.kind] });
    }
    expect(vRows.find((r: any) => r.kind === 'CONSTRUCTION_BEFORE_CLEARANCE')).toMatchObject({ responsibleAgency: 'HOUSING', county: { code: A }, plot: { id: ids.s2 }, detectedOn: '2025-07-05' });
    expect(vRows.find((r: any) => r.kind === 'SUPPLY_WITHOUT_INVESTIGATION')).toMatchObject({ responsibleAgency: 'NATURAL_RESOURCES', county: { code: B }, plot: { id: ids.sB }, detectedOn: '2025-08-01' });

    // byCounty: every county of the division, counts adding up to the rows
    expect(p.byCounty.map((c: any) => c.county.code)).toContain(A);
    expect(p.byCounty.reduce((n: number, c: any) => n + c.total, 0)).toBe(p.rows.length);
    for (const c of p.byCounty) {
      expect(c.duties).toBe(p.rows.filter((r: any) => r.county.code === c.county.code && r.source === 'DUTY').length);
      expect(c.violations).toBe(p.rows.filter((r: any) => r.county.code === c.county.code && r.source === 'VIOLATION').length);
    }
  });

  it('a quarter reads its last day: the duties OVERDUE then, the violations open then', async () => {
    const p = await problems({ d: CITY, q: '2025Q3' });
    expect(p.asOf).toBe('2025-09-30');
    const dRows = p.rows.filter((r: any) => r.source === 'DUTY');
    expect(sorted(dRows.map(dutyKey))).toEqual(sorted((await overdueDuties(CITY, '2025-09-30')).map(dutyKey)));
    expect(p.rows.filter((r: any) => r.source === 'VIOLATION').map((r: any) => r.plot.id).sort()).toEqual([ids.s2, ids.sB].sort());
    // before either violation was detected: none
    const q2 = await problems({ d: CITY, q: '2025Q2' });
    expect(q2.rows.filter((r: any) => r.source === 'VIOLATION')).toEqual([]);
    expect((await t.gql(eco, PROBLEMS, { d: CITY, q: '2025Q5' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quarter' });
    expect(codeOf(await t.gql(eco, PROBLEMS, { d: CITY, q: '2025Q3', on: '2025-09-30' }))).toBe('BAD_USER_INPUT');
  });

  it('a past quarter is unchanged after a later rectification; today\'s list drops the violation', async () => {
    const before = await problems({ d: CITY, q: '2025Q4' });
    expect(before.rows.some((r: any) => r.source === 'VIOLATION' && r.plot.id === ids.sB)).toBe(true);
    const [v] = (await w.violationsOf(ids.sB, B)).filter((x) => x.rectifiedOn == null);
    await w.rectify(v.id, B, '2026-01-10');
    expect(await problems({ d: CITY, q: '2025Q4' })).toEqual(before);
    const now = await problems({ d: CITY });
    expect(now.rows.some((r: any) => r.source === 'VIOLATION' && r.plot.id === ids.sB)).toBe(false);
    expect(now.rows.filter((r: any) => r.source === 'VIOLATION').map((r: any) => r.plot.id)).toEqual([ids.s2]);
    expect((await openViolations(CITY)).map((x) => x.plot.id)).toEqual([ids.s2]);
    // the day before the rectification it was still open
    expect((await problems({ d: CITY, on: '2026-01-09' })).rows.some((r: any) => r.source === 'VIOLATION' && r.plot.id === ids.sB)).toBe(true);
  });
});

describe('problems: scope and policy', () => {
  it('a county token sees only its county and is FORBIDDEN the city; every agency may read', async () => {
    const tokA = await w.tok('NATURAL_RESOURCES', A);
    const p = await problems({ d: A }, tokA);
    expect(p.rows.length).toBeGreaterThan(0);
    expect(new Set(p.rows.map((r: any) => r.county.code))).toEqual(new Set([A]));
    expect(p.byCounty.map((c: any) => c.county.code)).toEqual([A]);
    const city = (await problems({ d: CITY })).rows.filter((r: any) => r.county.code === A);
    expect(p.rows).toEqual(city);
    expect(codeOf(await t.gql(tokA, PROBLEMS, { d: CITY }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(tokA, PROBLEMS, { d: B }))).toBe('FORBIDDEN');
    for (const agency of ['ECO', 'HOUSING', 'APPROVALS'] as const) {
      expect((await problems({ d: A }, await w.tok(agency, A))).rows).toEqual(p.rows);
    }
  });
});

describe('problems export', () => {
  it('the CSV has the Chinese header and the same rows as the query; the XLSX downloads', async () => {
    const p = await problems({ d: CITY, q: '2025Q4' });
    const res = await fetch(`${base}/exports/problems.csv?divisionCode=${CITY}&quarter=2025Q4`, { headers: { authorization: `Bearer ${eco}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const buf = Buffer.from(await res.arrayBuffer());
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(buf.subarray(3).toString('utf8'));
    expect(rows[0]).toEqual(['县（市、区）', '区划代码', '来源', '问题类型', '对象', '责任部门', '应完成日期', '发现日期', '状态', '说明']);
    expect(rows.length - 1).toBe(p.rows.length);
    expect(rows.slice(1).map((r) => [r[1], r[4], r[6], r[7]])).toEqual(p.rows.map((r: any) => [r.county.code, r.subject, r.dueOn ?? '', r.detectedOn ?? '']));
    expect(rows.slice(1)).toEqual(problemListTable({ ...p, division: { name: '吕梁市', code: CITY } }).rows.map((r) => r.map((c) => (c == null ? '' : String(c)))));
    expect(rows.slice(1).filter((r) => r[2] === '违规开发利用').map((r) => r[8])).toEqual(['未整改', '未整改']); // both still open at the end of 2025Q4

    const x = await fetch(`${base}/exports/problems.xlsx?divisionCode=${CITY}&quarter=2025Q4`, { headers: { authorization: `Bearer ${eco}` } });
    expect(x.status).toBe(200);
    expect(x.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');

    const forbidden = await fetch(`${base}/exports/problems.csv?divisionCode=${CITY}&quarter=2025Q4`, { headers: { authorization: `Bearer ${await w.tok('ECO', A)}` } });
    expect(forbidden.status).toBe(403);
  });
});
