import DataLoader from 'dataloader';
import type { FilterQuery } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import type { Row } from '../../db/plain';
import { notFound } from '../../errors';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar } from '../../graphql/scalars';
import * as input from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { reclamationGrounds, reclamationToFood } from '../plot/gates';
import { Plot } from '../plot/plot.entity';
import { FarmlandCategory, FarmlandCategoryChange, FarmlandUnit } from './farmland.entity';
import { FarmlandImportFormat, importFarmlandUnits } from './farmland.import';
import { buildFarmlandIndicator } from './farmland.indicator';
import * as service from './farmland.service';
import { categoriesAt, unitIdsInCategory } from './farmland.sql';
import { FarmlandCategoryChangeInputType, FarmlandImportResult, FarmlandIndicator, FarmlandUnitInputType, ReclamationClearance } from './farmland.types';
import { plotReclamationFacts } from './reclamation';

export const FarmlandUnitConnection = Connection(FarmlandUnit, 'FarmlandUnitConnection');

/** Per-request loaders of this family (one statement per level of a response). */
const LOADERS = new WeakMap<Context, { category: Map<string, DataLoader<number, FarmlandCategory | null>>; changes: DataLoader<number, FarmlandCategoryChange[]>; units: DataLoader<number, FarmlandUnit | null> }>();
function loaders(ctx: Context) {
  let l = LOADERS.get(ctx);
  if (!l) {
    l = {
      category: new Map(),
      changes: new DataLoader(async (ids) => {
        const rows = await ctx.em.find(FarmlandCategoryChange, { unit: { $in: [...ids] } }, { orderBy: [{ approvedOn: 'asc' }, { id: 'asc' }] });
        return ids.map((id) => rows.filter((r) => r.unit.id === id));
      }),
      units: new DataLoader(async (ids) => {
        const rows = await ctx.em.find(FarmlandUnit, { id: { $in: [...ids] } });
        return ids.map((id) => rows.find((r) => r.id === id) ?? null);
      }),
    };
    LOADERS.set(ctx, l);
  }
  return l;
}

@Resolver(() => FarmlandUnit)
export class FarmlandResolver {
  @Query(() => FarmlandUnit, { nullable: true })
  async farmlandUnit(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.em.findOne(FarmlandUnit, { id: input.id(id, 'id') });
  }

  /** A division's farmland units; `category`: those in that category at `asOf` (default today). */
  @Query(() => FarmlandUnitConnection)
  async farmlandUnits(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('category', () => FarmlandCategory, { nullable: true }) category?: FarmlandCategory,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const on = input.date(asOf, 'asOf') ?? ctx.today;
    const where: FilterQuery<FarmlandUnit>[] = [];
    const counties = input.countiesFilter(ctx, divisionCode, 'divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    if (category) where.push({ id: { $in: await unitIdsInCategory(ctx.em, counties ?? input.countiesAsked(ctx, null, 'divisionCode'), category, on) } });
    return paginate(ctx, FarmlandUnit, { $and: where }, first, after, info);
  }

  /** 优先保护类耕地 county indicator with the warning and the 环评限批 flag (RULES.md §12); export /exports/farmland-indicator.xlsx|csv. */
  @Query(() => FarmlandIndicator)
  farmlandIndicator(
    @Ctx() ctx: Context,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('quarter', () => String, { nullable: true }) quarter?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string,
  ) {
    return buildFarmlandIndicator(ctx, divisionCode, quarter, asOf);
  }

  @FieldResolver(() => Division)
  county(@Root() u: Row<FarmlandUnit>, @Ctx() ctx: Context) {
    return countyOf(ctx, u);
  }

  /** The category in force at `asOf` (default today): the last change approved by then, else the registration's; null before the unit was registered. */
  @FieldResolver(() => FarmlandCategory, { nullable: true })
  category(@Root() u: Row<FarmlandUnit>, @Ctx() ctx: Context, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    const on = input.date(asOf, 'asOf') ?? ctx.today;
    const l = loaders(ctx);
    let loader = l.category.get(on);
    if (!loader) {
      loader = new DataLoader(async (ids) => {
        const m = await categoriesAt(ctx.em, ids, on);
        return ids.map((id) => m.get(id) ?? null);
      });
      l.category.set(on, loader);
    }
    return loader.load(u.id);
  }

  @FieldResolver(() => FarmlandCategory)
  registeredCategory(@Root() u: Row<FarmlandUnit>) {
    return u.registeredCategory;
  }

  /** Every category change, approved ones in date order, a pending one last. */
  @FieldResolver(() => [FarmlandCategoryChange])
  async categoryChanges(@Root() u: Row<FarmlandUnit>, @Ctx() ctx: Context) {
    return loaders(ctx).changes.load(u.id);
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() u: Row<FarmlandUnit>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return u.plot ? ctx.loaders.plotFor(info).load(u.plot.id) : null;
  }

  @Mutation(() => FarmlandUnit, { description: 'AGRICULTURE: a farmland unit (耕地图斑), or land reclaimed as farmland naming its plot; the reclamation gate applies (RULES.md §12).' })
  registerFarmlandUnit(@Ctx() ctx: Context, @Arg('input', () => FarmlandUnitInputType) inputArg: FarmlandUnitInputType) {
    return service.registerFarmlandUnit(ctx, inputArg);
  }

  @Mutation(() => FarmlandCategoryChange, { description: 'AGRICULTURE: a category adjustment (类别动态调整), approved by the city government now (approvedOn) or later; expectedVersion is the unit\'s.' })
  recordFarmlandCategoryChange(
    @Ctx() ctx: Context,
    @Arg('input', () => FarmlandCategoryChangeInputType) inputArg: FarmlandCategoryChangeInputType,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.recordFarmlandCategoryChange(ctx, { ...inputArg, expectedVersion });
  }

  @Mutation(() => FarmlandCategoryChange, { description: 'AGRICULTURE: the city government approved a pending category change (经市政府审定同意); in force from approvedOn.' })
  approveFarmlandCategoryChange(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('approvedOn', () => DateScalar) approvedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
    @Arg('approvalDocument', () => String, { nullable: true }) approvalDocument?: string,
  ) {
    return service.approveFarmlandCategoryChange(ctx, { id, approvedOn, approvalDocument, expectedVersion });
  }

  @Mutation(() => FarmlandCategoryChange, { description: 'AGRICULTURE: an approved category change reported to the province (报送省农业农村厅、省生态环境厅).' })
  reportFarmlandCategoryChange(
    @Ctx() ctx: Context,
    @Arg('id', () => ID) id: string,
    @Arg('reportedOn', () => DateScalar) reportedOn: string,
    @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return service.reportFarmlandCategoryChange(ctx, { id, reportedOn, expectedVersion });
  }

  @Mutation(() => FarmlandImportResult, { description: 'AGRICULTURE: a county\'s survey results (GeoJSON FeatureCollection or CSV with WKT), all or nothing; per-row errors in extensions.errors. Large files: POST /imports/farmland-units.' })
  importFarmlandUnits(
    @Ctx() ctx: Context,
    @Arg('countyCode', () => ID) countyCode: string,
    @Arg('format', () => FarmlandImportFormat) format: FarmlandImportFormat,
    @Arg('content', () => String) content: string,
    @Arg('registeredOn', () => DateScalar, { nullable: true }) registeredOn?: string,
  ) {
    return importFarmlandUnits(ctx, { countyCode, format, content, registeredOn });
  }
}

@Resolver(() => FarmlandCategoryChange)
export class FarmlandCategoryChangeResolver {
  @FieldResolver(() => FarmlandUnit)
  async unit(@Root() c: Row<FarmlandCategoryChange>, @Ctx() ctx: Context) {
    const u = await loaders(ctx).units.load(c.unit.id);
    if (!u) throw notFound('farmland unit');
    return u;
  }
}

/** `Plot.reclamationToFood`: the reclamation gate asked without writing (the same gates.ts rule the mutations use). */
@Resolver(() => Plot)
export class PlotReclamationResolver {
  @FieldResolver(() => ReclamationClearance)
  async reclamationToFood(@Root() p: Row<Plot>, @Ctx() ctx: Context) {
    const f = (await plotReclamationFacts(ctx.em, ctx.cache, p.id)) ?? { keyUnitLand: false, vacatedSite: false, keyIndustry: null };
    const refusal = reclamationToFood(f, true, String(p.id));
    return { allowed: !refusal, reasons: refusal ? [refusal.code] : [], grounds: reclamationGrounds(f), keyIndustry: f.keyIndustry };
  }
}
