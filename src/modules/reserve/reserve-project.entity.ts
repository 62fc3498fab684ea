import { Collection, Entity, Enum, Index, ManyToMany, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { Plot } from '../plot/plot.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar, DecimalScalar } from '../../graphql/scalars';

export enum ReserveCategory {
  SOURCE_PREVENTION = 'SOURCE_PREVENTION', // 土壤污染源头防控
  INVESTIGATION_ASSESSMENT = 'INVESTIGATION_ASSESSMENT', // 调查评估
  RISK_CONTROL_REMEDIATION = 'RISK_CONTROL_REMEDIATION', // 风险管控与修复
  FARMLAND_SAFE_USE = 'FARMLAND_SAFE_USE', // 耕地安全利用
  CAPACITY_BUILDING = 'CAPACITY_BUILDING', // 监管能力建设
  OTHER = 'OTHER',
}
registerEnumType(ReserveCategory, { name: 'ReserveCategory' });

export enum ReserveStage {
  DRAFT = 'DRAFT', SUBMITTED = 'SUBMITTED', IN_CENTRAL_RESERVE = 'IN_CENTRAL_RESERVE', FUNDED = 'FUNDED',
  IN_PROGRESS = 'IN_PROGRESS', COMPLETED = 'COMPLETED', WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ReserveStage, { name: 'ReserveStage' });

/** 土壤污染防治项目储备: an entry of the county's soil-project reserve. Money in 万元, numeric(14,2). */
@ObjectType('ReserveProject', { simpleResolvers: true })
@Entity({ tableName: 'reserve_project' })
@CountyScope()
@Index({ properties: ['county', 'year'] })
export class ReserveProject {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** Assigned by the platform: "TR-" + county + year + sequence. */
  @Field()
  @Property({ type: 'string', length: 24 })
  @Unique()
  projectCode!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => ReserveCategory)
  @Enum({ items: () => ReserveCategory })
  category!: ReserveCategory;

  @Field(() => ReserveStage)
  @Enum({ items: () => ReserveStage })
  @Index()
  stage: ReserveStage = ReserveStage.DRAFT;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year!: number;

  @Field(() => DecimalScalar, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  totalInvestment?: string;

  @Field(() => DecimalScalar, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  centralFundsRequested?: string;

  @Field(() => DecimalScalar, { nullable: true })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  centralFundsApproved?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  submittedOn?: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  @Index()
  enteredCentralReserveOn?: string;

  /** 入库批次文号: the document of the batch that took the project into the central reserve (RULES.md §7). */
  @Field({ nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  centralReserveBatchNo?: string;

  @ManyToMany(() => Plot, undefined, { pivotTable: 'reserve_project_plot', joinColumn: 'reserve_project_id', inverseJoinColumn: 'plot_id' })
  plots = new Collection<Plot>(this);

  @ManyToMany(() => KeyUnit, undefined, { pivotTable: 'reserve_project_key_unit', joinColumn: 'reserve_project_id', inverseJoinColumn: 'key_unit_id' })
  keyUnits = new Collection<KeyUnit>(this);

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
