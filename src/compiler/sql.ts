/**
 * The compiler's SQL vocabulary: every value of the response is built as JSON TEXT by PostgreSQL, with the
 * bytes graphql-js + JSON.stringify would write (no spaces; PostgreSQL's json_build_object writes `"a" : 1`),
 * so the statement's one text column is the response body as it is.
 *
 * Anything the compiled SQL cannot render exactly as graphql-js would (a null in a non-null field, an enum
 * value the schema does not know, a float JavaScript would print in another form) becomes SENTINEL: a raw
 * U+0001 byte, which no JSON value can contain unescaped (PostgreSQL's to_json escapes control characters).
 * run.ts looks for it and, when found, answers the request on the resolver path instead (where graphql-js
 * raises the error and propagates the null as it always has).
 */
export const SENTINEL_CHAR = '\u0001';
export const SENTINEL = 'chr(1)';

/** Raised while compiling: this operation (or field) is not compiled; the request goes to Apollo unchanged. */
export class Fallback extends Error {}
export const fallback = (why: string): never => {
  throw new Fallback(why);
};

/** A JSON key (a GraphQL response name: [_A-Za-z][_0-9A-Za-z]*) as an SQL string literal of `"key":`. */
export function keyLit(key: string): string {
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(key)) fallback(`response key ${key}`);
  return `"${key}":`;
}

/** An SQL string literal. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Concatenates literal pieces and SQL expressions into one text expression, folding adjacent literals. */
export function concat(parts: ({ lit: string } | { sql: string })[]): string {
  const out: string[] = [];
  let pending = '';
  for (const p of parts) {
    if ('lit' in p) pending += p.lit;
    else {
      if (pending) out.push(lit(pending));
      pending = '';
      out.push(`(${p.sql})`);
    }
  }
  if (pending) out.push(lit(pending));
  return out.join(' || ');
}

/** `enum`: [stored value, name] pairs of the GraphQL enum (graphql-js serializes a value as its name). */
export type ScalarKind = 'ID' | 'String' | 'Int' | 'Float' | 'Boolean' | 'Date' | 'DateTime' | { enum: [string, string][] };

/**
 * A scalar value as graphql-js serializes it, as JSON text; null → `null`, or SENTINEL when the field is non-null.
 * - ID, String: String(v), a JSON string (to_json escapes as JSON.stringify does: \", \\, \b \f \n \r \t, \u00xx).
 * - Int: integer columns only (int4: always within GraphQL's 32 bits).
 * - Float: PostgreSQL's shortest round-trip digits equal JavaScript's between 1e-4 and 1e15; outside that
 *   range (exponent forms differ: 1e-05 vs 0.00001), NaN or infinities: SENTINEL; -0 is "0" as in JSON.stringify.
 * - Date: the column's text (DateStyle ISO: YYYY-MM-DD), as the plain reader returns it.
 * - DateTime: toShanghaiIso (src/graphql/scalars.ts): seconds truncated, +08:00.
 * - enums: the stored name when the schema knows it, else SENTINEL (graphql-js would raise).
 */
export function scalarJson(kind: ScalarKind, expr: string, nonNull: boolean): string {
  const whenNull = nonNull ? SENTINEL : `'null'`;
  let v: string;
  if (kind === 'ID' || kind === 'String') v = `to_json((${expr})::text)::text`;
  else if (kind === 'Int') v = `((${expr})::int4)::text`;
  else if (kind === 'Boolean') v = `to_json((${expr})::boolean)::text`;
  else if (kind === 'Float') {
    v = `case when (${expr}) is null then null when (${expr})::float8 = 0 then '0' when abs((${expr})::float8) >= 1e-4 and abs((${expr})::float8) < 1e15 then ((${expr})::float8)::text else ${SENTINEL} end`;
  } else if (kind === 'Date') v = `to_json((${expr})::text)::text`;
  else if (kind === 'DateTime') v = `'"' || to_char((${expr}) at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS') || '+08:00"'`;
  else {
    const whens = kind.enum.map(([value, name]) => `when ${lit(value)} then ${lit(JSON.stringify(name))}`).join(' ');
    // the value is computed once on the common path (a simple CASE evaluates its operand once)
    v = `case (${expr})::text ${whens} else case when (${expr}) is null then null else ${SENTINEL} end end`;
  }
  return `coalesce(${v}, ${whenNull})`;
}

/** The scope condition on a county column, as src/db/scope.ts countyCondition, in the compiled statement's `$n` style. */
export type ScopeShape = 'all' | 'none' | 'some';
export function countySql(shape: ScopeShape, column: string, countiesParam: string): string {
  if (shape === 'all') return 'true';
  if (shape === 'none') return 'false';
  return `${column} = any(${countiesParam})`;
}

/** encodeCursor (src/graphql/connection.ts) in SQL: base64url of "c:<id>", no padding. */
export const cursorSql = (idExpr: string) => `rtrim(translate(encode(convert_to('c:' || (${idExpr})::text, 'UTF8'), 'base64'), '+/', '-_'), '=')`;
