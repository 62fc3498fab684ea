import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Plot } from './plot.entity';
import { LandUse } from '../division/landuse.entity';
import { Agency } from '../client/agency';
import { ConstructionPurpose, SupplyMethod } from './plot.enums';

/** What happened to a plot's land or construction, kept as history so that quarterly reports can read it by date. */
export enum LandEventKind {
  PLAN_USE = 'PLAN_USE', // planLandUse: planned use decided
  RESERVE = 'RESERVE',
  SUPPLY = 'SUPPLY',
  RECOVER = 'RECOVER',
  TRANSFER = 'TRANSFER', // 土地使用权转让 (RULES.md §3)
  ACQUIRE = 'ACQUIRE',
  CONSTRUCTION_PERMIT = 'CONSTRUCTION_PERMIT',
  CONSTRUCTION_STARTED = 'CONSTRUCTION_STARTED',
}

@Entity({ tableName: 'land_event' })
@Index({ properties: ['kind', 'decidedOn'] })
@Index({ properties: ['plot', 'decidedOn'] })
export class LandEvent {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Plot, { fieldName: 'plot_id' })
  plot!: Plot;

  @Enum({ items: () => LandEventKind })
  kind!: LandEventKind;

  /** decision date (供地决定, 规划批复), the permit's issue date, or the observed start of works. */
  @Property({ type: 'date' })
  decidedOn!: string;

  @ManyToOne(() => LandUse, { fieldName: 'planned_use_code', nullable: true })
  plannedUse?: LandUse;

  /** PLAN_USE: the supply-plan year decided with the plan, so duties as of a past date read the year then in force. */
  @Property({ type: 'integer', nullable: true })
  supplyPlanYear?: number;

  @Property({ type: 'string', nullable: true })
  detail?: string;

  /** SUPPLY: the use codes supplied (mixed use allowed), the planned use when none were given (RULES.md §3). */
  @Property({ type: 'text[]', nullable: true })
  suppliedUseCodes?: string[];

  /** SUPPLY: 划拨 ALLOCATION, 出让 GRANT or 租赁 LEASE. */
  @Enum({ items: () => SupplyMethod, nullable: true })
  supplyMethod?: SupplyMethod;

  /** SUPPLY: the decision's number (划拨决定书 / 出让合同); other acts: their document, when given. */
  @Property({ type: 'string', length: 100, nullable: true })
  decisionNo?: string;

  /** CONSTRUCTION_PERMIT and CONSTRUCTION_STARTED: what the works are for (RULES.md §5). */
  @Enum({ items: () => ConstructionPurpose, nullable: true })
  purpose?: ConstructionPurpose;

  @Enum({ items: () => Agency })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  recordedAt: Date = new Date();
}
