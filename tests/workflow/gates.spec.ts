/**
 * The gates of BRIEF.md ("Gates (the platform refuses)"), one test per gate and code, each step with the
 * agency that does it: NATURAL_RESOURCES plans and acts on land, HOUSING / APPROVALS issue construction
 * permits, ECO moves stages. Every refusal is read back (version and fields unchanged) and looked up in the
 * audit trail; `Plot.clearance` is checked against what the gates really do.
 */
import {
  CLEARED, codeOf, constructionPermit, DIRECTORY, landAction, ok, PATH, planLandUse, plotAt, readPlot, refusalsLogged, Stage, STAGES,
  startWorld, stateOf, stepDate, TODAY, World, PlotOpts, walk, registerPlot, evidence, newCreditCode, COUNTY, upsertKeyUnit,
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
  return walk(w, planned, PATH[stage], '2024-01-02', o.landClass);
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

  // Registered for the change of use (source LAND_USE_CHANGE): its only trigger is USE_CHANGE, which the
  // plans' exemption for land already 一住两公 cancels (RULES §1), so no investigation is required either.
  it.each(['SUSPECTED', 'UNDER_INVESTIGATION'] as Stage[])('passes when the current use is already 一住两公 (%s, 0702 → 0701)', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0702', source: 'LAND_USE_CHANGE' });
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.supplyForSensitiveUse).toBe(true);
    const s = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction;
    expect(s.landStatus).toBe('SUPPLIED');
    expect(s.version).toBe(p.version + 1);
    expect(s.supply.uses).toEqual([{ code: '0701' }]);
  });

  // RULES §1: the exemption cancels only USE_CHANGE. Land in residential use registered on a monitoring result
  // still must be investigated; gate 2 (a change to 一住两公) does not hold its supply, gate 4 holds its works.
  it.each(['SUSPECTED', 'UNDER_INVESTIGATION'] as Stage[])('passes on land already 一住两公 registered from monitoring (%s), which still requires investigation', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0702', source: 'OTHER' });
    expect(p.investigationTriggers.map((t: any) => t.kind)).toEqual(['MONITORING']);
    expect(p.investigationRequired).toBe(true);
    expect(p.clearance).toEqual({ supplyForSensitiveUse: true, changeOfUse: true, regularConstruction: false, reasons: ['INVESTIGATION_NOT_COMPLETED'] });
    expect(ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction.landStatus).toBe('SUPPLIED');
  });

  it.each(CLEARED)('passes once the plot is cleared for first-class use (%s, landClass FIRST)', async (stage) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0601', landClass: 'FIRST' });
    expect(p.clearedFor).toBe('FIRST');
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.supplyForSensitiveUse).toBe(true);
    expect(ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version)).recordLandAction.landStatus).toBe('SUPPLIED');
  });

  // RULES §2: a clearance against second-class values (or none stated) does not make land safe for housing.
  it.each(CLEARED)('is refused on a plot cleared against second-class values only (%s, landClass absent or SECOND)', async (stage) => {
    for (const landClass of [undefined, 'SECOND'] as const) {
      const p = await plannedPlotAt(stage, '0701', { currentUseCode: '0601', landClass });
      expect(p.clearedFor).toBe('SECOND');
      expect(p.investigationRequired).toBe(true);
      expect(p.clearance.supplyForSensitiveUse).toBe(false);
      const r = await landAction(w, p.id, 'SUPPLY', DECIDED, p.version);
      expect(codeOf(r)).toBe('INVESTIGATION_NOT_COMPLETED');
      expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    }
  });

  it('a SECOND clearance still allows supplying a second-class use (0601) and supplied codes override the plan', async () => {
    const p = await plannedPlotAt('BELOW_SCREENING', '0701', { currentUseCode: '0601' });
    const s = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version, w.tok.nr, { suppliedUseCodes: ['0601'], supplyMethod: 'GRANT', decisionNo: '晋中出让〔2025〕1号' })).recordLandAction;
    expect(s.supply).toEqual({ uses: [{ code: '0601' }], method: 'GRANT', decisionNo: '晋中出让〔2025〕1号', decidedOn: DECIDED });
    // Mixed use: sensitive if any supplied code is 一住两公.
    const q = await plannedPlotAt('BELOW_SCREENING', '0601', { currentUseCode: '0601' });
    expect(codeOf(await landAction(w, q.id, 'SUPPLY', DECIDED, q.version, w.tok.nr, { suppliedUseCodes: ['0601', '0701'] }))).toBe('INVESTIGATION_NOT_COMPLETED');
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

  // RULES §4 gate 3: every use that needs first-class land (medical 0805 and social welfare 0806 too; the
  // first edition let 0805 through).
  it.each(['焦化', '化工', '农药'].flatMap((ind) => ['0805', '0806'].map((code) => [ind, code])))('a DELISTED %s plot may not be planned %s (first-class use)', async (industry, code) => {
    const p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601', landClass: 'FIRST' });
    await expectRefused(await planLandUse(w, p.id, code, DECIDED, p.version, 2026), 'RESTRICTED_USE', p, 'planLandUse', 'NATURAL_RESOURCES');
  });

  it.each(['炼焦', '山西某某焦化有限公司', '2521', '煤化工'])('an industry written %s is matched through the key-industry reference', async (industry) => {
    const p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601', landClass: 'FIRST' });
    await expectRefused(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026), 'RESTRICTED_USE', p, 'planLandUse', 'NATURAL_RESOURCES');
  });

  it.each(['焦化', '化工', '农药'])('a DELISTED %s plot may be planned 0801 or 0601 (second-class uses)', async (industry) => {
    let p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601' });
    for (const code of ['0801', '0601']) {
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
    let p = await plotAt(w, 'DELISTED', { industry: '焦化', currentUseCode: '0601', landClass: 'FIRST' });
    expect(p.stageHistory.some((e: any) => e.to === 'LISTED')).toBe(true);
    // Re-opened on new findings (RULES §5: DELISTED → UNDER_INVESTIGATION with evidence) and cleared again, FIRST.
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'BELOW_SCREENING'], '2024-06-01', 'FIRST');
    expect(p.stage).toBe('BELOW_SCREENING');
    expect(p.clearedFor).toBe('FIRST');
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

  it.each(CLEARED)('REGULAR passes once cleared (%s, no use planned: any class will do)', async (stage) => {
    const p = await plotAt(w, stage, { currentUseCode: '0601' });
    const r = ok(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, w.tok.housing, '建字第001号')).issueConstructionPermit;
    expect(r.constructionPermitNo).toBe('建字第001号');
    expect(r.version).toBe(p.version + 1);
  });

  it('REGULAR passes on a SUSPECTED plot already 一住两公 and staying so (investigation not required)', async () => {
    // Its only trigger is the change of use (source LAND_USE_CHANGE), which the exemption cancels (RULES §1).
    const p = await plannedPlotAt('SUSPECTED', '0701', { currentUseCode: '0701', source: 'LAND_USE_CHANGE' });
    expect(p.investigationRequired).toBe(false);
    expect(ok(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version)).issueConstructionPermit.constructionPermitNo).toBeTruthy();
  });

  it.each(['OTHER', 'DISCOVERED', 'KEY_INDUSTRY_SURVEY'])('REGULAR is refused on a SUSPECTED plot already 一住两公 registered with source %s (the exemption cancels only USE_CHANGE)', async (source) => {
    const p = await plannedPlotAt('SUSPECTED', '0701', { currentUseCode: '0701', source });
    expect(p.investigationRequired).toBe(true);
    await expectRefused(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'issueConstructionPermit', 'HOUSING');
  });

  it('REGULAR on a cleared plot planned 0701 needs a FIRST clearance (RULES §2)', async () => {
    const second = await plannedPlotAt('BELOW_SCREENING', '0701', { currentUseCode: '0601', landClass: 'SECOND' });
    await expectRefused(await constructionPermit(w, second.id, 'REGULAR', DECIDED, second.version), 'INVESTIGATION_NOT_COMPLETED', second, 'issueConstructionPermit', 'HOUSING');
    const first = await plannedPlotAt('BELOW_SCREENING', '0701', { currentUseCode: '0601', landClass: 'FIRST' });
    expect(ok(await constructionPermit(w, first.id, 'REGULAR', DECIDED, first.version)).issueConstructionPermit.constructionPermitNo).toBeTruthy();
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

describe('gate 5 (法67): a key unit\'s land before its investigation is complete → INVESTIGATION_NOT_COMPLETED', () => {
  async function unitPlotAt(stage: Stage) {
    const unit = await upsertKeyUnit(w, { industry: '化工', listedOn: '2023-01-01' });
    return plotAt(w, stage, { keyUnitId: unit.id, source: 'KEY_UNIT_LAND', currentUseCode: '0601' });
  }
  const cases = (['SUSPECTED', 'UNDER_INVESTIGATION'] as Stage[]).flatMap((s) => ['RECOVER', 'TRANSFER', 'planLandUse'].map((a) => [s, a]));

  it.each(cases)('on a key unit\'s %s plot, %s is refused', async (stage, act) => {
    const p = await unitPlotAt(stage as Stage);
    expect(p.keyUnit).toBeTruthy();
    expect(p.clearance.changeOfUse).toBe(false);
    if (act === 'planLandUse') {
      await expectRefused(await planLandUse(w, p.id, '0601', DECIDED, p.version, 2026), 'INVESTIGATION_NOT_COMPLETED', p, 'planLandUse', 'NATURAL_RESOURCES');
    } else {
      await expectRefused(await landAction(w, p.id, act, DECIDED, p.version), 'INVESTIGATION_NOT_COMPLETED', p, 'recordLandAction', 'NATURAL_RESOURCES');
    }
  });

  it.each(['UNDER_RISK_ASSESSMENT', 'BELOW_SCREENING'] as Stage[])('once the investigation closed (%s), RECOVER and TRANSFER pass and record the KEY_UNIT_LAND trigger', async (stage) => {
    let p = await unitPlotAt(stage);
    p = ok(await landAction(w, p.id, 'RECOVER', DECIDED, p.version)).recordLandAction;
    expect(p.landStatus).toBe('RECOVERED');
    p = ok(await landAction(w, p.id, 'TRANSFER', TODAY, p.version)).recordLandAction;
    expect(p.landStatus).toBe('SUPPLIED');
    expect(p.investigationTriggers.map((t: any) => t.kind)).toEqual(['KEY_UNIT_LAND', 'KEY_UNIT_LAND', 'KEY_UNIT_LAND']);
  });

  it('does not hold a plot that is not a key unit\'s land (RECOVER at SUSPECTED passes)', async () => {
    const p = await plotAt(w, 'SUSPECTED', { currentUseCode: '0601' });
    expect(ok(await landAction(w, p.id, 'RECOVER', DECIDED, p.version)).recordLandAction.landStatus).toBe('RECOVERED');
  });

  it('a key unit\'s plot in the directory answers PLOT_IN_DIRECTORY (gate 1 first)', async () => {
    const p = await unitPlotAt('LISTED');
    await expectRefused(await landAction(w, p.id, 'RECOVER', DECIDED, p.version), 'PLOT_IN_DIRECTORY', p, 'recordLandAction', 'NATURAL_RESOURCES');
  });
});

describe('Plot.clearance agrees with the gates (one implementation)', () => {
  /**
   * What RULES.md (second edition) §1, §2 and §4 say each gate does at each stage, for a plot planned 0701
   * (which needs FIRST-class land). The registration source gives the first trigger (OTHER → MONITORING,
   * LAND_USE_CHANGE → USE_CHANGE) and planning 0701 on land not 一住两公 adds USE_CHANGE; the exemption for
   * land already 一住两公 cancels only USE_CHANGE.
   */
  function expected(stage: Stage, o: { currentSensitive: boolean; source: string; landClass?: 'FIRST' | 'SECOND' }) {
    const inDir = DIRECTORY.includes(stage);
    const cleared = CLEARED.includes(stage);
    const triggerStands = o.source !== 'LAND_USE_CHANGE' || !o.currentSensitive;
    const clearedForHousing = cleared && o.landClass === 'FIRST';
    const invRequired = ((stage === 'SUSPECTED' || stage === 'UNDER_INVESTIGATION') && triggerStands) || (cleared && !clearedForHousing);
    const supply = inDir ? 'PLOT_IN_DIRECTORY' : !clearedForHousing && !o.currentSensitive ? 'INVESTIGATION_NOT_COMPLETED' : null;
    const change = inDir ? 'PLOT_IN_DIRECTORY' : null;
    const build = inDir ? 'TARGETS_NOT_MET' : invRequired || stage === 'UNDER_RISK_ASSESSMENT' ? 'INVESTIGATION_NOT_COMPLETED' : null;
    return { supply, change, build, invRequired };
  }

  type Variant = [Stage, string, string | undefined, string, 'FIRST' | 'SECOND' | undefined];
  const variants: Variant[] = STAGES.flatMap((s) => [
    [s, '0601', undefined, 'OTHER', undefined], [s, '0702', undefined, 'OTHER', undefined], [s, '0702', undefined, 'LAND_USE_CHANGE', undefined],
    [s, '0601', '焦化', 'OTHER', undefined],
    ...(CLEARED.includes(s) ? [[s, '0601', undefined, 'OTHER', 'FIRST'], [s, '0702', undefined, 'LAND_USE_CHANGE', 'FIRST']] : []),
  ] as Variant[]);

  it.each(variants)('at %s (current use %s, industry %s, source %s, cleared against class %s): clearance = what the gates do', async (stage, current, industry, source, landClass) => {
    const p = await plannedPlotAt(stage, '0701', { currentUseCode: current, industry, source, landClass });
    const exp = expected(stage, { currentSensitive: current === '0702', source, landClass });
    expect(p.investigationRequired).toBe(exp.invRequired);
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

  // The last move's evidence states the class (FIRST) or not (absent = SECOND): a plot planned 0701 and
  // delisted against second-class values still requires investigation for housing (RULES §2).
  it.each([['FIRST', false, true, true], [undefined, true, false, false]] as const)('investigationRequired and clearance follow the stage as ECO moves it (delisted with landClass %s)', async (landClass, req, supply, build) => {
    let p = await plannedPlotAt('SUSPECTED', '0701', { currentUseCode: '0601' });
    const seen: [string, boolean, boolean, boolean][] = [];
    for (const to of PATH.DELISTED) {
      const on = stepDate(seen.length, '2024-01-02');
      const ev = { ...evidence(on), ...(to === 'DELISTED' && landClass ? { landClass } : {}) };
      p = ok(await w.gql(w.tok.eco, `mutation($id: ID!, $to: PlotStage!, $on: Date!, $ev: EvidenceInput, $v: Int!) {
        advancePlotStage(plotId: $id, to: $to, effectiveOn: $on, evidence: $ev, expectedVersion: $v) { id version stage investigationRequired clearance { supplyForSensitiveUse changeOfUse regularConstruction reasons } } }`,
      { id: p.id, to, on, ev, v: p.version })).advancePlotStage;
      seen.push([p.stage, p.investigationRequired, p.clearance.supplyForSensitiveUse, p.clearance.regularConstruction]);
    }
    expect(seen).toEqual([
      ['UNDER_INVESTIGATION', true, false, false],
      ['UNDER_RISK_ASSESSMENT', false, false, false],
      ['LISTED', false, false, false],
      ['REMEDIATION', false, false, false],
      ['EFFECT_EVALUATION', false, false, false],
      ['DELISTED', req, supply, build],
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
    // RULES §3: with no planned use and no supplied codes, nothing says what the land is for.
    const r4 = await landAction(w, p.id, 'SUPPLY', TODAY, p.version);
    expect(codeOf(r4)).toBe('BAD_USER_INPUT');
    expect(r4.errors![0].extensions.field).toBe('suppliedUseCodes');
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    // and today is fine, saying what is supplied
    expect(ok(await landAction(w, p.id, 'SUPPLY', TODAY, p.version, w.tok.nr, { suppliedUseCodes: ['0601'] })).recordLandAction.landStatus).toBe('SUPPLIED');
  });
});
