import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { Plot } from '../plot/plot.entity';
import { SoilTransferLeg } from '../waste/waste.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

export enum ViolationKind {
  CONSTRUCTION_BEFORE_CLEARANCE = 'CONSTRUCTION_BEFORE_CLEARANCE',
  SENSITIVE_USE_OF_LISTED_PLOT = 'SENSITIVE_USE_OF_LISTED_PLOT',
  SUPPLY_WITHOUT_INVESTIGATION = 'SUPPLY_WITHOUT_INVESTIGATION',
  /** A contaminated-soil manifest leg not received in time or received with a quantity off by more than the tolerance (RULES §11). */
  SOIL_TRANSFER_DISCREPANCY = 'SOIL_TRANSFER_DISCREPANCY',
}
registerEnumType(ViolationKind, { name: 'ViolationKind' });

/** 违规开发利用, tracked to zero (动态清零). The plot's county is copied here so scope and reports need no join. */
@ObjectType('Violation', { simpleResolvers: true })
@Entity({ tableName: 'violation' })
@CountyScope()
@Index({ properties: ['county', 'rectifiedOn'] })
export class Violation {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Plot, { fieldName: 'plot_id' })
  @Index()
  plot!: Plot;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field(() => ViolationKind)
  @Enum({ items: () => ViolationKind })
  kind!: ViolationKind;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  detectedOn!: string;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  rectifiedOn?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string;

  /** SOIL_TRANSFER_DISCREPANCY: the manifest leg that opened it (one violation per leg). */
  @ManyToOne(() => SoilTransferLeg, { fieldName: 'soil_transfer_leg_id', nullable: true })
  soilTransferLeg?: SoilTransferLeg;

  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
