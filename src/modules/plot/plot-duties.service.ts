import type { Context } from '../../context';
import { runWrite } from '../../db/write';
import { badInput } from '../../errors';
import { ChangeAction } from '../changes/change-log.entity';
import * as input from '../common/input';
import { Plot } from './plot.entity';
import { PlotStage } from './plot.enums';
import { RealEstateFiling } from './real-estate-filing.entity';
import { PostManagementKind, PostManagementPlan, PostManagementRecord } from './post-management.entity';
import type { DocumentRef } from './stage-event.entity';

/**
 * The writes that meet the plot duties of RULES.md §6 (the duty engine, src/modules/duty/, reads their rows as of
 * a date): the 法67 filing of a key unit's land, the 法35 post-management plan and each monitoring or review.
 */

const INVESTIGATING: PlotStage[] = [PlotStage.SUSPECTED, PlotStage.UNDER_INVESTIGATION];
const countyOf = (p: Plot) => () => p.county.code;

export interface EvidenceArg { documentNo: string; title: string; issuedBy: string; issuedOn: string }

/** recordRealEstateFiling (ECO, NATURAL_RESOURCES: part plot.filing): meets REAL_ESTATE_FILING. */
export function recordRealEstateFiling(ctx: Context, a: { plotId: string; registeredOn: string; ecoFiledOn: string; documentNo: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordRealEstateFiling', a, async (tx) => {
    const registeredOn = input.date(a.registeredOn, 'registeredOn', { required: true, notAfter: ctx.today })!;
    const ecoFiledOn = input.date(a.ecoFiledOn, 'ecoFiledOn', { required: true, notAfter: ctx.today })!;
    const documentNo = input.text(a.documentNo, 'documentNo', { required: true })!;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    if (!plot.keyUnit) throw badInput('plotId', `plot ${plot.plotCode} is not a key unit's land: 法67 filing applies to key units' land`);
    if (INVESTIGATING.includes(plot.stage)) throw badInput('plotId', `plot ${plot.plotCode} is ${plot.stage}: its investigation has not closed`);
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['realEstateFilings']);
    const filing = tx.em.create(RealEstateFiling, {
      plot, registeredOn, ecoFiledOn, documentNo, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as RealEstateFiling);
    tx.created(filing, 'RealEstateFiling', countyOf(plot));
    return plot;
  });
}

function document(e: EvidenceArg | null | undefined): DocumentRef {
  if (!e) throw badInput('document', 'is required');
  // Kept in a JSON document, no sized column: these are its bounds (as a stage move's evidence).
  return {
    documentNo: input.text(e.documentNo, 'document.documentNo', { required: true, max: 100 })!,
    title: input.text(e.title, 'document.title', { required: true, max: 300 })!,
    issuedBy: input.text(e.issuedBy, 'document.issuedBy', { required: true, max: 200 })!,
    issuedOn: input.date(e.issuedOn, 'document.issuedOn', { required: true })!,
  };
}

const intIn = (v: number, field: string, min: number, max: number) => {
  if (!Number.isInteger(v) || v < min || v > max) throw badInput(field, `must be a whole number from ${min} to ${max}`);
  return v;
};

/** recordPostManagementPlan (ECO: part plot.environment): a DELISTED plot's 后期管理 plan; a later plan supersedes. */
export function recordPostManagementPlan(ctx: Context, a: {
  plotId: string; document: EvidenceArg; startsOn: string; monitoringEveryMonths: number; reviewEveryYears: number; endsOn?: string | null; expectedVersion: number;
}) {
  return runWrite(ctx, 'recordPostManagementPlan', a, async (tx) => {
    // Each argument's own form first (so the answer names the argument at fault), then how they fit together.
    input.id(a.plotId, 'plotId');
    const doc = document(a.document);
    const startsOn = input.date(a.startsOn, 'startsOn', { required: true })!;
    if (doc.issuedOn > ctx.today) throw badInput('document.issuedOn', `must not be after ${ctx.today}`);
    const monitoringEveryMonths = intIn(a.monitoringEveryMonths, 'monitoringEveryMonths', 1, 120);
    const reviewEveryYears = intIn(a.reviewEveryYears, 'reviewEveryYears', 1, 50);
    const endsOn = input.date(a.endsOn, 'endsOn');
    if (endsOn !== undefined && endsOn <= startsOn) throw badInput('endsOn', 'must be after startsOn');
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    if (plot.stage !== PlotStage.DELISTED) throw badInput('plotId', `plot ${plot.plotCode} is ${plot.stage}: a post-management plan is for a DELISTED plot`);
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['postManagementPlan']);
    const plan = tx.em.create(PostManagementPlan, {
      plot, document: doc, startsOn, monitoringEveryMonths, reviewEveryYears, endsOn, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as PostManagementPlan);
    tx.created(plan, 'PostManagementPlan', countyOf(plot));
    return plot;
  });
}

/** recordPostManagement (ECO: part plot.environment): a monitoring or review done under the plot's plan. */
export function recordPostManagement(ctx: Context, a: { plotId: string; kind: PostManagementKind; doneOn: string; findings?: string | null }) {
  return runWrite(ctx, 'recordPostManagement', a, async (tx) => {
    if (!Object.values(PostManagementKind).includes(a.kind)) throw badInput('kind', 'must be MONITORING or REVIEW');
    const doneOn = input.date(a.doneOn, 'doneOn', { required: true, notAfter: ctx.today })!;
    const findings = input.text(a.findings, 'findings');
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId' });
    const plans = await tx.em.find(PostManagementPlan, { plot }, { orderBy: { startsOn: 'asc', id: 'asc' } });
    if (!plans.length) throw badInput('plotId', `plot ${plot.plotCode} has no post-management plan recorded`);
    if (doneOn < plans[0].startsOn) throw badInput('doneOn', `must not be before the post-management plan starts (${plans[0].startsOn})`);
    const record = tx.em.create(PostManagementRecord, {
      plot, kind: a.kind, doneOn, findings, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
    } as PostManagementRecord);
    tx.created(record, 'PostManagementRecord', countyOf(plot));
    return plot;
  });
}
