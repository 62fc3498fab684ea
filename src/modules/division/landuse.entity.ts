import { Entity, Enum, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { LandClass } from './land-class';

/**
 * A GB/T 21010-2017 land-use code. `sensitive` is the 一住两公 flag (07 residential, 08 public services);
 * `landClass` the GB 36600-2018 class the use needs (RULES.md §2: 07xx, 0803, 0805, 0806 FIRST, the rest SECOND).
 */
@ObjectType('LandUse', { simpleResolvers: true })
@Entity({ tableName: 'land_use' })
export class LandUse {
  [PrimaryKeyProp]?: 'code';

  @Field()
  @PrimaryKey({ type: 'string', length: 8 })
  code!: string;

  @Field()
  @Property({ type: 'string' })
  name!: string;

  @Field()
  @Property({ type: 'boolean' })
  sensitive!: boolean;

  @Field(() => LandClass, { description: 'The GB 36600-2018 land class this use needs: a plot is cleared for it when cleared for this class or FIRST' })
  @Enum({ items: () => LandClass, default: LandClass.SECOND })
  landClass!: LandClass;

  @Property({ type: 'string' })
  scheme!: string;
}

/** Industries whose ended permits register a SUSPECTED plot (BRIEF.md; configurable reference data). */
@Entity({ tableName: 'key_industry' })
export class KeyIndustry {
  [PrimaryKeyProp]?: 'name';

  @PrimaryKey({ type: 'string' })
  name!: string;

  @Property({ type: 'string', nullable: true })
  source?: string;
}

/** GB 36600-2018 screening and intervention values (mg/kg), first- and second-class land. */
@Entity({ tableName: 'gb36600_value' })
export class Gb36600Value {
  [PrimaryKeyProp]?: 'no';

  @PrimaryKey({ type: 'integer', autoincrement: false })
  no!: number;

  @Property({ type: 'string' })
  category!: string;

  @Property({ type: 'string' })
  nameZh!: string;

  @Property({ type: 'string' })
  nameEn!: string;

  @Property({ type: 'string', nullable: true })
  cas?: string;

  @Property({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  screenClass1?: string;

  @Property({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  screenClass2?: string;

  @Property({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  interveneClass1?: string;

  @Property({ type: 'decimal', precision: 12, scale: 4, nullable: true })
  interveneClass2?: string;

  @Property({ type: 'string' })
  unit!: string;

  @Property({ type: 'string', nullable: true })
  groupZh?: string;

  @Property({ type: 'string', nullable: true })
  note?: string;
}
