import { Client } from 'pg';
import type { Logger } from '../log';
import { safeError } from '../log';

/** A change log row was appended (migrations/Migration20261129050000: statement trigger on change_log). */
export const CHANGES_CHANNEL = 'soilshare_changes';
/**
 * An API client changed (revoked, expiry, agency, division) or was deleted; payload: its id
 * (migrations/Migration20261129040000: the one trigger on api_client that announces a client's change).
 */
export const CLIENT_CHANGED_CHANNEL = 'soilshare_api_client';

/** Every channel the platform notifies on; the one listener connection LISTENs on all of them. */
export const CHANNELS = [CHANGES_CHANNEL, CLIENT_CHANGED_CHANNEL] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ListenerUser {
  /** Called for each notification on a channel of ours. */
  onNotify?: (channel: Channel, payload: string) => void;
  /**
   * The connection was lost (or never came up): notifications may be missed from now until `onUp`.
   * Called once per loss, synchronously when the loss is seen.
   */
  onDown?: () => void;
  /**
   * LISTEN is in force on every channel. `reconnected` = not the first connection: notifications sent while
   * the listener was down are lost, so whatever a user watches must be read again.
   */
  onUp?: (reconnected: boolean) => void;
}

/**
 * THE listener: one PostgreSQL connection per instance that LISTENs on the platform's channels (NOTIFY is
 * delivered to every listening session when the notifying transaction commits, so every instance hears every
 * commit). Shared by the principal cache (src/auth/principal-cache.ts) and the subscriptions
 * (src/subscriptions.ts), which register with `use`.
 * When the connection is lost every user hears `onDown` at once; the listener reconnects by itself (after
 * 100 ms, doubling up to 5 s until it succeeds) and every user hears `onUp(true)` once LISTEN is back.
 */
export class PgListener {
  private client: Client | null = null;
  private connected = false;
  private everConnected = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private retryMs = 100;
  private readonly users = new Set<ListenerUser>();
  private readyWaiters: (() => void)[] = [];

  constructor(private readonly opts: { url: string; logger: Logger; applicationName?: string }) {}

  /** Registers a user (before or after `start`); returns its removal. A user added while up hears `onUp(false)`. */
  use(user: ListenerUser): () => void {
    this.users.add(user);
    if (this.connected) user.onUp?.(false);
    return () => this.users.delete(user);
  }

  /** Connects and listens; rejects when the first connection fails (the instance does not boot without it). */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Whether LISTEN is in force now. */
  get isUp(): boolean {
    return this.connected;
  }

  /** Resolves once LISTEN is (again) in force; tests wait on it after cutting the connection. */
  ready(): Promise<void> {
    return this.connected || this.stopped ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  /** The listener's backend pid while it is up (tests end it to check the fallback), or null. */
  get pid(): number | null {
    return this.connected ? ((this.client as unknown as { processID?: number })?.processID ?? null) : null;
  }

  private each(fn: (u: ListenerUser) => void) {
    for (const u of [...this.users]) {
      try {
        fn(u);
      } catch (e) {
        this.opts.logger.error({ err: safeError(e) }, 'notification listener: a user failed');
      }
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const c = new Client({ connectionString: this.opts.url, application_name: this.opts.applicationName ?? 'soilshare listener' });
    c.on('notification', (m) => {
      if (this.client !== c || !(CHANNELS as readonly string[]).includes(m.channel)) return;
      const payload = m.payload ?? '';
      this.each((u) => u.onNotify?.(m.channel as Channel, payload));
    });
    c.on('error', (e) => this.lost(c, e));
    c.on('end', () => this.lost(c));
    this.client = c;
    try {
      await c.connect();
      for (const ch of CHANNELS) await c.query(`listen ${ch}`);
    } catch (e) {
      const first = !this.everConnected;
      this.lost(c, e);
      if (first) {
        // The first connection decides whether the instance boots: no retrying behind its back.
        this.stopTimer();
        throw e;
      }
      return;
    }
    if (this.stopped || this.client !== c) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      return;
    }
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.connected = true;
    this.retryMs = 100;
    if (reconnected) this.opts.logger.info('notification listener is back');
    this.each((u) => u.onUp?.(reconnected));
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private lost(c: Client, e?: unknown) {
    if (this.client !== c) return;
    this.client = null;
    const wasUp = this.connected;
    this.connected = false;
    c.removeAllListeners('end');
    c.on('error', () => undefined);
    void c.end().catch(() => undefined);
    if (this.stopped) return;
    if (wasUp) this.opts.logger.warn({ err: e ? safeError(e) : undefined }, 'notification listener lost its connection; reconnecting');
    this.each((u) => u.onDown?.());
    this.schedule();
  }

  private schedule() {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(5_000, this.retryMs * 2);
  }

  private stopTimer() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopTimer();
    const c = this.client;
    this.client = null;
    const wasUp = this.connected;
    this.connected = false;
    if (wasUp) this.each((u) => u.onDown?.());
    this.users.clear();
    for (const w of this.readyWaiters.splice(0)) w();
    if (c) {
      c.removeAllListeners('end');
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
