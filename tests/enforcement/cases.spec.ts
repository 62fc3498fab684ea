/**
 * Leads, cases and joint meetings (RULES §10) with every agency's token: a lead is verified and becomes a case,
 * the case is decided and referred to the police, and PUBLIC_SECURITY sees only that case (in its county) and
 * records its feedback — nothing else; the lead lifecycle refuses what its table lacks; a refused write leaves
 * nothing half-written; every write is audited and in the change feed.
 */
import { COUNTY, OTHER_COUNTY, ok, registerPlot, startWorld, World } from '../workflow/helpers';
import { refused } from '../helpers/assert';

let w: World;
const tok: Record<string, string> = {};
beforeAll(async () => {
  w = await startWorld();
  Object.assign(tok, {
    ECO: w.tok.eco, NATURAL_RESOURCES: w.tok.nr, HOUSING: w.tok.housing, APPROVALS: w.tok.approvals,
    AGRICULTURE: await w.t.token('AGRICULTURE', COUNTY), PUBLIC_SECURITY: await w.t.token('PUBLIC_SECURITY', COUNTY, '榆次区公安分局'),
    EMERGENCY: await w.t.token('EMERGENCY', COUNTY), PS_OTHER: await w.t.token('PUBLIC_SECURITY', OTHER_COUNTY), PS_CITY: await w.t.token('PUBLIC_SECURITY', '140700'),
  });
});
afterAll(async () => { await w.stop(); });

const sql = (q: string, params: unknown[] = []) => w.t.app.orm.em.fork().getConnection().execute(q, params);
const LEAD = `id state source receivedOn verifyingOn closedOn dismissalReason version plot { id }`;
const CASE = `id caseNo state openedOn party facts penaltyDecisionNo penaltyAmount referredOn referredTo policeFeedback policeFeedbackOn closedOn version`;

const recordLead = (token: string, input: Record<string, unknown>) => w.gql(token, `mutation($input: LeadInput!) { recordLead(input: $input) { ${LEAD} } }`, { input });
const advanceLead = (token: string, id: string, to: string, on: string, v: number, reason?: string) =>
  w.gql(token, `mutation($id: ID!, $to: LeadState!, $on: Date!, $v: Int!, $r: String) { advanceLead(id: $id, to: $to, on: $on, expectedVersion: $v, reason: $r) { ${LEAD} } }`, { id, to, on, v, r: reason ?? null });
const openCase = (token: string, input: Record<string, unknown>) => w.gql(token, `mutation($input: CaseInput!) { openCase(input: $input) { ${CASE} lead { id state } } }`, { input });
const refer = (token: string, id: string, v: number, on = '2025-06-20', unit = '晋中市公安局榆次分局') =>
  w.gql(token, `mutation($id: ID!, $on: Date!, $u: String!, $v: Int!) { referCaseToPolice(id: $id, referredOn: $on, receivingUnit: $u, expectedVersion: $v) { ${CASE} } }`, { id, on, u: unit, v });
const feedback = (token: string, id: string, v: number, text = '已立案侦查', on = '2025-06-28') =>
  w.gql(token, `mutation($id: ID!, $f: String!, $on: Date!, $v: Int!) { recordPoliceFeedback(id: $id, feedback: $f, feedbackOn: $on, expectedVersion: $v) { id caseNo policeFeedback policeFeedbackOn version } }`, { id, f: text, on, v });

let caseNo = 0;
/** A plot with a public-report lead, verified and opened as a case (ECO). */
async function caseFromLead(county = COUNTY, token = tok.ECO) {
  const plot = await registerPlot(w, { countyCode: county }, county === COUNTY ? w.tok.eco : w.tok.ecoCity);
  const lead = ok(await recordLead(token, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: '群众举报：地块内夜间开挖、外运土方', plotId: plot.id })).recordLead;
  const verifying = ok(await advanceLead(token, lead.id, 'VERIFYING', '2025-06-02', lead.version)).advanceLead;
  const c = ok(await openCase(token, {
    caseNo: `榆环罚立〔2025〕${++caseNo}号`, openedOn: '2025-06-10', party: '示例建设有限公司', facts: '未完成土壤污染状况调查擅自开工建设', leadId: lead.id, leadVersion: verifying.version,
  })).openCase;
  return { plot, lead: verifying, case: c };
}

describe('a lead becomes a case, is referred, and PUBLIC_SECURITY sees only that case', () => {
  it('walks the story with each agency\'s token', async () => {
    const referred = await caseFromLead();
    expect(referred.case).toMatchObject({ state: 'OPEN', lead: { id: referred.lead.id, state: 'CASE' } });
    const kept = await caseFromLead(); // opened, never referred
    const decided = ok(await w.gql(tok.ECO, `mutation($id: ID!, $v: Int!) { recordPenaltyDecision(id: $id, decisionNo: "榆环罚〔2025〕12号", decidedOn: "2025-06-15", amount: "200000", expectedVersion: $v) { ${CASE} } }`, { id: referred.case.id, v: referred.case.version })).recordPenaltyDecision;
    expect(decided).toMatchObject({ penaltyDecisionNo: '榆环罚〔2025〕12号', penaltyAmount: '200000.00' });
    const sent = ok(await refer(tok.ECO, referred.case.id, decided.version)).referCaseToPolice;
    expect(sent).toMatchObject({ state: 'REFERRED', referredOn: '2025-06-20', referredTo: '晋中市公安局榆次分局' });

    // PUBLIC_SECURITY: only the referred case, its own fields; the plot and lead behind it are refused.
    const ps = ok(await w.gql(tok.PUBLIC_SECURITY, `{ cases(first: 100) { nodes { id caseNo state referredTo party } } }`)).cases.nodes;
    expect(ps.map((c: any) => c.id)).toEqual([referred.case.id]);
    expect(ok(await w.gql(tok.PUBLIC_SECURITY, `query($id: ID!) { case(id: $id) { id } }`, { id: kept.case.id })).case).toBeNull();
    refused(await w.gql(tok.PUBLIC_SECURITY, `query($id: ID!) { case(id: $id) { id plot { id } } }`, { id: referred.case.id }), 'FORBIDDEN');
    refused(await w.gql(tok.PUBLIC_SECURITY, `query($id: ID!) { case(id: $id) { id lead { id } } }`, { id: referred.case.id }), 'FORBIDDEN');
    for (const q of ['{ leads { nodes { id } } }', '{ plots { nodes { id } } }', '{ inspections { nodes { id } } }', '{ keyUnits { nodes { id } } }',
      '{ violations { nodes { id } } }', '{ remoteSensingBatches { id } }', '{ changes { nodes { entity } } }', '{ problems(divisionCode: "140702") { asOf } }']) {
      refused(await w.gql(tok.PUBLIC_SECURITY, q), 'FORBIDDEN');
    }
    // …and records its feedback on it, not on the case it was not sent.
    const fb = ok(await feedback(tok.PUBLIC_SECURITY, referred.case.id, sent.version)).recordPoliceFeedback;
    expect(fb).toMatchObject({ policeFeedback: '已立案侦查', policeFeedbackOn: '2025-06-28' });
    refused(await feedback(tok.PUBLIC_SECURITY, kept.case.id, kept.case.version), 'NOT_FOUND');
    // Nothing else: opening, deciding, referring, closing, leads, inspections are refused.
    refused(await openCase(tok.PUBLIC_SECURITY, { caseNo: 'X-1', openedOn: '2025-06-10', party: 'x', facts: 'x', countyCode: COUNTY }), 'FORBIDDEN');
    refused(await refer(tok.PUBLIC_SECURITY, kept.case.id, kept.case.version), 'FORBIDDEN');
    refused(await w.gql(tok.PUBLIC_SECURITY, `mutation($id: ID!) { closeCase(id: $id, closedOn: "2025-06-29", expectedVersion: 1) { id } }`, { id: referred.case.id }), 'FORBIDDEN');
    refused(await recordLead(tok.PUBLIC_SECURITY, { source: 'REFERRAL', receivedOn: '2025-06-01', description: 'x', countyCode: COUNTY }), 'FORBIDDEN');

    // Another county's police see nothing of it; the city's police see it (their scope covers the county).
    expect(ok(await w.gql(tok.PS_OTHER, `{ cases { nodes { id } } }`)).cases.nodes).toEqual([]);
    refused(await feedback(tok.PS_OTHER, referred.case.id, fb.version), 'NOT_FOUND');
    expect(ok(await w.gql(tok.PS_CITY, `{ cases { nodes { id } } }`)).cases.nodes.map((c: any) => c.id)).toEqual([referred.case.id]);

    // ECO sees both, the feedback included; NATURAL_RESOURCES reads cases but cannot write the police's part.
    const eco = ok(await w.gql(tok.ECO, `query($id: ID!) { cases { nodes { id } } case(id: $id) { policeFeedback state } plot(id: "${referred.plot.id}") { cases { id } leads { id state } } }`, { id: referred.case.id }));
    expect(eco.cases.nodes.map((c: any) => c.id).sort()).toEqual([referred.case.id, kept.case.id].sort());
    expect(eco.case).toEqual({ policeFeedback: '已立案侦查', state: 'REFERRED' });
    expect(eco.plot.cases.map((c: any) => c.id)).toEqual([referred.case.id]);
    expect(eco.plot.leads).toEqual([{ id: referred.lead.id, state: 'CASE' }]);
    expect(ok(await w.gql(tok.NATURAL_RESOURCES, `{ cases { nodes { id policeFeedback } } }`)).cases.nodes.length).toBe(2);
    refused(await feedback(tok.ECO, referred.case.id, fb.version), 'FORBIDDEN');
    refused(await feedback(tok.NATURAL_RESOURCES, referred.case.id, fb.version), 'FORBIDDEN');
    // The other bureaus read no cases and no leads (HOUSING reads leads).
    for (const a of ['HOUSING', 'APPROVALS', 'AGRICULTURE', 'EMERGENCY']) refused(await w.gql(tok[a], `{ cases { nodes { id } } }`), 'FORBIDDEN');
    expect(ok(await w.gql(tok.HOUSING, `{ leads { nodes { id } } }`)).leads.nodes.length).toBeGreaterThan(0);
    for (const a of ['APPROVALS', 'AGRICULTURE', 'EMERGENCY']) refused(await w.gql(tok[a], `{ leads { nodes { id } } }`), 'FORBIDDEN');

    // ECO closes it.
    const closed = ok(await w.gql(tok.ECO, `mutation($id: ID!, $v: Int!) { closeCase(id: $id, closedOn: "2025-06-29", note: "罚款已缴纳", expectedVersion: $v) { state closedOn } }`, { id: referred.case.id, v: fb.version })).closeCase;
    expect(closed).toEqual({ state: 'CLOSED', closedOn: '2025-06-29' });

    // Every write audited (a row per entity written: openCase writes the case and its lead's move) and in ECO's feed.
    const ops = await sql(`select operation, outcome, count(*)::int as n from audit_log where operation in ('recordLead', 'advanceLead', 'openCase', 'recordPenaltyDecision', 'referCaseToPolice', 'recordPoliceFeedback', 'closeCase') and outcome = 'OK' group by operation, outcome order by operation`);
    expect(Object.fromEntries(ops.map((o: any) => [o.operation, o.n]))).toEqual({ advanceLead: 2, closeCase: 1, openCase: 4, recordLead: 2, recordPenaltyDecision: 1, recordPoliceFeedback: 1, referCaseToPolice: 1 });
    const feed = ok(await w.gql(tok.ECO, `{ changes(first: 1000) { nodes { agency entity entityId action fields } } }`)).changes.nodes.filter((c: any) => c.entity === 'Case' && c.entityId === referred.case.id);
    expect(feed.map((c: any) => c.agency)).toEqual(['ECO', 'ECO', 'ECO', 'PUBLIC_SECURITY', 'ECO']);
    expect(feed[3].fields.sort()).toEqual(['policeFeedback', 'policeFeedbackOn']);
  });
});

describe('the lead lifecycle', () => {
  it('refuses every move its table lacks (ILLEGAL_TRANSITION) and changes nothing', async () => {
    const plot = await registerPlot(w);
    const lead = ok(await recordLead(tok.ECO, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: '举报', plotId: plot.id })).recordLead;
    refused(await advanceLead(tok.ECO, lead.id, 'DISMISSED', '2025-06-02', lead.version, '不属实'), 'ILLEGAL_TRANSITION');
    refused(await openCase(tok.ECO, { caseNo: 'LC-1', openedOn: '2025-06-03', party: 'x', facts: 'x', leadId: lead.id }), 'ILLEGAL_TRANSITION');
    expect(await sql(`select count(*)::int as n from enforcement_case where case_no = 'LC-1'`)).toEqual([{ n: 0 }]);
    const v = ok(await advanceLead(tok.ECO, lead.id, 'VERIFYING', '2025-06-02', lead.version)).advanceLead;
    refused(await advanceLead(tok.ECO, lead.id, 'VERIFYING', '2025-06-03', v.version), 'ILLEGAL_TRANSITION');
    refused(await advanceLead(tok.ECO, lead.id, 'NEW', '2025-06-03', v.version), 'ILLEGAL_TRANSITION');
    refused(await advanceLead(tok.ECO, lead.id, 'DISMISSED', '2025-06-03', v.version), 'BAD_USER_INPUT', 'reason');
    refused(await advanceLead(tok.ECO, lead.id, 'DISMISSED', '2025-06-03', v.version - 1, '不属实'), 'CONFLICT');
    const d = ok(await advanceLead(tok.ECO, lead.id, 'DISMISSED', '2025-06-03', v.version, '经核查，为合法施工')).advanceLead;
    expect(d).toMatchObject({ state: 'DISMISSED', closedOn: '2025-06-03', dismissalReason: '经核查，为合法施工' });
    refused(await advanceLead(tok.ECO, lead.id, 'VERIFYING', '2025-06-04', d.version), 'ILLEGAL_TRANSITION');
    refused(await openCase(tok.ECO, { caseNo: 'LC-2', openedOn: '2025-06-04', party: 'x', facts: 'x', leadId: lead.id }), 'ILLEGAL_TRANSITION');
    const refusals = await sql(`select count(*)::int as n from audit_log where operation in ('advanceLead', 'openCase') and outcome = 'ILLEGAL_TRANSITION'`);
    expect(refusals[0].n).toBeGreaterThanOrEqual(6);
  });

  it('opening a case that fails (a case number already used) leaves the lead VERIFYING: nothing half-written', async () => {
    const first = await caseFromLead();
    const plot = await registerPlot(w);
    const lead = ok(await recordLead(tok.ECO, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: '举报', plotId: plot.id })).recordLead;
    const v = ok(await advanceLead(tok.ECO, lead.id, 'VERIFYING', '2025-06-02', lead.version)).advanceLead;
    refused(await openCase(tok.ECO, { caseNo: first.case.caseNo, openedOn: '2025-06-10', party: 'x', facts: 'x', leadId: lead.id }), 'CONFLICT');
    const after = ok(await w.gql(tok.ECO, `query($id: ID!) { lead(id: $id) { state version closedOn case { id } } }`, { id: lead.id })).lead;
    expect(after).toEqual({ state: 'VERIFYING', version: v.version, closedOn: null, case: null });
  });

  it('a lead or case names its county through its plot; outside the token\'s county is NOT_FOUND / FORBIDDEN', async () => {
    const other = await registerPlot(w, { countyCode: OTHER_COUNTY }, w.tok.ecoCity);
    refused(await recordLead(tok.ECO, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: 'x', plotId: other.id }), 'NOT_FOUND');
    refused(await recordLead(tok.ECO, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: 'x', countyCode: OTHER_COUNTY }), 'FORBIDDEN');
    refused(await recordLead(tok.ECO, { source: 'PUBLIC_REPORT', receivedOn: '2025-06-01', description: 'x' }), 'BAD_USER_INPUT', 'input.countyCode');
    refused(await recordLead(tok.ECO, { source: 'REMOTE_SENSING', receivedOn: '2025-06-01', description: 'x', countyCode: COUNTY }), 'BAD_USER_INPUT', 'input.source');
    refused(await recordLead(tok.ECO, { source: 'INSPECTION', receivedOn: '2025-06-01', description: 'x', countyCode: COUNTY }), 'BAD_USER_INPUT', 'input.inspectionId');
    const ecoOther = await w.t.token('ECO', OTHER_COUNTY);
    const mine = await caseFromLead();
    expect(ok(await w.gql(ecoOther, `{ cases { nodes { id } } leads { nodes { id } } }`))).toEqual({ cases: { nodes: [] }, leads: { nodes: [] } });
    refused(await refer(ecoOther, mine.case.id, mine.case.version), 'NOT_FOUND');
  });

  it('a lead from an inspection carries the inspection and its plot', async () => {
    const plot = await registerPlot(w);
    const insp = ok(await w.gql(tok.ECO, `mutation($p: ID!) { recordInspection(input: { subjectKind: PLOT, subjectId: $p, inspectedOn: "2025-06-05", method: ON_SITE, findings: "现场发现开挖", problems: ["未完成调查即开挖"] }) { id } }`, { p: plot.id })).recordInspection;
    const lead = ok(await w.gql(tok.ECO, `mutation($i: ID!) { recordLead(input: { source: INSPECTION, receivedOn: "2025-06-05", description: "现场检查发现", inspectionId: $i }) { id plot { id } inspection { id method } county { code } } }`, { i: insp.id })).recordLead;
    expect(lead).toEqual({ id: lead.id, plot: { id: plot.id }, inspection: { id: insp.id, method: 'ON_SITE' }, county: { code: COUNTY } });
  });
});

describe('joint meetings', () => {
  it('ECO records one with leads and cases; every bureau reads it, each the leads and cases its parts allow', async () => {
    const referred = await caseFromLead();
    const sent = ok(await refer(tok.ECO, referred.case.id, referred.case.version)).referCaseToPolice;
    const kept = await caseFromLead();
    const m = ok(await w.gql(tok.ECO, `mutation($input: JointMeetingInput!) { recordJointMeeting(input: $input) { id heldOn agencies decisions division { code } leads { id } cases { id } } }`, {
      input: {
        divisionCode: COUNTY, heldOn: '2025-06-25', title: '榆次区土壤污染防治联席会议（2025年第二季度）', minutesNo: '榆土联〔2025〕2号',
        agencies: ['ECO', 'NATURAL_RESOURCES', 'HOUSING', 'PUBLIC_SECURITY'], leadIds: [referred.lead.id], caseIds: [referred.case.id, kept.case.id],
        decisions: ['对移送案件加强行刑衔接', '自然资源部门对涉事地块暂停供地'],
      },
    })).recordJointMeeting;
    expect(m).toMatchObject({ division: { code: COUNTY }, leads: [{ id: referred.lead.id }], decisions: ['对移送案件加强行刑衔接', '自然资源部门对涉事地块暂停供地'] });
    for (const a of ['NATURAL_RESOURCES', 'HOUSING', 'APPROVALS', 'AGRICULTURE', 'PUBLIC_SECURITY', 'EMERGENCY']) {
      const r = ok(await w.gql(tok[a], `{ jointMeetings { id title decisions } }`));
      expect(r.jointMeetings.map((x: any) => x.id)).toContain(m.id);
    }
    const ps = ok(await w.gql(tok.PUBLIC_SECURITY, `{ jointMeetings { id cases { id } } }`)).jointMeetings.find((x: any) => x.id === m.id);
    expect(ps.cases).toEqual([{ id: sent.id }]);
    refused(await w.gql(tok.PUBLIC_SECURITY, `{ jointMeetings { leads { id } } }`), 'FORBIDDEN');
    for (const a of ['NATURAL_RESOURCES', 'HOUSING', 'PUBLIC_SECURITY']) {
      refused(await w.gql(tok[a], `mutation { recordJointMeeting(input: { divisionCode: "${COUNTY}", heldOn: "2025-06-25", title: "x", agencies: [ECO] }) { id } }`), 'FORBIDDEN');
    }
    expect(ok(await w.gql(tok.PS_OTHER, `{ jointMeetings { id } }`)).jointMeetings).toEqual([]);
    // A lead of another county cannot be reported at this county's meeting.
    refused(await w.gql(tok.ECO, `mutation { recordJointMeeting(input: { divisionCode: "${COUNTY}", heldOn: "2025-06-25", title: "x", agencies: [ECO], leadIds: ["999999"] }) { id } }`), 'NOT_FOUND');
    refused(await w.gql(tok.ECO, `mutation { recordJointMeeting(input: { divisionCode: "${OTHER_COUNTY}", heldOn: "2025-06-25", title: "x", agencies: [ECO] }) { id } }`), 'FORBIDDEN');
  });
});
