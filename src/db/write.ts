import crypto from 'node:crypto';
import { LockMode, OptimisticLockError, UniqueConstraintViolationException, wrap, type EntityName, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { conflict, DomainError, ErrorCode, notFound } from '../errors';
import * as input from '../modules/common/input';
import { applyScope } from './scope';
import { appendChanges, auditRefusal, ChangeRecord } from '../modules/changes/change-log';
import { ChangeAction } from '../modules/changes/change-log.entity';
import { claimInWrite, recordApplied } from '../limits/idempotency';
import { PERSONAL_FIELDS } from './personal-data';

type Snapshot = Record<string, unknown>;

/** Entity properties that are bookkeeping, not facts an agency wrote. */
const SKIP = new Set(['createdAt', 'updatedAt', 'version', 'id']);
/** Stored property → the contract field it is served as. */
const FIELD_OF: Record<string, string> = { storedStatus: 'status', centroidLon: 'centroid', centroidLat: 'centroid', constructionPermitIssuedOn: 'constructionPermitNo' };

/** The scalar and reference values of an entity, for the audit trail's before/after. */
export function snapshot(entity: object): Snapshot {
  const meta = wrap(entity, true).__meta;
  const out: Snapshot = {};
  for (const prop of meta.props) {
    if (SKIP.has(prop.name) && prop.name !== 'id') continue;
    if (prop.kind === 'scalar' || prop.kind === 'embedded') {
      const v = (entity as Snapshot)[prop.name] ?? null;
      // Personal data: a hash, so the trail shows that it changed, not the value.
      out[prop.name] = PERSONAL_FIELDS.has(prop.name) && v !== null ? `[redacted ${crypto.createHash('sha256').update(String(v)).digest('hex').slice(0, 8)}]` : v;
    }
    else if (prop.kind === 'm:1' || prop.kind === '1:1') {
      const ref = (entity as Snapshot)[prop.name] as object | undefined;
      out[prop.name] = ref ? wrap(ref, true).getPrimaryKey() : null;
    }
  }
  return out;
}

/** How a row is loaded for writing: its name in errors, the argument its id came in, the version the client read. */
export interface ForWrite { what: string; field?: string; expectedVersion?: number | null }

interface Tracked { entity: object; name: string; action: ChangeAction; before?: Snapshot; countyCode: () => string | null; fields?: string[]; also?: string[]; extra?: Record<string, unknown> }

/**
 * One write transaction: the mutation's entities are tracked so that, after the flush, the change feed
 * and the audit trail get exactly what changed — in the same transaction, so both or neither are kept.
 */
export class WriteTx {
  private readonly tracked: Tracked[] = [];
  constructor(readonly em: EntityManager, readonly ctx: Context) {}

  /** A new row (call after em.create / persist); `alsoWritten` names collections set with it (plots of a project…). */
  created(entity: object, name: string, countyCode: () => string | null, alsoWritten: string[] = []) {
    this.tracked.push({ entity, name, action: ChangeAction.CREATED, countyCode, also: alsoWritten });
  }

  /** A row about to change: call before modifying it, so its "before" is kept. */
  updating(entity: object, name: string, countyCode: () => string | null, action: ChangeAction = ChangeAction.UPDATED, fields?: string[]) {
    this.tracked.push({ entity, name, action, before: snapshot(entity), countyCode, fields });
  }

  /**
   * The one way a mutation loads a row it writes (or writes under: a key unit whose check is recorded).
   * - In the caller's scope only: a row outside it is not found, exactly as one that exists nowhere.
   * - Locked until commit (SELECT … FOR UPDATE): a concurrent writer waits, then reads the new version and
   *   gets CONFLICT, instead of checking its rules against a row that changed under it.
   * - With `expectedVersion`: CONFLICT when stale, and the row is marked as written (updatedAt touched), so the
   *   flush is a version-checked UPDATE that bumps the version even when no other column changes (a second
   *   RESERVE, an ACQUIRE of reserved land).
   * `where` is an id (checked as the argument `field`) or a condition on a unique column. Null when absent.
   */
  async find<T extends object>(entity: EntityName<T>, where: string | number | Record<string, unknown>, opts: ForWrite): Promise<T | null> {
    const cond = (typeof where === 'string' || typeof where === 'number' ? { id: input.id(where, opts.field ?? 'id') } : where) as FilterQuery<T>;
    const row = await this.em.findOne(entity, cond, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (row && opts.expectedVersion != null) {
      const r = row as T & { version: number; updatedAt?: Date };
      if (r.version !== opts.expectedVersion) throw conflict(opts.what, opts.expectedVersion, r.version);
      if ('updatedAt' in r) r.updatedAt = new Date();
    }
    return row;
  }

  /** `find`, with NOT_FOUND (`opts.what` not found) when the row is absent or outside the caller's scope. */
  async load<T extends object>(entity: EntityName<T>, where: string | number | Record<string, unknown>, opts: ForWrite): Promise<T> {
    const row = await this.find(entity, where, opts);
    if (!row) throw notFound(opts.what);
    return row;
  }

  /**
   * The one place a write reaches rows outside the caller's scope, on purpose: the records of one enterprise
   * (one credit code) are linked whoever writes them, and a permit number is unique nationwide. Inside `fn`
   * row security is lifted (the ORM queries there also pass `filters: { scope: false }`), and what `fn`
   * changed is flushed before the caller's scope is put back, so those rows are written as the platform's.
   * On an error the savepoint's rollback puts the scope back by itself.
   */
  async acrossScope<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    await applyScope(this.em, { all: true });
    const result = await fn(this.em);
    await this.em.flush();
    await applyScope(this.em, this.ctx.principal.scope);
    return result;
  }

  /** Extra facts for the audit record of a tracked row (e.g. the note of a discovered contamination). */
  annotate(entity: object, extra: Record<string, unknown>) {
    const t = this.tracked.find((x) => x.entity === entity);
    if (t) t.extra = { ...t.extra, ...extra };
  }

  /** After flush: the change records, with the fields that really changed (unchanged tracked rows are dropped). */
  records(): ChangeRecord[] {
    const out: ChangeRecord[] = [];
    for (const t of this.tracked) {
      const after = snapshot(t.entity);
      const changed = Object.keys(after).filter((k) => !SKIP.has(k) && (t.before ? JSON.stringify(t.before[k]) !== JSON.stringify(after[k]) : after[k] !== null));
      const fields = t.fields ?? [...new Set([...changed.map((k) => FIELD_OF[k] ?? k), ...(t.also ?? [])])];
      if (t.action === ChangeAction.UPDATED && !fields.length) continue;
      out.push({ entity: t.name, entityId: wrap(t.entity, true).getPrimaryKey() as number, action: t.action, fields, countyCode: t.countyCode(), before: t.before ?? null, after: t.extra ? { ...after, ...t.extra } : after });
    }
    return out;
  }
}

/**
 * Runs a mutation as one transaction: all of its writes and consequences, the change feed and the audit
 * trail commit together or not at all. A refusal (any DomainError, or a lost optimistic-lock race) leaves
 * no data behind but is itself recorded in the audit trail.
 */
export async function runWrite<T>(ctx: Context, operation: string, args: unknown, fn: (tx: WriteTx) => Promise<T>): Promise<T> {
  try {
    const nested = ctx.em.isInTransaction();
    return await ctx.em.transactional(async (em) => {
      // Inside a request the scope is already set (src/db/scope.ts); a write of its own sets it here.
      if (!nested) await applyScope(em as EntityManager, ctx.principal.scope);
      // The request's Idempotency-Key, first: a retry of a request still running waits here for its outcome.
      if (ctx.idempotency) await claimInWrite(em as EntityManager, ctx.idempotency);
      const tx = new WriteTx(em as EntityManager, ctx);
      const result = await fn(tx);
      await em.flush();
      await appendChanges(em as EntityManager, ctx.principal, operation, tx.records());
      if (ctx.idempotency) await recordApplied(em as EntityManager, ctx.idempotency, operation, tx.records());
      return result;
    });
  } catch (e) {
    const err = asDomainError(e);
    if (!err) throw e;
    await auditRefusal(ctx.em, ctx.principal, operation, err.code, args).catch(() => undefined);
    throw err;
  }
}

/** MikroORM's lock and constraint errors, as the codes agency systems switch on. */
function asDomainError(e: unknown): DomainError | null {
  if (e instanceof DomainError) return e;
  if (e instanceof OptimisticLockError) return new DomainError(ErrorCode.CONFLICT, 'the record was changed by someone else; read it again and retry');
  if (e instanceof UniqueConstraintViolationException) return new DomainError(ErrorCode.CONFLICT, 'a record with the same identifying value already exists');
  return null;
}
