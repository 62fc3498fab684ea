import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import type { Row } from '../../db/plain';
import { Connection, paginate } from '../../graphql/connection';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { badInput, notFound } from '../../errors';
import { countiesAsked, countiesFilter, date, id as parseId } from '../common/input';
import { Division } from '../division/division.entity';
import { countyOf } from '../division/division.resolver';
import { Duty, DutyRow, Obligation } from '../duty/duty.types';
import { legacyWasteSiteDuties, yardDuties } from '../duty/engine';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { Point, PointInput } from '../plot/plot.resolver';
import { Violation } from '../violation/violation.entity';
import { byIdLoader, groupedLoader, perRequest } from '../common/request-loaders';
import { fromMilli, toMilli } from './common';
import { importManifestCounts } from './manifest-import.service';
import { QuantityScalar } from './tonnes';
import {
  HazardousWasteManifestCount, LegacyWasteDisposal, LegacyWasteItem, LegacyWasteSite, MonitoringMedium, SoilTransferLeg, SoilTransferPlan,
  SolidWasteLedgerEntry, SolidWasteMonitoring, SolidWasteYard,
} from './waste.entity';
import { Inspection } from '../inspection/inspection.entity';
import { inspectionLoaders } from '../inspection/inspection.loaders';
import * as legacy from './legacy-waste.service';
import * as transfer from './soil-transfer.service';
import * as yards from './yard.service';
import { YardProcedure } from './yard.service';

registerEnumType(YardProcedure, { name: 'YardProcedure', description: 'The yard procedures ECO records (the safety one is EMERGENCY\'s: recordYardSafetyProcedure)' });

export const SolidWasteYardConnection = Connection(SolidWasteYard, 'SolidWasteYardConnection');

/** A procedure document of a yard (土地、环评、安评手续): number and date. Null when missing. */
@ObjectType('YardDocument', { simpleResolvers: true })
export class YardDocument {
  @Field() documentNo!: string;
  @Field(() => DateScalar) issuedOn!: string;
}

@ObjectType('ManifestImportResult', { simpleResolvers: true })
export class ManifestImportResult {
  @Field(() => Int) imported!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
}

@InputType('SolidWasteYardInput')
export class SolidWasteYardInput {
  @Field(() => ID) countyCode!: string;
  @Field() name!: string;
  @Field() operatorName!: string;
  @Field() operatorCreditCode!: string;
  @Field({ nullable: true }) address?: string;
  @Field(() => PointInput, { nullable: true }) centroid?: PointInput;
  @Field(() => JSONScalar, { nullable: true }) boundary?: unknown;
  @Field(() => [String], { nullable: true }) wasteTypes?: string[];
  @Field(() => QuantityScalar, { nullable: true }) capacityTonnes?: string;
  @Field(() => DateScalar) registeredOn!: string;
  @Field({ nullable: true }) landDocumentNo?: string;
  @Field(() => DateScalar, { nullable: true }) landIssuedOn?: string;
  @Field({ nullable: true }) eiaDocumentNo?: string;
  @Field(() => DateScalar, { nullable: true }) eiaIssuedOn?: string;
}

@InputType('LegacyWasteSiteInput')
export class LegacyWasteSiteInput {
  @Field(() => ID) countyCode!: string;
  @Field() name!: string;
  @Field() creditCode!: string;
  @Field(() => ID, { nullable: true }) keyUnitId?: string;
  @Field(() => DateScalar, { nullable: true }) closedOn?: string;
}

@InputType('SoilTransferPlanInput')
export class SoilTransferPlanInput {
  @Field(() => ID) plotId!: string;
  @Field() documentNo!: string;
  @Field(() => DateScalar) filedOn!: string;
  @Field(() => QuantityScalar) volumeCubicMetres!: string;
  @Field() receiverName!: string;
  @Field() receiverCreditCode!: string;
  @Field({ nullable: true }) receiverAddress?: string;
  @Field() route!: string;
  @Field(() => DateScalar) startsOn!: string;
  @Field(() => DateScalar) endsOn!: string;
}


/**
 * The request's loaders of this family (one statement per list and level), on the common request loaders
 * (src/modules/common/request-loaders.ts): plain rows in the request's scope.
 */
function makeLoaders(ctx: Context) {
  const many = <T extends object>(entity: new () => T, fk: string, orderBy: Record<string, 'asc' | 'desc'>) =>
    groupedLoader(ctx, entity, fk, (r) => ((r as Record<string, unknown>)[fk] as { id: number } | undefined)?.id, orderBy);
  const violations = groupedLoader(ctx, Violation, 'soilTransferLeg', (v) => v.soilTransferLeg?.id, { id: 'asc' });
  return {
    ledger: many(SolidWasteLedgerEntry, 'yard', { month: 'asc', id: 'asc' }),
    monitoring: many(SolidWasteMonitoring, 'yard', { sampledOn: 'asc', id: 'asc' }),
    items: many(LegacyWasteItem, 'site', { inventoriedOn: 'asc', id: 'asc' }),
    disposals: many(LegacyWasteDisposal, 'item', { disposedOn: 'asc', id: 'asc' }),
    plans: many(SoilTransferPlan, 'plot', { filedOn: 'asc', id: 'asc' }),
    legs: many(SoilTransferLeg, 'plan', { dispatchedOn: 'asc', id: 'asc' }),
    yard: byIdLoader(ctx, SolidWasteYard),
    site: byIdLoader(ctx, LegacyWasteSite),
    plan: byIdLoader(ctx, SoilTransferPlan),
    leg: byIdLoader(ctx, SoilTransferLeg),
    /** The violation a leg's discrepancy opened (at most one per leg). */
    legViolation: { load: async (legId: number) => (await violations.load(legId))[0] ?? null },
  };
}
export const wasteLoaders = (ctx: Context) => perRequest(ctx, 'waste', () => makeLoaders(ctx));

/** Duties of many yards or sites at one date: one loader per date and family, per request. */
const dutiesLoader = (ctx: Context, family: string, on: string, fn: (ids: readonly number[]) => Promise<DutyRow[]>, key: (d: DutyRow) => number | null) =>
  perRequest(ctx, `waste:${family}:${on}`, () => new DataLoader<number, DutyRow[]>(async (ids) => {
    const rows = await fn(ids);
    return ids.map((i) => rows.filter((r) => key(r) === i));
  }));

const sumMilli = (xs: { tonnes: string }[]) => xs.reduce((s, x) => s + toMilli(x.tonnes), 0n);

@Resolver(() => SolidWasteYard)
export class SolidWasteYardResolver {
  @Query(() => SolidWasteYardConnection, { description: '一般工业固废堆场 of a division (default: the token\'s counties).' })
  solidWasteYards(
    @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo,
    @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    const where: FilterQuery<SolidWasteYard>[] = [];
    const counties = countiesFilter(ctx, divisionCode, 'divisionCode');
    if (counties) where.push({ county: { $in: counties } });
    return paginate(ctx, SolidWasteYard, { $and: where }, first, after, info);
  }

  @Query(() => SolidWasteYard, { nullable: true })
  async solidWasteYard(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return wasteLoaders(ctx).yard.load(parseId(id, 'id'));
  }

  @Query(() => JSONScalar, { description: 'The yards as an RFC 7946 FeatureCollection (boundary, else the centroid) for the one map.' })
  async solidWasteYardsGeoJSON(
    @Ctx() ctx: Context, @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('includeClosed', () => Boolean, { nullable: true, defaultValue: true, description: 'false: only yards not closed (today)' }) includeClosed?: boolean,
  ) {
    return yardsFeatureCollection(ctx, divisionCode, includeClosed ?? true);
  }

  @FieldResolver(() => Division) county(@Root() y: Row<SolidWasteYard>, @Ctx() ctx: Context) { return countyOf(ctx, y); }

  @FieldResolver(() => Point, { nullable: true })
  centroid(@Root() y: Row<SolidWasteYard>) { return y.centroidLon != null && y.centroidLat != null ? { lon: y.centroidLon, lat: y.centroidLat } : null; }

  @FieldResolver(() => YardDocument, { nullable: true, description: '土地手续; null: missing' })
  landProcedure(@Root() y: Row<SolidWasteYard>) { return y.landDocumentNo ? { documentNo: y.landDocumentNo, issuedOn: y.landIssuedOn } : null; }

  @FieldResolver(() => YardDocument, { nullable: true, description: '环评手续; null: missing' })
  eiaProcedure(@Root() y: Row<SolidWasteYard>) { return y.eiaDocumentNo ? { documentNo: y.eiaDocumentNo, issuedOn: y.eiaIssuedOn } : null; }

  @FieldResolver(() => YardDocument, { nullable: true, description: '安评手续 (recorded by EMERGENCY); null: missing' })
  safetyProcedure(@Root() y: Row<SolidWasteYard>) { return y.safetyDocumentNo ? { documentNo: y.safetyDocumentNo, issuedOn: y.safetyIssuedOn } : null; }

  @FieldResolver(() => [SolidWasteLedgerEntry]) ledger(@Root() y: Row<SolidWasteYard>, @Ctx() ctx: Context) { return wasteLoaders(ctx).ledger.load(y.id); }
  @FieldResolver(() => [SolidWasteMonitoring]) monitoring(@Root() y: Row<SolidWasteYard>, @Ctx() ctx: Context) { return wasteLoaders(ctx).monitoring.load(y.id); }
  @FieldResolver(() => [Inspection], { description: 'Its inspections (recordInspection with subjectKind SOLID_WASTE_YARD); ON_SITE ones meet MONTHLY_INSPECTION.' })
  inspections(@Root() y: Row<SolidWasteYard>, @Ctx() ctx: Context) { return inspectionLoaders(ctx).ofSolidWasteYard.load(y.id); }

  @FieldResolver(() => [Obligation], { description: 'MONTHLY_INSPECTION and PROCEDURES at a date (default today), from the duty engine.' })
  obligations(@Root() y: Row<SolidWasteYard>, @Ctx() ctx: Context, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    const on = date(asOf, 'asOf') ?? ctx.today;
    return dutiesLoader(ctx, 'yard', on, (ids) => yardDuties(ctx.em, ctx.rules, ids, on), (d) => d.solidWasteYardId).load(y.id);
  }

  @Mutation(() => SolidWasteYard)
  registerSolidWasteYard(@Ctx() ctx: Context, @Arg('input', () => SolidWasteYardInput) input: SolidWasteYardInput) {
    return yards.registerSolidWasteYard(ctx, { input });
  }

  @Mutation(() => SolidWasteYard, { description: 'ECO: the yard\'s land (土地) or EIA (环评) document.' })
  recordYardProcedure(
    @Ctx() ctx: Context, @Arg('yardId', () => ID) yardId: string, @Arg('procedure', () => YardProcedure) procedure: YardProcedure,
    @Arg('documentNo') documentNo: string, @Arg('issuedOn', () => DateScalar) issuedOn: string, @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return yards.recordYardProcedure(ctx, { yardId, procedure, documentNo, issuedOn, expectedVersion });
  }

  @Mutation(() => SolidWasteYard, { description: 'EMERGENCY: the yard\'s safety assessment (安评手续).' })
  recordYardSafetyProcedure(
    @Ctx() ctx: Context, @Arg('yardId', () => ID) yardId: string, @Arg('documentNo') documentNo: string,
    @Arg('issuedOn', () => DateScalar) issuedOn: string, @Arg('expectedVersion', () => Int) expectedVersion: number,
  ) {
    return yards.recordYardSafetyProcedure(ctx, { yardId, documentNo, issuedOn, expectedVersion });
  }

  @Mutation(() => SolidWasteYard)
  closeSolidWasteYard(@Ctx() ctx: Context, @Arg('yardId', () => ID) yardId: string, @Arg('closedOn', () => DateScalar) closedOn: string, @Arg('expectedVersion', () => Int) expectedVersion: number) {
    return yards.closeSolidWasteYard(ctx, { yardId, closedOn, expectedVersion });
  }

  @Mutation(() => SolidWasteLedgerEntry, { description: 'One month\'s ledger (台账) of the yard, month "YYYY-MM".' })
  recordYardLedger(
    @Ctx() ctx: Context, @Arg('yardId', () => ID) yardId: string, @Arg('month') month: string,
    @Arg('generatedTonnes', () => QuantityScalar) generatedTonnes: string, @Arg('storedTonnes', () => QuantityScalar) storedTonnes: string,
    @Arg('usedTonnes', () => QuantityScalar) usedTonnes: string, @Arg('disposedTonnes', () => QuantityScalar) disposedTonnes: string,
  ) {
    return yards.recordYardLedger(ctx, { yardId, month, generatedTonnes, storedTonnes, usedTonnes, disposedTonnes });
  }

  @Mutation(() => SolidWasteMonitoring)
  recordYardMonitoring(
    @Ctx() ctx: Context, @Arg('yardId', () => ID) yardId: string, @Arg('medium', () => MonitoringMedium) medium: MonitoringMedium,
    @Arg('sampledOn', () => DateScalar) sampledOn: string, @Arg('exceedsStandard') exceedsStandard: boolean, @Arg('note', () => String, { nullable: true }) note?: string,
  ) {
    return yards.recordYardMonitoring(ctx, { yardId, medium, sampledOn, exceedsStandard, note });
  }
}

/** An inspection's yard (the enforcement family's Inspection, subject SOLID_WASTE_YARD). */
@Resolver(() => Inspection)
export class InspectionYardResolver {
  @FieldResolver(() => SolidWasteYard, { nullable: true })
  solidWasteYard(@Root() i: Row<Inspection>, @Ctx() ctx: Context) { return i.solidWasteYard ? wasteLoaders(ctx).yard.load(i.solidWasteYard.id) : null; }
}

@Resolver(() => LegacyWasteSite)
export class LegacyWasteSiteResolver {
  @Query(() => [LegacyWasteSite], { description: 'Closed plants holding legacy hazardous waste (遗留危废) in a division (default: the token\'s counties).' })
  legacyWasteSites(@Ctx() ctx: Context, @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string) {
    return ctx.em.find(LegacyWasteSite, { county: { $in: countiesAsked(ctx, divisionCode, 'divisionCode') } }, { orderBy: { county: 'asc', id: 'asc' } });
  }

  @Query(() => [HazardousWasteManifestCount], { description: 'Monthly hazardous-waste manifest counts imported from the national system, by unit (credit code).' })
  hazardousWasteManifestCounts(
    @Ctx() ctx: Context, @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string,
    @Arg('creditCode', () => String, { nullable: true }) creditCode?: string,
  ) {
    const where: FilterQuery<HazardousWasteManifestCount> = { county: { $in: countiesAsked(ctx, divisionCode, 'divisionCode') } };
    if (creditCode != null) (where as Record<string, unknown>).creditCode = String(creditCode).trim().slice(0, 18);
    return ctx.em.find(HazardousWasteManifestCount, where, { orderBy: { creditCode: 'asc', month: 'asc' } });
  }

  @FieldResolver(() => Division) county(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context) { return countyOf(ctx, s); }

  @FieldResolver(() => KeyUnit, { nullable: true })
  keyUnit(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return s.keyUnit ? ctx.loaders.keyUnitFor(info).load(s.keyUnit.id) : null;
  }

  @FieldResolver(() => [LegacyWasteItem]) inventory(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context) { return wasteLoaders(ctx).items.load(s.id); }

  @FieldResolver(() => QuantityScalar, { description: 'Tonnes inventoried' })
  async totalTonnes(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context) { return fromMilli(sumMilli(await wasteLoaders(ctx).items.load(s.id))); }

  @FieldResolver(() => QuantityScalar, { description: 'Tonnes not yet disposed (today)' })
  async remainingTonnes(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context) {
    const l = wasteLoaders(ctx);
    const items = await l.items.load(s.id);
    const disposals = (await l.disposals.loadMany(items.map((i) => i.id))).flatMap((d) => (d instanceof Error ? [] : d));
    return fromMilli(sumMilli(items) - sumMilli(disposals));
  }

  @FieldResolver(() => [Obligation], { description: 'DISPOSAL duties at a date (default today), one per inventory line.' })
  obligations(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context, @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: string) {
    const on = date(asOf, 'asOf') ?? ctx.today;
    return dutiesLoader(ctx, 'site', on, (ids) => legacyWasteSiteDuties(ctx.em, ctx.rules, ids, on), (d) => d.legacyWasteSiteId).load(s.id);
  }

  @FieldResolver(() => [HazardousWasteManifestCount])
  manifestCounts(@Root() s: Row<LegacyWasteSite>, @Ctx() ctx: Context) {
    return ctx.em.find(HazardousWasteManifestCount, { creditCode: s.creditCode }, { orderBy: { month: 'asc' } });
  }

  @Mutation(() => LegacyWasteSite)
  registerLegacyWasteSite(@Ctx() ctx: Context, @Arg('input', () => LegacyWasteSiteInput) input: LegacyWasteSiteInput) {
    return legacy.registerLegacyWasteSite(ctx, { input });
  }

  @Mutation(() => LegacyWasteItem, { description: 'One inventory line: waste code (HW01–HW50), description, tonnes, disposal deadline.' })
  recordLegacyWaste(
    @Ctx() ctx: Context, @Arg('siteId', () => ID) siteId: string, @Arg('wasteCode') wasteCode: string, @Arg('description') description: string,
    @Arg('tonnes', () => QuantityScalar) tonnes: string, @Arg('inventoriedOn', () => DateScalar) inventoriedOn: string,
    @Arg('disposeBy', () => DateScalar, { nullable: true }) disposeBy?: string,
  ) {
    return legacy.recordLegacyWaste(ctx, { siteId, wasteCode, description, tonnes, inventoriedOn, disposeBy });
  }

  @Mutation(() => LegacyWasteDisposal, { description: 'Tonnes handed to a licensed receiver; more than is left is refused.' })
  recordLegacyWasteDisposal(
    @Ctx() ctx: Context, @Arg('itemId', () => ID) itemId: string, @Arg('disposedOn', () => DateScalar) disposedOn: string,
    @Arg('tonnes', () => QuantityScalar) tonnes: string, @Arg('receiverName') receiverName: string, @Arg('receiverCreditCode') receiverCreditCode: string,
    @Arg('receiverLicenceNo') receiverLicenceNo: string, @Arg('manifestNo', () => String, { nullable: true }) manifestNo?: string,
  ) {
    return legacy.recordLegacyWasteDisposal(ctx, { itemId, disposedOn, tonnes, receiverName, receiverCreditCode, receiverLicenceNo, manifestNo });
  }

  @Mutation(() => ManifestImportResult, { description: 'Monthly hazardous-waste manifest counts as CSV (credit code, month YYYY-MM, count): all lines or none.' })
  importHazardousWasteManifestCounts(@Ctx() ctx: Context, @Arg('csv') csv: string) {
    return importManifestCounts(ctx, { csv });
  }
}

@Resolver(() => LegacyWasteItem)
export class LegacyWasteItemResolver {
  @FieldResolver(() => [LegacyWasteDisposal]) disposals(@Root() i: Row<LegacyWasteItem>, @Ctx() ctx: Context) { return wasteLoaders(ctx).disposals.load(i.id); }

  @FieldResolver(() => QuantityScalar)
  async disposedTonnes(@Root() i: Row<LegacyWasteItem>, @Ctx() ctx: Context) { return fromMilli(sumMilli(await wasteLoaders(ctx).disposals.load(i.id))); }

  @FieldResolver(() => QuantityScalar)
  async remainingTonnes(@Root() i: Row<LegacyWasteItem>, @Ctx() ctx: Context) { return fromMilli(toMilli(i.tonnes) - sumMilli(await wasteLoaders(ctx).disposals.load(i.id))); }

  @FieldResolver(() => LegacyWasteSite) async site(@Root() i: Row<LegacyWasteItem>, @Ctx() ctx: Context) { return wasteLoaders(ctx).site.load(i.site.id); }
}

@Resolver(() => SoilTransferPlan)
export class SoilTransferPlanResolver {
  @Query(() => [SoilTransferPlan], { description: 'Contaminated-soil transfer plans of a division (default: the token\'s counties).' })
  soilTransferPlans(@Ctx() ctx: Context, @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string) {
    return ctx.em.find(SoilTransferPlan, { county: { $in: countiesAsked(ctx, divisionCode, 'divisionCode') } }, { orderBy: { filedOn: 'asc', id: 'asc' } });
  }

  @FieldResolver(() => Plot) plot(@Root() p: Row<SoilTransferPlan>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) { return ctx.loaders.plotFor(info).load(p.plot.id); }
  @FieldResolver(() => Division) county(@Root() p: Row<SoilTransferPlan>, @Ctx() ctx: Context) { return countyOf(ctx, p); }
  @FieldResolver(() => [SoilTransferLeg]) legs(@Root() p: Row<SoilTransferPlan>, @Ctx() ctx: Context) { return wasteLoaders(ctx).legs.load(p.id); }

  @FieldResolver(() => QuantityScalar, { description: 'Tonnes dispatched under the plan' })
  async dispatchedTonnes(@Root() p: Row<SoilTransferPlan>, @Ctx() ctx: Context) {
    return fromMilli((await wasteLoaders(ctx).legs.load(p.id)).reduce((s, l) => s + toMilli(l.dispatchedTonnes), 0n));
  }

  @FieldResolver(() => QuantityScalar, { description: 'Tonnes the receiver confirmed' })
  async receivedTonnes(@Root() p: Row<SoilTransferPlan>, @Ctx() ctx: Context) {
    return fromMilli((await wasteLoaders(ctx).legs.load(p.id)).reduce((s, l) => s + (l.receivedTonnes != null ? toMilli(l.receivedTonnes) : 0n), 0n));
  }

  @Mutation(() => SoilTransferPlan, { description: 'ECO: the plot\'s soil transfer plan as filed (法41), before the first load.' })
  fileSoilTransferPlan(@Ctx() ctx: Context, @Arg('input', () => SoilTransferPlanInput) input: SoilTransferPlanInput) {
    return transfer.fileSoilTransferPlan(ctx, { input });
  }

  @Mutation(() => SoilTransferLeg, { description: 'A load leaves the plot under a manifest (联单).' })
  recordSoilTransferDispatch(
    @Ctx() ctx: Context, @Arg('planId', () => ID) planId: string, @Arg('manifestNo') manifestNo: string,
    @Arg('dispatchedOn', () => DateScalar) dispatchedOn: string, @Arg('dispatchedTonnes', () => QuantityScalar) dispatchedTonnes: string,
    @Arg('vehicleNo', () => String, { nullable: true }) vehicleNo?: string,
  ) {
    return transfer.recordSoilTransferDispatch(ctx, { planId, manifestNo, dispatchedOn, dispatchedTonnes, vehicleNo });
  }

  @Mutation(() => SoilTransferLeg, { description: 'The receiver\'s receipt; late or off by more than the tolerance opens SOIL_TRANSFER_DISCREPANCY.' })
  recordSoilTransferReceipt(
    @Ctx() ctx: Context, @Arg('legId', () => ID) legId: string, @Arg('receivedOn', () => DateScalar) receivedOn: string,
    @Arg('receivedTonnes', () => QuantityScalar) receivedTonnes: string, @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return transfer.recordSoilTransferReceipt(ctx, { legId, receivedOn, receivedTonnes, expectedVersion });
  }

  @Mutation(() => [SoilTransferLeg], { description: 'Opens SOIL_TRANSFER_DISCREPANCY for every leg not received in time (as of today); returns those flagged now.' })
  reconcileSoilTransfers(@Ctx() ctx: Context, @Arg('divisionCode', () => ID, { nullable: true }) divisionCode?: string) {
    return transfer.reconcileSoilTransfers(ctx, { divisionCode });
  }
}

@Resolver(() => SoilTransferLeg)
export class SoilTransferLegResolver {
  @FieldResolver(() => SoilTransferPlan) async plan(@Root() l: Row<SoilTransferLeg>, @Ctx() ctx: Context) { return wasteLoaders(ctx).plan.load(l.plan.id); }
  @FieldResolver(() => Violation, { nullable: true, description: 'The SOIL_TRANSFER_DISCREPANCY this leg opened, if any.' })
  violation(@Root() l: Row<SoilTransferLeg>, @Ctx() ctx: Context) { return wasteLoaders(ctx).legViolation.load(l.id); }
}

/** Plot.soilTransfers: what left the plot and where it arrived. */
@Resolver(() => Plot)
export class PlotSoilTransferResolver {
  @FieldResolver(() => [SoilTransferPlan], { description: 'The plot\'s soil transfer plans with their legs: what left it and where it arrived (Jinzhong plan 9).' })
  soilTransfers(@Root() p: Row<Plot>, @Ctx() ctx: Context) { return wasteLoaders(ctx).plans.load(p.id); }
}

@Resolver(() => Duty)
export class WasteDutyResolver {
  @FieldResolver(() => SolidWasteYard, { nullable: true })
  solidWasteYard(@Root() d: DutyRow, @Ctx() ctx: Context) { return d.solidWasteYardId == null ? null : wasteLoaders(ctx).yard.load(d.solidWasteYardId); }

  @FieldResolver(() => LegacyWasteSite, { nullable: true })
  legacyWasteSite(@Root() d: DutyRow, @Ctx() ctx: Context) { return d.legacyWasteSiteId == null ? null : wasteLoaders(ctx).site.load(d.legacyWasteSiteId); }
}

@Resolver(() => Violation)
export class ViolationTransferResolver {
  @FieldResolver(() => SoilTransferLeg, { nullable: true, description: 'SOIL_TRANSFER_DISCREPANCY: the manifest leg that opened it.' })
  async soilTransferLeg(@Root() v: Row<Violation>, @Ctx() ctx: Context) {
    if (!v.soilTransferLeg) return null;
    return wasteLoaders(ctx).leg.load(v.soilTransferLeg.id);
  }
}

/** The yards of a division as an RFC 7946 FeatureCollection (boundary, else the centroid). */
export async function yardsFeatureCollection(ctx: Context, divisionCode?: string | null, includeClosed = true) {
  const counties = countiesAsked(ctx, divisionCode, 'divisionCode');
  const where: FilterQuery<SolidWasteYard> = includeClosed ? { county: { $in: counties } } : { county: { $in: counties }, $or: [{ closedOn: null }, { closedOn: { $gt: ctx.today } }] };
  const rows = counties.length ? await ctx.em.find(SolidWasteYard, where, { orderBy: { id: 'asc' }, limit: 100_000 }) : [];
  return {
    type: 'FeatureCollection',
    features: rows.map((y) => {
      const county = ctx.cache.divisions.get(y.county.code)!;
      const geometry = y.boundary ? y.boundary : y.centroidLon != null && y.centroidLat != null ? { type: 'Point', coordinates: [y.centroidLon, y.centroidLat] } : null;
      return {
        type: 'Feature', id: `yard-${y.id}`, geometry,
        properties: {
          layer: 'solidWasteYard', id: String(y.id), name: y.name, operatorName: y.operatorName, countyCode: county.code, county: county.name,
          wasteTypes: y.wasteTypes, capacityTonnes: y.capacityTonnes ?? null, closedOn: y.closedOn ?? null,
          procedures: { land: !!y.landDocumentNo, eia: !!y.eiaDocumentNo, safety: !!y.safetyDocumentNo },
          ...(y.centroidLon != null ? { centroid: [y.centroidLon, y.centroidLat] } : {}),
        },
      };
    }),
  };
}

export const WASTE_RESOLVERS = [
  SolidWasteYardResolver, InspectionYardResolver, LegacyWasteSiteResolver, LegacyWasteItemResolver, SoilTransferPlanResolver, SoilTransferLegResolver,
  PlotSoilTransferResolver, WasteDutyResolver, ViolationTransferResolver,
] as const;
