import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { findOnePlain, Row } from '../../db/plain';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput } from '../../errors';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { countiesFilter } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { DischargePermit, PermitStatus } from '../permit/permit.entity';
import { permitStatus } from '../permit/permit.status';
import { Plot } from '../plot/plot.entity';
import { Obligation } from '../duty/duty.types';
import { EvidenceInput } from '../plot/plot.resolver';
import { HiddenDangerCheck, KeyUnit, KeyUnitListing, KeyUnitStatus, MonitoringKind, MonitoringRecord } from './keyunit.entity';
import * as service from './keyunit.service';

export const KeyUnitConnection = Connection(KeyUnit, 'KeyUnitConnection');

@InputType('KeyUnitFilter')
export class KeyUnitFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => KeyUnitStatus, { nullable: true }) status?: KeyUnitStatus;
  @Field({ nullable: true }) industry?: string;
  @Field({ nullable: true }) search?: string;
}

@InputType('KeyUnitInput')
export class KeyUnitInput {
  @Field() creditCode!: string;
  @Field() name!: string;
  @Field(() => ID) countyCode!: string;
  @Field() industry!: string;
  @Field({ nullable: true }) address?: string;
  @Field(() => DateScalar) listedOn!: string;
  @Field({ nullable: true }) contactPhone?: string;
}

@ArgsType()
class RecordMonitoringArgs {
  @Field(() => ID) keyUnitId!: string;
  @Field(() => MonitoringKind) kind!: MonitoringKind;
  @Field(() => Int) year!: number;
  @Field(() => DateScalar) sampledOn!: string;
  @Field() exceedsScreening!: boolean;
  @Field() beyondBoundary!: boolean;
}

/** LIKE patterns from user text: % and _ are literal. */
export const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/**
 * A condition in SQL on `table`'s own columns, as `id in (select id from table where …)`. Unlike a `raw()` key,
 * which MikroORM forgets after its first query, this can be used by both the page query and `totalCount`.
 */
export const sqlWhere = (ctx: Context, table: string, condition: string, params: unknown[]) =>
  ({ id: { $in: ctx.em.getKnex().raw(`select id from ${table} where ${condition}`, params as never) } }) as never;


@Resolver(() => KeyUnit)
export class KeyUnitResolver {
  @Query(() => KeyUnit, { nullable: true })
  async keyUnit(@Ctx() ctx: Context, @Arg('id', () => ID, { nullable: true }) id?: string, @Arg('creditCode', { nullable: true }) creditCode?: string) {
    if (id == null && creditCode == null) throw badInput('id', 'give id or creditCode');
    if (id != null) return /^\d{1,9}$/.test(id) ? ctx.loaders.keyUnit.load(Number(id)) : null;
    return findOnePlain(ctx.em, KeyUnit, { creditCode: String(creditCode).trim() });
  }

  @Query(() => KeyUnitConnection)
  keyUnits(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => KeyUnitFilter, { nullable: true }) filter?: KeyUnitFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<KeyUnit>[] = [];
    const counties = countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (filter?.status) where.push({ status: filter.status });
    if (filter?.industry) where.push({ industry: filter.industry });
    if (filter?.search) where.push(sqlWhere(ctx, 'key_unit', `lower(name || ' ' || credit_code) like ?`, [likePattern(filter.search)]));
    return paginate(ctx, KeyUnit, { $and: where }, first, after, info);
  }

  @FieldResolver(() => Division)
  county(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    return countyOf(ctx, u);
  }

  @FieldResolver(() => String, { nullable: true })
  contactPhone(@Root() u: Row<KeyUnit>) {
    return u.contactPhone ?? null;
  }

  @FieldResolver(() => Boolean)
  async inPermitManagement(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    const permits = await ctx.loaders.permitsOfKeyUnit.load(u.id);
    return permits.some((p) => permitStatus(p, ctx.today) === PermitStatus.VALID);
  }

  @FieldResolver(() => [DischargePermit], { nullable: true })
  permits(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.permitsOfKeyUnitFor(info).load(u.id);
  }

  @FieldResolver(() => [HiddenDangerCheck])
  hiddenDangerChecks(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    return ctx.loaders.checksOfKeyUnit.load(u.id);
  }

  @FieldResolver(() => [MonitoringRecord])
  monitoringRecords(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    return ctx.loaders.monitoringOfKeyUnit.load(u.id);
  }

  @FieldResolver(() => [Plot])
  plots(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.plotsOfKeyUnitFor(info).load(u.id);
  }

  /** The unit's listing periods on the directory, oldest first (RULES.md §6); listedOn/status are the last one's. */
  @FieldResolver(() => [KeyUnitListing])
  listings(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    return ctx.loaders.listingsOfKeyUnit.load(u.id);
  }

  @FieldResolver(() => [Obligation])
  obligations(@Root() u: Row<KeyUnit>, @Ctx() ctx: Context) {
    return ctx.loaders.obligationsOfKeyUnit.load(u.id);
  }

  @Mutation(() => KeyUnit)
  upsertKeyUnit(@Ctx() ctx: Context, @Arg('input', () => KeyUnitInput) input: KeyUnitInput, @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number) {
    return service.upsertKeyUnit(ctx, input, expectedVersion);
  }

  @Mutation(() => KeyUnit)
  delistKeyUnit(
    @Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('delistedOn', () => DateScalar) delistedOn: string, @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('batchDocument', () => String, { nullable: true }) batchDocument?: string,
  ) {
    return service.delistKeyUnit(ctx, id, delistedOn, expectedVersion, batchDocument);
  }

  /** A DELISTED unit listed again (a new listing period) after its last delisting, by its batch document. */
  @Mutation(() => KeyUnit)
  relistKeyUnit(
    @Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('listedOn', () => DateScalar) listedOn: string,
    @Arg('batchDocument', () => String) batchDocument: string, @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.relistKeyUnit(ctx, { id, listedOn, batchDocument, expectedVersion });
  }

  /** The hazards a check found were rectified: its HIDDEN_DANGER_RECTIFICATION is MET. */
  @Mutation(() => HiddenDangerCheck)
  recordRectification(@Ctx() ctx: Context, @Arg('checkId', () => ID) checkId: string, @Arg('rectifiedOn', () => DateScalar) rectifiedOn: string) {
    return service.recordRectification(ctx, { checkId, rectifiedOn });
  }

  /** The cause and measures after a self-monitoring record over the screening values: its EXCEEDANCE_FOLLOW_UP is MET. */
  @Mutation(() => MonitoringRecord)
  recordExceedanceFollowUp(
    @Ctx() ctx: Context, @Arg('monitoringRecordId', () => ID) monitoringRecordId: string, @Arg('recordedOn', () => DateScalar) recordedOn: string,
    @Arg('cause') cause: string, @Arg('measures') measures: string,
  ) {
    return service.recordExceedanceFollowUp(ctx, { monitoringRecordId, recordedOn, cause, measures });
  }

  /** The unit's 一厂一策 policy document: its ONE_PLANT_ONE_POLICY is MET. */
  @Mutation(() => KeyUnit)
  recordOnePlantOnePolicy(
    @Ctx() ctx: Context, @Arg('keyUnitId', () => ID) keyUnitId: string, @Arg('document', () => EvidenceInput) document: EvidenceInput,
    @Arg('recordedOn', () => DateScalar) recordedOn: string,
  ) {
    return service.recordOnePlantOnePolicy(ctx, { keyUnitId, document, recordedOn });
  }

  @Mutation(() => HiddenDangerCheck)
  recordHiddenDangerCheck(
    @Ctx() ctx: Context,
    @Arg('keyUnitId', () => ID) keyUnitId: string,
    @Arg('completedOn', () => DateScalar) completedOn: string,
    @Arg('rectified') rectified: boolean,
    @Arg('findings', () => String, { nullable: true }) findings?: string,
    @Arg('hazardsFound', () => Boolean, { nullable: true }) hazardsFound?: boolean,
    @Arg('rectificationDeadline', () => DateScalar, { nullable: true }) rectificationDeadline?: string,
  ) {
    return service.recordHiddenDangerCheck(ctx, { keyUnitId, completedOn, findings, rectified, hazardsFound, rectificationDeadline });
  }

  @Mutation(() => MonitoringRecord)
  recordMonitoring(@Ctx() ctx: Context, @Args(() => RecordMonitoringArgs) a: RecordMonitoringArgs) {
    return service.recordMonitoring(ctx, a);
  }
}
