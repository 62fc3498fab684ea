import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { Plot } from '../plot/plot.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar, JSONScalar } from '../../graphql/scalars';

/** 耕地土壤环境质量类别 (RULES.md §12): 优先保护类, 安全利用类, 严格管控类. */
export enum FarmlandCategory { PRIORITY_PROTECTION = 'PRIORITY_PROTECTION', SAFE_USE = 'SAFE_USE', STRICT_CONTROL = 'STRICT_CONTROL' }
registerEnumType(FarmlandCategory, { name: 'FarmlandCategory', description: '耕地土壤环境质量类别: 优先保护类, 安全利用类, 严格管控类' });

/** Why a category is adjusted (Jinzhong plan 2: 土地用途变更、例行监测、土壤和农产品协同监测). */
export enum CategoryChangeReason { LAND_USE_CHANGE = 'LAND_USE_CHANGE', ROUTINE_MONITORING = 'ROUTINE_MONITORING', SOIL_CROP_MONITORING = 'SOIL_CROP_MONITORING' }
registerEnumType(CategoryChangeReason, { name: 'FarmlandCategoryChangeReason' });

/** The order of the categories, best first: a change to a later one is a move down (quality declined). */
export const CATEGORY_RANK: Record<FarmlandCategory, number> = { PRIORITY_PROTECTION: 0, SAFE_USE: 1, STRICT_CONTROL: 2 };
export const movesDown = (from: FarmlandCategory, to: FarmlandCategory) => CATEGORY_RANK[to] > CATEGORY_RANK[from];
/** Farmland where edible crops are grown: every category but 严格管控类 (where they are prohibited). */
export const EDIBLE: readonly FarmlandCategory[] = [FarmlandCategory.PRIORITY_PROTECTION, FarmlandCategory.SAFE_USE];

/**
 * 耕地图斑: a farmland unit of a county's survey. `category` is the category it was registered with; the
 * category in force at a date comes from its approved changes (farmland.sql.ts, `FarmlandUnit.category`).
 */
@ObjectType('FarmlandUnit', { simpleResolvers: true })
@Entity({ tableName: 'farmland_unit' })
@CountyScope()
export class FarmlandUnit {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  /** The unit's code in the county's survey (图斑编号), unique in the county. */
  @Field()
  @Property({ type: 'string', length: 40 })
  code!: string;

  @Field({ nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  name?: string;

  @Field(() => Float)
  @Property({ type: 'double' })
  areaM2!: number;

  /** The category it was registered with (before any change). */
  @Property({ type: 'string', length: 24 })
  registeredCategory!: FarmlandCategory;

  /** 永久基本农田. */
  @Field()
  @Property({ type: 'boolean' })
  basicFarmland: boolean = false;

  @Field(() => JSONScalar, { nullable: true })
  @Property({ type: 'json', nullable: true })
  boundary?: unknown;

  /** A plot the unit was registered on (reclaimed land), if named. */
  @ManyToOne(() => Plot, { fieldName: 'plot_id', nullable: true })
  plot?: Plot;

  /** The date it joined the register; null: part of the baseline survey, in force at every date. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  registeredOn?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}

/** 类别动态调整: a proposed change, approved by the city government (in force from `approvedOn`), reported to the province. */
@ObjectType('FarmlandCategoryChange', { simpleResolvers: true })
@Entity({ tableName: 'farmland_category_change' })
@CountyScope()
export class FarmlandCategoryChange {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => FarmlandUnit, { fieldName: 'unit_id' })
  unit!: FarmlandUnit;

  /** The unit's county (the database's trigger keeps it so), for row security. */
  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => FarmlandCategory)
  @Enum({ items: () => FarmlandCategory, fieldName: 'from_category' })
  from!: FarmlandCategory;

  @Field(() => FarmlandCategory)
  @Enum({ items: () => FarmlandCategory, fieldName: 'to_category' })
  to!: FarmlandCategory;

  @Field(() => CategoryChangeReason)
  @Enum({ items: () => CategoryChangeReason })
  reason!: CategoryChangeReason;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  proposedOn!: string;

  /** 经市政府审定同意: the category is in force from this date; null while pending. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  approvedOn?: string;

  @Field({ nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  approvalDocument?: string;

  /** 报送省农业农村厅、省生态环境厅. */
  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  reportedToProvinceOn?: string;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
