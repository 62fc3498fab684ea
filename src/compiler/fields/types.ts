import type { CityRules } from '../../rules/city-rules';
import type { Agency } from '../../modules/client/agency';
import type { Policy } from '../../auth/policy';
import { countySql, ScalarKind, ScopeShape, SENTINEL } from '../sql';

/** The row an object is built from: SQL for one of its columns (`t.plot_code`, or `(t.evidence->>'title')`). */
export interface Row {
  col(column: string): string;
}

/** A table row under an alias; records the columns read, so a page's CTE selects only those. */
export function tableRow(alias: string, used?: Set<string>): Row {
  return { col: (c) => (used?.add(c), `${alias}.${c}`) };
}

/** An object held in a JSON column: its fields are the JSON's keys, read as text. */
export const jsonRow = (expr: string): Row => ({ col: (key) => `(${expr}->>'${key.replace(/'/g, "''")}')` });

/** What a field's SQL may use from the statement being compiled. */
export interface Q {
  shape: ScopeShape;
  /** The request's today (ctx.today) as `$n::date`. */
  today(): string;
  /** The token's counties as a text[] (only when shape is 'some'): a parameter, or a constant (src/compiler/statement.ts). */
  counties(): string;
  /** The scope condition on a county column (countyCondition of src/db/scope.ts). */
  county(column: string): string;
  /** A fresh table alias. */
  alias(): string;
  rules: CityRules;
  /** The plan's agency and the policy in force (plans are per agency). */
  agency: Agency;
  policy: Policy;
}

/** Renders the selected fields of the child object from a row (the compiler's walker, given to object fields). */
export type Render = (row: Row) => string;

/**
 * A field's SQL, next to the resolver's definition (or importing the SQL expression shared with it):
 * - scalar: the SQL expression of the value (rendered by sql.ts scalarJson after the schema's type; `as` overrides
 *   the rendering, e.g. a Date held as JSON text is rendered as the string it is, as DateScalar.serialize does);
 * - raw: SQL text of the whole JSON value of a scalar field (a list of strings);
 * - object: SQL text of the whole JSON value (object, null, or list), given the renderer of the child's selection.
 */
export type FieldDef =
  | { scalar: (row: Row, q: Q) => string; as?: ScalarKind }
  /** JSON text built by the field itself (e.g. a list of strings), never null. */
  | { raw: (row: Row, q: Q) => string }
  | { object: (row: Row, q: Q, render: Render, nonNull: boolean) => string };

export type TypeFields = Record<string, FieldDef>;

/** A column named after the field (camelCase → snake_case) or given. */
export const col = (column?: string): FieldDef => ({ scalar: (row) => row.col(column ?? '') });
export const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
/** Fields that are plain columns of the same name in snake_case. */
export function columns(...fields: string[]): TypeFields {
  return Object.fromEntries(fields.map((f) => [f, { scalar: (row: Row) => row.col(snake(f)) }]));
}

/** A to-one relation: the row of `table` matching `where`; in the token's scope when `scoped` (CountyScope entities). */
export function one(table: string, where: (row: Row, t: string, q: Q) => string, scoped = false): FieldDef {
  return {
    object: (row, q, render, nonNull) => {
      const t = q.alias();
      const cond = [where(row, t, q), ...(scoped ? [q.county(`${t}.county_code`)] : [])].join(' and ');
      return `coalesce((select ${render({ col: (c) => `${t}.${c}` })} from ${table} ${t} where ${cond}), ${nonNull ? SENTINEL : `'null'`})`;
    },
  };
}

/** A to-many relation: the rows of `table` matching `where`, in the resolver's order. */
export function many(table: string, where: (row: Row, t: string, q: Q) => string, orderBy: (t: string) => string, scoped = false): FieldDef {
  return {
    object: (row, q, render) => {
      const t = q.alias();
      const cond = [where(row, t, q), ...(scoped ? [q.county(`${t}.county_code`)] : [])].join(' and ');
      return `coalesce((select '[' || string_agg(${render({ col: (c) => `${t}.${c}` })}, ',' order by ${orderBy(t)}) || ']' from ${table} ${t} where ${cond}), '[]')`;
    },
  };
}

/** An object kept in a JSON column (a DocumentRef): null when the column is. */
export function jsonObject(column: string): FieldDef {
  return {
    object: (row, _q, render, nonNull) => {
      const c = row.col(column);
      return `case when ${c} is null or jsonb_typeof(${c}::jsonb) = 'null' then ${nonNull ? SENTINEL : `'null'`} else ${render(jsonRow(`${c}::jsonb`))} end`;
    },
  };
}

export const scopeSql = countySql;
