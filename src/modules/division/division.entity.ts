import { Entity, Enum, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum DivisionLevel { PROVINCE = 'PROVINCE', CITY = 'CITY', COUNTY = 'COUNTY' }
registerEnumType(DivisionLevel, { name: 'DivisionLevel' });

/**
 * A GB/T 2260 administrative division. Reference data: loaded at boot, never written through the API,
 * cached whole in memory (src/modules/division/division.cache.ts) so that `county` fields cost no SQL.
 * cityCode / provinceCode are the ancestors, kept so that scope and report SQL need no recursion.
 */
@ObjectType('Division', { simpleResolvers: true })
@Entity({ tableName: 'division' })
export class Division {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 6 })
  code!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field(() => DivisionLevel)
  @Enum({ items: () => DivisionLevel, nativeEnumName: undefined })
  level!: DivisionLevel;

  @ManyToOne(() => Division, { nullable: true, fieldName: 'parent_code' })
  @Index()
  parent?: Division;

  @Property({ type: 'string', length: 6, nullable: true })
  @Index()
  cityCode?: string;

  @Property({ type: 'string', length: 6 })
  @Index()
  provinceCode!: string;
}
