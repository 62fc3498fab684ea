import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import type { Row } from '../../db/plain';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import * as input from '../common/input';
import { byIdLoader, groupedLoader, perRequest } from '../common/request-loaders';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { Inspection } from '../inspection/inspection.entity';
import { inspectionLoaders } from '../inspection/inspection.loaders';
import { Plot } from '../plot/plot.entity';
import { RemoteSensingPolygon } from '../remote-sensing/remote-sensing.entity';
import { EnforcementCase } from '../case/case.entity';
import { caseRowFilter } from '../case/case.scope';
import { Lead, LeadSource, LeadState } from './lead.entity';
import * as service from './lead.service';

export const LeadConnection = Connection(Lead, 'LeadConnection');

@InputType('LeadInput')
export class LeadInput {
  @Field(() => LeadSource) source!: LeadSource;
  @Field(() => DateScalar) receivedOn!: string;
  @Field() description!: string;
  @Field(() => ID, { nullable: true }) plotId?: string;
  @Field(() => ID, { nullable: true }) inspectionId?: string;
  /** Required when the lead names neither a plot nor an inspection. */
  @Field(() => ID, { nullable: true }) countyCode?: string;
}

@InputType('LeadFilter')
export class LeadFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => LeadState, { nullable: true }) state?: LeadState;
  @Field(() => LeadSource, { nullable: true }) source?: LeadSource;
}

export const leadLoaders = (ctx: Context) => ({
  byId: perRequest(ctx, 'leadById', () => byIdLoader(ctx, Lead)),
  ofPlot: perRequest(ctx, 'leadsOfPlot', () => groupedLoader(ctx, Lead, 'plot', (r) => r.plot?.id, { receivedOn: 'asc', id: 'asc' })),
  polygon: perRequest(ctx, 'polygonById', () => byIdLoader(ctx, RemoteSensingPolygon)),
  caseOfLead: perRequest(ctx, 'caseOfLead', () => groupedLoader(ctx, EnforcementCase, 'lead', (r) => r.lead?.id, { id: 'asc' }, caseRowFilter(ctx))),
});

/** Leads (线索, RULES §10): ECO records and moves them; remote-sensing leads come from importRemoteSensing. */
@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => LeadConnection)
  leads(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => LeadFilter, { nullable: true }) filter?: LeadFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<Lead>[] = [];
    const counties = input.countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (filter?.state) where.push({ state: filter.state });
    if (filter?.source) where.push({ source: filter.source });
    return paginate(ctx, Lead, { $and: where }, first, after, info);
  }

  @Query(() => Lead, { nullable: true })
  lead(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return leadLoaders(ctx).byId.load(input.id(id, 'id'));
  }

  @FieldResolver(() => Division)
  county(@Root() l: Row<Lead>, @Ctx() ctx: Context) {
    return countyOf(ctx, l);
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() l: Row<Lead>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return l.plot ? ctx.loaders.plotFor(info).load(l.plot.id) : null;
  }

  @FieldResolver(() => Inspection, { nullable: true })
  inspection(@Root() l: Row<Lead>, @Ctx() ctx: Context) {
    return l.inspection ? inspectionLoaders(ctx).byId.load(l.inspection.id) : null;
  }

  /** The change polygon a remote-sensing lead came from. */
  @FieldResolver(() => RemoteSensingPolygon, { nullable: true })
  polygon(@Root() l: Row<Lead>, @Ctx() ctx: Context) {
    return l.polygon ? leadLoaders(ctx).polygon.load(l.polygon.id) : null;
  }

  /** The case opened from it (state CASE). */
  @FieldResolver(() => EnforcementCase, { nullable: true })
  async case(@Root() l: Row<Lead>, @Ctx() ctx: Context) {
    return (await leadLoaders(ctx).caseOfLead.load(l.id))[0] ?? null;
  }

  @Mutation(() => Lead, { description: 'ECO: a lead (线索) from a public report, an inspection or a referral (RULES §10).' })
  recordLead(@Ctx() ctx: Context, @Arg('input', () => LeadInput) a: LeadInput) {
    return service.recordLead(ctx, a);
  }

  @Mutation(() => Lead, { description: 'ECO: NEW → VERIFYING, VERIFYING → DISMISSED (with a reason). VERIFYING → CASE is openCase.' })
  advanceLead(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('to', () => LeadState) to: LeadState,
    @Arg('on', () => DateScalar) on: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ) {
    return service.advanceLead(ctx, { id, to, on, reason, expectedVersion });
  }
}

@Resolver(() => Plot)
export class PlotLeadsResolver {
  @FieldResolver(() => [Lead])
  leads(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return leadLoaders(ctx).ofPlot.load(p.id);
  }
}
