import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { Inspection } from '../inspection/inspection.entity';
import { Plot } from '../plot/plot.entity';
import { assertLeadTransition } from './lead-lifecycle';
import { Lead, LeadSource, LeadState } from './lead.entity';

export const MAX_DESCRIPTION = 4000;

/**
 * recordLead (ECO): a lead from a public report (举报), an inspection or another body's referral; remote-sensing
 * leads come from importRemoteSensing. Its county is its plot's (or its inspection's) when it names one, and
 * `countyCode` otherwise; a plot, inspection or county outside the token's scope is NOT_FOUND / FORBIDDEN.
 */
export function recordLead(ctx: Context, a: { source: LeadSource; receivedOn: string; description: string; plotId?: string | null; inspectionId?: string | null; countyCode?: string | null }) {
  return runWrite(ctx, 'recordLead', a, async (tx) => {
    // Each argument's own form first (texts and ids), then the values and how they fit together.
    const description = input.text(a.description, 'input.description', { required: true, max: MAX_DESCRIPTION })!;
    if (a.plotId != null) input.id(a.plotId, 'input.plotId');
    if (a.inspectionId != null) input.id(a.inspectionId, 'input.inspectionId');
    const receivedOn = input.date(a.receivedOn, 'input.receivedOn', { required: true, notAfter: ctx.today })!;
    if (!Object.values(LeadSource).includes(a.source)) throw badInput('input.source', 'unknown source');
    if (a.source === LeadSource.REMOTE_SENSING) throw badInput('input.source', 'remote-sensing leads come from importRemoteSensing (a batch of change polygons)');
    if (a.source === LeadSource.INSPECTION && a.inspectionId == null) throw badInput('input.inspectionId', 'is required for a lead from an inspection');
    const inspection = a.inspectionId != null ? await tx.load(Inspection, a.inspectionId, { what: 'inspection', field: 'input.inspectionId' }) : undefined;
    const plotId = a.plotId ?? inspection?.plot?.id;
    const plot = plotId != null ? await tx.load(Plot, plotId, { what: 'plot', field: a.plotId != null ? 'input.plotId' : 'input.inspectionId' }) : undefined;
    if (plot && inspection?.plot && inspection.plot.id !== plot.id) throw badInput('input.plotId', 'is not the plot of the inspection');
    const county = plot?.county.code ?? inspection?.county.code;
    if (a.countyCode != null) {
      const code = input.countyForWrite(ctx, a.countyCode, 'input.countyCode');
      if (county && code !== county) throw badInput('input.countyCode', `the lead's plot or inspection is in ${county}`);
    } else if (!county) throw badInput('input.countyCode', 'is required for a lead that names neither a plot nor an inspection');
    const countyCode = county ?? a.countyCode!.trim();
    const lead = tx.em.create(Lead, {
      county: countyCode, source: a.source, receivedOn, description, plot, inspection,
      agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as never) as Lead;
    tx.created(lead, 'Lead', () => countyCode);
    return lead;
  });
}

/**
 * advanceLead (ECO): NEW → VERIFYING (核查 begins), VERIFYING → DISMISSED (with the reason). CASE is reached by
 * openCase, which opens the case in the same transaction. Anything else is ILLEGAL_TRANSITION (lead-lifecycle.ts).
 */
export function advanceLead(ctx: Context, a: { id: string; to: LeadState; on: string; reason?: string | null; expectedVersion: number }) {
  return runWrite(ctx, 'advanceLead', a, async (tx) => {
    input.id(a.id, 'id');
    const reason = input.text(a.reason, 'reason', { max: MAX_DESCRIPTION });
    const on = input.date(a.on, 'on', { required: true, notAfter: ctx.today })!;
    if (!Object.values(LeadState).includes(a.to)) throw badInput('to', 'unknown state');
    const lead = await tx.load(Lead, a.id, { what: 'lead', expectedVersion: a.expectedVersion });
    assertLeadTransition(lead.state, a.to);
    if (a.to === LeadState.CASE) throw badInput('to', 'a lead becomes a case by openCase(leadId), which opens the case with it');
    if (on < lead.receivedOn) throw badInput('on', `must not be before the lead was received (${lead.receivedOn})`);
    if (a.to === LeadState.DISMISSED && !reason) throw badInput('reason', 'is required to dismiss a lead');
    tx.updating(lead, 'Lead', () => lead.county.code);
    moveLead(lead, a.to, on, reason);
    return lead;
  });
}

/** The move itself, checked by the caller: its dates follow the state. */
export function moveLead(lead: Lead, to: LeadState, on: string, reason?: string) {
  lead.state = to;
  if (to === LeadState.VERIFYING) lead.verifyingOn = on;
  else {
    lead.closedOn = on;
    if (to === LeadState.DISMISSED) lead.dismissalReason = reason;
  }
}
