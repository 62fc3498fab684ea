import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import { Inspection } from '../inspection/inspection.entity';
import { Plot } from '../plot/plot.entity';
import { RemoteSensingPolygon } from '../remote-sensing/remote-sensing.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';
import { LeadState } from './lead-lifecycle';

export { LeadState };
registerEnumType(LeadState, { name: 'LeadState' });

/** Where a lead came from (RULES §10): satellite change polygons, a public report (举报), an inspection, another body's referral. */
export enum LeadSource { REMOTE_SENSING = 'REMOTE_SENSING', PUBLIC_REPORT = 'PUBLIC_REPORT', INSPECTION = 'INSPECTION', REFERRAL = 'REFERRAL' }
registerEnumType(LeadSource, { name: 'LeadSource' });

/** 线索: a possible violation to verify, with the plot, inspection or change polygon it came from. */
@ObjectType('Lead', { simpleResolvers: true })
@Entity({ tableName: 'lead' })
@CountyScope()
@Index({ properties: ['county', 'state'] })
export class Lead {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => LeadSource)
  @Enum({ items: () => LeadSource, columnType: 'text' })
  source!: LeadSource;

  @Field(() => LeadState)
  @Enum({ items: () => LeadState, columnType: 'text' })
  state: LeadState = LeadState.NEW;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  receivedOn!: string;

  @Field()
  @Property({ type: 'text' })
  description!: string;

  @ManyToOne(() => Plot, { fieldName: 'plot_id', nullable: true })
  plot?: Plot;

  @ManyToOne(() => Inspection, { fieldName: 'inspection_id', nullable: true })
  inspection?: Inspection;

  @ManyToOne(() => RemoteSensingPolygon, { fieldName: 'polygon_id', nullable: true })
  polygon?: RemoteSensingPolygon;

  /** When verification (核查) began. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  verifyingOn?: string;

  /** When the lead became a case or was dismissed. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  closedOn?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  dismissalReason?: string;

  /** The agency that recorded it (ECO; the import's for remote-sensing leads). */
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
