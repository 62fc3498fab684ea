import type { EntityManager } from '@mikro-orm/postgresql';
import { Utils } from '@mikro-orm/core';
import {
  getNamedType, getNullableType, GraphQLArgument, GraphQLFieldResolver, GraphQLInputType, GraphQLSchema, isInputObjectType, isListType, isScalarType,
} from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import type { Context } from '../context';
import { badInput } from '../errors';
import { DischargePermit } from '../modules/permit/permit.entity';
import { HiddenDangerCheck, KeyUnit, MonitoringRecord } from '../modules/keyunit/keyunit.entity';
import { Plot } from '../modules/plot/plot.entity';
import { ReserveProject } from '../modules/reserve/reserve-project.entity';
import { Violation } from '../modules/violation/violation.entity';
import { LandEvent } from '../modules/plot/land-event.entity';
import { VacatedSite } from '../modules/vacated/vacated-site.entity';
import { RealEstateFiling } from '../modules/plot/real-estate-filing.entity';
import { PostManagementRecord } from '../modules/plot/post-management.entity';
import { FarmlandCategoryChange, FarmlandUnit } from '../modules/farmland/farmland.entity';
import { LegacyWasteDisposal, LegacyWasteItem, LegacyWasteSite, SoilTransferLeg, SoilTransferPlan, SolidWasteYard } from '../modules/waste/waste.entity';
import { Inspection } from '../modules/inspection/inspection.entity';
import { Lead } from '../modules/lead/lead.entity';
import { EnforcementCase } from '../modules/case/case.entity';
import { RemoteSensingBatch } from '../modules/remote-sensing/remote-sensing.entity';
import { JointMeeting } from '../modules/joint-meeting/joint-meeting.entity';

/**
 * Where each text a mutation takes is stored: one table, so that the size a client may send is the size of
 * the column it lands in, read from the entity metadata (`@Property({ length })`, MikroORM's varchar(255)
 * when none is given, the referenced key's column for a reference) — never a second number that can drift.
 *
 * Keys: `InputType.field` for input object fields, `Mutation.field(arg)` for arguments. Values: the entity
 * and property written, or `null` for text kept in no sized column (a row id checked by its lookup, text in
 * a JSON document or only in the audit trail: their own validation bounds them). Every String and ID a
 * mutation takes must be listed ({@link unlistedInputs}; the hostile-input suite fails otherwise).
 * The services' `input.text(…, { max })` bounds only text listed here as `null`, and a size stricter on purpose
 * (a telephone number); for text stored in a column they pass none.
 */
export const STORED_IN: Record<string, readonly [entity: new () => object, property: string] | null> = {
  'KeyUnitInput.creditCode': [KeyUnit, 'creditCode'],
  'KeyUnitInput.name': [KeyUnit, 'name'],
  'KeyUnitInput.countyCode': [KeyUnit, 'county'],
  'KeyUnitInput.industry': [KeyUnit, 'industry'],
  'KeyUnitInput.address': [KeyUnit, 'address'],
  'KeyUnitInput.contactPhone': [KeyUnit, 'contactPhone'],
  'PermitInput.permitNo': [DischargePermit, 'permitNo'],
  'PermitInput.holderName': [DischargePermit, 'holderName'],
  'PermitInput.creditCode': [DischargePermit, 'creditCode'],
  'PermitInput.countyCode': [DischargePermit, 'county'],
  'PermitInput.industry': [DischargePermit, 'industry'],
  'PlotInput.name': [Plot, 'name'],
  'PlotInput.countyCode': [Plot, 'county'],
  'PlotInput.address': [Plot, 'address'],
  'PlotInput.industry': [Plot, 'industry'],
  'PlotInput.formerEnterprise': [Plot, 'formerEnterprise'],
  'PlotInput.formerCreditCode': [Plot, 'formerCreditCode'],
  'PlotInput.currentUseCode': [Plot, 'currentUse'],
  'PlotInput.keyUnitId': null,
  'ReserveProjectInput.name': [ReserveProject, 'name'],
  'ReserveProjectInput.countyCode': [ReserveProject, 'county'],
  'ReserveProjectInput.plotIds': null,
  'ReserveProjectInput.keyUnitIds': null,
  'ReserveProjectUpdate.centralReserveBatchNo': [ReserveProject, 'centralReserveBatchNo'],
  // Evidence is kept as a JSON document on the stage event; the service bounds each part.
  'EvidenceInput.documentNo': null,
  'EvidenceInput.title': null,
  'EvidenceInput.issuedBy': null,
  'Mutation.issueConstructionPermit(permitNo)': [Plot, 'constructionPermitNo'],
  'Mutation.planLandUse(plannedUseCode)': [Plot, 'plannedUse'],
  'Mutation.endPermit(reason)': [DischargePermit, 'endReason'],
  'Mutation.rectifyViolation(note)': [Violation, 'note'],
  'Mutation.recordHiddenDangerCheck(findings)': [HiddenDangerCheck, 'findings'],
  'Mutation.recordExceedanceFollowUp(cause)': [MonitoringRecord, 'followUpCause'],
  'Mutation.recordExceedanceFollowUp(measures)': [MonitoringRecord, 'followUpMeasures'],
  // key_unit_listing's documents (varchar(100), written by SQL, no entity): the service bounds them to 100.
  'Mutation.delistKeyUnit(batchDocument)': null,
  'Mutation.relistKeyUnit(batchDocument)': null,
  'Mutation.relistKeyUnit(id)': null,
  'Mutation.recordRectification(checkId)': null,
  'Mutation.recordExceedanceFollowUp(monitoringRecordId)': null,
  'Mutation.recordOnePlantOnePolicy(keyUnitId)': null,
  // Kept in the audit trail only (jsonb).
  'Mutation.reportDiscoveredContamination(note)': null,
  'Mutation.advancePlotStage(plotId)': null,
  'Mutation.delistKeyUnit(id)': null,
  'Mutation.endPermit(id)': null,
  'Mutation.issueConstructionPermit(plotId)': null,
  'Mutation.planLandUse(plotId)': null,
  'Mutation.recordHiddenDangerCheck(keyUnitId)': null,
  'Mutation.recordLandAction(plotId)': null,
  'Mutation.recordMonitoring(keyUnitId)': null,
  'Mutation.recordVacatedSiteReserve(id)': null,
  'Mutation.rectifyViolation(id)': null,
  'Mutation.reportConstructionStarted(plotId)': null,
  'Mutation.updateReserveProject(id)': null,
  // The second edition's acts (RULES.md §3, §5, §6).
  'Mutation.recordLandAction(decisionNo)': [LandEvent, 'decisionNo'],
  'Mutation.recordLandAction(suppliedUseCodes)': null, // each a land-use code, checked against the reference
  'Mutation.reportDiscoveredContamination(plotId)': null,
  'Mutation.closeVacatedSite(id)': null,
  'Mutation.closeVacatedSite(reason)': [VacatedSite, 'closeReason'],
  'Mutation.recordDemolitionReport(id)': null,
  'Mutation.recordDemolitionReport(documentNo)': [VacatedSite, 'demolitionReportNo'],
  'Mutation.recordRealEstateFiling(plotId)': null,
  'Mutation.recordRealEstateFiling(documentNo)': [RealEstateFiling, 'documentNo'],
  'Mutation.recordPostManagementPlan(plotId)': null,
  'Mutation.recordPostManagement(plotId)': null,
  'Mutation.recordPostManagement(findings)': [PostManagementRecord, 'findings'],
  // Farmland (RULES.md §12).
  'FarmlandUnitInput.countyCode': [FarmlandUnit, 'county'],
  'FarmlandUnitInput.code': [FarmlandUnit, 'code'],
  'FarmlandUnitInput.name': [FarmlandUnit, 'name'],
  'FarmlandUnitInput.plotId': null,
  'FarmlandCategoryChangeInput.unitId': null,
  'FarmlandCategoryChangeInput.approvalDocument': [FarmlandCategoryChange, 'approvalDocument'],
  'Mutation.approveFarmlandCategoryChange(id)': null,
  'Mutation.approveFarmlandCategoryChange(approvalDocument)': [FarmlandCategoryChange, 'approvalDocument'],
  'Mutation.reportFarmlandCategoryChange(id)': null,
  'Mutation.importFarmlandUnits(countyCode)': [FarmlandUnit, 'county'],
  // A whole survey file: the service bounds it (MAX_IMPORT_CHARS) and checks each row's fields.
  'Mutation.importFarmlandUnits(content)': null,
  // Waste and soil on the move (RULES §11).
  'SolidWasteYardInput.countyCode': [SolidWasteYard, 'county'],
  'SolidWasteYardInput.name': [SolidWasteYard, 'name'],
  'SolidWasteYardInput.operatorName': [SolidWasteYard, 'operatorName'],
  'SolidWasteYardInput.operatorCreditCode': [SolidWasteYard, 'operatorCreditCode'],
  'SolidWasteYardInput.address': [SolidWasteYard, 'address'],
  'SolidWasteYardInput.wasteTypes': null, // text[]: the service bounds each to 50 characters and the list to 20
  'SolidWasteYardInput.landDocumentNo': [SolidWasteYard, 'landDocumentNo'],
  'SolidWasteYardInput.eiaDocumentNo': [SolidWasteYard, 'eiaDocumentNo'],
  'Mutation.recordYardProcedure(yardId)': null,
  'Mutation.recordYardProcedure(documentNo)': [SolidWasteYard, 'landDocumentNo'],
  'Mutation.recordYardSafetyProcedure(yardId)': null,
  'Mutation.recordYardSafetyProcedure(documentNo)': [SolidWasteYard, 'safetyDocumentNo'],
  'Mutation.closeSolidWasteYard(yardId)': null,
  'Mutation.recordYardLedger(yardId)': null,
  'Mutation.recordYardLedger(month)': null, // a month YYYY-MM, checked by its form
  'Mutation.recordYardMonitoring(yardId)': null,
  'Mutation.recordYardMonitoring(note)': null, // varchar(1000), bounded by the service
  'LegacyWasteSiteInput.countyCode': [LegacyWasteSite, 'county'],
  'LegacyWasteSiteInput.name': [LegacyWasteSite, 'name'],
  'LegacyWasteSiteInput.creditCode': [LegacyWasteSite, 'creditCode'],
  'LegacyWasteSiteInput.keyUnitId': null,
  'Mutation.recordLegacyWaste(siteId)': null,
  'Mutation.recordLegacyWaste(wasteCode)': [LegacyWasteItem, 'wasteCode'],
  'Mutation.recordLegacyWaste(description)': [LegacyWasteItem, 'description'],
  'Mutation.recordLegacyWasteDisposal(itemId)': null,
  'Mutation.recordLegacyWasteDisposal(receiverName)': [LegacyWasteDisposal, 'receiverName'],
  'Mutation.recordLegacyWasteDisposal(receiverCreditCode)': [LegacyWasteDisposal, 'receiverCreditCode'],
  'Mutation.recordLegacyWasteDisposal(receiverLicenceNo)': [LegacyWasteDisposal, 'receiverLicenceNo'],
  'Mutation.recordLegacyWasteDisposal(manifestNo)': [LegacyWasteDisposal, 'manifestNo'],
  'Mutation.importHazardousWasteManifestCounts(csv)': null, // a CSV document, bounded (bytes, lines) and checked line by line by the service
  'SoilTransferPlanInput.plotId': null,
  'SoilTransferPlanInput.documentNo': [SoilTransferPlan, 'documentNo'],
  'SoilTransferPlanInput.receiverName': [SoilTransferPlan, 'receiverName'],
  'SoilTransferPlanInput.receiverCreditCode': [SoilTransferPlan, 'receiverCreditCode'],
  'SoilTransferPlanInput.receiverAddress': [SoilTransferPlan, 'receiverAddress'],
  'SoilTransferPlanInput.route': [SoilTransferPlan, 'route'],
  'Mutation.recordSoilTransferDispatch(planId)': null,
  'Mutation.recordSoilTransferDispatch(manifestNo)': [SoilTransferLeg, 'manifestNo'],
  'Mutation.recordSoilTransferDispatch(vehicleNo)': [SoilTransferLeg, 'vehicleNo'],
  'Mutation.recordSoilTransferReceipt(legId)': null,
  'Mutation.reconcileSoilTransfers(divisionCode)': null, // a division code, checked against the reference
  'InspectionInput.subjectId': null,
  'InspectionInput.findings': [Inspection, 'findings'],
  'InspectionInput.problems': null, // a text[] column: the service bounds each item and their number
  'LeadInput.description': [Lead, 'description'],
  'LeadInput.plotId': null,
  'LeadInput.inspectionId': null,
  'LeadInput.countyCode': [Lead, 'county'],
  'Mutation.advanceLead(id)': null,
  'Mutation.advanceLead(reason)': [Lead, 'dismissalReason'],
  'CaseInput.caseNo': [EnforcementCase, 'caseNo'],
  'CaseInput.party': [EnforcementCase, 'party'],
  'CaseInput.partyCreditCode': [EnforcementCase, 'partyCreditCode'],
  'CaseInput.facts': [EnforcementCase, 'facts'],
  'CaseInput.leadId': null,
  'CaseInput.plotId': null,
  'CaseInput.keyUnitId': null,
  'CaseInput.countyCode': [EnforcementCase, 'county'],
  'Mutation.recordPenaltyDecision(id)': null,
  'Mutation.recordPenaltyDecision(decisionNo)': [EnforcementCase, 'penaltyDecisionNo'],
  'Mutation.recordPenaltyDecision(amount)': null, // a decimal string, checked by its own form (validation/money.ts)
  'Mutation.referCaseToPolice(id)': null,
  'Mutation.referCaseToPolice(receivingUnit)': [EnforcementCase, 'referredTo'],
  'Mutation.recordPoliceFeedback(id)': null,
  'Mutation.recordPoliceFeedback(feedback)': [EnforcementCase, 'policeFeedback'],
  'Mutation.closeCase(id)': null,
  'Mutation.closeCase(note)': [EnforcementCase, 'closingNote'],
  'RemoteSensingImportInput.batchNo': [RemoteSensingBatch, 'batchNo'],
  'JointMeetingInput.divisionCode': [JointMeeting, 'division'],
  'JointMeetingInput.title': [JointMeeting, 'title'],
  'JointMeetingInput.minutesNo': [JointMeeting, 'minutesNo'],
  'JointMeetingInput.leadIds': null, // each an id of a lead in scope
  'JointMeetingInput.caseIds': null, // each an id of a case in scope
  'JointMeetingInput.decisions': null, // a text[] column: the service bounds each item and their number
};

/** Characters (code points, as PostgreSQL counts them) a column holds; undefined when unbounded (text, jsonb, integer). */
export function columnLength(em: EntityManager, entity: new () => object, property: string): number | undefined {
  const key = `${entity.name}.${property}`;
  if (lengths.has(key)) return lengths.get(key);
  const prop = em.getMetadata().get(Utils.className(entity as never)).properties[property as never] as { length?: number; columnTypes?: string[] } | undefined;
  if (!prop) throw new Error(`src/validation/columns.ts names ${key}, which is no property`);
  const m = /^(?:varchar|character varying|char|character)\((\d+)\)$/i.exec(prop.columnTypes?.[0] ?? '');
  const n = m ? Number(m[1]) : undefined;
  lengths.set(key, n);
  return n;
}
const lengths = new Map<string, number | undefined>();

/** Length in code points, counted only when the UTF-16 length could exceed `max`. */
const longerThan = (s: string, max: number) => s.length > max && [...s].length > max;

/** The String and ID inputs of every mutation that {@link STORED_IN} does not list (must be none). */
export function unlistedInputs(schema: GraphQLSchema): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (type: GraphQLInputType, key: string) => {
    const named = getNamedType(type);
    if (isScalarType(named)) {
      if ((named.name === 'String' || named.name === 'ID') && !(key in STORED_IN)) out.add(key);
    } else if (isInputObjectType(named) && !seen.has(named.name)) {
      seen.add(named.name);
      for (const f of Object.values(named.getFields())) visit(f.type, `${named.name}.${f.name}`);
    }
  };
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    for (const arg of field.args) visit(arg.type, `Mutation.${field.name}(${arg.name})`);
  }
  return [...out].sort();
}

/**
 * Refuses text longer than its column (BAD_USER_INPUT naming the argument, e.g. `input.address`) before a
 * mutation's resolver runs, instead of PostgreSQL's "value too long" surfacing as an internal error.
 */
function checkArgs(em: EntityManager, mutation: string, args: readonly GraphQLArgument[], values: Record<string, unknown>) {
  const check = (type: GraphQLInputType, key: string, path: string, value: unknown) => {
    if (value == null) return;
    const inner = getNullableType(type);
    if (isListType(inner)) {
      if (Array.isArray(value)) for (const v of value) check(inner.ofType, key, path, v);
      return;
    }
    if (isInputObjectType(inner)) {
      for (const f of Object.values(inner.getFields())) check(f.type, `${inner.name}.${f.name}`, `${path}.${f.name}`, (value as Record<string, unknown>)[f.name]);
      return;
    }
    const stored = STORED_IN[key];
    if (!stored || typeof value !== 'string') return;
    const max = columnLength(em, stored[0], stored[1]);
    if (max !== undefined && longerThan(value.trim(), max)) throw badInput(path, `must be at most ${max} characters`);
  };
  for (const arg of args) check(arg.type, `Mutation.${mutation}(${arg.name})`, arg.name, values[arg.name]);
}

/** The schema with every mutation's text checked against its column first ({@link STORED_IN}). */
export function withInputLimits(schema: GraphQLSchema): GraphQLSchema {
  const mutation = schema.getMutationType();
  if (!mutation) return schema;
  const fields: Record<string, (resolve: GraphQLFieldResolver<unknown, Context>, ...a: Parameters<GraphQLFieldResolver<unknown, Context>>) => unknown> = {};
  for (const field of Object.values(mutation.getFields())) {
    fields[field.name] = (resolve, parent, args, ctx, info) => {
      checkArgs(ctx.em as EntityManager, field.name, field.args, args as Record<string, unknown>);
      return resolve(parent, args, ctx, info);
    };
  }
  return applyMiddleware(schema, { [mutation.name]: fields } as never);
}
