import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { Plot } from '../plot/plot.entity';
import { Agency } from '../client/agency';
import { QuantityScalar } from './tonnes';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar, JSONScalar } from '../../graphql/scalars';

/**
 * Waste and soil on the move (RULES §11). Tonnes and cubic metres are exact decimals, numeric(14,3), served as
 * Decimal strings. Every row is county-bound (its own county, or its parent's by the county trigger).
 */

/** Who recorded an append-only record, and when (as PlotRecord does for plots). */
abstract class Recorded {
  @Enum({ items: () => Agency })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}

// ───────────── 一般工业固废堆场 (Xiaoyi plan 6) ─────────────

/** A general industrial solid-waste yard (一般工业固废堆场). Its three procedures are documents with number and date, or missing (null). */
@ObjectType('SolidWasteYard', { simpleResolvers: true })
@Entity({ tableName: 'solid_waste_yard' })
@CountyScope()
export class SolidWasteYard {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  @Index()
  county!: Division;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  /** The operator (运营单位) and its unified social credit code. */
  @Field()
  @Property({ type: 'string' })
  operatorName!: string;

  @Field()
  @Property({ type: 'string', length: 18 })
  operatorCreditCode!: string;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string;

  @Property({ type: 'double', nullable: true })
  centroidLon?: number;

  @Property({ type: 'double', nullable: true })
  centroidLat?: number;

  @Field(() => JSONScalar, { nullable: true })
  @Property({ type: 'json', nullable: true })
  boundary?: unknown;

  /** The waste types stored (e.g. 煤矸石, 粉煤灰, 炉渣, 脱硫石膏). */
  @Field(() => [String])
  @Property({ type: 'text[]' })
  wasteTypes: string[] = [];

  @Field(() => QuantityScalar, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 3, nullable: true })
  capacityTonnes?: string;

  /** From this date the yard is under supervision (its monthly inspections are owed from this month). */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  registeredOn!: string;

  /** Closed (闭库): no inspection owed after its month. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  closedOn?: string;

  @Property({ type: 'string', length: 100, nullable: true })
  landDocumentNo?: string;

  @Property({ type: 'date', nullable: true })
  landIssuedOn?: string;

  @Property({ type: 'string', length: 100, nullable: true })
  eiaDocumentNo?: string;

  @Property({ type: 'date', nullable: true })
  eiaIssuedOn?: string;

  @Property({ type: 'string', length: 100, nullable: true })
  safetyDocumentNo?: string;

  @Property({ type: 'date', nullable: true })
  safetyIssuedOn?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** 台账: one month of a yard's general industrial solid waste, in tonnes. One entry per yard and month. */
@ObjectType('SolidWasteLedgerEntry', { simpleResolvers: true })
@Entity({ tableName: 'solid_waste_ledger' })
@CountyScope()
export class SolidWasteLedgerEntry extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SolidWasteYard, { fieldName: 'yard_id' })
  yard!: SolidWasteYard;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  /** The month's first day. */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  month!: string;

  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) generatedTonnes!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) storedTonnes!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) usedTonnes!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) disposedTonnes!: string;
}

export enum MonitoringMedium { WASTEWATER = 'WASTEWATER', GROUNDWATER = 'GROUNDWATER', AIR = 'AIR', SOIL = 'SOIL' }
registerEnumType(MonitoringMedium, { name: 'MonitoringMedium', description: 'Xiaoyi plan 6: 废水、地下水、大气及土壤等环境监测' });

/** One environmental monitoring of a yard (废水、地下水、大气、土壤). */
@ObjectType('SolidWasteMonitoring', { simpleResolvers: true })
@Entity({ tableName: 'solid_waste_monitoring' })
@CountyScope()
export class SolidWasteMonitoring extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SolidWasteYard, { fieldName: 'yard_id' })
  yard!: SolidWasteYard;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => MonitoringMedium)
  @Enum({ items: () => MonitoringMedium })
  medium!: MonitoringMedium;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  sampledOn!: string;

  @Field()
  @Property({ type: 'boolean' })
  exceedsStandard!: boolean;

  @Field({ nullable: true })
  @Property({ type: 'string', length: 1000, nullable: true })
  note?: string;
}

// ───────────── 遗留危废 (Xiaoyi plan 8) ─────────────

/** A closed plant holding legacy hazardous waste (the Xiaoyi plan's 4.3 m coke plants). One per credit code. */
@ObjectType('LegacyWasteSite', { simpleResolvers: true })
@Entity({ tableName: 'legacy_waste_site' })
@CountyScope()
export class LegacyWasteSite {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  @Index()
  county!: Division;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field()
  @Property({ type: 'string', length: 18, unique: true })
  creditCode!: string;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id', nullable: true })
  keyUnit?: KeyUnit;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  closedOn?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** One line of a site's inventory: a waste code (《国家危险废物名录》 HW01–HW50), what it is, how many tonnes, disposed by when. */
@ObjectType('LegacyWasteItem', { simpleResolvers: true })
@Entity({ tableName: 'legacy_waste_item' })
@CountyScope()
export class LegacyWasteItem extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => LegacyWasteSite, { fieldName: 'site_id' })
  site!: LegacyWasteSite;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field()
  @Property({ type: 'string', length: 4 })
  wasteCode!: string;

  @Field()
  @Property({ type: 'string' })
  description!: string;

  @Field(() => QuantityScalar)
  @Property({ type: 'decimal', precision: 14, scale: 3 })
  tonnes!: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  inventoriedOn!: string;

  /** The disposal deadline (DISPOSAL is OVERDUE after it); null: none set, DUE until disposed. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  disposeBy?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;
}

/** Tonnes of an inventory line handed to a licensed receiver (持危险废物经营许可证单位). */
@ObjectType('LegacyWasteDisposal', { simpleResolvers: true })
@Entity({ tableName: 'legacy_waste_disposal' })
@CountyScope()
export class LegacyWasteDisposal extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => LegacyWasteItem, { fieldName: 'item_id' })
  item!: LegacyWasteItem;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => DateScalar) @Property({ type: 'date' }) disposedOn!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) tonnes!: string;
  @Field() @Property({ type: 'string' }) receiverName!: string;
  @Field() @Property({ type: 'string', length: 18 }) receiverCreditCode!: string;
  /** 危险废物经营许可证编号 of the receiver. */
  @Field() @Property({ type: 'string', length: 100 }) receiverLicenceNo!: string;
  /** The national system's transfer manifest (联单) number, when given. */
  @Field({ nullable: true }) @Property({ type: 'string', length: 100, nullable: true }) manifestNo?: string;
}

/** Hazardous-waste transfer manifests of one unit in one month, as counted by the national system (imported, not kept here). */
@ObjectType('HazardousWasteManifestCount', { simpleResolvers: true })
@Entity({ tableName: 'hazardous_waste_manifest_count' })
@CountyScope()
export class HazardousWasteManifestCount extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field() @Property({ type: 'string', length: 18 }) creditCode!: string;
  /** The month's first day. */
  @Field(() => DateScalar) @Property({ type: 'date' }) month!: string;
  @Field(() => Int) @Property({ type: 'integer' }) manifests!: number;
  @Property({ type: 'integer', version: true }) version!: number;
}

// ───────────── 污染土壤转运 (Jinzhong plan 9; 法41) ─────────────

/** A transfer plan of contaminated soil out of a plot, filed with ECO before the first load (法41). */
@ObjectType('SoilTransferPlan', { simpleResolvers: true })
@Entity({ tableName: 'soil_transfer_plan' })
@CountyScope()
export class SoilTransferPlan extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Plot, { fieldName: 'plot_id' })
  plot!: Plot;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field() @Property({ type: 'string', length: 100 }) documentNo!: string;
  /** The day ECO received the plan (报所在地和接收地生态环境主管部门). */
  @Field(() => DateScalar) @Property({ type: 'date' }) filedOn!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) volumeCubicMetres!: string;
  @Field() @Property({ type: 'string' }) receiverName!: string;
  @Field() @Property({ type: 'string', length: 18 }) receiverCreditCode!: string;
  @Field({ nullable: true }) @Property({ type: 'string', nullable: true }) receiverAddress?: string;
  @Field() @Property({ type: 'string', length: 1000 }) route!: string;
  @Field(() => DateScalar) @Property({ type: 'date' }) startsOn!: string;
  @Field(() => DateScalar) @Property({ type: 'date' }) endsOn!: string;
  @Field(() => Int) @Property({ type: 'integer', version: true }) version!: number;
}

/** One manifest leg (联单): dispatched from the plot, received (or not yet) by the plan's receiver. */
@ObjectType('SoilTransferLeg', { simpleResolvers: true })
@Entity({ tableName: 'soil_transfer_leg' })
@CountyScope()
export class SoilTransferLeg extends Recorded {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => SoilTransferPlan, { fieldName: 'plan_id' })
  plan!: SoilTransferPlan;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field() @Property({ type: 'string', length: 100, unique: true }) manifestNo!: string;
  @Field({ nullable: true }) @Property({ type: 'string', length: 20, nullable: true }) vehicleNo?: string;
  @Field(() => DateScalar) @Property({ type: 'date' }) dispatchedOn!: string;
  @Field(() => QuantityScalar) @Property({ type: 'decimal', precision: 14, scale: 3 }) dispatchedTonnes!: string;
  @Field(() => DateScalar, { nullable: true }) @Property({ type: 'date', nullable: true }) receivedOn?: string;
  @Field(() => QuantityScalar, { nullable: true }) @Property({ type: 'decimal', precision: 14, scale: 3, nullable: true }) receivedTonnes?: string;
  @Field(() => Int) @Property({ type: 'integer', version: true }) version!: number;
  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() }) updatedAt: Date = new Date();
}

export const WASTE_ENTITIES = [
  SolidWasteYard, SolidWasteLedgerEntry, SolidWasteMonitoring, LegacyWasteSite, LegacyWasteItem, LegacyWasteDisposal,
  HazardousWasteManifestCount, SoilTransferPlan, SoilTransferLeg,
];

/** The change-feed entity names of this family (src/modules/changes/changes.resolver.ts lists what the feed serves). */
export const WASTE_FEED_ENTITIES = [
  'SolidWasteYard', 'SolidWasteLedgerEntry', 'SolidWasteMonitoring', 'LegacyWasteSite', 'LegacyWasteItem', 'LegacyWasteDisposal',
  'HazardousWasteManifestCount', 'SoilTransferPlan', 'SoilTransferLeg',
];
