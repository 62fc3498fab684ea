import type { FieldNode, GraphQLObjectType } from 'graphql';
import type { Context } from '../context';
import type { Agency } from '../modules/client/agency';
import { decodeCursor } from '../graphql/connection';
import { visibleEntities } from '../modules/changes/feed';
import type { DivisionInfo } from '../modules/division/division.cache';
import type { Collected } from './compile';
import { tableRow, type Q, type Row } from './fields/types';
import { concat, cursorSql, fallback, keyLit } from './sql';

export interface RootCtx {
  q: Q;
  agency: Agency;
  /** The root field's collected selection. */
  sub: Collected;
  type: GraphQLObjectType;
  /** A parameter from this root's prepared arguments (RootDef.prepare's result), as `$n::cast`. */
  p(name: string, cast: string): string;
  render(typeName: string, fields: Collected, row: Row): string;
  mayRead(type: string, field: string): void;
  collect(typeName: string, nodes: FieldNode[]): Collected;
}

/**
 * A compiled root field of Query: `prepare` checks and normalizes its arguments exactly as its resolver does
 * (null: the resolver would raise, or the arguments take a shape not compiled → the request falls back, and
 * Apollo gives the error); `sql` is the JSON text of its value, or `node` when it needs no SQL at all.
 */
export interface RootDef {
  prepare(args: Record<string, any>, ctx: Context): Record<string, unknown> | null;
  sql(c: RootCtx): { sql: string } | { node: (ctx: Context) => string };
}

/** plot(id, plotCode) / keyUnit(id, creditCode): by id when given (not a 1–9 digit id: null), else by the code, trimmed. */
function single(table: string, typeName: string, codeArg: string, codeColumn: string): RootDef {
  return {
    prepare(args) {
      if (args.id == null && args[codeArg] == null) return null;
      if (args.id != null) return { id: /^\d{1,9}$/.test(String(args.id)) ? Number(args.id) : null, code: null };
      return { id: null, code: String(args[codeArg]).trim() };
    },
    sql(c) {
      const t = c.q.alias();
      const obj = c.render(typeName, c.sub, tableRow(t));
      return { sql: `coalesce((select ${obj} from ${table} ${t} where (${t}.id = ${c.p('id', 'int4')} or ${t}.${codeColumn} = ${c.p('code', 'text')}) and ${c.q.county(`${t}.county_code`)}), 'null')` };
    },
  };
}

/**
 * plots / keyUnits without a filter: keyset pages by id in the token's scope (paginate in src/graphql/connection.ts):
 * `first` (default 50) capped at the page-size setting, a negative one refused; `after` a cursor this server issued.
 */
interface ConnectionOptions {
  defaultFirst?: number;
  /** More conditions on the table's rows (alias t), e.g. the change feed's visible entities. */
  where?: (c: RootCtx) => string;
  /** More prepared values; null: fall back. */
  prepare?: (args: Record<string, any>, ctx: Context, base: { limit: number; after: number }) => Record<string, unknown> | null;
  /** The change feed: with no node, endCursor is the `after` given (prepared as afterText). */
  endCursorIsAfter?: boolean;
}

function connection(table: string, nodeType: string, connType: string, o: ConnectionOptions = {}): RootDef {
  return {
    prepare(args, ctx) {
      const filter = args.filter as Record<string, unknown> | null | undefined;
      if (filter != null && Object.values(filter).some((v) => v != null)) return null;
      const n = args.first ?? o.defaultFirst ?? 50;
      if (!Number.isInteger(n) || n < 0) return null;
      let after: number | undefined;
      try {
        after = decodeCursor(args.after as string | null | undefined);
      } catch {
        return null;
      }
      const base = { limit: Math.min(n, ctx.config.maxPageSize), after: after ?? 0 };
      return o.prepare ? o.prepare(args, ctx, base) : base;
    },
    sql(c) {
      const { q } = c;
      const s = q.alias();
      const page = `${s}_page`;
      const shown = `${s}_shown`;
      const lim = c.p('limit', 'int4');
      const after = c.p('after', 'int8');
      const used = new Set<string>(['id']);
      const parts: ({ lit: string } | { sql: string })[] = [{ lit: '{' }];
      let first = true;
      for (const [key, nodes] of c.sub) {
        const name = nodes[0].name.value;
        parts.push({ lit: (first ? '' : ',') + keyLit(key) });
        first = false;
        if (name === '__typename') {
          parts.push({ lit: JSON.stringify(connType) });
          continue;
        }
        c.mayRead(connType, name);
        if (name === 'nodes') {
          const obj = c.render(nodeType, c.collect(nodeType, nodes), tableRow(s, used));
          parts.push({ sql: `coalesce((select '[' || string_agg(${obj}, ',' order by ${s}.id) || ']' from ${shown} ${s}), '[]')` });
        } else if (name === 'pageInfo') {
          const info: ({ lit: string } | { sql: string })[] = [{ lit: '{' }];
          let f1 = true;
          for (const [k2, n2] of c.collect('PageInfo', nodes)) {
            const f = n2[0].name.value;
            info.push({ lit: (f1 ? '' : ',') + keyLit(k2) });
            f1 = false;
            if (f === '__typename') info.push({ lit: '"PageInfo"' });
            else if (f === 'hasNextPage') info.push({ sql: `case when (select count(*) from ${page}) > ${lim} then 'true' else 'false' end` });
            else if (f === 'endCursor') {
              const none = o.endCursorIsAfter ? `to_json(${c.p('afterText', 'text')})::text, 'null'` : `'null'`;
              info.push({ sql: `coalesce((select to_json(${cursorSql('max(id)')})::text from ${shown}), ${none})` });
            }
            else fallback(`PageInfo.${f}`);
            if (f !== '__typename') c.mayRead('PageInfo', f);
          }
          info.push({ lit: '}' });
          parts.push({ sql: concat(info) });
        } else if (name === 'totalCount') {
          const t = q.alias();
          parts.push({ sql: `(select count(*) from ${table} ${t} where ${q.county(`${t}.county_code`)})::text` });
        } else fallback(`${connType}.${name}`);
        if (nodes.some((x) => (x.arguments?.length ?? 0) > 0)) fallback('arguments on a connection field');
      }
      parts.push({ lit: '}' });
      const cols = [...used].sort().map((x) => `t.${x}`).join(', ');
      return {
        sql: `(with ${page} as (select ${cols} from ${table} t where ${q.county('t.county_code')} and t.id > ${after}${o.where ? ` and ${o.where(c)}` : ''} order by t.id limit ${lim} + 1),
  ${shown} as (select * from ${page} order by id limit ${lim})
  select ${concat(parts)})`,
      };
    },
  };
}

/** `me`: the principal, from the context and the division cache, as DivisionResolver.me builds it; no SQL. */
const me: RootDef = {
  prepare: () => ({}),
  sql(c) {
    const division = (fields: Collected): ((d: DivisionInfo | undefined, ctx: Context) => string) => {
      const parts: ((d: DivisionInfo, ctx: Context) => string)[] = [];
      for (const [key, nodes] of fields) {
        const name = nodes[0].name.value;
        const k = (parts.length ? ',' : '') + keyLit(key);
        if (name === '__typename') parts.push(() => k + '"Division"');
        else {
          c.mayRead('Division', name);
          if (name === 'code' || name === 'name' || name === 'level') parts.push((d) => k + JSON.stringify(d[name]));
          else if (name === 'parent') {
            const parent = division(c.collect('Division', nodes));
            parts.push((d, ctx) => k + parent(d.parentCode ? ctx.cache.divisions.get(d.parentCode) : undefined, ctx));
          } else fallback(`Division.${name}`);
        }
      }
      return (d, ctx) => (d ? '{' + parts.map((p) => p(d, ctx)).join('') + '}' : 'null');
    };
    const parts: ((ctx: Context) => string)[] = [];
    for (const [key, nodes] of c.sub) {
      const name = nodes[0].name.value;
      const k = (parts.length ? ',' : '') + keyLit(key);
      if (name === '__typename') parts.push(() => k + '"Principal"');
      else {
        c.mayRead('Principal', name);
        if (name === 'clientName') parts.push((ctx) => k + JSON.stringify(ctx.principal.clientName));
        else if (name === 'agency') parts.push((ctx) => k + JSON.stringify(ctx.principal.agency));
        else if (name === 'division') {
          const div = division(c.collect('Division', nodes));
          parts.push((ctx) => {
            const d = ctx.cache.divisions.get(ctx.principal.divisionCode);
            return k + (d ? div(d, ctx) : fallback('no division'));
          });
        } else fallback(`Principal.${name}`);
      }
    }
    return { node: (ctx) => '{' + parts.map((p) => p(ctx)).join('') + '}' };
  },
};

/** The root fields of Query the compiler answers. Anything else falls back. */
export const ROOTS: Record<string, RootDef> = {
  plots: connection('plot', 'Plot', 'PlotConnection'),
  keyUnits: connection('key_unit', 'KeyUnit', 'KeyUnitConnection'),
  plot: single('plot', 'Plot', 'plotCode', 'plot_code'),
  keyUnit: single('key_unit', 'KeyUnit', 'creditCode', 'credit_code'),
  me,
  // ChangesResolver.changes: first defaults to 100; entities the agency may read (none: an empty page); a
  // first of 0 reads nothing (hasNextPage false); with no node endCursor is the `after` given
  changes: connection('change_log', 'Change', 'ChangeConnection', {
    defaultFirst: 100,
    endCursorIsAfter: true,
    where: (c) => `t.entity = any(${c.p('entities', 'text[]')}) and ${c.p('limit', 'int4')} > 0`,
    prepare: (args, ctx, base) => {
      const entities = visibleEntities(ctx.policy, ctx.principal.agency);
      return { ...base, limit: entities.length ? base.limit : 0, entities, afterText: args.after ?? null };
    },
  }),
};
