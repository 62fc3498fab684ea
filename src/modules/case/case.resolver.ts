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
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Lead } from '../lead/lead.entity';
import { Plot } from '../plot/plot.entity';
import { CaseState, caseStateOf, EnforcementCase } from './case.entity';
import { caseRowFilter } from './case.scope';
import * as service from './case.service';

export const CaseConnection = Connection(EnforcementCase, 'CaseConnection');

@InputType('CaseInput')
export class CaseInput {
  /** 立案编号. */
  @Field() caseNo!: string;
  @Field(() => DateScalar) openedOn!: string;
  /** 当事人 and its credit code. */
  @Field() party!: string;
  @Field(() => String, { nullable: true }) partyCreditCode?: string;
  /** 违法事实. */
  @Field() facts!: string;
  /** The lead it is opened from (VERIFYING; moves to CASE), at the version read. */
  @Field(() => ID, { nullable: true }) leadId?: string;
  @Field(() => Int, { nullable: true }) leadVersion?: number;
  @Field(() => ID, { nullable: true }) plotId?: string;
  @Field(() => ID, { nullable: true }) keyUnitId?: string;
  @Field(() => ID, { nullable: true }) countyCode?: string;
}

@InputType('CaseFilter')
export class CaseFilter {
  @Field(() => ID, { nullable: true }) divisionCode?: string;
  @Field(() => CaseState, { nullable: true }) state?: CaseState;
}

/** The request's case loaders, each with the row filter of the token's agency (case.scope.ts). */
export const caseLoaders = (ctx: Context) => ({
  byId: perRequest(ctx, 'caseById', () => byIdLoader(ctx, EnforcementCase, caseRowFilter(ctx))),
  ofPlot: perRequest(ctx, 'casesOfPlot', () => groupedLoader(ctx, EnforcementCase, 'plot', (r) => r.plot?.id, { openedOn: 'asc', id: 'asc' }, caseRowFilter(ctx))),
});

const STATE_WHERE: Record<CaseState, FilterQuery<EnforcementCase>> = {
  [CaseState.OPEN]: { closedOn: null, referredOn: null },
  [CaseState.REFERRED]: { closedOn: null, referredOn: { $ne: null } },
  [CaseState.CLOSED]: { closedOn: { $ne: null } },
};

/**
 * Cases (案件, RULES §10). ECO opens, decides, refers and closes them; PUBLIC_SECURITY sees only those referred to
 * it in its county scope and records its feedback; what each reads of a case is the policy table's.
 */
@Resolver(() => EnforcementCase)
export class CaseResolver {
  @Query(() => CaseConnection)
  cases(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => CaseFilter, { nullable: true }) filter?: CaseFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<EnforcementCase>[] = [caseRowFilter(ctx) as FilterQuery<EnforcementCase>];
    const counties = input.countiesFilter(ctx, filter?.divisionCode, 'filter.divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (filter?.state) where.push(STATE_WHERE[filter.state]);
    return paginate(ctx, EnforcementCase, { $and: where }, first, after, info);
  }

  @Query(() => EnforcementCase, { name: 'case', nullable: true })
  caseById(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return caseLoaders(ctx).byId.load(input.id(id, 'id'));
  }

  @FieldResolver(() => CaseState)
  state(@Root() c: Row<EnforcementCase>) {
    return caseStateOf(c);
  }

  @FieldResolver(() => Division)
  county(@Root() c: Row<EnforcementCase>, @Ctx() ctx: Context) {
    return countyOf(ctx, c);
  }

  @FieldResolver(() => Lead, { nullable: true })
  lead(@Root() c: Row<EnforcementCase>, @Ctx() ctx: Context) {
    return c.lead ? perRequest(ctx, 'leadById', () => byIdLoader(ctx, Lead)).load(c.lead.id) : null;
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() c: Row<EnforcementCase>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return c.plot ? ctx.loaders.plotFor(info).load(c.plot.id) : null;
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() c: Row<EnforcementCase>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return c.keyUnit ? ctx.loaders.keyUnitFor(info).load(c.keyUnit.id) : null;
  }

  @Mutation(() => EnforcementCase, { description: 'ECO: open a case (立案), from a VERIFYING lead (which moves to CASE) or on its own.' })
  openCase(@Ctx() ctx: Context, @Arg('input', () => CaseInput) a: CaseInput) {
    return service.openCase(ctx, a);
  }

  @Mutation(() => EnforcementCase, { description: 'ECO: the penalty decision (行政处罚决定书): number, date, fine in yuan.' })
  recordPenaltyDecision(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('decisionNo') decisionNo: string,
    @Arg('decidedOn', () => DateScalar) decidedOn: string,
    @Arg('amount') amount: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordPenaltyDecision(ctx, { id, decisionNo, decidedOn, amount, expectedVersion });
  }

  @Mutation(() => EnforcementCase, { description: 'ECO: refer the case to the police (移送公安): date and receiving unit.' })
  referCaseToPolice(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('referredOn', () => DateScalar) referredOn: string,
    @Arg('receivingUnit') receivingUnit: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.referCaseToPolice(ctx, { id, referredOn, receivingUnit, expectedVersion });
  }

  @Mutation(() => EnforcementCase, { description: 'PUBLIC_SECURITY: its feedback on a case referred to it, with the date.' })
  recordPoliceFeedback(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('feedback') feedback: string,
    @Arg('feedbackOn', () => DateScalar) feedbackOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordPoliceFeedback(ctx, { id, feedback, feedbackOn, expectedVersion });
  }

  @Mutation(() => EnforcementCase, { description: 'ECO: close the case (结案).' })
  closeCase(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('closedOn', () => DateScalar) closedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    return service.closeCase(ctx, { id, closedOn, note, expectedVersion });
  }
}

@Resolver(() => Plot)
export class PlotCasesResolver {
  @FieldResolver(() => [EnforcementCase])
  cases(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    return caseLoaders(ctx).ofPlot.load(p.id);
  }
}
