/**
 * The demo data set is a script of the same operations agency systems call through the API,
 * replayed in order by seeds/demo/load.ts through the domain services (so every validation,
 * lifecycle rule and consequence applies to demo data too). `ref` names let later steps point
 * at rows created earlier; they are never stored.
 * Dates are 'YYYY-MM-DD' (Asia/Shanghai calendar dates), money strings in 万元 ("1250.50").
 */
export type Agency = 'ECO' | 'NATURAL_RESOURCES' | 'HOUSING' | 'APPROVALS';
export type PlotStage =
  | 'SUSPECTED' | 'UNDER_INVESTIGATION' | 'BELOW_SCREENING' | 'UNDER_RISK_ASSESSMENT' | 'RISK_ACCEPTABLE'
  | 'LISTED' | 'RISK_CONTROL' | 'REMEDIATION' | 'EFFECT_EVALUATION' | 'DELISTED';
export type PlotSource = 'KEY_INDUSTRY_SURVEY' | 'LAND_USE_CHANGE' | 'VACATED_SITE' | 'KEY_UNIT_LAND' | 'DISCOVERED' | 'OTHER';
export type MonitoringKind = 'SELF_SOIL' | 'SELF_GROUNDWATER' | 'SURROUNDING_SOIL';
export type PermitCategory = 'KEY' | 'SIMPLIFIED' | 'REGISTRATION';
export type PermitEndReason = 'CLOSURE_RELOCATION' | 'PRODUCTION_HALT' | 'HOLDER_CHANGE' | 'TO_REGISTRATION' | 'REPLACED' | 'OTHER';
export type ReserveCategory = 'SOURCE_PREVENTION' | 'INVESTIGATION_ASSESSMENT' | 'RISK_CONTROL_REMEDIATION'
  | 'FARMLAND_SAFE_USE' | 'CAPACITY_BUILDING' | 'OTHER';
export type ReserveStage = 'DRAFT' | 'SUBMITTED' | 'IN_CENTRAL_RESERVE' | 'FUNDED' | 'IN_PROGRESS' | 'COMPLETED' | 'WITHDRAWN';

/** `landClass`: with a move into BELOW_SCREENING, RISK_ACCEPTABLE or DELISTED, the GB 36600-2018 values the report
 *  judged against (第一类用地 FIRST: housing, schools, hospitals, social welfare; absent = SECOND; RULES.md §2). */
export interface Evidence { documentNo: string; title: string; issuedBy: string; issuedOn: string; landClass?: 'FIRST' | 'SECOND' }

export type DemoStep =
  | { op: 'upsertKeyUnit'; ref: string; creditCode: string; name: string; countyCode: string; industry: string;
      address?: string; listedOn: string; contactPhone?: string }
  | { op: 'recordHiddenDangerCheck'; ref?: string; keyUnit: string; completedOn: string; findings?: string; rectified: boolean;
      hazardsFound?: boolean; rectificationDeadline?: string }
  | { op: 'recordMonitoring'; ref?: string; keyUnit: string; kind: MonitoringKind; year: number; sampledOn: string;
      exceedsScreening: boolean; beyondBoundary: boolean }
  | { op: 'delistKeyUnit'; keyUnit: string; delistedOn: string; batchDocument?: string }
  /** Key units (RULES.md §6): listed again with the batch document; a check's hazards rectified; an exceedance followed up; the 一厂一策 policy. */
  | { op: 'relistKeyUnit'; keyUnit: string; listedOn: string; batchDocument: string }
  | { op: 'recordRectification'; check: string; rectifiedOn: string }
  | { op: 'recordExceedanceFollowUp'; record: string; recordedOn: string; cause: string; measures: string }
  | { op: 'recordOnePlantOnePolicy'; keyUnit: string; document: Evidence; recordedOn: string }
  | { op: 'issuePermit'; ref: string; permitNo: string; holderName: string; creditCode: string; countyCode: string;
      industry: string; category: PermitCategory; issuedOn: string; validUntil: string }
  /** Ending a permit for CLOSURE_RELOCATION (the default) opens a vacated site and, for key units / key industries,
   *  a SUSPECTED plot; any other `reasonCategory` opens neither (RULES.md §5).
   *  `siteRef` / `plotRef` name those consequences so later steps can advance the plot. */
  | { op: 'endPermit'; permit: string; how: 'CANCEL' | 'REVOKE'; endedOn: string; reason: string;
      reasonCategory?: PermitEndReason; siteRef?: string; plotRef?: string }
  | { op: 'registerPlot'; ref: string; agency: Agency; name: string; countyCode: string; source: PlotSource;
      address?: string; areaM2?: number; centroid?: { lon: number; lat: number }; boundary?: unknown;
      industry?: string; formerEnterprise?: string; formerCreditCode?: string; keyUnit?: string;
      currentUseCode?: string; identifiedOn: string }
  | { op: 'reportDiscoveredContamination'; ref: string; agency: Agency; name: string; countyCode: string;
      address?: string; areaM2?: number; centroid?: { lon: number; lat: number }; currentUseCode?: string; identifiedOn: string; note: string }
  | { op: 'advancePlotStage'; plot: string; to: PlotStage; effectiveOn: string; evidence?: Evidence }
  | { op: 'planLandUse'; plot: string; plannedUseCode: string; decidedOn: string; supplyPlanYear?: number }
  /** A SUPPLY supplies `suppliedUseCodes`, else the planned use (RULES.md §3). */
  | { op: 'recordLandAction'; plot: string; action: 'RESERVE' | 'SUPPLY' | 'RECOVER' | 'ACQUIRE' | 'TRANSFER'; decidedOn: string;
      suppliedUseCodes?: string[]; supplyMethod?: 'ALLOCATION' | 'GRANT' | 'LEASE'; decisionNo?: string }
  | { op: 'recordVacatedSiteReserve'; site: string; landReservedOn: string }
  /** ECO closes a site without a plot, with its reason; ECO records the 拆除活动总结报告 (Jinzhong plan 3). */
  | { op: 'closeVacatedSite'; site: string; closedOn: string; reason: string }
  | { op: 'recordDemolitionReport'; site: string; filedOn: string; documentNo: string }
  | { op: 'issueConstructionPermit'; plot: string; agency: 'HOUSING' | 'APPROVALS'; permitNo: string; issuedOn: string;
      purpose: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION' }
  /** `purpose` absent: the works of the plot's construction permit (RULES.md §5). */
  | { op: 'reportConstructionStarted'; plot: string; agency: Agency; startedOn: string; purpose?: 'REGULAR' | 'RISK_CONTROL_OR_REMEDIATION' }
  | { op: 'rectifyViolation'; plot: string; rectifiedOn: string; note: string }
  | { op: 'createReserveProject'; ref: string; name: string; countyCode: string; category: ReserveCategory; year: number;
      totalInvestment?: string; centralFundsRequested?: string; plots?: string[]; keyUnits?: string[] }
  | { op: 'updateReserveProject'; project: string; stage?: ReserveStage; submittedOn?: string;
      enteredCentralReserveOn?: string; centralReserveBatchNo?: string; stageChangedOn?: string; centralFundsApproved?: string }
  /**
   * A step the platform refuses, with the error code it answers (a gate): replayed like any step, it must be
   * refused — the refusal is in the audit trail as an agency's attempt — and changes nothing. The demo shows a
   * rule that way (e.g. 法67: a key unit's land not recovered before its investigation is complete).
   */
  | { op: 'expectRefused'; code: string; why: string; step: DemoStep }
  /**
   * Farmland (RULES.md §12), written by the agriculture bureau: a county's survey imported as a GeoJSON
   * FeatureCollection built from `units`; category changes named by the unit's code; a registration the
   * reclamation gate refuses (`expectCode`), named by the plot it would reclaim.
   */
  | { op: 'importFarmlandUnits'; countyCode: string; registeredOn?: string; units: DemoFarmlandUnit[] }
  | { op: 'recordFarmlandCategoryChange'; countyCode: string; unitCode: string; to: FarmlandCategory; reason: 'LAND_USE_CHANGE' | 'ROUTINE_MONITORING' | 'SOIL_CROP_MONITORING';
      proposedOn: string; approvedOn?: string; approvalDocument?: string; reportedToProvinceOn?: string }
  | { op: 'registerFarmlandUnit'; countyCode: string; code: string; category: FarmlandCategory; plot?: string; boundary?: unknown; areaM2?: number;
      registeredOn?: string; expectCode?: string; why?: string }
  /**
   * Enforcement (RULES §10). A remote-sensing batch: `leads` names the leads it must create (ref → the plot's
   * ref), and the loader checks that it created exactly those. Inspections by ECO; leads moved, cases opened,
   * decided and referred by ECO; the police's feedback by PUBLIC_SECURITY; a joint meeting's minutes.
   */
  | { op: 'importRemoteSensing'; batchNo: string; acquiredOn: string; receivedOn?: string; featureCollection: unknown; leads: Record<string, string>; untouched: number }
  | { op: 'recordInspection'; ref?: string; subjectKind: 'PLOT' | 'KEY_UNIT'; subject: string; inspectedOn: string;
      method: 'ON_SITE' | 'REMOTE_SENSING' | 'ONLINE_MONITORING'; findings?: string; problems?: string[] }
  | { op: 'advanceLead'; lead: string; to: 'VERIFYING' | 'DISMISSED'; on: string; reason?: string }
  | { op: 'openCase'; ref: string; lead?: string; caseNo: string; openedOn: string; party: string; partyCreditCode?: string; facts: string }
  | { op: 'recordPenaltyDecision'; case: string; decisionNo: string; decidedOn: string; amount: string }
  | { op: 'referCaseToPolice'; case: string; referredOn: string; receivingUnit: string }
  | { op: 'recordPoliceFeedback'; case: string; feedback: string; feedbackOn: string }
  | { op: 'recordJointMeeting'; divisionCode: string; heldOn: string; title: string; minutesNo?: string;
      agencies: ('ECO' | 'NATURAL_RESOURCES' | 'HOUSING' | 'APPROVALS' | 'AGRICULTURE' | 'PUBLIC_SECURITY' | 'EMERGENCY')[];
      leads?: string[]; cases?: string[]; decisions: string[] };

export type FarmlandCategory = 'PRIORITY_PROTECTION' | 'SAFE_USE' | 'STRICT_CONTROL';
export interface DemoFarmlandUnit { code: string; category: FarmlandCategory; basicFarmland: boolean; boundary: unknown; name?: string }
