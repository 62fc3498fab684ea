import { Client } from 'pg';
import type { ClientRow } from './tokens';

/** The channel the api_client trigger notifies on, with the client's id (migrations/Migration20261129040000). */
export const CLIENT_CHANGED_CHANNEL = 'soilshare_api_client';

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
 *   the change commits; every instance LISTENs on a connection of its own and drops the client (and this
 *   process's caches drop it synchronously when it revokes, see forgetClientHere);
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
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 100;
  private retryTimer: NodeJS.Timeout | null = null;
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly ttlMs: number, private readonly listenUrl: string | null, private readonly onError: (e: unknown) => void = () => {}) {
    caches.add(this);
  }

  /** Connects the listener (resolves once LISTEN is in force, or at once when there is nothing to listen to). */
  async start(): Promise<void> {
    if (this.ttlMs <= 0 || !this.listenUrl) return;
    await this.connect();
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
    this.stopped = true;
    caches.delete(this);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listening = false;
    this.clear();
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  /** Resolves once the listener is (again) in force; tests wait on it after cutting the connection. */
  ready(): Promise<void> {
    return this.listening || this.ttlMs <= 0 || !this.listenUrl ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  /** The listener's backend pid (tests end it to check the fallback), or null. */
  get listenerPid(): number | null {
    return this.listening ? ((this.client as unknown as { processID?: number })?.processID ?? null) : null;
  }

  private drop(hash: string, id: number) {
    this.entries.delete(hash);
    this.byClient.get(id)?.delete(hash);
  }

  private sweep(now: number) {
    for (const [hash, e] of this.entries) if (e.until <= now || (e.expiresAt != null && e.expiresAt <= now)) this.drop(hash, e.row.id);
    if (this.entries.size >= 10_000) this.clear();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.listenUrl!, application_name: 'soilshare principal cache' });
    let lost = false;
    const onLost = (e?: unknown) => {
      if (lost) return;
      lost = true;
      if (e) this.onError(e);
      // Notifications may be missed from here on: nothing cached is trusted until LISTEN is back.
      this.listening = false;
      this.clear();
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel !== CLIENT_CHANGED_CHANNEL) return;
      const id = Number(n.payload);
      if (Number.isInteger(id)) this.forget(id);
      else this.clear();
    });
    try {
      await client.connect();
      await client.query(`listen ${CLIENT_CHANGED_CHANNEL}`);
    } catch (e) {
      onLost(e);
      return;
    }
    if (this.stopped || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.clear();
    this.listening = true;
    this.retryMs = 100;
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private scheduleReconnect() {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(5_000, this.retryMs * 2);
  }
}
