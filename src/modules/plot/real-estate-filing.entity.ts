import { Entity, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { PlotRecord } from './plot-record';
import { DateScalar } from '../../graphql/scalars';

/**
 * 法67 (Xiaoyi plan 3, Jinzhong plan 5): the investigation report of a key unit's land is handed to the
 * real-estate registry (不动产登记资料) and filed with the eco bureau. Its record meets the duty
 * REAL_ESTATE_FILING, which is DUE once the plot's investigation has closed.
 */
@ObjectType('RealEstateFiling', { simpleResolvers: true })
@Entity({ tableName: 'real_estate_filing' })
export class RealEstateFiling extends PlotRecord {
  /** The date the report went into the real-estate registration file. */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  registeredOn!: string;

  /** The date it was filed with the eco bureau (报生态环境主管部门备案). */
  @Field(() => DateScalar)
  @Property({ type: 'date' })
  ecoFiledOn!: string;

  /** The registry's or the filing's document number. */
  @Field()
  @Property({ type: 'string', length: 100 })
  documentNo!: string;
}
