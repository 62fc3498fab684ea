import type { App } from '../../src/app';
import { systemPrincipal } from '../../src/auth/principal';
import { Agency } from '../../src/modules/client/agency';
import { KeyUnit } from '../../src/modules/keyunit/keyunit.entity';
import * as keyUnits from '../../src/modules/keyunit/keyunit.service';
import * as permits from '../../src/modules/permit/permit.service';
import * as plots from '../../src/modules/plot/plot.service';
import * as reserve from '../../src/modules/reserve/reserve-project.service';
import * as vacated from '../../src/modules/vacated/vacated-site.service';
import * as violations from '../../src/modules/violation/violation.service';
import { DischargePermit, PermitCategory, PermitEnd, PermitEndReason } from '../../src/modules/permit/permit.entity';
import { Plot } from '../../src/modules/plot/plot.entity';
import { ConstructionPurpose, LandAction, PlotSource, PlotStage, SupplyMethod } from '../../src/modules/plot/plot.enums';
import type { LandClass } from '../../src/modules/division/land-class';
import { VacatedSite } from '../../src/modules/vacated/vacated-site.entity';
import { ReserveCategory, ReserveProject, ReserveStage } from '../../src/modules/reserve/reserve-project.entity';
import { MonitoringKind } from '../../src/modules/keyunit/keyunit.entity';
import { Violation } from '../../src/modules/violation/violation.entity';
import * as inspections from '../../src/modules/inspection/inspection.service';
import * as leads from '../../src/modules/lead/lead.service';
import * as cases from '../../src/modules/case/case.service';
import * as meetings from '../../src/modules/joint-meeting/joint-meeting.service';
import * as remoteSensing from '../../src/modules/remote-sensing/remote-sensing.service';
import { InspectionMethod, InspectionSubjectKind } from '../../src/modules/inspection/inspection.entity';
import { Lead, LeadState } from '../../src/modules/lead/lead.entity';
import { EnforcementCase } from '../../src/modules/case/case.entity';
import { demoSteps } from './data';
import { loadWasteDemo } from './waste';
import type { DemoStep } from './types';
import { DomainError } from '../../src/errors';
import * as farmland from '../../src/modules/farmland/farmland.service';
import { FarmlandImportFormat, importFarmlandUnits } from '../../src/modules/farmland/farmland.import';
import { CategoryChangeReason, FarmlandCategory, FarmlandUnit } from '../../src/modules/farmland/farmland.entity';

/** True when the demo data set is already in the database (its first key unit exists). */
export async function demoLoaded(app: Pick<App, 'systemContext'>): Promise<boolean> {
  const first = demoSteps.find((s) => s.op === 'upsertKeyUnit') as Extract<DemoStep, { op: 'upsertKeyUnit' }>;
  return (await app.systemContext().em.count(KeyUnit, { creditCode: first.creditCode })) > 0;
}

/**
 * Replays the demo script through the domain services, each step as the agency that would make it, so
 * demo data passes every validation, gate and consequence that agency systems' writes do.
 */
export async function loadDemo(app: Pick<App, 'contextFor' | 'systemContext'>): Promise<number> {
  const ids = new Map<string, number>();
  const as = (agency: Agency) => app.contextFor(systemPrincipal(agency, `示范数据 (${agency})`));
  const ref = (r: string) => {
    const id = ids.get(r);
    if (id === undefined) throw new Error(`demo step refers to unknown ref ${r}`);
    return String(id);
  };
  const version = async <T extends { version: number }>(entity: new () => T, r: string) => {
    const row = await app.systemContext().em.findOneOrFail(entity as never, { id: Number(ref(r)) } as never);
    return (row as T).version;
  };
  let n = 0;
  for (const s of demoSteps) {
    try {
      await runStep(s);
    } catch (e) {
      throw new Error(`demo step ${n} (${s.op} ${JSON.stringify(s).slice(0, 160)}) failed: ${(e as Error).message}`);
    }
    n++;
  }
  // Waste and soil on the move (RULES §11): its own script, over the refs above (seeds/demo/waste.ts).
  n += await loadWasteDemo(app, ids);
  return n;

  async function runStep(s: DemoStep) {
    switch (s.op) {
      case 'upsertKeyUnit': {
        const u = await keyUnits.upsertKeyUnit(as(Agency.ECO), s);
        ids.set(s.ref, u.id);
        return;
      }
      case 'recordHiddenDangerCheck': {
        const c = await keyUnits.recordHiddenDangerCheck(as(Agency.ECO), { ...s, keyUnitId: ref(s.keyUnit) });
        if (s.ref) ids.set(s.ref, c.id);
        return;
      }
      case 'recordMonitoring': {
        const m = await keyUnits.recordMonitoring(as(Agency.ECO), { ...s, kind: s.kind as MonitoringKind, keyUnitId: ref(s.keyUnit) });
        if (s.ref) ids.set(s.ref, m.id);
        return;
      }
      case 'delistKeyUnit':
        await keyUnits.delistKeyUnit(as(Agency.ECO), ref(s.keyUnit), s.delistedOn, await version(KeyUnit, s.keyUnit), s.batchDocument);
        return;
      case 'relistKeyUnit':
        await keyUnits.relistKeyUnit(as(Agency.ECO), { id: ref(s.keyUnit), listedOn: s.listedOn, batchDocument: s.batchDocument, expectedVersion: await version(KeyUnit, s.keyUnit) });
        return;
      case 'recordRectification':
        await keyUnits.recordRectification(as(Agency.ECO), { checkId: ref(s.check), rectifiedOn: s.rectifiedOn });
        return;
      case 'recordExceedanceFollowUp':
        await keyUnits.recordExceedanceFollowUp(as(Agency.ECO), { ...s, monitoringRecordId: ref(s.record) });
        return;
      case 'recordOnePlantOnePolicy':
        await keyUnits.recordOnePlantOnePolicy(as(Agency.ECO), { keyUnitId: ref(s.keyUnit), document: s.document, recordedOn: s.recordedOn });
        return;
      case 'issuePermit': {
        const p = await permits.issuePermit(as(Agency.APPROVALS), { ...s, category: s.category as PermitCategory });
        ids.set(s.ref, p.id);
        return;
      }
      case 'endPermit': {
        await permits.endPermit(as(Agency.APPROVALS), {
          id: ref(s.permit), how: s.how as PermitEnd, endedOn: s.endedOn, reason: s.reason, reasonCategory: s.reasonCategory as PermitEndReason | undefined,
          expectedVersion: await version(DischargePermit, s.permit),
        });
        const site = await app.systemContext().em.findOne(VacatedSite, { permit: Number(ref(s.permit)) });
        if (!site) {
          if (s.siteRef || s.plotRef) throw new Error(`endPermit (${s.reasonCategory}) opened no vacated site for ${s.siteRef ?? s.plotRef}`);
          return;
        }
        if (s.siteRef) ids.set(s.siteRef, site.id);
        if (s.plotRef) {
          if (!site.plot) throw new Error(`endPermit opened no plot for ${s.plotRef}`);
          ids.set(s.plotRef, site.plot.id);
        }
        return;
      }
      case 'registerPlot': {
        const p = await plots.registerPlot(as(s.agency as Agency), { ...s, source: s.source as PlotSource, keyUnitId: s.keyUnit ? ref(s.keyUnit) : undefined });
        ids.set(s.ref, p.id);
        return;
      }
      case 'reportDiscoveredContamination': {
        const p = await plots.reportDiscoveredContamination(as(s.agency as Agency), { input: { ...s, source: PlotSource.DISCOVERED }, note: s.note });
        ids.set(s.ref, p.id);
        return;
      }
      case 'advancePlotStage':
        await plots.advancePlotStage(as(Agency.ECO), {
          plotId: ref(s.plot), to: s.to as PlotStage, effectiveOn: s.effectiveOn,
          evidence: s.evidence && { ...s.evidence, landClass: s.evidence.landClass as LandClass | undefined }, expectedVersion: await version(Plot, s.plot),
        });
        return;
      case 'planLandUse':
        await plots.planLandUse(as(Agency.NATURAL_RESOURCES), { plotId: ref(s.plot), plannedUseCode: s.plannedUseCode, decidedOn: s.decidedOn, supplyPlanYear: s.supplyPlanYear, expectedVersion: await version(Plot, s.plot) });
        return;
      case 'recordLandAction':
        await plots.recordLandAction(as(Agency.NATURAL_RESOURCES), {
          plotId: ref(s.plot), action: s.action as LandAction, decidedOn: s.decidedOn, expectedVersion: await version(Plot, s.plot),
          suppliedUseCodes: s.suppliedUseCodes, supplyMethod: s.supplyMethod as SupplyMethod | undefined, decisionNo: s.decisionNo,
        });
        return;
      case 'recordVacatedSiteReserve':
        await vacated.recordVacatedSiteReserve(as(Agency.NATURAL_RESOURCES), { id: ref(s.site), landReservedOn: s.landReservedOn, expectedVersion: await version(VacatedSite, s.site) });
        return;
      case 'closeVacatedSite':
        await vacated.closeVacatedSite(as(Agency.ECO), { id: ref(s.site), closedOn: s.closedOn, reason: s.reason, expectedVersion: await version(VacatedSite, s.site) });
        return;
      case 'recordDemolitionReport':
        await vacated.recordDemolitionReport(as(Agency.ECO), { id: ref(s.site), filedOn: s.filedOn, documentNo: s.documentNo, expectedVersion: await version(VacatedSite, s.site) });
        return;
      case 'issueConstructionPermit':
        await plots.issueConstructionPermit(as(s.agency as Agency), { plotId: ref(s.plot), permitNo: s.permitNo, issuedOn: s.issuedOn, purpose: s.purpose as ConstructionPurpose, expectedVersion: await version(Plot, s.plot) });
        return;
      case 'reportConstructionStarted':
        await plots.reportConstructionStarted(as(s.agency as Agency), { plotId: ref(s.plot), startedOn: s.startedOn, purpose: s.purpose as ConstructionPurpose | undefined, expectedVersion: await version(Plot, s.plot) });
        return;
      case 'rectifyViolation': {
        const open = await app.systemContext().em.findOneOrFail(Violation, { plot: Number(ref(s.plot)), rectifiedOn: null }, { orderBy: { id: 'asc' } });
        await violations.rectifyViolation(as(Agency.ECO), { id: String(open.id), rectifiedOn: s.rectifiedOn, note: s.note });
        return;
      }
      case 'createReserveProject': {
        const p = await reserve.createReserveProject(as(Agency.ECO), {
          ...s, category: s.category as ReserveCategory, plotIds: s.plots?.map(ref), keyUnitIds: s.keyUnits?.map(ref),
        });
        ids.set(s.ref, p.id);
        return;
      }
      case 'expectRefused': {
        let refusal: unknown = null;
        try {
          await runStep(s.step);
        } catch (e) {
          refusal = e;
        }
        if (!refusal) throw new Error(`expected ${s.code} (${s.why}), but the step was accepted`);
        const code = refusal instanceof DomainError ? refusal.code : `not a refusal: ${(refusal as Error).message}`;
        if (code !== s.code) throw new Error(`expected ${s.code} (${s.why}), got ${code}`);
        return;
      }
      case 'importFarmlandUnits': {
        const content = JSON.stringify({ type: 'FeatureCollection', features: s.units.map((u) => ({
          type: 'Feature', properties: { code: u.code, category: u.category, basicFarmland: u.basicFarmland, name: u.name }, geometry: u.boundary,
        })) });
        await importFarmlandUnits(as(Agency.AGRICULTURE), { countyCode: s.countyCode, format: FarmlandImportFormat.GEOJSON, content, registeredOn: s.registeredOn });
        return;
      }
      case 'recordFarmlandCategoryChange': {
        const unit = await app.systemContext().em.findOneOrFail(FarmlandUnit, { county: s.countyCode, code: s.unitCode });
        await farmland.recordFarmlandCategoryChange(as(Agency.AGRICULTURE), {
          unitId: String(unit.id), to: s.to as FarmlandCategory, reason: s.reason as CategoryChangeReason, proposedOn: s.proposedOn, approvedOn: s.approvedOn,
          approvalDocument: s.approvalDocument, reportedToProvinceOn: s.reportedToProvinceOn, expectedVersion: unit.version,
        });
        return;
      }
      case 'registerFarmlandUnit': {
        const attempt = farmland.registerFarmlandUnit(as(Agency.AGRICULTURE), {
          countyCode: s.countyCode, code: s.code, category: s.category as FarmlandCategory, plotId: s.plot ? ref(s.plot) : undefined,
          boundary: s.boundary, areaM2: s.areaM2, registeredOn: s.registeredOn,
        });
        if (!s.expectCode) {
          await attempt;
          return;
        }
        const refusal = await attempt.then(() => null, (e: unknown) => e);
        const code = refusal instanceof DomainError ? refusal.code : refusal ? `not a refusal: ${(refusal as Error).message}` : 'accepted';
        if (code !== s.expectCode) throw new Error(`expected ${s.expectCode} (${s.why}), got ${code}`);
        return;
      }
      case 'importRemoteSensing': {
        const r = await remoteSensing.importRemoteSensing(as(Agency.ECO), s);
        const byPlot = new Map(r.leads.map((l) => [l.plot!.id, l.id]));
        const expected = Object.entries(s.leads);
        if (r.leadsCreated !== expected.length || r.untouched !== s.untouched || expected.some(([, p]) => !byPlot.has(Number(ref(p))))) {
          throw new Error(`batch ${s.batchNo}: ${r.leadsCreated} leads on plots ${[...byPlot.keys()].join(', ')} and ${r.untouched} untouched, expected ${expected.length} and ${s.untouched}`);
        }
        for (const [leadRef, p] of expected) ids.set(leadRef, byPlot.get(Number(ref(p)))!);
        return;
      }
      case 'recordInspection': {
        const i = await inspections.recordInspection(as(Agency.ECO), {
          subjectKind: s.subjectKind as InspectionSubjectKind, subjectId: ref(s.subject), inspectedOn: s.inspectedOn, method: s.method as InspectionMethod, findings: s.findings, problems: s.problems,
        });
        if (s.ref) ids.set(s.ref, i.id);
        return;
      }
      case 'advanceLead':
        await leads.advanceLead(as(Agency.ECO), { id: ref(s.lead), to: s.to as LeadState, on: s.on, reason: s.reason, expectedVersion: await version(Lead, s.lead) });
        return;
      case 'openCase': {
        const c = await cases.openCase(as(Agency.ECO), { ...s, leadId: s.lead ? ref(s.lead) : undefined });
        ids.set(s.ref, c.id);
        return;
      }
      case 'recordPenaltyDecision':
        await cases.recordPenaltyDecision(as(Agency.ECO), { id: ref(s.case), decisionNo: s.decisionNo, decidedOn: s.decidedOn, amount: s.amount, expectedVersion: await version(EnforcementCase, s.case) });
        return;
      case 'referCaseToPolice':
        await cases.referCaseToPolice(as(Agency.ECO), { id: ref(s.case), referredOn: s.referredOn, receivingUnit: s.receivingUnit, expectedVersion: await version(EnforcementCase, s.case) });
        return;
      case 'recordPoliceFeedback':
        await cases.recordPoliceFeedback(as(Agency.PUBLIC_SECURITY), { id: ref(s.case), feedback: s.feedback, feedbackOn: s.feedbackOn, expectedVersion: await version(EnforcementCase, s.case) });
        return;
      case 'recordJointMeeting':
        await meetings.recordJointMeeting(as(Agency.ECO), { ...s, agencies: s.agencies as Agency[], leadIds: s.leads?.map(ref), caseIds: s.cases?.map(ref) });
        return;
      case 'updateReserveProject':
        await reserve.updateReserveProject(as(Agency.ECO), ref(s.project), { ...s, stage: s.stage as ReserveStage | undefined }, await version(ReserveProject, s.project));
        return;
    }
  }
}
