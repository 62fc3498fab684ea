import { Arg, Ctx, Field, FieldResolver, ID, Info, Int, ObjectType, Query, registerEnumType, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context';
import { badInput } from '../errors';
import { DateScalar } from '../graphql/scalars';
import { Division } from '../modules/division/division.entity';
import type { DivisionInfo } from '../modules/division/division.cache';
import { PlotStage } from '../modules/plot/plot.enums';
import { Plot } from '../modules/plot/plot.entity';
import { KeyUnit } from '../modules/keyunit/keyunit.entity';
import { Violation } from '../modules/violation/violation.entity';
import { DischargePermit } from '../modules/permit/permit.entity';
import { VacatedSite } from '../modules/vacated/vacated-site.entity';
import { ReserveProject, ReserveStage } from '../modules/reserve/reserve-project.entity';
import { Duty, DutyObligor, DutyRow, DutySubject, ObligationKind, ObligationState } from '../modules/duty/duty.types';
import type { Agency } from '../modules/client/agency';
import { CellRow, CellSubject } from './cells';
import { LegacyWasteSite, SolidWasteYard } from '../modules/waste/waste.entity';
import { QuantityScalar } from '../modules/waste/tonnes';
import { wasteLoaders } from '../modules/waste/waste.resolver';
import { cellValue, JOINT_DISPATCH_CELLS, JointDispatchCell, jointDispatchCellDef, jointDispatchCellRows, JointDispatchCounts } from './joint-dispatch';
import { ReserveTrackerCell, reserveTrackerCellDef, reserveTrackerCellRows } from './reserve-tracker';
import { JointDispatchRow, quarterArg, ServedJointDispatchRow } from './report.resolver';
import { reportDivision } from './scope';

registerEnumType(JointDispatchCell, { name: 'JointDispatchCell', description: 'A counting cell of the joint-dispatch report (its rows: jointDispatchCell).' });
registerEnumType(ReserveTrackerCell, { name: 'ReserveTrackerCell', description: 'A counting cell of the reserve tracker (its rows: reserveTrackerCell).' });

/** One cell of a report row: its value, and the same cell a quarter earlier. */
@ObjectType('JointDispatchCellCount', { simpleResolvers: true })
export class JointDispatchCellCount {
  @Field(() => JointDispatchCell) cell!: JointDispatchCell;
  /** PLOTS_BY_STAGE only: the stage counted. */
  @Field(() => PlotStage, { nullable: true }) stage!: PlotStage | null;
  @Field(() => Int) count!: number;
  previousRow!: () => Promise<JointDispatchCounts>;
}

/** One row behind a cell: what it is, its county, and the subject (each field under its own policy part). */
@ObjectType('JointDispatchCellRow', { simpleResolvers: true })
export class JointDispatchCellRow {
  @Field(() => CellSubject) subject!: CellSubject;
  /** A duty's or violation's kind; a plot's stage at quarter end; a project's stage; a permit's end reason. */
  @Field(() => String, { nullable: true }) kind!: string | null;
  /** A duty's state; OPEN or RECTIFIED for a violation; SAFE or NOT_SAFE for a supply. */
  @Field(() => String, { nullable: true }) state!: string | null;
  @Field(() => String, { nullable: true }) detail!: string | null;
  /** LEGACY_WASTE_REMAINING: the line's tonnes left (the cell's tonnes are the sum over its rows). */
  @Field(() => QuantityScalar, { nullable: true }) quantity!: string | null;
}

@ObjectType('JointDispatchCellList', { simpleResolvers: true })
export class JointDispatchCellList {
  @Field() quarter!: string;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Division) division!: DivisionInfo;
  /** The county asked for; null: every county of the division (the total row). */
  @Field(() => Division, { nullable: true }) county!: DivisionInfo | null;
  @Field(() => JointDispatchCell) cell!: JointDispatchCell;
  @Field(() => PlotStage, { nullable: true }) stage!: PlotStage | null;
  /** The report's number for this cell: always rows.length. */
  @Field(() => Int) count!: number;
  @Field(() => [JointDispatchCellRow]) rows!: CellRow[];
}

@ObjectType('ReserveTrackerCellRow', { simpleResolvers: true })
export class ReserveTrackerCellRow {
  /** For the schema's sake: every field of this type is resolved from the set's row (ReserveTrackerCellRowResolver). */
  subject!: CellSubject;
}

@ObjectType('ReserveTrackerCellList', { simpleResolvers: true })
export class ReserveTrackerCellList {
  @Field(() => Int) year!: number;
  @Field(() => DateScalar) asOf!: string;
  @Field(() => Division) division!: DivisionInfo;
  @Field(() => Division, { nullable: true }) county!: DivisionInfo | null;
  @Field(() => ReserveTrackerCell) cell!: ReserveTrackerCell;
  @Field(() => ReserveStage, { nullable: true }) stage!: ReserveStage | null;
  @Field(() => Int) count!: number;
  @Field(() => [ReserveTrackerCellRow]) rows!: CellRow[];
}

/** The counties a drill-down reads: one county of the division (BAD_USER_INPUT `countyCode` otherwise) or all of them. */
function cellCounties(ctx: Context, div: { counties: string[] }, countyCode?: string | null): { counties: string[]; county: DivisionInfo | null } {
  if (countyCode == null) return { counties: div.counties, county: null };
  const code = String(countyCode).trim();
  if (!div.counties.includes(code)) throw badInput('countyCode', `"${code.slice(0, 12)}" is not a county of the division`);
  return { counties: [code], county: ctx.cache.divisions.get(code)! };
}

/** The part of a split cell: required for it (BAD_USER_INPUT `stage`), refused for any other. */
function cellPart(parts: readonly string[] | undefined, stage: string | null | undefined, cell: string): string | null {
  if (parts && stage == null) throw badInput('stage', `${cell} is counted per stage: give the stage`);
  if (!parts && stage != null) throw badInput('stage', `${cell} is not counted per stage`);
  return stage ?? null;
}

@Resolver(() => JointDispatchRow)
export class JointDispatchRowResolver {
  /** The same row (county, or the total) in the previous quarter's report. */
  @FieldResolver(() => JointDispatchRow)
  previous(@Root() row: ServedJointDispatchRow) {
    return row.previousRow();
  }

  /** Every counting cell of the row (JOINT_DISPATCH_CELLS; PLOTS_BY_STAGE once per stage) with its value and the change against the previous quarter. */
  @FieldResolver(() => [JointDispatchCellCount])
  cells(@Root() row: ServedJointDispatchRow): JointDispatchCellCount[] {
    return JOINT_DISPATCH_CELLS.flatMap((def) => (def.parts ?? [null]).map((part) => ({
      cell: def.cell, stage: part as PlotStage | null, count: cellValue(row, def, part), previousRow: row.previousRow,
    })));
  }
}

@Resolver(() => JointDispatchCellCount)
export class JointDispatchCellCountResolver {
  /** The cell's value in the previous quarter (the same as-of rules). */
  @FieldResolver(() => Int)
  async previous(@Root() c: JointDispatchCellCount) {
    return cellValue(await c.previousRow(), jointDispatchCellDef(c.cell), c.stage);
  }

  /** count − previous. */
  @FieldResolver(() => Int)
  async change(@Root() c: JointDispatchCellCount) {
    return c.count - cellValue(await c.previousRow(), jointDispatchCellDef(c.cell), c.stage);
  }
}

@Resolver(() => JointDispatchCellRow)
export class JointDispatchCellRowResolver {
  /**
   * The rows behind a number of jointDispatchReport (RULES.md §10: every number drills down): the cell's set at the
   * quarter's dates, in one county (`countyCode`) or every county of the division (the total row); PLOTS_BY_STAGE
   * takes the `stage`. The list is the set the report counts (src/reports/cells.ts), so its length is the number.
   */
  @Query(() => JointDispatchCellList)
  async jointDispatchCell(
    @Ctx() ctx: Context,
    @Arg('quarter') quarter: string,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('cell', () => JointDispatchCell) cell: JointDispatchCell,
    @Arg('stage', () => PlotStage, { nullable: true }) stage?: PlotStage,
    @Arg('countyCode', () => ID, { nullable: true }) countyCode?: string,
  ) {
    const q = quarterArg(quarter);
    const def = jointDispatchCellDef(cell);
    const part = cellPart(def.parts, stage, cell);
    const div = reportDivision(ctx, divisionCode);
    const { counties, county } = cellCounties(ctx, div, countyCode);
    const rows = await jointDispatchCellRows(ctx.em, ctx.rules, counties, q.firstDay, q.lastDay, cell, part);
    return {
      quarter: `${q.year}Q${q.quarter}`, asOf: q.lastDay, division: ctx.cache.divisions.get(div.code)!, county, cell, stage: part, count: rows.length, rows,
    };
  }

  @FieldResolver(() => Division)
  county(@Root() r: CellRow, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(r.countyCode)!;
  }

  /** The date the row is about: the event in the quarter, the due date, the detection, the entry, the supply. */
  @FieldResolver(() => DateScalar, { nullable: true })
  date(@Root() r: CellRow) {
    return r.on;
  }

  @FieldResolver(() => Plot, { nullable: true })
  plot(@Root() r: CellRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return r.plotId == null ? null : ctx.loaders.plotFor(info).load(r.plotId);
  }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() r: CellRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return r.keyUnitId == null ? null : ctx.loaders.keyUnitFor(info).load(r.keyUnitId);
  }

  @FieldResolver(() => Violation, { nullable: true })
  violation(@Root() r: CellRow, @Ctx() ctx: Context) {
    return r.violationId == null ? null : ctx.loaders.violation.load(r.violationId);
  }

  @FieldResolver(() => DischargePermit, { nullable: true })
  permit(@Root() r: CellRow, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return r.permitId == null ? null : ctx.loaders.permitFor(info).load(r.permitId);
  }

  @FieldResolver(() => VacatedSite, { nullable: true })
  vacatedSite(@Root() r: CellRow, @Ctx() ctx: Context) {
    return r.vacatedSiteId == null ? null : ctx.loaders.vacatedSite.load(r.vacatedSiteId);
  }

  @FieldResolver(() => ReserveProject, { nullable: true })
  reserveProject(@Root() r: CellRow, @Ctx() ctx: Context) {
    return r.projectId == null ? null : ctx.loaders.reserveProject.load(r.projectId);
  }

  @FieldResolver(() => SolidWasteYard, { nullable: true })
  solidWasteYard(@Root() r: CellRow, @Ctx() ctx: Context) {
    return r.solidWasteYardId == null ? null : wasteLoaders(ctx).yard.load(r.solidWasteYardId);
  }

  @FieldResolver(() => LegacyWasteSite, { nullable: true })
  legacyWasteSite(@Root() r: CellRow, @Ctx() ctx: Context) {
    return r.legacyWasteSiteId == null ? null : wasteLoaders(ctx).site.load(r.legacyWasteSiteId);
  }

  /** The duty, for the duty cells (the engine's row at quarter end). */
  @FieldResolver(() => Duty, { nullable: true })
  duty(@Root() r: CellRow): DutyRow | null {
    if (r.subject !== CellSubject.DUTY) return null;
    return {
      subject: r.plotId != null ? DutySubject.PLOT : DutySubject.KEY_UNIT, keyUnitId: r.keyUnitId, plotId: r.plotId,
      solidWasteYardId: r.solidWasteYardId, legacyWasteSiteId: r.legacyWasteSiteId, countyCode: r.countyCode,
      kind: r.kind as ObligationKind, state: r.state as ObligationState, dueOn: r.on, detail: r.detail, obligor: r.obligor as DutyObligor,
      responsibleAgency: r.agency as Agency,
    };
  }
}

@Resolver(() => ReserveTrackerCellRow)
export class ReserveTrackerCellRowResolver {
  /** The projects behind a number of reserveTracker (BY_STAGE takes the `stage`), as of the same date. */
  @Query(() => ReserveTrackerCellList)
  async reserveTrackerCell(
    @Ctx() ctx: Context,
    @Arg('year', () => Int) year: number,
    @Arg('divisionCode', () => ID) divisionCode: string,
    @Arg('cell', () => ReserveTrackerCell) cell: ReserveTrackerCell,
    @Arg('stage', () => ReserveStage, { nullable: true }) stage?: ReserveStage,
    @Arg('countyCode', () => ID, { nullable: true }) countyCode?: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOfArg?: string,
  ) {
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw badInput('year', 'must be a year between 1990 and 2100');
    const asOf = asOfArg ?? ctx.today;
    if (asOf > ctx.today) throw badInput('asOf', `must not be after ${ctx.today}`);
    const part = cellPart(reserveTrackerCellDef(cell).parts, stage, cell);
    const div = reportDivision(ctx, divisionCode);
    const { counties, county } = cellCounties(ctx, div, countyCode);
    const rows = await reserveTrackerCellRows(ctx.em, counties, year, asOf, ctx.today, cell, part);
    return { year, asOf, division: ctx.cache.divisions.get(div.code)!, county, cell, stage: part, count: rows.length, rows };
  }

  @FieldResolver(() => Division)
  county(@Root() r: CellRow, @Ctx() ctx: Context) {
    return ctx.cache.divisions.get(r.countyCode)!;
  }

  /** The project's stage as of the tracker's date. */
  @FieldResolver(() => ReserveStage)
  stage(@Root() r: CellRow) {
    return r.kind;
  }

  @FieldResolver(() => DateScalar, { nullable: true })
  enteredCentralReserveOn(@Root() r: CellRow) {
    return r.on;
  }

  @FieldResolver(() => ReserveProject)
  reserveProject(@Root() r: CellRow, @Ctx() ctx: Context) {
    return ctx.loaders.reserveProject.load(r.projectId!);
  }
}
