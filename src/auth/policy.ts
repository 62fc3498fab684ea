import fs from 'node:fs';
import { Agency, AGENCIES } from '../modules/client/agency';

/** What an agency may do with a part: nothing, read it, or read and write it. */
export type Access = 'none' | 'read' | 'write';

/**
 * THE policy table (BRIEF.md "Who may do what"): part × agency → access. Every Query, Mutation and object
 * field of the schema is mapped to one part in src/auth/parts.ts; graphql-shield rules are generated from
 * the two. A city may override rows with a JSON file named by SOILSHARE_POLICY_FILE (validated at boot).
 */
export const DEFAULT_POLICY = {
  reference:                { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'read',  EMERGENCY: 'read' }, // divisions, land uses, me
  keyUnit:                  { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // KeyUnit but contactPhone, checks, monitoring
  'keyUnit.contactPhone':   { ECO: 'write', NATURAL_RESOURCES: 'none',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' },
  permit:                   { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'write', AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' },
  'plot.basics':            { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // + registerPlot
  'plot.environment':       { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // stage, history, investigationRequired, advancePlotStage
  'plot.land':              { ECO: 'read',   NATURAL_RESOURCES: 'write', HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // plannedUse, landStatus, supplyPlanYear, planLandUse, recordLandAction
  'plot.filing':            { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // realEstateFilings, recordRealEstateFiling (法67)
  'plot.construction':      { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'write', APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // constructionStartedOn, reportConstructionStarted
  'plot.constructionPermit':{ ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'write', APPROVALS: 'write', AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // constructionPermitNo, issueConstructionPermit ("permit only")
  vacatedSite:              { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' },
  'vacatedSite.reserve':    { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // landReservedOn, recordVacatedSiteReserve
  reserve:                  { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // ReserveProject, reserveTracker
  violation:                { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // Violation, violations, obligations, rectifyViolation
  auditLog:                 { ECO: 'read',   NATURAL_RESOURCES: 'none',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // and only at CITY or PROVINCE scope
  problemList:              { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'read' }, // problems (问题清单, for the joint meeting), its export
  zeroViolationReview:      { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // 违规开发利用清零 (plan 12): whoever reads plot environment
  jointDispatchReport:      { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' },
  exports:                  { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'read' }, // plotsGeoJSON, changes
  // RULES §12 (Xiaoyi plan 9–10, Jinzhong plan 1–2): the agriculture bureau writes farmland (units, category changes,
  // imports); ecology and natural resources share the duty (市生态环境局、市规划和自然资源局) and read it, with the
  // reclamation gate's read (Plot.reclamationToFood); approvals reads it because the 环评限批 flag restricts the
  // EIA approvals it issues. Housing, public security and emergency have no business with it.
  farmland:                 { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'read',  AGRICULTURE: 'write', PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // FarmlandUnit, farmlandIndicator, Plot.reclamationToFood, its export
  // RULES §11 (Xiaoyi plan 6–8, Jinzhong plan 9). Plan 6 names ECO, natural resources, emergency and approvals for the yards;
  // emergency reads them and writes their safety procedure (安评); ECO and emergency inspect them (inspection.solidWasteYard). Plan 8 (legacy hazardous
  // waste) is ECO's alone; natural resources and emergency read it. The soil transfer plan is filed with ECO (法41); natural
  // resources (the land) and housing (the works site) read it.
  solidWasteYard:           { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'read' }, // SolidWasteYard, ledger, monitoring, procedures, registerSolidWasteYard…
  'solidWasteYard.safety':  { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'write' }, // safetyProcedure, recordYardSafetyProcedure
  hazardousWaste:           { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'read' }, // LegacyWasteSite, inventory, disposals, manifest counts and their import
  soilTransfer:             { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // SoilTransferPlan, legs, Plot.soilTransfers, reconcileSoilTransfers
  // Enforcement (RULES §10). Inspections: the part, then one part per subject kind deciding who may inspect it.
  inspection:               { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'write' }, // Inspection, inspections, Plot/KeyUnit.inspections, recordInspection (EMERGENCY: yards only, inspection.solidWasteYard)
  'inspection.plot':        { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // who may inspect a plot (its land: NATURAL_RESOURCES too)
  'inspection.keyUnit':     { ECO: 'write', NATURAL_RESOURCES: 'none',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // who may inspect a key unit
  'inspection.solidWasteYard': { ECO: 'write', NATURAL_RESOURCES: 'none', HOUSING: 'none',  APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'write' }, // who may inspect a solid-waste yard (RULES §11; Xiaoyi plan 6: ECO with the emergency bureau)
  lead:                     { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // Lead, leads, Plot.leads, recordLead, advanceLead (线索)
  remoteSensing:            { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' }, // importRemoteSensing, POST /imports/remote-sensing, batches, Lead.polygon
  // Cases: PUBLIC_SECURITY reads only the cases referred to it (src/modules/case/case.scope.ts) and writes only the feedback.
  case:                     { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'read',  EMERGENCY: 'none' }, // Case, cases, Plot.cases, openCase, recordPenaltyDecision, closeCase (案件)
  'case.referral':          { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'read',  EMERGENCY: 'none' }, // referredOn, referredTo, referCaseToPolice (移送公安)
  'case.feedback':          { ECO: 'read',   NATURAL_RESOURCES: 'read',   HOUSING: 'none',   APPROVALS: 'none',  AGRICULTURE: 'none',  PUBLIC_SECURITY: 'write', EMERGENCY: 'none' }, // policeFeedback, policeFeedbackOn, recordPoliceFeedback
  jointMeeting:             { ECO: 'write', NATURAL_RESOURCES: 'read',   HOUSING: 'read',   APPROVALS: 'read',  AGRICULTURE: 'read',  PUBLIC_SECURITY: 'read',  EMERGENCY: 'read' }, // JointMeeting, jointMeetings, recordJointMeeting (联席会议); its leads and cases by their own parts
  discoveredContamination:  { ECO: 'write', NATURAL_RESOURCES: 'write', HOUSING: 'write', APPROVALS: 'write', AGRICULTURE: 'none',  PUBLIC_SECURITY: 'none',  EMERGENCY: 'none' },
} as const satisfies Record<string, Record<Agency, Access>>;

export type Part = keyof typeof DEFAULT_POLICY;
export type Policy = Record<Part, Record<Agency, Access>>;
export const PARTS = Object.keys(DEFAULT_POLICY) as Part[];

const LEVELS: Record<Access, number> = { none: 0, read: 1, write: 2 };

/** True when `agency` has at least `need` on `part`. */
export function allows(policy: Policy, part: Part, agency: Agency, need: Exclude<Access, 'none'>): boolean {
  return LEVELS[policy[part][agency]] >= LEVELS[need];
}

/**
 * The policy in force: the default, with a city's overrides from a JSON file `{ "permit": { "APPROVALS": "read" } }`.
 * An unknown part, agency or access value stops the server with a message naming it.
 */
export function loadPolicy(file?: string): Policy {
  const policy = JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Policy;
  if (!file) return policy;
  let overrides: unknown;
  try {
    overrides = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`SOILSHARE_POLICY_FILE ${file}: cannot read it as JSON (${(e as Error).message})`);
  }
  if (!overrides || typeof overrides !== 'object' || Array.isArray(overrides)) throw new Error(`SOILSHARE_POLICY_FILE ${file}: must be an object of part → { agency: access }`);
  for (const [part, row] of Object.entries(overrides as Record<string, unknown>)) {
    if (!(part in policy)) throw new Error(`SOILSHARE_POLICY_FILE ${file}: unknown part "${part}" (known: ${PARTS.join(', ')})`);
    if (!row || typeof row !== 'object') throw new Error(`SOILSHARE_POLICY_FILE ${file}: part "${part}" must map agencies to access`);
    for (const [agency, access] of Object.entries(row as Record<string, unknown>)) {
      if (!AGENCIES.includes(agency as Agency)) throw new Error(`SOILSHARE_POLICY_FILE ${file}: unknown agency "${agency}" in part "${part}" (known: ${AGENCIES.join(', ')})`);
      if (!(typeof access === 'string' && access in LEVELS)) throw new Error(`SOILSHARE_POLICY_FILE ${file}: access for ${agency} on "${part}" must be none, read or write`);
      policy[part as Part][agency as Agency] = access as Access;
    }
  }
  return policy;
}
