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
import { ConstructionPurpose, LandAction, LandStatus, PlotSource, PlotStage, SupplyMethod } from './plot.enums';
import { InvestigationTrigger } from './trigger.entity';
import { LandClass } from '../division/land-class';
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
  /** With a move into a cleared stage: the GB 36600 class the report judged against (absent = SECOND). */
  @Field(() => LandClass, { nullable: true }) landClass?: LandClass;
}

/** What a SUPPLY supplied (RULES.md §3), from the latest SUPPLY of the plot. */
@ObjectType('LandSupply', { simpleResolvers: true })
export class LandSupply {
  @Field(() => [LandUse]) uses!: LandUse[];
  @Field(() => SupplyMethod, { nullable: true }) method!: SupplyMethod | null;
  @Field(() => String, { nullable: true }) decisionNo!: string | null;
  @Field(() => DateScalar) decidedOn!: string;
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

  /** RULES.md §1: from the plot's standing triggers and the class it is cleared for (gates.ts). */
  @FieldResolver(() => Boolean)
  async investigationRequired(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return investigationRequired(ctx.cache, factsOf(ctx.cache, p, await ctx.loaders.plotFacts.load(p.id)));
  }

  @FieldResolver(() => Clearance)
  async clearance(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return clearance(ctx.cache, factsOf(ctx.cache, p, await ctx.loaders.plotFacts.load(p.id)));
  }

  /** Why the plot must be investigated, each reason with the date it arose (RULES.md §1). */
  @FieldResolver(() => [InvestigationTrigger])
  investigationTriggers(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return ctx.loaders.triggersOfPlot.load(p.id);
  }

  /** The GB 36600 class the plot is cleared for; null while it is not cleared (RULES.md §2). */
  @FieldResolver(() => LandClass, { nullable: true })
  async clearedFor(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return factsOf(ctx.cache, p, await ctx.loaders.plotFacts.load(p.id)).clearedClass;
  }

  /** The latest supply of the land: the uses supplied, method and decision (RULES.md §3). */
  @FieldResolver(() => LandSupply, { nullable: true })
  async supply(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    const s = await ctx.loaders.supplyOfPlot.load(p.id);
    if (!s) return null;
    return { uses: (s.suppliedUseCodes ?? []).map((c) => ctx.cache.landUses.get(c)).filter((u) => !!u), method: s.supplyMethod ?? null, decisionNo: s.decisionNo ?? null, decidedOn: s.decidedOn };
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

  /**
   * Contamination found during development: on new land (`input`) a new plot; on an existing plot (`plotId`,
   * with `discoveredOn`, default today, and optionally `expectedVersion`) its DISCOVERED trigger.
   */
  @Mutation(() => Plot)
  reportDiscoveredContamination(
    @Ctx() ctx: Context,
    @Arg('note') note: string,
    @Arg('input', () => PlotInput, { nullable: true }) input?: PlotInput,
    @Arg('plotId', () => ID, { nullable: true }) plotId?: string,
    @Arg('discoveredOn', () => DateScalar, { nullable: true }) discoveredOn?: string,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return service.reportDiscoveredContamination(ctx, { input, note, plotId, discoveredOn, expectedVersion });
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
    @Arg('suppliedUseCodes', () => [String], { nullable: true, description: 'SUPPLY: the use codes supplied (mixed use); absent: the planned use' }) suppliedUseCodes?: string[],
    @Arg('supplyMethod', () => SupplyMethod, { nullable: true }) supplyMethod?: SupplyMethod,
    @Arg('decisionNo', () => String, { nullable: true, description: 'SUPPLY: 划拨决定书 / 出让合同 number; other acts: their document' }) decisionNo?: string,
  ) {
    return service.recordLandAction(ctx, { plotId, action, decidedOn, expectedVersion, suppliedUseCodes, supplyMethod, decisionNo });
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
    @Arg('purpose', () => ConstructionPurpose, { nullable: true, description: "the works' purpose; absent: that of the plot's construction permit" }) purpose?: ConstructionPurpose,
  ) {
    return service.reportConstructionStarted(ctx, { plotId, startedOn, expectedVersion, purpose });
  }
}
