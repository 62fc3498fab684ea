import { Entity, Enum, Property } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PlotRecord } from './plot-record';
import { DateScalar } from '../../graphql/scalars';
import { DocumentRef } from './stage-event.entity';

/**
 * 后期管理 (法35; HJ 25.6 风险管控效果评估): a plot delisted after risk control stays under a plan —
 * monitoring every N months and a review every M years, both from the plan itself. Each monitoring and
 * review due under it is a POST_MANAGEMENT duty, met by a record of its kind on or after its due date's period.
 */
@ObjectType('PostManagementPlan', { simpleResolvers: true })
@Entity({ tableName: 'post_management_plan' })
export class PostManagementPlan extends PlotRecord {
  /** The plan document (后期管理计划). */
  @Field(() => DocumentRef)
  @Property({ type: 'json' })
  document!: DocumentRef;

  /** From this date the plan runs (the first monitoring falls due N months after it). */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  startsOn!: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  monitoringEveryMonths!: number;

  @Field(() => Int)
  @Property({ type: 'integer' })
  reviewEveryYears!: number;

  /** When the plan ends (null: until further notice). */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endsOn?: string;
}

export enum PostManagementKind { MONITORING = 'MONITORING', REVIEW = 'REVIEW' }
registerEnumType(PostManagementKind, { name: 'PostManagementKind' });

/** A monitoring or review done under a post-management plan. */
@ObjectType('PostManagementRecord', { simpleResolvers: true })
@Entity({ tableName: 'post_management_record' })
export class PostManagementRecord extends PlotRecord {
  @Field(() => PostManagementKind)
  @Enum({ items: () => PostManagementKind })
  kind!: PostManagementKind;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  doneOn!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  findings?: string;
}
