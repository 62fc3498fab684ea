import { ErrorCode } from '../errors';
import crypto from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Idempotency-Key for retries of agency systems: one key, one write, one answer — also under faults.
 *
 * The key's row is written by the write itself: its first statement, inside the write's own transaction
 * (runWrite, src/db/write.ts; inside a request transaction it is a savepoint of it), so the key is
 * COMMITTED exactly when the write is, and never otherwise. Ownership is that transaction: a retry that
 * arrives while the first attempt runs inserts the same (client, key) and PostgreSQL makes it wait on the
 * primary key until the first transaction ends — however long that takes (a lock wait of minutes included;
 * there is no time-based takeover). Then:
 * - the first attempt committed: the retry writes nothing and answers from the key (below);
 * - it rolled back (a refusal, the database or the server died): nothing of it exists, the retry runs.
 *
 * A row's states:
 * - COMMITTED: the write committed; its answer is not stored yet (the first attempt is building or storing
 *   it — or it died in between: the server killed, the database gone). `applied` lists what it wrote.
 * - DONE: `response` holds the answer every retry gets (header Idempotent-Replayed: true): the first
 *   attempt's own answer, a refusal included (stored with no write behind it), or ALREADY_APPLIED.
 *
 * What a request with a key gets:
 * - no row: it runs (and so does a retry of a request whose write never committed);
 * - DONE with the same request: the stored answer; with another request: 422 BAD_USER_INPUT;
 * - COMMITTED: waits up to `settings.answerWaitMs` for the first attempt to store its answer, then answers
 *   200 with the error code ALREADY_APPLIED and `extensions.applied` (operation, entity, id, action of every
 *   row the write created or changed) — and stores that answer, so every later retry gets the same one.
 * An answer that says the database is unavailable (or an internal error) is never stored: either nothing
 * was written (the retry runs), or the write committed (the retry gets ALREADY_APPLIED).
 */

export interface StoredResponse { status: number; body: string }

/** The stable code of a retry whose write committed but whose first answer was never stored. */
export const ALREADY_APPLIED = ErrorCode.ALREADY_APPLIED;

export const settings = {
  /**
   * How long a retry that finds a committed write waits for the first attempt's answer before answering
   * ALREADY_APPLIED (IDEMPOTENCY_ANSWER_WAIT_MS). Not a lease: it never lets a write run again.
   */
  answerWaitMs: Number(process.env.IDEMPOTENCY_ANSWER_WAIT_MS ?? 5_000),
};

/** One request's key, with what this process knows about it (kept beside ctx.idempotency, see `keyed`). */
interface KeyState {
  clientId: number;
  key: string;
  hash: string;
  /** This request's id in the row: a statement changes the row only where it is still this request's. */
  owner: string;
  /** A write of this request found the key committed by another request: its answer comes from the key. */
  taken: boolean;
}
const states = new WeakMap<object, KeyState>();

/** Thrown inside a write whose key another request has committed: the write is rolled back, the answer comes from the key. */
export class KeyTaken extends Error {
  readonly idempotencyKeyTaken = true;
  constructor() {
    super('a request with this Idempotency-Key has already been applied');
  }
}

export const requestHash = (body: unknown) => crypto.createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/** The value for ctx.idempotency of a keyed mutation request. */
export function keyed(clientId: number, key: string, hash: string): { clientId: number; key: string } {
  const ref = { clientId, key };
  states.set(ref, { clientId, key, hash, owner: crypto.randomUUID(), taken: false });
  return ref;
}
const stateOf = (ref: { clientId: number; key: string }): KeyState => {
  const s = states.get(ref);
  if (!s) throw new Error('idempotency key used without keyed()');
  return s;
};

interface KeyRow { request_hash: string; state: string; http_status: number | null; response: string | null; owner: string | null; applied: unknown }
type Conn = ReturnType<EntityManager['getConnection']>;

async function readRow(conn: Conn, s: KeyState): Promise<KeyRow | undefined> {
  const [row] = await conn.execute(`select request_hash, state, http_status, response, owner, applied from idempotency_key where client_id = ? and key = ?`, [s.clientId, s.key]);
  return row as KeyRow | undefined;
}

const replayed = (r: StoredResponse): StoredResponse & { replayed: true } => ({ ...r, replayed: true });

function alreadyApplied(row: KeyRow): StoredResponse {
  const applied = typeof row.applied === 'string' ? JSON.parse(row.applied) : (row.applied ?? []);
  return {
    status: 200,
    body: JSON.stringify({
      errors: [{
        message: 'this request was already applied; its first answer was lost (read what it wrote by the ids in extensions.applied)',
        extensions: { code: ALREADY_APPLIED, applied },
      }],
      data: null,
    }),
  };
}

/**
 * The answer a committed key gives: the stored one, or — once the first attempt has had `answerWaitMs` to
 * store its own — ALREADY_APPLIED, stored so that it stays the one answer. A failure to store it (the
 * database gone again) still answers ALREADY_APPLIED: the write's existence is known, only not kept.
 */
async function answerOf(conn: Conn, s: KeyState, row: KeyRow): Promise<Answer> {
  if (row.request_hash !== s.hash) return { kind: 'mismatch' };
  const deadline = Date.now() + settings.answerWaitMs;
  while (row.state !== 'DONE' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 25));
    row = (await readRow(conn, s)) ?? row;
  }
  if (row.state === 'DONE') return { kind: 'answer', response: replayed({ status: row.http_status ?? 200, body: row.response ?? '' }) };
  const response = alreadyApplied(row);
  const stored = await conn.execute(
    `update idempotency_key set state = 'DONE', http_status = ?, response = ? where client_id = ? and key = ? and state = 'COMMITTED' returning 1 as ok`,
    [response.status, response.body, s.clientId, s.key],
  ).catch(() => [{ ok: 1 }]);
  if (!stored.length) return answerOf(conn, s, (await readRow(conn, s))!); // the first attempt stored its answer just now
  return { kind: 'answer', response: replayed(response) };
}

export type Answer =
  | { kind: 'run' } // no answer for this key yet: run the request
  | { kind: 'answer'; response: StoredResponse & { replayed?: boolean } }
  | { kind: 'mismatch' }; // the key was used for a different request

/** Before running a keyed mutation request: a key already answered (or committed) answers it. */
export async function before(conn: Conn, ref: { clientId: number; key: string }): Promise<Answer> {
  const s = stateOf(ref);
  const row = await readRow(conn, s);
  return row ? answerOf(conn, s, row) : { kind: 'run' };
}

/**
 * A write's first statement, inside its transaction: the key row, COMMITTED when (and only when) the write
 * commits. A concurrent attempt with the key waits here for the first one's transaction to end; if that
 * committed, this write throws KeyTaken and is rolled back. A second write of the same request (a
 * document with two mutations) finds the row its own request wrote and goes on.
 */
export async function claimInWrite(em: EntityManager, ref: { clientId: number; key: string }): Promise<void> {
  const s = stateOf(ref);
  if (s.taken) throw new KeyTaken();
  const mine = await em.execute(
    `insert into idempotency_key (client_id, key, request_hash, state, owner, applied) values (?, ?, ?, 'COMMITTED', ?, '[]'::jsonb)
     on conflict (client_id, key) do update set state = idempotency_key.state where idempotency_key.owner = excluded.owner returning 1 as ok`,
    [s.clientId, s.key, s.hash, s.owner],
  );
  if (!mine.length) {
    s.taken = true;
    throw new KeyTaken();
  }
}

/** A write's last statement, inside its transaction: what it wrote, for an ALREADY_APPLIED answer. */
export async function recordApplied(em: EntityManager, ref: { clientId: number; key: string }, operation: string, changes: { entity: string; entityId: string | number; action: string }[]): Promise<void> {
  const s = stateOf(ref);
  const applied = changes.map((c) => ({ operation, entity: c.entity, id: String(c.entityId), action: c.action }));
  await em.execute(`update idempotency_key set applied = applied || ?::jsonb where client_id = ? and key = ? and owner = ?`, [JSON.stringify(applied), s.clientId, s.key, s.owner]);
}

/** An answer that must not be stored: it says the database was unavailable or something broke, not what happened. */
export const isTransient = (r: StoredResponse) => r.status >= 500 || /"code":"(SERVICE_UNAVAILABLE|INTERNAL_SERVER_ERROR)"/.test(r.body);

/**
 * After the request ran (its transaction ended): the answer it sends, stored for retries.
 * - A write of it found the key taken: the key's answer, not this run's.
 * - A definite answer (data, or a refusal): stored — on its own committed key row, or as a new DONE row when
 *   nothing was written (a refusal). Failing to store it (the database gone) still sends it: a retry then
 *   finds the committed key (ALREADY_APPLIED) or no key (and runs, as nothing was written).
 * - A transient answer (503/500): when its write committed anyway, ALREADY_APPLIED instead; when nothing was
 *   written, sent as it is and not stored, so that a retry runs.
 * `response` is undefined when the run threw (the caller rethrows unless an answer comes back).
 */
export async function after(conn: Conn, ref: { clientId: number; key: string }, response: StoredResponse | undefined): Promise<(StoredResponse & { replayed?: boolean }) | undefined> {
  const s = stateOf(ref);
  if (s.taken) {
    const a = await answerOf(conn, s, (await readRow(conn, s))!);
    return a.kind === 'answer' ? a.response : response;
  }
  if (response && !isTransient(response)) {
    let stored: unknown[];
    try {
      stored = await conn.execute(
        `insert into idempotency_key (client_id, key, request_hash, state, owner, http_status, response) values (?, ?, ?, 'DONE', ?, ?, ?)
         on conflict (client_id, key) do update set state = 'DONE', http_status = excluded.http_status, response = excluded.response
         where idempotency_key.owner = excluded.owner and idempotency_key.state = 'COMMITTED' returning 1 as ok`,
        [s.clientId, s.key, s.hash, s.owner, response.status, response.body],
      );
    } catch {
      return response;
    }
    if (stored.length) return response;
    // Not stored: the key was another request's (a concurrent attempt's answer is the one answer), or a
    // retry already answered this committed write with ALREADY_APPLIED (this answer says more: send it).
    const row = await readRow(conn, s).catch(() => undefined);
    if (!row || row.owner === s.owner) return response;
    const a = await answerOf(conn, s, row);
    return a.kind === 'answer' ? a.response : response;
  }
  // Transient, or thrown: did a write of this request commit?
  const row = await readRow(conn, s).catch(() => undefined);
  if (!row) return response;
  if (row.owner !== s.owner) {
    const a = await answerOf(conn, s, row);
    return a.kind === 'answer' ? a.response : response;
  }
  if (row.state === 'DONE') return { status: row.http_status ?? 200, body: row.response ?? '' };
  const answer = alreadyApplied(row);
  await conn.execute(`update idempotency_key set state = 'DONE', http_status = ?, response = ? where client_id = ? and key = ? and owner = ? and state = 'COMMITTED'`,
    [answer.status, answer.body, s.clientId, s.key, s.owner]).catch(() => undefined);
  return answer;
}

/** Keys are kept a day: long enough for any retry policy. */
export async function purgeOldKeys(em: EntityManager): Promise<void> {
  await em.getConnection().execute(`delete from idempotency_key where created_at < now() - interval '1 day'`);
}
