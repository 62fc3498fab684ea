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
import { STAGE_ZH, CLEARED, ConstructionPurpose, LandAction, LandStatus, PlotSource, PlotStage, SupplyMethod } from './plot.enums';
import { assertTransition } from './lifecycle';
import { anySensitive, clearedFor, gates, neededClass } from './gates';
import { factsOf, gateFacts, historyFacts, stageAt } from './plot.facts';
import { InvestigationTrigger, TriggerKind } from './trigger.entity';
import { LandClass } from '../division/land-class';
import { VacatedSite, VacatedSiteStatus } from '../vacated/vacated-site.entity';
import { Violation, ViolationKind } from '../violation/violation.entity';

export interface PlotInput {
  name: string; countyCode: string; source: PlotSource; address?: string | null; areaM2?: number | null;
  centroid?: { lon: number; lat: number } | null; boundary?: unknown; industry?: string | null; formerEnterprise?: string | null;
  formerCreditCode?: string | null; keyUnitId?: string | null; currentUseCode?: string | null; identifiedOn?: string | null;
}
export interface EvidenceInput { documentNo: string; title: string; issuedBy: string; issuedOn: string; landClass?: LandClass | null }

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

/** The trigger a registration source gives (RULES.md §1; the migration gave existing plots the same). */
const TRIGGER_OF_SOURCE: Record<PlotSource, TriggerKind> = {
  [PlotSource.KEY_INDUSTRY_SURVEY]: TriggerKind.SURVEY,
  [PlotSource.LAND_USE_CHANGE]: TriggerKind.USE_CHANGE,
  [PlotSource.VACATED_SITE]: TriggerKind.VACATED_SITE,
  [PlotSource.KEY_UNIT_LAND]: TriggerKind.KEY_UNIT_LAND,
  [PlotSource.DISCOVERED]: TriggerKind.DISCOVERED,
  // Registered as suspected for another reason: a monitoring or site-inspection result (法59 ¶1).
  [PlotSource.OTHER]: TriggerKind.MONITORING,
};

/** Records a reason to investigate, dated `aroseOn`, in the write's transaction (a child row of the plot). */
export function addTrigger(tx: WriteTx, plot: Plot, kind: TriggerKind, aroseOn: string, detail: string): InvestigationTrigger {
  return tx.em.create(InvestigationTrigger, {
    plot, kind, aroseOn, detail: detail.slice(0, 255), agency: tx.ctx.principal.agency, clientId: tx.ctx.principal.clientId ?? undefined,
  } as InvestigationTrigger);
}

/**
 * Creates a plot at SUSPECTED with its first stage event dated `identifiedOn` and the trigger its source
 * gives, inside `tx`. Shared by registerPlot, reportDiscoveredContamination and endPermit's consequence.
 */
export async function createPlot(tx: WriteTx, data: Awaited<ReturnType<typeof validatePlotInput>>, triggerDetail?: string): Promise<Plot> {
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
  addTrigger(tx, plot, TRIGGER_OF_SOURCE[data.source], data.identifiedOn, triggerDetail ?? `registered, source ${data.source}`);
  tx.created(plot, 'Plot', countyOf(plot), ['investigationTriggers']);
  return plot;
}

/** registerPlot (ECO, NATURAL_RESOURCES). */
export function registerPlot(ctx: Context, raw: PlotInput) {
  return runWrite(ctx, 'registerPlot', { input: raw }, async (tx) => createPlot(tx, await validatePlotInput(ctx, tx.em, raw)));
}

/**
 * reportDiscoveredContamination (any agency; 法59 ¶1, Jinzhong plan 7): contamination found during
 * development. On new land: a SUSPECTED plot with source DISCOVERED. On an existing plot (`plotId`): the
 * DISCOVERED trigger is added to it (no new plot); a cleared plot then requires investigation again and is
 * flagged for ECO to reopen (the change feed names it; ECO moves it back to UNDER_INVESTIGATION with evidence).
 */
export function reportDiscoveredContamination(ctx: Context, a: { input?: PlotInput | null; note: string; plotId?: string | null; discoveredOn?: string | null; expectedVersion?: number | null }) {
  return runWrite(ctx, 'reportDiscoveredContamination', a, async (tx) => {
    const n = input.text(a.note, 'note', { required: true, max: 4000 })!;
    // Each argument's own form first (so the answer names the argument at fault), then whether they fit together.
    if (a.plotId != null) input.id(a.plotId, 'plotId');
    const data = a.input ? await validatePlotInput(ctx, tx.em, a.input) : undefined;
    if ((a.plotId == null) === (a.input == null)) throw badInput(a.plotId == null ? 'input' : 'plotId', 'give either the new plot (input) or an existing plot (plotId), not both');
    if (data) {
      const plot = await createPlot(tx, { ...data, source: PlotSource.DISCOVERED }, `reportDiscoveredContamination: ${n}`);
      // What was seen on site is kept with the plot's audit record (the contract has no field for it).
      tx.annotate(plot, { note: n });
      return plot;
    }
    const on = input.date(a.discoveredOn, 'discoveredOn', { notAfter: ctx.today }) ?? ctx.today;
    const plot = await tx.load(Plot, a.plotId!, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['investigationTriggers', ...(CLEARED.includes(plot.stage) ? ['investigationRequired'] : [])]);
    addTrigger(tx, plot, TriggerKind.DISCOVERED, on, `reportDiscoveredContamination: ${n}`);
    tx.annotate(plot, { note: n, discoveredOn: on, ...(CLEARED.includes(plot.stage) ? { reopen: `cleared plot (${plot.stage}): ECO to reopen its investigation` } : {}) });
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
    // A clearance says which values it was judged against (RULES.md §2); absent means second class.
    if (a.evidence?.landClass && !CLEARED.includes(a.to)) throw badInput('evidence.landClass', `is given only with a move into ${CLEARED.join(', ')}`);
    const landClass = CLEARED.includes(a.to) ? a.evidence?.landClass ?? LandClass.SECOND : undefined;

    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.STAGE_CHANGED, ['stage', 'stageHistory']);
    em.create(StageEvent, {
      plot, from: plot.stage, to: a.to, effectiveOn, agency: ctx.principal.agency,
      clientId: ctx.principal.clientId ?? undefined, evidence, landClass,
    } as StageEvent);
    plot.stage = a.to;

    for (const site of await em.find(VacatedSite, { plot })) {
      const status = siteStatusFor(a.to);
      if (site.status !== status) {
        tx.updating(site, 'VacatedSite', () => site.county.code);
        site.status = status;
      }
    }
    // A plot supplied for 一住两公 that turns out to need listing: flagged (RULES.md §5).
    if (a.to === PlotStage.LISTED && plot.landStatus === LandStatus.SUPPLIED) {
      const facts = await gateFacts(em, ctx.cache, plot);
      if (anySensitive(ctx.cache, facts.targetUses)) {
        openViolation(tx, plot, ViolationKind.SENSITIVE_USE_OF_LISTED_PLOT, effectiveOn, '已供应为"一住两公"用地后列入名录');
      }
    }
    return plot;
  });
}

function validateEvidence(e: EvidenceInput, effectiveOn: string): DocumentRef {
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

/**
 * planLandUse (NATURAL_RESOURCES): gates 1, 3 and 5. A 一住两公 plan of land in another use raises USE_CHANGE
 * (ECO sees it in the feed); planning it for land already supplied and not cleared for it is flagged
 * SUPPLY_WITHOUT_INVESTIGATION (RULES.md §3: the path the first edition missed).
 */
export function planLandUse(ctx: Context, a: { plotId: string; plannedUseCode: string; decidedOn: string; supplyPlanYear?: number | null; expectedVersion: number }) {
  return runWrite(ctx, 'planLandUse', a, async (tx) => {
    const em = tx.em;
    const code = input.landUseCode(ctx, a.plannedUseCode, 'plannedUseCode')!;
    const decidedOn = input.date(a.decidedOn, 'decidedOn', { required: true, notAfter: ctx.today })!;
    const supplyPlanYear = input.year(a.supplyPlanYear, 'supplyPlanYear');
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const facts = await gateFacts(em, ctx.cache, plot);
    const refusal = gates.planLandUse(ctx.cache, facts, code);
    if (refusal) throw refusal;
    // The fields written, named even when a value stays the same: a decision taken again is still in the feed and audit trail.
    const statusWritten = supplyPlanYear !== undefined && (plot.landStatus === LandStatus.NONE || plot.landStatus === LandStatus.RESERVED);
    const sensitive = anySensitive(ctx.cache, [code]);
    const useChange = sensitive && !facts.currentUseSensitive;
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['plannedUse', ...(supplyPlanYear !== undefined ? ['supplyPlanYear'] : []), ...(statusWritten ? ['landStatus'] : []), ...(useChange || facts.keyUnitLand ? ['investigationTriggers'] : [])]);
    plot.plannedUse = em.getReference(LandUse, code);
    if (supplyPlanYear !== undefined) {
      plot.supplyPlanYear = supplyPlanYear;
      if (plot.landStatus === LandStatus.NONE || plot.landStatus === LandStatus.RESERVED) plot.landStatus = LandStatus.IN_SUPPLY_PLAN;
    }
    em.create(LandEvent, { plot, kind: LandEventKind.PLAN_USE, decidedOn, plannedUse: plot.plannedUse, supplyPlanYear: plot.supplyPlanYear, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    if (useChange) addTrigger(tx, plot, TriggerKind.USE_CHANGE, decidedOn, `planLandUse ${code}`);
    if (facts.keyUnitLand) addTrigger(tx, plot, TriggerKind.KEY_UNIT_LAND, decidedOn, `planLandUse ${code} of a key unit's land`);
    if (useChange && plot.landStatus === LandStatus.SUPPLIED && !clearedFor(facts, neededClass(ctx.cache, [code]))) {
      openViolation(tx, plot, ViolationKind.SUPPLY_WITHOUT_INVESTIGATION, decidedOn, `已供应地块${decidedOn}规划为"一住两公"用地（${code}），未完成调查`);
    }
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

export interface LandActionArgs {
  plotId: string; action: LandAction; decidedOn: string; expectedVersion: number;
  suppliedUseCodes?: string[] | null; supplyMethod?: SupplyMethod | null; decisionNo?: string | null;
}

/** recordLandAction (NATURAL_RESOURCES): gates 1, 2 and 5; a SUPPLY records what was supplied (RULES.md §3). */
export function recordLandAction(ctx: Context, a: LandActionArgs) {
  return runWrite(ctx, 'recordLandAction', a, async (tx) => {
    const em = tx.em;
    // Each argument's own form first (so the answer names the argument at fault), then how they fit together.
    input.id(a.plotId, 'plotId');
    const decidedOn = input.date(a.decidedOn, 'decidedOn', { required: true, notAfter: ctx.today })!;
    const codes = [...new Set((a.suppliedUseCodes ?? []).map((c, i) => input.landUseCode(ctx, c, `suppliedUseCodes[${i}]`)!))];
    const decisionNo = input.text(a.decisionNo, 'decisionNo');
    if (a.action !== LandAction.SUPPLY && (codes.length || a.supplyMethod)) throw badInput(a.supplyMethod ? 'supplyMethod' : 'suppliedUseCodes', 'is given only with SUPPLY');
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    // Without supplied codes the planned use was supplied; with neither, nothing says what the land is for.
    const supplied = a.action === LandAction.SUPPLY ? (codes.length ? codes : plot.plannedUse ? [plot.plannedUse.code] : null) : [];
    const hist = (await historyFacts(em, [plot.id])).get(plot.id)!;
    const facts = factsOf(ctx.cache, plot, hist);
    const refusal = gates.landAction(ctx.cache, facts, a.action, supplied ?? []);
    if (refusal) throw refusal;
    if (supplied === null) throw badInput('suppliedUseCodes', 'a supply must say the use it supplies: give suppliedUseCodes, or plan the use first');
    // A supply dated back to when the investigation was still open (data brought in by import) is accepted, and flagged.
    const stageThen = (await stageAt(em, plot.id, decidedOn)) ?? plot.stage;
    if (a.action === LandAction.SUPPLY && stageThen !== plot.stage) {
      if (gates.landAction(ctx.cache, factsOf(ctx.cache, plot, hist, stageThen), a.action, supplied)) {
        openViolation(tx, plot, ViolationKind.SUPPLY_WITHOUT_INVESTIGATION, decidedOn, `${decidedOn}供地时地块处于"${STAGE_ZH[stageThen]}"阶段`);
      }
    }
    const useChange = a.action === LandAction.SUPPLY && anySensitive(ctx.cache, supplied) && !facts.currentUseSensitive;
    const keyUnitAct = facts.keyUnitLand && [LandAction.RESERVE, LandAction.ACQUIRE, LandAction.RECOVER, LandAction.TRANSFER].includes(a.action);
    // Named even when the status stays (ACQUIRE of reserved land): the act is still in the feed and audit trail.
    tx.updating(plot, 'Plot', countyOf(plot), ChangeAction.UPDATED, ['landStatus', ...(a.action === LandAction.SUPPLY ? ['supply'] : []), ...(useChange || keyUnitAct ? ['investigationTriggers'] : [])]);
    plot.landStatus = LAND_STATUS_AFTER[a.action];
    em.create(LandEvent, {
      plot, kind: a.action as unknown as LandEventKind, decidedOn, plannedUse: plot.plannedUse, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined,
      suppliedUseCodes: a.action === LandAction.SUPPLY ? supplied : undefined, supplyMethod: a.supplyMethod ?? undefined, decisionNo,
    } as LandEvent);
    if (useChange) addTrigger(tx, plot, TriggerKind.USE_CHANGE, decidedOn, `SUPPLY ${supplied.join(',')}`);
    // 法67: the government taking a key unit's land (reserve, acquisition, recovery) or its transfer.
    if (keyUnitAct) addTrigger(tx, plot, TriggerKind.KEY_UNIT_LAND, decidedOn, `${a.action} of a key unit's land`);
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
    const hist = (await historyFacts(em, [plot.id])).get(plot.id)!;
    const facts = factsOf(ctx.cache, plot, hist);
    // The gate holds now and on the permit's date: a permit cannot be dated back to before the clearance.
    const refusal = gates.construction(ctx.cache, facts, a.purpose) ?? gates.construction(ctx.cache, factsOf(ctx.cache, plot, hist, (await stageAt(em, plot.id, issuedOn)) ?? plot.stage), a.purpose);
    if (refusal) throw refusal;
    tx.updating(plot, 'Plot', countyOf(plot));
    plot.constructionPermitNo = permitNo;
    plot.constructionPermitIssuedOn = issuedOn;
    em.create(LandEvent, { plot, kind: LandEventKind.CONSTRUCTION_PERMIT, decidedOn: issuedOn, detail: `${a.purpose} ${permitNo}`, purpose: a.purpose, decisionNo: permitNo.slice(0, 100), agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    return plot;
  });
}

/**
 * reportConstructionStarted (a fact seen on site, always recorded; RULES.md §5). The works' purpose is the
 * one stated, else that of the plot's construction permit, else regular works. Risk-control or remediation
 * works are what the law asks for, on a directory plot too. Regular works where a REGULAR construction permit
 * would have been refused at `startedOn` (stage as of that date, from history) open a violation.
 */
export function reportConstructionStarted(ctx: Context, a: { plotId: string; startedOn: string; expectedVersion: number; purpose?: ConstructionPurpose | null }) {
  return runWrite(ctx, 'reportConstructionStarted', a, async (tx) => {
    const em = tx.em;
    const startedOn = input.date(a.startedOn, 'startedOn', { required: true, notAfter: ctx.today })!;
    const plot = await tx.load(Plot, a.plotId, { what: 'plot', field: 'plotId', expectedVersion: a.expectedVersion });
    const hist = (await historyFacts(em, [plot.id])).get(plot.id)!;
    const purpose = a.purpose ?? hist.permitPurpose ?? ConstructionPurpose.REGULAR;
    const stage = (await stageAt(em, plot.id, startedOn)) ?? plot.stage;
    tx.updating(plot, 'Plot', countyOf(plot));
    plot.constructionStartedOn = startedOn;
    em.create(LandEvent, { plot, kind: LandEventKind.CONSTRUCTION_STARTED, decidedOn: startedOn, purpose, agency: ctx.principal.agency, clientId: ctx.principal.clientId ?? undefined } as LandEvent);
    if (gates.construction(ctx.cache, factsOf(ctx.cache, plot, hist, stage), purpose)) {
      openViolation(tx, plot, ViolationKind.CONSTRUCTION_BEFORE_CLEARANCE, startedOn, `开工时地块处于"${STAGE_ZH[stage]}"阶段`);
    }
    return plot;
  });
}
