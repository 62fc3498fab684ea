import { Arg, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { reportDivision } from '../../reports/scope';
import { dayOfQuarterOrAsOf } from '../common/input';
import { Division } from '../division/division.entity';
import type { DivisionInfo } from '../division/division.cache';
import { Plot } from '../plot/plot.entity';
import { PlotStage } from '../plot/plot.enums';
import { ReviewPlot, ReviewStepKind, ReviewStepState, zeroViolationReview } from './review.sql';

registerEnumType(ReviewStepKind, { name: 'ReviewStepKind', description: '违规开发利用清零: 调查 → 风险评估 → 管控/修复 → 效果评估 → 后期管理, then the land acts.' });
registerEnumType(ReviewStepState, { name: 'ReviewStepState' });

@ObjectType('ReviewStep', { simpleResolvers: true })
export class ReviewStepType {
  @Field(() => ReviewStepKind) step!: ReviewStepKind;
  @Field(() => ReviewStepState) state!: ReviewStepState;
  /** When it was done (a LATE land act: when it happened). */
  @Field(() => DateScalar, { nullable: true }) date!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
}

/** One 一住两公 plot of the review with its checklist. */
@ObjectType('ZeroViolationPlot', { simpleResolvers: true })
export class ZeroViolationPlot {
  /** The stage at the review's date. */
  @Field(() => PlotStage) stage!: PlotStage;
  /** Its planned and supplied use codes at the date. */
  @Field(() => [String]) targetUses!: string[];
  @Field() currentUseSensitive!: boolean;
  @Field(() => [ReviewStepType]) steps!: ReviewStepType[];
}

@ObjectType('ZeroViolationReview', { simpleResolvers: true })
export class ZeroViolationReview {
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Division) division!: DivisionInfo;
  @Field(() => [ZeroViolationPlot]) plots!: ReviewPlot[];
}

/** The review as served (the query and the exports). */
export async function buildZeroViolationReview(ctx: Context, divisionCode: string, quarter?: string | null, asOf?: string | null) {
  const on = dayOfQuarterOrAsOf(ctx, quarter, asOf);
  const div = reportDivision(ctx, divisionCode);
  const plots = await zeroViolationReview(ctx.em, ctx.rules, div.counties, on);
  return { asOf: on, division: ctx.cache.divisions.get(div.code)!, plots };
}

@Resolver(() => ZeroViolationPlot)
export class ReviewResolver {
  /**
   * 违规开发利用清零 (Jinzhong plan 12): every plot of a division whose planned, supplied or current use is 一住两公, at
   * the quarter's last day, `asOf` or today, with the checklist of its steps (调查, 风险评估, 管控/修复, 效果评估, 后期管理
   * and the land acts), the missing and late ones marked. One statement; read from history, so a past date's
   * review never changes.
   */
  @Query(() => ZeroViolationReview)
  zeroViolationReview(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('quarter', () => String, { nullable: true }) quarter?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ) {
    return buildZeroViolationReview(ctx, divisionCode, quarter, asOf);
  }

  @FieldResolver(() => Plot)
  plot(@Root() p: ReviewPlot, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.plotFor(info).load(p.plotId);
  }

  @FieldResolver(() => Division)
  county(@Root() p: ReviewPlot, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(p.countyCode)!;
  }

  /** Steps MISSING or LATE: zero is a plot cleared of violations (清零). */
  @FieldResolver(() => Int)
  problems(@Root() p: ReviewPlot) {
    return p.steps.filter((s) => s.state === ReviewStepState.MISSING || s.state === ReviewStepState.LATE).length;
  }
}
