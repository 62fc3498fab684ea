import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Division } from '../division/division.entity';
import { KeyUnit } from '../keyunit/keyunit.entity';
import { CountyScope } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

export enum PermitCategory { KEY = 'KEY', SIMPLIFIED = 'SIMPLIFIED', REGISTRATION = 'REGISTRATION' }
registerEnumType(PermitCategory, { name: 'PermitCategory' });
export enum PermitStatus { VALID = 'VALID', EXPIRED = 'EXPIRED', CANCELLED = 'CANCELLED', REVOKED = 'REVOKED' }
registerEnumType(PermitStatus, { name: 'PermitStatus' });
export enum PermitEnd { CANCEL = 'CANCEL', REVOKE = 'REVOKE' }
registerEnumType(PermitEnd, { name: 'PermitEnd' });
/**
 * Why a permit ended (RULES.md §5): 关闭搬迁, production halted, a new holder, moved to 排污登记 (转登记), replaced
 * by a new permit (换证), other. Only CLOSURE_RELOCATION leaves land behind: it alone opens a vacated site.
 */
export enum PermitEndReason {
  CLOSURE_RELOCATION = 'CLOSURE_RELOCATION', PRODUCTION_HALT = 'PRODUCTION_HALT', HOLDER_CHANGE = 'HOLDER_CHANGE',
  TO_REGISTRATION = 'TO_REGISTRATION', REPLACED = 'REPLACED', OTHER = 'OTHER',
}
registerEnumType(PermitEndReason, {
  name: 'PermitEndReason',
  description: 'Why a discharge permit ended; only CLOSURE_RELOCATION (关闭搬迁) opens a vacated site.',
  valuesConfig: {
    CLOSURE_RELOCATION: { description: '关闭搬迁: the enterprise closed or moved away; its land is vacated.' },
    PRODUCTION_HALT: { description: '停产: production halted.' },
    HOLDER_CHANGE: { description: '持证单位变更: the holder changed.' },
    TO_REGISTRATION: { description: '转登记: moved to 排污登记 management.' },
    REPLACED: { description: '换证: replaced by a new permit.' },
    OTHER: { description: 'Any other reason (stated in the reason text).' },
  },
});

/**
 * 排污许可证. The stored status is VALID, CANCELLED or REVOKED; EXPIRED is derived from validUntil at
 * read time (src/modules/permit/permit.status.ts), so no job has to flip it at midnight.
 */
@ObjectType('DischargePermit', { simpleResolvers: true })
@Entity({ tableName: 'discharge_permit' })
@CountyScope()
@Index({ properties: ['county', 'endedOn'] })
@Index({ name: 'discharge_permit_search_trgm', expression: `create index "discharge_permit_search_trgm" on "discharge_permit" using gin ((lower(holder_name || ' ' || permit_no)) gin_trgm_ops)` })
export class DischargePermit {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field()
  @Property({ type: 'string', length: 22 })
  @Unique()
  permitNo!: string;

  @Field()
  @Property({ type: 'string' })
  holderName!: string;

  @Field()
  @Property({ type: 'string', length: 18 })
  @Index()
  creditCode!: string;

  @ManyToOne(() => Division, { fieldName: 'county_code' })
  county!: Division;

  @Field()
  @Property({ type: 'string' })
  industry!: string;

  @Field(() => PermitCategory)
  @Enum({ items: () => PermitCategory })
  category!: PermitCategory;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  issuedOn!: string;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  @Index()
  validUntil!: string;

  /** VALID | CANCELLED | REVOKED as stored; read through permitStatus() for EXPIRED. */
  @Enum({ items: () => PermitStatus })
  storedStatus: PermitStatus = PermitStatus.VALID;

  @Field(() => DateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endedOn?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  endReason?: string;

  /** Why it ended (RULES.md §5); null while valid. Permits ended before the category was recorded: CLOSURE_RELOCATION. */
  @Field(() => PermitEndReason, { nullable: true })
  @Enum({ items: () => PermitEndReason, nullable: true })
  endReasonCategory?: PermitEndReason;

  /** The key unit with the same credit code, linked when either is written. */
  @ManyToOne(() => KeyUnit, { fieldName: 'key_unit_id', nullable: true })
  @Index()
  keyUnit?: KeyUnit;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
