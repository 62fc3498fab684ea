import crypto from 'node:crypto';
import { OptimisticLockError, UniqueConstraintViolationException, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../context';
import { DomainError, ErrorCode } from '../errors';
import { appendChanges, auditRefusal, ChangeRecord } from '../modules/changes/change-log';
import { ChangeAction } from '../modules/changes/change-log.entity';
import { markCommitted } from '../limits/idempotency';

type Snapshot = Record<string, unknown>;

/** Entity properties that are bookkeeping, not facts an agency wrote. */
const SKIP = new Set(['createdAt', 'updatedAt', 'version', 'id']);
/** Personal data kept out of the audit trail's values (the trail still shows that it changed). */
const REDACT = new Set(['contactPhone']);
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
      out[prop.name] = REDACT.has(prop.name) && v !== null ? `[redacted ${crypto.createHash('sha256').update(String(v)).digest('hex').slice(0, 8)}]` : v;
    }
    else if (prop.kind === 'm:1' || prop.kind === '1:1') {
      const ref = (entity as Snapshot)[prop.name] as object | undefined;
      out[prop.name] = ref ? wrap(ref, true).getPrimaryKey() : null;
    }
  }
  return out;
}

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
    return await ctx.em.transactional(async (em) => {
      const tx = new WriteTx(em as EntityManager, ctx);
      const result = await fn(tx);
      await em.flush();
      await appendChanges(em as EntityManager, ctx.principal, operation, tx.records());
      if (ctx.idempotency) await markCommitted(em as EntityManager, ctx.idempotency.clientId, ctx.idempotency.key);
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
