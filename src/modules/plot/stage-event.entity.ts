import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Plot } from './plot.entity';
import { PlotStage } from './plot.enums';
import { LandClass } from '../division/land-class';
import { Agency } from '../client/agency';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';

/** The evidence behind a stage change: the reviewed report (调查报告, 风险评估报告, 效果评估报告 …). */
@ObjectType('Document', { simpleResolvers: true })
export class DocumentRef {
  @Field() documentNo!: string;
  @Field() title!: string;
  @Field() issuedBy!: string;
  @Field(() => DateScalar) issuedOn!: string;
}

/**
 * One move of a plot's lifecycle. Append-only: `effectiveOn` is when it happened in the world (reports
 * read it), `recordedAt` when it reached the platform; keeping both lets history older than the platform
 * be entered with its real dates while a past quarter's report never changes.
 */
@ObjectType('StageEvent', { simpleResolvers: true })
@Entity({ tableName: 'stage_event' })
// A plot's stage at a date is one probe of this index (latest event first, stage read from the index itself;
// county_code, which row security tests, too: migrations/Migration20261128235500).
@Index({ name: 'stage_event_plot_effective_covering', expression: `create index "stage_event_plot_effective_covering" on "stage_event" ("plot_id", "effective_on" desc, "id" desc) include ("to_stage", "county_code")` })
@Index({ properties: ['to', 'effectiveOn'] })
export class StageEvent {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Plot, { fieldName: 'plot_id' })
  plot!: Plot;

  @Field(() => PlotStage, { nullable: true })
  @Enum({ items: () => PlotStage, nullable: true, fieldName: 'from_stage' })
  from?: PlotStage;

  @Field(() => PlotStage)
  @Enum({ items: () => PlotStage, fieldName: 'to_stage' })
  to!: PlotStage;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  effectiveOn!: string;

  @Field(() => DateTimeScalar)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();

  @Field(() => Agency)
  @Enum({ items: () => Agency })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Field(() => DocumentRef, { nullable: true })
  @Property({ type: 'json', nullable: true })
  evidence?: DocumentRef;

  /**
   * A move into a cleared stage (BELOW_SCREENING, RISK_ACCEPTABLE, DELISTED): the GB 36600 class whose values
   * the investigation or evaluation was judged against (RULES.md §2). Null on other moves; a cleared move
   * recorded without it counts as SECOND, the conservative reading.
   */
  @Field(() => LandClass, { nullable: true })
  @Enum({ items: () => LandClass, nullable: true })
  landClass?: LandClass;
}
