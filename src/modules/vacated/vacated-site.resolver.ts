import type { Row } from '../../db/plain';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { countiesFilter } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { DischargePermit } from '../permit/permit.entity';
import { Plot } from '../plot/plot.entity';
import { VacatedSite, VacatedSiteStatus } from './vacated-site.entity';
import * as service from './vacated-site.service';

export const VacatedSiteConnection = Connection(VacatedSite, 'VacatedSiteConnection');

@Resolver(() => VacatedSite)
export class VacatedSiteResolver {
  @Query(() => VacatedSiteConnection)
  vacatedSites(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('status', () => VacatedSiteStatus, { nullable: true }) status?: VacatedSiteStatus,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<VacatedSite>[] = [];
    const counties = countiesFilter(ctx, divisionCode, 'divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (status) where.push({ status });
    return paginate(ctx, VacatedSite, { $and: where }, first, after, info);
  }

  @FieldResolver(() => Division)
  county(@Root() s: Row<VacatedSite>, @Ctx() ctx: Context) {
    return countyOf(ctx, s);
  }

  @FieldResolver(() => DischargePermit, { nullable: true })
  permit(@Root() s: Row<VacatedSite>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return s.permit ? ctx.loaders.permitFor(info).load(s.permit.id) : null;
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() s: Row<VacatedSite>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return s.plot ? ctx.loaders.plotFor(info).load(s.plot.id) : null;
  }

  @Mutation(() => VacatedSite)
  recordVacatedSiteReserve(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('landReservedOn', () => DateScalar) landReservedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordVacatedSiteReserve(ctx, { id, landReservedOn, expectedVersion });
  }

  @Mutation(() => VacatedSite, { description: 'ECO: close a site that has no plot, with the reason (RULES.md §5). A site with a plot closes by its plot (RELEASED).' })
  closeVacatedSite(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('closedOn', () => DateScalar) closedOn: string,
    @Arg('reason') reason: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.closeVacatedSite(ctx, { id, closedOn, reason, expectedVersion });
  }

  @Mutation(() => VacatedSite, { description: 'ECO: the demolition summary report (拆除活动总结报告, Jinzhong plan 3) filed for the site.' })
  recordDemolitionReport(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('filedOn', () => DateScalar) filedOn: string,
    @Arg('documentNo') documentNo: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordDemolitionReport(ctx, { id, filedOn, documentNo, expectedVersion });
  }
}
