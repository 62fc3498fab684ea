import type { ClientRow } from './tokens';
import { CLIENT_CHANGED_CHANNEL, type PgListener } from '../db/listen';

interface Entry { row: ClientRow; expiresAt: number | null; until: number }

/** Every cache of this process: a revocation made here drops its client at once, before any notification. */
const caches = new Set<PrincipalCache>();

/** Drops a client from every principal cache of this process (revokeToken calls it after its commit). */
export function forgetClientHere(id: number) {
  for (const c of caches) c.forget(id);
}

/**
 * The token → client lookup, kept for `ttlMs` per instance so that a request needs no statement to know who
 * asks. Honoured at once on every instance:
 * - revocation, and any other change of the client row: the row's trigger NOTIFYs `soilshare_api_client` when
 *   the change commits; every instance's one listener (src/db/listen.ts, shared with the subscriptions) hears
 *   it and the cache drops the client (and this process's caches drop it synchronously when it revokes, see
 *   forgetClientHere);
 * - expiry: the cached `expires_at` is compared with the clock on every use.
 * Nothing is served from the cache unless the listener is connected and has been since the entry was read:
 * while it is down (connection lost, reconnecting) every request reads the row, as without a cache, and the
 * cache is emptied whenever the connection is lost (notifications may have been missed meanwhile).
 * A lookup whose read raced with a notification is not stored (the `generation` check), so a row read just
 * before a revocation committed cannot outlive it in the cache.
 * Unknown, revoked and expired tokens are never cached.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byClient = new Map<number, Set<string>>();
  /** Bumped by every notification and every loss of the listener: a read older than the last bump is not stored. */
  private generation = 0;
  private listening = false;
  private readonly release: () => void;

  constructor(private readonly ttlMs: number, private readonly listener: PgListener | null) {
    caches.add(this);
    this.release = listener
      ? listener.use({
          onNotify: (channel, payload) => {
            if (channel !== CLIENT_CHANGED_CHANNEL) return;
            const id = Number(payload);
            if (Number.isInteger(id)) this.forget(id);
            else this.clear();
          },
          // Notifications may be missed from here on: nothing cached is trusted until LISTEN is back.
          onDown: () => {
            this.listening = false;
            this.clear();
          },
          onUp: () => {
            this.clear();
            this.listening = true;
          },
        })
      : () => undefined;
  }

  get enabled(): boolean {
    return this.ttlMs > 0 && this.listening;
  }

  /** A stamp to take before reading a row, and to give back to `put`. */
  stamp(): number {
    return this.enabled ? this.generation : -1;
  }

  /** The cached client of a token hash, or undefined; an entry past its expiry is dropped and reported as such. */
  get(hash: string, now = Date.now()): ClientRow | 'expired' | undefined {
    if (!this.enabled) return undefined;
    const e = this.entries.get(hash);
    if (!e) return undefined;
    if (e.expiresAt != null && e.expiresAt <= now) {
      this.drop(hash, e.row.id);
      return 'expired';
    }
    if (e.until <= now) {
      this.drop(hash, e.row.id);
      return undefined;
    }
    return e.row;
  }

  put(hash: string, row: ClientRow, expiresAt: Date | null, stamp: number, now = Date.now()) {
    if (stamp < 0 || stamp !== this.generation || !this.enabled) return;
    if (this.entries.size >= 10_000) this.sweep(now);
    this.entries.set(hash, { row, expiresAt: expiresAt ? expiresAt.getTime() : null, until: now + this.ttlMs });
    let set = this.byClient.get(row.id);
    if (!set) this.byClient.set(row.id, (set = new Set()));
    set.add(hash);
  }

  /** Drops a client's entries and invalidates reads in flight. */
  forget(id: number) {
    this.generation++;
    for (const hash of this.byClient.get(id) ?? []) this.entries.delete(hash);
    this.byClient.delete(id);
  }

  clear() {
    this.generation++;
    this.entries.clear();
    this.byClient.clear();
  }

  get size() {
    return this.entries.size;
  }

  async stop(): Promise<void> {
    caches.delete(this);
    this.release();
    this.listening = false;
    this.clear();
  }

  /** Resolves once the listener is (again) in force; tests wait on it after cutting the connection. */
  ready(): Promise<void> {
    return this.listening || this.ttlMs <= 0 || !this.listener ? Promise.resolve() : this.listener.ready();
  }

  /** The listener's backend pid (tests end it to check the fallback), or null. */
  get listenerPid(): number | null {
    return this.listening ? (this.listener?.pid ?? null) : null;
  }

  private drop(hash: string, id: number) {
    this.entries.delete(hash);
    this.byClient.get(id)?.delete(hash);
  }

  private sweep(now: number) {
    for (const [hash, e] of this.entries) if (e.until <= now || (e.expiresAt != null && e.expiresAt <= now)) this.drop(hash, e.row.id);
    if (this.entries.size >= 10_000) this.clear();
  }
}
