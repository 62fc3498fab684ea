/**
 * Two agencies write the same row at the same moment with the same expectedVersion (optimistic concurrency,
 * contract "CONFLICT (stale expectedVersion)"): exactly one wins, the other is told CONFLICT, the version moves
 * by one, and the loser can re-read and retry so that no update is lost. Each race is run 10 times.
 */
import {
  advance, codeOf, constructionStarted, endPermit, evidence, issuePermit, landAction, newCreditCode, ok, planLandUse, readPlot, refusalsLogged,
  registerPlot, startWorld, TODAY, upsertKeyUnit, walk, World, COUNTY,
} from './helpers';

let w: World;
beforeAll(async () => { w = await startWorld(); });
afterAll(async () => { await w.stop(); });

const sql = (q: string, params: unknown[] = []) => w.t.app.orm.em.fork().getConnection().execute(q, params);
const ROUNDS = Array.from({ length: 10 }, (_, i) => i + 1);

describe('ECO advancePlotStage vs NATURAL_RESOURCES planLandUse on the same plot and version', () => {
  it.each(ROUNDS)('round %i: one wins, one CONFLICT, version +1, then the loser retries and both writes are kept', async () => {
    const p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2025-01-01' });
    const [eco, nr] = await Promise.all([
      advance(w, p.id, 'UNDER_INVESTIGATION', '2025-02-01', p.version),
      planLandUse(w, p.id, '0601', '2025-02-01', p.version, 2026),
    ]);
    const outcomes = [eco.errors ? codeOf(eco) : 'OK', nr.errors ? codeOf(nr) : 'OK'].sort();
    expect(outcomes).toEqual(['CONFLICT', 'OK']);

    let now = await readPlot(w, p.id);
    expect(now.version).toBe(p.version + 1);
    const ecoWon = !eco.errors;
    if (ecoWon) {
      expect(now).toMatchObject({ stage: 'UNDER_INVESTIGATION', plannedUse: null, landStatus: 'NONE' });
      expect(await refusalsLogged(w, 'planLandUse', 'CONFLICT', p.id)).toHaveLength(1);
    } else {
      expect(now).toMatchObject({ stage: 'SUSPECTED', plannedUse: { code: '0601' }, landStatus: 'IN_SUPPLY_PLAN' });
      expect(now.stageHistory).toHaveLength(1);
      expect(await refusalsLogged(w, 'advancePlotStage', 'CONFLICT', p.id)).toHaveLength(1);
    }

    // The loser reads again and retries: both updates are there, nothing lost.
    const retry = ecoWon
      ? (await planLandUse(w, p.id, '0601', '2025-02-01', now.version, 2026))
      : (await advance(w, p.id, 'UNDER_INVESTIGATION', '2025-02-01', now.version));
    expect(retry.errors).toBeUndefined();
    now = await readPlot(w, p.id);
    expect(now).toMatchObject({ stage: 'UNDER_INVESTIGATION', plannedUse: { code: '0601' }, landStatus: 'IN_SUPPLY_PLAN', supplyPlanYear: 2026, version: p.version + 2 });
    expect(now.stageHistory.map((e: any) => e.to)).toEqual(['SUSPECTED', 'UNDER_INVESTIGATION']);
  });
});

describe('the same move sent twice at once by ECO', () => {
  it.each(ROUNDS)('round %i: one event in the history, one CONFLICT', async () => {
    const p = await registerPlot(w, { identifiedOn: '2025-01-01' });
    const rs = await Promise.all([1, 2].map(() => advance(w, p.id, 'UNDER_INVESTIGATION', '2025-02-01', p.version)));
    expect(rs.map((r) => (r.errors ? codeOf(r) : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const now = await readPlot(w, p.id);
    expect(now.version).toBe(p.version + 1);
    expect(now.stageHistory.map((e: any) => e.to)).toEqual(['SUSPECTED', 'UNDER_INVESTIGATION']);
  });
});

describe('ECO lists a plot while NATURAL_RESOURCES records a land action on it', () => {
  // The gate of the land action reads the stage; if both committed, land would have been acted on while listed.
  it.each(ROUNDS)('round %i (SUPPLY of a non-sensitive plan): one wins, the other CONFLICT', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = ok(await planLandUse(w, p.id, '0601', '2024-01-02', p.version, 2025)).planLandUse;
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'], '2024-01-02');
    const [eco, nr] = await Promise.all([
      advance(w, p.id, 'LISTED', '2025-03-01', p.version, evidence('2025-03-01')),
      landAction(w, p.id, 'SUPPLY', '2025-03-01', p.version),
    ]);
    expect([eco.errors ? codeOf(eco) : 'OK', nr.errors ? codeOf(nr) : 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
    const now = await readPlot(w, p.id);
    expect(now.version).toBe(p.version + 1);
    expect(now.stage === 'LISTED').toBe(now.landStatus !== 'SUPPLIED');
  });

  it.each(ROUNDS)('round %i (RESERVE of a plot already RESERVED): one wins, the other CONFLICT', async () => {
    // The second RESERVE changes no column of the plot, only its land history: it must still take part in the race.
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = ok(await landAction(w, p.id, 'RESERVE', '2024-01-02', p.version)).recordLandAction;
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'UNDER_RISK_ASSESSMENT'], '2024-01-02');
    const [eco, nr] = await Promise.all([
      advance(w, p.id, 'LISTED', '2025-03-01', p.version, evidence('2025-03-01')),
      landAction(w, p.id, 'RESERVE', '2025-03-01', p.version),
    ]);
    const reserves = await sql(`select count(*)::int as n from land_event where plot_id = ? and kind = 'RESERVE'`, [p.id]);
    const now = await readPlot(w, p.id);
    // Both accepted would mean a land action recorded against a stage it did not see (gate 1 bypassed).
    expect([eco.errors ? codeOf(eco) : 'OK', nr.errors ? codeOf(nr) : 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
    expect(now.version).toBe(p.version + 1);
    expect(now.stage).toBe(eco.errors ? 'UNDER_RISK_ASSESSMENT' : 'LISTED');
    expect(reserves[0].n).toBe(nr.errors ? 1 : 2);
  });
});

describe('HOUSING reports works started while NATURAL_RESOURCES supplies the same plot', () => {
  it.each(ROUNDS)('round %i: one wins, the other CONFLICT, version +1', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'BELOW_SCREENING'], '2024-01-01');
    const [h, nr] = await Promise.all([
      constructionStarted(w, p.id, TODAY, p.version),
      // No use planned: the supply says what it supplies (RULES §3; without it, BAD_USER_INPUT before any race).
      landAction(w, p.id, 'SUPPLY', TODAY, p.version, w.tok.nr, { suppliedUseCodes: ['0601'] }),
    ]);
    expect([h.errors ? codeOf(h) : 'OK', nr.errors ? codeOf(nr) : 'OK'].sort()).toEqual(['CONFLICT', 'OK']);
    const now = await readPlot(w, p.id);
    expect(now.version).toBe(p.version + 1);
    expect(!!now.constructionStartedOn).toBe(!h.errors);
    expect(now.landStatus === 'SUPPLIED').toBe(!nr.errors);
  });
});

describe('endPermit twice at once (APPROVALS and ECO)', () => {
  it.each(ROUNDS)('round %i: one end, one vacated site, one plot', async () => {
    const cc = newCreditCode();
    await upsertKeyUnit(w, { creditCode: cc, industry: '焦化', listedOn: '2023-01-01' });
    const permit = await issuePermit(w, { creditCode: cc, holderName: `并发焦化厂${cc.slice(-4)}`, industry: '焦化', issuedOn: '2023-02-01', validUntil: '2028-01-31' });
    const rs = await Promise.all([
      endPermit(w, permit.id, 'REVOKE', '2025-06-01', permit.version, w.tok.approvals),
      endPermit(w, permit.id, 'CANCEL', '2025-06-02', permit.version, w.tok.eco),
    ]);
    expect(rs.map((r) => (r.errors ? codeOf(r) : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const winner = rs.find((r) => !r.errors)!.data.endPermit;
    const [row] = await sql(`select (select count(*) from vacated_site where permit_id = ?)::int as sites,
      (select count(*) from plot where former_credit_code = ?)::int as plots`, [permit.id, cc]);
    expect(row).toEqual({ sites: 1, plots: 1 });
    const now = ok(await w.gql(w.tok.eco, `query($id: ID!) { dischargePermit(id: $id) { status endedOn version } }`, { id: permit.id })).dischargePermit;
    expect(now).toEqual({ status: winner.status, endedOn: winner.endedOn, version: permit.version + 1 });
  });
});

describe('three agencies at once', () => {
  it.each(ROUNDS)('round %i: ECO, NATURAL_RESOURCES and HOUSING with one version: exactly one wins', async () => {
    let p = await registerPlot(w, { currentUseCode: '0601', identifiedOn: '2024-01-01' });
    p = await walk(w, p, ['UNDER_INVESTIGATION', 'BELOW_SCREENING'], '2024-01-01');
    const rs = await Promise.all([
      advance(w, p.id, 'UNDER_INVESTIGATION', TODAY, p.version, evidence(TODAY)),
      planLandUse(w, p.id, '0701', TODAY, p.version, 2026),
      w.gql(w.tok.housing, `mutation($id: ID!, $v: Int!) { issueConstructionPermit(plotId: $id, permitNo: "建字第1号", issuedOn: "${TODAY}", purpose: REGULAR, expectedVersion: $v) { id } }`, { id: p.id, v: p.version }),
    ]);
    const outcomes = rs.map((r) => (r.errors ? codeOf(r) : 'OK'));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(2);
    const now = await readPlot(w, p.id);
    expect(now.version).toBe(p.version + 1);
    expect(now.stage === 'UNDER_INVESTIGATION').toBe(outcomes[0] === 'OK');
    expect(now.plannedUse?.code === '0701').toBe(outcomes[1] === 'OK');
    expect(now.constructionPermitNo === '建字第1号').toBe(outcomes[2] === 'OK');
    expect(COUNTY).toBe('140702');
  });
});
