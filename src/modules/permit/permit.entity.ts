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
