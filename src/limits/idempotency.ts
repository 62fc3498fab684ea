import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface StoredResponse { status: number; body: string }

/** How long a duplicate waits for the first request before answering CONFLICT, and when an unfinished first request is taken over. */
const WAIT_MS = 10_000;
const STALE_SECONDS = 60;

export type IdempotencyOutcome =
  | { kind: 'run' } // we own the key: run the request, then finish()
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' } // same key, different request
  | { kind: 'busy' } // the first request is still running (or applied and its response lost)
  ;

export const requestHash = (body: unknown) => crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/**
 * Idempotency-Key for retries of agency systems: the first request with a key runs; every later one with
 * the same key from the same client gets the first one's response and writes nothing — also when they
 * arrive at once (the primary key on (client, key) lets exactly one insert win; the others wait for it).
 * The key is marked COMMITTED inside the mutation's own transaction (src/db/write.ts), so after a crash a
 * key whose write committed is never run again, and one whose write did not commit may be taken over.
 */
export async function claim(em: EntityManager, clientId: number, key: string, hash: string): Promise<IdempotencyOutcome> {
  const conn = em.getConnection();
  const inserted = await conn.execute(
    `insert into idempotency_key (client_id, key, request_hash, state) values (?, ?, ?, 'IN_PROGRESS') on conflict do nothing returning 1 as ok`,
    [clientId, key, hash],
  );
  if (inserted.length) return { kind: 'run' };
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const [row] = await conn.execute(`select request_hash, state, http_status, response, extract(epoch from now() - created_at) as age from idempotency_key where client_id = ? and key = ?`, [clientId, key]);
    if (!row) return claim(em, clientId, key, hash); // released by a failed first request: try to own it
    if (row.request_hash !== hash) return { kind: 'mismatch' };
    if (row.state === 'DONE') return { kind: 'replay', response: { status: row.http_status, body: row.response } };
    if (row.state === 'IN_PROGRESS' && Number(row.age) > STALE_SECONDS) {
      // The first request died before its write committed: take the key over.
      const taken = await conn.execute(
        `update idempotency_key set created_at = now() where client_id = ? and key = ? and state = 'IN_PROGRESS' and created_at < now() - interval '${STALE_SECONDS} seconds' returning 1 as ok`,
        [clientId, key],
      );
      if (taken.length) return { kind: 'run' };
    }
    if (Date.now() > deadline) return { kind: 'busy' };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Keeps the response for replays; a request that failed for a passing reason (database down) releases the key instead. */
export async function finish(em: EntityManager, clientId: number, key: string, response: StoredResponse, transient: boolean): Promise<void> {
  const conn = em.getConnection();
  if (transient) {
    const released = await conn.execute(`delete from idempotency_key where client_id = ? and key = ? and state = 'IN_PROGRESS' returning 1 as ok`, [clientId, key]);
    if (released.length) return;
    // Its write committed before the failure: keep the answer it got, never run it again.
  }
  await conn.execute(`update idempotency_key set state = 'DONE', http_status = ?, response = ? where client_id = ? and key = ?`, [response.status, response.body, clientId, key]);
}

/** Called inside a mutation's transaction: from here on the key's write is part of the same commit. */
export async function markCommitted(em: EntityManager, clientId: number, key: string): Promise<void> {
  await em.execute(`update idempotency_key set state = 'COMMITTED' where client_id = ? and key = ? and state = 'IN_PROGRESS'`, [clientId, key]);
}

/** Keys are kept a day: long enough for any retry policy. */
export async function purgeOldKeys(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`delete from idempotency_key where created_at < now() - interval '1 day'`);
}
