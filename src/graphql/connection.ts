import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { Context } from '../context';
import { badInput } from '../errors';
import { countPlain, findPlain, findPlainPage, metaOf } from '../db/plain';
import { nodeProps } from '../db/row-needs';

@ObjectType('PageInfo', { simpleResolvers: true })
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

/**
 * A page of rows. `totalCount` is a function: graphql-js's default resolver calls it only when the
 * client selects the field, so the count query runs only then.
 */
export interface Page<T> { nodes: T[]; pageInfo: PageInfo; totalCount: () => Promise<number> }

/** The contract's XxxConnection types, one class per node type. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(name)
  class ConnectionType {
    @Field(() => [node], { simple: true }) nodes!: T[];
    @Field(() => PageInfo, { simple: true }) pageInfo!: PageInfo;
    @Field(() => Int, { simple: true }) totalCount!: number;
  }
  return ConnectionType;
}

/** Cursors are opaque to clients: base64url of the last row's id. */
export const encodeCursor = (id: number | string) => Buffer.from(`c:${id}`).toString('base64url');
export function decodeCursor(cursor: string | null | undefined, field = 'after'): number | undefined {
  if (cursor == null || cursor === '') return undefined;
  const m = /^c:(\d{1,18})$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (!m) throw badInput(field, 'is not a cursor this server issued');
  return Number(m[1]);
}

/** `first` is capped at the configured page size; a negative one is the client's mistake. */
export function pageSize(ctx: Context, first: number | null | undefined, dflt = 50): number {
  const n = first ?? dflt;
  if (!Number.isInteger(n) || n < 0) throw badInput('first', 'must be a non-negative integer');
  return Math.min(n, ctx.config.maxPageSize);
}

/** `{}` or `{ $and: [] }` (nested): a list without filters, as the resolvers build it when none is given. */
function noCondition(where: unknown): boolean {
  if (!where || typeof where !== 'object' || Array.isArray(where)) return false;
  const keys = Object.keys(where);
  if (!keys.length) return true;
  const and = (where as { $and?: unknown }).$and;
  return keys.length === 1 && Array.isArray(and) && and.every(noCondition);
}

/**
 * Keyset pagination by id through the request's EntityManager (so row scope applies): one statement for
 * the page, one for the count when asked, whatever the page size. With the field's `info`, only the columns
 * its `nodes` selection needs are read (src/db/row-needs.ts).
 */
export async function paginate<T extends { id: number }>(ctx: Context, entity: EntityName<T>, where: FilterQuery<T>, first: number | null | undefined, after: string | null | undefined, info?: GraphQLResolveInfo): Promise<Page<T>> {
  const limit = pageSize(ctx, first);
  const afterId = decodeCursor(after);
  const pageWhere = (afterId ? { $and: [where, { id: { $gt: afterId } }] } : where) as FilterQuery<T>;
  // With first: 0 one row is still read, so hasNextPage tells whether there is anything after the cursor.
  const props = info ? nodeProps(metaOf(ctx.em, entity), info) : null;
  const rows = (noCondition(where) ? await findPlainPage(ctx.em, entity, afterId, limit + 1, props) : null)
    ?? await findPlain(ctx.em, entity, pageWhere, { limit: limit + 1, orderBy: { id: 'asc' } as never, props });
  const hasNextPage = rows.length > limit;
  const nodes = hasNextPage ? rows.slice(0, limit) : rows;
  return {
    nodes,
    pageInfo: { hasNextPage, endCursor: nodes.length ? encodeCursor(nodes[nodes.length - 1].id) : null },
    totalCount: () => countPlain(ctx.em, entity, where),
  };
}
