/**
 * The gates of BRIEF.md ("Gates (the platform refuses)"), one test per gate and code, each step with the
 * agency that does it: NATURAL_RESOURCES plans and acts on land, HOUSING / APPROVALS issue construction
 * permits, ECO moves stages. Every refusal is read back (version and fields unchanged) and looked up in the
 * audit trail; `Plot.clearance` is checked against what the gates really do.
 */
import {
  CLEARED, codeOf, constructionPermit, DIRECTORY, landAction, ok, PATH, planLandUse, plotAt, readPlot, refusalsLogged, Stage, STAGES,
  startWorld, stateOf, stepDate, TODAY, World, PlotOpts, walk, registerPlot, evidence, newCreditCode, COUNTY,
} from './helpers';

let w: World;
beforeAll(async () => { w = await startWorld(); });
afterAll(async () => { await w.stop(); });

const DECIDED = '2025-06-01';

/** A refusal: the code, the plot as it was (version and every field), and one audit row for it by `agency`. */
async function expectRefused(r: any, code: string, before: any, operation: string, agency: string) {
  expect(codeOf(r)).toBe(code);
  expect(r.data).toBeNull();
  const after = await readPlot(w, before.id);
  expect(stateOf(after)).toEqual(stateOf(before));
  expect(after.version).toBe(before.version);
  const logged = await refusalsLogged(w, operation, code, before.id);
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ agency, operation, outcome: code, action: 'REFUSED' });
}

/** A plot at `stage` with a plan made before the walk (plans are possible while not in the directory). */
async function plannedPlotAt(stage: Stage, plannedUseCode: string, o: PlotOpts = {}) {
  const fresh = await registerPlot(w, o);
  const planned = ok(await planLandUse(w, fresh.id, plannedUseCode, '2024-01-02', fresh.version, 2026)).planLandUse;
  return walk(w, planned, PATH[stage], '2024-01-02');
}

describe('gate 1: PLOT_IN_DIRECTORY', () => {
  const cases = DIRECTORY.flatMap((s) => ['planLandUse', 'RESERVE', 'SUPPLY', 'RECOVER', 'ACQUIRE'].map((a) => [s, a] as [Stage, string]));

  it.each(cases)('on a %s plot, %s is refused', async (stage, act) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    if (act === 'planLandUse') {
      await expectRefused(await planLandUse(w, p.id, '0601', DECIDED, p.version, 2026), 'PLOT_IN_DIRECTORY', p, 'planLandUse', 'NATURAL_RESOURCES');
    } else {
      await expectRefused(await landAction(w, p.id, act, DECIDED, p.version), 'PLOT_IN_DIRECTORY', p, 'recordLandAction', 'NATURAL_RESOURCES');
    }
    expect(p.clearance).toEqual({ supplyForSensitiveUse: false, changeOfUse: false, regularConstruction: false, reasons: expect.arrayContaining(['PLOT_IN_DIRECTORY', 'TARGETS_NOT_MET']) });
    expect(p.clearance.reasons).toHaveLength(2);
  });

  it.each(['SUSPECTED', 'UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', ...CLEARED] as Stage[])('does not hold a %s plot: plan, reserve, acquire, supply, recover (non-sensitive use)', async (stage) => {
    let p = await plotAt(w, stage, { currentUseCode: '0601' });
    p = ok(await planLandUse(w, p.id, '0601', DECIDED, p.version, 2026)).planLandUse;
    expect(p.plannedUse.code).toBe('0601');
    expect(p.landStatus).toBe('IN_SUPPLY_PLAN');
    for (const [act, status] of [['RESERVE', 'RESERVED'], ['ACQUIRE', 'RESERVED'], ['SUPPLY', 'SUPPLIED'], ['RECOVER', 'RECOVERED']]) {
      const before = p.version;
      p = ok(await landAction(w, p.id, act, DECIDED, p.version)).recordLandAction;
      expect(p.landStatus).toBe(status);
      expect(p.version).toBeGreaterThanOrEqual(before);
    }
  });
});

describe('gate 2: SUPPLY for 一住两公 before the investigation closed → INVESTIGATION_NOT_COMPLETED', () => {
  it.each(['SUSPECTED', 'UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'] as Stage[])('an uncleared %s plot (current use 0601) planned 0701 may not be supplied', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0601' });
    expect(p.plannedUse).toEqual({ code: '0701', sensitive: true });
    expect(p.clearance.supplyForSensitiveUse).toBe(false);
    expect(p.clearance.reasons).toContain('INVESTIGATION_NOT_COMPLETED');
    await expectRefused(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'recordLandAction', 'NATURAL_RESOURCES');
  });

  it.each(['0702', '0803', '0805', '07', '08'])('also for planned use %s (一住两公)', async (code) => {
    const p = await plannedPlotAt('SUSPECTED', code, { currentUseCode: '0601' });
    await expectRefused(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'recordLandAction', 'NATURAL_RESOURCES');
  });

  it('with no current use recorded, the plot is treated as not 一住两公 and refused', async () => {
    const p = await plannedPlotAt('SUSPECTED', '0701');
    await expectRefused(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'recordLandAction', 'NATURAL_RESOURCES');
  });

  it.each(['SUSPECTED', 'UNDER_INVESTIGATION'] as Stage[])('passes when the current use is already 一住两公 (%s, 0702 → 0701)', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0702' });
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.supplyForSensitiveUse).toBe(true);
    const s = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction;
    expect(s.landStatus).toBe('SUPPLIED');
    expect(s.version).toBe(p.version + 1);
  });

  it.each(CLEARED)('passes once the plot is cleared (%s)', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0601' });
    expect(p.clearance.supplyForSensitiveUse).toBe(true);
    expect(ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction.landStatus).toBe('SUPPLIED');
  });

  it.each(['0601', '0809', '0810'])('does not hold a supply for a use that is not 一住两公 (%s)', async (code) => {
    const p = await plannedPlotAt('SUSPECTED', code, { currentUseCode: '0601' });
    expect(p.plannedUse.sensitive).toBe(false);
    expect(ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction.landStatus).toBe('SUPPLIED');
  });

  it('does not hold RESERVE / ACQUIRE of an uncleared plot planned 0701 (only supply is gated)', async () => {
    let p = await plannedPlotAt('UNDER_INVESTIGATION', '0701', { currentUseCode: '0601' });
    p = ok(await landAction(w, p.id, 'RESERVE', DECIDED, p.version)).recordLandAction;
    expect(p.landStatus).toBe('RESERVED');
  });
});

describe('gate 3: RESTRICTED_USE for once-listed 焦化 / 化工 / 农药 plots', () => {
  const restricted = ['焦化', '化工', '农药'].flatMap((ind) => ['0701', '0702', '0803', '07'].map((code) => [ind, code]));

  it.each(restricted)('a DELISTED %s plot may not be planned %s', async (industry, code) => {
    const p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601' });
    expect(p.clearance.changeOfUse).toBe(true); // to a non-restricted use
    await expectRefused(await planLandUse(w, p.id, code, DECIDED, p.version, 2026), 'RESTRICTED_USE', p, 'planLandUse', 'NATURAL_RESOURCES');
  });

  it.each(['焦化', '化工', '农药'])('a DELISTED %s plot may be planned 0805 (medical), 0801 or 0601', async (industry) => {
    let p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601' });
    for (const code of ['0805', '0801', '0601']) {
      p = ok(await planLandUse(w, p.id, code, DECIDED, p.version, 2026)).planLandUse;
      expect(p.plannedUse.code).toBe(code);
    }
  });

  it.each(['电镀', '有色金属冶炼', '石油加工', '制革'])('a DELISTED plot of another industry (%s) may be planned 0701 and 0803', async (industry) => {
    let p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601' });
    p = ok(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026)).planLandUse;
    p = ok(await planLandUse(w, p.id, '0803', DECIDED, p.version, 2026)).planLandUse;
    expect(p.plannedUse.code).toBe('0803');
  });

  it.each(['BELOW_SCREENING', 'RISK_ACCEPTABLE', 'SUSPECTED', 'UNDER_RISK_ASSESSMENT'] as Stage[])('a 焦化 plot never listed (%s) may be planned 0701', async (stage) => {
    const p = await plotAt(w, stage, { industry: '焦化', currentUseCode: '0601' });
    expect(ok(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026)).planLandUse.plannedUse.code).toBe('0701');
  });

  it('a 焦化 plot once listed stays restricted after it is re-opened and cleared again', async () => {
    let p = await plotAt(w, 'DELISTED', { industry: '焦化', currentUseCode: '0601' });
    // DELISTED is final in the table, so "once listed" can only be DELISTED; it stays so.
    expect(p.stageHistory.some((e: any) => e.to === 'LISTED')).toBe(true);
    p = await readPlot(w, p.id);
    await expectRefused(await planLandUse(w, p.id, '0702', DECIDED, p.version, null), 'RESTRICTED_USE', p, 'planLandUse', 'NATURAL_RESOURCES');
  });

  it('a plot registered on a 焦化 key unit\'s land without an industry takes the unit\'s industry, and is restricted once listed', async () => {
    const unit = ok(await w.gql(w.tok.eco, `mutation($i: KeyUnitInput!) { upsertKeyUnit(input: $i) { id industry } }`, {
      i: { creditCode: newCreditCode(), name: '某焦化公司', countyCode: COUNTY, industry: '焦化', listedOn: '2023-01-01' },
    })).upsertKeyUnit;
    const p = await plotAt(w, 'DELISTED', { keyUnitId: unit.id, source: 'KEY_UNIT_LAND', currentUseCode: '0601' });
    expect(p.industry).toBe('焦化');
    await expectRefused(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026), 'RESTRICTED_USE', p, 'planLandUse', 'NATURAL_RESOURCES');
    // An industry given explicitly is kept as given.
    const q = await registerPlot(w, { keyUnitId: unit.id, industry: '焦化（煤气净化）' });
    expect(q.industry).toBe('焦化（煤气净化）');
  });

  it('a 焦化 plot in the directory is refused with PLOT_IN_DIRECTORY (gate 1 comes first)', async () => {
    const p = await plotAt(w, 'LISTED', { industry: '焦化' });
    await expectRefused(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026), 'PLOT_IN_DIRECTORY', p, 'planLandUse', 'NATURAL_RESOURCES');
  });
});

describe('gate 4: issueConstructionPermit', () => {
  it.each(['SUSPECTED', 'UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'] as Stage[])('REGULAR while %s → INVESTIGATION_NOT_COMPLETED (HOUSING)', async (stage) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    expect(p.clearance.regularConstruction).toBe(false);
    await expectRefused(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'issueConstructionPermit', 'HOUSING');
  });

  it.each(DIRECTORY)('REGULAR while %s → TARGETS_NOT_MET (APPROVALS)', async (stage) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    await expectRefused(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, w.tok.approvals), 'TARGETS_NOT_MET', p, 'issueConstructionPermit', 'APPROVALS');
  });

  it.each(CLEARED)('REGULAR passes once cleared (%s)', async (stage) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    const r = ok(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, w.tok.housing, '建字第001号')).issueConstructionPermit;
    expect(r.constructionPermitNo).toBe('建字第001号');
    expect(r.version).toBe(p.version + 1);
  });

  it('REGULAR passes on a SUSPECTED plot already 一住两公 and staying so (investigation not required)', async () => {
    const p = await plannedPlotAt('SUSPECTED', '0701', { currentUseCode: '0701' });
    expect(p.investigationRequired).toBe(false);
    expect(ok(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version)).issueConstructionPermit.constructionPermitNo).toBeTruthy();
  });

  it('REGULAR is refused on a plot used as 0701 but planned 0601 (investigation required)', async () => {
    const p = await plannedPlotAt('SUSPECTED', '0601', { currentUseCode: '0701' });
    expect(p.investigationRequired).toBe(true);
    await expectRefused(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'issueConstructionPermit', 'HOUSING');
  });

  it.each(STAGES)('RISK_CONTROL_OR_REMEDIATION passes at %s', async (stage) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    const r = ok(await constructionPermit(w, p.id, 'RISK_CONTROL_OR_REMEDIATION', DECIDED, p.version, w.tok.approvals, '修复施工许可-1')).issueConstructionPermit;
    expect(r.constructionPermitNo).toBe('修复施工许可-1');
  });

  it('ECO and NATURAL_RESOURCES may not issue construction permits (FORBIDDEN), nothing changed', async () => {
    const p = await plotAt(w, 'BELOW_SCREENING', { currentUseCode: '0601' });
    for (const tok of [w.tok.eco, w.tok.nr]) {
      expect(codeOf(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, tok))).toBe('FORBIDDEN');
    }
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
  });
});

describe('Plot.clearance agrees with the gates (one implementation)', () => {
  /** What BRIEF.md says each gate does at each stage, for a plot used 0601 and planned 0701. */
  function expected(stage: Stage, o: { currentSensitive?: boolean } = {}) {
    const inDir = DIRECTORY.includes(stage);
    const cleared = CLEARED.includes(stage);
    const invRequired = (stage === 'SUSPECTED' || stage === 'UNDER_INVESTIGATION') && !o.currentSensitive;
    const supply = inDir ? 'PLOT_IN_DIRECTORY' : !cleared && !o.currentSensitive ? 'INVESTIGATION_NOT_COMPLETED' : null;
    const change = inDir ? 'PLOT_IN_DIRECTORY' : null;
    const build = inDir ? 'TARGETS_NOT_MET' : invRequired || stage === 'UNDER_RISK_ASSESSMENT' ? 'INVESTIGATION_NOT_COMPLETED' : null;
    return { supply, change, build };
  }

  const variants: [Stage, string, string | undefined][] = STAGES.flatMap((s) => [[s, '0601', undefined], [s, '0702', undefined], [s, '0601', '焦化']] as [Stage, string, string | undefined][]);

  it.each(variants)('at %s (current use %s, industry %s): clearance = what the gates do', async (stage, current, industry) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: current, industry });
    const exp = expected(stage, { currentSensitive: current === '0702' });
    const reasons = [...new Set([exp.supply, exp.change, exp.build].filter(Boolean))].sort();
    expect({ ...p.clearance, reasons: [...p.clearance.reasons].sort() }).toEqual({
      supplyForSensitiveUse: !exp.supply, changeOfUse: !exp.change, regularConstruction: !exp.build, reasons,
    });

    // Now ask the gates for real, each on the plot as it then is (construction first: it touches no other gate's facts).
    let cur = p;
    const tries: [string, () => Promise<any>, string | null, string][] = [
      ['issueConstructionPermit', () => constructionPermit(w, cur.id, 'REGULAR', DECIDED, cur.version), exp.build, 'issueConstructionPermit'],
      ['recordLandAction', () => landAction(w, cur.id, 'SUPPLY', DECIDED, cur.version), exp.supply, 'recordLandAction'],
      ['planLandUse', () => planLandUse(w, cur.id, '0601', DECIDED, cur.version, 2026), exp.change, 'planLandUse'],
    ];
    for (const [op, run, refusal, field] of tries) {
      const before = await readPlot(w, cur.id);
      const r = await run();
      if (refusal) {
        await expectRefused(r, refusal, before, op, op === 'issueConstructionPermit' ? 'HOUSING' : 'NATURAL_RESOURCES');
      } else {
        expect(r.errors).toBeUndefined();
        cur = r.data[field];
        expect(cur.version).toBe(before.version + 1);
      }
      cur = await readPlot(w, cur.id);
    }
  });

  it('investigationRequired and clearance follow the stage as ECO moves it', async () => {
    let p = await plannedPlotAt('SUSPECTED', '0701', { currentUseCode: '0601' });
    const seen: [string, boolean, boolean, boolean][] = [];
    for (const to of PATH.DELISTED) {
      const on = stepDate(seen.length, '2024-01-02');
      p = ok(await w.gql(w.tok.eco, `mutation($id: ID!, $to: PlotStage!, $on: Date!, $ev: EvidenceInput, $v: Int!) {
        advancePlotStage(plotId: $id, to: $to, effectiveOn: $on, evidence: $ev, expectedVersion: $v) { id version stage investigationRequired clearance { supplyForSensitiveUse changeOfUse regularConstruction reasons } } }`,
      { id: p.id, to, on, ev: evidence(on), v: p.version })).advancePlotStage;
      seen.push([p.stage, p.investigationRequired, p.clearance.supplyForSensitiveUse, p.clearance.regularConstruction]);
    }
    expect(seen).toEqual([
      ['UNDER_INVESTIGATION', true, false, false],
      ['UNDER_RISK_ASSESSMENT', false, false, false],
      ['LISTED', false, false, false],
      ['REMEDIATION', false, false, false],
      ['EFFECT_EVALUATION', false, false, false],
      ['DELISTED', false, true, true],
    ]);
  });

  it('every agency reading the plot sees the same clearance', async () => {
    const p = await plannedPlotAt('UNDER_RISK_ASSESSMENT', '0701', { currentUseCode: '0601' });
    const q = `query($id: ID!) { plot(id: $id) { clearance { supplyForSensitiveUse changeOfUse regularConstruction reasons } } }`;
    for (const tok of [w.tok.eco, w.tok.nr, w.tok.housing, w.tok.approvals]) {
      expect(ok(await w.gql(tok, q, { id: p.id })).plot.clearance).toEqual(p.clearance);
    }
  });
});

describe('every accepted land act is a write: version, change feed and audit trail', () => {
  it('RESERVE, then ACQUIRE (both leave the land RESERVED), then the same plan decided again', async () => {
    let p = await plotAt(w, 'BELOW_SCREENING', { currentUseCode: '0601' });
    const okAudits = async () => (await w.t.app.orm.em.fork().getConnection().execute(
      `select operation from audit_log where outcome = 'OK' and entity = 'Plot' and entity_id = ? and operation in ('recordLandAction', 'planLandUse') order by id`, [p.id])).map((r: any) => r.operation);
    const feed = async () => ok(await w.gql(w.tok.eco, `{ changes(first: 1000) { nodes { entity entityId fields agency } } }`)).changes.nodes
      .filter((c: any) => c.entity === 'Plot' && c.entityId === p.id && c.agency === 'NATURAL_RESOURCES');
    const steps: [string, () => Promise<any>][] = [
      ['RESERVE', () => landAction(w, p.id, 'RESERVE', '2025-01-01', p.version)],
      ['ACQUIRE', () => landAction(w, p.id, 'ACQUIRE', '2025-02-01', p.version)],
      ['RESERVE again', () => landAction(w, p.id, 'RESERVE', '2025-03-01', p.version)],
      ['plan 0601', () => planLandUse(w, p.id, '0601', '2025-04-01', p.version, 2026)],
      ['plan 0601 again', () => planLandUse(w, p.id, '0601', '2025-05-01', p.version, 2026)],
    ];
    for (const [i, [, run]] of steps.entries()) {
      const before = p.version;
      const r = await run();
      expect(r.errors).toBeUndefined();
      p = (r.data.recordLandAction ?? r.data.planLandUse);
      expect(p.version).toBe(before + 1);
      expect(await okAudits()).toHaveLength(i + 1);
      expect(await feed()).toHaveLength(i + 1);
    }
    expect(p.landStatus).toBe('IN_SUPPLY_PLAN');
    // The old version is now stale for everyone.
    expect(codeOf(await landAction(w, p.id, 'RESERVE', '2025-06-01', p.version - 1))).toBe('CONFLICT');
  });
});

describe('dates on land and construction acts', () => {
  it('decidedOn / issuedOn after today are BAD_USER_INPUT, nothing changed', async () => {
    const p = await plotAt(w, 'BELOW_SCREENING', { currentUseCode: '0601' });
    const tomorrow = '2025-07-01';
    const r1 = await planLandUse(w, p.id, '0601', tomorrow, p.version);
    expect(codeOf(r1)).toBe('BAD_USER_INPUT');
    expect(r1.errors![0].extensions.field).toBe('decidedOn');
    const r2 = await landAction(w, p.id, 'SUPPLY', tomorrow, p.version);
    expect(r2.errors![0].extensions.field).toBe('decidedOn');
    const r3 = await constructionPermit(w, p.id, 'REGULAR', tomorrow, p.version);
    expect(r3.errors![0].extensions.field).toBe('issuedOn');
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    // and today is fine
    expect(ok(await landAction(w, p.id, 'SUPPLY', TODAY, p.version)).recordLandAction.landStatus).toBe('SUPPLIED');
  });
});
