import { Arg, Ctx, Field, Float, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { badInput } from '../errors';
import { DateScalar, DateTimeScalar, DecimalScalar, JSONScalar } from '../graphql/scalars';
import { quarterArg } from '../modules/common/input';
import { Division } from '../modules/division/division.entity';
import type { DivisionInfo } from '../modules/division/division.cache';
import { PlotStage } from '../modules/plot/plot.enums';
import { PlotFilter } from '../modules/plot/plot.resolver';
import { ReserveStage } from '../modules/reserve/reserve-project.entity';
import { jointDispatchCounts, totalRow, JointDispatchCounts } from './joint-dispatch';
import { reserveTrackerCounts } from './reserve-tracker';
import { plotsFeatureCollection } from './geojson';
import { reportDivision } from './scope';
import { QuantityScalar } from '../modules/waste/tonnes';

@ObjectType('StageCount', { simpleResolvers: true })
export class StageCount {
  @Field(() => PlotStage) stage!: PlotStage;
  @Field(() => Int) count!: number;
}

@ObjectType('JointDispatchRow', { simpleResolvers: true })
export class JointDispatchRow {
  @Field(() => Division, { nullable: true }) county!: DivisionInfo | null;
  @Field(() => [StageCount]) plotsByStage!: StageCount[];
  @Field(() => Int) sensitiveUseChanges!: number;
  @Field(() => Int) sensitiveUseChangesInvestigated!: number;
  @Field(() => Int) listedInQuarter!: number;
  @Field(() => Int) delistedInQuarter!: number;
  @Field(() => Int) violationsOpen!: number;
  @Field(() => Int) violationsRectifiedInQuarter!: number;
  @Field(() => Int) keyUnits!: number;
  @Field(() => Int) keyUnitsOverdue!: number;
  /** Plot duties (RULES.md §6) OVERDUE on the quarter's last day. */
  @Field(() => Int) plotDutiesOverdue!: number;
  /** 法67 filings missing: REAL_ESTATE_FILING duties DUE on the quarter's last day. */
  @Field(() => Int) realEstateFilingsMissing!: number;
  /** POST_MANAGEMENT duties (法35) OVERDUE on the quarter's last day. */
  @Field(() => Int) postManagementOverdue!: number;
  /** Solid-waste yards inspected on site in the quarter's last month (Xiaoyi plan 6, RULES §11). */
  @Field(() => Int) yardsInspectedThisMonth!: number;
  /** Solid-waste yards with a month's MONTHLY_INSPECTION OVERDUE at quarter end. */
  @Field(() => Int) yardsInspectionOverdue!: number;
  /** Legacy hazardous waste of closed plants not yet disposed at quarter end, tonnes (Xiaoyi plan 8). */
  @Field(() => QuantityScalar) legacyWasteRemainingTonnes!: string;
  /** SOIL_TRANSFER_DISCREPANCY violations open at quarter end (Jinzhong plan 9). */
  @Field(() => Int) soilTransferDiscrepanciesOpen!: number;
  @Field(() => Int) permitsEndedInQuarter!: number;
  @Field(() => Int) vacatedSitesOpen!: number;
  @Field(() => Int) reserveProjectsAdded!: number;
  @Field(() => Float, { nullable: true }) safeUseRate!: number | null;
}

@ObjectType('JointDispatchReport', { simpleResolvers: true })
export class JointDispatchReport {
  @Field() quarter!: string;
  @Field(() => Division) division!: DivisionInfo;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => DateTimeScalar) generatedAt!: Date;
  @Field(() => [JointDispatchRow]) rows!: JointDispatchRow[];
  @Field(() => JointDispatchRow) total!: JointDispatchRow;
  /** The quarter before, which each row's `previous` and each cell's `previous`/`change` read (like 2025Q2). */
  @Field() previousQuarter!: string;
}

@ObjectType('ReserveStageCount', { simpleResolvers: true })
class ReserveStageCount {
  @Field(() => ReserveStage) stage!: ReserveStage;
  @Field(() => Int) count!: number;
}

@ObjectType('ReserveTrackerRow', { simpleResolvers: true })
class ReserveTrackerRow {
  @Field(() => Division) county!: DivisionInfo;
  @Field(() => Int) projects!: number;
  @Field(() => Int) newInCentralReserve!: number;
  @Field() targetMet!: boolean;
  @Field(() => [ReserveStageCount]) byStage!: ReserveStageCount[];
  @Field(() => DecimalScalar) centralFundsRequested!: string;
  @Field(() => DecimalScalar) centralFundsApproved!: string;
}

@ObjectType('ReserveTracker', { simpleResolvers: true })
class ReserveTracker {
  @Field(() => Int) year!: number;
  @Field(() => Division) division!: DivisionInfo;
  /** The date the stages are read at (RULES.md §7): the argument, else today. */
  @Field(() => DateScalar) asOf!: string;
  @Field(() => [ReserveTrackerRow]) rows!: ReserveTrackerRow[];
}

/** A quarter asked as text (one place: common/input.ts). */
export { quarterArg };

/** The quarter before `q` ("2025Q1" → "2024Q4"). */
export const previousQuarterOf = (q: { year: number; quarter: number }) => (q.quarter === 1 ? `${q.year - 1}Q4` : `${q.year}Q${q.quarter - 1}`);

/** A served row: the counts, the county, and (lazily, one statement for all rows of a report) the same row a quarter earlier. */
export type ServedJointDispatchRow = JointDispatchCounts & { county: DivisionInfo | null; previousRow: () => Promise<ServedJointDispatchRow> };

/**
 * The rows of a quarter's report for the counties, the total last. The previous quarter's rows are read only when a
 * client asks for them (`previous`, a cell's `previous`/`change`): one more statement, shared by every row, with the
 * same as-of rules (the previous quarter's report exactly as jointDispatchReport would give it).
 */
function servedRows(ctx: Context, counties: string[], quarter: string, counts?: JointDispatchCounts[]): { rows: ServedJointDispatchRow[]; total: ServedJointDispatchRow } | Promise<{ rows: ServedJointDispatchRow[]; total: ServedJointDispatchRow }> {
  const q = quarterArg(quarter);
  let previous: Promise<{ rows: ServedJointDispatchRow[]; total: ServedJointDispatchRow }> | undefined;
  const loadPrevious = () => (previous ??= Promise.resolve(servedRows(ctx, counties, previousQuarterOf(q))));
  const build = (cs: JointDispatchCounts[]) => {
    const row = (c: JointDispatchCounts): ServedJointDispatchRow => ({
      ...c,
      county: c.countyCode ? ctx.cache.divisions.get(c.countyCode)! : null,
      previousRow: async () => {
        const p = await loadPrevious();
        return c.countyCode ? p.rows.find((r) => r.countyCode === c.countyCode)! : p.total;
      },
    });
    return { rows: cs.map(row), total: row(totalRow(cs)) };
  };
  if (counts) return build(counts);
  return jointDispatchCounts(ctx.em, ctx.rules, counties, q.firstDay, q.lastDay).then(build);
}

/** The joint-dispatch report as served: counts plus the county object. */
export async function buildJointDispatchReport(ctx: Context, quarter: string, divisionCode: string) {
  const q = quarterArg(quarter);
  const div = reportDivision(ctx, divisionCode);
  const counts = await jointDispatchCounts(ctx.em, ctx.rules, div.counties, q.firstDay, q.lastDay);
  const { rows, total } = servedRows(ctx, div.counties, `${q.year}Q${q.quarter}`, counts) as { rows: ServedJointDispatchRow[]; total: ServedJointDispatchRow };
  return {
    quarter: `${q.year}Q${q.quarter}`,
    previousQuarter: previousQuarterOf(q),
    division: ctx.cache.divisions.get(div.code)!,
    asOf: q.lastDay,
    generatedAt: new Date(),
    rows,
    total,
  };
}

export async function buildReserveTracker(ctx: Context, year: number, divisionCode: string, asOfArg?: string | null) {
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badInput('year', 'must be a year between 1990 and 2100');
  const asOf = asOfArg ?? ctx.today;
  if (asOf > ctx.today) throw badInput('asOf', `must not be after ${ctx.today}`);
  const div = reportDivision(ctx, divisionCode);
  const rows = await reserveTrackerCounts(ctx.em, div.counties, year, asOf, ctx.today);
  return { year, asOf, division: ctx.cache.divisions.get(div.code)!, rows: rows.map((r) => ({ ...r, county: ctx.cache.divisions.get(r.countyCode)! })) };
}

@Resolver()
export class ReportResolver {
  /** 每季度调度分析重点建设用地安全利用情况 (ECO, NATURAL_RESOURCES). */
  @Query(() => JointDispatchReport)
  jointDispatchReport(@Ctx() ctx: Context, @Arg('quarter') quarter: string, @Arg('divisionCode', () => ID) divisionCode: string) {
    return buildJointDispatchReport(ctx, quarter, divisionCode);
  }

  /** The county project-reserve tracker (ECO, NATURAL_RESOURCES read). */
  @Query(() => ReserveTracker)
  reserveTracker(
    @Ctx() ctx: Context,
    @Arg('year', () => Int) year: number,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('asOf', () => DateScalar, { nullable: true, description: 'Read the stages as of this date (default today): a past answer never changes with later edits.' }) asOf?: string,
  ) {
    return buildReserveTracker(ctx, year, divisionCode, asOf);
  }

  @Query(() => JSONScalar)
  plotsGeoJSON(@Ctx() ctx: Context, @Arg('filter', () => PlotFilter, { nullable: true }) filter?: PlotFilter) {
    return plotsFeatureCollection(ctx, filter);
  }
}
