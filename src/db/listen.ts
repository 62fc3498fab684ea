import { Client } from 'pg';
import type { Logger } from '../log';
import { safeError } from '../log';

/**
 * One PostgreSQL connection per instance that LISTENs on the platform's channels (NOTIFY is delivered to
 * every listening session when the notifying transaction commits, so every instance hears every commit).
 * When the connection is lost it reconnects (every second until it succeeds) and calls `onConnected` again:
 * notifications sent while it was away are lost, so the callers then re-read what they watch (the change
 * feed from each cursor, the tokens of open sockets).
 */
export class PgListener {
  private client: Client | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: {
    url: string;
    channels: string[];
    onNotify: (channel: string, payload: string) => void;
    onConnected: (reconnected: boolean) => void;
    logger: Logger;
  }) {}

  /** Connects and listens; rejects when the first connection fails. */
  async start(): Promise<void> {
    await this.connect(false);
  }

  private async connect(reconnected: boolean): Promise<void> {
    const c = new Client({ connectionString: this.opts.url, application_name: 'soilshare-listen' });
    c.on('notification', (m) => this.opts.onNotify(m.channel, m.payload ?? ''));
    c.on('error', (e) => this.lost(c, e));
    c.on('end', () => this.lost(c));
    try {
      await c.connect();
      for (const ch of this.opts.channels) await c.query(`listen ${ch}`);
    } catch (e) {
      c.removeAllListeners('end');
      await c.end().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    this.client = c;
    this.opts.onConnected(reconnected);
  }

  private lost(c: Client, e?: unknown) {
    if (this.stopped || this.client !== c) return;
    this.client = null;
    this.opts.logger.warn({ err: e ? safeError(e) : undefined }, 'notification listener lost its connection; reconnecting');
    c.removeAllListeners('end');
    void c.end().catch(() => undefined);
    this.schedule();
  }

  private schedule() {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect(true).catch(() => this.schedule());
    }, 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners('end');
      c.on('error', () => undefined);
      await c.end().catch(() => undefined);
    }
  }
}
