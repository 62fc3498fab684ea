import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { DischargePermit } from '../permit/permit.entity';
import { Plot } from '../plot/plot.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

export enum VacatedSiteStatus { VACATED = 'VACATED', UNDER_INVESTIGATION = 'UNDER_INVESTIGATION', RELEASED = 'RELEASED' }
registerEnumType(VacatedSiteStatus, { name: 'VacatedSiteStatus' });

/** 腾退地块: the land an enterprise left when its permit ended. Its status follows its plot's stage. */
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

  @Field()
  @Property({ type: 'boolean' })
  demolitionReportFiled: boolean = false;

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
