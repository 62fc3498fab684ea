import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiClient } from '../modules/client/api-client.entity';
import { Agency, AGENCIES } from '../modules/client/agency';
import { Division } from '../modules/division/division.entity';
import { unauthenticated } from '../errors';
import { forgetClientHere, type PrincipalCache } from './principal-cache';

const PREFIX = 'ss_';

export const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** Issues a token for an agency system. The token is returned once; only its hash is kept. */
export async function issueToken(
  em: EntityManager,
  opts: { agency: string; divisionCode: string; name: string; expiresAt?: Date },
): Promise<{ id: number; token: string }> {
  if (!AGENCIES.includes(opts.agency as Agency)) throw new Error(`unknown agency "${opts.agency}" (one of ${AGENCIES.join(', ')})`);
  if (!opts.name.trim()) throw new Error('a client name is required (--name)');
  const division = await em.findOne(Division, { code: opts.divisionCode });
  if (!division) throw new Error(`unknown division "${opts.divisionCode}"`);
  const token = PREFIX + crypto.randomBytes(32).toString('base64url');
  const client = em.create(ApiClient, {
    name: opts.name.trim(),
    agency: opts.agency as Agency,
    division,
    tokenHash: hashToken(token),
    expiresAt: opts.expiresAt,
  } as ApiClient);
  await em.persistAndFlush(client);
  return { id: client.id, token };
}

/**
 * Revokes a client's token. Open WebSocket connections of that token, on every instance, are closed with
 * 4403 at once: the update NOTIFYs soilshare_api_client (the api_client trigger, migrations/Migration20261129040000).
 */
export async function revokeToken(em: EntityManager, id: number): Promise<boolean> {
  const n = await em.nativeUpdate(ApiClient, { id, revokedAt: null }, { revokedAt: new Date() });
  // Committed: this process's caches drop the client now; other instances on the trigger's NOTIFY.
  forgetClientHere(id);
  return n > 0;
}

const LOOKUP_SQL = `select id, name, agency, division_code, expires_at, revoked_at from api_client where token_hash = ?`;
/**
 * Whether a statement is authentication's read of a token's row: with the principal cache it runs once per
 * token per instance every few seconds (SOILSHARE_PRINCIPAL_CACHE_SECONDS), so statement counts of a request
 * leave it out, like the rate limiter's quota claim.
 */
export const isTokenLookup = (sql: string) => sql.startsWith(LOOKUP_SQL.slice(0, -1)); // (MikroORM reports it with the hash inlined)

export interface ClientRow { id: number; name: string; agency: Agency; divisionCode: string; expiresAt: Date | null }
/**
 * The client a bearer header belongs to; UNAUTHENTICATED when missing, malformed, unknown, expired or
 * revoked. Read from the row, or from `cache` (src/auth/principal-cache.ts: a few seconds per instance, dropped
 * on every instance when the row changes, expiry checked on every use), so a revocation takes effect at once
 * (rate limiting: src/limits/rate-limit.ts).
 */
export async function authenticate(em: EntityManager, header: string | undefined, cache?: PrincipalCache): Promise<ClientRow> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw unauthenticated(header ? 'the Authorization header must be "Bearer <token>"' : 'an Authorization: Bearer <token> header is required');
  const hash = hashToken(m[1]);
  const cached = cache?.get(hash);
  if (cached === 'expired') throw unauthenticated('token expired');
  if (cached) return cached;
  const stamp = cache?.stamp() ?? -1;
  const rows = await em.getConnection().execute(LOOKUP_SQL, [hash]);
  const row = rows[0];
  if (!row) throw unauthenticated('unknown token');
  if (row.revoked_at) throw unauthenticated('token revoked');
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) throw unauthenticated('token expired');
  const client: ClientRow = { id: row.id, name: row.name, agency: row.agency, divisionCode: row.division_code, expiresAt };
  cache?.put(hash, client, expiresAt, stamp);
  return client;
}
