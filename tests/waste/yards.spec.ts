/**
 * Solid-waste yards (一般工业固废堆场, Xiaoyi plan 6; RULES §11): MONTHLY_INSPECTION through a month and into the next,
 * PROCEDURES with the emergency bureau's safety document, the ledger and monitoring, each agency's token, county scope,
 * audit and change feed, the yards on the map.
 */
import { codeOf, ok, startWorld, World } from '../workflow/helpers';
import { changesAfter, creditCode, feedEnd, inspect, monthlyDuties, registerYard, XIAOYI } from './helpers';

let w: World;
let tok: Record<string, string>;
beforeAll(async () => {
  w = await startWorld();
  tok = {
    eco: w.tok.eco, nr: w.tok.nr, housing: w.tok.housing, approvals: w.tok.approvals,
    emergency: await w.t.token('EMERGENCY', '140702', '榆次区应急管理局'),
    agriculture: await w.t.token('AGRICULTURE', '140702', '榆次区农业农村局'),
    police: await w.t.token('PUBLIC_SECURITY', '140702', '榆次区公安分局'),
    ecoXiaoyi: await w.t.token('ECO', XIAOYI, '孝义市生态环境分局'),
  };
});
afterAll(async () => { await w.stop(); });

describe('MONTHLY_INSPECTION (每月至少全覆盖执法检查一次)', () => {
  it('a month with one yard uninspected is DUE through its last day and OVERDUE on the first day of the next month, not before', async () => {
    const inspected = await registerYard(w, tok.eco, { registeredOn: '2025-03-01' });
    const missed = await registerYard(w, tok.eco, { registeredOn: '2025-03-01' });
    for (const m of ['2025-03-10', '2025-04-08', '2025-05-20']) ok(await inspect(w, tok.eco, inspected.id, m));
    for (const m of ['2025-03-11', '2025-04-09']) ok(await inspect(w, tok.eco, missed.id, m));
    // May: only a remote-sensing check of the second yard, which does not count.
    ok(await inspect(w, tok.eco, missed.id, '2025-05-21', 'REMOTE_SENSING'));

    expect(await monthlyDuties(w, tok.eco, missed.id, '2025-05-31')).toEqual([['2025-03-31', 'MET'], ['2025-04-30', 'MET'], ['2025-05-31', 'DUE']]);
    expect(await monthlyDuties(w, tok.eco, missed.id, '2025-06-01')).toEqual([
      ['2025-03-31', 'MET'], ['2025-04-30', 'MET'], ['2025-05-31', 'OVERDUE'], ['2025-06-30', 'DUE'],
    ]);
    expect(await monthlyDuties(w, tok.eco, inspected.id, '2025-06-01')).toEqual([
      ['2025-03-31', 'MET'], ['2025-04-30', 'MET'], ['2025-05-31', 'MET'], ['2025-06-30', 'DUE'],
    ]);

    // The yard's own obligations say the same; the problem list has the miss from 1 June, not on 31 May.
    const y = ok(await w.gql(tok.eco, `query($id: ID!) { solidWasteYard(id: $id) { before: obligations(asOf: "2025-05-31") { kind state dueOn }
      after: obligations(asOf: "2025-06-01") { kind state dueOn } } }`, { id: missed.id })).solidWasteYard;
    expect(y.before.filter((o: any) => o.kind === 'MONTHLY_INSPECTION' && o.state === 'OVERDUE')).toEqual([]);
    expect(y.after.filter((o: any) => o.kind === 'MONTHLY_INSPECTION' && o.state === 'OVERDUE')).toEqual([{ kind: 'MONTHLY_INSPECTION', state: 'OVERDUE', dueOn: '2025-05-31' }]);
    // The report's cells and their rows (one definition): at 31 May the miss is not yet overdue, at 30 June it is.
    const cells = async (quarter: string, cell: string) => {
      const total = ok(await w.gql(tok.eco, `query($q: String!) { jointDispatchReport(quarter: $q, divisionCode: "140702") { total { yardsInspectedThisMonth yardsInspectionOverdue } } }`, { q: quarter }))
        .jointDispatchReport.total;
      const list = ok(await w.gql(tok.eco, `query($q: String!, $c: JointDispatchCell!) { jointDispatchCell(cell: $c, divisionCode: "140702", quarter: $q) {
        count rows { solidWasteYard { id } date detail } } }`, { q: quarter, c: cell })).jointDispatchCell;
      expect(list.count).toBe(list.rows.length);
      return { total, rows: list.rows as any[] };
    };
    // one row per yard: the months it missed in its detail, the first as its date
    const q2 = await cells('2025Q2', 'YARDS_INSPECTION_OVERDUE');
    expect(q2.rows.filter((r) => r.solidWasteYard.id === missed.id).map((r) => [r.date, r.detail])).toEqual([['2025-05-31', '2025-05']]);
    expect(q2.rows.length).toBe(q2.total.yardsInspectionOverdue);
    const inJune = await cells('2025Q2', 'YARDS_INSPECTED_THIS_MONTH');
    expect(inJune.rows.length).toBe(inJune.total.yardsInspectedThisMonth);
    const q1 = await cells('2025Q1', 'YARDS_INSPECTION_OVERDUE');
    expect(q1.rows.filter((r) => [missed.id, inspected.id].includes(r.solidWasteYard.id))).toEqual([]);
    const problems = async (asOf: string) => (ok(await w.gql(tok.eco, `query($on: Date) { problems(divisionCode: "140702", asOf: $on) { rows { kind subject dueOn responsibleAgency } } }`, { on: asOf }))
      .problems.rows as any[]).filter((p) => p.kind === 'MONTHLY_INSPECTION');
    expect(await problems('2025-05-31')).toEqual([]);
    expect(await problems('2025-06-01')).toEqual([{ kind: 'MONTHLY_INSPECTION', subject: missed.name, dueOn: '2025-05-31', responsibleAgency: 'ECO' }]);
  });

  it('the emergency bureau inspects too; an inspection before the yard existed or of a yard out of scope is refused', async () => {
    const y = await registerYard(w, tok.eco, { registeredOn: '2025-06-01' });
    const r = ok(await inspect(w, tok.emergency, y.id, '2025-06-05')).recordInspection;
    expect(r).toMatchObject({ agency: 'EMERGENCY', subjectKind: 'SOLID_WASTE_YARD', solidWasteYard: { id: y.id } });
    expect(codeOf(await inspect(w, tok.nr, y.id, '2025-06-06'))).toBe('FORBIDDEN'); // natural resources inspects plots, not yards
    expect(await monthlyDuties(w, tok.eco, y.id, '2025-06-30')).toEqual([['2025-06-30', 'MET']]);
    expect(codeOf(await inspect(w, tok.eco, y.id, '2025-05-30'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await inspect(w, tok.ecoXiaoyi, y.id, '2025-06-06'))).toBe('NOT_FOUND');
    expect(codeOf(await inspect(w, tok.housing, y.id, '2025-06-06'))).toBe('FORBIDDEN');
  });
});

describe('PROCEDURES (土地、环评、安评手续)', () => {
  it('each missing document is a duty of its bureau; EMERGENCY records the safety one, ECO cannot', async () => {
    const y = await registerYard(w, tok.eco, { land: true });
    const procedures = async () => (ok(await w.gql(tok.eco, `query($id: ID!) { solidWasteYard(id: $id) { obligations { kind state detail } } }`, { id: y.id }))
      .solidWasteYard.obligations as any[]).filter((o) => o.kind === 'PROCEDURES').map((o) => `${o.detail.split(' ')[0]} ${o.state}`).sort();
    expect(await procedures()).toEqual(['EIA DUE', 'land MET', 'safety DUE']);
    const duties = ok(await w.gql(tok.eco, `{ duties(divisionCode: "140702", kind: PROCEDURES, state: DUE) { responsibleAgency obligor solidWasteYard { id } } }`)).duties
      .filter((d: any) => d.solidWasteYard.id === y.id);
    expect(duties.map((d: any) => d.responsibleAgency).sort()).toEqual(['APPROVALS', 'EMERGENCY']);
    expect(duties.every((d: any) => d.obligor === 'OPERATOR')).toBe(true);

    const safety = `mutation($y: ID!, $v: Int!) { recordYardSafetyProcedure(yardId: $y, documentNo: "榆应急安评〔2025〕3号", issuedOn: "2025-04-02", expectedVersion: $v) { version safetyProcedure { documentNo issuedOn } } }`;
    expect(codeOf(await w.gql(tok.eco, safety, { y: y.id, v: y.version }))).toBe('FORBIDDEN');
    const after = ok(await w.gql(tok.emergency, safety, { y: y.id, v: y.version })).recordYardSafetyProcedure;
    expect(after.safetyProcedure).toEqual({ documentNo: '榆应急安评〔2025〕3号', issuedOn: '2025-04-02' });
    expect(codeOf(await w.gql(tok.emergency, safety, { y: y.id, v: y.version }))).toBe('CONFLICT');
    ok(await w.gql(tok.eco, `mutation($y: ID!, $v: Int!) { recordYardProcedure(yardId: $y, procedure: EIA, documentNo: "榆审批环评〔2025〕8号", issuedOn: "2025-05-06", expectedVersion: $v) { id } }`,
      { y: y.id, v: after.version }));
    expect(await procedures()).toEqual(['EIA MET', 'land MET', 'safety MET']);
    // As of a date before the documents: still missing then.
    const then = ok(await w.gql(tok.eco, `query($id: ID!) { solidWasteYard(id: $id) { obligations(asOf: "2025-04-01") { kind state detail } } }`, { id: y.id }))
      .solidWasteYard.obligations.filter((o: any) => o.kind === 'PROCEDURES').map((o: any) => `${o.detail.split(' ')[0]} ${o.state}`).sort();
    expect(then).toEqual(['EIA DUE', 'land MET', 'safety DUE']);
  });
});

describe('ledger, monitoring, agencies, scope, audit and change feed', () => {
  it('ledger once a month, monitoring by medium; who reads and who writes', async () => {
    const y = await registerYard(w, tok.eco);
    const ledger = `mutation($y: ID!, $m: String!) { recordYardLedger(yardId: $y, month: $m, generatedTonnes: "1200.5", storedTonnes: "800", usedTonnes: "300.25", disposedTonnes: "100.25") { month generatedTonnes } }`;
    expect(ok(await w.gql(tok.eco, ledger, { y: y.id, m: '2025-04' })).recordYardLedger).toEqual({ month: '2025-04-01', generatedTonnes: '1200.500' });
    expect(codeOf(await w.gql(tok.eco, ledger, { y: y.id, m: '2025-04' }))).toBe('CONFLICT');
    expect(codeOf(await w.gql(tok.eco, ledger, { y: y.id, m: '2025-13' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await w.gql(tok.eco, ledger, { y: y.id, m: '2025-08' }))).toBe('BAD_USER_INPUT'); // after today
    ok(await w.gql(tok.eco, `mutation($y: ID!) { recordYardMonitoring(yardId: $y, medium: GROUNDWATER, sampledOn: "2025-05-12", exceedsStandard: false) { id } }`, { y: y.id }));

    const read = `query($id: ID!) { solidWasteYard(id: $id) { name ledger { month } monitoring { medium } safetyProcedure { documentNo } } }`;
    for (const t of [tok.eco, tok.nr, tok.approvals, tok.emergency]) {
      const r = ok(await w.gql(t, read, { id: y.id })).solidWasteYard;
      expect(r.ledger).toEqual([{ month: '2025-04-01' }]);
      expect(r.monitoring).toEqual([{ medium: 'GROUNDWATER' }]);
    }
    for (const t of [tok.housing, tok.agriculture, tok.police]) expect(codeOf(await w.gql(t, read, { id: y.id }))).toBe('FORBIDDEN');
    // Only ECO registers; EMERGENCY reads.
    const reg = `mutation { registerSolidWasteYard(input: { countyCode: "140702", name: "x", operatorName: "y", operatorCreditCode: "${creditCode()}", registeredOn: "2025-01-01" }) { id } }`;
    for (const t of [tok.emergency, tok.nr, tok.approvals]) expect(codeOf(await w.gql(t, reg))).toBe('FORBIDDEN');
    // Another county's token does not see it.
    expect(ok(await w.gql(tok.ecoXiaoyi, `query($id: ID!) { solidWasteYard(id: $id) { id } }`, { id: y.id })).solidWasteYard).toBeNull();
    expect(ok(await w.gql(tok.ecoXiaoyi, `{ solidWasteYards { nodes { id } } }`)).solidWasteYards.nodes).toEqual([]);
    expect(codeOf(await w.gql(tok.ecoXiaoyi, reg))).toBe('FORBIDDEN'); // a row in 140702 from a 孝义 token
  });

  it('every write is in the change feed and the audit trail', async () => {
    const before = await feedEnd(w, tok.eco);
    const y = await registerYard(w, tok.eco);
    ok(await inspect(w, tok.eco, y.id, '2025-06-10'));
    const feed = await changesAfter(w, tok.eco, before);
    expect(feed.filter((c: any) => c.entity === 'SolidWasteYard' && c.entityId === y.id).map((c: any) => c.action)).toEqual(['CREATED']);
    expect(feed.some((c: any) => c.entity === 'Inspection' && c.action === 'CREATED' && c.agency === 'ECO')).toBe(true);
    const audit = await w.t.app.orm.em.fork().getConnection().execute(`select operation, agency from audit_log where operation in ('registerSolidWasteYard', 'recordInspection') order by id`);
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('the yards are on the map: a GeoJSON layer by query and by export', async () => {
    const y = await registerYard(w, tok.eco);
    const fc = ok(await w.gql(tok.emergency, `{ solidWasteYardsGeoJSON(divisionCode: "140702") }`)).solidWasteYardsGeoJSON;
    expect(fc.type).toBe('FeatureCollection');
    const f = fc.features.find((x: any) => x.properties.id === y.id);
    expect(f.geometry).toEqual({ type: 'Point', coordinates: [112.75, 37.69] });
    expect(f.properties.layer).toBe('solidWasteYard');
    const res = await fetch(`${new URL(w.t.url).origin}/exports/solid-waste-yards.geojson?divisionCode=140702`, { headers: { authorization: `Bearer ${tok.emergency}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).features.length).toBe(fc.features.length);
    const refused = await fetch(`${new URL(w.t.url).origin}/exports/solid-waste-yards.geojson`, { headers: { authorization: `Bearer ${tok.housing}` } });
    expect(refused.status).toBe(403);
  });
});
