import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';
import { DocumentRef } from '../plot/stage-event.entity';

export enum KeyUnitStatus { LISTED = 'LISTED', DELISTED = 'DELISTED' }
registerEnumType(KeyUnitStatus, { name: 'KeyUnitStatus' });

export enum MonitoringKind { SELF_SOIL = 'SELF_SOIL', SELF_GROUNDWATER = 'SELF_GROUNDWATER', SURROUNDING_SOIL = 'SURROUNDING_SOIL' }
registerEnumType(MonitoringKind, { name: 'MonitoringKind' });

/** 土壤污染重点监管单位: a key-supervised unit on the directory (名录). */
@ObjectType('KeyUnit', { simpleResolvers: true })
@Entity({ tableName: 'key_unit' })
@CountyScope()
@Index({ properties: ['county', 'status'] })
@Index({ name: 'key_unit_search_trgm', expression: `create index "key_unit_search_trgm" on "key_unit" using gin ((lower(name || ' ' || credit_code)) gin_trgm_ops)` })
export class KeyUnit {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 18 })
  @Unique()
  creditCode!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field()
  @Property({ type: 'string' })
  @Index()
  industry!: string;

  @Field({ nullable: true })
  @Property({ type: 'string', nullable: true })
  address?: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  listedOn!: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  delistedOn?: string;

  @Field(() => KeyUnitStatus)
  @Enum({ items: () => KeyUnitStatus })
  status: KeyUnitStatus = KeyUnitStatus.LISTED;

  /**
   * The unit's 一厂一策 policy document (RULES.md §6 ONE_PLANT_ONE_POLICY) and the date it was recorded; a later
   * document replaces it and the earliest date is kept (the duty has been MET since then).
   */
  @Field(() => DocumentRef, { nullable: true })
  @Property({ type: 'json', nullable: true })
  onePlantPolicy?: DocumentRef;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  onePlantPolicyOn?: string;

  /** ECO only (policy table); never logged. */
  @Property({ type: 'string', nullable: true })
  contactPhone?: string;

  @OneToMany(() => HiddenDangerCheck, (c) => c.keyUnit)
  hiddenDangerChecks = new Collection<HiddenDangerCheck>(this);

  @OneToMany(() => MonitoringRecord, (m) => m.keyUnit)
  monitoringRecords = new Collection<MonitoringRecord>(this);

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** 隐患排查: a completed hidden-danger check of a key unit. */
@ObjectType('HiddenDangerCheck', { simpleResolvers: true })
@Entity({ tableName: 'hidden_danger_check' })
export class HiddenDangerCheck {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id' })
  @Index()
  keyUnit!: KeyUnit;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  completedOn!: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  findings?: string;

  /** The hazards were rectified (at the check, or later by recordRectification). */
  @Field()
  @Property({ type: 'boolean' })
  rectified!: boolean;

  /** The check found hidden dangers (隐患); with a rectification deadline unless rectified at once. */
  @Field()
  @Property({ type: 'boolean', default: false })
  hazardsFound: boolean = false;

  /** 整改期限: HIDDEN_DANGER_RECTIFICATION is DUE until it, OVERDUE after. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  rectificationDeadline?: string;

  /** When the hazards were rectified (MET from then). */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  rectifiedOn?: string;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** 自行监测 (HJ 1209-2021) and 周边土壤监测 records. */
@ObjectType('MonitoringRecord', { simpleResolvers: true })
@Entity({ tableName: 'monitoring_record' })
@Index({ properties: ['keyUnit', 'year'] })
export class MonitoringRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id' })
  keyUnit!: KeyUnit;

  @Field(() => MonitoringKind)
  @Enum({ items: () => MonitoringKind })
  kind!: MonitoringKind;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  sampledOn!: string;

  @Field()
  @Property({ type: 'boolean' })
  exceedsScreening!: boolean;

  @Field()
  @Property({ type: 'boolean' })
  beyondBoundary!: boolean;

  /** EXCEEDANCE_FOLLOW_UP of a record over the screening values: when the cause and measures were recorded. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  followUpOn?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  followUpCause?: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  followUpMeasures?: string;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/**
 * A listing period of a key unit on the directory (名录): listed with its batch document, delisted (移出) with
 * its own, listed again as a new period. Duties and reports read the period covering their date; the unit's
 * listedOn / delistedOn / status are the latest period's (kept in the same transaction). Table key_unit_listing,
 * read and written by SQL in keyunit.service.ts (no ORM entity: a row is never updated but to close it).
 */
@ObjectType('KeyUnitListing', { simpleResolvers: true })
export class KeyUnitListing {
  @Field(() => DateScalar) listedOn!: string;
  /** The batch document (名录批次文号) that listed it; null for periods recorded before documents were kept. */
  @Field(() => String, { nullable: true }) listingDocument!: string | null;
  @Field(() => DateScalar, { nullable: true }) delistedOn!: string | null;
  @Field(() => String, { nullable: true }) delistingDocument!: string | null;
}
