import { Arg, Ctx, Field, FieldResolver, Float, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { findOnePlain, Row } from '../../db/plain';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput } from '../../errors';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { pointProblem } from '../../validation/geo';
import { countiesFilter } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { LandUse } from '../division/landuse.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { likePattern, sqlWhere } from '../keyunit/keyunit.resolver';
import { ReserveProject } from '../reserve/reserve-project.entity';
import { Violation } from '../violation/violation.entity';
import { clearance, investigationRequired } from './gates';
import { factsOf } from './plot.facts';
import { Plot } from './plot.entity';
import { ConstructionPurpose, LandAction, LandStatus, PlotSource, PlotStage } from './plot.enums';
import { StageEvent } from './stage-event.entity';
import * as service from './plot.service';

export const PlotConnection = Connection(Plot, 'PlotConnection');

@ObjectType('Point', { simpleResolvers: true })
export class Point {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@ObjectType('Clearance', { simpleResolvers: true })
export class Clearance {
  @Field() supplyForSensitiveUse!: boolean;
  @Field() changeOfUse!: boolean;
  @Field() regularConstruction!: boolean;
  @Field(() => [String]) reasons!: string[];
}

@InputType('NearInput')
export class NearInput {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
  @Field(() => Float) radiusM!: number;
}

@InputType('PlotFilter')
export class PlotFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => [PlotStage], { nullable: true }) stages?: PlotStage[];
  @Field({ nullable: true }) sensitivePlannedUse?: boolean;
  @Field(() => LandStatus, { nullable: true }) landStatus?: LandStatus;
  @Field({ nullable: true }) search?: string;
  @Field(() => NearInput, { nullable: true }) near?: NearInput;
}

@InputType('PointInput')
export class PointInput {
  @Field(() => Float) lon!: number;
  @Field(() => Float) lat!: number;
}

@InputType('PlotInput')
export class PlotInput {
  @Field() name!: string;
  @Field(() => ID) countyCode!: string;
  @Field(() => PlotSource) source!: PlotSource;
  @Field({ nullable: true }) address?: string;
  @Field(() => Float, { nullable: true }) areaM2?: number;
  @Field(() => PointInput, { nullable: true }) centroid?: PointInput;
  @Field(() => JSONScalar, { nullable: true }) boundary?: unknown;
  @Field({ nullable: true }) industry?: string;
  @Field({ nullable: true }) formerEnterprise?: string;
  @Field({ nullable: true }) formerCreditCode?: string;
  @Field(() => ID, { nullable: true }) keyUnitId?: string;
  @Field({ nullable: true }) currentUseCode?: string;
  @Field(() => DateScalar, { nullable: true }) identifiedOn?: string;
}

@InputType('EvidenceInput')
export class EvidenceInput {
  @Field() documentNo!: string;
  @Field() title!: string;
  @Field() issuedBy!: string;
  @Field(() => DateScalar) issuedOn!: string;
}

/** The plot filters of the contract as one MikroORM condition (shared by `plots` and `plotsGeoJSON`). */
export function plotWhere(ctx: Context, filter: PlotFilter | undefined): FilterQuery<Plot> {
  const where: FilterQuery<Plot>[] = [];
  const counties = countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
  if (counties) where.push({ county: { $in: counties } });
  if (filter?.stages) where.push({ stage: { $in: filter.stages } });
  if (filter?.landStatus) where.push({ landStatus: filter.landStatus });
  if (filter?.sensitivePlannedUse != null) {
    const sensitive = [...ctx.cache.landUses.values()].filter((l) => l.sensitive).map((l) => l.code);
    where.push(filter.sensitivePlannedUse ? { plannedUse: { $in: sensitive } } : { $or: [{ plannedUse: null }, { plannedUse: { $nin: sensitive } }] });
  }
  if (filter?.search) {
    where.push(sqlWhere(ctx, 'plot', `lower(name || ' ' || plot_code || ' ' || coalesce(former_enterprise, '')) like ?`, [likePattern(filter.search)]));
  }
  if (filter?.near) {
    const { lon, lat, radiusM } = filter.near;
    const p = pointProblem(lon, lat);
    if (p) throw badInput('filter.near', p);
    if (!Number.isFinite(radiusM) || radiusM <= 0 || radiusM > 500_000) throw badInput('filter.near.radiusM', 'must be between 0 and 500000 metres');
    // earth_box is the GiST-indexable pre-filter; earth_distance trims its corners to the circle.
    where.push(sqlWhere(ctx, 'plot', `centroid_lat is not null and earth_box(ll_to_earth(?, ?), ?) @> ll_to_earth(centroid_lat, centroid_lon) and earth_distance(ll_to_earth(?, ?), ll_to_earth(centroid_lat, centroid_lon)) <= ?`, [lat, lon, radiusM, lat, lon, radiusM]));
  }
  return { $and: where };
}

@Resolver(() => Plot)
export class PlotResolver {
  @Query(() => Plot, { nullable: true })
  async plot(@Ctx() ctx: Context, @Arg('id', () => ID, { nullable: true }) id?: string, @Arg('plotCode', { nullable: true }) plotCode?: string) {
    if (id == null && plotCode == null) throw badInput('id', 'give id or plotCode');
    if (id != null) return /^\d{1,9}$/.test(id) ? ctx.loaders.plot.load(Number(id)) : null;
    return findOnePlain(ctx.em, Plot, { plotCode: String(plotCode).trim() });
  }

  @Query(() => PlotConnection)
  plots(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => PlotFilter, { nullable: true }) filter?: PlotFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return paginate(ctx, Plot, plotWhere(ctx, filter), first, after, info);
  }

  @FieldResolver(() => Division)
  county(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return countyOf(ctx, p);
  }

  @FieldResolver(() => Point, { nullable: true })
  centroid(@Root() p: Row<Plot>) {
    return p.centroidLon != null && p.centroidLat != null ? { lon: p.centroidLon, lat: p.centroidLat } : null;
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() p: Row<Plot>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return p.keyUnit ? ctx.loaders.keyUnitFor(info).load(p.keyUnit.id) : null;
  }

  @FieldResolver(() => [StageEvent])
  stageHistory(@Root() p: Row<Plot>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.stageHistoryFor(info).load(p.id);
  }

  @FieldResolver(() => LandUse, { nullable: true })
  currentUse(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return p.currentUse ? ctx.cache.landUses.get(p.currentUse.code) ?? null : null;
  }

  @FieldResolver(() => LandUse, { nullable: true })
  plannedUse(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return p.plannedUse ? ctx.cache.landUses.get(p.plannedUse.code) ?? null : null;
  }

  @FieldResolver(() => Boolean)
  investigationRequired(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return investigationRequired(factsOf(ctx.cache, p, false));
  }

  @FieldResolver(() => Clearance)
  async clearance(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    const history = await ctx.loaders.stageHistory.load(p.id);
    return clearance(factsOf(ctx.cache, p, history.some((e) => e.to === PlotStage.LISTED)));
  }

  @FieldResolver(() => [Violation])
  violations(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.violationsOfPlot.load(p.id);
  }

  @FieldResolver(() => [ReserveProject], { nullable: true })
  reserveProjects(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.reserveProjectsOfPlot.load(p.id);
  }

  @Mutation(() => Plot)
  registerPlot(@Ctx() ctx: Context, @Arg('input', () => PlotInput) input: PlotInput) {
    return service.registerPlot(ctx, input);
  }

  @Mutation(() => Plot)
  reportDiscoveredContamination(@Ctx() ctx: Context, @Arg('input', () => PlotInput) input: PlotInput, @Arg('note') note: string) {
    return service.reportDiscoveredContamination(ctx, input, note);
  }

  @Mutation(() => Plot)
  advancePlotStage(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('to', () => PlotStage) to: PlotStage,
    @Arg('effectiveOn', () => DateScalar) effectiveOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('evidence', () => EvidenceInput, { nullable: true }) evidence?: EvidenceInput,
  ) {
    return service.advancePlotStage(ctx, { plotId, to, effectiveOn, evidence, expectedVersion });
  }

  @Mutation(() => Plot)
  planLandUse(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('plannedUseCode') plannedUseCode: string,
    @Arg('decidedOn', () => DateScalar) decidedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('supplyPlanYear', () => Int, { nullable: true }) supplyPlanYear?: number,
  ) {
    return service.planLandUse(ctx, { plotId, plannedUseCode, decidedOn, supplyPlanYear, expectedVersion });
  }

  @Mutation(() => Plot)
  recordLandAction(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('action', () => LandAction) action: LandAction,
    @Arg('decidedOn', () => DateScalar) decidedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordLandAction(ctx, { plotId, action, decidedOn, expectedVersion });
  }

  @Mutation(() => Plot)
  issueConstructionPermit(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('permitNo') permitNo: string,
    @Arg('issuedOn', () => DateScalar) issuedOn: string,
    @Arg('purpose', () => ConstructionPurpose) purpose: ConstructionPurpose,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.issueConstructionPermit(ctx, { plotId, permitNo, issuedOn, purpose, expectedVersion });
  }

  @Mutation(() => Plot)
  reportConstructionStarted(
    @Ctx() ctx: Context,
    @Arg('plotId', () => ID) plotId: string,
    @Arg('startedOn', () => DateScalar) startedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.reportConstructionStarted(ctx, { plotId, startedOn, expectedVersion });
  }
}
