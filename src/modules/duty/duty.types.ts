import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { Agency } from '../client/agency';

/** What a duty asks (RULES.md §6). Key-unit kinds first, then the plot kinds of issue 13; the order lists duties. */
export enum ObligationKind {
  HIDDEN_DANGER_CHECK = 'HIDDEN_DANGER_CHECK',
  SELF_MONITORING = 'SELF_MONITORING',
  PERMIT_COVERAGE = 'PERMIT_COVERAGE',
  ONE_PLANT_ONE_POLICY = 'ONE_PLANT_ONE_POLICY',
  HIDDEN_DANGER_RECTIFICATION = 'HIDDEN_DANGER_RECTIFICATION', // a check's hazards, by its own deadline
  EXCEEDANCE_FOLLOW_UP = 'EXCEEDANCE_FOLLOW_UP', // a self-monitoring record over the screening values
  DIRECTORY_UPDATE = 'DIRECTORY_UPDATE', // a closed plant (permit ended by CLOSURE_RELOCATION) still on the directory
  INVESTIGATION_BEFORE_USE_CHANGE = 'INVESTIGATION_BEFORE_USE_CHANGE', // 法59 ¶2
  KEY_UNIT_LAND_INVESTIGATION = 'KEY_UNIT_LAND_INVESTIGATION', // 法67
  REAL_ESTATE_FILING = 'REAL_ESTATE_FILING', // 法67; Xiaoyi plan 3, Jinzhong plan 5
  POST_MANAGEMENT = 'POST_MANAGEMENT', // 法35 后期管理
  // Waste and soil on the move (RULES §11)
  MONTHLY_INSPECTION = 'MONTHLY_INSPECTION', // a solid-waste yard: ON_SITE inspections every calendar month (Xiaoyi plan 6)
  PROCEDURES = 'PROCEDURES', // a solid-waste yard's land / EIA / safety documents (土地、环评、安评手续)
  DISPOSAL = 'DISPOSAL', // a closed plant's legacy hazardous waste (Xiaoyi plan 8)
  TRANSFER_PLAN_FILED = 'TRANSFER_PLAN_FILED', // a plot under works: its soil transfer plan filed before the first load (法41)
}
registerEnumType(ObligationKind, { name: 'ObligationKind' });
export enum ObligationState { MET = 'MET', DUE = 'DUE', OVERDUE = 'OVERDUE' }
registerEnumType(ObligationState, { name: 'ObligationState' });

/** Whose duty it is: the subject the engine has a SQL definition for. */
export enum DutySubject { KEY_UNIT = 'KEY_UNIT', PLOT = 'PLOT', SOLID_WASTE_YARD = 'SOLID_WASTE_YARD', LEGACY_WASTE_SITE = 'LEGACY_WASTE_SITE' }
registerEnumType(DutySubject, { name: 'DutySubject' });

/**
 * Who must act: the key unit itself, whoever uses the plot's land (土地使用权人), the bureau (DIRECTORY_UPDATE: ECO keeps
 * the directory; MONTHLY_INSPECTION: ECO inspects), or the unit holding the waste (a yard's operator, a closed plant: PROCEDURES, DISPOSAL).
 */
export enum DutyObligor { KEY_UNIT = 'KEY_UNIT', LAND_USER = 'LAND_USER', BUREAU = 'BUREAU', OPERATOR = 'OPERATOR' }
registerEnumType(DutyObligor, { name: 'DutyObligor' });

@ObjectType('Obligation', { simpleResolvers: true })
export class Obligation {
  @Field(() => ObligationKind) kind!: ObligationKind;
  @Field(() => ObligationState) state!: ObligationState;
  @Field(() => DateScalar, { nullable: true }) dueOn!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

/** One row of the engine: a duty with its subject, county, obligor and the bureau that supervises it. */
export interface DutyRow extends Obligation {
  subject: DutySubject;
  keyUnitId: number | null;
  plotId: number | null;
  solidWasteYardId: number | null;
  legacyWasteSiteId: number | null;
  countyCode: string;
  obligor: DutyObligor;
  responsibleAgency: Agency;
}

/** A duty as the `duties` query lists it across subjects (keyUnit, plot and county are resolved in duty.resolver.ts). */
@ObjectType('Duty', { simpleResolvers: true })
export class Duty extends Obligation {
  @Field(() => DutySubject) subject!: DutySubject;
  @Field(() => DutyObligor) obligor!: DutyObligor;
  @Field(() => Agency) responsibleAgency!: Agency;
}
