import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import type { Context } from '../context';
import { marks } from './named';

/**
 * Row scope: which county-bound rows a principal may see and write. It is decided once, by principalFor
 * (src/auth/principal.ts), and every path takes it from there through this file:
 * - ORM finds and the plain-row reader: the entities' `scope` filter, whose parameters createContext sets
 *   from `principal.scope` (src/db/scope-filter.ts);
 * - hand-written SQL: `countyCondition(scope, column)`;
 * - PostgreSQL itself, as the backstop: every request runs in one transaction (`inRequestScope`) on a
 *   connection whose role (SCOPED_ROLE) is subject to row-level security, with the scope in the
 *   transaction-local setting SCOPE_SETTING. A query that forgets its clause gets only rows in scope; a
 *   query outside the request transaction, or without the setting, gets none (migrations/…RowSecurity).
 * The platform's own work (boot, seeds, the demo loader, generator, CLIs) runs on the owner's connections,
 * which row security does not apply to, or with the setting `all` (systemPrincipal).
 */
export type RowScope = Principal['scope'];

/** The role request connections take (`set role`): not the tables' owner, so row-level security applies. */
export const SCOPED_ROLE = 'soilshare_scoped';
/** The transaction-local setting the policies read: `all`, or the division codes in scope, comma-separated. */
export const SCOPE_SETTING = 'soilshare.scope';

/** The setting's value for a scope. Division codes are six digits, so a comma never occurs in one. */
export function scopeSetting(scope: RowScope): string {
  return scope.all ? 'all' : scope.divisions.join(',');
}

/** The scope as a condition on a county column of hand-written SQL (`true`, `false`, or an IN list). */
export function countyCondition(scope: RowScope, column: string): { sql: string; params: string[] } {
  if (scope.all) return { sql: 'true', params: [] };
  if (!scope.counties.length) return { sql: 'false', params: [] };
  return { sql: `${column} in (${marks(scope.counties.length)})`, params: scope.counties };
}

/** Sets the scope for the rest of the current transaction (`em` must be inside one). */
export async function applyScope(em: EntityManager, scope: RowScope): Promise<void> {
  await em.execute(`select set_config('${SCOPE_SETTING}', ?, true)`, [scopeSetting(scope)]);
}

/** Runs `fn` in a transaction with the scope set: its statements see only the rows in scope. */
export async function withRowScope<T>(em: EntityManager, scope: RowScope, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    await applyScope(tx as EntityManager, scope);
    return fn(tx as EntityManager);
  });
}

/**
 * A request's work (a GraphQL operation, an export) as one transaction in the principal's scope: `ctx.em`
 * is the transaction's EntityManager while `fn` runs, so every resolver and loader reads through it.
 * A mutation's runWrite is a savepoint inside it; the commit comes when the request's answer is built.
 */
export async function inRequestScope<T>(ctx: Context, fn: () => Promise<T>): Promise<T> {
  const outer = ctx.em;
  try {
    return await withRowScope(outer, ctx.principal.scope, async (em) => {
      ctx.em = em;
      return fn();
    });
  } finally {
    ctx.em = outer;
  }
}
