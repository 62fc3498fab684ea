/**
 * Contaminated-soil transfer (污染土壤转运联单, Jinzhong plan 9; 法41; RULES §11): the plan filed before the first load
 * (TRANSFER_PLAN_FILED once remediation works start), manifest legs reconciled by the city rules (3 days, 5 %), the
 * violation SOIL_TRANSFER_DISCREPANCY opened and rectified, the plot's detail and the report's cell.
 */
import { codeOf, ok, plotAt, startWorld, World } from '../workflow/helpers';
import { changesAfter, creditCode, feedEnd } from './helpers';

let w: World;
let emergency: string;
beforeAll(async () => {
  w = await startWorld();
  emergency = await w.t.token('EMERGENCY', '140702', '榆次区应急管理局');
});
afterAll(async () => { await w.stop(); });

const fileIt = (plotId: string, filedOn: string, token = w.tok.eco) => w.gql(token, `mutation($i: SoilTransferPlanInput!) { fileSoilTransferPlan(input: $i) { id filedOn receiverName } }`, {
  i: {
    plotId, documentNo: `榆环转运备〔2025〕${plotId}号`, filedOn, volumeCubicMetres: '3500', receiverName: '晋中示例污染土壤修复工厂有限公司', receiverCreditCode: creditCode(),
    receiverAddress: '晋中市榆次区修文镇（示意）', route: '地块东门—修文路—108国道—修复工厂', startsOn: filedOn, endsOn: '2025-12-31',
  },
});
const dispatch = (planId: string, manifestNo: string, on: string, tonnes: string) =>
  w.gql(w.tok.eco, `mutation($p: ID!, $m: String!, $on: Date!, $t: Quantity!) { recordSoilTransferDispatch(planId: $p, manifestNo: $m, dispatchedOn: $on, dispatchedTonnes: $t, vehicleNo: "晋K12345") { id version dispatchedTonnes } }`,
    { p: planId, m: manifestNo, on, t: tonnes });
const receive = (legId: string, on: string, tonnes: string) =>
  w.gql(w.tok.eco, `mutation($l: ID!, $on: Date!, $t: Quantity!) { recordSoilTransferReceipt(legId: $l, receivedOn: $on, receivedTonnes: $t) { id receivedOn receivedTonnes violation { id kind detectedOn rectifiedOn } } }`,
    { l: legId, on, t: tonnes });
const planDuty = async (plotId: string, asOf: string) => {
  const r = ok(await w.gql(w.tok.eco, `query($on: Date) { duties(divisionCode: "140702", kind: TRANSFER_PLAN_FILED, asOf: $on) { state dueOn detail plot { id } } }`, { on: asOf }));
  return r.duties.filter((d: any) => d.plot.id === plotId).map((d: any) => [d.state, d.dueOn]);
};
const openDiscrepancies = async () => ok(await w.gql(w.tok.eco, `{ violations(divisionCode: "140702", open: true, first: 200) { nodes { id kind plot { id } } } }`))
  .violations.nodes.filter((v: any) => v.kind === 'SOIL_TRANSFER_DISCREPANCY');

describe('TRANSFER_PLAN_FILED', () => {
  it('is owed once remediation works start, met by the plan, and overdue when soil left before any plan was filed', async () => {
    const plot = await plotAt(w, 'REMEDIATION'); // REMEDIATION on 2024-03-21
    expect(await planDuty(plot.id, '2024-03-20')).toEqual([]);
    expect(await planDuty(plot.id, '2024-03-21')).toEqual([['DUE', null]]);
    const plan = ok(await fileIt(plot.id, '2025-06-01')).fileSoilTransferPlan;
    expect(await planDuty(plot.id, '2025-05-31')).toEqual([['DUE', null]]);
    expect(await planDuty(plot.id, '2025-06-01')).toEqual([['MET', null]]);
    expect(plan.receiverName).toBe('晋中示例污染土壤修复工厂有限公司');

    // Another plot: a load leaves on 10 June, the plan is filed on 20 June.
    const late = await plotAt(w, 'REMEDIATION');
    const latePlan = ok(await fileIt(late.id, '2025-06-20')).fileSoilTransferPlan;
    ok(await dispatch(latePlan.id, `LATE-${late.id}`, '2025-06-10', '30'));
    expect(await planDuty(late.id, '2025-06-09')).toEqual([['DUE', null]]);
    expect(await planDuty(late.id, '2025-06-10')).toEqual([['OVERDUE', '2025-06-10']]);
    expect(await planDuty(late.id, '2025-06-20')).toEqual([['MET', '2025-06-10']]);
  });
});

describe('reconciliation by the city rules (3 days, 5 %)', () => {
  it('a leg received short by more than the tolerance opens SOIL_TRANSFER_DISCREPANCY, and rectifying it closes it', async () => {
    const plot = await plotAt(w, 'REMEDIATION');
    const plan = ok(await fileIt(plot.id, '2025-06-01')).fileSoilTransferPlan;
    const before = await feedEnd(w, w.tok.eco);
    const within = ok(await dispatch(plan.id, `ZY-${plot.id}-1`, '2025-06-10', '100')).recordSoilTransferDispatch;
    const short = ok(await dispatch(plan.id, `ZY-${plot.id}-2`, '2025-06-10', '100')).recordSoilTransferDispatch;
    // 5 % short is within the tolerance; 5.1 % is not.
    expect(ok(await receive(within.id, '2025-06-12', '95')).recordSoilTransferReceipt.violation).toBeNull();
    const got = ok(await receive(short.id, '2025-06-12', '94.9')).recordSoilTransferReceipt;
    expect(got.violation).toMatchObject({ kind: 'SOIL_TRANSFER_DISCREPANCY', detectedOn: '2025-06-12', rectifiedOn: null });
    expect((await openDiscrepancies()).filter((v: any) => v.plot.id === plot.id).map((v: any) => v.id)).toEqual([got.violation.id]);
    // The report counts it, and the problem list names ECO.
    const cell = async () => ok(await w.gql(w.tok.eco, `{ jointDispatchReport(quarter: "2025Q2", divisionCode: "140702") { total { soilTransferDiscrepanciesOpen violationsOpen } } }`))
      .jointDispatchReport.total.soilTransferDiscrepanciesOpen;
    const n = await cell();
    expect(n).toBeGreaterThanOrEqual(1);
    const problems = ok(await w.gql(w.tok.eco, `{ problems(divisionCode: "140702") { rows { kind responsibleAgency plot { id } } } }`)).problems.rows
      .filter((p: any) => p.kind === 'SOIL_TRANSFER_DISCREPANCY' && p.plot?.id === plot.id);
    expect(problems).toEqual([{ kind: 'SOIL_TRANSFER_DISCREPANCY', responsibleAgency: 'ECO', plot: { id: plot.id } }]);

    ok(await w.gql(w.tok.eco, `mutation($id: ID!) { rectifyViolation(id: $id, rectifiedOn: "2025-06-20", note: "接收单位补正称重记录，差额土方已追回") { id rectifiedOn } }`, { id: got.violation.id }));
    expect((await openDiscrepancies()).filter((v: any) => v.plot.id === plot.id)).toEqual([]);
    expect(await cell()).toBe(n - 1);

    // What left the plot and where it arrived.
    const detail = ok(await w.gql(w.tok.housing, `query($id: ID!) { plot(id: $id) { soilTransfers { receiverName dispatchedTonnes receivedTonnes
      legs { manifestNo dispatchedOn dispatchedTonnes receivedOn receivedTonnes } } } }`, { id: plot.id })).plot.soilTransfers;
    expect(detail).toEqual([{ receiverName: '晋中示例污染土壤修复工厂有限公司', dispatchedTonnes: '200.000', receivedTonnes: '189.900', legs: [
      { manifestNo: `ZY-${plot.id}-1`, dispatchedOn: '2025-06-10', dispatchedTonnes: '100.000', receivedOn: '2025-06-12', receivedTonnes: '95.000' },
      { manifestNo: `ZY-${plot.id}-2`, dispatchedOn: '2025-06-10', dispatchedTonnes: '100.000', receivedOn: '2025-06-12', receivedTonnes: '94.900' },
    ] }]);

    const feed = await changesAfter(w, w.tok.eco, before);
    expect(feed.filter((c) => c.entity === 'Violation' && c.entityId === got.violation.id).map((c) => c.action)).toEqual(['CREATED', 'UPDATED']);
    expect(feed.filter((c) => c.entity === 'SoilTransferLeg').length).toBeGreaterThanOrEqual(4);
  });

  it('a leg received later than the days allowed, or never received, is a discrepancy too', async () => {
    const plot = await plotAt(w, 'REMEDIATION');
    const plan = ok(await fileIt(plot.id, '2025-06-01')).fileSoilTransferPlan;
    const slow = ok(await dispatch(plan.id, `SL-${plot.id}`, '2025-06-10', '50')).recordSoilTransferDispatch;
    const got = ok(await receive(slow.id, '2025-06-14', '50')).recordSoilTransferReceipt;
    expect(got.violation).toMatchObject({ detectedOn: '2025-06-14' });
    const onTime = ok(await dispatch(plan.id, `OT-${plot.id}`, '2025-06-10', '50')).recordSoilTransferDispatch;
    expect(ok(await receive(onTime.id, '2025-06-13', '50')).recordSoilTransferReceipt.violation).toBeNull();

    const lost = ok(await dispatch(plan.id, `LO-${plot.id}`, '2025-06-20', '40')).recordSoilTransferDispatch;
    ok(await dispatch(plan.id, `RE-${plot.id}`, '2025-06-28', '40')); // still within its 3 days today (30 June)
    const flagged = ok(await w.gql(w.tok.eco, `mutation { reconcileSoilTransfers(divisionCode: "140702") { id manifestNo violation { detectedOn } } }`)).reconcileSoilTransfers;
    expect(flagged.filter((l: any) => l.manifestNo.endsWith(`-${plot.id}`))).toEqual([{ id: lost.id, manifestNo: `LO-${plot.id}`, violation: { detectedOn: '2025-06-24' } }]);
    expect(ok(await w.gql(w.tok.eco, `mutation { reconcileSoilTransfers { id } }`)).reconcileSoilTransfers).toEqual([]);
  });
});

describe('agencies, scope, hostile input', () => {
  it('ECO writes; natural resources and housing read; emergency, agriculture and police see nothing; another county sees nothing', async () => {
    const plot = await plotAt(w, 'REMEDIATION');
    const plan = ok(await fileIt(plot.id, '2025-06-01')).fileSoilTransferPlan;
    for (const t of [w.tok.nr, w.tok.housing, emergency]) expect(codeOf(await fileIt(plot.id, '2025-06-02', t))).toBe('FORBIDDEN');
    const q = `{ soilTransferPlans(divisionCode: "140702") { id } }`;
    for (const t of [w.tok.nr, w.tok.housing]) expect(ok(await w.gql(t, q)).soilTransferPlans.map((p: any) => p.id)).toContain(plan.id);
    expect(codeOf(await w.gql(emergency, q))).toBe('FORBIDDEN');
    const other = await w.t.token('ECO', '140703', '太谷区生态环境分局');
    expect(ok(await w.gql(other, `{ soilTransferPlans { id } }`)).soilTransferPlans).toEqual([]);
    expect(codeOf(await w.gql(other, `mutation($p: ID!) { recordSoilTransferDispatch(planId: $p, manifestNo: "X-1", dispatchedOn: "2025-06-02", dispatchedTonnes: "1") { id } }`, { p: plan.id }))).toBe('NOT_FOUND');
  });

  it('refuses bad quantities, dates and duplicates with the field named', async () => {
    const plot = await plotAt(w, 'REMEDIATION');
    const plan = ok(await fileIt(plot.id, '2025-06-01')).fileSoilTransferPlan;
    expect(codeOf(await dispatch(plan.id, 'BAD-1', '2025-06-02', '-3'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await dispatch(plan.id, 'BAD-2', '2025-06-02', '0'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await dispatch(plan.id, 'BAD-3', '2025-07-02', '3'))).toBe('BAD_USER_INPUT');
    const leg = ok(await dispatch(plan.id, `DUP-${plot.id}`, '2025-06-02', '3')).recordSoilTransferDispatch;
    expect(codeOf(await dispatch(plan.id, `DUP-${plot.id}`, '2025-06-03', '3'))).toBe('CONFLICT');
    expect(codeOf(await receive(leg.id, '2025-06-01', '3'))).toBe('BAD_USER_INPUT');
    ok(await receive(leg.id, '2025-06-03', '3'));
    expect(codeOf(await receive(leg.id, '2025-06-03', '3'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await fileIt('0', '2025-06-01'))).toBe('BAD_USER_INPUT');
  });
});
