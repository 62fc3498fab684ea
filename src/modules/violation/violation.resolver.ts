import type { Row } from '../../db/plain';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { countiesAsked, countiesFilter, date } from '../common/input';
import { Plot } from '../plot/plot.entity';
import { Violation } from './violation.entity';
import { Obligation, ObligationKind, ObligationState } from '../duty/duty.types';
import { keyUnitDutiesInCounties } from '../duty/engine';
import { KeyUnit } from '../keyunit/keyunit.entity';
import * as service from './violation.service';
import { Field, ObjectType } from 'type-graphql';

export const ViolationConnection = Connection(Violation, 'ViolationConnection');

/** A duty of one key unit, as the `obligations` query lists them across a division. */
@ObjectType('KeyUnitObligation', { simpleResolvers: true })
export class KeyUnitObligation extends Obligation {
  keyUnitId!: number;
  @Field(() => KeyUnit) keyUnit!: KeyUnit;
}

@Resolver(() => Violation)
export class ViolationResolver {
  @Query(() => ViolationConnection)
  violations(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('open', () => Boolean, { nullable: true }) open?: boolean,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<Violation>[] = [];
    const counties = countiesFilter(ctx, divisionCode, 'divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (open === true) where.push({ rectifiedOn: null });
    if (open === false) where.push({ rectifiedOn: { $ne: null } });
    return paginate(ctx, Violation, { $and: where }, first, after, info);
  }

  /**
   * Duties of every key unit in a division (default: the token's scope) at a date (default today),
   * filtered by kind and state: "what is OVERDUE across the city" in one call and one statement.
   */
  @Query(() => [KeyUnitObligation])
  async obligations(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('kind', () => ObligationKind, { nullable: true }) kind?: ObligationKind,
    @Arg('state', () => ObligationState, { nullable: true }) state?: ObligationState,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ) {
    const on = date(asOf, 'asOf') ?? ctx.today;
    const rows = (await keyUnitDutiesInCounties(ctx.em, ctx.rules, countiesAsked(ctx, divisionCode, 'divisionCode'), on)).filter(
      (o) => (!kind || o.kind === kind) && (!state || o.state === state),
    );
    return rows.map((o) => ({ ...o, keyUnit: undefined }));
  }

  @FieldResolver(() => Plot)
  plot(@Root() v: Row<Violation>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.plotFor(info).load(v.plot.id);
  }

  @Mutation(() => Violation)
  rectifyViolation(@Ctx() ctx: Context, @Arg('id', () => ID) id: string, @Arg('rectifiedOn', () => DateScalar) rectifiedOn: string, @Arg('note') note: string) {
    return service.rectifyViolation(ctx, { id, rectifiedOn, note });
  }
}

@Resolver(() => KeyUnitObligation)
export class KeyUnitObligationResolver {
  @FieldResolver(() => KeyUnit)
  keyUnit(@Root() o: Row<KeyUnitObligation>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.keyUnitFor(info).load(o.keyUnitId);
  }
}
