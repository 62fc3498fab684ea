import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '../errors';

const CLAIM_SQL_START = 'insert into rate_limit ';
/** Whether a statement is the limiter's quota claim (statement counts leave it out: it is once per batch, not per request). */
export const isQuotaClaim = (sql: string) => sql.startsWith(CLAIM_SQL_START);

interface Lease { windowEndsAt: number; left: number; limited: boolean }

/**
 * Requests per token per minute window, shared by every instance through PostgreSQL (rate_limit rows), but
 * without a write per request: an instance claims a batch of its token's quota in one statement and spends it
 * locally. A counter written by every request made each request wait for a WAL flush and made concurrent
 * requests of one token queue on one row lock (bench, scale 1: `me` at 4× its floor, most of it this write).
 *
 * The batch is 1% of the limit (at least 1), so small limits stay exact across instances, and at most about
 * 1% per instance of a window's quota is left unspent when the window ends (it errs towards refusing). A
 * token refused in a window is refused locally for the rest of it, without a statement.
 */
export class RateLimiter {
  private readonly leases = new Map<number, Lease>();
  private readonly claims = new Map<number, Promise<void>>();
  private readonly batch: number;

  constructor(private readonly perMinute: number) {
    this.batch = Math.max(1, Math.floor(perMinute / 100));
  }

  /** Counts one request of the client; throws RATE_LIMITED (with retryAfter in seconds) past the limit. */
  async take(em: EntityManager, clientId: number): Promise<void> {
    for (;;) {
      const lease = this.leases.get(clientId);
      if (lease && lease.windowEndsAt > Date.now()) {
        if (lease.left > 0) {
          lease.left--;
          return;
        }
        if (lease.limited) throw this.limited(lease.windowEndsAt);
      }
      // One claim at a time per token: requests arriving meanwhile wait for it and share what it granted.
      const pending = this.claims.get(clientId);
      if (pending) {
        await pending;
        continue;
      }
      const claim = this.claim(em, clientId).finally(() => this.claims.delete(clientId));
      this.claims.set(clientId, claim);
      await claim;
    }
  }

  private async claim(em: EntityManager, clientId: number): Promise<void> {
    const n = this.batch;
    const [row] = await em.getConnection().execute<{ count: string; window_ends_at: string }[]>(
      `${CLAIM_SQL_START}(client_id, window_start, count) values (?, date_trunc('minute', now()), ?)
       on conflict (client_id, window_start) do update set count = rate_limit.count + excluded.count
       returning count, window_start + interval '1 minute' as window_ends_at`,
      [clientId, n],
    );
    // What was claimed before this statement (by any instance) decides how much of the batch is granted.
    const granted = Math.max(0, Math.min(n, this.perMinute - (Number(row.count) - n)));
    if (this.leases.size > 10_000) this.sweep(Date.now());
    this.leases.set(clientId, { windowEndsAt: new Date(row.window_ends_at).getTime(), left: granted, limited: granted === 0 });
  }

  private limited(windowEndsAt: number): DomainError {
    const retryAfter = Math.max(1, Math.ceil((windowEndsAt - Date.now()) / 1000));
    return new DomainError(ErrorCode.RATE_LIMITED, `more than ${this.perMinute} requests in a minute from this token; retry after ${retryAfter} s`, { retryAfter });
  }

  private sweep(now: number) {
    for (const [id, l] of this.leases) if (l.windowEndsAt <= now) this.leases.delete(id);
  }
}
