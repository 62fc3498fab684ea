import type { Context } from '../../context';
import type { Principal } from '../../auth/principal';
import { inRequestScope, scopeSetting } from '../../db/scope';
import { DomainError, ErrorCode } from '../../errors';
import type { Logger } from '../../log';
import { safeError } from '../../log';
import { changeView, ChangeView, readFeed } from './feed';

/** Rows read per statement while serving a group of subscribers (a subscriber far behind is served in pages). */
export const HUB_BATCH = 500;
/** Changes waiting for a client that does not read them; past this the subscription ends with an error. */
export const MAX_QUEUED = 10_000;

/** One `changeAdded` subscription: its principal, the last id delivered, and the changes it has not taken yet. */
class Subscriber implements AsyncIterableIterator<ChangeView> {
  private readonly queue: ChangeView[] = [];
  private waiting: ((r: IteratorResult<ChangeView>) => void) | null = null;
  private failed: ((e: unknown) => void) | null = null;
  private error: Error | null = null;
  closed = false;
  constructor(readonly principal: Principal, public cursor: number, private readonly onClose: (s: Subscriber) => void) {}

  /** The key of the subscribers that see exactly the same feed: agency (entities, fields) and row scope. */
  get shape(): string {
    return `${this.principal.agency}|${scopeSetting(this.principal.scope)}`;
  }

  push(change: ChangeView, id: number) {
    if (this.closed) return;
    this.cursor = id;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.failed = null;
      w({ value: change, done: false });
    } else if (this.queue.length >= MAX_QUEUED) {
      this.fail(new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `the subscriber fell more than ${MAX_QUEUED} changes behind; subscribe again after the last cursor received`));
    } else this.queue.push(change);
  }

  fail(e: Error) {
    if (this.closed) return;
    this.error = e;
    this.finish();
    if (this.failed) {
      const f = this.failed;
      this.waiting = this.failed = null;
      f(e);
    }
  }

  private finish() {
    this.closed = true;
    this.onClose(this);
  }

  next(): Promise<IteratorResult<ChangeView>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.error) {
      const e = this.error;
      this.error = null;
      return Promise.reject(e);
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  return(): Promise<IteratorResult<ChangeView>> {
    if (!this.closed) this.finish();
    this.queue.length = 0;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = this.failed = null;
      w({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(e?: unknown): Promise<IteratorResult<ChangeView>> {
    void this.return();
    return Promise.reject(e);
  }

  [Symbol.asyncIterator]() {
    return this;
  }
}

/**
 * The push side of the change feed on one instance. Every committed change_log row NOTIFYs
 * `soilshare_changes` (a trigger, migrations/Migration20261129050000); each instance's one listener calls
 * `wake()`, and the hub reads what is new after each subscriber's cursor with the `changes` query's own
 * statement (./feed.ts), in the subscriber's row scope (one request transaction on the scoped role, under
 * row-level security) — one statement per wake-up per group of subscribers that see the same feed
 * (agency × scope), not one per subscriber.
 *
 * Ids are handed out in commit order (change-log.ts: under an advisory lock held to commit), so reading
 * `id > cursor` after every wake-up delivers each change once, in cursor order, with no gap, also when
 * concurrent writers commit on other instances. Wake-ups are coalesced: a notification during a read
 * marks the hub dirty and it reads again.
 */
export class ChangeHub {
  private readonly subs = new Set<Subscriber>();
  private dirty = false;
  private running: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  /** Statements run by the hub (tests read it to check one statement per group). */
  reads = 0;

  constructor(private readonly deps: {
    /** A request context for a principal (fresh EntityManager on the scoped connections). */
    contextFor: (p: Principal) => Context;
    /** The id of the latest committed change (where a subscription without `after` starts). */
    head: () => Promise<number>;
    logger: Logger;
  }) {}

  get size() {
    return this.subs.size;
  }

  /** A subscription for ctx's principal, starting after `afterId` (or now). The caller checked the policy. */
  async subscribe(ctx: Context, afterId: number | undefined): Promise<AsyncIterableIterator<ChangeView>> {
    const cursor = afterId ?? (await this.deps.head());
    const sub = new Subscriber(ctx.principal, cursor, (s) => this.subs.delete(s));
    this.subs.add(sub);
    this.wake();
    return sub;
  }

  /** Something may have been committed: read after every subscriber's cursor (coalesced). */
  wake(): void {
    this.dirty = true;
    if (!this.running) this.running = this.pump().finally(() => { this.running = null; });
  }

  /** Resolves when no read is running or pending (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Ends every subscription (shutdown). */
  close(): void {
    if (this.retry) clearTimeout(this.retry);
    for (const s of [...this.subs]) void s.return();
  }

  private async pump(): Promise<void> {
    while (this.dirty) {
      this.dirty = false;
      const groups = new Map<string, Subscriber[]>();
      for (const s of this.subs) {
        const g = groups.get(s.shape);
        if (g) g.push(s);
        else groups.set(s.shape, [s]);
      }
      for (const group of groups.values()) {
        try {
          await this.serve(group);
        } catch (e) {
          // The database is away (or the read failed): the cursors have not moved, so the next try loses nothing.
          this.deps.logger.warn({ err: safeError(e) }, 'change feed: read failed, retrying in 1 s');
          if (!this.retry) this.retry = setTimeout(() => { this.retry = null; this.wake(); }, 1000);
          this.retry.unref();
        }
      }
    }
  }

  /** Reads after the group's lowest cursor and gives each subscriber the rows after its own. */
  private async serve(group: Subscriber[]): Promise<void> {
    for (;;) {
      const live = group.filter((s) => !s.closed);
      if (!live.length) return;
      const from = Math.min(...live.map((s) => s.cursor));
      const ctx = this.deps.contextFor(live[0].principal);
      this.reads++;
      const rows = await inRequestScope(ctx, () => readFeed(ctx.em, ctx.policy, ctx.principal, from, HUB_BATCH));
      for (const r of rows) {
        const id = Number(r.id);
        const view = changeView(ctx.policy, ctx.principal.agency, r);
        for (const s of live) if (id > s.cursor) s.push(view, id);
      }
      if (rows.length < HUB_BATCH) return;
    }
  }
}
