import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Context } from '../../context';
import { decodeCursor, PageInfo, pageSize } from '../../graphql/connection';
import { DateTimeScalar } from '../../graphql/scalars';
import { Agency } from '../client/agency';
import { ChangeAction } from './change-log.entity';
import { registerEnumType } from 'type-graphql';
import { changeView, readFeed } from './feed';
import { GraphQLError } from 'graphql';

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

/** A subscription asked for over HTTP: the request's mistake (BAD_REQUEST, as graphql-js's own request errors). */
const overHttp = () => new GraphQLError('subscriptions are served over WebSocket (protocol graphql-transport-ws, the graphql-ws package) at /graphql', { extensions: { code: 'BAD_REQUEST' } });

@Resolver()
export class ChangesResolver {
  /**
   * Every committed write in commit order (ids are handed out in commit order, see change-log.ts), in the
   * token's scope, of entities the agency may read, listing only the field names it may read (one definition
   * with the subscription: ./feed.ts). The cursor is the last id seen: a poller with `after` never misses or
   * repeats a change.
   */
  @Query(() => ChangeConnection)
  async changes(
    @Ctx() ctx: Context,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first?: number,
  ): Promise<ChangeConnection> {
    const limit = pageSize(ctx, first, 100);
    const afterId = decodeCursor(after) ?? 0;
    const rows = await readFeed(ctx.em, ctx.policy, ctx.principal, afterId, limit === 0 ? 0 : limit + 1);
    const hasNextPage = rows.length > limit;
    const nodes = (hasNextPage ? rows.slice(0, limit) : rows).map((r) => changeView(ctx.policy, ctx.principal.agency, r));
    // The cursor advances past rows this agency cannot see too, so polling never re-reads them.
    return { nodes, pageInfo: { hasNextPage, endCursor: nodes.length ? nodes[nodes.length - 1].cursor : after ?? null } };
  }

  /**
   * The same feed pushed over WebSocket (graphql-ws, src/subscriptions.ts): every change committed after
   * `after` (or after the moment of subscribing), in cursor order, filtered exactly as `changes`. A client
   * polls `changes` to its end, then subscribes with the last cursor: no gap, no repeat.
   */
  @Subscription(() => Change, {
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.changeFeed) throw overHttp();
      return ctx.changeFeed.subscribe(ctx, decodeCursor((args as { after?: string }).after));
    },
  })
  changeAdded(@Root() change: Change | undefined, @Arg('after', () => String, { nullable: true }) _after?: string): Change {
    // Executed, not subscribed to: a subscription sent to POST /graphql.
    if (!change) throw overHttp();
    return change;
  }
}
