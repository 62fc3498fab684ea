import { Arg, Ctx, Field, FieldResolver, ID, InputType, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { findPlain, type Row } from '../../db/plain';
import { pageSize } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import { badInput } from '../../errors';
import * as input from '../common/input';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import { EnforcementCase } from '../case/case.entity';
import { caseLoaders } from '../case/case.resolver';
import { Lead } from '../lead/lead.entity';
import { leadLoaders } from '../lead/lead.resolver';
import { JointMeeting } from './joint-meeting.entity';
import * as service from './joint-meeting.service';

@InputType('JointMeetingInput')
export class JointMeetingInput {
  /** The county or the city that held it. */
  @Field(() => ID) divisionCode!: string;
  @Field(() => DateScalar) heldOn!: string;
  @Field() title!: string;
  /** 会议纪要 number. */
  @Field(() => String, { nullable: true }) minutesNo?: string;
  @Field(() => [Agency]) agencies!: Agency[];
  @Field(() => [ID], { nullable: true }) leadIds?: string[];
  @Field(() => [ID], { nullable: true }) caseIds?: string[];
  /** 决定事项, one text each. */
  @Field(() => [String], { nullable: true }) decisions?: string[];
}

const present = <T>(rows: (T | null)[]) => rows.filter((r): r is T => r !== null);

/** 联席会议 (RULES §10): ECO records them; the bureaus at the table read them (the leads and cases each by its own part). */
@Resolver(() => JointMeeting)
export class JointMeetingResolver {
  @Query(() => [JointMeeting], { description: 'Joint meetings of a division and those under it (the token\'s scope), newest first.' })
  jointMeetings(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('from', () => DateScalar, { nullable: true }) from?: string,
    @Arg('to', () => DateScalar, { nullable: true }) to?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
  ) {
    const where: FilterQuery<JointMeeting>[] = [];
    if (divisionCode != null) {
      const d = ctx.cache.divisions.get(String(divisionCode).trim());
      if (!d) throw badInput('divisionCode', `unknown division code "${String(divisionCode).slice(0, 12)}"`);
      where.push({ division: { $in: ctx.cache.divisionsUnder(d.code) } });
    }
    const f = input.date(from, 'from');
    const t = input.date(to, 'to');
    if (f) where.push({ heldOn: { $gte: f } });
    if (t) where.push({ heldOn: { $lte: t } });
    return findPlain(ctx.em, JointMeeting, { $and: where }, { orderBy: { heldOn: 'desc', id: 'desc' }, limit: pageSize(ctx, first) });
  }

  @FieldResolver(() => Division)
  division(@Root() m: Row<JointMeeting>, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(m.division.code)!;
  }

  /** The leads reported (those the token may see). */
  @FieldResolver(() => [Lead])
  async leads(@Root() m: Row<JointMeeting>, @Ctx() ctx: Context) {
    return present(await leadLoaders(ctx).byId.loadMany(m.leadIds) as (Lead | null)[]);
  }

  /** The cases discussed (those the token may see: PUBLIC_SECURITY only the referred ones). */
  @FieldResolver(() => [EnforcementCase])
  async cases(@Root() m: Row<JointMeeting>, @Ctx() ctx: Context) {
    return present(await caseLoaders(ctx).byId.loadMany(m.caseIds) as (EnforcementCase | null)[]);
  }

  @Mutation(() => JointMeeting, { description: 'ECO: a joint meeting (联席会议) with the agencies present, leads reported, cases discussed and decisions.' })
  recordJointMeeting(@Ctx() ctx: Context, @Arg('input', () => JointMeetingInput) a: JointMeetingInput) {
    return service.recordJointMeeting(ctx, a);
  }
}
