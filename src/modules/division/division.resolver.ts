import type { Row } from '../../db/plain';
import { Arg, Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { badInput } from '../../errors';
import { Agency } from '../client/agency';
import { Division } from './division.entity';
import { LandUse } from './landuse.entity';
import type { DivisionInfo } from './division.cache';

@ObjectType('Principal', { simpleResolvers: true })
export class PrincipalType {
  @Field() clientName!: string;
  @Field(() => Agency) agency!: Agency;
  @Field(() => Division) division!: DivisionInfo;
}

/** Reference data and `me`: served from the in-memory cache, no SQL. */
@Resolver(() => Division)
export class DivisionResolver {
  @Query(() => PrincipalType)
  me(@Ctx() ctx: Context): PrincipalType {
    const p = ctx.principal;
    return { clientName: p.clientName, agency: p.agency, division: ctx.cache.divisions.get(p.divisionCode)! };
  }

  /** Top-level divisions without `parentCode`; otherwise the children of that division, by code. */
  @Query(() => [Division])
  divisions(@Ctx() ctx: Context, @Arg('parentCode', () => ID, { nullable: true }) parentCode?: string): DivisionInfo[] {
    if (parentCode != null && !ctx.cache.divisions.has(parentCode)) throw badInput('parentCode', `unknown division code "${String(parentCode).slice(0, 12)}"`);
    const codes = parentCode != null ? ctx.cache.children.get(parentCode) ?? [] : [...ctx.cache.divisions.values()].filter((d) => !d.parentCode).map((d) => d.code);
    return codes.map((c) => ctx.cache.divisions.get(c)!);
  }

  @Query(() => [LandUse])
  landUses(@Ctx() ctx: Context) {
    return [...ctx.cache.landUses.values()];
  }

  @FieldResolver(() => Division, { nullable: true })
  parent(@Root() d: Row<DivisionInfo>, @Ctx() ctx: Context): DivisionInfo | null {
    return d.parentCode ? ctx.cache.divisions.get(d.parentCode) ?? null : null;
  }
}

/** `county` of any county-bound row, from the cache. */
export const countyOf = (ctx: Context, row: { county: { code: string } }): DivisionInfo => ctx.cache.divisions.get(row.county.code)!;
