/**
 * Whole stories across the four agencies, through the API, as the two action plans tell them: a coking plant's
 * permit revoked and its site cleaned up and re-used; farmland-style industrial land planned for homes and built
 * on too early; a key unit's duties through their dates; a supplied plot found to be contaminated; a discovery on
 * a building site; a unit leaving the directory; and endPermit's all-or-nothing.
 */
import {
  addDays, advance, codeOf, constructionPermit, constructionStarted, COUNTY, endPermit, evidence, issuePermit, KEY_UNIT, landAction,
  newCreditCode, obligationsAt, ofUnit, ok, planLandUse, PLOT, readKeyUnit, readPlot, refusalsLogged, registerPlot, startWorld, stateOf,
  TODAY, upsertKeyUnit, walk, World, PERMIT, Stage,
} from './helpers';

let clock = TODAY;
let w: World;
beforeAll(async () => { w = await startWorld(() => new Date(`${clock}T12:00:00+08:00`)); });
afterAll(async () => { await w.stop(); });
afterEach(() => { clock = TODAY; });

const sql = (q: string, params: unknown[] = []) => w.t.app.orm.em.fork().getConnection().execute(q, params);

/** ECO's change feed from a cursor on. */
async function changesAfter(cursor: string | null, token = w.tok.eco) {
  const r = ok(await w.gql(token, `query($a: String) { changes(after: $a, first: 500) { nodes { agency entity entityId action fields } pageInfo { endCursor } } }`, { a: cursor }));
  return r.changes as { nodes: { agency: string; entity: string; entityId: string; action: string; fields: string[] }[]; pageInfo: { endCursor: string | null } };
}
async function feedEnd(token = w.tok.eco): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const page = await changesAfter(cursor, token);
    if (!page.nodes.length) return cursor;
    cursor = page.pageInfo.endCursor;
  }
}

/**
 * ECO moves a plot one step (evidence always given: the table decides whether it is needed); `landClass`: the
 * GB 36600 class a clearance was judged against (absent = SECOND, RULES §2).
 */
async function step(plot: any, to: Stage, on: string, landClass?: 'FIRST' | 'SECOND') {
  return ok(await advance(w, plot.id, to, on, plot.version, { ...evidence(on), ...(landClass ? { landClass } : {}) })).advancePlotStage;
}

/** The plot's own duties (RULES §6: Plot.obligations). */
async function plotDuties(plotId: string, kind?: string) {
  const r = ok(await w.gql(w.tok.eco, `query($id: ID!) { plot(id: $id) { obligations { kind state dueOn detail } } }`, { id: plotId }));
  return (r.plot.obligations as { kind: string; state: string; dueOn: string | null; detail: string | null }[]).filter((o) => !kind || o.kind === kind);
}
/** The `duties` query (every subject) for the county at a date, this plot's rows of `kind`, as [state, dueOn]. */
async function plotDutiesAt(plotId: string, asOf: string, kind: string, state?: string) {
  const r = ok(await w.gql(w.tok.eco, `query($d: ID, $k: ObligationKind, $s: ObligationState, $on: Date) {
    duties(divisionCode: $d, subject: PLOT, kind: $k, state: $s, asOf: $on) { kind state dueOn plot { id } } }`, { d: COUNTY, k: kind, s: state ?? null, on: asOf }));
  return r.duties.filter((d: any) => d.plot?.id === plotId).map((d: any) => [d.state, d.dueOn]);
}

const SITE = `id status vacatedOn landReservedOn version enterpriseName plot { id stage source }`;
async function readSite(id: string) {
  const r = ok(await w.gql(w.tok.eco, `query { vacatedSites(divisionCode: "${COUNTY}", first: 200) { nodes { ${SITE} } } }`));
  return r.vacatedSites.nodes.find((s: any) => s.id === id);
}
async function violations(open: boolean | null, token = w.tok.eco) {
  const r = ok(await w.gql(token, `query($o: Boolean) { violations(divisionCode: "${COUNTY}", open: $o, first: 200) { totalCount nodes { id kind detectedOn rectifiedOn note plot { id } } } }`, { o: open }));
  return r.violations.nodes as { id: string; kind: string; detectedOn: string; rectifiedOn: string | null; plot: { id: string } }[];
}
const ofPlot = <T extends { plot: { id: string } }>(rows: T[], id: string) => rows.filter((r) => r.plot.id === id);
const kindOf = (unit: any, kind: string) => unit.obligations.filter((o: any) => o.kind === kind);

describe('(a) the coking plant: permit revoked, site investigated, listed, remediated, delisted and re-used', () => {
  it('walks the whole story', async () => {
    const cc = newCreditCode();
    const name = '榆次区鑫源焦化有限公司';
    // ECO registers the key unit.
    const unit = await upsertKeyUnit(w, { name, industry: '焦化', listedOn: '2023-05-01', creditCode: cc, address: '榆次区修文镇' });
    expect(unit).toMatchObject({ status: 'LISTED', industry: '焦化', inPermitManagement: false });
    expect(kindOf(unit, 'PERMIT_COVERAGE')).toEqual([expect.objectContaining({ state: 'OVERDUE' })]);

    // APPROVALS issues its discharge permit: it is linked to the key unit.
    let permit = await issuePermit(w, { creditCode: cc, holderName: name, industry: '焦化', issuedOn: '2023-06-01', validUntil: '2028-05-31' });
    expect(permit).toMatchObject({ status: 'VALID', keyUnit: { id: unit.id }, vacatedSite: null, endedOn: null });
    let ku = await readKeyUnit(w, unit.id);
    expect(ku.inPermitManagement).toBe(true);
    expect(kindOf(ku, 'PERMIT_COVERAGE')).toEqual([expect.objectContaining({ state: 'MET' })]);

    // APPROVALS revokes it.
    permit = ok(await endPermit(w, permit.id, 'REVOKE', '2024-03-15', permit.version)).endPermit;
    expect(permit).toMatchObject({ status: 'REVOKED', endedOn: '2024-03-15', endReason: '违法排污，依法撤销' });
    // … so it is on the ended list for March 2024 (bounds inclusive), and not on another month's.
    const ended = async (from: string, to: string) =>
      ok(await w.gql(w.tok.approvals, `query($f: DischargePermitFilter) { dischargePermits(filter: $f) { totalCount nodes { id status } } }`, { f: { endedFrom: from, endedTo: to } })).dischargePermits.nodes.map((n: any) => n.id);
    expect(await ended('2024-03-01', '2024-03-31')).toContain(permit.id);
    expect(await ended('2024-03-15', '2024-03-15')).toContain(permit.id);
    expect(await ended('2024-03-16', '2024-12-31')).not.toContain(permit.id);
    expect(await ended('2024-01-01', '2024-03-14')).not.toContain(permit.id);
    const revoked = ok(await w.gql(w.tok.eco, `{ dischargePermits(filter: { status: REVOKED }) { nodes { id } } }`)).dischargePermits.nodes.map((n: any) => n.id);
    expect(revoked).toContain(permit.id);
    ku = await readKeyUnit(w, unit.id);
    expect(ku.inPermitManagement).toBe(false);
    // RULES §6: a permit ended for closure (no category given = CLOSURE_RELOCATION) leaves the plant owing no permit
    // any more; the bureau owes taking it off the directory (DIRECTORY_UPDATE, no deadline) instead.
    expect(kindOf(ku, 'PERMIT_COVERAGE')).toEqual([]);
    expect(kindOf(ku, 'DIRECTORY_UPDATE')).toEqual([expect.objectContaining({ state: 'DUE', dueOn: null })]);
    // Read as of a date: covered until the day before the revocation.
    expect(ofUnit(await obligationsAt(w, '2024-03-14', 'PERMIT_COVERAGE'), unit.id).map((o) => o.state)).toEqual(['MET']);
    expect(ofUnit(await obligationsAt(w, '2024-03-15', 'PERMIT_COVERAGE'), unit.id)).toEqual([]);
    expect(ofUnit(await obligationsAt(w, '2024-03-14', 'DIRECTORY_UPDATE'), unit.id)).toEqual([]);
    expect(ofUnit(await obligationsAt(w, '2024-03-15', 'DIRECTORY_UPDATE'), unit.id).map((o) => o.state)).toEqual(['DUE']);

    // A vacated site opened, with a SUSPECTED plot (source VACATED_SITE) identified on the revocation date.
    const site = permit.vacatedSite;
    expect(site).toMatchObject({ status: 'VACATED', vacatedOn: '2024-03-15', enterpriseName: name, creditCode: cc, industry: '焦化', landReservedOn: null });
    expect(site.plot).toMatchObject({ stage: 'SUSPECTED', source: 'VACATED_SITE', industry: '焦化', formerEnterprise: name, formerCreditCode: cc, keyUnit: { id: unit.id } });
    expect(site.plot.stageHistory).toEqual([{ from: null, to: 'SUSPECTED', effectiveOn: '2024-03-15' }]);
    let plot = await readPlot(w, site.plot.id);

    // NATURAL_RESOURCES takes the vacated land into the reserve (收储): not before it was vacated, and not HOUSING.
    const reserveSite = (on: string, tok = w.tok.nr) => w.gql(tok, `mutation($id: ID!, $on: Date!, $v: Int!) { recordVacatedSiteReserve(id: $id, landReservedOn: $on, expectedVersion: $v) { id } }`, { id: site.id, on, v: site.version });
    const tooEarly = await reserveSite('2024-03-14');
    expect(codeOf(tooEarly)).toBe('BAD_USER_INPUT');
    expect(tooEarly.errors![0].extensions.field).toBe('landReservedOn');
    expect(codeOf(await reserveSite('2024-03-20', w.tok.housing))).toBe('FORBIDDEN');
    const reserved = ok(await w.gql(w.tok.nr, `mutation($id: ID!, $v: Int!) { recordVacatedSiteReserve(id: $id, landReservedOn: "2024-03-20", expectedVersion: $v) { id landReservedOn status version } }`, { id: site.id, v: site.version })).recordVacatedSiteReserve;
    expect(reserved).toMatchObject({ landReservedOn: '2024-03-20', status: 'VACATED', version: site.version + 1 });

    // ECO: investigation → the site is under investigation.
    plot = await step(plot, 'UNDER_INVESTIGATION', '2024-04-01');
    expect((await readSite(site.id)).status).toBe('UNDER_INVESTIGATION');
    plot = await step(plot, 'UNDER_RISK_ASSESSMENT', '2024-06-01');
    expect((await readSite(site.id)).status).toBe('UNDER_INVESTIGATION');
    plot = await step(plot, 'LISTED', '2024-08-01');
    expect((await readSite(site.id)).status).toBe('UNDER_INVESTIGATION');
    expect(plot.clearance.reasons.sort()).toEqual(['PLOT_IN_DIRECTORY', 'TARGETS_NOT_MET']);

    // NATURAL_RESOURCES may not supply or re-plan it while listed; HOUSING may not permit regular works.
    const before = await readPlot(w, plot.id);
    expect(codeOf(await landAction(w, plot.id, 'SUPPLY', '2024-09-01', plot.version))).toBe('PLOT_IN_DIRECTORY');
    expect(codeOf(await planLandUse(w, plot.id, '0801', '2024-09-01', plot.version, 2025))).toBe('PLOT_IN_DIRECTORY');
    expect(codeOf(await constructionPermit(w, plot.id, 'REGULAR', '2024-09-01', plot.version))).toBe('TARGETS_NOT_MET');
    expect(stateOf(await readPlot(w, plot.id))).toEqual(stateOf(before));
    expect(await refusalsLogged(w, 'recordLandAction', 'PLOT_IN_DIRECTORY', plot.id)).toEqual([expect.objectContaining({ agency: 'NATURAL_RESOURCES', client_name: '榆次区自然资源局' })]);
    expect(await refusalsLogged(w, 'planLandUse', 'PLOT_IN_DIRECTORY', plot.id)).toHaveLength(1);
    expect(await refusalsLogged(w, 'issueConstructionPermit', 'TARGETS_NOT_MET', plot.id)).toHaveLength(1);
    // … but APPROVALS may permit the remediation works.
    plot = ok(await constructionPermit(w, plot.id, 'RISK_CONTROL_OR_REMEDIATION', '2024-09-01', plot.version, w.tok.approvals, '修复工程施工许可2024-01')).issueConstructionPermit;

    // ECO: remediation, effect evaluation, delisting → the site is released.
    plot = await step(plot, 'REMEDIATION', '2024-09-15');
    plot = await step(plot, 'EFFECT_EVALUATION', '2025-03-01');
    expect((await readSite(site.id)).status).toBe('UNDER_INVESTIGATION');
    plot = await step(plot, 'DELISTED', '2025-05-01');
    expect((await readSite(site.id)).status).toBe('RELEASED');
    const released = ok(await w.gql(w.tok.housing, `{ vacatedSites(status: RELEASED) { nodes { id } } }`)).vacatedSites.nodes.map((s: any) => s.id);
    expect(released).toContain(site.id);
    expect(plot.stageHistory.map((e: any) => [e.to, e.effectiveOn])).toEqual([
      ['SUSPECTED', '2024-03-15'], ['UNDER_INVESTIGATION', '2024-04-01'], ['UNDER_RISK_ASSESSMENT', '2024-06-01'], ['LISTED', '2024-08-01'],
      ['REMEDIATION', '2024-09-15'], ['EFFECT_EVALUATION', '2025-03-01'], ['DELISTED', '2025-05-01'],
    ]);

    // A once-listed 焦化 plot never becomes homes …
    expect(codeOf(await planLandUse(w, plot.id, '0701', '2025-05-10', plot.version, 2025))).toBe('RESTRICTED_USE');
    // … but may become offices (0801), and be supplied.
    plot = ok(await planLandUse(w, plot.id, '0801', '2025-05-10', plot.version, 2025)).planLandUse;
    expect(plot).toMatchObject({ plannedUse: { code: '0801', sensitive: true }, supplyPlanYear: 2025, landStatus: 'IN_SUPPLY_PLAN' });
    plot = ok(await landAction(w, plot.id, 'SUPPLY', '2025-06-01', plot.version)).recordLandAction;
    expect(plot.landStatus).toBe('SUPPLIED');
    // Delisted against second-class values, which cover offices (0801 needs SECOND; RULES §2): cleared for the
    // use it was planned and supplied for, so no investigation is required and regular works may be permitted.
    expect(plot.clearedFor).toBe('SECOND');
    expect(plot.investigationRequired).toBe(false);
    expect(plot.clearance.regularConstruction).toBe(true);
    plot = ok(await constructionPermit(w, plot.id, 'REGULAR', '2025-06-10', plot.version, w.tok.housing, '建字第140702202506号')).issueConstructionPermit;
    expect(plot.constructionPermitNo).toBe('建字第140702202506号');
    expect(plot.violations).toEqual([]);
    // Read by NATURAL_RESOURCES: the plot it supplied.
    expect((await readPlot(w, plot.id, w.tok.nr)).landStatus).toBe('SUPPLIED');
  });
});

describe('(b) industrial land planned as residential, built on before clearance', () => {
  it('NR plans 0701 → ECO is told → HOUSING refused → works start anyway → violation → ECO rectifies', async () => {
    // A key unit's land may not be given a new use before its investigation is complete (法67, RULES §4 gate 5):
    // the first edition let NATURAL_RESOURCES plan it and opened a key-unit duty instead.
    const unit = await upsertKeyUnit(w, { industry: '化工', listedOn: '2023-01-01' });
    const unitPlot = await registerPlot(w, { currentUseCode: '0601', keyUnitId: unit.id, identifiedOn: '2025-01-10', source: 'KEY_UNIT_LAND', name: '某化工厂厂区' }, w.tok.nr);
    const refused = await planLandUse(w, unitPlot.id, '0701', '2025-02-01', unitPlot.version, 2026);
    expect(codeOf(refused)).toBe('INVESTIGATION_NOT_COMPLETED');
    expect(stateOf(await readPlot(w, unitPlot.id))).toEqual(stateOf(unitPlot));
    expect(await refusalsLogged(w, 'planLandUse', 'INVESTIGATION_NOT_COMPLETED', unitPlot.id)).toEqual([expect.objectContaining({ agency: 'NATURAL_RESOURCES' })]);
    expect(kindOf(await readKeyUnit(w, unit.id), 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([]);

    // Industrial land of no key unit: NATURAL_RESOURCES registers it for the change of use.
    let plot = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2025-01-10', source: 'LAND_USE_CHANGE', name: '某化工厂原址' }, w.tok.nr);
    expect(plot).toMatchObject({ stage: 'SUSPECTED', investigationRequired: true, currentUse: { code: '0601', sensitive: false }, plannedUse: null });
    expect(plot.investigationTriggers).toEqual([{ kind: 'USE_CHANGE', aroseOn: '2025-01-10' }]);
    const cursor = await feedEnd();

    plot = ok(await planLandUse(w, plot.id, '0701', '2025-02-01', plot.version, 2026)).planLandUse;
    expect(plot).toMatchObject({ plannedUse: { code: '0701', sensitive: true }, supplyPlanYear: 2026, landStatus: 'IN_SUPPLY_PLAN', investigationRequired: true });
    expect(plot.investigationTriggers).toEqual([{ kind: 'USE_CHANGE', aroseOn: '2025-01-10' }, { kind: 'USE_CHANGE', aroseOn: '2025-02-01' }]);

    // ECO sees the change in its feed …
    const feed = (await changesAfter(cursor)).nodes.filter((c) => c.entity === 'Plot' && c.entityId === plot.id);
    expect(feed).toEqual([expect.objectContaining({ agency: 'NATURAL_RESOURCES', action: 'UPDATED', fields: expect.arrayContaining(['plannedUse', 'supplyPlanYear', 'landStatus', 'investigationTriggers']) })]);
    // … and a duty on the plot (RULES §6: every plot, not only key units'): DUE until the supply-plan year begins.
    let duty = await plotDuties(plot.id, 'INVESTIGATION_BEFORE_USE_CHANGE');
    expect(duty).toEqual([{ kind: 'INVESTIGATION_BEFORE_USE_CHANGE', state: 'DUE', dueOn: '2026-01-01', detail: expect.stringContaining('0701') }]);
    // Read from history: before the plot was registered for the change of use there was no such duty.
    expect(await plotDutiesAt(plot.id, '2025-01-09', 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([]);
    expect(await plotDutiesAt(plot.id, '2025-02-01', 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([['DUE', '2026-01-01']]);
    // Brought forward into this year's supply plan: OVERDUE (the default city rule, Xiaoyi plan 3).
    plot = ok(await planLandUse(w, plot.id, '0701', '2025-03-01', plot.version, 2025)).planLandUse;
    duty = await plotDuties(plot.id, 'INVESTIGATION_BEFORE_USE_CHANGE');
    expect(duty).toEqual([expect.objectContaining({ state: 'OVERDUE', dueOn: '2025-01-01' })]);
    expect(await plotDutiesAt(plot.id, TODAY, 'INVESTIGATION_BEFORE_USE_CHANGE', 'OVERDUE')).toHaveLength(1);

    // HOUSING: a regular construction permit is refused, and the plot is unchanged.
    const before = await readPlot(w, plot.id);
    expect(codeOf(await constructionPermit(w, plot.id, 'REGULAR', '2025-06-01', plot.version))).toBe('INVESTIGATION_NOT_COMPLETED');
    expect(stateOf(await readPlot(w, plot.id))).toEqual(stateOf(before));
    expect(await refusalsLogged(w, 'issueConstructionPermit', 'INVESTIGATION_NOT_COMPLETED', plot.id)).toEqual([expect.objectContaining({ agency: 'HOUSING' })]);

    // Works start anyway: the fact is recorded, and a violation opens, detected on the start date.
    const openBefore = (await violations(true)).length;
    plot = ok(await constructionStarted(w, plot.id, '2025-06-10', plot.version)).reportConstructionStarted;
    expect(plot.constructionStartedOn).toBe('2025-06-10');
    expect(plot.violations).toEqual([expect.objectContaining({ kind: 'CONSTRUCTION_BEFORE_CLEARANCE', detectedOn: '2025-06-10', rectifiedOn: null })]);
    const open = ofPlot(await violations(true), plot.id);
    expect(open).toHaveLength(1);
    expect((await violations(true)).length).toBe(openBefore + 1);
    // Every agency reads the open violation.
    for (const tok of [w.tok.nr, w.tok.housing, w.tok.approvals]) expect(ofPlot(await violations(true, tok), plot.id)).toHaveLength(1);

    // ECO rectifies it: not before it was detected, not twice, not by another agency.
    const rectify = (id: string, on: string, tok = w.tok.eco) =>
      w.gql(tok, `mutation($id: ID!, $on: Date!) { rectifyViolation(id: $id, rectifiedOn: $on, note: "已责令停工，补做土壤污染状况调查") { id rectifiedOn note } }`, { id, on });
    const early = await rectify(open[0].id, '2025-06-09');
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0].extensions.field).toBe('rectifiedOn');
    expect(codeOf(await rectify(open[0].id, '2025-06-20', w.tok.nr))).toBe('FORBIDDEN');
    expect(codeOf(await rectify(open[0].id, '2025-07-01'))).toBe('BAD_USER_INPUT');
    const done = ok(await rectify(open[0].id, '2025-06-20')).rectifyViolation;
    expect(done).toMatchObject({ id: open[0].id, rectifiedOn: '2025-06-20' });
    expect(codeOf(await rectify(open[0].id, '2025-06-21'))).toBe('BAD_USER_INPUT');
    expect(ofPlot(await violations(true), plot.id)).toEqual([]);
    expect(ofPlot(await violations(false), plot.id)).toEqual([expect.objectContaining({ id: open[0].id, rectifiedOn: '2025-06-20' })]);

    // ECO investigates: cleared against first-class values (housing), the duty is met, a regular permit passes.
    plot = await readPlot(w, plot.id);
    plot = await step(plot, 'UNDER_INVESTIGATION', '2025-06-21');
    plot = await step(plot, 'BELOW_SCREENING', '2025-06-25', 'FIRST');
    expect(plot).toMatchObject({ clearedFor: 'FIRST', investigationRequired: false });
    expect((await plotDuties(plot.id, 'INVESTIGATION_BEFORE_USE_CHANGE')).map((d) => d.state)).toEqual(['MET']);
    expect(await plotDutiesAt(plot.id, '2025-06-24', 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([['OVERDUE', '2025-01-01']]);
    plot = ok(await constructionPermit(w, plot.id, 'REGULAR', '2025-06-26', plot.version)).issueConstructionPermit;

    // Works reported (late) as started on 06-22, while the plot was still under investigation: flagged from history.
    plot = ok(await constructionStarted(w, plot.id, '2025-06-22', plot.version)).reportConstructionStarted;
    expect(plot.violations.map((v: any) => [v.kind, v.detectedOn])).toEqual([
      ['CONSTRUCTION_BEFORE_CLEARANCE', '2025-06-10'], ['CONSTRUCTION_BEFORE_CLEARANCE', '2025-06-22'],
    ]);
    // Works started after clearance: no violation.
    plot = ok(await constructionStarted(w, plot.id, '2025-06-28', plot.version)).reportConstructionStarted;
    expect(plot.violations).toHaveLength(2);
  });

  it('a past date\'s duty stays as it was when the supply-plan year is changed later (reports read history)', async () => {
    let plot = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2025-01-10' }, w.tok.nr);
    plot = ok(await planLandUse(w, plot.id, '0701', '2025-02-01', plot.version, 2026)).planLandUse;
    const q1 = () => plotDutiesAt(plot.id, '2025-03-31', 'INVESTIGATION_BEFORE_USE_CHANGE');
    expect(await q1()).toEqual([['DUE', '2026-01-01']]);
    plot = ok(await planLandUse(w, plot.id, '0701', '2025-05-01', plot.version, 2025)).planLandUse;
    expect(await q1()).toEqual([['DUE', '2026-01-01']]);
    expect(await plotDutiesAt(plot.id, '2025-05-01', 'INVESTIGATION_BEFORE_USE_CHANGE')).toEqual([['OVERDUE', '2025-01-01']]);
  });

  it('a plot of no key unit planned 0701: ECO is told through the feed (no key-unit duty to show)', async () => {
    let plot = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2025-01-10' }, w.tok.nr);
    const cursor = await feedEnd();
    plot = ok(await planLandUse(w, plot.id, '0803', '2025-02-01', plot.version, 2026)).planLandUse;
    const feed = (await changesAfter(cursor)).nodes.filter((c) => c.entity === 'Plot' && c.entityId === plot.id);
    expect(feed).toHaveLength(1);
    expect(feed[0].fields).toContain('plannedUse');
    // ECO finds it among uncleared plots planned for 一住两公.
    const r = ok(await w.gql(w.tok.eco, `{ plots(filter: { sensitivePlannedUse: true, stages: [SUSPECTED, UNDER_INVESTIGATION] }, first: 200) { nodes { id } } }`));
    expect(r.plots.nodes.map((n: any) => n.id)).toContain(plot.id);
  });
});

describe('(c) duties of a key unit through their dates', () => {
  it('HIDDEN_DANGER_CHECK: DUE until one year after listing, OVERDUE after, MET once a check is completed', async () => {
    const unit = await upsertKeyUnit(w, { listedOn: '2024-03-01' });
    const hdc = async (asOf: string, state?: string) => ofUnit(await obligationsAt(w, asOf, 'HIDDEN_DANGER_CHECK', state), unit.id);
    expect(await hdc('2024-02-29')).toEqual([]); // not listed yet
    expect(await hdc('2024-03-01')).toEqual([expect.objectContaining({ kind: 'HIDDEN_DANGER_CHECK', state: 'DUE', dueOn: '2025-03-01' })]);
    expect(await hdc('2025-03-01')).toEqual([expect.objectContaining({ state: 'DUE', dueOn: '2025-03-01' })]);
    expect(await hdc('2025-03-02')).toEqual([expect.objectContaining({ state: 'OVERDUE', dueOn: '2025-03-01' })]);
    expect(await hdc('2025-03-01', 'OVERDUE')).toEqual([]);
    expect(await hdc('2025-03-02', 'DUE')).toEqual([]);

    // KeyUnit.obligations reads the server's clock.
    clock = '2025-03-01';
    expect(kindOf(await readKeyUnit(w, unit.id), 'HIDDEN_DANGER_CHECK')).toEqual([{ kind: 'HIDDEN_DANGER_CHECK', state: 'DUE', dueOn: '2025-03-01', detail: null }]);
    // "Not in the future" is the clock's today too.
    const rec = (on: string) => w.gql(w.tok.eco, `mutation($id: ID!, $on: Date!) { recordHiddenDangerCheck(keyUnitId: $id, completedOn: $on, findings: "储罐区防渗层破损", rectified: true) { id completedOn rectified } }`, { id: unit.id, on });
    const future = await rec('2025-03-05');
    expect(codeOf(future)).toBe('BAD_USER_INPUT');
    expect(future.errors![0].extensions.field).toBe('completedOn');
    clock = '2025-03-02';
    expect(kindOf(await readKeyUnit(w, unit.id), 'HIDDEN_DANGER_CHECK')).toEqual([{ kind: 'HIDDEN_DANGER_CHECK', state: 'OVERDUE', dueOn: '2025-03-01', detail: null }]);

    clock = TODAY;
    expect(ok(await rec('2025-03-05')).recordHiddenDangerCheck).toMatchObject({ completedOn: '2025-03-05', rectified: true });
    expect(kindOf(await readKeyUnit(w, unit.id), 'HIDDEN_DANGER_CHECK')).toEqual([{ kind: 'HIDDEN_DANGER_CHECK', state: 'MET', dueOn: null, detail: null }]);
    // A past date still reads as it was then.
    expect(await hdc('2025-03-04')).toEqual([expect.objectContaining({ state: 'OVERDUE' })]);
    expect(await hdc('2025-03-05')).toEqual([expect.objectContaining({ state: 'MET', dueOn: null })]);
    const checks = ok(await w.gql(w.tok.nr, `query($id: ID!) { keyUnit(id: $id) { hiddenDangerCheck: hiddenDangerChecks { completedOn } } }`, { id: unit.id })).keyUnit;
    expect(checks.hiddenDangerCheck).toEqual([{ completedOn: '2025-03-05' }]);
  });

  const monitor = (unitId: string, kind: string, year: number, sampledOn: string, beyondBoundary = false) =>
    w.gql(w.tok.eco, `mutation($id: ID!, $k: MonitoringKind!, $y: Int!, $on: Date!, $b: Boolean!) {
      recordMonitoring(keyUnitId: $id, kind: $k, year: $y, sampledOn: $on, exceedsScreening: $b, beyondBoundary: $b) { id kind year sampledOn beyondBoundary } }`,
    { id: unitId, k: kind, y: year, on: sampledOn, b: beyondBoundary });

  it('SELF_MONITORING: OVERDUE for a unit listed last year (before its last 90 days) without both records; DUE on 31 December; MET with both this year', async () => {
    const selfmon = async (id: string, asOf = TODAY) => ofUnit(await obligationsAt(w, asOf, 'SELF_MONITORING'), id).map((o) => [o.state, o.dueOn]);
    const a = await upsertKeyUnit(w, { listedOn: '2024-01-01' });
    expect(await selfmon(a.id)).toEqual([['OVERDUE', '2024-12-31']]);
    expect(kindOf(await readKeyUnit(w, a.id), 'SELF_MONITORING')).toEqual([expect.objectContaining({ state: 'OVERDUE', dueOn: '2024-12-31' })]);
    ok(await monitor(a.id, 'SELF_SOIL', 2024, '2024-06-01'));
    expect(await selfmon(a.id)).toEqual([['OVERDUE', '2024-12-31']]); // soil alone is not enough
    expect(await selfmon(a.id, '2024-12-31')).toEqual([['DUE', '2024-12-31']]); // during 2024 it was only due
    // Last year's groundwater sampled early this year counts for last year, from its sampling date.
    ok(await monitor(a.id, 'SELF_GROUNDWATER', 2024, '2025-01-15'));
    expect(await selfmon(a.id, '2025-01-14')).toEqual([['OVERDUE', '2024-12-31']]);
    expect(await selfmon(a.id, '2025-01-15')).toEqual([['DUE', '2025-12-31']]);
    expect(await selfmon(a.id)).toEqual([['DUE', '2025-12-31']]);
    ok(await monitor(a.id, 'SELF_SOIL', 2025, '2025-05-01'));
    expect(await selfmon(a.id)).toEqual([['DUE', '2025-12-31']]);
    ok(await monitor(a.id, 'SELF_GROUNDWATER', 2025, '2025-05-02'));
    expect(await selfmon(a.id)).toEqual([['MET', null]]);
    expect(kindOf(await readKeyUnit(w, a.id), 'SELF_MONITORING')).toEqual([expect.objectContaining({ state: 'MET', dueOn: null })]);

    // RULES §6: listed during last year (2 January) it owed last year's records too (the first edition asked for
    // a whole year listed, and answered DUE this year only).
    const b = await upsertKeyUnit(w, { listedOn: '2024-01-02' });
    expect(await selfmon(b.id)).toEqual([['OVERDUE', '2024-12-31']]);
    // Listed within the last 90 days of last year (city rule, default 90): nothing owed for it, DUE this year.
    const b2 = await upsertKeyUnit(w, { listedOn: '2024-11-15' });
    expect(await selfmon(b2.id)).toEqual([['DUE', '2025-12-31']]);
    ok(await monitor(b2.id, 'SELF_SOIL', 2025, '2025-03-01'));
    ok(await monitor(b2.id, 'SELF_GROUNDWATER', 2025, '2025-03-01'));
    expect(await selfmon(b2.id)).toEqual([['MET', null]]);

    // Both records this year do not make up for a missing last year.
    const c = await upsertKeyUnit(w, { listedOn: '2023-07-01' });
    ok(await monitor(c.id, 'SELF_SOIL', 2025, '2025-03-01'));
    ok(await monitor(c.id, 'SELF_GROUNDWATER', 2025, '2025-03-01'));
    expect(await selfmon(c.id)).toEqual([['OVERDUE', '2024-12-31']]);

    // Listed this year: DUE.
    const d = await upsertKeyUnit(w, { listedOn: '2025-02-01' });
    expect(await selfmon(d.id)).toEqual([['DUE', '2025-12-31']]);

    // A sample must belong to its year.
    const bad = await monitor(d.id, 'SELF_SOIL', 2023, '2025-03-01');
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.field).toBe('sampledOn');
  });

  it('PERMIT_COVERAGE: MET with a VALID permit, OVERDUE with an expired one or none', async () => {
    const cov = async (id: string, asOf = TODAY) => ofUnit(await obligationsAt(w, asOf, 'PERMIT_COVERAGE'), id).map((o) => o.state);
    const ccValid = newCreditCode();
    const valid = await upsertKeyUnit(w, { listedOn: '2024-01-01', creditCode: ccValid });
    await issuePermit(w, { creditCode: ccValid, holderName: '有效许可单位', industry: '化工', issuedOn: '2025-01-01', validUntil: '2029-12-31' });
    expect(await cov(valid.id)).toEqual(['MET']);
    expect(await cov(valid.id, '2024-12-31')).toEqual(['OVERDUE']); // not issued yet then
    expect(kindOf(await readKeyUnit(w, valid.id), 'PERMIT_COVERAGE')).toEqual([expect.objectContaining({ state: 'MET' })]);

    const ccOld = newCreditCode();
    const expired = await upsertKeyUnit(w, { listedOn: '2020-01-01', creditCode: ccOld });
    const old = await issuePermit(w, { creditCode: ccOld, holderName: '过期许可单位', industry: '化工', issuedOn: '2020-01-01', validUntil: '2024-12-31' });
    expect(old.status).toBe('EXPIRED');
    expect(await cov(expired.id, '2024-12-31')).toEqual(['MET']);
    expect(await cov(expired.id, '2025-01-01')).toEqual(['OVERDUE']);
    const ku = await readKeyUnit(w, expired.id);
    expect(ku.inPermitManagement).toBe(false);
    expect(kindOf(ku, 'PERMIT_COVERAGE')).toEqual([expect.objectContaining({ state: 'OVERDUE' })]);

    const none = await upsertKeyUnit(w, { listedOn: '2024-01-01' });
    expect(await cov(none.id)).toEqual(['OVERDUE']);

    // A permit issued before the enterprise was put on the directory is linked when it is.
    const ccLate = newCreditCode();
    const early = await issuePermit(w, { creditCode: ccLate, holderName: '先发证后列入单位', industry: '电镀', issuedOn: '2024-06-01', validUntil: '2029-05-31' });
    expect(early.keyUnit).toBeNull();
    const late = await upsertKeyUnit(w, { listedOn: '2025-01-01', creditCode: ccLate });
    expect(late.inPermitManagement).toBe(true);
    expect(await cov(late.id)).toEqual(['MET']);
  });

  // RULES §6: the first edition's 180 days had no source; the duty is DUE (no deadline unless a city sets one)
  // from the finding until the unit's 一厂一策 document is recorded — works on a plot do not answer it.
  it('ONE_PLANT_ONE_POLICY: DUE with no deadline from a beyond-boundary finding, MET once the unit\'s 一厂一策 document is recorded', async () => {
    const opp = async (id: string, asOf = TODAY) => ofUnit(await obligationsAt(w, asOf, 'ONE_PLANT_ONE_POLICY'), id).map((o) => [o.state, o.dueOn]);
    const D = '2024-12-01';

    const unit = await upsertKeyUnit(w, { listedOn: '2023-01-01', industry: '有色金属冶炼' });
    let plot = await registerPlot(w, { keyUnitId: unit.id, identifiedOn: '2024-06-01', source: 'KEY_UNIT_LAND', industry: '有色金属冶炼' });
    plot = await step(plot, 'UNDER_INVESTIGATION', '2024-07-01');
    plot = await step(plot, 'UNDER_RISK_ASSESSMENT', '2024-08-01');
    plot = await step(plot, 'LISTED', '2024-10-01');
    expect(await opp(unit.id)).toEqual([]); // no finding yet
    const rec = ok(await monitor(unit.id, 'SURROUNDING_SOIL', 2024, D, true)).recordMonitoring;
    expect(rec).toMatchObject({ kind: 'SURROUNDING_SOIL', beyondBoundary: true });

    expect(await opp(unit.id, addDays(D, -1))).toEqual([]);
    expect(await opp(unit.id, D)).toEqual([['DUE', null]]);
    expect(await opp(unit.id, addDays(D, 181))).toEqual([['DUE', null]]); // no 180-day deadline any more
    const today = kindOf(await readKeyUnit(w, unit.id), 'ONE_PLANT_ONE_POLICY');
    expect(today).toEqual([expect.objectContaining({ state: 'DUE', dueOn: null })]);
    expect(today[0].detail).toContain(D);

    // Risk control on the unit's plot does not answer it …
    plot = await step(plot, 'RISK_CONTROL', '2025-06-01');
    expect(await opp(unit.id)).toEqual([['DUE', null]]);
    // … the unit's 一厂一策 document does, from its date.
    const policy = await w.gql(w.tok.eco, `mutation($id: ID!, $on: Date!, $doc: EvidenceInput!) { recordOnePlantOnePolicy(keyUnitId: $id, recordedOn: $on, document: $doc) { id } }`, {
      id: unit.id, on: '2025-06-10', doc: { documentNo: '晋环土壤〔2025〕一厂一策3号', title: '土壤污染隐患一厂一策整治方案', issuedBy: '榆次区生态环境分局', issuedOn: '2025-06-10' },
    });
    ok(policy);
    expect(await opp(unit.id, '2025-06-09')).toEqual([['DUE', null]]);
    expect((await opp(unit.id)).map(([state]) => state)).toEqual(['MET']);
    expect(kindOf(await readKeyUnit(w, unit.id), 'ONE_PLANT_ONE_POLICY')).toEqual([expect.objectContaining({ state: 'MET' })]);

    // Surrounding soil without pollution beyond the boundary: no such duty.
    const clean = await upsertKeyUnit(w, { listedOn: '2023-01-01' });
    ok(await monitor(clean.id, 'SURROUNDING_SOIL', 2024, D, false));
    expect(await opp(clean.id)).toEqual([]);
  });

  it('the obligations query and KeyUnit.obligations agree at today', async () => {
    const unit = await upsertKeyUnit(w, { listedOn: '2024-03-01' });
    const viaQuery = ofUnit(await obligationsAt(w, TODAY), unit.id).map(({ keyUnit, ...o }) => o);
    expect(viaQuery.map((o) => o.kind).sort()).toEqual(['HIDDEN_DANGER_CHECK', 'PERMIT_COVERAGE', 'SELF_MONITORING']);
    expect((await readKeyUnit(w, unit.id)).obligations).toEqual(viaQuery);
    // Read by every agency alike.
    for (const tok of [w.tok.nr, w.tok.housing, w.tok.approvals]) {
      expect(ok(await w.gql(tok, `query($id: ID!) { keyUnit(id: $id) { obligations { kind state dueOn detail } } }`, { id: unit.id })).keyUnit.obligations).toEqual(viaQuery);
    }
  });
});

describe('(d) a plot supplied for 一住两公, then LISTED', () => {
  it('already residential land, supplied while SUSPECTED, then listed → SENSITIVE_USE_OF_LISTED_PLOT on the listing date', async () => {
    let plot = await registerPlot(w, { currentUseCode: '0702', identifiedOn: '2024-01-01' });
    plot = ok(await planLandUse(w, plot.id, '0701', '2024-02-01', plot.version, 2024)).planLandUse;
    plot = ok(await landAction(w, plot.id, 'SUPPLY', '2024-03-01', plot.version)).recordLandAction;
    expect(plot.landStatus).toBe('SUPPLIED');
    plot = await step(plot, 'UNDER_INVESTIGATION', '2024-04-01');
    plot = await step(plot, 'UNDER_RISK_ASSESSMENT', '2024-05-01');
    expect(plot.violations).toEqual([]);
    plot = await step(plot, 'LISTED', '2024-07-01');
    expect(plot.violations).toEqual([expect.objectContaining({ kind: 'SENSITIVE_USE_OF_LISTED_PLOT', detectedOn: '2024-07-01', rectifiedOn: null })]);
    expect(ofPlot(await violations(true), plot.id)).toEqual([expect.objectContaining({ kind: 'SENSITIVE_USE_OF_LISTED_PLOT' })]);
    // Moving on within the directory opens nothing more.
    plot = await step(plot, 'RISK_CONTROL', '2024-08-01');
    plot = await step(plot, 'EFFECT_EVALUATION', '2024-12-01');
    plot = await step(plot, 'REMEDIATION', '2025-01-01');
    expect(plot.violations).toHaveLength(1);
  });

  it('cleared, supplied for 0701, re-opened on new findings and listed → SENSITIVE_USE_OF_LISTED_PLOT', async () => {
    let plot = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    plot = await step(plot, 'UNDER_INVESTIGATION', '2024-02-01');
    // Cleared against first-class values: housing may be supplied (a SECOND clearance would be refused, RULES §2).
    plot = await step(plot, 'BELOW_SCREENING', '2024-03-01', 'FIRST');
    plot = ok(await planLandUse(w, plot.id, '0701', '2024-03-10', plot.version, 2024)).planLandUse;
    plot = ok(await landAction(w, plot.id, 'SUPPLY', '2024-04-01', plot.version)).recordLandAction;
    plot = await step(plot, 'UNDER_INVESTIGATION', '2024-09-01');
    plot = await step(plot, 'UNDER_RISK_ASSESSMENT', '2024-10-01');
    plot = await step(plot, 'LISTED', '2024-12-01');
    expect(plot.violations).toEqual([expect.objectContaining({ kind: 'SENSITIVE_USE_OF_LISTED_PLOT', detectedOn: '2024-12-01' })]);
  });

  it('no violation when the supply was not for 一住两公, or the plot was only planned, not supplied', async () => {
    let a = await registerPlot(w, { currentUseCode: '0601' });
    a = ok(await planLandUse(w, a.id, '0601', '2024-01-05', a.version, 2024)).planLandUse;
    a = ok(await landAction(w, a.id, 'SUPPLY', '2024-01-06', a.version)).recordLandAction;
    a = await walk(w, a, ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED'], '2024-01-06');
    expect(a.violations).toEqual([]);

    let b = await registerPlot(w, { currentUseCode: '0601' });
    b = ok(await planLandUse(w, b.id, '0701', '2024-01-05', b.version, 2026)).planLandUse;
    expect(b.landStatus).toBe('IN_SUPPLY_PLAN');
    b = await walk(w, b, ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT', 'LISTED'], '2024-01-06');
    expect(b.violations).toEqual([]);
  });
});

describe('(e) HOUSING reports contamination found on a building site', () => {
  it('registers a SUSPECTED plot with source DISCOVERED and tells ECO through the feed', async () => {
    const cursor = await feedEnd();
    const r = await w.gql(w.tok.housing, `mutation($input: PlotInput!, $note: String!) { reportDiscoveredContamination(input: $input, note: $note) { ${PLOT} } }`, {
      input: { name: '某住宅项目基坑', countyCode: COUNTY, source: 'OTHER', address: '榆次区迎宾街', industry: '化工', currentUseCode: '0601', centroid: { lon: 112.74, lat: 37.69 } },
      note: '基坑开挖发现黑色异味土壤',
    });
    const plot = ok(r).reportDiscoveredContamination;
    expect(plot).toMatchObject({ stage: 'SUSPECTED', source: 'DISCOVERED', investigationRequired: true });
    expect(plot.stageHistory).toEqual([expect.objectContaining({ from: null, to: 'SUSPECTED', effectiveOn: TODAY, agency: 'HOUSING' })]);

    const feed = (await changesAfter(cursor)).nodes.filter((c) => c.entity === 'Plot' && c.entityId === plot.id);
    expect(feed).toEqual([expect.objectContaining({ agency: 'HOUSING', action: 'CREATED', fields: expect.arrayContaining(['stage', 'source']) })]);
    const suspected = ok(await w.gql(w.tok.eco, `{ plots(filter: { stages: [SUSPECTED], search: "基坑" }) { nodes { id source } } }`)).plots.nodes;
    expect(suspected).toContainEqual({ id: plot.id, source: 'DISCOVERED' });

    // ECO takes it from there.
    const moved = ok(await advance(w, plot.id, 'UNDER_INVESTIGATION', TODAY, plot.version)).advancePlotStage;
    expect(moved.stage).toBe('UNDER_INVESTIGATION');
  });

  it('any agency may report; a note is required; the county must be in the reporter\'s scope', async () => {
    const report = (tok: string, input: object, note: string) =>
      w.gql(tok, `mutation($input: PlotInput!, $note: String!) { reportDiscoveredContamination(input: $input, note: $note) { id source stage stageHistory { effectiveOn agency } } }`, { input, note });
    for (const [agency, tok] of [['NATURAL_RESOURCES', w.tok.nr], ['APPROVALS', w.tok.approvals], ['ECO', w.tok.eco]]) {
      const p = ok(await report(tok, { name: `发现污染-${agency}`, countyCode: COUNTY, source: 'VACATED_SITE', identifiedOn: '2025-06-01' }, '施工中发现')).reportDiscoveredContamination;
      expect(p).toMatchObject({ source: 'DISCOVERED', stage: 'SUSPECTED', stageHistory: [{ effectiveOn: '2025-06-01', agency }] });
    }
    const empty = await report(w.tok.housing, { name: 'x', countyCode: COUNTY, source: 'OTHER' }, '  ');
    expect(codeOf(empty)).toBe('BAD_USER_INPUT');
    expect(empty.errors![0].extensions.field).toBe('note');
    expect(codeOf(await report(w.tok.housing, { name: 'x', countyCode: '140703', source: 'OTHER' }, '发现'))).toBe('FORBIDDEN');
    // HOUSING may report, but not register plots directly.
    expect(codeOf(await w.gql(w.tok.housing, `mutation { registerPlot(input: { name: "x", countyCode: "${COUNTY}", source: OTHER }) { id } }`))).toBe('FORBIDDEN');
  });
});

describe('(f) delistKeyUnit', () => {
  it('takes the unit off the directory from its date: no duties after it, history kept before it', async () => {
    const unit = await upsertKeyUnit(w, { listedOn: '2023-01-01' });
    const delist = (on: string, v: number, tok = w.tok.eco) =>
      w.gql(tok, `mutation($id: ID!, $on: Date!, $v: Int!) { delistKeyUnit(id: $id, delistedOn: $on, expectedVersion: $v) { ${KEY_UNIT} } }`, { id: unit.id, on, v });

    expect(codeOf(await delist('2025-05-01', unit.version, w.tok.nr))).toBe('FORBIDDEN');
    expect(codeOf(await delist('2025-05-01', unit.version + 1))).toBe('CONFLICT');
    const early = await delist('2022-12-31', unit.version);
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0].extensions.field).toBe('delistedOn');
    expect(codeOf(await delist(addDays(TODAY, 1), unit.version))).toBe('BAD_USER_INPUT');
    expect(await readKeyUnit(w, unit.id)).toMatchObject({ status: 'LISTED', delistedOn: null, version: unit.version });

    const done = ok(await delist('2025-05-01', unit.version)).delistKeyUnit;
    expect(done).toMatchObject({ status: 'DELISTED', delistedOn: '2025-05-01', version: unit.version + 1, obligations: [] });
    expect(codeOf(await delist('2025-05-02', done.version))).toBe('BAD_USER_INPUT');

    const list = async (status: string) => ok(await w.gql(w.tok.housing, `query($s: KeyUnitStatus) { keyUnits(filter: { status: $s }, first: 200) { nodes { id } } }`, { s: status })).keyUnits.nodes.map((n: any) => n.id);
    expect(await list('DELISTED')).toContain(unit.id);
    expect(await list('LISTED')).not.toContain(unit.id);
    expect(ofUnit(await obligationsAt(w, '2025-04-30'), unit.id).length).toBeGreaterThan(0);
    expect(ofUnit(await obligationsAt(w, '2025-05-01'), unit.id)).toEqual([]);
    expect(ofUnit(await obligationsAt(w, TODAY), unit.id)).toEqual([]);
  });
});

describe('(g) endPermit is all or nothing', () => {
  const counts = async () => {
    const [row] = await sql(`select (select count(*) from plot)::int as plots, (select count(*) from vacated_site)::int as sites,
      (select count(*) from change_log)::int as changes, (select count(*) from audit_log where outcome = 'OK')::int as audits`);
    return row;
  };
  const readPermit = async (id: string) => ok(await w.gql(w.tok.eco, `query($id: ID!) { dischargePermit(id: $id) { ${PERMIT} } }`, { id })).dischargePermit;
  const endedList = async () => ok(await w.gql(w.tok.eco, `{ dischargePermits(filter: { endedFrom: "2000-01-01", endedTo: "${TODAY}" }, first: 200) { nodes { id } } }`)).dischargePermits.nodes.map((n: any) => n.id);

  it('a stale version is CONFLICT: no end, no site, no plot', async () => {
    const cc = newCreditCode();
    await upsertKeyUnit(w, { creditCode: cc, industry: '焦化', listedOn: '2023-01-01' });
    const permit = await issuePermit(w, { creditCode: cc, holderName: '冲突测试焦化厂', industry: '焦化', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const before = await counts();
    const r = await endPermit(w, permit.id, 'REVOKE', '2025-06-01', permit.version + 1);
    expect(codeOf(r)).toBe('CONFLICT');
    expect(await readPermit(permit.id)).toEqual(permit);
    expect(await counts()).toEqual(before);
    expect(await endedList()).not.toContain(permit.id);
    const refusals = await sql(`select agency, outcome from audit_log where operation = 'endPermit' and action = 'REFUSED' and after->>'id' = ?`, [permit.id]);
    expect(refusals).toEqual([{ agency: 'APPROVALS', outcome: 'CONFLICT' }]);
  });

  it('a failure while writing the plot leaves the permit VALID and no site behind; the retry writes all three', async () => {
    const cc = newCreditCode();
    const unit = await upsertKeyUnit(w, { creditCode: cc, industry: '农药', listedOn: '2023-01-01' });
    const permit = await issuePermit(w, { creditCode: cc, holderName: '原子性测试农药厂', industry: '农药', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const before = await counts();
    // The database refuses the consequence (the plot), after the permit and the site were written in the same transaction.
    await sql(`create or replace function refuse_vacated_plot() returns trigger language plpgsql as $$ begin
      if new.source = 'VACATED_SITE' then raise exception 'injected failure'; end if; return new; end $$`);
    await sql(`create trigger refuse_vacated_plot before insert on plot for each row execute function refuse_vacated_plot()`);
    let r;
    try {
      r = await endPermit(w, permit.id, 'CANCEL', '2025-06-01', permit.version);
    } finally {
      await sql(`drop trigger refuse_vacated_plot on plot`);
    }
    expect(codeOf(r)).toBe('INTERNAL_SERVER_ERROR');
    expect(await readPermit(permit.id)).toEqual(permit);
    expect(await counts()).toEqual(before);
    expect(await endedList()).not.toContain(permit.id);

    const done = ok(await endPermit(w, permit.id, 'CANCEL', '2025-06-01', permit.version)).endPermit;
    expect(done).toMatchObject({ status: 'CANCELLED', endedOn: '2025-06-01', version: permit.version + 1 });
    expect(done.vacatedSite).toMatchObject({ status: 'VACATED', plot: { stage: 'SUSPECTED', source: 'VACATED_SITE', keyUnit: { id: unit.id } } });
    const after = await counts();
    expect(after.plots).toBe(before.plots + 1);
    expect(after.sites).toBe(before.sites + 1);
    expect(await endedList()).toContain(permit.id);
  });

  it('a holder neither a key unit nor in a key industry: the site opens without a plot', async () => {
    const cc = newCreditCode();
    const permit = await issuePermit(w, { creditCode: cc, holderName: '某食品厂', industry: '食品制造', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const before = await counts();
    const done = ok(await endPermit(w, permit.id, 'CANCEL', '2025-06-01', permit.version, w.tok.eco)).endPermit; // ECO may end permits too
    expect(done).toMatchObject({ status: 'CANCELLED', vacatedSite: { status: 'VACATED', plot: null, industry: '食品制造' } });
    const after = await counts();
    expect(after.sites).toBe(before.sites + 1);
    expect(after.plots).toBe(before.plots);
  });

  it('a key unit outside the key industries still gets a plot; a key-industry holder that is no key unit too', async () => {
    const cc1 = newCreditCode();
    const unit = await upsertKeyUnit(w, { creditCode: cc1, industry: '食品制造', listedOn: '2023-01-01' });
    const p1 = await issuePermit(w, { creditCode: cc1, holderName: '重点单位食品厂', industry: '食品制造', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const d1 = ok(await endPermit(w, p1.id, 'REVOKE', '2025-06-01', p1.version)).endPermit;
    expect(d1.vacatedSite.plot).toMatchObject({ source: 'VACATED_SITE', keyUnit: { id: unit.id } });

    const cc2 = newCreditCode();
    const p2 = await issuePermit(w, { creditCode: cc2, holderName: '非重点单位电镀厂', industry: '电镀', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const d2 = ok(await endPermit(w, p2.id, 'CANCEL', '2025-06-01', p2.version)).endPermit;
    expect(d2.vacatedSite.plot).toMatchObject({ source: 'VACATED_SITE', keyUnit: null, industry: '电镀' });
  });

  it('refuses what cannot be ended, with nothing written', async () => {
    const cc = newCreditCode();
    const permit = await issuePermit(w, { creditCode: cc, holderName: '某化工厂', industry: '化工', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const before = await counts();
    const early = await endPermit(w, permit.id, 'REVOKE', '2023-01-31', permit.version);
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0].extensions.field).toBe('endedOn');
    expect(codeOf(await endPermit(w, permit.id, 'REVOKE', addDays(TODAY, 1), permit.version))).toBe('BAD_USER_INPUT');
    expect(codeOf(await endPermit(w, permit.id, 'REVOKE', '2025-06-01', permit.version, w.tok.housing))).toBe('FORBIDDEN');
    expect(codeOf(await endPermit(w, permit.id, 'REVOKE', '2025-06-01', permit.version, w.tok.nr))).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
    const done = ok(await endPermit(w, permit.id, 'REVOKE', '2025-06-01', permit.version)).endPermit;
    const again = await endPermit(w, permit.id, 'CANCEL', '2025-06-02', done.version);
    expect(codeOf(again)).toBe('BAD_USER_INPUT');
    expect((await readPermit(permit.id)).status).toBe('REVOKED');
  });
});
