import { ReferenceKind, Utils, type EntityMetadata, type EntityName, type EntityProperty, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { marks } from './named';

/** The metadata of an entity given by class or name. */
export const metaOf = (em: EntityManager, entity: EntityName<any>): EntityMetadata => em.getMetadata().get(Utils.className(entity as never)) as EntityMetadata;

/** A to-one relation whose foreign key is a column of the row (many-to-one, or the owning side of one-to-one). */
const isOwnedToOne = (p: EntityProperty) => p.kind === ReferenceKind.MANY_TO_ONE || (p.kind === ReferenceKind.ONE_TO_ONE && !!p.owner);

/** A property stored in the row's own columns: a scalar, or a to-one relation's key. */
export const isColumnProp = (p: EntityProperty | undefined): p is EntityProperty =>
  !!p && p.persist !== false && !!p.fieldNames?.length && (p.kind === ReferenceKind.SCALAR || isOwnedToOne(p));

/**
 * Reads for answers, not for changes: rows of an entity as plain objects shaped like the entity (property
 * names, parsed dates and JSON, a to-one relation as `{ id }` / `{ code }`), without an entity instance, the
 * identity map or the unit of work. Building managed entities was most of the server's CPU on large pages
 * (bench scale 1: hydration, identity-map registration and the garbage they leave); nothing in a read
 * request changes them, so it paid for nothing.
 *
 * Same where-language and same row scope as `em.find`: the condition goes through MikroORM's query
 * builder, and the entity's filters (the county `scope` filter, on by default, failing closed without a
 * principal) are applied with the EntityManager's parameters. Writes keep using `em.find` and entities.
 */
export async function findPlain<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  opts: { orderBy?: QueryOrderMap<T>; limit?: number; props?: readonly string[] | null } = {},
): Promise<T[]> {
  const qb = em.createQueryBuilder(entity, 'e').select('*').where(where as never);
  if (opts.orderBy) qb.orderBy(opts.orderBy as never);
  if (opts.limit != null) qb.limit(opts.limit);
  await qb.applyFilters();
  const meta = metaOf(em, entity);
  // The query builder's statement, its rows handed over as one JSON value (jsonRows).
  const sql = qb.getFormattedQuery();
  const order = Object.entries(opts.orderBy ?? {}).map(([p, d]) => (meta.properties[p]?.fieldNames?.length === 1 && /^(asc|desc)$/i.test(String(d)) ? `t."${meta.properties[p].fieldNames[0]}" ${d}` : null));
  if (!sql.startsWith('select "e".* from ') || order.includes(null)) {
    return withRefs(meta, (await qb.execute('all', true)) as Record<string, unknown>[]) as T[];
  }
  const props = opts.props && [...opts.props, ...Object.keys(opts.orderBy ?? {})];
  return jsonRows(em, meta, `select ${jsonColumns(meta, '"e".', props)} from ${sql.slice('select "e".* from '.length)}`, order as string[]) as Promise<T[]>;
}

/**
 * The row scope as SQL on `meta`'s table: the entity's filters asked of MikroORM (em.applyFilters, which
 * fails closed without a principal). The county scope's `{ county: { $in } }` is written here; `none` when
 * no row is in scope; `other` for a filter of any other shape (the caller goes back to the query builder).
 */
async function scopeSql(em: EntityManager, meta: EntityMetadata): Promise<{ sql: string; params: unknown[] } | 'none' | 'other'> {
  const scope = (await em.applyFilters(meta.className, {}, {}, 'read')) as Record<string, unknown> | undefined;
  if (!scope || !Object.keys(scope).length) return { sql: '', params: [] };
  const [[key, cond], ...more] = Object.entries(scope);
  const within = (cond as { $in?: unknown[] } | null)?.$in;
  if (more.length || !meta.properties[key] || !Array.isArray(within) || Object.keys(cond as object).length !== 1) return 'other';
  if (!within.length) return 'none';
  return { sql: ` and "${meta.properties[key].fieldNames[0]}" in (${marks(within.length)})`, params: within };
}

/**
 * The rows whose `prop` is one of `values` (the DataLoaders' only question), as findPlain returns them, in
 * SQL written here rather than by the query builder: building the SQL was 0.3 ms a statement, more than the
 * statement itself on a page of plots. Row scope is still the entity's filter (scopeSql); a filter of
 * another shape goes back to findPlain.
 */
export async function findPlainIn<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  prop: string,
  values: readonly (number | string)[],
  orderBy: [string, 'asc' | 'desc'][] = [['id', 'asc']],
  props?: readonly string[] | null,
): Promise<T[]> {
  const meta = metaOf(em, entity);
  const column = (p: string) => `"${meta.properties[p].fieldNames[0]}"`;
  const scope = await scopeSql(em, meta);
  if (scope === 'none') return [];
  if (scope === 'other') {
    return findPlain(em, entity, { [prop]: { $in: [...values] } } as never, { orderBy: Object.fromEntries(orderBy) as never, props: props && [...props, prop] });
  }
  // The key the rows are grouped by and the ordering columns are read whatever the selection.
  const cols = jsonColumns(meta, '', props && [...props, prop, ...orderBy.map(([p]) => p)]);
  return jsonRows(em, meta, `select ${cols} from "${meta.tableName}" where ${column(prop)} in (${marks(values.length)})${scope.sql}`,
    orderBy.map(([p, d]) => `t.${column(p)} ${d}`), [...values, ...scope.params]) as Promise<T[]>;
}

/**
 * A page of the whole table in scope by id (`id > after`, `limit` rows), the unfiltered list every agency
 * system pages through, without the query builder (0.7 ms of a 50-plot page's 8 ms of node). Null when the
 * row scope is not the county filter: the caller then uses findPlain.
 */
export async function findPlainPage<T extends object>(em: EntityManager, entity: EntityName<T>, after: number | undefined, limit: number, props?: readonly string[] | null): Promise<T[] | null> {
  const meta = metaOf(em, entity);
  const scope = await scopeSql(em, meta);
  if (scope === 'none') return [];
  if (scope === 'other') return null;
  const id = `"${meta.properties[meta.primaryKeys[0]].fieldNames[0]}"`;
  const from = after === undefined ? 'true' : `${id} > ?`;
  return jsonRows(em, meta, `select ${jsonColumns(meta, '', props)} from "${meta.tableName}" where ${from}${scope.sql} order by ${id} limit ?`,
    [`t.${id} asc`], [...(after === undefined ? [] : [after]), ...scope.params, limit]) as Promise<T[]>;
}

/**
 * The rows of `select` (columns from jsonColumns) come back as ONE json value built by PostgreSQL, in the
 * order given (on the alias `t`): JSON.parse of one string costs a fraction of pg decoding every field of
 * every row (bench: 2.3 ms of 10 ms of CPU on a page of 50 plots). Then named and referenced as findPlain's.
 */
async function jsonRows(em: EntityManager, meta: EntityMetadata, select: string, order: string[], params: unknown[] = []): Promise<Record<string, unknown>[]> {
  // em.execute, not the connection's: the statement runs in the request's transaction and row scope (src/db/scope.ts).
  const [{ rows }] = await em.execute<{ rows: Record<string, unknown>[] }[]>(
    `select coalesce(json_agg(t${order.length ? ` order by ${order.join(', ')}` : ''}), '[]') as rows from (${select}) t`,
    params,
  );
  const comparator = em.getComparator();
  return withRefs(meta, rows.map((r) => comparator.mapResult(meta.className, r) as Record<string, unknown>));
}

const jsonColumnCache = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * The entity's columns for json_agg, each as pg would hand it to JavaScript: numeric and bigint as text
 * (pg returns them as strings, so exact money and ids stay strings), everything else as JSON has it
 * (dates as "YYYY-MM-DD" strings like pg's date parser here, timestamps as ISO strings, json as JSON).
 * `props`: only these properties' columns (src/db/row-needs.ts says which a selection needs); absent or
 * null, every column.
 */
function jsonColumns(meta: EntityMetadata, prefix = '', props?: readonly string[] | null): string {
  const wanted = props ? new Set(props) : null;
  const key = `${prefix}|${wanted ? [...wanted].sort().join(',') : '*'}`;
  let cols = jsonColumnCache.get(meta)?.get(key);
  if (!cols) {
    const out: string[] = [];
    for (const p of meta.props) {
      if (!isColumnProp(p) || (wanted && !wanted.has(p.name))) continue;
      p.fieldNames.forEach((f, i) => {
        const type = String(p.columnTypes?.[i] ?? '').toLowerCase();
        out.push(/^(numeric|decimal|bigint|int8)/.test(type) ? `${prefix}"${f}"::text as "${f}"` : `${prefix}"${f}"`);
      });
    }
    cols = out.join(', ');
    if (!jsonColumnCache.has(meta)) jsonColumnCache.set(meta, new Map());
    jsonColumnCache.get(meta)!.set(key, cols);
  }
  return cols;
}

/** A to-one relation's foreign key as the `{ id }` / `{ code }` reference resolvers read. */
function withRefs(meta: EntityMetadata, rows: Record<string, unknown>[]): Record<string, unknown>[] {
  const refs = toOneRefs(meta);
  if (refs.length) {
    for (const r of rows) {
      for (const [name, pk] of refs) {
        const v = r[name];
        if (v != null) r[name] = { [pk]: v };
      }
    }
  }
  return rows;
}

export async function findOnePlain<T extends object>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>): Promise<T | null> {
  return (await findPlain(em, entity, where, { limit: 1 }))[0] ?? null;
}

export async function countPlain<T extends object>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>): Promise<number> {
  const qb = em.createQueryBuilder(entity).where(where as never);
  await qb.applyFilters();
  return qb.getCount();
}

const refCache = new WeakMap<EntityMetadata, [string, string][]>();

/** The to-one relations owned by the row (a foreign-key column): property name → target's primary key. */
function toOneRefs(meta: EntityMetadata): [string, string][] {
  let refs = refCache.get(meta);
  if (!refs) {
    refs = Object.values(meta.properties)
      .filter(isOwnedToOne)
      .map((p) => [p.name, p.targetMeta!.primaryKeys[0]] as [string, string]);
    refCache.set(meta, refs);
  }
  return refs;
}

/**
 * The type of a resolver's `@Root()`: rows reach resolvers as plain objects (or as entities from a write).
 * Declared through a mapped type on purpose: TypeScript then emits no class for the parameter, so
 * type-graphql passes the row through as it is instead of copying it into `new Entity()` for every field
 * of every row (the copy went through MikroORM's property setters: 15% of a page's CPU, bench scale 1).
 */
export type Row<T> = Readonly<T>;
