import { AsyncLocalStorage } from 'node:async_hooks';
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
 *   The setting travels with the transaction's BEGIN, in the same round trip (`carryScope`); a compiled read
 *   sends it with its statement, pipelined, in one implicit transaction (src/db/request-read.ts). Either
 *   way it is transaction-local: it ends with the request's commit or rollback, so a pooled connection never
 *   carries one request's scope into another's statement.
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
  return { sql: `${column} in (${marks(scope.counties.length)})`, params: [...scope.counties] };
}

/** The setting's value when it may be written into SQL text: `all`, or six-digit codes separated by commas. */
export function scopeLiteral(scope: RowScope): string | null {
  const v = scopeSetting(scope);
  return /^(all|\d{6}(,\d{6})*)?$/.test(v) ? v : null;
}

/**
 * The scope a request's BEGIN should carry: set by withRowScope around the transaction's start and taken
 * by the first `BEGIN;` its async context sends (carryScope), never by a later one.
 */
interface PendingScope { literal: string | null; carried: boolean }
const pendingScope = new AsyncLocalStorage<PendingScope>();

interface PgClientLike {
  query: (...args: any[]) => unknown;
  __soilshareScopeCarrier?: true;
}

/** What pg's client.query accepts that is not a plain query: an object it submits itself (ScopedPipeline, a cursor). */
interface Submittable {
  submit: (...args: unknown[]) => unknown;
  handleReadyForQuery?: (...args: unknown[]) => unknown;
  handleError?: (...args: unknown[]) => unknown;
}

/**
 * Installed on every pooled pg connection (src/db/orm.ts), in the one place every statement of a request
 * connection passes:
 *
 * 1. **The scope rides on BEGIN.** A `BEGIN;` sent by knex while withRowScope is starting its transaction goes
 *    out as `BEGIN; select set_config('soilshare.scope', '<scope>', true)`, one simple-protocol message, so
 *    setting the scope costs no round trip of its own. The value is written into the text only when it has
 *    the setting's strict form (scopeLiteral); otherwise nothing is carried and withRowScope sets it by a
 *    statement with a bound parameter, as before. If the carrier were ever skipped, the transaction would run
 *    without the setting and see no county-bound row (fail closed), and withRowScope would notice (`carried`
 *    false) and set it.
 * 2. **One statement at a time.** On the resolver path a request's fields resolve in parallel and their
 *    loaders share the request transaction's connection, so knex (and requestRead's pipeline) can hand pg a
 *    statement while another is still running on it. pg 8 queues it but warns that it will refuse it in
 *    pg 9 ("Calling client.query() when the client is already executing a query"). The queue is kept here
 *    instead: a statement is handed to pg only when the one before it has finished (its callback, its promise,
 *    or for a submittable its ReadyForQuery or error), in the order they were asked — the order pg kept.
 *    When the connection ends, pg fails the running statement; each failure hands pg the next one, which it
 *    fails as a statement on a closed client, so nothing waits for ever.
 */
export function carryScope(conn: PgClientLike): void {
  if (conn.__soilshareScopeCarrier) return;
  conn.__soilshareScopeCarrier = true;
  const query = conn.query.bind(conn);

  let running = false;
  const waiting: (() => void)[] = [];
  const next = () => {
    const start = waiting.shift();
    if (start) start();
    else running = false;
  };
  /** Runs `start` now if the connection is free, else after the statements before it; `start` gets its `done`. */
  const inTurn = (start: (done: () => void) => void) => {
    const run = () => {
      let finished = false;
      start(() => {
        if (finished) return;
        finished = true;
        next();
      });
    };
    if (running) waiting.push(run);
    else {
      running = true;
      run();
    }
  };

  conn.query = (config: unknown, ...rest: unknown[]) => {
    if (config !== null && typeof config === 'object' && typeof (config as Submittable).submit === 'function') {
      // pg answers a submittable with the submittable itself, synchronously; it is submitted in its turn.
      const sub = config as Submittable;
      inTurn((done) => {
        for (const hook of ['handleReadyForQuery', 'handleError'] as const) {
          const own = sub[hook];
          sub[hook] = function (this: unknown, ...args: unknown[]) {
            try {
              return own?.apply(this, args);
            } finally {
              done();
            }
          };
        }
        try {
          query(sub, ...rest);
        } catch (e) {
          done();
          throw e;
        }
      });
      return sub;
    }
    const cb = rest[rest.length - 1];
    // Promise form: the callback form below, settling the promise.
    if (typeof cb !== 'function') return new Promise((resolve, reject) => conn.query(config, ...rest, (err: unknown, res: unknown) => (err ? reject(err) : resolve(res))));
    // The request's pending scope as the caller sees it (a statement's turn may come in another's callback).
    const pending = pendingScope.getStore();
    const args = rest.slice(0, -1);
    inTurn((done) => sendOne(pending, config, args, (err: unknown, res: unknown) => {
      done();
      (cb as (e: unknown, r: unknown) => void)(err, res);
    }));
    return undefined;
  };

  /** Hands one plain statement to pg with a callback, BEGIN carrying the pending scope (1. above). */
  function sendOne(pending: PendingScope | undefined, config: unknown, args: unknown[], cb: (err: unknown, res: unknown) => void) {
    if (pending && !pending.carried && pending.literal !== null && typeof config === 'object' && config !== null && (config as { text?: unknown }).text === 'BEGIN;') {
      pending.carried = true;
      const text = `BEGIN; select set_config('${SCOPE_SETTING}', '${pending.literal}', true)`;
      // Two results come back; knex reads BEGIN's.
      query({ ...(config as object), text }, (err: unknown, res: unknown) => cb(err, Array.isArray(res) ? res[0] : res));
      return;
    }
    try {
      query(config, ...args, cb);
    } catch (e) {
      cb(e, undefined); // pg throws only for a missing query; answered like any failed statement
    }
  }
}

/** Sets the scope for the rest of the current transaction (`em` must be inside one). */
export async function applyScope(em: EntityManager, scope: RowScope): Promise<void> {
  await em.execute(`select set_config('${SCOPE_SETTING}', ?, true)`, [scopeSetting(scope)]);
}

/** Runs `fn` in a transaction with the scope set: its statements see only the rows in scope. */
export async function withRowScope<T>(em: EntityManager, scope: RowScope, fn: (em: EntityManager) => Promise<T>): Promise<T> {
  // A new transaction's BEGIN carries the setting (carryScope); a savepoint inside a transaction, or a
  // connection without the carrier, gets it by a statement of its own.
  const pending = { literal: em.getTransactionContext() ? null : scopeLiteral(scope), carried: false };
  return pendingScope.run(pending, () => em.transactional(async (tx) => {
    const carried = pending.carried;
    pending.carried = true; // no later BEGIN in this request takes it
    if (!carried) await applyScope(tx as EntityManager, scope);
    return fn(tx as EntityManager);
  }));
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
