import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { DischargePermit } from '../permit/permit.entity';
import { Plot } from '../plot/plot.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

/**
 * A site with a plot follows its plot's stage (VACATED → UNDER_INVESTIGATION → RELEASED); CLOSED is only for a
 * site without a plot, closed by ECO with a reason (RULES.md §5).
 */
export enum VacatedSiteStatus { VACATED = 'VACATED', UNDER_INVESTIGATION = 'UNDER_INVESTIGATION', RELEASED = 'RELEASED', CLOSED = 'CLOSED' }
registerEnumType(VacatedSiteStatus, { name: 'VacatedSiteStatus' });

/**
 * 腾退地块: the land an enterprise left when its permit ended (关闭搬迁). Its status follows its plot's stage; a site
 * without a plot is closed by ECO (closeVacatedSite) instead.
 */
@ObjectType('VacatedSite', { simpleResolvers: true })
@Entity({ tableName: 'vacated_site' })
@CountyScope()
@Index({ properties: ['county', 'status'] })
export class VacatedSite {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field()
  @Property({ type: 'string' })
  enterpriseName!: string;

  @Field()
  @Property({ type: 'string', length: 18 })
  creditCode!: string;

  @Field()
  @Property({ type: 'string' })
  industry!: string;

  @ManyToOne(() => DischargePermit, { fieldName: 'permit_id', nullable: true, unique: true })
  permit?: DischargePermit;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  vacatedOn!: string;

  /** 拆除活动总结报告 (Jinzhong plan 3) filed: set by recordDemolitionReport with its date and document number. */
  @Field()
  @Property({ type: 'boolean' })
  demolitionReportFiled: boolean = false;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  demolitionReportFiledOn?: string;

  @Field({ nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  demolitionReportNo?: string;

  /** The day ECO closed a site that has no plot (status CLOSED); null otherwise. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  closedOn?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  closeReason?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  landReservedOn?: string;

  @ManyToOne(() => Plot, { fieldName: 'plot_id', nullable: true })
  @Index()
  plot?: Plot;

  @Field(() => VacatedSiteStatus)
  @Enum({ items: () => VacatedSiteStatus })
  status: VacatedSiteStatus = VacatedSiteStatus.VACATED;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
