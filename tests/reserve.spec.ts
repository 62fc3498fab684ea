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

const PROJECT = `id projectCode name category stage year totalInvestment centralFundsRequested centralFundsApproved submittedOn enteredCentralReserveOn version
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
      enteredCentralReserveOn: null, version: 1, county: { code: '141181' }, plots: [plot], keyUnits: [unit],
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
    const c = ok(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-06-15', centralFundsApproved: '250.5' }, v: 2 })).updateReserveProject;
    expect(c).toMatchObject({ stage: 'IN_CENTRAL_RESERVE', submittedOn: '2025-03-01', enteredCentralReserveOn: '2025-06-15', centralFundsApproved: '250.50', centralFundsRequested: '300.00', version: 3 });
    expect(await readProject(eco, p.id)).toEqual(c);
  });

  it.each(['IN_CENTRAL_RESERVE', 'FUNDED', 'COMPLETED'])('refuses stage %s without enteredCentralReserveOn (BAD_USER_INPUT), writing nothing', async (stage) => {
    const p = await create(eco);
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage }, v: 1 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'DRAFT', version: 1 });
  });

  it('refuses enteredCentralReserveOn before submittedOn or in the future', async () => {
    const p = await create(eco);
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { submittedOn: '2025-05-01', stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2025-04-30' }, v: 1 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: addDays(today, 1) }, v: 1 }), 'BAD_USER_INPUT', 'input.enteredCentralReserveOn');
    refused(await t.gql(eco, UPDATE, { id: p.id, input: { submittedOn: addDays(today, 1) }, v: 1 }), 'BAD_USER_INPUT', 'input.submittedOn');
    expect(await readProject(eco, p.id)).toMatchObject({ stage: 'DRAFT', submittedOn: null, enteredCentralReserveOn: null, version: 1 });
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
    ok(await t.gql(eco, UPDATE, { id: inReserve.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2024-01-20' }, v: 1 }));
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
    ok(await t.gql(ecoLiShi, UPDATE, { id: a.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2019-08-01', centralFundsApproved: '0.1' }, v: 1 }));
    ok(await t.gql(ecoLiShi, UPDATE, { id: b.id, input: { stage: 'IN_CENTRAL_RESERVE', enteredCentralReserveOn: '2019-09-01', centralFundsApproved: '0.2' }, v: 1 }));
    const r = ok(await t.gql(ecoLiShi, `{ reserveTracker(year: 2019, divisionCode: "141102") { year rows { county { code } projects newInCentralReserve targetMet centralFundsRequested centralFundsApproved byStage { stage count } } } }`)).reserveTracker;
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({ county: { code: '141102' }, projects: 3, newInCentralReserve: 2, targetMet: true, centralFundsRequested: '1000000000000.29', centralFundsApproved: '0.30' });
    expect(r.rows[0].byStage).toEqual(expect.arrayContaining([{ stage: 'DRAFT', count: 1 }, { stage: 'IN_CENTRAL_RESERVE', count: 2 }]));
  });
});
