import { Arg, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { reportDivision } from '../../reports/scope';
import { dayOfQuarterOrAsOf } from '../common/input';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import type { DivisionInfo } from '../division/division.cache';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { Violation } from '../violation/violation.entity';
import { ProblemRow, problemsInCounties, ProblemSource } from './problem.sql';

registerEnumType(ProblemSource, { name: 'ProblemSource' });

/** One row of the problem list (问题清单): an OVERDUE duty or an open violation. */
@ObjectType('Problem', { simpleResolvers: true })
export class Problem {
  @Field(() => ProblemSource) source!: ProblemSource;
  /** The duty's ObligationKind or the violation's ViolationKind. */
  @Field() kind!: string;
  /** The key unit's or the plot's name. */
  @Field() subject!: string;
  /** The bureau that supervises the duty (the duty engine's) or must see the violation rectified (problem.sql.ts VIOLATION_AGENCY). */
  @Field(() => Agency) responsibleAgency!: Agency;
  /** A duty's due date. */
  @Field(() => DateScalar, { nullable: true }) dueOn!: string | null;
  /** A violation's detection date. */
  @Field(() => DateScalar, { nullable: true }) detectedOn!: string | null;
  /** OVERDUE (a duty) or OPEN (a violation). */
  @Field() state!: string;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

@ObjectType('ProblemCount', { simpleResolvers: true })
export class ProblemCount {
  @Field(() => Division) county!: DivisionInfo;
  @Field(() => Int) duties!: number;
  @Field(() => Int) violations!: number;
  @Field(() => Int) total!: number;
}

@ObjectType('ProblemList', { simpleResolvers: true })
export class ProblemList {
  /** The date the list is read at: the quarter's last day, else `asOf`, else today. */
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Division) division!: DivisionInfo;
  @Field(() => [Problem]) rows!: ProblemRow[];
  /** Every county of the division, with its counts (zero included). */
  @Field(() => [ProblemCount]) byCounty!: ProblemCount[];
}

/** The problem list as served (the query and the exports). */
export async function buildProblemList(ctx: Context, divisionCode: string, quarter?: string | null, asOf?: string | null) {
  const on = dayOfQuarterOrAsOf(ctx, quarter, asOf);
  const div = reportDivision(ctx, divisionCode);
  const rows = await problemsInCounties(ctx.em, ctx.rules, div.counties, on);
  const byCounty = div.counties.map((c) => {
    const mine = rows.filter((r) => r.countyCode === c);
    const duties = mine.filter((r) => r.source === ProblemSource.DUTY).length;
    return { county: ctx.cache.divisions.get(c)!, duties, violations: mine.length - duties, total: mine.length };
  });
  return { asOf: on, division: ctx.cache.divisions.get(div.code)!, rows, byCounty };
}

@Resolver(() => Problem)
export class ProblemResolver {
  /**
   * 问题清单 (Jinzhong plan 8 "及时通报存在问题并督促整改"; RULES.md §10): every duty OVERDUE and every violation
   * open in a division on the quarter's last day (`quarter` like 2025Q3), or at `asOf`, or today; one statement.
   * A division outside the token's scope is FORBIDDEN; row-level security backs it.
   */
  @Query(() => ProblemList)
  problems(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('quarter', () => String, { nullable: true }) quarter?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ) {
    return buildProblemList(ctx, divisionCode, quarter, asOf);
  }

  @FieldResolver(() => Division)
  county(@Root() p: ProblemRow, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(p.countyCode)!;
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() p: ProblemRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return p.keyUnitId == null ? null : ctx.loaders.keyUnitFor(info).load(p.keyUnitId);
  }

  /** The violation, for a VIOLATION problem. */
  @FieldResolver(() => Violation, { nullable: true })
  violation(@Root() p: ProblemRow, @Ctx() ctx: Context) {
    return p.violationId == null ? null : ctx.loaders.violation.load(p.violationId);
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() p: ProblemRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return p.plotId == null ? null : ctx.loaders.plotFor(info).load(p.plotId);
  }
}
