/**
 * The county project-reserve tracker (土壤污染防治项目储备): reserveTracker(year, divisionCode), every cell of every
 * row of 晋中市 for 2024, 2025 and 2026. Projects are created and moved by hand through the API with ECO tokens;
 * the expected numbers are worked out by hand below.
 *
 * Readings of the brief tested here:
 * - `projects`, `byStage` and the two sums cover the entries OF that year (ReserveProject.year), each in its
 *   stage as of `asOf` (default today); `newInCentralReserve` counts every entry whose enteredCentralReserveOn
 *   falls in that year (not after asOf), whatever year the entry belongs to (a 2024 entry taken in on 2025-02-10
 *   counts for 2025; a 2025 entry taken in on 2026-01-10 counts for 2026, not 2025), and whose stage as of asOf
 *   is IN_CENTRAL_RESERVE or later (RULES §7). `targetMet` = newInCentralReserve >= 1.
 * - Changed by RULES §7 (issue 14): a project withdrawn after entering (平遥 W1) and a DRAFT row carrying an
 *   entry date (灵石 D1) no longer count toward newInCentralReserve / targetMet (they did in the first edition).
 * - As of a past date the answer is the one given then: a project counts once recorded or moved by that date,
 *   in its stage then; later moves do not change it.
 * - An unknown amount (null) adds nothing; a county without entries sums to "0.00".
 */
import { REQUEST_TRANSACTION_STATEMENTS, startTestApp, TestApp } from '../helpers/app';
import { api, Api, codeOf, ok } from './api';

jest.setTimeout(120_000);

const JINZHONG = [
  ['140702', '榆次区'], ['140703', '太谷区'], ['140721', '榆社县'], ['140722', '左权县'], ['140723', '和顺县'], ['140724', '昔阳县'],
  ['140725', '寿阳县'], ['140727', '祁县'], ['140728', '平遥县'], ['140729', '灵石县'], ['140781', '介休市'],
] as const;
const RESERVE_STAGES = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN'] as const;

const ROWS = `rows { county { code name } projects newInCentralReserve targetMet byStage { stage count } centralFundsRequested centralFundsApproved }`;
const QUERY = `query($y: Int!, $d: ID!) { reserveTracker(year: $y, divisionCode: $d) { year division { code name } ${ROWS} } }`;
const QUERY_AS_OF = `query($y: Int!, $d: ID!, $asOf: Date) { reserveTracker(year: $y, divisionCode: $d, asOf: $asOf) { asOf ${ROWS} } }`;

let t: TestApp;
let w: Api;
let eco: string; // ECO 晋中市

type Stages = Partial<Record<(typeof RESERVE_STAGES)[number], number>>;
interface Row { projects: number; inReserve: number; target: boolean; stages: Stages; requested: string; approved: string }
const NONE: Row = { projects: 0, inReserve: 0, target: false, stages: {}, requested: '0.00', approved: '0.00' };
const rows = (given: Record<string, Row>) =>
  JINZHONG.map(([code, name]) => {
    const r = given[code] ?? NONE;
    return {
      county: { code, name },
      projects: r.projects,
      newInCentralReserve: r.inReserve,
      targetMet: r.target,
      byStage: RESERVE_STAGES.map((stage) => ({ stage, count: r.stages[stage] ?? 0 })),
      centralFundsRequested: r.requested,
      centralFundsApproved: r.approved,
    };
  });

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2026-01-15T12:00:00+08:00') });
  w = api(t);
  eco = await w.tok('ECO', '140700');
  // Each project moves along RULES §7's table, one update per move, each with its date.
  const mk = async (county: string, year: number, requested: string | null, ...moves: Record<string, unknown>[]) => {
    const id = await w.reserveProject(county, year, requested);
    for (const m of moves) await w.updateReserveProject(id, county, m);
    return id;
  };
  const sub = (on: string) => ({ stage: 'SUBMITTED', submittedOn: on });
  const inReserve = (on: string, batch: string) => ({ stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: on, centralReserveBatchNo: batch });
  const to = (stage: string, on: string, more: Record<string, unknown> = {}) => ({ stage, stageChangedOn: on, ...more });
  // 太谷区 140703
  await mk('140703', 2024, '1250.50', sub('2024-03-01'), inReserve('2024-06-15', '2024年第一批'), to('FUNDED', '2024-08-01', { centralFundsApproved: '1000.25' })); // T1
  await mk('140703', 2024, '0.10', sub('2024-11-01'), inReserve('2025-02-10', '2025年第一批')); // T2, taken in the next year
  await mk('140703', 2025, '0.20'); // T3, DRAFT
  await mk('140703', 2025, '0.10', sub('2025-03-01'), inReserve('2025-04-01', '2025年第二批')); // T4
  await mk('140703', 2025, null, sub('2025-02-01'), to('WITHDRAWN', '2025-03-15')); // T5
  await mk('140703', 2025, null, sub('2025-12-01'), inReserve('2025-12-20', '2025年第四批'), to('FUNDED', '2025-12-28', { centralFundsApproved: '1250.5' }), to('IN_PROGRESS', '2025-12-30')); // T6
  // 榆次区 140702
  await mk('140702', 2025, '999.99', sub('2025-05-01')); // Y1
  await mk('140702', 2024, '500', sub('2024-04-01'), inReserve('2024-05-01', '2024年第一批'), to('FUNDED', '2024-07-01', { centralFundsApproved: '480.50' }), to('IN_PROGRESS', '2024-09-01'), to('COMPLETED', '2024-12-01')); // Y2
  // 榆社县 140721: a 2025 entry taken into the reserve in January 2026
  await mk('140721', 2025, '100', sub('2025-11-20'), inReserve('2026-01-10', '2026年第一批')); // S1
  // 介休市 140781: sums past 12 integer digits, still exact
  await mk('140781', 2025, '999999999999.99');
  await mk('140781', 2025, '999999999999.99');
  // 平遥县 140728: taken in on 2025-06-01, withdrawn on 2025-10-15 (W1)
  await mk('140728', 2025, '50', sub('2025-05-01'), inReserve('2025-06-01', '2025年第二批'), to('WITHDRAWN', '2025-10-15'));
  // 灵石县 140729: a DRAFT carrying an entry date, as the first edition let one be written (D1)
  const d1 = await mk('140729', 2025, '60');
  await t.app.orm.em.fork().getConnection().execute(`update reserve_project set entered_central_reserve_on = '2025-05-05' where id = ?`, [Number(d1)]);
  // 吕梁市 孝义市: another city, never in 晋中市's rows
  await mk('141181', 2025, '77.77', sub('2025-04-01'), inReserve('2025-05-01', '2025年第一批'));
});
afterAll(async () => { await t?.stop(); });

const tracker = async (token: string, year: number, d = '140700') => ok(await t.gql(token, QUERY, { y: year, d }), `tracker ${year} ${d}`).reserveTracker;

describe('reserveTracker 晋中市, every cell', () => {
  it('2024', async () => {
    const r = await tracker(eco, 2024);
    expect(r.year).toBe(2024);
    expect(r.division).toEqual({ code: '140700', name: '晋中市' });
    expect(r.rows).toEqual(rows({
      '140702': { projects: 1, inReserve: 1, target: true, stages: { COMPLETED: 1 }, requested: '500.00', approved: '480.50' },
      // T1 FUNDED, T2 now IN_CENTRAL_RESERVE (taken in 2025, so not new in 2024); 1250.50 + 0.10
      '140703': { projects: 2, inReserve: 1, target: true, stages: { FUNDED: 1, IN_CENTRAL_RESERVE: 1 }, requested: '1250.60', approved: '1000.25' },
    }));
  });

  it('2025', async () => {
    const r = await tracker(eco, 2025);
    expect(r.rows).toEqual(rows({
      '140702': { projects: 1, inReserve: 0, target: false, stages: { SUBMITTED: 1 }, requested: '999.99', approved: '0.00' },
      // T3..T6 are 2025's entries; new in 2025: T2 (02-10), T4 (04-01), T6 (12-20). 0.20 + 0.10 (+ two nulls) = 0.30.
      '140703': { projects: 4, inReserve: 3, target: true, stages: { DRAFT: 1, IN_CENTRAL_RESERVE: 1, IN_PROGRESS: 1, WITHDRAWN: 1 }, requested: '0.30', approved: '1250.50' },
      '140721': { projects: 1, inReserve: 0, target: false, stages: { IN_CENTRAL_RESERVE: 1 }, requested: '100.00', approved: '0.00' },
      '140728': { projects: 1, inReserve: 0, target: false, stages: { WITHDRAWN: 1 }, requested: '50.00', approved: '0.00' },
      '140729': { projects: 1, inReserve: 0, target: false, stages: { DRAFT: 1 }, requested: '60.00', approved: '0.00' },
      '140781': { projects: 2, inReserve: 0, target: false, stages: { DRAFT: 2 }, requested: '1999999999999.98', approved: '0.00' },
    }));
    expect(0.1 + 0.2).not.toBe(0.3); // what a float sum would have said
  });

  it('2025 as of 2025-09-30, by hand: 平遥 W1 still in the reserve (met); 太谷 without T3 (recorded later) and T6, 榆社 without S1 (moved from 12-01, 11-20)', async () => {
    const r = ok(await t.gql(eco, QUERY_AS_OF, { y: 2025, d: '140700', asOf: '2025-09-30' })).reserveTracker;
    expect(r.asOf).toBe('2025-09-30');
    expect(r.rows).toEqual(rows({
      '140702': { projects: 1, inReserve: 0, target: false, stages: { SUBMITTED: 1 }, requested: '999.99', approved: '0.00' },
      // T4 IN_CENTRAL_RESERVE, T5 WITHDRAWN (03-15); new by 09-30: T2 (02-10), T4 (04-01).
      '140703': { projects: 2, inReserve: 2, target: true, stages: { IN_CENTRAL_RESERVE: 1, WITHDRAWN: 1 }, requested: '0.10', approved: '0.00' },
      // 榆社 S1 was submitted only on 11-20: not yet known.
      '140728': { projects: 1, inReserve: 1, target: true, stages: { IN_CENTRAL_RESERVE: 1 }, requested: '50.00', approved: '0.00' },
    }));
  });

  it('the past answer stays after a later withdrawal (榆次 Y1 on 2026-01-05); 平遥 W1 as of its withdrawal is not met', async () => {
    const before = ok(await t.gql(eco, QUERY_AS_OF, { y: 2025, d: '140700', asOf: '2025-09-30' })).reserveTracker;
    const y1 = ok(await t.gql(eco, `{ reserveProjects(divisionCode: "140702", year: 2025) { nodes { id } } }`)).reserveProjects.nodes[0].id;
    await w.updateReserveProject(y1, '140702', { stage: 'WITHDRAWN', stageChangedOn: '2026-01-05' });
    expect(ok(await t.gql(eco, QUERY_AS_OF, { y: 2025, d: '140700', asOf: '2025-09-30' })).reserveTracker).toEqual(before);
    const atWithdrawal = ok(await t.gql(eco, QUERY_AS_OF, { y: 2025, d: '140728', asOf: '2025-10-15' })).reserveTracker.rows[0];
    expect(atWithdrawal).toMatchObject({ newInCentralReserve: 0, targetMet: false });
    // Y1 as of the day before its withdrawal and today (the test's 2026-01-15).
    const stageOf = async (asOf?: string) => (ok(await t.gql(eco, QUERY_AS_OF, { y: 2025, d: '140702', asOf })).reserveTracker.rows[0].byStage as { stage: string; count: number }[]).filter((x) => x.count);
    expect(await stageOf('2026-01-04')).toEqual([{ stage: 'SUBMITTED', count: 1 }]);
    expect(await stageOf()).toEqual([{ stage: 'WITHDRAWN', count: 1 }]);
  });

  it('2026: a 2025 entry taken in on 2026-01-10 meets 2026\'s target', async () => {
    const r = await tracker(eco, 2026);
    expect(r.rows).toEqual(rows({ '140721': { ...NONE, inReserve: 1, target: true } }));
  });

  it('NATURAL_RESOURCES reads the same tracker; a COUNTY token reads its own county', async () => {
    expect(await tracker(await w.tok('NATURAL_RESOURCES', '140700'), 2025)).toEqual(await tracker(eco, 2025));
    const own = await tracker(await w.tok('ECO', '140703'), 2025, '140703');
    expect(own.rows).toEqual(rows({
      '140703': { projects: 4, inReserve: 3, target: true, stages: { DRAFT: 1, IN_CENTRAL_RESERVE: 1, IN_PROGRESS: 1, WITHDRAWN: 1 }, requested: '0.30', approved: '1250.50' },
    }).filter((r) => r.county.code === '140703'));
  });
});

describe('reserveTracker: who may read it, and bad input', () => {
  it.each(['HOUSING', 'APPROVALS'] as const)('%s is FORBIDDEN', async (agency) => {
    const r = await t.gql(await w.tok(agency, '140700'), QUERY, { y: 2025, d: '140700' });
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(r.data?.reserveTracker ?? null).toBeNull();
  });

  it('a division outside the token\'s scope is FORBIDDEN', async () => {
    const county = await w.tok('ECO', '140703');
    expect(codeOf(await t.gql(county, QUERY, { y: 2025, d: '140700' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(county, QUERY, { y: 2025, d: '140702' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(await w.tok('ECO', '141100'), QUERY, { y: 2025, d: '140700' }))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(eco, QUERY, { y: 2025, d: '140000' }))).toBe('FORBIDDEN');
  });

  it.each([[1989, '140700'], [2101, '140700'], [2025, '999999']])('year %d, division %s → BAD_USER_INPUT', async (y, d) => {
    expect(codeOf(await t.gql(eco, QUERY, { y, d }))).toBe('BAD_USER_INPUT');
  });

  it('a city tracker runs as many statements as a county tracker', async () => {
    const county = await w.tok('ECO', '140703');
    const city = await t.countStatements(() => t.gql(eco, QUERY, { y: 2025, d: '140700' }));
    const one = await t.countStatements(() => t.gql(county, QUERY, { y: 2025, d: '140703' }));
    // eslint-disable-next-line no-console
    console.log(`reserveTracker statements: city 140700 = ${city.statements}, county 140703 = ${one.statements}`);
    expect(city.result.errors).toBeUndefined();
    expect(city.statements).toBe(one.statements);
    expect(city.statements).toBeLessThanOrEqual(2 + REQUEST_TRANSACTION_STATEMENTS);
  });
});
