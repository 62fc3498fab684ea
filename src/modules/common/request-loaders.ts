import DataLoader from 'dataloader';
import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../context';
import { findPlain } from '../../db/plain';

const made = new WeakMap<Context, Map<string, unknown>>();

/**
 * A loader of the request, made once per request context by the family that owns it (so a new family does not
 * edit src/loaders.ts): `perRequest(ctx, 'leadsOfPlot', () => new DataLoader(…))`.
 */
export function perRequest<T>(ctx: Context, name: string, make: () => T): T {
  let m = made.get(ctx);
  if (!m) made.set(ctx, (m = new Map()));
  if (!m.has(name)) m.set(name, make());
  return m.get(name) as T;
}

/**
 * Rows of `entity` grouped by a to-one relation `fk` (one statement per level, in the request's scope), with an
 * extra condition (a row filter) and an order; in the order of the ids asked.
 */
export function groupedLoader<T extends object>(ctx: Context, entity: EntityName<T>, fk: string, keyOf: (row: T) => number | undefined, orderBy: Record<string, 'asc' | 'desc'>, extra: Record<string, unknown> = {}) {
  return new DataLoader<number, T[]>(async (ids) => {
    const rows = await findPlain(ctx.em, entity, { [fk]: { $in: [...ids] }, ...extra } as FilterQuery<T>, { orderBy: orderBy as never });
    const groups = new Map<number, T[]>();
    for (const r of rows) {
      const k = keyOf(r);
      if (k === undefined) continue;
      const list = groups.get(k);
      if (list) list.push(r);
      else groups.set(k, [r]);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/** Rows of `entity` by id (null when absent or out of scope), with an extra condition. */
export function byIdLoader<T extends { id: number }>(ctx: Context, entity: EntityName<T>, extra: Record<string, unknown> = {}) {
  return new DataLoader<number, T | null>(async (ids) => {
    const rows = await findPlain(ctx.em, entity, { id: { $in: [...ids] }, ...extra } as unknown as FilterQuery<T>);
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}
