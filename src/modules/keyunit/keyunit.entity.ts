import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

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

  @Field()
  @Property({ type: 'boolean' })
  rectified!: boolean;

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

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
