import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { findOnePlain, Row } from '../../db/plain';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { badInput } from '../../errors';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { countiesFilter, date } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { likePattern, sqlWhere } from '../keyunit/keyunit.resolver';
import { VacatedSite } from '../vacated/vacated-site.entity';
import { DischargePermit, PermitCategory, PermitEnd, PermitEndReason, PermitStatus } from './permit.entity';
import { permitStatus } from './permit.status';
import * as service from './permit.service';

export const DischargePermitConnection = Connection(DischargePermit, 'DischargePermitConnection');

@InputType('DischargePermitFilter')
export class DischargePermitFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => PermitStatus, { nullable: true }) status?: PermitStatus;
  @Field(() => DateScalar, { nullable: true }) endedFrom?: string;
  @Field(() => DateScalar, { nullable: true }) endedTo?: string;
  @Field({ nullable: true }) search?: string;
}

@InputType('PermitInput')
export class PermitInput {
  @Field() permitNo!: string;
  @Field() holderName!: string;
  @Field() creditCode!: string;
  @Field(() => ID) countyCode!: string;
  @Field() industry!: string;
  @Field(() => PermitCategory) category!: PermitCategory;
  @Field(() => DateScalar) issuedOn!: string;
  @Field(() => DateScalar) validUntil!: string;
}

@Resolver(() => DischargePermit)
export class PermitResolver {
  @Query(() => DischargePermit, { nullable: true })
  async dischargePermit(@Ctx() ctx: Context, @Arg('id', () => ID, { nullable: true }) id?: string, @Arg('permitNo', { nullable: true }) permitNo?: string) {
    if (id == null && permitNo == null) throw badInput('id', 'give id or permitNo');
    if (id != null) return /^\d{1,9}$/.test(id) ? ctx.loaders.permit.load(Number(id)) : null;
    return findOnePlain(ctx.em, DischargePermit, { permitNo: String(permitNo).trim() });
  }

  @Query(() => DischargePermitConnection)
  dischargePermits(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => DischargePermitFilter, { nullable: true }) filter?: DischargePermitFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<DischargePermit>[] = [];
    const counties = countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    // EXPIRED is derived: a permit still stored VALID whose validUntil has passed.
    if (filter?.status === PermitStatus.EXPIRED) where.push({ storedStatus: PermitStatus.VALID, validUntil: { $lt: ctx.today } });
    else if (filter?.status === PermitStatus.VALID) where.push({ storedStatus: PermitStatus.VALID, validUntil: { $gte: ctx.today } });
    else if (filter?.status) where.push({ storedStatus: filter.status });
    const from = date(filter?.endedFrom, 'filter.endedFrom');
    const to = date(filter?.endedTo, 'filter.endedTo');
    if (from) where.push({ endedOn: { $gte: from } });
    if (to) where.push({ endedOn: { $lte: to } });
    if (filter?.search) where.push(sqlWhere(ctx, 'discharge_permit', `lower(holder_name || ' ' || permit_no) like ?`, [likePattern(filter.search)]));
    return paginate(ctx, DischargePermit, { $and: where }, first, after, info);
  }

  @FieldResolver(() => Division)
  county(@Root() p: Row<DischargePermit>, @Ctx() ctx: Context) {
    return countyOf(ctx, p);
  }

  @FieldResolver(() => PermitStatus)
  status(@Root() p: Row<DischargePermit>, @Ctx() ctx: Context) {
    return permitStatus(p, ctx.today);
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() p: Row<DischargePermit>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return p.keyUnit ? ctx.loaders.keyUnitFor(info).load(p.keyUnit.id) : null;
  }

  @FieldResolver(() => VacatedSite, { nullable: true })
  async vacatedSite(@Root() p: Row<DischargePermit>, @Ctx() ctx: Context) {
    return (await ctx.loaders.vacatedSiteOfPermit.load(p.id))[0] ?? null;
  }

  @Mutation(() => DischargePermit)
  issuePermit(@Ctx() ctx: Context, @Arg('input', () => PermitInput) input: PermitInput) {
    return service.issuePermit(ctx, input);
  }

  @Mutation(() => DischargePermit)
  endPermit(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('how', () => PermitEnd) how: PermitEnd,
    @Arg('endedOn', () => DateScalar) endedOn: string,
    @Arg('reason') reason: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('reasonCategory', () => PermitEndReason, { nullable: true, description: 'Why it ended (RULES.md §5); absent = CLOSURE_RELOCATION. Only CLOSURE_RELOCATION opens a vacated site.' })
    reasonCategory?: PermitEndReason | null,
  ) {
    return service.endPermit(ctx, { id, how, endedOn, reason, reasonCategory, expectedVersion });
  }
}
