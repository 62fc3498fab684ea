import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { assertLeadTransition, LeadState } from '../lead/lead-lifecycle';
import { Lead } from '../lead/lead.entity';
import { moveLead } from '../lead/lead.service';
import { Plot } from '../plot/plot.entity';
import { EnforcementCase } from './case.entity';
import { caseRowFilter } from './case.scope';

export const MAX_CASE_TEXT = 4000;

export interface OpenCaseArgs {
  caseNo: string; openedOn: string; party: string; partyCreditCode?: string | null; facts: string;
  leadId?: string | null; leadVersion?: number | null; plotId?: string | null; keyUnitId?: string | null; countyCode?: string | null;
}

/**
 * openCase (立案, ECO). From a lead: the lead must be VERIFYING and moves to CASE in the same transaction (the
 * case is that move's consequence); the case takes the lead's plot and county. Without a lead: the plot's or key
 * unit's county, or `countyCode`.
 */
export function openCase(ctx: Context, a: OpenCaseArgs) {
  return runWrite(ctx, 'openCase', a, async (tx) => {
    // Each argument's own form first (ids and texts), then the formats of the others, then how they fit together.
    for (const f of ['leadId', 'plotId', 'keyUnitId'] as const) if (a[f] != null) input.id(a[f]!, `input.${f}`);
    const caseNo = input.text(a.caseNo, 'input.caseNo', { required: true })!;
    const party = input.text(a.party, 'input.party', { required: true })!;
    const facts = input.text(a.facts, 'input.facts', { required: true, max: MAX_CASE_TEXT })!;
    const partyCreditCode = a.partyCreditCode != null ? input.creditCode(a.partyCreditCode, 'input.partyCreditCode') : undefined;
    const openedOn = input.date(a.openedOn, 'input.openedOn', { required: true, notAfter: ctx.today })!;

    const lead = a.leadId != null ? await tx.load(Lead, a.leadId, { what: 'lead', field: 'input.leadId', expectedVersion: a.leadVersion }) : undefined;
    let plot = a.plotId != null ? await tx.load(Plot, a.plotId, { what: 'plot', field: 'input.plotId' }) : undefined;
    const keyUnit = a.keyUnitId != null ? await tx.load(KeyUnit, a.keyUnitId, { what: 'key unit', field: 'input.keyUnitId' }) : undefined;
    if (lead) {
      assertLeadTransition(lead.state, LeadState.CASE);
      if (openedOn < lead.receivedOn) throw badInput('input.openedOn', `must not be before the lead was received (${lead.receivedOn})`);
      if (plot && lead.plot && lead.plot.id !== plot.id) throw badInput('input.plotId', 'is not the plot of the lead');
      if (!plot && lead.plot) plot = await tx.load(Plot, lead.plot.id, { what: 'plot', field: 'input.leadId' });
    }
    const counties = [lead?.county.code, plot?.county.code, keyUnit?.county.code].filter((c): c is string => !!c);
    if (new Set(counties).size > 1) throw badInput(keyUnit ? 'input.keyUnitId' : 'input.plotId', 'the case\'s lead, plot and key unit are in different counties');
    let county = counties[0];
    if (a.countyCode != null) {
      const code = input.countyForWrite(ctx, a.countyCode, 'input.countyCode');
      if (county && code !== county) throw badInput('input.countyCode', `the case's lead, plot or key unit is in ${county}`);
      county = code;
    }
    if (!county) throw badInput('input.countyCode', 'is required for a case without a lead, plot or key unit');

    if (lead) {
      tx.updating(lead, 'Lead', () => lead.county.code);
      moveLead(lead, LeadState.CASE, openedOn);
    }
    const c = tx.em.create(EnforcementCase, {
      county, caseNo, openedOn, party, partyCreditCode, facts, lead, plot, keyUnit,
      agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as never) as EnforcementCase;
    const countyCode = county;
    tx.created(c, 'Case', () => countyCode);
    return c;
  });
}

/** A case for a write: in scope, not closed, at the version the client read. */
async function openCaseFor(tx: Parameters<Parameters<typeof runWrite>[3]>[0], id: string, expectedVersion: number) {
  const c = await tx.load(EnforcementCase, { id: input.id(id, 'id'), ...caseRowFilter(tx.ctx) }, { what: 'case', expectedVersion });
  if (c.closedOn) throw badInput('id', `the case was closed on ${c.closedOn}`);
  return c;
}

/** recordPenaltyDecision (ECO): 行政处罚决定书 — number, date, fine in yuan. Recorded once. */
export function recordPenaltyDecision(ctx: Context, a: { id: string; decisionNo: string; decidedOn: string; amount: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordPenaltyDecision', a, async (tx) => {
    input.id(a.id, 'id');
    const decisionNo = input.text(a.decisionNo, 'decisionNo', { required: true })!;
    const amount = input.decimal(a.amount, 'amount');
    const decidedOn = input.date(a.decidedOn, 'decidedOn', { required: true, notAfter: ctx.today })!;
    if (amount == null) throw badInput('amount', 'is required');
    const c = await openCaseFor(tx, a.id, a.expectedVersion);
    if (c.penaltyDecisionNo) throw badInput('id', `the penalty decision is already recorded (${c.penaltyDecisionNo})`);
    if (decidedOn < c.openedOn) throw badInput('decidedOn', `must not be before the case was opened (${c.openedOn})`);
    tx.updating(c, 'Case', () => c.county.code);
    Object.assign(c, { penaltyDecisionNo: decisionNo, penaltyDecidedOn: decidedOn, penaltyAmount: amount });
    return c;
  });
}

/** referCaseToPolice (移送公安, ECO): the date and the receiving unit (e.g. 孝义市公安局). Once. */
export function referCaseToPolice(ctx: Context, a: { id: string; referredOn: string; receivingUnit: string; expectedVersion: number }) {
  return runWrite(ctx, 'referCaseToPolice', a, async (tx) => {
    input.id(a.id, 'id');
    const receivingUnit = input.text(a.receivingUnit, 'receivingUnit', { required: true })!;
    const referredOn = input.date(a.referredOn, 'referredOn', { required: true, notAfter: ctx.today })!;
    const c = await openCaseFor(tx, a.id, a.expectedVersion);
    if (c.referredOn) throw badInput('id', `the case was already referred on ${c.referredOn} to ${c.referredTo}`);
    if (referredOn < c.openedOn) throw badInput('referredOn', `must not be before the case was opened (${c.openedOn})`);
    tx.updating(c, 'Case', () => c.county.code);
    Object.assign(c, { referredOn, referredTo: receivingUnit });
    return c;
  });
}

/**
 * recordPoliceFeedback (PUBLIC_SECURITY): the police's feedback on a case referred to it (立案侦查、不予立案…)
 * and its date. A case not referred does not exist for the police (NOT_FOUND); the feedback may be updated.
 */
export function recordPoliceFeedback(ctx: Context, a: { id: string; feedback: string; feedbackOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordPoliceFeedback', a, async (tx) => {
    input.id(a.id, 'id');
    const feedback = input.text(a.feedback, 'feedback', { required: true, max: MAX_CASE_TEXT })!;
    const feedbackOn = input.date(a.feedbackOn, 'feedbackOn', { required: true, notAfter: ctx.today })!;
    const c = await tx.load(EnforcementCase, { id: input.id(a.id, 'id'), ...caseRowFilter(ctx) }, { what: 'case', expectedVersion: a.expectedVersion });
    if (!c.referredOn) throw badInput('id', 'the case has not been referred to the police');
    if (feedbackOn < c.referredOn) throw badInput('feedbackOn', `must not be before the referral (${c.referredOn})`);
    tx.updating(c, 'Case', () => c.county.code);
    Object.assign(c, { policeFeedback: feedback, policeFeedbackOn: feedbackOn });
    return c;
  });
}

/** closeCase (结案, ECO), with a note. */
export function closeCase(ctx: Context, a: { id: string; closedOn: string; note?: string | null; expectedVersion: number }) {
  return runWrite(ctx, 'closeCase', a, async (tx) => {
    input.id(a.id, 'id');
    const note = input.text(a.note, 'note', { max: MAX_CASE_TEXT });
    const closedOn = input.date(a.closedOn, 'closedOn', { required: true, notAfter: ctx.today })!;
    const c = await openCaseFor(tx, a.id, a.expectedVersion);
    if (closedOn < c.openedOn) throw badInput('closedOn', `must not be before the case was opened (${c.openedOn})`);
    tx.updating(c, 'Case', () => c.county.code);
    Object.assign(c, { closedOn, closingNote: note });
    return c;
  });
}
