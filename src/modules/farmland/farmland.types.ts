import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { DateScalar, JSONScalar } from '../../graphql/scalars';
import { Division } from '../division/division.entity';
import type { DivisionInfo } from '../division/division.cache';
import { CategoryChangeReason, FarmlandCategory } from './farmland.entity';

@InputType('FarmlandUnitInput')
export class FarmlandUnitInputType {
  @Field(() => ID) countyCode!: string;
  /** 图斑编号, unique in the county. */
  @Field() code!: string;
  @Field({ nullable: true }) name?: string;
  @Field(() => FarmlandCategory) category!: FarmlandCategory;
  /** 永久基本农田 (default false). */
  @Field({ nullable: true }) basicFarmland?: boolean;
  /** m²; measured from the boundary when absent. */
  @Field(() => Float, { nullable: true }) areaM2?: number;
  /** GeoJSON Polygon or MultiPolygon (WGS 84), as plots keep theirs. */
  @Field(() => JSONScalar, { nullable: true }) boundary?: unknown;
  /** The plot the land was (reclamation, 复垦): the reclamation gate applies (RULES.md §12). */
  @Field(() => ID, { nullable: true }) plotId?: string;
  /** The date it joins the register; absent: part of the baseline survey, in force at every date. */
  @Field(() => DateScalar, { nullable: true }) registeredOn?: string;
}

@InputType('FarmlandCategoryChangeInput')
export class FarmlandCategoryChangeInputType {
  @Field(() => ID) unitId!: string;
  @Field(() => FarmlandCategory) to!: FarmlandCategory;
  @Field(() => CategoryChangeReason) reason!: CategoryChangeReason;
  @Field(() => DateScalar) proposedOn!: string;
  /** 经市政府审定同意: in force from this date. Absent: pending until approveFarmlandCategoryChange. */
  @Field(() => DateScalar, { nullable: true }) approvedOn?: string;
  @Field({ nullable: true }) approvalDocument?: string;
  /** 报送省农业农村厅、省生态环境厅 (after the approval). */
  @Field(() => DateScalar, { nullable: true }) reportedToProvinceOn?: string;
}

@ObjectType('FarmlandImportResult', { simpleResolvers: true })
export class FarmlandImportResult {
  @Field(() => ID) countyCode!: string;
  @Field(() => Int) imported!: number;
  @Field(() => Float) areaM2!: number;
  @Field(() => Float) priorityProtectionAreaM2!: number;
  @Field(() => Float) safeUseAreaM2!: number;
  @Field(() => Float) strictControlAreaM2!: number;
}

/** One county's farmland indicator at a date (RULES.md §12, Jinzhong plan 1). Areas in m². */
@ObjectType('FarmlandIndicatorRow', { simpleResolvers: true })
export class FarmlandIndicatorRow {
  @Field(() => Division) county!: DivisionInfo;
  /** Units on the register at the date. */
  @Field(() => Int) units!: number;
  /** 优先保护类 area in force at the start of the year (categories approved up to 31 December before). */
  @Field(() => Float) priorityAreaAtYearStart!: number;
  /** 优先保护类 area in force at the date. */
  @Field(() => Float) priorityArea!: number;
  /** Start of year minus now (negative: it grew). */
  @Field(() => Float) priorityAreaDecrease!: number;
  @Field(() => Float) safeUseArea!: number;
  @Field(() => Float) strictControlArea!: number;
  @Field(() => Float) basicFarmlandArea!: number;
  /** Changes approved from 1 January to the date. */
  @Field(() => Int) changesApproved!: number;
  /** Of those, moves down (优先保护 → 安全利用/严格管控, 安全利用 → 严格管控): 土壤环境质量下降. */
  @Field(() => Int) categoryMovedDown!: number;
  /** 预警提醒: the area decreased beyond the city's tolerance, or a category moved down (city rule farmland.warnOnDecrease). */
  @Field() warning!: boolean;
  /** 环评限批: restrictive measures on the county's EIA approvals, raised with the warning. */
  @Field() eiaRestricted!: boolean;
  /** Why the warning is raised, in words (empty when none). */
  @Field(() => [String]) warnings!: string[];
}

@ObjectType('FarmlandIndicator', { simpleResolvers: true })
export class FarmlandIndicator {
  /** The date read: the quarter's last day, else `asOf`, else today. */
  @Field(() => DateScalar) asOf!: string;
  @Field(() => DateScalar) yearStart!: string;
  @Field(() => Division) division!: DivisionInfo;
  /** Every county of the division. */
  @Field(() => [FarmlandIndicatorRow]) rows!: FarmlandIndicatorRow[];
}

/** `Plot.reclamationToFood`: whether the plot's land may be reclaimed as farmland for edible crops (RULES.md §12). */
@ObjectType('ReclamationClearance', { simpleResolvers: true })
export class ReclamationClearance {
  @Field() allowed!: boolean;
  /** The refusal's code (RESTRICTED_USE) when not allowed. */
  @Field(() => [String]) reasons!: string[];
  /** What the land was: KEY_UNIT_LAND, VACATED_SITE, KEY_INDUSTRY. */
  @Field(() => [String]) grounds!: string[];
  /** The key industry matched, if any. */
  @Field(() => String, { nullable: true }) keyIndustry!: string | null;
}
