import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { SolidWasteYard } from '../waste/waste.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

/** How an inspection was made (RULES §10): on site (现场检查), by satellite remote sensing (卫星遥感非现场检查), by online monitoring (在线监控). */
export enum InspectionMethod { ON_SITE = 'ON_SITE', REMOTE_SENSING = 'REMOTE_SENSING', ONLINE_MONITORING = 'ONLINE_MONITORING' }
registerEnumType(InspectionMethod, { name: 'InspectionMethod' });

/**
 * What was inspected. Each kind is a nullable foreign key of the inspection row (exactly one set: the table's
 * `inspection_one_subject` check); later families add their kind here, a column, and a policy part
 * `inspection.<kind>` deciding which agencies may inspect it.
 */
export enum InspectionSubjectKind { PLOT = 'PLOT', KEY_UNIT = 'KEY_UNIT', SOLID_WASTE_YARD = 'SOLID_WASTE_YARD' }
registerEnumType(InspectionSubjectKind, { name: 'InspectionSubjectKind' });

/** 检查 (RULES §10): an inspection of one subject by one agency on a date, with what it found. */
@ObjectType('Inspection', { simpleResolvers: true })
@Entity({ tableName: 'inspection' })
@CountyScope()
export class Inspection {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** The subject's county: set by the database from the subject (trigger inspection_county); the service sets the same. */
  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @ManyToOne(() => Plot, { fieldName: 'plot_id', nullable: true })
  plot?: Plot;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id', nullable: true })
  keyUnit?: KeyUnit;

  /** A solid-waste yard (RULES §11; Xiaoyi plan 6: every yard on site every month). */
  @ManyToOne(() => SolidWasteYard, { fieldName: 'solid_waste_yard_id', nullable: true })
  solidWasteYard?: SolidWasteYard;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  inspectedOn!: string;

  @Field(() => InspectionMethod)
  @Enum({ items: () => InspectionMethod, columnType: 'text' })
  method!: InspectionMethod;

  /** The inspecting agency: the token's. */
  @Field(() => Agency)
  @Enum({ items: () => Agency, columnType: 'text' })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  findings?: string;

  /** The problems found (存在问题), one text each; empty when none. */
  @Field(() => [String])
  @Property({ type: 'text[]', default: '{}' })
  problems: string[] = [];

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}

/** The subject kind of a row: the foreign key that is set. */
export const subjectKindOf = (i: Pick<Inspection, 'plot' | 'keyUnit' | 'solidWasteYard'>): InspectionSubjectKind =>
  i.plot ? InspectionSubjectKind.PLOT : i.solidWasteYard ? InspectionSubjectKind.SOLID_WASTE_YARD : InspectionSubjectKind.KEY_UNIT;
