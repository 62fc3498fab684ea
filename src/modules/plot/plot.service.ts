import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../context';
import { runWrite, WriteTx } from '../../db/write';
import { badInput } from '../../errors';
import { boundaryAreaM2, boundaryCentroid, boundaryProblem, pointProblem } from '../../validation/geo';
import { ChangeAction } from '../changes/change-log.entity';
import { Division } from '../division/division.entity';
import { LandUse } from '../division/landuse.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import * as input from '../common/input';
import { Plot } from './plot.entity';
import { StageEvent, DocumentRef } from './stage-event.entity';
import { LandEvent, LandEventKind } from './land-event.entity';
import { STAGE_ZH, CLEARED, ConstructionPurpose, LandAction, LandStatus, PlotSource, PlotStage } from './plot.enums';
import { assertTransition } from './lifecycle';
import { gates } from './gates';
import { factsOf, gateFacts, stageAt } from './plot.facts';
import { VacatedSite, VacatedSiteStatus } from '../vacated/vacated-site.entity';
import { Violation, ViolationKind } from '../violation/violation.entity';

export interface PlotInput {
  name: string; countyCode: string; source: PlotSource; address?: string | null; areaM2?: number | null;
  centroid?: { lon: number; lat: number } | null; boundary?: unknown; industry?: string | null; formerEnterprise?: string | null;
  formerCreditCode?: string | null; keyUnitId?: string | null; currentUseCode?: string | null; identifiedOn?: string | null;
}
export interface EvidenceInput { documentNo: string; title: string; issuedBy: string; issuedOn: string }

const countyOf = (p: Plot) => () => p.county.code;

/** Validates a PlotInput at the edge; `prefix` names fields as the client sent them ("input."). */
export async function validatePlotInput(ctx: Context, em: EntityManager, raw: PlotInput, prefix = 'input.') {
  const f = (n: string) => prefix + n;
  let centroid = raw.centroid ?? undefined;
  if (centroid) {
    const p = pointProblem(centroid.lon, centroid.lat);
    if (p) throw badInput(f('centroid'), p);
  }
  if (raw.boundary != null) {
    const p = boundaryProblem(raw.boundary);
    if (p) throw badInput(f('boundary'), p);
    centroid ??= boundaryCentroid(raw.boundary);
  }
  if (raw.areaM2 != null && (!Number.isFinite(raw.areaM2) || raw.areaM2 < 0 || raw.areaM2 > 1e9)) throw badInput(f('areaM2'), 'must be a non-negative area in m²');
  let keyUnit: KeyUnit | undefined;
  if (raw.keyUnitId != null) {
    keyUnit = (await em.findOne(KeyUnit, { id: input.id(raw.keyUnitId, f('keyUnitId')) })) ?? undefined;
    if (!keyUnit) throw badInput(f('keyUnitId'), 'no such key unit in your scope');
  }
  return {
    name: input.text(raw.name, f('name'), { required: true })!,
    countyCode: input.countyForWrite(ctx, raw.countyCode, f('countyCode')),
    source: raw.source,
    address: input.text(raw.address, f('address')),
    areaM2: raw.areaM2 ?? (raw.boundary != null ? Math.round(boundaryAreaM2(raw.boundary) * 100) / 100 : undefined),
    centroid,
    boundary: raw.boundary ?? undefined,
    // A key unit's land carries the unit's industry unless told otherwise (gate 3 and the reports read the plot's).
    industry: input.text(raw.industry, f('industry')) ?? keyUnit?.industry,
    formerEnterprise: input.text(raw.formerEnterprise, f('formerEnterprise')),
    formerCreditCode: raw.formerCreditCode ? input.creditCode(raw.formerCreditCode, f('formerCreditCode')) : undefined,
    keyUnit,
    currentUseCode: input.landUseCode(ctx, raw.currentUseCode, f('currentUseCode')),
    identifiedOn: input.date(raw.identifiedOn, f('identifiedOn'), { notAfter: ctx.today }) ?? ctx.today,
  };
}

/**
 * Creates a plot at SUSPECTED with its first stage event dated `identifiedOn`, inside `tx`.
 * Shared by registerPlot, reportDiscoveredContamination and endPermit's consequence.
 */
export async function createPlot(tx: WriteTx, data: Awaited<ReturnType<typeof validatePlotInput>>): Promise<Plot> {
  const em = tx.em;
  // The id is drawn first so that the plot code can carry it: codes are unique without a counter table.
  const [{ id }] = await em.execute<{ id: number }[]>(`select nextval('plot_id_seq')::int as id`);
  const plot = em.create(Plot, {
    id,
    plotCode: `${data.countyCode}-${data.identifiedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`,
    name: data.name,
    county: em.getReference(Division, data.countyCode),
    address: data.address,
    areaM2: data.areaM2,
    centroidLon: data.centroid?.lon,
    centroidLat: data.centroid?.lat,
    boundary: data.boundary,
    industry: data.industry,
    formerEnterprise: data.formerEnterprise,
    formerCreditCode: data.formerCreditCode,
    keyUnit: data.keyUnit,
    source: data.source,
    stage: PlotStage.SUSPECTED,
    currentUse: data.currentUseCode ? em.getReference(LandUse, data.currentUseCode) : undefined,
    landStatus: LandStatus.NONE,
  } as Plot);
  em.create(StageEvent, {
    plot, from: undefined, to: PlotStage.SUSPECTED, effectiveOn: data.identifiedOn,
    agency: tx.ctx.principal.agency, clientId: tx.ctx.principal.clientId ?? undefined,
  } as StageEvent);
  tx.created(plot, 'Plot', countyOf(plot));
  return plot;
}

/** registerPlot (ECO, NATURAL_RESOURCES). */
export function registerPlot(ctx: Context, raw: PlotInput) {
  return runWrite(ctx, 'registerPlot', { input: raw }, async (tx) => createPlot(tx, await validatePlotInput(ctx, tx.em, raw)));
}

/** reportDiscoveredContamination (any agency): a SUSPECTED plot with source DISCOVERED; ECO sees it in the feed. */
export function reportDiscoveredContamination(ctx: Context, raw: PlotInput, note: string) {
  return runWrite(ctx, 'reportDiscoveredContamination', { input: raw, note }, async (tx) => {
    // Kept only in the audit trail (jsonb): this is the only bound on its size.
    const n = input.text(note, 'note', { required: true, max: 4000 });
    const data = await validatePlotInput(ctx, tx.em, raw);
    const plot = await createPlot(tx, { ...data, source: PlotSource.DISCOVERED });
    // What was seen on site is kept with the plot's audit record (the contract has no field for it).
    tx.annotate(plot, { note: n });
    return plot;
  });
}

/** The vacated site follows its plot: under investigation while past SUSPECTED and not cleared, released once cleared. */
export function siteStatusFor(stage: PlotStage): VacatedSiteStatus {
  if (CLEARED.includes(stage)) return VacatedSiteStatus.RELEASED;
  if (stage === PlotStage.SUSPECTED) return VacatedSiteStatus.VACATED;
  return VacatedSiteStatus.UNDER_INVESTIGATION;
}

/** advancePlotStage (ECO): one move of the lifecycle table, with its consequences. */
export function advancePlotStage(ctx: Context, a: { plotId: string; to: PlotStage; effectiveOn: string; evidence?: EvidenceInput | null; expectedVersion: number }) {
  return runWrite(ctx, 'advancePlotStage', a, async (tx) => {
    const em = tx.em;
    const effectiveOn = input.date(a.effectiveOn, 'effectiveOn', { required: true, notAfter: ctx.today })!;
    const evidence = a.evidence ? validateEvidence(a.evidence, effectiveOn) : undefined;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    assertTransition(plot.stage, a.to, !!evidence);
    const [last] = await em.execute<{ effective_on: string }[]>(`select max(effective_on)::text as effective_on from stage_event where plot_id = ?`, [plot.id]);
    if (last?.effective_on && effectiveOn < last.effective_on) throw badInput('effectiveOn', `must not be before the plot's last event (${last.effective_on})`);

    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.STAGE_CHANGED, ['stage', 'stageHistory']);
    em.create(StageEvent, {
      plot, from: plot.stage, to: a.to, effectiveOn, agency: ctx.principal.agency,
      clientId: ctx.principal.clientId ?? undefined, evidence,
    } as StageEvent);
    plot.stage = a.to;

    for (const site of await em.find(VacatedSite, { plot })) {
      const status = siteStatusFor(a.to);
      if (site.status !== status) {
        tx.updating(site, 'VacatedSite', () => site.county.code);
        site.status = status;
      }
    }
    // A plot supplied for 一住两公 that turns out to need listing: flagged (BRIEF.md "Facts … flags").
    if (a.to === PlotStage.LISTED && plot.landStatus === LandStatus.SUPPLIED && plot.plannedUse && ctx.cache.landUses.get(plot.plannedUse.code)?.sensitive) {
      openViolation(tx, plot, ViolationKind.SENSITIVE_USE_OF_LISTED_PLOT, effectiveOn, '已供应为"一住两公"用地后列入名录');
    }
    return plot;
  });
}

function validateEvidence(e: EvidenceInput, effectiveOn: string): DocumentRef {
  // Kept in a JSON document on the stage event, no sized column: these are the only bounds.
  return {
    documentNo: input.text(e.documentNo, 'evidence.documentNo', { required: true, max: 100 })!,
    title: input.text(e.title, 'evidence.title', { required: true, max: 300 })!,
    issuedBy: input.text(e.issuedBy, 'evidence.issuedBy', { required: true, max: 200 })!,
    issuedOn: input.date(e.issuedOn, 'evidence.issuedOn', { required: true, notAfter: effectiveOn })!,
  };
}

export function openViolation(tx: WriteTx, plot: Plot, kind: ViolationKind, detectedOn: string, note?: string): Violation {
  const v = tx.em.create(Violation, { plot, county: plot.county, kind, detectedOn, note } as Violation);
  tx.created(v, 'Violation', () => plot.county.code);
  return v;
}

/** planLandUse (NATURAL_RESOURCES): gates 1 and 3; a 一住两公 plan of an uncleared plot is pushed to ECO. */
export function planLandUse(ctx: Context, a: { plotId: string; plannedUseCode: string; decidedOn: string; supplyPlanYear?: number | null; expectedVersion: number }) {
  return runWrite(ctx, 'planLandUse', a, async (tx) => {
    const em = tx.em;
    const code = input.landUseCode(ctx, a.plannedUseCode, 'plannedUseCode')!;
    const decidedOn = input.date(a.decidedOn, 'decidedOn', { required: true, notAfter: ctx.today })!;
    const supplyPlanYear = input.year(a.supplyPlanYear, 'supplyPlanYear');
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const refusal = gates.planLandUse(await gateFacts(em, ctx.cache, plot), code);
    if (refusal) throw refusal;
    // The fields written, named even when a value stays the same: a decision taken again is still in the feed and audit trail.
    const statusWritten = supplyPlanYear !== undefined && (plot.landStatus === LandStatus.NONE || plot.landStatus === LandStatus.RESERVED);
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['plannedUse', ...(supplyPlanYear !== undefined ? ['supplyPlanYear'] : []), ...(statusWritten ? ['landStatus'] : [])]);
    plot.plannedUse = em.getReference(LandUse, code);
    if (supplyPlanYear !== undefined) {
      plot.supplyPlanYear = supplyPlanYear;
      if (plot.landStatus === LandStatus.NONE || plot.landStatus === LandStatus.RESERVED) plot.landStatus = LandStatus.IN_SUPPLY_PLAN;
    }
    em.create(LandEvent, { plot, kind: LandEventKind.PLAN_USE, decidedOn, plannedUse: plot.plannedUse, supplyPlanYear: plot.supplyPlanYear, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    return plot;
  });
}

const LAND_STATUS_AFTER: Record<LandAction, LandStatus> = {
  [LandAction.RESERVE]: LandStatus.RESERVED,
  [LandAction.ACQUIRE]: LandStatus.RESERVED, // 收购 brings the land into the government's reserve
  [LandAction.SUPPLY]: LandStatus.SUPPLIED,
  [LandAction.RECOVER]: LandStatus.RECOVERED,
  [LandAction.TRANSFER]: LandStatus.SUPPLIED, // the land-use right passes to another holder: still in a user's hands
};

/** recordLandAction (NATURAL_RESOURCES): gates 1 and 2. */
export function recordLandAction(ctx: Context, a: { plotId: string; action: LandAction; decidedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'recordLandAction', a, async (tx) => {
    const em = tx.em;
    const decidedOn = input.date(a.decidedOn, 'decidedOn', { required: true, notAfter: ctx.today })!;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const facts = await gateFacts(em, ctx.cache, plot);
    const refusal = gates.landAction(facts, a.action);
    if (refusal) throw refusal;
    // A supply dated back to when the investigation was still open (data brought in by import) is accepted, and flagged.
    const stageThen = (await stageAt(em, plot.id, decidedOn)) ?? plot.stage;
    if (a.action === LandAction.SUPPLY && gates.landAction(factsOf(ctx.cache, plot, facts.everListed, stageThen), a.action)) {
      openViolation(tx, plot, ViolationKind.SUPPLY_WITHOUT_INVESTIGATION, decidedOn, `${decidedOn}供地时地块处于"${STAGE_ZH[stageThen]}"阶段`);
    }
    // Named even when the status stays (ACQUIRE of reserved land): the act is still in the feed and audit trail.
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['landStatus']);
    plot.landStatus = LAND_STATUS_AFTER[a.action];
    em.create(LandEvent, { plot, kind: a.action as unknown as LandEventKind, decidedOn, plannedUse: plot.plannedUse, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    return plot;
  });
}

/** issueConstructionPermit (HOUSING, APPROVALS): gate 4. */
export function issueConstructionPermit(ctx: Context, a: { plotId: string; permitNo: string; issuedOn: string; purpose: ConstructionPurpose; expectedVersion: number }) {
  return runWrite(ctx, 'issueConstructionPermit', a, async (tx) => {
    const em = tx.em;
    const permitNo = input.text(a.permitNo, 'permitNo', { required: true })!;
    const issuedOn = input.date(a.issuedOn, 'issuedOn', { required: true, notAfter: ctx.today })!;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const facts = await gateFacts(em, ctx.cache, plot);
    // The gate holds now and on the permit's date: a permit cannot be dated back to before the clearance.
    const refusal = gates.construction(facts, a.purpose) ?? gates.construction(factsOf(ctx.cache, plot, facts.everListed, (await stageAt(em, plot.id, issuedOn)) ?? plot.stage), a.purpose);
    if (refusal) throw refusal;
    tx.updating(plot, 'Plot', countyOf(plot));
    plot.constructionPermitNo = permitNo;
    plot.constructionPermitIssuedOn = issuedOn;
    em.create(LandEvent, { plot, kind: LandEventKind.CONSTRUCTION_PERMIT, decidedOn: issuedOn, detail: `${a.purpose} ${permitNo}`, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    return plot;
  });
}

/**
 * reportConstructionStarted (a fact seen on site, always recorded). If a REGULAR construction permit would
 * have been refused at `startedOn` (stage as of that date, from history), a violation opens.
 */
export function reportConstructionStarted(ctx: Context, a: { plotId: string; startedOn: string; expectedVersion: number }) {
  return runWrite(ctx, 'reportConstructionStarted', a, async (tx) => {
    const em = tx.em;
    const startedOn = input.date(a.startedOn, 'startedOn', { required: true, notAfter: ctx.today })!;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const now = await gateFacts(em, ctx.cache, plot);
    const stage = (await stageAt(em, plot.id, startedOn)) ?? plot.stage;
    tx.updating(plot, 'Plot', countyOf(plot));
    plot.constructionStartedOn = startedOn;
    em.create(LandEvent, { plot, kind: LandEventKind.CONSTRUCTION_STARTED, decidedOn: startedOn, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    if (gates.construction(factsOf(ctx.cache, plot, now.everListed, stage), 'REGULAR')) {
      openViolation(tx, plot, ViolationKind.CONSTRUCTION_BEFORE_CLEARANCE, startedOn, `开工时地块处于"${STAGE_ZH[stage]}"阶段`);
    }
    return plot;
  });
}

