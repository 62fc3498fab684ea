/**
 * The cases of issue 13 that the first edition of the rules answered wrongly (RULES.md, second edition, §1–§5),
 * each as a story through the API with the token of the agency that acts: ECO moves stages and reopens plots,
 * NATURAL_RESOURCES plans and acts on land, HOUSING and APPROVALS permit and report works. Every check reads
 * what the API answers (data, or errors[0].extensions.code). Each case would have passed the first edition
 * wrongly (or had no field to ask).
 */
import {
  advance, codeOf, COUNTY, constructionPermit, constructionStarted, evidence, landAction, ok, planLandUse, PLOT, plotAt, readPlot,
  refusalsLogged, registerPlot, startWorld, stateOf, TODAY, upsertKeyUnit, walk, World,
} from './helpers';

let w: World;
beforeAll(async () => { w = await startWorld(); });
afterAll(async () => { await w.stop(); });

const DECIDED = '2025-06-01';
const kinds = (p: any) => p.investigationTriggers.map((t: any) => t.kind);

/** reportDiscoveredContamination on an existing plot (any agency). */
function discoveredOn(plotId: string, on: string, token: string, note = '施工中发现异味土壤') {
  return w.gql(token, `mutation($id: ID!, $on: Date, $note: String!) { reportDiscoveredContamination(plotId: $id, discoveredOn: $on, note: $note) { ${PLOT} } }`, { id: plotId, on, note });
}

describe('(a) contamination discovered on land already in residential use (0702)', () => {
  it('requires investigation: the exemption for 一住两公 land cancels only USE_CHANGE; HOUSING\'s REGULAR permit is refused', async () => {
    // HOUSING reports it from a building site in a village (农村宅基地 0702).
    const r = await w.gql(w.tok.housing, `mutation($input: PlotInput!, $note: String!) { reportDiscoveredContamination(input: $input, note: $note) { ${PLOT} } }`, {
      input: { name: '榆次区某村宅基地翻建工地', countyCode: COUNTY, source: 'OTHER', currentUseCode: '0702', identifiedOn: '2025-05-20' },
      note: '宅基地翻建开挖发现油污土壤',
    });
    const p = ok(r).reportDiscoveredContamination;
    expect(p).toMatchObject({ stage: 'SUSPECTED', source: 'DISCOVERED', currentUse: { code: '0702', sensitive: true } });
    expect(p.investigationTriggers).toEqual([{ kind: 'DISCOVERED', aroseOn: '2025-05-20' }]);
    expect(p.investigationRequired).toBe(true);
    expect(p.clearance.regularConstruction).toBe(false);
    expect(p.clearance.reasons).toEqual(['INVESTIGATION_NOT_COMPLETED']);
    const refused = await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, w.tok.housing);
    expect(codeOf(refused)).toBe('INVESTIGATION_NOT_COMPLETED');
    expect(refused.data).toBeNull();
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    expect(await refusalsLogged(w, 'issueConstructionPermit', 'INVESTIGATION_NOT_COMPLETED', p.id)).toEqual([expect.objectContaining({ agency: 'HOUSING' })]);
  });

  it('the same land registered only for a change of use (LAND_USE_CHANGE) needs no investigation — until contamination is found on it', async () => {
    let p = await registerPlot(w, { currentUseCode: '0702', source: 'LAND_USE_CHANGE', identifiedOn: '2025-01-10' }, w.tok.nr);
    expect(kinds(p)).toEqual(['USE_CHANGE']);
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.regularConstruction).toBe(true);
    p = ok(await discoveredOn(p.id, '2025-05-02', w.tok.housing)).reportDiscoveredContamination;
    expect(kinds(p)).toEqual(['USE_CHANGE', 'DISCOVERED']);
    expect(p.investigationRequired).toBe(true);
    expect(codeOf(await constructionPermit(w, p.id, 'REGULAR', DECIDED, p.version, w.tok.approvals))).toBe('INVESTIGATION_NOT_COMPLETED');
  });
});

describe('(b) the supply act', () => {
  it('a SUPPLY with no planned use and no supplied codes is BAD_USER_INPUT on suppliedUseCodes, nothing written (gate 1 first on a directory plot)', async () => {
    const p = await registerPlot(w, { currentUseCode: '0601' });
    const r = await landAction(w, p.id, 'SUPPLY', DECIDED, p.version);
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0].extensions.field).toBe('suppliedUseCodes');
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    // On a directory plot gate 1 answers first (PLOT_IN_DIRECTORY).
    const listed = await plotAt(w, 'LISTED', { currentUseCode: '0601' });
    expect(codeOf(await landAction(w, listed.id, 'SUPPLY', DECIDED, listed.version))).toBe('PLOT_IN_DIRECTORY');
  });

  it('the supply records its codes, method and decision; planning 0701 afterwards on the uncleared plot opens SUPPLY_WITHOUT_INVESTIGATION', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', source: 'KEY_INDUSTRY_SURVEY', industry: '电镀' });
    p = ok(await landAction(w, p.id, 'SUPPLY', '2025-03-01', p.version, w.tok.nr, { suppliedUseCodes: ['0601'], supplyMethod: 'GRANT', decisionNo: '晋中出让合同〔2025〕017号' })).recordLandAction;
    expect(p.landStatus).toBe('SUPPLIED');
    expect(p.supply).toEqual({ uses: [{ code: '0601' }], method: 'GRANT', decisionNo: '晋中出让合同〔2025〕017号', decidedOn: '2025-03-01' });
    expect(p.violations).toEqual([]);
    p = ok(await planLandUse(w, p.id, '0701', '2025-04-01', p.version, 2025)).planLandUse;
    expect(p.plannedUse.code).toBe('0701');
    expect(p.violations).toEqual([expect.objectContaining({ kind: 'SUPPLY_WITHOUT_INVESTIGATION', detectedOn: '2025-04-01', rectifiedOn: null })]);
    expect(kinds(p)).toEqual(['SURVEY', 'USE_CHANGE']);
    // Every agency reads it in the violations list.
    for (const tok of [w.tok.eco, w.tok.housing, w.tok.approvals]) {
      const v = ok(await w.gql(tok, `{ violations(divisionCode: "${COUNTY}", open: true, first: 500) { nodes { kind plot { id } } } }`)).violations.nodes;
      expect(v.filter((x: any) => x.plot.id === p.id).map((x: any) => x.kind)).toEqual(['SUPPLY_WITHOUT_INVESTIGATION']);
    }
  });
});

describe('(c) a plot of no key unit planned for 一住两公', () => {
  it('carries the USE_CHANGE trigger and the INVESTIGATION_BEFORE_USE_CHANGE duty (Plot.obligations)', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2025-01-10' }, w.tok.nr);
    expect(p.keyUnit).toBeNull();
    p = ok(await planLandUse(w, p.id, '0803', '2025-02-01', p.version, 2026)).planLandUse;
    expect(kinds(p)).toEqual(['MONITORING', 'USE_CHANGE']);
    expect(p.investigationTriggers[1]).toEqual({ kind: 'USE_CHANGE', aroseOn: '2025-02-01' });
    expect(p.investigationRequired).toBe(true);
    const duties = ok(await w.gql(w.tok.eco, `query($id: ID!) { plot(id: $id) { obligations { kind state dueOn } } }`, { id: p.id })).plot.obligations;
    expect(duties.filter((d: any) => d.kind === 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([{ kind: 'INVESTIGATION_BEFORE_USE_CHANGE', state: 'DUE', dueOn: '2026-01-01' }]);
  });
});

describe('(d) remediation works are what the law asks for, not a violation', () => {
  it('works on a REMEDIATION plot under a RISK_CONTROL_OR_REMEDIATION permit open no violation', async () => {
    let p = await plotAt(w, 'REMEDIATION', { currentUseCode: '0601', industry: '焦化' });
    p = ok(await constructionPermit(w, p.id, 'RISK_CONTROL_OR_REMEDIATION', DECIDED, p.version, w.tok.approvals, '修复工程施工许可2025-07')).issueConstructionPermit;
    // No purpose stated: the works are those of the plot's construction permit.
    p = ok(await constructionStarted(w, p.id, '2025-06-05', p.version, w.tok.housing)).reportConstructionStarted;
    expect(p.constructionStartedOn).toBe('2025-06-05');
    expect(p.violations).toEqual([]);
    const open = ok(await w.gql(w.tok.eco, `{ violations(divisionCode: "${COUNTY}", open: true, first: 500) { nodes { plot { id } } } }`)).violations.nodes;
    expect(open.filter((v: any) => v.plot.id === p.id)).toEqual([]);
  });

  it('risk-control works stated as such on a LISTED plot open no violation; REGULAR works there do', async () => {
    let p = await plotAt(w, 'LISTED', { currentUseCode: '0601' });
    p = ok(await constructionStarted(w, p.id, '2025-06-05', p.version, w.tok.housing, 'RISK_CONTROL_OR_REMEDIATION')).reportConstructionStarted;
    expect(p.violations).toEqual([]);
    p = ok(await constructionStarted(w, p.id, '2025-06-10', p.version, w.tok.housing, 'REGULAR')).reportConstructionStarted;
    expect(p.violations).toEqual([expect.objectContaining({ kind: 'CONSTRUCTION_BEFORE_CLEARANCE', detectedOn: '2025-06-10' })]);
  });
});

describe('(e) cleared for what: the GB 36600 class', () => {
  it('a plot cleared against second-class values is not cleared for housing: supply of 0701 refused', async () => {
    const p = await plotAt(w, 'BELOW_SCREENING', { currentUseCode: '0601', landClass: 'SECOND' });
    expect(p.clearedFor).toBe('SECOND');
    const planned = ok(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2025)).planLandUse;
    expect(planned.investigationRequired).toBe(true);
    expect(planned.clearance.supplyForSensitiveUse).toBe(false);
    const r = await landAction(w, p.id, 'SUPPLY', DECIDED, planned.version, w.tok.nr);
    expect(codeOf(r)).toBe('INVESTIGATION_NOT_COMPLETED');
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(planned));
    expect(codeOf(await constructionPermit(w, p.id, 'REGULAR', DECIDED, planned.version, w.tok.housing))).toBe('INVESTIGATION_NOT_COMPLETED');
  });

  it('one cleared against first-class values is: planned 0701 before the clearance, then supplied', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = ok(await planLandUse(w, p.id, '0701', '2024-01-02', p.version, 2025, w.tok.nr)).planLandUse;
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'BELOW_SCREENING'], '2024-01-02', 'FIRST');
    expect(p).toMatchObject({ clearedFor: 'FIRST', investigationRequired: false, clearance: { supplyForSensitiveUse: true, regularConstruction: true } });
    p = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version, w.tok.nr, { supplyMethod: 'GRANT' })).recordLandAction;
    expect(p.supply).toMatchObject({ uses: [{ code: '0701' }], method: 'GRANT' });
  });

  // The supply (of 0701, on land used 0601) raises USE_CHANGE after the clearance; a clearance against
  // first-class values answers it (RULES §1–§2: cleared for the use), so HOUSING may permit the homes.
  it('one cleared against first-class values and supplied for housing may then be built on (REGULAR permit)', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = ok(await planLandUse(w, p.id, '0701', '2024-01-02', p.version, 2025, w.tok.nr)).planLandUse;
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'BELOW_SCREENING'], '2024-01-02', 'FIRST');
    p = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version, w.tok.nr)).recordLandAction;
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.regularConstruction).toBe(true);
    p = ok(await constructionPermit(w, p.id, 'REGULAR', TODAY, p.version, w.tok.housing)).issueConstructionPermit;
    expect(p.constructionPermitNo).toBeTruthy();
  });

  // The usual order: investigated and cleared first, the housing plan decided afterwards. The plan raises
  // USE_CHANGE after the clearance; the clearance covers the use (FIRST), so nothing more is required.
  it('one cleared against first-class values and planned for housing afterwards may be supplied and built on', async () => {
    let p = await plotAt(w, 'BELOW_SCREENING', { currentUseCode: '0601', landClass: 'FIRST' });
    p = ok(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2025, w.tok.nr)).planLandUse;
    expect(p.clearedFor).toBe('FIRST');
    expect(p.clearance.supplyForSensitiveUse).toBe(true);
    p = ok(await landAction(w, p.id, 'SUPPLY', DECIDED, p.version, w.tok.nr)).recordLandAction;
    expect(p.investigationRequired).toBe(false);
    expect(p.clearance.regularConstruction).toBe(true);
    p = ok(await constructionPermit(w, p.id, 'REGULAR', TODAY, p.version, w.tok.housing)).issueConstructionPermit;
    expect(p.constructionPermitNo).toBeTruthy();
  });
});

describe('(f) 法67: a key unit\'s land before its investigation is complete', () => {
  it('RECOVER and TRANSFER are refused INVESTIGATION_NOT_COMPLETED; after the investigation closes RECOVER passes', async () => {
    const unit = await upsertKeyUnit(w, { name: '榆次区某化工有限公司', industry: '化工', listedOn: '2023-01-01' });
    let p = await registerPlot(w, { keyUnitId: unit.id, source: 'KEY_UNIT_LAND', currentUseCode: '0601', identifiedOn: '2024-01-01' });
    expect(kinds(p)).toEqual(['KEY_UNIT_LAND']);
    for (const act of ['RECOVER', 'TRANSFER']) {
      const r = await landAction(w, p.id, act, DECIDED, p.version, w.tok.nr);
      expect(codeOf(r)).toBe('INVESTIGATION_NOT_COMPLETED');
      expect(r.data).toBeNull();
    }
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
    expect(await refusalsLogged(w, 'recordLandAction', 'INVESTIGATION_NOT_COMPLETED', p.id)).toHaveLength(2);
    // Under investigation: still refused.
    p = await walk(w, p, ['UNDER_INVESTIGATION']);
    expect(codeOf(await landAction(w, p.id, 'RECOVER', DECIDED, p.version, w.tok.nr))).toBe('INVESTIGATION_NOT_COMPLETED');
    // The investigation closes (below the screening values): the government may recover the land.
    p = await walk(w, p, ['BELOW_SCREENING'], '2024-02-01');
    p = ok(await landAction(w, p.id, 'RECOVER', DECIDED, p.version, w.tok.nr)).recordLandAction;
    expect(p.landStatus).toBe('RECOVERED');
    expect(kinds(p)).toEqual(['KEY_UNIT_LAND', 'KEY_UNIT_LAND']);
  });
});

describe('(g) gate 3 on every first-class use, the industry matched through the key-industry reference', () => {
  it.each(['0805', '0806'])('a delisted 焦化 plot may not be planned %s (hospital, social welfare)', async (code) => {
    const p = await plotAt(w, 'DELISTED', { industry: '焦化', currentUseCode: '0601', landClass: 'FIRST' });
    const r = await planLandUse(w, p.id, code, DECIDED, p.version, 2026, w.tok.nr);
    expect(codeOf(r)).toBe('RESTRICTED_USE');
    expect(stateOf(await readPlot(w, p.id))).toEqual(stateOf(p));
  });

  it.each(['炼焦', '山西某某焦化有限公司', '2521'])('an industry written %s is caught', async (industry) => {
    const p = await plotAt(w, 'DELISTED', { industry, currentUseCode: '0601', landClass: 'FIRST' });
    expect(p.industry).toBe(industry);
    expect(codeOf(await planLandUse(w, p.id, '0701', DECIDED, p.version, 2026, w.tok.nr))).toBe('RESTRICTED_USE');
    // A second-class use stays open to it.
    expect(ok(await planLandUse(w, p.id, '0801', DECIDED, p.version, 2026, w.tok.nr)).planLandUse.plannedUse.code).toBe('0801');
  });
});

describe('(h) discovered contamination on a DELISTED plot', () => {
  it('requires investigation again; ECO reopens it DELISTED → UNDER_INVESTIGATION with evidence', async () => {
    let p = await plotAt(w, 'DELISTED', { currentUseCode: '0601', landClass: 'FIRST' });
    expect(p.investigationRequired).toBe(false);
    const plotsBefore = ok(await w.gql(w.tok.eco, `{ plots(first: 1) { totalCount } }`)).plots.totalCount;
    p = ok(await discoveredOn(p.id, '2025-05-10', w.tok.housing, '后期管理巡查发现地下水异味')).reportDiscoveredContamination;
    expect(p.stage).toBe('DELISTED');
    expect(p.investigationTriggers.at(-1)).toEqual({ kind: 'DISCOVERED', aroseOn: '2025-05-10' });
    expect(p.investigationRequired).toBe(true);
    expect(p.clearance.regularConstruction).toBe(false);
    expect(ok(await w.gql(w.tok.eco, `{ plots(first: 1) { totalCount } }`)).plots.totalCount).toBe(plotsBefore); // no new plot
    // Without evidence: BAD_USER_INPUT; with it: reopened.
    const bare = await advance(w, p.id, 'UNDER_INVESTIGATION', '2025-05-20', p.version, null);
    expect(codeOf(bare)).toBe('BAD_USER_INPUT');
    expect(bare.errors![0].extensions.field).toBe('evidence');
    p = ok(await advance(w, p.id, 'UNDER_INVESTIGATION', '2025-05-20', p.version, evidence('2025-05-20', 'REOPEN'))).advancePlotStage;
    expect(p).toMatchObject({ stage: 'UNDER_INVESTIGATION', investigationRequired: true, clearedFor: null });
    expect(p.stageHistory.at(-1)).toMatchObject({ from: 'DELISTED', to: 'UNDER_INVESTIGATION', effectiveOn: '2025-05-20', agency: 'ECO' });
  });

  it('exactly one of input and plotId: both or neither is BAD_USER_INPUT', async () => {
    const p = await registerPlot(w);
    const both = await w.gql(w.tok.housing, `mutation($id: ID!, $input: PlotInput!) { reportDiscoveredContamination(plotId: $id, input: $input, note: "x") { id } }`, {
      id: p.id, input: { name: 'x', countyCode: COUNTY, source: 'OTHER' },
    });
    expect(codeOf(both)).toBe('BAD_USER_INPUT');
    expect(codeOf(await w.gql(w.tok.housing, `mutation { reportDiscoveredContamination(note: "x") { id } }`))).toBe('BAD_USER_INPUT');
  });
});
