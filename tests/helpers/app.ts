import crypto from 'node:crypto';
import { Client } from 'pg';
import { createApp, App, AppOptions } from '../../src/app';
import { issueToken } from '../../src/auth/tokens';
import { isQuotaClaim } from '../../src/limits/rate-limit';
import { isTokenLookup } from '../../src/auth/tokens';
import { roundTripCount } from '../../src/db/orm';

/** A per-spec database on the test server, dropped afterwards: specs never see each other's rows. */
async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_ADMIN_URL;
  if (!admin) throw new Error('TEST_ADMIN_URL is not set: run the tests with jest (tests/global-setup.mjs)');
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * Statements every request runs around its work: BEGIN carrying the row-scope setting in the same message,
 * and COMMIT (src/db/scope.ts carryScope). It was 3 (BEGIN, the setting, COMMIT) when the setting was a
 * round trip of its own.
 */
export const REQUEST_TRANSACTION_STATEMENTS = 2;

export interface GqlResult<T = any> { status: number; data?: T; errors?: { message: string; path?: string[]; extensions: { code: string; field?: string } }[] }

export interface TestApp {
  app: App;
  url: string;
  /** The spec's own database, e.g. for a second instance. */
  dbUrl: string;
  /** POST a query with a bearer token (null: no Authorization header). */
  gql: <T = any>(token: string | null, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<GqlResult<T>>;
  token: (agency: string, division: string, name?: string) => Promise<string>;
  /**
   * SQL statements run while `fn` runs (every statement goes through knex, on either pool, or is reported to
   * it by src/db/request-read.ts), except the rate limiter's quota claim and the token's lookup: the claim
   * happens once per 1% of a token's limit (tested in hardening/retries.spec.ts), the lookup once per token
   * per instance every few seconds (the principal cache, tests/scale/principal-cache.spec.ts), so whether
   * either falls into a measured request is chance, not that request's work.
   * `roundTrips`: messages to PostgreSQL that waited for an answer (each ReadyForQuery on the pools'
   * connections), all of them, those two included.
   */
  /**
   * The statements `fn` made, without the token lookup and the rate limiter's claim (each once per token per
   * few seconds / per batch, not per request); `roundTrips` counts every round trip, `aside` how many of them
   * were those two (a claim falls on whichever request spends a batch's last unit).
   */
  countStatements: <T>(fn: () => Promise<T>) => Promise<{ result: T; statements: number; sql: string[]; bindings: unknown[][]; roundTrips: number; aside: number }>;
  stop: () => Promise<void>;
}

export async function startTestApp(opts: AppOptions = {}): Promise<TestApp> {
  const db = await createDatabase();
  const app = await createApp({ ...opts, config: { databaseUrl: db.url, port: 0, demo: false, introspection: true, ...opts.config } });
  const gql = async (token: string | null, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    return { status: res.status, data: body.data, errors: body.errors };
  };
  const token = async (agency: string, division: string, name = `${agency}@${division}`) =>
    (await issueToken(app.orm.em.fork(), { agency, divisionCode: division, name })).token;
  const countStatements = async <T>(fn: () => Promise<T>) => {
    const sql: string[] = [];
    const bindings: unknown[][] = [];
    let aside = 0;
    // Both pools: the platform's (token lookup, rate limit) and the requests' (row-scoped, src/db/scope.ts).
    const knexes = [app.orm.em.getKnex(), app.requestOrm.em.getKnex()];
    const listener = (q: { sql: string; bindings?: unknown[] }) => {
      if (!isQuotaClaim(q.sql) && !isTokenLookup(q.sql)) {
        sql.push(q.sql);
        bindings.push(q.bindings ?? []);
      } else aside++;
    };
    for (const k of knexes) k.on('query', listener);
    const before = roundTripCount();
    try {
      const result = await fn();
      return { result, statements: sql.length, sql, bindings, roundTrips: roundTripCount() - before, aside };
    } finally {
      for (const k of knexes) k.removeListener('query', listener);
    }
  };
  return { app, url: app.url, dbUrl: db.url, gql, token, countStatements, stop: async () => { await app.stop(); await db.drop(); } };
}
