/**
 * The soil-project reserve (土壤污染防治项目储备): createReserveProject, updateReserveProject, the
 * reserveProjects filters, nested plots and key units, and exact money (万元, Decimal strings) end to end.
 */
import { startTestApp, TestApp } from './helpers/app';
import { makeCreditCode } from '../src/validation/uscc';
import { addDays, todayInShanghai } from '../src/validation/dates';
import { ok, refused } from './helpers/assert';

let t: TestApp;
let eco: string; // ECO 孝义市
let ecoLiShi: string; // ECO 离石区
let ecoLvliang: string; // ECO 吕梁市
let ecoJinzhong: string; // ECO 晋中市
let nr: string; // NATURAL_RESOURCES 孝义市 (reads the reserve)
let housing: string; // HOUSING 孝义市 (may not read it)
const today = todayInShanghai();

beforeAll(async () => {
  t = await startTestApp();
  eco = await t.token('ECO', '141181', '孝义市生态环境分局');
  ecoLiShi = await t.token('ECO', '141102', '离石区生态环境分局');
  ecoLvliang = await t.token('ECO', '141100', '吕梁市生态环境局');
  ecoJinzhong = await t.token('ECO', '140700', '晋中市生态环境局');
  nr = await t.token('NATURAL_RESOURCES', '141181', '孝义市自然资源局');
  housing = await t.token('HOUSING', '141181', '孝义市住房和城乡建设局');
});
afterAll(async () => { await t?.stop(); });

// ───────────── helpers ─────────────

const PROJECT = `id projectCode name category stage year totalInvestment centralFundsRequested centralFundsApproved submittedOn enteredCentralReserveOn centralReserveBatchNo version
  county { code } plots { id name } keyUnits { id creditCode }`;
const CREATE = `mutation($input: ReserveProjectInput!) { createReserveProject(input: $input) { ${PROJECT} } }`;
const UPDATE = `mutation($id: ID!, $input: ReserveProjectUpdate!, $v: Int!) { updateReserveProject(id: $id, input: $input, expectedVersion: $v) { ${PROJECT} } }`;
const LIST = `query($d: ID, $y: Int, $s: ReserveStage) { reserveProjects(divisionCode: $d, year: $y, stage: $s, first: 1000) { totalCount nodes { id year stage county { code } } } }`;

let serial = 0;
interface ProjectInput { name: string; countyCode: string; category: string; year: number; totalInvestment?: string | null; centralFundsRequested?: string | null; plotIds?: string[]; keyUnitIds?: string[] }
const projectInput = (over: Partial<ProjectInput> = {}): ProjectInput => ({
  name: `孝义市土壤污染防治项目${++serial}`, countyCode: '141181', category: 'RISK_CONTROL_REMEDIATION', year: 2025, ...over,
});

const create = async (token: string, over: Partial<ProjectInput> = {}) => ok(await t.gql(token, CREATE, { input: projectInput(over) })).createReserveProject;
const countProjects = async () => ok(await t.gql(ecoLvliang, `{ reserveProjects { totalCount } }`)).reserveProjects.totalCount as number;
const readProject = async (token: string, id: string) => {
  const nodes = ok(await t.gql(token, `{ reserveProjects(first: 1000) { nodes { ${PROJECT} } } }`)).reserveProjects.nodes;
  return nodes.find((n: { id: string }) => n.id === id) ?? null;
};
const registerPlot = async (token: string, countyCode: string, name: string) =>
  ok(await t.gql(token, `mutation($input: PlotInput!) { registerPlot(input: $input) { id name } }`, { input: { name, countyCode, source: 'OTHER' } })).registerPlot;
let unitSerial = 0;
const upsertUnit = async (token: string, countyCode: string) =>
  ok(await t.gql(token, `mutation($input: KeyUnitInput!) { upsertKeyUnit(input: $input) { id creditCode } }`, {
    input: { creditCode: makeCreditCode(`91${countyCode}MA${String(++unitSerial).padStart(7, '0')}`), name: `储备测试单位${unitSerial}`, countyCode, industry: '焦化', listedOn: '2023-01-01' },
  })).upsertKeyUnit;

// ───────────── createReserveProject ─────────────

describe('createReserveProject', () => {
  it('creates a DRAFT entry with a platform projectCode and exact money', async () => {
    const plot = await registerPlot(eco, '141181', '储备项目关联地块');
    const unit = await upsertUnit(eco, '141181');
    const input = projectInput({ totalInvestment: '1250.5', centralFundsRequested: '800', plotIds: [plot.id], keyUnitIds: [unit.id] });
    const p = ok(await t.gql(eco, CREATE, { input })).createReserveProject;
    expect(p).toEqual({
      id: expect.stringMatching(/^\d+$/), projectCode: expect.stringMatching(/^TR-141181-2025-\d+$/), name: input.name, category: 'RISK_CONTROL_REMEDIATION',
      stage: 'DRAFT', year: 2025, totalInvestment: '1250.50', centralFundsRequested: '800.00', centralFundsApproved: null, submittedOn: null,
      enteredCentralReserveOn: null, centralReserveBatchNo: null, version: 1, county: { code: '141181' }, plots: [plot], keyUnits: [unit],
    });
    expect(await readProject(eco, p.id)).toEqual(p);
    // The plot knows its project too.
    const r = ok(await t.gql(eco, `query($id: ID) { plot(id: $id) { reserveProjects { id projectCode } } }`, { id: plot.id })).plot;
    expect(r.reserveProjects).toEqual([{ id: p.id, projectCode: p.projectCode }]);
  });

  it('assigns a different projectCode to every project', async () => {
    const codes = [(await create(eco)).projectCode, (await create(eco)).projectCode, (await create(ecoLiShi, { countyCode: '141102' })).projectCode];
    expect(new Set(codes).size).toBe(3);
    expect(codes[2]).toMatch(/^TR-141102-2025-/);
  });

  it('keeps money exact: the largest amount, 0.1 + 0.2, leading zeros and whole numbers', async () => {
    const big = await create(eco, { totalInvestment: '999999999999.99', centralFundsRequested: '000.1' });
    expect(big).toMatchObject({ totalInvestment: '999999999999.99', centralFundsRequested: '0.10' });
    const small = await create(eco, { totalInvestment: '0.2', centralFundsRequested: '0' });
    expect(small).toMatchObject({ totalInvestment: '0.20', centralFundsRequested: '0.00' });
  });

  it.each<[string, Partial<ProjectInput>]>([
    ['a negative amount', { totalInvestment: '-1' }],
    ['three decimals', { centralFundsRequested: '1.234' }],
    ['an exponent', { totalInvestment: '1e3' }],
    ['13 integer digits', { totalInvestment: '1000000000000' }],
    ['an empty amount', { centralFundsRequested: '' }],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_label, over) => {
    const before = await countProjects();
    refused(await t.gql(eco, CREATE, { input: projectInput(over) }), 'BAD_USER_INPUT');
    expect(await countProjects()).toBe(before);
  });

  // The Decimal scalar refuses the amount before the service runs; src/errors.ts formatError names the field.
  it('names the money field the Decimal scalar refuses (extensions.field input.totalInvestment)', async () => {
    refused(await t.gql(eco, CREATE, { input: projectInput({ totalInvestment: '-1' }) }), 'BAD_USER_INPUT', 'input.totalInvestment');
  });

  it.each<[string, () => Promise<Partial<ProjectInput>>, string]>([
    ['a plot outside the scope', async () => ({ plotIds: [(await registerPlot(ecoLiShi, '141102', '离石区地块')).id] }), 'input.plotIds'],
    ['a plot that does not exist', async () => ({ plotIds: ['987654'] }), 'input.plotIds'],
    ['a plot id that is not an id', async () => ({ plotIds: ['p-1'] }), 'input.plotIds'],
    ['a key unit outside the scope', async () => ({ keyUnitIds: [(await upsertUnit(ecoLiShi, '141102')).id] }), 'input.keyUnitIds'],
    ['a year out of range', async () => ({ year: 1900 }), 'input.year'],
    ['an empty name', async () => ({ name: ' ' }), 'input.name'],
    ['a city as countyCode', async () => ({ countyCode: '141100' }), 'input.countyCode'],
  ])('refuses %s with BAD_USER_INPUT naming the field, and writes nothing', async (_label, make, field) => {
    const over = await make();
    const before = await countProjects();
    refused(await t.gql(eco, CREATE, { input: projectInput(over) }), 'BAD_USER_INPUT', field);
    expect(await countProjects()).toBe(before);
  });

  it('refuses a county outside the scope (FORBIDDEN), and agencies other than ECO (FORBIDDEN)', async () => {
    const before = await countProjects();
    refused(await t.gql(eco, CREATE, { input: projectInput({ countyCode: '141102' }) }), 'FORBIDDEN');
    refused(await t.gql(nr, CREATE, { input: projectInput() }), 'FORBIDDEN');
    expect(await countProjects()).toBe(before);
    // NATURAL_RESOURCES reads the reserve; HOUSING may not.
    expect(ok(await t.gql(nr, `{ reserveProjects { totalCount } }`)).reserveProjects.totalCount).toBeGreaterThan(0);
    refused(await t.gql(housing, `{ reserveProjects { totalCount } }`), 'FORBIDDEN');
  });
});

// ───────────── updateReserveProject ─────────────

describe('updateReserveProject', () => {
  it('moves a project through its stages with dates and approved funds, incrementing the version', async () => {
    const p = await create(eco, { centralFundsRequested: '300' });
    const s = ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2025-03-01' }, v: 1 })).updateReserveProject;
    expect(s).toMatchObject({ stage: 'SUBMITTED', submittedOn: '2025-03-01', version: 2 });
    const c = ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-06-15', centralReserveBatchNo: '2025年第一批', centralFundsApproved: '250.5' }, v: 2 })).updateReserveProject;
    expect(c).toMatchObject({ stage: 'IN_CENTRAL_RESERVE', submittedOn: '2025-03-01', enteredCentralReserveOn: '2025-06-15', centralReserveBatchNo: '2025年第一批', centralFundsApproved: '250.50', centralFundsRequested: '300.00', version: 3 });
    expect(await readProject(eco, p.id)).toEqual(c);
  });

  // Before RULES §7 a DRAFT could be set to FUNDED or COMPLETED directly (refused only for the missing date);
  // now such a skip is ILLEGAL_TRANSITION, and the date is asked for on the move into the central reserve.
  it('refuses IN_CENTRAL_RESERVE without enteredCentralReserveOn (BAD_USER_INPUT), writing nothing', async () => {
    const p = await create(eco);
    ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2025-03-01' }, v: 1 }));
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', centralReserveBatchNo: '2025年第一批' }, v: 2 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'SUBMITTED', version: 2 });
  });

  it.each(['IN_CENTRAL_RESERVE', 'FUNDED', 'COMPLETED'])('refuses DRAFT → %s (ILLEGAL_TRANSITION), writing nothing', async (stage) => {
    const p = await create(eco);
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage, enteredCentralReserveOn: '2025-06-01', centralReserveBatchNo: '2025年第一批' }, v: 1 }), 'ILLEGAL_TRANSITION');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'DRAFT', version: 1 });
  });

  it('refuses enteredCentralReserveOn before submittedOn or in the future', async () => {
    const p = await create(eco);
    ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2025-05-01' }, v: 1 }));
    const batch = { centralReserveBatchNo: '2025年第一批' };
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-04-30', ...batch }, v: 2 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: addDays(today, 1), ...batch }, v: 2 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { submittedOn: addDays(today, 1) }, v: 2 }), 'BAD_USER_INPUT', 'input.submittedOn');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'SUBMITTED', submittedOn: '2025-05-01', enteredCentralReserveOn: null, version: 2 });
  });

  it('refuses a stale version with CONFLICT and writes nothing', async () => {
    const p = await create(eco);
    ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2025-02-01' }, v: 1 }));
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'WITHDRAWN' }, v: 1 }), 'CONFLICT');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'SUBMITTED', version: 2 });
  });

  it('answers NOT_FOUND outside the scope', async () => {
    const p = await create(ecoLiShi, { countyCode: '141102' });
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'WITHDRAWN' }, v: 1 }), 'NOT_FOUND');
    expect(await readProject(ecoLiShi, p.id)).toMatchObject({ stage: 'DRAFT', version: 1 });
  });
});

// ───────────── reserveProjects filters and sums ─────────────

describe('reserveProjects filters', () => {
  type Node = { id: string; year: number; stage: string; county: { code: string } };
  let fx: Record<'y2024' | 'y2025' | 'inReserve' | 'lishi' | 'jinzhong', { id: string }>;
  const list = async (token: string, v: Record<string, unknown>) => {
    const r = ok(await t.gql(token, LIST, v)).reserveProjects;
    expect(r.totalCount).toBe(r.nodes.length);
    return r.nodes as Node[];
  };
  const mineOf = (nodes: Node[]) => {
    const ours = new Map(Object.entries(fx).map(([k, v]) => [v.id, k]));
    return nodes.filter((n) => ours.has(n.id)).map((n) => ours.get(n.id)).sort();
  };

  beforeAll(async () => {
    const y2024 = await create(eco, { year: 2024 });
    const y2025 = await create(eco, { year: 2025 });
    const inReserve = await create(eco, { year: 2023 });
    ok(await t.gql(eco, UPDATE, { id: inReserve.id, input: { stage: 'SUBMITTED', submittedOn: '2023-11-20' }, v: 1 }));
    ok(await t.gql(eco, UPDATE, { id: inReserve.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-01-20', centralReserveBatchNo: '2024年第一批' }, v: 2 }));
    const lishi = await create(ecoLiShi, { countyCode: '141102', year: 2024 });
    const jinzhong = await create(ecoJinzhong, { countyCode: '140702', year: 2024 });
    fx = { y2024, y2025, inReserve, lishi, jinzhong };
  });

  it('year, stage and divisionCode', async () => {
    const y = await list(ecoLvliang, { y: 2024 });
    expect(mineOf(y)).toEqual(['lishi', 'y2024']);
    expect(y.every((n) => n.year === 2024)).toBe(true);
    const s = await list(ecoLvliang, { s: 'IN_CENTRAL_RESERVE' });
    expect(mineOf(s)).toEqual(['inReserve']);
    expect(s.every((n) => n.stage === 'IN_CENTRAL_RESERVE')).toBe(true);
    expect(mineOf(await list(ecoLvliang, { d: '141102' }))).toEqual(['lishi']);
    expect(mineOf(await list(ecoLvliang, { d: '141181', y: 2024 }))).toEqual(['y2024']);
    expect(mineOf(await list(ecoLvliang, { d: '140700' }))).toEqual([]);
    expect(mineOf(await list(ecoJinzhong, { d: '140700', y: 2024 }))).toEqual(['jinzhong']);
    expect(mineOf(await list(eco, {}))).toEqual(['inReserve', 'y2024', 'y2025']);
    refused(await t.gql(eco, LIST, { d: '14118' }), 'BAD_USER_INPUT', 'divisionCode');
  });

  it('reserveTracker sums money exactly (0.1 + 0.2 = 0.30) and counts entries into the central reserve by date', async () => {
    const a = await create(ecoLiShi, { countyCode: '141102', year: 2019, centralFundsRequested: '0.1' });
    const b = await create(ecoLiShi, { countyCode: '141102', year: 2019, centralFundsRequested: '0.2' });
    await create(ecoLiShi, { countyCode: '141102', year: 2019, centralFundsRequested: '999999999999.99' });
    for (const [p, on, approved] of [[a, '2019-08-01', '0.1'], [b, '2019-09-01', '0.2']] as const) {
      ok(await t.gql(ecoLiShi, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2019-05-01' }, v: 1 }));
      ok(await t.gql(ecoLiShi, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: on, centralReserveBatchNo: '2019年第二批', centralFundsApproved: approved }, v: 2 }));
    }
    const r = ok(await t.gql(ecoLiShi, `{ reserveTracker(year: 2019, divisionCode: "141102") { year rows { county { code } projects newInCentralReserve targetMet centralFundsRequested centralFundsApproved byStage { stage count } } } }`)).reserveTracker;
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ county: { code: '141102' }, projects: 3, newInCentralReserve: 2, targetMet: true, centralFundsRequested: '1000000000000.29', centralFundsApproved: '0.30' });
    expect(r.rows[0].byStage).toEqual(expect.arrayContaining([{ stage: 'DRAFT', count: 1 }, { stage: 'IN_CENTRAL_RESERVE', count: 2 }]));
  });
});

// ───────────── the stage table and its history (RULES.md §7, issue 14 part 4) ─────────────

describe('reserve stages: the table, the batch document, the history, targetMet as of a date', () => {
  const STAGES = ['DRAFT', 'SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED', 'WITHDRAWN'] as const;
  type Stage = (typeof STAGES)[number];
  // The table, written out again by hand: every legal move.
  const LEGAL: [Stage, Stage][] = [
    ['DRAFT', 'SUBMITTED'], ['DRAFT', 'WITHDRAWN'],
    ['SUBMITTED', 'IN_CENTRAL_RESERVE'], ['SUBMITTED', 'WITHDRAWN'],
    ['IN_CENTRAL_RESERVE', 'FUNDED'], ['IN_CENTRAL_RESERVE', 'WITHDRAWN'],
    ['FUNDED', 'IN_PROGRESS'], ['IN_PROGRESS', 'COMPLETED'],
  ];
  // The input each move carries (dates in 2025, in order).
  const MOVE: Record<Stage, Record<string, unknown>> = {
    DRAFT: {},
    SUBMITTED: { submittedOn: '2025-02-01' },
    IN_CENTRAL_RESERVE: { enteredCentralReserveOn: '2025-03-01', centralReserveBatchNo: '2025年第一批' },
    FUNDED: { stageChangedOn: '2025-04-01', centralFundsApproved: '100' },
    IN_PROGRESS: { stageChangedOn: '2025-05-01' },
    COMPLETED: { stageChangedOn: '2025-06-01' },
    WITHDRAWN: { stageChangedOn: '2025-07-01' },
  };
  const EFFECTIVE: Record<Stage, string> = {
    DRAFT: '', SUBMITTED: '2025-02-01', IN_CENTRAL_RESERVE: '2025-03-01', FUNDED: '2025-04-01', IN_PROGRESS: '2025-05-01', COMPLETED: '2025-06-01', WITHDRAWN: '2025-07-01',
  };
  const PATH: Record<Stage, Stage[]> = {
    DRAFT: [], SUBMITTED: ['SUBMITTED'], IN_CENTRAL_RESERVE: ['SUBMITTED', 'IN_CENTRAL_RESERVE'], FUNDED: ['SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED'],
    IN_PROGRESS: ['SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS'], COMPLETED: ['SUBMITTED', 'IN_CENTRAL_RESERVE', 'FUNDED', 'IN_PROGRESS', 'COMPLETED'],
    WITHDRAWN: ['WITHDRAWN'],
  };
  const HISTORY = `{ reserveProjects(first: 1000) { nodes { id stage version stageHistory { from to effectiveOn recordedAt agency } } } }`;
  const historyOf = async (token: string, id: string) =>
    (ok(await t.gql(token, HISTORY)).reserveProjects.nodes as { id: string; stage: string; version: number; stageHistory: { from: string; to: string; effectiveOn: string; agency: string }[] }[]).find((n) => n.id === id)!;
  let approvals: string;
  beforeAll(async () => { approvals = await t.token('APPROVALS', '141181', '孝义市行政审批服务管理局'); });

  /** A project of 孝义市 moved along `path` by ECO. */
  const at = async (stage: Stage, over: Partial<ProjectInput> = {}) => {
    const p = await create(eco, over);
    let v = 1;
    for (const s of PATH[stage]) ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: s, ...MOVE[s] }, v: v++ }), `${p.id} → ${s}`);
    return { id: p.id as string, v };
  };

  it.each(LEGAL)('%s → %s: ECO moves it, one event with its date; NATURAL_RESOURCES reads the history; HOUSING and APPROVALS may not', async (from, to) => {
    const p = await at(from);
    const before = (await historyOf(eco, p.id)).stageHistory.length;
    refused(await t.gql(nr, UPDATE, { id: p.id, input: { stage: to, ...MOVE[to] }, v: p.v }), 'FORBIDDEN');
    const r = ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: to, ...MOVE[to] }, v: p.v })).updateReserveProject;
    expect(r).toMatchObject({ stage: to, version: p.v + 1 });
    const h = await historyOf(nr, p.id);
    expect(h.stageHistory).toHaveLength(before + 1);
    expect(h.stageHistory.at(-1)).toEqual({ from, to, effectiveOn: EFFECTIVE[to], recordedAt: expect.stringMatching(/\+08:00$/), agency: 'ECO' });
    expect(h.stageHistory.map((e) => e.to)).toEqual([...PATH[from], to]);
    for (const token of [housing, approvals]) refused(await t.gql(token, HISTORY), 'FORBIDDEN');
  });

  it('every move the table does not have is ILLEGAL_TRANSITION with extensions from and to, and writes nothing', async () => {
    for (const from of STAGES) {
      const p = await at(from);
      for (const to of STAGES) {
        if (to === from || LEGAL.some(([a, b]) => a === from && b === to)) continue;
        const r = await t.gql(eco, UPDATE, { id: p.id, input: { stage: to }, v: p.v });
        refused(r, 'ILLEGAL_TRANSITION');
        expect(r.errors![0].extensions).toMatchObject({ from, to });
      }
      expect(await historyOf(eco, p.id)).toMatchObject({ stage: from, version: p.v, stageHistory: PATH[from].map((to) => expect.objectContaining({ to })) });
    }
  });

  it('WITHDRAWN → DRAFT (or SUBMITTED) is refused: nothing goes back', async () => {
    const p = await at('WITHDRAWN');
    const r = await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'DRAFT' }, v: p.v });
    refused(r, 'ILLEGAL_TRANSITION');
    expect(r.errors![0].extensions).toMatchObject({ from: 'WITHDRAWN', to: 'DRAFT' });
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'SUBMITTED', submittedOn: '2025-08-01' }, v: p.v }), 'ILLEGAL_TRANSITION');
    expect(await historyOf(eco, p.id)).toMatchObject({ stage: 'WITHDRAWN', version: p.v });
  });

  it('FUNDED → WITHDRAWN is refused (withdrawal only before FUNDED)', async () => {
    const p = await at('FUNDED');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'WITHDRAWN' }, v: p.v }), 'ILLEGAL_TRANSITION');
    refused(await t.gql(eco, UPDATE, { id: (await at('IN_PROGRESS')).id, input: { stage: 'WITHDRAWN' }, v: 5 }), 'ILLEGAL_TRANSITION');
    expect(await historyOf(eco, p.id)).toMatchObject({ stage: 'FUNDED', version: p.v });
  });

  it('the entry date needs the batch document and a stage IN_CENTRAL_RESERVE or later (BAD_USER_INPUT naming the field)', async () => {
    const p = await at('SUBMITTED');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-03-01' }, v: p.v }), 'BAD_USER_INPUT', 'input.centralReserveBatchNo');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { enteredCentralReserveOn: '2025-03-01', centralReserveBatchNo: '2025年第一批' }, v: p.v }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { centralReserveBatchNo: '2025年第一批' }, v: p.v }), 'BAD_USER_INPUT', 'input.centralReserveBatchNo');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'WITHDRAWN', enteredCentralReserveOn: '2025-03-01', centralReserveBatchNo: '2025年第一批' }, v: p.v }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-03-01', centralReserveBatchNo: '  ' }, v: p.v }), 'BAD_USER_INPUT', 'input.centralReserveBatchNo');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-03-01', centralReserveBatchNo: 'x'.repeat(101) }, v: p.v }), 'BAD_USER_INPUT', 'input.centralReserveBatchNo');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'SUBMITTED', enteredCentralReserveOn: null, centralReserveBatchNo: null, version: p.v });
  });

  it('the same stage again is no move: no event, no error, the other fields apply; stageChangedOn only with a move, never before the last move', async () => {
    const p = await at('IN_CENTRAL_RESERVE');
    const r = ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', centralFundsApproved: '12.5' }, v: p.v })).updateReserveProject;
    expect(r).toMatchObject({ stage: 'IN_CENTRAL_RESERVE', centralFundsApproved: '12.50', version: p.v + 1 });
    expect((await historyOf(eco, p.id)).stageHistory).toHaveLength(2);
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stageChangedOn: '2025-04-01' }, v: p.v + 1 }), 'BAD_USER_INPUT', 'input.stageChangedOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'FUNDED', stageChangedOn: '2025-02-28' }, v: p.v + 1 }), 'BAD_USER_INPUT', 'input.stageChangedOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'FUNDED', stageChangedOn: addDays(today, 1) }, v: p.v + 1 }), 'BAD_USER_INPUT', 'input.stageChangedOn');
    // Without a date the move happens today.
    ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'FUNDED' }, v: p.v + 1 }));
    expect((await historyOf(eco, p.id)).stageHistory.at(-1)).toMatchObject({ from: 'IN_CENTRAL_RESERVE', to: 'FUNDED', effectiveOn: today });
  });

  describe('targetMet and the tracker as of a date (离石区)', () => {
    const TRACKER = `query($y: Int!, $asOf: Date) { reserveTracker(year: $y, divisionCode: "141102", asOf: $asOf) { asOf rows { projects newInCentralReserve targetMet byStage { stage count } } } }`;
    const row = async (token: string, y: number, asOf?: string) => ok(await t.gql(token, TRACKER, { y, asOf })).reserveTracker.rows[0];
    const stagesOf = (r: { byStage: { stage: string; count: number }[] }) => Object.fromEntries(r.byStage.filter((s) => s.count).map((s) => [s.stage, s.count]));
    const sql = (q: string, params: unknown[]) => t.app.orm.em.fork().getConnection().execute(q, params);
    const lishi = async (y: number, stage: Stage) => {
      const p = await create(ecoLiShi, { countyCode: '141102', year: y });
      let v = 1;
      const shift = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, x]) => [k, typeof x === 'string' && /^2025-/.test(x) ? `${y}${x.slice(4)}` : x]));
      for (const s of PATH[stage]) ok(await t.gql(ecoLiShi, UPDATE, { id: p.id, input: { stage: s, ...shift(MOVE[s]) }, v: v++ }));
      return { id: p.id as string, v };
    };

    it('a WITHDRAWN project with an entry date, and a DRAFT row carrying one (old data), leave targetMet false', async () => {
      const w = await lishi(2017, 'IN_CENTRAL_RESERVE');
      expect(await row(ecoLiShi, 2017)).toMatchObject({ newInCentralReserve: 1, targetMet: true });
      ok(await t.gql(ecoLiShi, UPDATE, { id: w.id, input: { stage: 'WITHDRAWN', stageChangedOn: '2017-09-01' }, v: w.v }));
      const d = await create(ecoLiShi, { countyCode: '141102', year: 2017 });
      // Before RULES §7 an entry date could be set on a DRAFT: such a row, written as the old code let it be.
      await sql(`update reserve_project set entered_central_reserve_on = '2017-05-01' where id = ?`, [Number(d.id)]);
      const r = await row(ecoLiShi, 2017);
      expect(r).toMatchObject({ projects: 2, newInCentralReserve: 0, targetMet: false });
      expect(stagesOf(r)).toEqual({ DRAFT: 1, WITHDRAWN: 1 });
      // NATURAL_RESOURCES reads the same; HOUSING and APPROVALS may not.
      expect(await row(await t.token('NATURAL_RESOURCES', '141102', '离石区自然资源局'), 2017)).toEqual(r);
      for (const a of ['HOUSING', 'APPROVALS']) refused(await t.gql(await t.token(a, '141102', `离石区${a}`), TRACKER, { y: 2017 }), 'FORBIDDEN');
    });

    it('the tracker as of an earlier date is unchanged by a later withdrawal', async () => {
      const p = await lishi(2016, 'IN_CENTRAL_RESERVE'); // submitted 2016-02-01, entered 2016-03-01
      const q2 = await row(ecoLiShi, 2016, '2016-06-30');
      const q1 = await row(ecoLiShi, 2016, '2016-02-15');
      // Worked by hand: as of 06-30 one project, IN_CENTRAL_RESERVE since 03-01: target met.
      expect(q2).toEqual({ projects: 1, newInCentralReserve: 1, targetMet: true, byStage: expect.any(Array) });
      expect(stagesOf(q2)).toEqual({ IN_CENTRAL_RESERVE: 1 });
      // As of 02-15 it was only submitted: not met yet.
      expect(q1).toMatchObject({ projects: 1, newInCentralReserve: 0, targetMet: false });
      expect(stagesOf(q1)).toEqual({ SUBMITTED: 1 });
      ok(await t.gql(ecoLiShi, UPDATE, { id: p.id, input: { stage: 'WITHDRAWN', stageChangedOn: '2016-10-09' }, v: p.v }));
      expect(await row(ecoLiShi, 2016, '2016-06-30')).toEqual(q2);
      expect(await row(ecoLiShi, 2016, '2016-02-15')).toEqual(q1);
      // As of the withdrawal and today: withdrawn, not met.
      for (const asOf of ['2016-10-09', undefined]) {
        const r = await row(ecoLiShi, 2016, asOf);
        expect(r).toMatchObject({ projects: 1, newInCentralReserve: 0, targetMet: false });
        expect(stagesOf(r)).toEqual({ WITHDRAWN: 1 });
      }
      expect(ok(await t.gql(ecoLiShi, TRACKER, { y: 2016 })).reserveTracker.asOf).toBe(today);
      refused(await t.gql(ecoLiShi, TRACKER, { y: 2016, asOf: addDays(today, 1) }), 'BAD_USER_INPUT', 'asOf');
    });
  });
});
