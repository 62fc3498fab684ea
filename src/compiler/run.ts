import type http from 'node:http';
import { getArgumentValues } from 'graphql/execution/values';
import { getVariableValues, GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import { requestRead } from '../db/request-read';
import { isDbDown } from '../errors';
import { operationCost } from '../limits/query-limits';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Plan } from './compile';
import type { PlanCache } from './plan-cache';
import { Fallback, SENTINEL_CHAR, type ScopeShape } from './sql';

export interface CompiledResponse { status: number; headers: [string, string][]; body: string }

/** Why the last requests fell back (tests and the bench read it). */
export const stats = { compiled: 0, fellBack: 0, sentinel: 0, lastWhy: '' as string };

/**
 * THE one place the compiled statement meets the database: the request's scope setting and the statement, both
 * named prepared statements, in ONE round trip (src/db/requestRead: one implicit transaction, the setting
 * transaction-local, row security in force on the request role as on the resolver path), returning the
 * response's JSON text, never parsed here. requestRead reports both statements to knex's 'query' listeners, so
 * the statement counts (tests/sql-count, the bench) see them.
 */
export async function runStatement(ctx: Context, plan: Plan, values: unknown[], bigPage = false): Promise<string> {
  const counties = ctx.principal.scope.all ? [] : ctx.principal.scope.counties;
  const statement = plan.sql!.for(counties);
  const params = statement.counties === 'parameter' ? [...values, counties] : values;
  const mode = statement.counties === 'constant' ? 'generic' : bigPage ? 'custom' : undefined;
  // Before Apollo, outside any request transaction: a pooled connection of the request ORM. ctx.em is not
  // passed: it is made on first use, and a compiled read needs none.
  const text = await requestRead({ principal: ctx.principal, orm: ctx.orm }, { name: statement.name, text: statement.text, values: params, plan: mode });
  if (text === null) throw new Error(`compiled statement ${statement.name} returned no row`);
  return text;
}

/**
 * Which plan a compiled statement runs on (requestRead's `plan`), by how the scope's counties are in it
 * (src/compiler/statement.ts):
 * - a constant (9 counties or more): always its generic plan. The planner then knows the counties; only the
 *   page size and the cursor are parameters, and planning each time buys nothing. Measured per execution,
 *   one connection: province token (24 counties) changes 100 rows 2.5–3.1 ms generic vs 3.0–3.6 custom
 *   (PostgreSQL by itself kept planning it), plots 50 rows 2.9 vs 3.9–5.3, 1,000 rows 38–58 vs 42–54; city
 *   token (11) plots 50 rows 3.2–3.7 vs 4.2–5.5, changes 4.1–4.3 vs 4.1–4.8, 1,000 plots 59–66 vs 56–63.
 * - a parameter (fewer counties), or no county condition: a page of CUSTOM_PLAN_FROM_ROWS rows or more is
 *   planned for its values, since the rows its scan passes grow with the page and a generic plan compares
 *   each with the county list one by one (plots, 24 counties as a parameter: 1,000 rows 54 ms custom vs 80
 *   generic; 50 rows 4.3 vs 3.8; the change feed's 100 rows 5.6 vs 8.5); a smaller page is left to PostgreSQL.
 */
export const CUSTOM_PLAN_FROM_ROWS = 100;

const bigPage = (prepared: Map<string, Record<string, unknown>>) => {
  for (const p of prepared.values()) if (typeof p.limit === 'number' && p.limit >= CUSTOM_PLAN_FROM_ROWS) return true;
  return false;
};

const scopeShape = (ctx: Context): ScopeShape => (ctx.principal.scope.all ? 'all' : ctx.principal.scope.counties.length ? 'some' : 'none');

/** Accept headers Apollo answers with `application/json; charset=utf-8` (its first choice); others go to Apollo. */
const plainAccept = (accept: string | undefined) => accept === undefined || accept === '' || /^(\*\/\*|application\/json)(;[^,]*)?$/i.test(accept.trim());

/**
 * The compiled read path's hook (src/http.ts, before Apollo): the answer when the operation is a query the
 * compiler fully handles for this principal, else null and the request goes to Apollo unchanged. Only POST
 * with a plain JSON body (no persisted query, no extensions); the switch is config.compiler (SOILSHARE_COMPILER=off).
 */
export async function answerCompiled(opts: { cache: PlanCache; schema: GraphQLSchema; config: Config; logger: Logger }, req: http.IncomingMessage, body: unknown, ctx: Context): Promise<CompiledResponse | null> {
  const { config } = opts;
  if (!config.compiler || config.operationAllowList || req.method !== 'POST') return null;
  if (!plainAccept(req.headers.accept)) return null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string') return null;
  if (b.extensions != null) return null;
  for (const k of Object.keys(b)) if (k !== 'query' && k !== 'operationName' && k !== 'variables') return null;
  if (b.operationName != null && typeof b.operationName !== 'string') return null;
  if (b.variables != null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) return null;
  const variables = (b.variables ?? {}) as Record<string, unknown>;
  const { plan, why } = opts.cache.get(b.query, (b.operationName as string | null) ?? undefined, ctx.principal.agency, scopeShape(ctx));
  const back = (w: string) => {
    stats.fellBack++;
    stats.lastWhy = w;
    return null;
  };
  if (!plan) return back(why ?? '');
  try {
    const coerced = getVariableValues(opts.schema, plan.operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
    if (coerced.errors) return back('variables');
    if (operationCost(opts.schema, plan.document, plan.operation, variables, config.maxPageSize) > config.limits.maxCost) return back('cost');
    const prepared = new Map<string, Record<string, unknown>>();
    for (const root of plan.roots) {
      const args = getArgumentValues(root.field, root.node, coerced.coerced);
      const p = root.def.prepare(args, ctx);
      if (!p) return back(`arguments of ${root.key}`);
      prepared.set(root.key, p);
    }
    ctx.meta.operationName = plan.operationName;
    let text: string;
    if (plan.nodeBody) text = plan.nodeBody(ctx);
    else {
      const env = { ctx, today: ctx.today, prepared };
      text = await runStatement(ctx, plan, plan.params.map((g) => g(env)), bigPage(prepared));
    }
    if (text.includes(SENTINEL_CHAR)) {
      stats.sentinel++;
      return back('a value graphql-js would refuse or render otherwise');
    }
    stats.compiled++;
    return { status: 200, headers: [['content-type', 'application/json; charset=utf-8']], body: text + '\n' };
  } catch (e) {
    if (isDbDown(e)) throw e;
    if (!(e instanceof Fallback)) opts.logger.warn({ err: { message: (e as Error).message } }, 'compiled read failed; answered by the resolvers');
    return back((e as Error).message);
  }
}
