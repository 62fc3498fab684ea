import type { Row } from '../../db/plain';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar, DecimalScalar } from '../../graphql/scalars';
import { countiesFilter } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { ReserveCategory, ReserveProject, ReserveStage } from './reserve-project.entity';
import { ReserveStageEvent } from './reserve-stage-event';
import * as service from './reserve-project.service';

export const ReserveProjectConnection = Connection(ReserveProject, 'ReserveProjectConnection');

@InputType('ReserveProjectInput')
export class ReserveProjectInput {
  @Field() name!: string;
  @Field(() => ID) countyCode!: string;
  @Field(() => ReserveCategory) category!: ReserveCategory;
  @Field(() => Int) year!: number;
  @Field(() => DecimalScalar, { nullable: true }) totalInvestment?: string;
  @Field(() => DecimalScalar, { nullable: true }) centralFundsRequested?: string;
  @Field(() => [ID], { nullable: true }) plotIds?: string[];
  @Field(() => [ID], { nullable: true }) keyUnitIds?: string[];
}

@InputType('ReserveProjectUpdate')
export class ReserveProjectUpdate {
  @Field(() => ReserveStage, { nullable: true }) stage?: ReserveStage;
  @Field(() => DateScalar, { nullable: true }) submittedOn?: string;
  @Field(() => DateScalar, { nullable: true }) enteredCentralReserveOn?: string;
  @Field(() => DecimalScalar, { nullable: true }) centralFundsApproved?: string;
  /** 入库批次文号: required with enteredCentralReserveOn, given only with a stage IN_CENTRAL_RESERVE or later (RULES.md §7). */
  @Field({ nullable: true }) centralReserveBatchNo?: string;
  /** The date of the change of stage; by default the date the move carries (submittedOn, enteredCentralReserveOn), else today. */
  @Field(() => DateScalar, { nullable: true }) stageChangedOn?: string;
}

@Resolver(() => ReserveProject)
export class ReserveProjectResolver {
  @Query(() => ReserveProjectConnection)
  reserveProjects(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('stage', () => ReserveStage, { nullable: true }) stage?: ReserveStage,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<ReserveProject>[] = [];
    const counties = countiesFilter(ctx, divisionCode, 'divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (year != null) where.push({ year });
    if (stage) where.push({ stage });
    return paginate(ctx, ReserveProject, { $and: where }, first, after, info);
  }

  @FieldResolver(() => Division)
  county(@Root() r: Row<ReserveProject>, @Ctx() ctx: Context) {
    return countyOf(ctx, r);
  }

  @FieldResolver(() => [Plot])
  plots(@Root() r: Row<ReserveProject>, @Ctx() ctx: Context) {
    return ctx.loaders.plotsOfReserveProject.load(r.id);
  }

  @FieldResolver(() => [KeyUnit])
  keyUnits(@Root() r: Row<ReserveProject>, @Ctx() ctx: Context) {
    return ctx.loaders.keyUnitsOfReserveProject.load(r.id);
  }

  /** The project's moves between stages, oldest first (table reserve_stage_event). */
  @FieldResolver(() => [ReserveStageEvent])
  stageHistory(@Root() r: Row<ReserveProject>, @Ctx() ctx: Context) {
    return ctx.loaders.reserveStageHistory.load(r.id);
  }

  @Mutation(() => ReserveProject)
  createReserveProject(@Ctx() ctx: Context, @Arg('input', () => ReserveProjectInput) input: ReserveProjectInput) {
    return service.createReserveProject(ctx, input);
  }

  @Mutation(() => ReserveProject)
  updateReserveProject(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => ReserveProjectUpdate) input: ReserveProjectUpdate,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.updateReserveProject(ctx, id, input, expectedVersion);
  }
}
