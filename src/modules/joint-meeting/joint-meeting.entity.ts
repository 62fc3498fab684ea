import { ArrayType, Entity, Enum, Filter, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Agency } from '../client/agency';
import { Division } from '../division/division.entity';
import type { ScopeParams } from '../../db/scope-filter';
import { DateScalar } from '../../graphql/scalars';

/**
 * 联席会议 (RULES §10, Jinzhong plan 12 会商): held by a county or by the city (its division), convened by ECO,
 * with the agencies present, the leads reported, the cases discussed and the decisions taken (决定事项).
 * Row scope by division: a token sees the meetings of its division and those under it (the `scope` filter's
 * divisions; row security tests the same).
 */
@ObjectType('JointMeeting', { simpleResolvers: true })
@Entity({ tableName: 'joint_meeting' })
@Filter({
  name: 'scope',
  default: true,
  cond: (args: ScopeParams & { divisions?: string[] }) => (args.all ? {} : { division: { $in: args.divisions ?? [] } }),
})
export class JointMeeting {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Division, { fieldName: 'division_code' })
  division!: Division;

  @Field(() => DateScalar)
  @Property({ type: 'date' })
  heldOn!: string;

  @Field()
  @Property({ type: 'string' })
  title!: string;

  /** 会议纪要 document number. */
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  minutesNo?: string;

  /** The agencies present. */
  @Field(() => [Agency])
  @Property({ type: 'text[]' })
  agencies!: Agency[];

  @Property({ type: new ArrayType((i) => Number(i)), columnType: 'int[]', default: '{}' })
  leadIds: number[] = [];

  @Property({ type: new ArrayType((i) => Number(i)), columnType: 'int[]', default: '{}' })
  caseIds: number[] = [];

  /** 决定事项, one text each. */
  @Field(() => [String])
  @Property({ type: 'text[]', default: '{}' })
  decisions: string[] = [];

  /** The convening agency (ECO). */
  @Field(() => Agency)
  @Enum({ items: () => Agency, columnType: 'text' })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version!: number;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
