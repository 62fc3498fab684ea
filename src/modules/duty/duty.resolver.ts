import { Arg, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../context';
import { DateScalar } from '../../graphql/scalars';
import { countiesAsked, date } from '../common/input';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { Duty, DutyRow, DutySubject, ObligationKind, ObligationState } from './duty.types';
import { dutiesInCounties } from './engine';

@Resolver(() => Duty)
export class DutyResolver {
  /**
   * Every duty of every subject (key units, plots) in a division (default: the token's scope) at a date
   * (default today), by subject, kind and state: one statement of the duty engine. Row scope as everywhere:
   * the counties the token may see, and row-level security under them.
   */
  @Query(() => [Duty])
  duties(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('subject', () => DutySubject, { nullable: true }) subject?: DutySubject,
    @Arg('kind', () => ObligationKind, { nullable: true }) kind?: ObligationKind,
    @Arg('state', () => ObligationState, { nullable: true }) state?: ObligationState,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ): Promise<DutyRow[]> {
    const on = date(asOf, 'asOf') ?? ctx.today;
    return dutiesInCounties(ctx.em, ctx.rules, countiesAsked(ctx, divisionCode, 'divisionCode'), on, { subject, kind, state });
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() d: DutyRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return d.keyUnitId == null ? null : ctx.loaders.keyUnitFor(info).load(d.keyUnitId);
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() d: DutyRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return d.plotId == null ? null : ctx.loaders.plotFor(info).load(d.plotId);
  }

  @FieldResolver(() => Division)
  county(@Root() d: DutyRow, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(d.countyCode)!;
  }
}
