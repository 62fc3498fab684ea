import { Entity, Enum, Index, Property } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { PlotRecord } from './plot-record';
import { DateScalar } from '../../graphql/scalars';

/** Why a plot must be investigated (RULES.md §1; 土壤污染防治法 Art. 59 ¶1–2, Art. 67; the plans). */
export enum TriggerKind {
  SURVEY = 'SURVEY', // registered from 普查/详查/重点行业企业用地调查 (法59 ¶1)
  MONITORING = 'MONITORING', // a monitoring or site-inspection result shows risk (法59 ¶1)
  DISCOVERED = 'DISCOVERED', // contamination found during development (法59 ¶1; Jinzhong plan 7)
  VACATED_SITE = 'VACATED_SITE', // a key-industry or key-unit enterprise closed or relocated (Jinzhong plan 5)
  KEY_UNIT_LAND = 'KEY_UNIT_LAND', // a key unit's production land to change use, be recovered or transferred (法67)
  USE_CHANGE = 'USE_CHANGE', // a 一住两公 use planned or supplied while the current use is not (法59 ¶2)
}
registerEnumType(TriggerKind, { name: 'InvestigationTriggerKind' });

/**
 * One reason that obliges an investigation, with the date it arose. Append-only, like the stage history:
 * whether an investigation was required at a past date is read from the triggers that stood then. The
 * plans' exemption for land already in 一住两公 use cancels only USE_CHANGE, and is applied when read
 * (src/modules/plot/gates.ts), not by deleting rows.
 */
@ObjectType('InvestigationTrigger', { simpleResolvers: true })
@Entity({ tableName: 'investigation_trigger' })
@Index({ properties: ['plot', 'aroseOn'] })
export class InvestigationTrigger extends PlotRecord {
  @Field(() => TriggerKind)
  @Enum({ items: () => TriggerKind })
  kind!: TriggerKind;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  aroseOn!: string;

  /** What raised it: the act or record (e.g. "planLandUse 0701", "reportDiscoveredContamination"). */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  detail?: string;
}
