import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import type { Row } from '../../db/plain';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { Inspection, InspectionMethod, InspectionSubjectKind, subjectKindOf } from './inspection.entity';
import { inspectionLoaders } from './inspection.loaders';
import * as service from './inspection.service';

export const InspectionConnection = Connection(Inspection, 'InspectionConnection');

@InputType('InspectionInput')
export class InspectionInput {
  @Field(() => InspectionSubjectKind) subjectKind!: InspectionSubjectKind;
  @Field(() => ID) subjectId!: string;
  @Field(() => DateScalar) inspectedOn!: string;
  @Field(() => InspectionMethod) method!: InspectionMethod;
  @Field(() => String, { nullable: true }) findings?: string;
  /** 存在问题: one text per problem found. */
  @Field(() => [String], { nullable: true }) problems?: string[];
}

@InputType('InspectionFilter')
export class InspectionFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => InspectionSubjectKind, { nullable: true }) subjectKind?: InspectionSubjectKind;
  @Field(() => InspectionMethod, { nullable: true }) method?: InspectionMethod;
  @Field(() => DateScalar, { nullable: true }) from?: string;
  @Field(() => DateScalar, { nullable: true }) to?: string;
}

/** Inspections (检查, RULES §10): recorded by ECO (plots, key units) and NATURAL_RESOURCES (plots), read by the parts' readers. */
@Resolver(() => Inspection)
export class InspectionResolver {
  @Query(() => InspectionConnection)
  inspections(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => InspectionFilter, { nullable: true }) filter?: InspectionFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<Inspection>[] = [];
    const counties = input.countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (filter?.subjectKind === InspectionSubjectKind.PLOT) where.push({ plot: { $ne: null } });
    if (filter?.subjectKind === InspectionSubjectKind.KEY_UNIT) where.push({ keyUnit: { $ne: null } });
    if (filter?.subjectKind === InspectionSubjectKind.SOLID_WASTE_YARD) where.push({ solidWasteYard: { $ne: null } });
    if (filter?.method) where.push({ method: filter.method });
    const from = input.date(filter?.from, 'filter.from');
    const to = input.date(filter?.to, 'filter.to');
    if (from && to && to < from) throw badInput('filter.to', 'must not be before filter.from');
    if (from) where.push({ inspectedOn: { $gte: from } });
    if (to) where.push({ inspectedOn: { $lte: to } });
    return paginate(ctx, Inspection, { $and: where }, first, after, info);
  }

  @FieldResolver(() => InspectionSubjectKind)
  subjectKind(@Root() i: Row<Inspection>) {
    return subjectKindOf(i);
  }

  @FieldResolver(() => Division)
  county(@Root() i: Row<Inspection>, @Ctx() ctx: Context) {
    return countyOf(ctx, i);
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() i: Row<Inspection>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return i.plot ? ctx.loaders.plotFor(info).load(i.plot.id) : null;
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() i: Row<Inspection>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return i.keyUnit ? ctx.loaders.keyUnitFor(info).load(i.keyUnit.id) : null;
  }

  @Mutation(() => Inspection, { description: 'An inspection (检查) of a plot or a key unit by the token\'s agency (RULES §10). ECO inspects plots and key units, NATURAL_RESOURCES plots.' })
  recordInspection(@Ctx() ctx: Context, @Arg('input', () => InspectionInput) a: InspectionInput) {
    return service.recordInspection(ctx, a);
  }
}

/** The inspections of a plot and of a key unit (one statement per level). */
@Resolver(() => Plot)
export class PlotInspectionsResolver {
  @FieldResolver(() => [Inspection])
  inspections(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return inspectionLoaders(ctx).ofPlot.load(p.id);
  }
}

@Resolver(() => KeyUnit)
export class KeyUnitInspectionsResolver {
  @FieldResolver(() => [Inspection])
  inspections(@Root() k: Row<KeyUnit>, @Ctx() ctx: Context) {
    return inspectionLoaders(ctx).ofKeyUnit.load(k.id);
  }
}
