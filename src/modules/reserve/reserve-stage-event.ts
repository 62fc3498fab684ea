import { Field, ObjectType } from 'type-graphql';
import { Agency } from '../client/agency';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { ReserveStage } from './reserve-project.entity';

/**
 * One move of a reserve project's stages (table reserve_stage_event, append-only; RULES.md §7). `effectiveOn`
 * is when it happened (the tracker reads it: a project's stage at a date is its last event on or before that
 * date), `recordedAt` when it reached the platform. A project is created at DRAFT without an event: its
 * first event is its first move.
 * Written and read with SQL (src/modules/reserve/reserve-stage-event.sql.ts); not an ORM entity.
 */
@ObjectType('ReserveStageEvent', { simpleResolvers: true })
export class ReserveStageEvent {
  @Field(() => ReserveStage) from!: ReserveStage;
  @Field(() => ReserveStage) to!: ReserveStage;
  @Field(() => DateScalar) effectiveOn!: string;
  @Field(() => DateTimeScalar) recordedAt!: Date;
  @Field(() => Agency) agency!: Agency;
}
