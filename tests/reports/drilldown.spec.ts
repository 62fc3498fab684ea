/**
 * Drill-down (issue 15 part 4; RULES.md §10 "every number of the quarterly report drills down to the rows behind
 * it, and the report shows the change against the previous quarter"), on the demo data set: for every quarter the
 * demo spans and every counting cell of jointDispatchReport (PLOTS_BY_STAGE per stage), the rows of
 * jointDispatchCell number exactly the cell, per county and in total; the same for every cell of reserveTracker
 * for every demo year; each cell's `previous` is the previous quarter's report's value; row scope and policy hold.
 */
import { loadDemo } from '../../seeds/demo/load';
import { demoSteps } from '../../seeds/demo/data';
import { startTestApp, TestApp } from '../helpers/app';
import { codeOf, ok } from './api';

jest.setTimeout(600_000);

const PROVINCE = '140000';
const CITY = '141100'; // 吕梁市
const XIAOYI = '141181';
const STAGES = ['SUSPECTED', 'UNDER_INVESTIGATION', 'BELOW_SCREENING', 'UNDER_RISK_ASSESSMENT', 'RISK_ACCEPTABLE', 'LISTED', 'RISK_CONTROL', 'REMEDIATION', 'EFFECT_EVALUATION', 'DELISTED'];
const RESERVE_STAGES = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN'];

let t: TestApp;
let eco: string;
let quarters: string[];
let years: number[];

const REPORT = `query($q: String!, $d: ID!) { jointDispatchReport(quarter: $q, divisionCode: $d) {
  quarter previousQuarter
  rows { county { code } plotsByStage { stage count } violationsOpen safeUseRate cells { cell stage count } }
  total { cells { cell stage count } } } }`;
const REPORT_WITH_PREVIOUS = `query($q: String!, $d: ID!) { jointDispatchReport(quarter: $q, divisionCode: $d) {
  previousQuarter rows { county { code } cells { cell stage count previous change } previous { county { code } violationsOpen } }
  total { cells { cell stage count previous change } } } }`;
const CELL = `query($q: String!, $d: ID!, $c: JointDispatchCell!, $s: PlotStage, $k: ID) {
  jointDispatchCell(quarter: $q, divisionCode: $d, cell: $c, stage: $s, countyCode: $k) {
    asOf county { code } count rows { subject county { code } kind state date detail plot { id } keyUnit { id } violation { id } permit { id }
      vacatedSite { id } reserveProject { id } duty { kind state } } } }`;

const report = async (q: string, d = PROVINCE, token = eco) => ok(await t.gql(token, REPORT, { q, d }), 'report').jointDispatchReport;
const cellRows = async (q: string, c: string, s: string | null, d = PROVINCE, k?: string, token = eco) =>
  ok(await t.gql(token, CELL, { q, d, c, s, k }), `${q} ${c} ${s ?? ''}`).jointDispatchCell;

const quarterOf = (date: string) => `${date.slice(0, 4)}Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

beforeAll(async () => {
  t = await startTestApp();
  await loadDemo(t.app);
  eco = await t.token('ECO', PROVINCE, '下钻-ECO');
  // the demo's quarters: from its first dated step to the current quarter
  const dates = (JSON.stringify(demoSteps).match(/\d{4}-\d{2}-\d{2}/g) ?? []).sort();
  const today = new Date().toISOString().slice(0, 10);
  const first = quarterOf(dates[0]!);
  const last = quarterOf(today);
  quarters = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) {
    for (let n = 1; n <= 4; n++) {
      const q = `${y}Q${n}`;
      if (q >= first && q <= last) quarters.push(q);
    }
  }
  years = [...new Set(quarters.map((q) => Number(q.slice(0, 4))))];
});
afterAll(async () => { await t?.stop(); });

describe('jointDispatchCell: the list behind every number has the number of rows', () => {
  it('every cell of every county row and of the total, for every demo quarter', async () => {
    expect(quarters.length).toBeGreaterThanOrEqual(20);
    let nonZero = 0;
    let checked = 0;
    const subjects = new Set<string>();
    for (const q of quarters) {
      const r = await report(q);
      // the cells list is the row's numbers: plotsByStage and the named fields
      const x = r.rows.find((row: any) => row.county.code === XIAOYI);
      for (const s of x.plotsByStage) expect(x.cells.find((c: any) => c.cell === 'PLOTS_BY_STAGE' && c.stage === s.stage).count).toBe(s.count);
      expect(x.cells.find((c: any) => c.cell === 'VIOLATIONS_OPEN').count).toBe(x.violationsOpen);
      for (const cell of r.total.cells) {
        const list = await cellRows(q, cell.cell, cell.stage);
        expect([q, cell.cell, cell.stage, list.rows.length]).toEqual([q, cell.cell, cell.stage, cell.count]);
        expect(list.count).toBe(list.rows.length);
        for (const row of r.rows) {
          const mine = list.rows.filter((l: any) => l.county.code === row.county.code).length;
          const want = row.cells.find((c: any) => c.cell === cell.cell && c.stage === cell.stage).count;
          expect([q, row.county.code, cell.cell, cell.stage, mine]).toEqual([q, row.county.code, cell.cell, cell.stage, want]);
          checked++;
        }
        if (cell.count > 0) nonZero++;
        for (const l of list.rows) {
          subjects.add(l.subject);
          const ref = { PLOT: l.plot, KEY_UNIT: l.keyUnit, VIOLATION: l.violation, DUTY: l.duty, PERMIT: l.permit, VACATED_SITE: l.vacatedSite, RESERVE_PROJECT: l.reserveProject }[l.subject as string];
          expect(ref).not.toBeNull(); // the subject the row is about is there (ECO reads every part)
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(nonZero).toBeGreaterThan(50); // the demo fills the report: a test over empty cells proves nothing
    expect([...subjects].sort()).toEqual(['DUTY', 'KEY_UNIT', 'LEGACY_WASTE', 'PERMIT', 'PLOT', 'RESERVE_PROJECT', 'SOLID_WASTE_YARD', 'VACATED_SITE', 'VIOLATION']);
  });

  it('a county asked is the county\'s part of the whole list; a county outside the division or a missing stage is BAD_USER_INPUT', async () => {
    const q = '2025Q4';
    for (const [c, s] of [['VIOLATIONS_OPEN', null], ['KEY_UNITS', null], ['PLOTS_BY_STAGE', 'SUSPECTED'], ['PLOT_DUTIES_OVERDUE', null]] as const) {
      const all = await cellRows(q, c, s, CITY);
      const one = await cellRows(q, c, s, CITY, XIAOYI);
      expect(one.county.code).toBe(XIAOYI);
      expect(one.rows).toEqual(all.rows.filter((r: any) => r.county.code === XIAOYI));
    }
    const bad = (v: Record<string, unknown>) => t.gql(eco, CELL, { q, d: CITY, c: 'KEY_UNITS', ...v });
    expect((await bad({ k: '140702' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'countyCode' });
    expect((await bad({ c: 'PLOTS_BY_STAGE' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    expect((await bad({ s: 'LISTED' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'stage' });
    expect((await bad({ q: '2025Q5' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quarter' });
  });
});

describe('the change against the previous quarter', () => {
  it('each cell\'s previous is the previous quarter\'s report, change the difference; a row\'s previous is its county a quarter earlier', async () => {
    for (const q of quarters.slice(-6)) {
      const r = ok(await t.gql(eco, REPORT_WITH_PREVIOUS, { q, d: CITY }), 'with previous').jointDispatchReport;
      const before = await report(r.previousQuarter, CITY);
      expect(r.previousQuarter).toBe(before.quarter);
      const rows = [...r.rows.map((row: any) => [row, before.rows.find((b: any) => b.county.code === row.county.code)]), [r.total, before.total]];
      for (const [row, prev] of rows) {
        for (const c of row.cells) {
          const p = prev.cells.find((x: any) => x.cell === c.cell && x.stage === c.stage).count;
          expect([c.cell, c.stage, c.previous, c.change]).toEqual([c.cell, c.stage, p, c.count - p]);
        }
        if (row.county) expect(row.previous).toEqual({ county: row.county, violationsOpen: prev.violationsOpen });
      }
    }
    expect((await report('2025Q1')).previousQuarter).toBe('2024Q4');
  });

  it('the report alone stays one statement; previous costs one more, whatever the number of rows', async () => {
    const n1 = await t.countStatements(() => t.gql(eco, REPORT.replace(' cells { cell stage count }', ''), { q: '2025Q4', d: CITY }));
    const n2 = await t.countStatements(() => t.gql(eco, REPORT_WITH_PREVIOUS, { q: '2025Q4', d: CITY }));
    expect(n2.statements).toBe(n1.statements + 1);
  });
});

describe('reserveTrackerCell: the projects behind every number of the tracker', () => {
  it('every cell, every county, every demo year, as of year end and today', async () => {
    let nonZero = 0;
    const today = new Date().toISOString().slice(0, 10);
    for (const y of years) {
      for (const asOf of [`${y}-12-31` < today ? `${y}-12-31` : today, today]) {
        const tr = ok(await t.gql(eco, `query($y: Int!, $d: ID!, $a: Date) { reserveTracker(year: $y, divisionCode: $d, asOf: $a) {
          rows { county { code } projects newInCentralReserve byStage { stage count } } } }`, { y, d: PROVINCE, a: asOf }), 'tracker').reserveTracker;
        const cells: [string, string | null, (row: any) => number][] = [
          ['PROJECTS', null, (row) => row.projects], ['NEW_IN_CENTRAL_RESERVE', null, (row) => row.newInCentralReserve],
          ...RESERVE_STAGES.map((s): [string, string, (row: any) => number] => ['BY_STAGE', s, (row) => row.byStage.find((b: any) => b.stage === s).count]),
        ];
        for (const [c, s, value] of cells) {
          const list = ok(await t.gql(eco, `query($y: Int!, $d: ID!, $c: ReserveTrackerCell!, $s: ReserveStage, $a: Date) {
            reserveTrackerCell(year: $y, divisionCode: $d, cell: $c, stage: $s, asOf: $a) { count rows { county { code } stage enteredCentralReserveOn reserveProject { id year } } } }`,
          { y, d: PROVINCE, c, s, a: asOf }), 'tracker cell').reserveTrackerCell;
          for (const row of tr.rows) {
            const mine = list.rows.filter((l: any) => l.county.code === row.county.code);
            expect([y, asOf, c, s, row.county.code, mine.length]).toEqual([y, asOf, c, s, row.county.code, value(row)]);
            if (s) for (const l of mine) expect(l.stage).toBe(s);
            nonZero += mine.length ? 1 : 0;
          }
        }
      }
    }
    expect(nonZero).toBeGreaterThan(5);
  });
});

describe('problems (问题清单) on the demo: the OVERDUE duties plus the open violations, every demo quarter', () => {
  it('rows = duties(state: OVERDUE) at the quarter end + the violations detected by then and not rectified by then', async () => {
    const all = ok(await t.gql(eco, `{ violations(divisionCode: "${PROVINCE}", first: 1000) { nodes { id kind detectedOn rectifiedOn plot { county { code } } } } }`), 'violations').violations.nodes as any[];
    let duties = 0;
    let open = 0;
    for (const q of quarters) {
      const p = ok(await t.gql(eco, `query($q: String) { problems(divisionCode: "${PROVINCE}", quarter: $q) { asOf
        rows { source kind county { code } keyUnit { id } plot { id } violation { id } dueOn detectedOn state } byCounty { total } } }`, { q }), 'problems').problems;
      const d = ok(await t.gql(eco, `query($on: Date) { duties(divisionCode: "${PROVINCE}", state: OVERDUE, asOf: $on) { kind county { code } keyUnit { id } plot { id } dueOn } }`,
        { on: p.asOf }), 'duties').duties as any[];
      const key = (x: any) => JSON.stringify([x.kind, x.county.code, x.keyUnit?.id ?? null, x.plot?.id ?? null, x.dueOn]);
      const dRows = p.rows.filter((r: any) => r.source === 'DUTY');
      expect([q, dRows.map(key).sort()]).toEqual([q, d.map(key).sort()]);
      const openThen = all.filter((v) => v.detectedOn <= p.asOf && (v.rectifiedOn == null || v.rectifiedOn > p.asOf));
      const vRows = p.rows.filter((r: any) => r.source === 'VIOLATION');
      expect([q, vRows.map((r: any) => r.violation.id).sort()]).toEqual([q, openThen.map((v) => v.id).sort()]);
      expect(p.rows.length).toBe(d.length + openThen.length);
      expect(p.byCounty.reduce((n: number, c: any) => n + c.total, 0)).toBe(p.rows.length);
      // the report's open violations are the same set
      const cell = await cellRows(q, 'VIOLATIONS_OPEN', null);
      expect(cell.rows.map((r: any) => r.violation.id).sort()).toEqual(openThen.map((v) => v.id).sort());
      duties += d.length;
      open += openThen.length;
    }
    expect(duties).toBeGreaterThan(10);
    expect(open).toBeGreaterThan(0);
  });
});

describe('drill-down: scope and policy', () => {
  it('a county token drills into its county only; the city is FORBIDDEN; HOUSING may not read the report nor its lists', async () => {
    const county = await t.token('ECO', XIAOYI, '下钻-孝义');
    expect(codeOf(await t.gql(county, CELL, { q: '2025Q4', d: CITY, c: 'KEY_UNITS' }))).toBe('FORBIDDEN');
    const mine = await cellRows('2025Q4', 'KEY_UNITS', null, XIAOYI, undefined, county);
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows).toEqual((await cellRows('2025Q4', 'KEY_UNITS', null, CITY)).rows.filter((r: any) => r.county.code === XIAOYI));
    const housing = await t.token('HOUSING', CITY, '下钻-住建');
    expect(codeOf(await t.gql(housing, CELL, { q: '2025Q4', d: CITY, c: 'KEY_UNITS' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(housing, `{ reserveTrackerCell(year: 2025, divisionCode: "${CITY}", cell: PROJECTS) { count } }`))).toBe('FORBIDDEN');
  });

  it('a cell\'s rows download as CSV with the query\'s rows', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const list = await cellRows('2025Q4', 'PLOTS_BY_STAGE', 'SUSPECTED', CITY);
    const res = await fetch(`${base}/exports/joint-dispatch-cell.csv?quarter=2025Q4&divisionCode=${CITY}&cell=PLOTS_BY_STAGE&stage=SUSPECTED`, { headers: { authorization: `Bearer ${eco}` } });
    expect(res.status).toBe(200);
    const text = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('县（市、区）,区划代码,类型,对象,地块编码,事项,日期,状态,说明,数量（吨）');
    expect(lines.length - 1).toBe(list.count);
    const bad = await fetch(`${base}/exports/joint-dispatch-cell.csv?quarter=2025Q4&divisionCode=${CITY}&cell=PLOTS_BY_STAGE`, { headers: { authorization: `Bearer ${eco}` } });
    expect(bad.status).toBe(400);
  });

  it('each subject of a row under its own part: NATURAL_RESOURCES reads key units but not their phones', async () => {
    const nr = await t.token('NATURAL_RESOURCES', CITY, '下钻-自然资源');
    const r = await t.gql(nr, `query($q: String!, $d: ID!) { jointDispatchCell(quarter: $q, divisionCode: $d, cell: KEY_UNITS) {
      rows { keyUnit { id name contactPhone } } } }`, { q: '2025Q4', d: CITY });
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(r.errors!.every((e) => e.extensions.code === 'FORBIDDEN' && e.path?.at(-1) === 'contactPhone')).toBe(true);
    const rows = r.data!.jointDispatchCell.rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.keyUnit).toMatchObject({ id: expect.any(String), name: expect.any(String), contactPhone: null });
  });
});
