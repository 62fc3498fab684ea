import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Lead } from '../lead/lead.entity';
import { Plot } from '../plot/plot.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

/** Where a case stands: open (立案), referred to the police (移送公安), closed (结案). Derived from its dates. */
export enum CaseState { OPEN = 'OPEN', REFERRED = 'REFERRED', CLOSED = 'CLOSED' }
registerEnumType(CaseState, { name: 'CaseState' });

/**
 * 案件 (RULES §10): opened by ECO (立案), possibly from a lead, about a party and a plot or key unit; the
 * penalty decision (行政处罚决定书: number, date, amount); the referral to the police (移送公安: date,
 * receiving unit) with the police's feedback (recorded by PUBLIC_SECURITY); closed (结案).
 */
@ObjectType('Case', { simpleResolvers: true })
@Entity({ tableName: 'enforcement_case' })
@CountyScope()
export class EnforcementCase {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  /** 立案编号. */
  @Field()
  @Property({ type: 'string', length: 100, unique: true })
  caseNo!: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  openedOn!: string;

  @ManyToOne(() => Lead, { fieldName: 'lead_id', nullable: true, unique: true })
  lead?: Lead;

  @ManyToOne(() => Plot, { fieldName: 'plot_id', nullable: true })
  plot?: Plot;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id', nullable: true })
  keyUnit?: KeyUnit;

  /** 当事人. */
  @Field()
  @Property({ type: 'string' })
  party!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 18, nullable: true })
  partyCreditCode?: string;

  /** 违法事实. */
  @Field()
  @Property({ type: 'text' })
  facts!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  penaltyDecisionNo?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  penaltyDecidedOn?: string;

  /** 罚款 in yuan, a decimal string ("200000.00"). */
  @Field(() => String, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  penaltyAmount?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  referredOn?: string;

  /** 受移送单位, e.g. 孝义市公安局. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  referredTo?: string;

  /** 公安机关反馈: recorded by PUBLIC_SECURITY. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  policeFeedback?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  policeFeedbackOn?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  closedOn?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  closingNote?: string;

  @Field(() => Agency)
  @Enum({ items: () => Agency, columnType: 'text' })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

export const caseStateOf = (c: Pick<EnforcementCase, 'closedOn' | 'referredOn'>): CaseState =>
  c.closedOn ? CaseState.CLOSED : c.referredOn ? CaseState.REFERRED : CaseState.OPEN;
