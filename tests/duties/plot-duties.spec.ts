/**
 * The plot duties of the one duty engine (RULES.md §6; issue 13 deliverables 6 and 9), through the GraphQL API
 * with each agency's token: every plot duty's DUE / OVERDUE / MET over dates (`duties(asOf)`), the city rule for
 * INVESTIGATION_BEFORE_USE_CHANGE, the query's filters and row scope, the mutations that meet the duties, the
 * quarterly report's new cells against the query, and the statement count of Plot.obligations.
 *
 * Triggers and land classes: the lead's mutations record them (registerPlot from its source, planLandUse of a
 * 一住两公 use, advancePlotStage's evidence.landClass), but they were being written at the same time as this
 * spec. So the spec writes the rows those facts need itself, with SQL on the owner connection
 * (`t.app.orm.em.fork().execute`): a trigger is inserted unless one of its kind already stood by that date, and
 * the class of a clearance is set on its stage event. Everything else goes through the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, TestApp } from '../helpers/app';
import { MOVES, Stage } from '../helpers/lifecycle-table';
import { makeCreditCode } from '../../src/validation/uscc';
import { ok } from '../helpers/assert';

jest.setTimeout(240_000);

const NOW = () => new Date('2025-06-30T12:00:00+08:00');
const A = '140702'; // 榆次区
const B = '140703'; // 太谷区
const C = '140721'; // 榆社县: the statement-count plots

let t: TestApp;
const tok: Record<string, string> = {};
const ids: Record<string, string> = {};
let serial = 0;

const gql = async (token: string, query: string, variables?: Record<string, unknown>, what?: string) => ok(await t.gql(token, query, variables), what);
const sql = (text: string, params: unknown[] = []) => t.app.orm.em.fork().getConnection().execute(text, params);

async function version(plotId: string, token = tok.ecoA) {
  return (await gql(token, `query($id: ID) { plot(id: $id) { version } }`, { id: plotId })).plot.version as number;
}

async function register(county: string, o: { source?: string; currentUseCode?: string; keyUnitId?: string; identifiedOn: string }, token = county === A ? tok.ecoA : tok[`eco${county}`]) {
  const r = await gql(token, `mutation($i: PlotInput!) { registerPlot(input: $i) { id } }`,
    { i: { name: `义务测试地块${++serial}`, countyCode: county, source: o.source ?? 'OTHER', currentUseCode: o.currentUseCode, keyUnitId: o.keyUnitId, identifiedOn: o.identifiedOn } }, 'registerPlot');
  return r.registerPlot.id as string;
}

/** Moves by ECO, with evidence where the lifecycle table asks for it. */
async function walk(plotId: string, moves: [Stage, string][], token = tok.ecoA) {
  for (const [to, on] of moves) {
    const cur = (await gql(token, `query($id: ID) { plot(id: $id) { stage version } }`, { id: plotId })).plot;
    const ev = MOVES[cur.stage as Stage][to] ? { documentNo: `DOC-${plotId}-${to}`, title: `${to} 报告`, issuedBy: '晋中市生态环境局评审组', issuedOn: on } : null;
    await gql(token, `mutation($p: ID!, $to: PlotStage!, $on: Date!, $ev: EvidenceInput, $v: Int!) { advancePlotStage(plotId: $p, to: $to, effectiveOn: $on, evidence: $ev, expectedVersion: $v) { id } }`,
      { p: plotId, to, on, ev, v: cur.version }, `advance ${plotId} → ${to}`);
  }
}

async function plan(plotId: string, code: string, on: string, year: number | null, token = tok.nrA) {
  await gql(token, `mutation($p: ID!, $c: String!, $on: Date!, $y: Int, $v: Int!) { planLandUse(plotId: $p, plannedUseCode: $c, decidedOn: $on, supplyPlanYear: $y, expectedVersion: $v) { id } }`,
    { p: plotId, c: code, on, y: year, v: await version(plotId, token) }, `planLandUse ${plotId}`);
}

/** The trigger a fact raised (see the header): inserted unless one of the kind already stood by `on`. */
async function trigger(plotId: string, kind: string, on: string) {
  await sql(`insert into investigation_trigger (plot_id, kind, arose_on, detail, agency)
    select ?, ?, ?::date, 'written by tests/duties', 'ECO'
    where not exists (select 1 from investigation_trigger where plot_id = ? and kind = ? and arose_on <= ?::date)`, [Number(plotId), kind, on, Number(plotId), kind, on]);
}

async function keyUnit(county: string, token: string) {
  const code = makeCreditCode(`91${county}MA${String(++serial).padStart(7, '0')}`);
  return (await gql(token, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id } }`,
    { i: { creditCode: code, name: `义务测试化工厂${serial}`, countyCode: county, industry: '化工', listedOn: '2023-01-01' } }, 'upsertKeyUnit')).upsertKeyUnit.id as string;
}

const DUTY = `subject kind state dueOn detail obligor responsibleAgency county { code } plot { id } keyUnit { id }`;
async function duties(asOf: string, f: { subject?: string; kind?: string; state?: string; divisionCode?: string } = {}, token = tok.ecoA) {
  return (await gql(token, `query($d: ID, $s: DutySubject, $k: ObligationKind, $st: ObligationState, $on: Date) {
    duties(divisionCode: $d, subject: $s, kind: $k, state: $st, asOf: $on) { ${DUTY} } }`,
  { d: f.divisionCode, s: f.subject, k: f.kind, st: f.state, on: asOf }, `duties ${asOf}`)).duties as any[];
}
/** [state, dueOn] of one plot's duties of a kind at a date. */
const of = async (plotId: string, kind: string, asOf: string, token = tok.ecoA) =>
  (await duties(asOf, { kind, subject: 'PLOT' }, token)).filter((d) => d.plot?.id === plotId).map((d) => [d.state, d.dueOn]);

beforeAll(async () => {
  t = await startTestApp({ now: NOW });
  tok.ecoA = await t.token('ECO', A, '榆次区生态环境分局');
  tok.nrA = await t.token('NATURAL_RESOURCES', A, '榆次区自然资源局');
  tok.housingA = await t.token('HOUSING', A, '榆次区住房和城乡建设局');
  tok[`eco${B}`] = await t.token('ECO', B, '太谷区生态环境分局');
  tok.nrB = await t.token('NATURAL_RESOURCES', B, '太谷区自然资源局');
  tok[`eco${C}`] = await t.token('ECO', C, '榆社县生态环境分局');
  tok.city = await t.token('ECO', '140700', '晋中市生态环境局');

  // IBUC: industrial land planned for housing (0701 needs FIRST class) in 2024, supply plan 2025.
  ids.use1 = await register(A, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
  await plan(ids.use1, '0701', '2024-03-01', 2025);
  await trigger(ids.use1, 'USE_CHANGE', '2024-03-01');
  await walk(ids.use1, [['UNDER_INVESTIGATION', '2025-02-01'], ['BELOW_SCREENING', '2025-03-01']]);
  await sql(`update stage_event set land_class = 'FIRST' where plot_id = ? and to_stage = 'BELOW_SCREENING'`, [Number(ids.use1)]);
  // …the same, cleared against second-class values only: not cleared for housing.
  ids.use2 = await register(A, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
  await plan(ids.use2, '0701', '2024-03-01', 2025);
  await trigger(ids.use2, 'USE_CHANGE', '2024-03-01');
  await walk(ids.use2, [['UNDER_INVESTIGATION', '2025-02-01'], ['BELOW_SCREENING', '2025-03-01']]);
  await sql(`update stage_event set land_class = 'SECOND' where plot_id = ? and to_stage = 'BELOW_SCREENING'`, [Number(ids.use2)]);

  // KEY_UNIT_LAND_INVESTIGATION and REAL_ESTATE_FILING: a key unit's land, investigated Feb–Jun 2024.
  const ku = await keyUnit(A, tok.ecoA);
  ids.ku = ku;
  ids.kul = await register(A, { source: 'KEY_UNIT_LAND', keyUnitId: ku, identifiedOn: '2024-01-01' });
  await trigger(ids.kul, 'KEY_UNIT_LAND', '2024-01-01');
  await walk(ids.kul, [['UNDER_INVESTIGATION', '2024-02-01'], ['BELOW_SCREENING', '2024-06-01']]);
  ids.kulOpen = await register(A, { source: 'KEY_UNIT_LAND', keyUnitId: ku, identifiedOn: '2024-01-01' }); // stays SUSPECTED
  await trigger(ids.kulOpen, 'KEY_UNIT_LAND', '2024-01-01');
  ids.kulNoFiling = await register(A, { source: 'KEY_UNIT_LAND', keyUnitId: ku, identifiedOn: '2024-01-01' });
  await trigger(ids.kulNoFiling, 'KEY_UNIT_LAND', '2024-01-01');
  await walk(ids.kulNoFiling, [['UNDER_INVESTIGATION', '2024-02-01'], ['BELOW_SCREENING', '2024-05-01']]);

  // POST_MANAGEMENT: risk control, delisted 2023-10-01; and one remediated (no duty without a plan).
  ids.pm = await register(A, { identifiedOn: '2023-01-01' });
  await walk(ids.pm, [['UNDER_INVESTIGATION', '2023-02-01'], ['UNDER_RISK_ASSESSMENT', '2023-03-01'], ['LISTED', '2023-04-01'], ['RISK_CONTROL', '2023-05-01'],
    ['EFFECT_EVALUATION', '2023-08-01'], ['DELISTED', '2023-10-01']]);
  ids.remediated = await register(A, { identifiedOn: '2023-01-01' });
  await walk(ids.remediated, [['UNDER_INVESTIGATION', '2023-02-01'], ['UNDER_RISK_ASSESSMENT', '2023-03-01'], ['LISTED', '2023-04-01'], ['REMEDIATION', '2023-05-01'],
    ['EFFECT_EVALUATION', '2023-08-01'], ['DELISTED', '2023-10-01']]);

  // Another county: a use change there.
  ids.useB = await register(B, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
  await plan(ids.useB, '0702', '2024-04-01', 2025, tok.nrB);
  await trigger(ids.useB, 'USE_CHANGE', '2024-04-01');
});
afterAll(async () => { await t?.stop(); });

describe('INVESTIGATION_BEFORE_USE_CHANGE (every plot, not only key units\')', () => {
  it('absent before the plan; DUE with the supply-plan year as due date; OVERDUE from 1 January of it; MET once cleared for the use', async () => {
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2024-02-28')).toEqual([]);
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2024-03-01')).toEqual([['DUE', '2025-01-01']]);
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2024-12-31')).toEqual([['DUE', '2025-01-01']]);
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-01-01')).toEqual([['OVERDUE', '2025-01-01']]);
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-02-28')).toEqual([['OVERDUE', '2025-01-01']]);
    expect(await of(ids.use1, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-03-01')).toEqual([['MET', null]]);
  });

  it('a clearance against second-class values does not meet it for housing (RULES.md §2)', async () => {
    expect(await of(ids.use2, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-03-01')).toEqual([['OVERDUE', '2025-01-01']]);
    expect(await of(ids.use2, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-06-30')).toEqual([['OVERDUE', '2025-01-01']]);
  });

  it('obligor the land user, supervised by NATURAL_RESOURCES; Plot.obligations answers the same at today', async () => {
    const [d] = (await duties('2025-06-30', { kind: 'INVESTIGATION_BEFORE_USE_CHANGE' })).filter((x) => x.plot?.id === ids.use2);
    expect(d).toMatchObject({ subject: 'PLOT', obligor: 'LAND_USER', responsibleAgency: 'NATURAL_RESOURCES', county: { code: A }, keyUnit: null });
    expect(d.detail).toContain('0701');
    const p = (await gql(tok.ecoA, `query($id: ID) { plot(id: $id) { obligations { kind state dueOn detail } } }`, { id: ids.use2 })).plot;
    expect(p.obligations).toEqual([{ kind: 'INVESTIGATION_BEFORE_USE_CHANGE', state: 'OVERDUE', dueOn: '2025-01-01', detail: d.detail }]);
  });

  it('with the city rule off (Jinzhong plan 5 only encourages) it stays DUE with no due date', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
    const file = path.join(dir, 'city-rules.json');
    fs.writeFileSync(file, JSON.stringify({ investigationBeforeUseChange: { overdueFromSupplyPlanYear: false } }));
    const t2 = await startTestApp({ now: NOW, config: { cityRulesFile: file } as never });
    try {
      const eco = await t2.token('ECO', A);
      const nr = await t2.token('NATURAL_RESOURCES', A);
      const p = ok(await t2.gql(eco, `mutation($i: PlotInput!) { registerPlot(input: $i) { id version } }`,
        { i: { name: '规则测试地块', countyCode: A, source: 'OTHER', currentUseCode: '0601', identifiedOn: '2024-01-01' } })).registerPlot;
      ok(await t2.gql(nr, `mutation($p: ID!, $v: Int!) { planLandUse(plotId: $p, plannedUseCode: "0701", decidedOn: "2024-03-01", supplyPlanYear: 2025, expectedVersion: $v) { id } }`, { p: p.id, v: p.version }));
      await t2.app.orm.em.fork().getConnection().execute(`insert into investigation_trigger (plot_id, kind, arose_on, detail, agency)
        select ?, 'USE_CHANGE', '2024-03-01', 'written by tests/duties', 'ECO' where not exists (select 1 from investigation_trigger where plot_id = ? and kind = 'USE_CHANGE')`, [Number(p.id), Number(p.id)]);
      const at = async (asOf: string) => ok(await t2.gql(eco, `query($on: Date) { duties(kind: INVESTIGATION_BEFORE_USE_CHANGE, asOf: $on) { state dueOn plot { id } } }`, { on: asOf }))
        .duties.filter((d: any) => d.plot.id === p.id).map((d: any) => [d.state, d.dueOn]);
      expect(await at('2024-06-01')).toEqual([['DUE', null]]);
      expect(await at('2025-06-30')).toEqual([['DUE', null]]);
    } finally {
      await t2.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // The same facts under the default rule (this app): OVERDUE.
    expect(await of(ids.use2, 'INVESTIGATION_BEFORE_USE_CHANGE', '2025-06-30')).toEqual([['OVERDUE', '2025-01-01']]);
  });
});

describe('KEY_UNIT_LAND_INVESTIGATION and REAL_ESTATE_FILING (法67)', () => {
  it('investigation DUE while SUSPECTED or UNDER_INVESTIGATION, MET after; no filing duty until it closes', async () => {
    expect(await of(ids.kul, 'KEY_UNIT_LAND_INVESTIGATION', '2024-01-15')).toEqual([['DUE', null]]);
    expect(await of(ids.kul, 'KEY_UNIT_LAND_INVESTIGATION', '2024-03-01')).toEqual([['DUE', null]]);
    expect(await of(ids.kul, 'REAL_ESTATE_FILING', '2024-05-31')).toEqual([]);
    expect(await of(ids.kul, 'KEY_UNIT_LAND_INVESTIGATION', '2024-06-01')).toEqual([['MET', null]]);
    expect(await of(ids.kul, 'REAL_ESTATE_FILING', '2024-06-01')).toEqual([['DUE', null]]);
    expect(await of(ids.kulOpen, 'KEY_UNIT_LAND_INVESTIGATION', '2025-06-30')).toEqual([['DUE', null]]);
    expect(await of(ids.kulOpen, 'REAL_ESTATE_FILING', '2025-06-30')).toEqual([]);
  });

  it('recordRealEstateFiling refuses a plot that is not a key unit\'s land, or whose investigation has not closed; HOUSING may not write it', async () => {
    const FILE = `mutation($p: ID!, $v: Int!) { recordRealEstateFiling(plotId: $p, registeredOn: "2024-08-01", ecoFiledOn: "2024-08-10", documentNo: "晋(2024)榆次区不动产登记第001号", expectedVersion: $v) { id version realEstateFilings { registeredOn ecoFiledOn documentNo } } }`;
    for (const p of [ids.use1, ids.kulOpen]) {
      const r = await t.gql(tok.ecoA, FILE, { p, v: await version(p) });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plotId' });
    }
    expect((await t.gql(tok.housingA, FILE, { p: ids.kul, v: await version(ids.kul) })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    const stale = await t.gql(tok.nrA, FILE, { p: ids.kul, v: (await version(ids.kul)) - 1 });
    expect(stale.errors?.[0].extensions.code).toBe('CONFLICT');
    const bad = await t.gql(tok.nrA, FILE.replace('"2024-08-10"', '"2025-07-01"'), { p: ids.kul, v: await version(ids.kul) });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ecoFiledOn' });

    const v = await version(ids.kul);
    const done = (await gql(tok.nrA, FILE, { p: ids.kul, v })).recordRealEstateFiling;
    expect(done.version).toBe(v + 1);
    expect(done.realEstateFilings).toEqual([{ registeredOn: '2024-08-01', ecoFiledOn: '2024-08-10', documentNo: '晋(2024)榆次区不动产登记第001号' }]);
  });

  it('REAL_ESTATE_FILING is MET from the eco-bureau filing date, DUE before (a past date keeps its answer)', async () => {
    expect(await of(ids.kul, 'REAL_ESTATE_FILING', '2024-08-09')).toEqual([['DUE', null]]);
    expect(await of(ids.kul, 'REAL_ESTATE_FILING', '2024-08-10')).toEqual([['MET', null]]);
    expect(await of(ids.kulNoFiling, 'REAL_ESTATE_FILING', '2025-06-30')).toEqual([['DUE', null]]);
  });
});

describe('POST_MANAGEMENT (法35)', () => {
  const PLAN = `mutation($p: ID!, $doc: EvidenceInput!, $s: Date!, $m: Int!, $r: Int!, $e: Date, $v: Int!) {
    recordPostManagementPlan(plotId: $p, document: $doc, startsOn: $s, monitoringEveryMonths: $m, reviewEveryYears: $r, endsOn: $e, expectedVersion: $v) {
      id postManagementPlan { startsOn monitoringEveryMonths reviewEveryYears endsOn document { documentNo } } } }`;
  const RECORD = `mutation($p: ID!, $k: PostManagementKind!, $on: Date!) { recordPostManagement(plotId: $p, kind: $k, doneOn: $on, findings: "未见异常") {
    id postManagementRecords { kind doneOn findings } } }`;
  const doc = { documentNo: '榆环后管〔2023〕1号', title: '地块后期管理计划', issuedBy: '晋中市生态环境局榆次分局', issuedOn: '2023-12-01' };
  const pm = async (asOf: string) => (await duties(asOf, { kind: 'POST_MANAGEMENT' })).filter((d) => d.plot?.id === ids.pm).map((d) => [d.state, d.dueOn, d.detail]);

  it('after risk control and delisting, without a plan: DUE "no post-management plan recorded"; none before delisting, none after remediation', async () => {
    expect(await pm('2023-09-30')).toEqual([]);
    expect(await pm('2023-10-01')).toEqual([['DUE', null, 'no post-management plan recorded']]);
    expect(await of(ids.remediated, 'POST_MANAGEMENT', '2025-06-30')).toEqual([]);
  });

  it('a plan only for a DELISTED plot, ranges checked; a record only under a plan', async () => {
    const refused = async (vars: Record<string, unknown>, field: string) => {
      const r = await t.gql(tok.ecoA, PLAN, { p: ids.pm, doc, s: '2024-01-01', m: 6, r: 1, e: '2025-12-31', v: await version(ids.pm), ...vars });
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    };
    await refused({ p: ids.kul, v: await version(ids.kul) }, 'plotId');
    await refused({ m: 0 }, 'monitoringEveryMonths');
    await refused({ m: 121 }, 'monitoringEveryMonths');
    await refused({ r: 0 }, 'reviewEveryYears');
    await refused({ e: '2023-12-31' }, 'endsOn');
    const rec = await t.gql(tok.ecoA, RECORD, { p: ids.pm, k: 'MONITORING', on: '2024-06-15' });
    expect(rec.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'plotId' });
    expect((await t.gql(tok.nrA, PLAN, { p: ids.pm, doc, s: '2024-01-01', m: 6, r: 1, e: '2025-12-31', v: await version(ids.pm) })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('each monitoring (every 6 months) and review (every year) from the plan: DUE in its period, MET by a record in it, OVERDUE after', async () => {
    const plan = (await gql(tok.ecoA, PLAN, { p: ids.pm, doc, s: '2024-01-01', m: 6, r: 1, e: '2025-12-31', v: await version(ids.pm) })).recordPostManagementPlan;
    expect(plan.postManagementPlan).toEqual({ startsOn: '2024-01-01', monitoringEveryMonths: 6, reviewEveryYears: 1, endsOn: '2025-12-31', document: { documentNo: doc.documentNo } });
    expect(await pm('2023-12-31')).toEqual([['DUE', null, 'no post-management plan recorded']]);
    const plain = async (asOf: string) => (await pm(asOf)).map(([s, d, detail]) => [s, d, String(detail).split(' ')[0]]).sort((a, b) => `${a[1]}${a[2]}`.localeCompare(`${b[1]}${b[2]}`));
    expect(await plain('2024-03-01')).toEqual([['DUE', '2024-07-01', 'monitoring'], ['DUE', '2025-01-01', 'review']]);

    await gql(tok.ecoA, RECORD, { p: ids.pm, k: 'MONITORING', on: '2024-06-15' });
    expect(await plain('2024-06-14')).toEqual([['DUE', '2024-07-01', 'monitoring'], ['DUE', '2025-01-01', 'review']]);
    expect(await plain('2024-06-15')).toEqual([['MET', '2024-07-01', 'monitoring'], ['DUE', '2025-01-01', 'review']]);
    expect(await plain('2024-08-01')).toEqual([['MET', '2024-07-01', 'monitoring'], ['DUE', '2025-01-01', 'monitoring'], ['DUE', '2025-01-01', 'review']]);
    // Nothing done in the second period: OVERDUE once 2025-01-01 has passed; the review too.
    expect(await plain('2025-01-02')).toEqual([
      ['MET', '2024-07-01', 'monitoring'], ['OVERDUE', '2025-01-01', 'monitoring'], ['OVERDUE', '2025-01-01', 'review'], ['DUE', '2025-07-01', 'monitoring'],
    ]);
    // A review done in its period meets it; a late monitoring (2025-01-10) meets the third period, not the second.
    await gql(tok.ecoA, RECORD, { p: ids.pm, k: 'REVIEW', on: '2024-12-20' });
    const after = (await gql(tok.ecoA, RECORD, { p: ids.pm, k: 'MONITORING', on: '2025-01-10' })).recordPostManagement;
    expect(after.postManagementRecords.map((r: any) => [r.kind, r.doneOn])).toEqual([['MONITORING', '2024-06-15'], ['REVIEW', '2024-12-20'], ['MONITORING', '2025-01-10']]);
    expect(await plain('2025-02-01')).toEqual([
      ['MET', '2024-07-01', 'monitoring'], ['OVERDUE', '2025-01-01', 'monitoring'], ['MET', '2025-01-01', 'review'], ['MET', '2025-07-01', 'monitoring'],
    ]);
    // The plan ends 2025-12-31: no occurrence due after it (the second review, 2026-01-01, is never owed).
    expect((await plain('2025-06-30')).filter((x) => x[1]! > '2025-12-31')).toEqual([]);
    expect(await plain('2025-06-30')).toContainEqual(['MET', '2025-07-01', 'monitoring']); // the late record of 2025-01-10
    // Obligor and bureau.
    const [d] = (await duties('2025-02-01', { kind: 'POST_MANAGEMENT', state: 'OVERDUE' })).filter((x) => x.plot?.id === ids.pm);
    expect(d).toMatchObject({ obligor: 'LAND_USER', responsibleAgency: 'ECO', subject: 'PLOT' });
  });
});

describe('the duties query', () => {
  it('filters by subject, kind and state; key-unit duties come with their unit, obligor KEY_UNIT and ECO', async () => {
    const all = await duties('2025-06-30');
    const plotOnly = await duties('2025-06-30', { subject: 'PLOT' });
    const unitOnly = await duties('2025-06-30', { subject: 'KEY_UNIT' });
    expect(plotOnly.length + unitOnly.length).toBe(all.length);
    expect(plotOnly.every((d) => d.subject === 'PLOT' && d.plot && !d.keyUnit)).toBe(true);
    expect(unitOnly.length).toBeGreaterThan(0);
    expect(unitOnly.every((d) => d.subject === 'KEY_UNIT' && d.keyUnit && d.obligor === 'KEY_UNIT' && d.responsibleAgency === 'ECO')).toBe(true);
    // a key unit's INVESTIGATION_BEFORE_USE_CHANGE is its plot's duty here: listed once
    expect(unitOnly.filter((d) => d.kind === 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([]);
    const overdue = await duties('2025-06-30', { state: 'OVERDUE' });
    expect(overdue).toEqual(all.filter((d) => d.state === 'OVERDUE'));
    const filings = await duties('2025-06-30', { kind: 'REAL_ESTATE_FILING', state: 'DUE' });
    expect(filings.map((d) => d.plot.id)).toEqual([ids.kulNoFiling]);
    // the obligations query still lists key-unit duties only, as before
    const obligations = (await gql(tok.ecoA, `{ obligations(asOf: "2025-06-30") { kind state keyUnit { id } } }`)).obligations;
    expect(obligations.every((o: any) => o.keyUnit.id === ids.ku)).toBe(true);
    expect(obligations.map((o: any) => o.kind).sort()).toEqual(unitOnly.map((d) => d.kind).sort());
  });

  it('row scope: a county token sees its county only, also when it names another; a city token sees both', async () => {
    const a = await duties('2025-06-30', { subject: 'PLOT' });
    expect(a.every((d) => d.county.code === A)).toBe(true);
    expect(await duties('2025-06-30', { divisionCode: B })).toEqual([]);
    const b = await duties('2025-06-30', {}, tok[`eco${B}`]);
    expect(b.map((d) => [d.plot.id, d.kind, d.state])).toEqual([[ids.useB, 'INVESTIGATION_BEFORE_USE_CHANGE', 'OVERDUE']]);
    const city = await duties('2025-06-30', { subject: 'PLOT' }, tok.city);
    expect(new Set(city.map((d) => d.county.code))).toEqual(new Set([A, B]));
    expect(city.length).toBe(a.length + b.length);
    expect(await duties('2025-06-30', { divisionCode: '140700', subject: 'PLOT' }, tok.city)).toEqual(city);
  });
});

describe('the quarterly report counts the engine\'s duties', () => {
  const ROW = 'county { code } plotDutiesOverdue realEstateFilingsMissing postManagementOverdue';
  it.each([['2024Q3', '2024-09-30'], ['2025Q1', '2025-03-31'], ['2025Q2', '2025-06-30']])('%s: each county row equals the duties query at the quarter\'s last day', async (quarter, last) => {
    const r = (await gql(tok.city, `query($q: String!) { jointDispatchReport(quarter: $q, divisionCode: "140700") { asOf rows { ${ROW} } total { ${ROW} } } }`, { q: quarter })).jointDispatchReport;
    expect(r.asOf).toBe(last);
    const all = await duties(last, { subject: 'PLOT' }, tok.city);
    const count = (code: string | null, f: (d: any) => boolean) => all.filter((d) => (code == null || d.county.code === code) && f(d)).length;
    const expected = (code: string | null) => ({
      plotDutiesOverdue: count(code, (d) => d.state === 'OVERDUE'),
      realEstateFilingsMissing: count(code, (d) => d.kind === 'REAL_ESTATE_FILING' && d.state === 'DUE'),
      postManagementOverdue: count(code, (d) => d.kind === 'POST_MANAGEMENT' && d.state === 'OVERDUE'),
    });
    for (const row of r.rows) expect({ code: row.county.code, ...row }).toEqual({ code: row.county.code, county: row.county, ...expected(row.county.code) });
    expect(r.total).toEqual({ county: null, ...expected(null) });
  });

  it('the cells are not all zero where the data has duties (2025Q2, 榆次区): by hand', async () => {
    const r = (await gql(tok.ecoA, `{ jointDispatchReport(quarter: "2025Q2", divisionCode: "${A}") { rows { ${ROW} } } }`)).jointDispatchReport;
    // OVERDUE at 2025-06-30: use2 (IBUC), pm's second monitoring (due 2025-01-01, missed); filings missing: kulNoFiling.
    expect(r.rows).toEqual([{ county: { code: A }, plotDutiesOverdue: 2, realEstateFilingsMissing: 1, postManagementOverdue: 1 }]);
  });
});

describe('Plot.obligations is batched', () => {
  it('plots(first: 50) { obligations } runs as many statements as plots(first: 5)', async () => {
    const eco = tok[`eco${C}`];
    const nr = await t.token('NATURAL_RESOURCES', C);
    for (let i = 0; i < 50; i += 10) {
      await Promise.all(Array.from({ length: 10 }, async (_, k) => {
        const id = await register(C, { currentUseCode: '0601', identifiedOn: '2024-01-01' }, eco);
        if ((i + k) % 2 === 0) {
          await plan(id, '0701', '2024-03-01', 2025, nr);
          await trigger(id, 'USE_CHANGE', '2024-03-01');
        }
      }));
    }
    const Q = `query($n: Int) { plots(first: $n) { nodes { id obligations { kind state dueOn detail } } } }`;
    const five = await t.countStatements(() => t.gql(eco, Q, { n: 5 }));
    const fifty = await t.countStatements(() => t.gql(eco, Q, { n: 50 }));
    const nodes = ok(fifty.result as any).plots.nodes;
    expect(nodes).toHaveLength(50);
    expect(nodes.filter((p: any) => p.obligations.length === 1 && p.obligations[0].state === 'OVERDUE')).toHaveLength(25);
    // eslint-disable-next-line no-console
    console.log(`Plot.obligations: first 5 → ${five.statements} statements, first 50 → ${fifty.statements}`);
    expect(fifty.statements).toBe(five.statements);
  });
});
