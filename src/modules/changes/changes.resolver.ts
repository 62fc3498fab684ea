import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { decodeCursor, encodeCursor, PageInfo, pageSize } from '../../graphql/connection';
import { DateTimeScalar } from '../../graphql/scalars';
import { allows, Policy } from '../../auth/policy';
import { FIELD_PARTS, partOf } from '../../auth/parts';
import { Agency } from '../client/agency';
import { ChangeAction } from './change-log.entity';
import { registerEnumType } from 'type-graphql';
import { marks } from '../../db/named';
import { countyCondition } from '../../db/scope';

registerEnumType(ChangeAction, { name: 'ChangeAction' });

@ObjectType('Change', { simpleResolvers: true })
export class Change {
  @Field() cursor!: string;
  @Field(() => DateTimeScalar) at!: Date;
  @Field(() => Agency) agency!: Agency;
  @Field() clientName!: string;
  @Field() entity!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => ChangeAction) action!: ChangeAction;
  @Field(() => [String]) fields!: string[];
}

@ObjectType('ChangeConnection', { simpleResolvers: true })
export class ChangeConnection {
  @Field(() => [Change]) nodes!: Change[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
}

/** The entity types an agency may read, by the policy's part for the type. */
export function visibleEntityTypes(policy: Policy, agency: Agency): string[] {
  return ['KeyUnit', 'HiddenDangerCheck', 'MonitoringRecord', 'DischargePermit', 'Plot', 'VacatedSite', 'ReserveProject', 'Violation'].filter((t) => {
    const part = partOf(t, 'id');
    return part && allows(policy, part, agency, 'read');
  });
}
const visibleEntities = (ctx: Context) => visibleEntityTypes(ctx.policy, ctx.principal.agency);

/**
 * `Entity.field` names of visible entities the agency may not read (the compiled read path's form of the
 * filter on `fields` below: a name not listed in FIELD_PARTS is read under its entity's part, which is visible).
 */
export function deniedChangeFields(policy: Policy, agency: Agency): string[] {
  const visible = new Set(visibleEntityTypes(policy, agency));
  return Object.keys(FIELD_PARTS).filter((k) => {
    const [entity, field] = k.split('.');
    if (!visible.has(entity)) return false;
    const part = partOf(entity, field);
    return part === undefined || !allows(policy, part, agency, 'read');
  }).sort();
}

@Resolver()
export class ChangesResolver {
  /**
   * Every committed write in commit order (ids are handed out in commit order, see change-log.ts), in the
   * token's scope, of entities the agency may read, listing only the field names it may read. The cursor
   * is the last id seen: a poller with `after` never misses or repeats a change.
   */
  @Query(() => ChangeConnection)
  async changes(
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first?: number,
  ): Promise<ChangeConnection> {
    const limit = pageSize(ctx, first, 100);
    const afterId = decodeCursor(after) ?? 0;
    const entities = visibleEntities(ctx);
    const scope = countyCondition(ctx.principal.scope, 'county_code');
    const rows = limit === 0 || !entities.length ? [] : await ctx.em.execute<{ id: string; at: Date; agency: Agency; client_name: string; entity: string; entity_id: string; action: ChangeAction; fields: string[] }[]>(
      `select id, at, agency, client_name, entity, entity_id, action, fields from change_log
       where id > ? and entity in (${marks(entities.length)}) and ${scope.sql} order by id limit ?`,
      [afterId, ...entities, ...scope.params, limit + 1],
    );
    const hasNextPage = rows.length > limit;
    const page = hasNextPage ? rows.slice(0, limit) : rows;
    const nodes = page.map((r) => ({
      cursor: encodeCursor(r.id),
      at: r.at,
      agency: r.agency,
      clientName: r.client_name,
      entity: r.entity,
      entityId: r.entity_id,
      action: r.action,
      fields: r.fields.filter((f) => {
        const part = partOf(r.entity, f);
        return part !== undefined && allows(ctx.policy, part, ctx.principal.agency, 'read');
      }),
    }));
    // The cursor advances past rows this agency cannot see too, so polling never re-reads them.
    return { nodes, pageInfo: { hasNextPage, endCursor: nodes.length ? nodes[nodes.length - 1].cursor : after ?? null } };
  }
}
