import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Row } from '../../db/plain';
import type { Context } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { Obligation } from '../duty/duty.types';
import { Plot } from './plot.entity';
import { EvidenceInput } from './plot.resolver';
import { PostManagementKind, PostManagementPlan, PostManagementRecord } from './post-management.entity';
import { RealEstateFiling } from './real-estate-filing.entity';
import * as service from './plot-duties.service';

/** A plot's duties (RULES.md §6, from the duty engine) and the records that meet them. */
@Resolver(() => Plot)
export class PlotDutiesResolver {
  /** The plot's duties at the request's today (one statement for every plot of the response). */
  @FieldResolver(() => [Obligation])
  obligations(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.obligationsOfPlot.load(p.id);
  }

  @FieldResolver(() => [RealEstateFiling])
  realEstateFilings(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.realEstateFilingsOfPlot.load(p.id);
  }

  /** The latest plan recorded (by its start); the duty engine reads the latest one started by its date. */
  @FieldResolver(() => PostManagementPlan, { nullable: true })
  async postManagementPlan(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    const plans = await ctx.loaders.postManagementPlansOfPlot.load(p.id);
    return plans[plans.length - 1] ?? null;
  }

  @FieldResolver(() => [PostManagementRecord])
  postManagementRecords(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.postManagementRecordsOfPlot.load(p.id);
  }

  @Mutation(() => Plot)
  recordRealEstateFiling(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('registeredOn', () => DateScalar) registeredOn: string,
    @Arg('ecoFiledOn', () => DateScalar) ecoFiledOn: string,
    @Arg('documentNo') documentNo: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordRealEstateFiling(ctx, { plotId, registeredOn, ecoFiledOn, documentNo, expectedVersion });
  }

  @Mutation(() => Plot)
  recordPostManagementPlan(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('document', () => EvidenceInput) document: EvidenceInput,
    @Arg('startsOn', () => DateScalar) startsOn: string,
    @Arg('monitoringEveryMonths', () => Int) monitoringEveryMonths: number,
    @Arg('reviewEveryYears', () => Int) reviewEveryYears: number,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('endsOn', () => DateScalar, { nullable: true }) endsOn?: string,
  ) {
    return service.recordPostManagementPlan(ctx, { plotId, document, startsOn, monitoringEveryMonths, reviewEveryYears, endsOn, expectedVersion });
  }

  @Mutation(() => Plot)
  recordPostManagement(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('kind', () => PostManagementKind) kind: PostManagementKind,
    @Arg('doneOn', () => DateScalar) doneOn: string,
    @Arg('findings', () => String, { nullable: true }) findings?: string,
  ) {
    return service.recordPostManagement(ctx, { plotId, kind, doneOn, findings });
  }
}
