import type { Part } from './policy';

/**
 * Which policy part guards each type and field of the schema. A type's part covers all of its fields; a
 * `Type.field` entry overrides it for that field. Query and Mutation fields are listed one by one, and the
 * startup check (src/auth/permissions.ts) fails when any operation or field of the schema is not covered.
 * Mutations need `write` on their part, everything else `read`.
 */
export const TYPE_PARTS: Record<string, Part> = {
  Division: 'reference', LandUse: 'reference', Principal: 'reference', PageInfo: 'reference',
  KeyUnit: 'keyUnit', HiddenDangerCheck: 'keyUnit', MonitoringRecord: 'keyUnit', KeyUnitConnection: 'keyUnit', KeyUnitListing: 'keyUnit',
  DischargePermit: 'permit', DischargePermitConnection: 'permit',
  Plot: 'plot.basics', PlotConnection: 'plot.basics', Point: 'plot.basics', Clearance: 'plot.basics',
  StageEvent: 'plot.environment', Document: 'plot.environment', InvestigationTrigger: 'plot.environment', LandSupply: 'plot.land',
  VacatedSite: 'vacatedSite', VacatedSiteConnection: 'vacatedSite',
  ReserveProject: 'reserve', ReserveProjectConnection: 'reserve', ReserveTracker: 'reserve', ReserveTrackerRow: 'reserve', ReserveStageCount: 'reserve', ReserveStageEvent: 'reserve',
  Violation: 'violation', ViolationConnection: 'violation', Obligation: 'violation', KeyUnitObligation: 'violation', Duty: 'violation',
  RealEstateFiling: 'plot.filing', PostManagementPlan: 'plot.environment', PostManagementRecord: 'plot.environment',
  JointDispatchReport: 'jointDispatchReport', JointDispatchRow: 'jointDispatchReport', StageCount: 'jointDispatchReport',
  Problem: 'problemList', ProblemList: 'problemList', ProblemCount: 'problemList',
  Inspection: 'inspection', InspectionConnection: 'inspection',
  Lead: 'lead', LeadConnection: 'lead', Case: 'case', CaseConnection: 'case', JointMeeting: 'jointMeeting',
  RemoteSensingBatch: 'remoteSensing', RemoteSensingPolygon: 'remoteSensing', RemoteSensingImport: 'remoteSensing',
  Change: 'exports', ChangeConnection: 'exports',
  AuditEntry: 'auditLog', AuditEntryConnection: 'auditLog',
};

export const FIELD_PARTS: Record<string, Part> = {
  'Query.me': 'reference', 'Query.divisions': 'reference', 'Query.landUses': 'reference',
  'Query.keyUnit': 'keyUnit', 'Query.keyUnits': 'keyUnit',
  'Query.dischargePermit': 'permit', 'Query.dischargePermits': 'permit',
  'Query.plot': 'plot.basics', 'Query.plots': 'plot.basics',
  'Query.vacatedSites': 'vacatedSite',
  'Query.reserveProjects': 'reserve', 'Query.reserveTracker': 'reserve',
  'Query.violations': 'violation', 'Query.obligations': 'violation', 'Query.duties': 'violation',
  'Query.jointDispatchReport': 'jointDispatchReport',
  'Query.problems': 'problemList',
  'Query.plotsGeoJSON': 'exports', 'Query.changes': 'exports',
  'Query.auditLog': 'auditLog',
  'Query.inspections': 'inspection',
  'Query.leads': 'lead', 'Query.lead': 'lead', 'Query.cases': 'case', 'Query.case': 'case',
  'Query.remoteSensingBatches': 'remoteSensing', 'Query.jointMeetings': 'jointMeeting',

  'Mutation.upsertKeyUnit': 'keyUnit', 'Mutation.delistKeyUnit': 'keyUnit',
  'Mutation.recordHiddenDangerCheck': 'keyUnit', 'Mutation.recordMonitoring': 'keyUnit',
  'Mutation.relistKeyUnit': 'keyUnit', 'Mutation.recordRectification': 'keyUnit', 'Mutation.recordExceedanceFollowUp': 'keyUnit',
  'Mutation.recordOnePlantOnePolicy': 'keyUnit',
  'Mutation.advancePlotStage': 'plot.environment',
  'Mutation.rectifyViolation': 'violation',
  'Mutation.createReserveProject': 'reserve', 'Mutation.updateReserveProject': 'reserve',
  'Mutation.issuePermit': 'permit', 'Mutation.endPermit': 'permit',
  'Mutation.registerPlot': 'plot.basics',
  'Mutation.planLandUse': 'plot.land', 'Mutation.recordLandAction': 'plot.land',
  'Mutation.recordVacatedSiteReserve': 'vacatedSite.reserve',
  'Mutation.closeVacatedSite': 'vacatedSite', 'Mutation.recordDemolitionReport': 'vacatedSite',
  'Mutation.issueConstructionPermit': 'plot.constructionPermit',
  'Mutation.reportConstructionStarted': 'plot.construction',
  'Mutation.reportDiscoveredContamination': 'discoveredContamination',
  'Mutation.recordRealEstateFiling': 'plot.filing',
  'Mutation.recordPostManagementPlan': 'plot.environment', 'Mutation.recordPostManagement': 'plot.environment',
  'Mutation.recordInspection': 'inspection',
  'Mutation.recordLead': 'lead', 'Mutation.advanceLead': 'lead', 'Mutation.importRemoteSensing': 'remoteSensing',
  'Mutation.openCase': 'case', 'Mutation.recordPenaltyDecision': 'case', 'Mutation.closeCase': 'case',
  'Mutation.referCaseToPolice': 'case.referral', 'Mutation.recordPoliceFeedback': 'case.feedback',
  'Mutation.recordJointMeeting': 'jointMeeting',

  'KeyUnit.contactPhone': 'keyUnit.contactPhone',
  'KeyUnit.permits': 'permit',
  'KeyUnit.obligations': 'violation',
  'KeyUnit.plots': 'plot.basics',
  'DischargePermit.keyUnit': 'keyUnit',
  'DischargePermit.vacatedSite': 'vacatedSite',
  'Plot.stage': 'plot.environment', 'Plot.stageHistory': 'plot.environment', 'Plot.investigationRequired': 'plot.environment',
  'Plot.investigationTriggers': 'plot.environment', 'Plot.clearedFor': 'plot.environment', 'Plot.supply': 'plot.land',
  'Plot.plannedUse': 'plot.land', 'Plot.landStatus': 'plot.land', 'Plot.supplyPlanYear': 'plot.land',
  'Plot.constructionPermitNo': 'plot.constructionPermit', 'Plot.constructionStartedOn': 'plot.construction',
  'Plot.violations': 'violation', 'Plot.reserveProjects': 'reserve',
  'VacatedSite.permit': 'permit', 'VacatedSite.plot': 'plot.basics', 'VacatedSite.landReservedOn': 'vacatedSite.reserve',
  'ReserveProject.plots': 'plot.basics', 'ReserveProject.keyUnits': 'keyUnit',
  'Violation.plot': 'plot.basics',
  'KeyUnitObligation.keyUnit': 'keyUnit',
  'Plot.obligations': 'violation', 'Plot.realEstateFilings': 'plot.filing',
  'Plot.postManagementPlan': 'plot.environment', 'Plot.postManagementRecords': 'plot.environment',
  'Duty.keyUnit': 'keyUnit', 'Duty.plot': 'plot.basics', 'Duty.county': 'reference',
  'Plot.inspections': 'inspection', 'KeyUnit.inspections': 'inspection',
  'Inspection.plot': 'plot.basics', 'Inspection.keyUnit': 'keyUnit', 'Inspection.county': 'reference',
  'Plot.leads': 'lead', 'Plot.cases': 'case',
  'Lead.plot': 'plot.basics', 'Lead.inspection': 'inspection', 'Lead.polygon': 'remoteSensing', 'Lead.case': 'case', 'Lead.county': 'reference',
  'Case.lead': 'lead', 'Case.plot': 'plot.basics', 'Case.keyUnit': 'keyUnit', 'Case.county': 'reference',
  'Case.referredOn': 'case.referral', 'Case.referredTo': 'case.referral', 'Case.policeFeedback': 'case.feedback', 'Case.policeFeedbackOn': 'case.feedback',
  'RemoteSensingImport.leads': 'lead',
  'JointMeeting.leads': 'lead', 'JointMeeting.cases': 'case', 'JointMeeting.division': 'reference',
  'Problem.keyUnit': 'keyUnit', 'Problem.plot': 'plot.basics', 'Problem.county': 'reference', 'ProblemList.division': 'reference', 'ProblemCount.county': 'reference',
};

/** The part that guards `Type.field`. */
export function partOf(type: string, field: string): Part | undefined {
  return FIELD_PARTS[`${type}.${field}`] ?? (type === 'Query' || type === 'Mutation' ? undefined : TYPE_PARTS[type]);
}
