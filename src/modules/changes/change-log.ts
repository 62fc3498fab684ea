import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../../auth/principal';
import { ChangeAction } from './change-log.entity';

/** One entity written by a mutation: what the change feed and the audit trail say about it. */
export interface ChangeRecord {
  entity: string;
  entityId: string | number;
  action: ChangeAction;
  fields: string[];
  countyCode: string | null;
  before?: unknown;
  after?: unknown;
}

/** A PostgreSQL array literal: knex would spread a JS array into separate bindings. */
const pgTextArray = (items: string[]) => '{' + items.map((f) => '"' + f.replace(/["\\]/g, '\\$&') + '"').join(',') + '}';

/** Any constant: the key of the advisory lock that orders change-log ids by commit. */
const CHANGE_LOG_LOCK = 7_411_181;

/**
 * Appends a transaction's changes to the change feed and the audit trail, as its last statements.
 * The transaction-scoped advisory lock is held until commit, so change-log ids are handed out in commit
 * order: a poller that has seen id N will never later find a committed id below N (no missed changes).
 */
export async function appendChanges(em: EntityManager, principal: Principal, operation: string, changes: ChangeRecord[]): Promise<void> {
  if (!changes.length) return;
  await em.execute(`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  const feedValues: unknown[] = [];
  const auditValues: unknown[] = [];
  for (const c of changes) {
    feedValues.push(principal.agency, principal.clientId, principal.clientName, c.entity, String(c.entityId), c.action, pgTextArray(c.fields), c.countyCode);
    auditValues.push(principal.agency, principal.clientId, principal.clientName, operation, c.entity, String(c.entityId), c.action, 'OK',
      c.before === undefined ? null : JSON.stringify(c.before), c.after === undefined ? null : JSON.stringify(c.after), c.countyCode);
  }
  await em.execute(
    `insert into change_log (agency, client_id, client_name, entity, entity_id, action, fields, county_code) values ${changes.map(() => '(?, ?, ?, ?, ?, ?, ?::text[], ?)').join(', ')}`,
    feedValues,
  );
  await em.execute(
    `insert into audit_log (agency, client_id, client_name, operation, entity, entity_id, action, outcome, before, after, county_code) values ${changes.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)').join(', ')}`,
    auditValues,
  );
}

/**
 * A bulk write's change feed (an import of thousands of rows): a CREATED row per id, in one statement that reads
 * the ids' county from their table, under the same commit-order lock as appendChanges; the audit trail gets the
 * operation's one record (`audit`), listing what it wrote, instead of a copy of every row.
 */
export async function appendBulkCreated(em: EntityManager, principal: Principal, operation: string, a: { entity: string; table: string; ids: number[]; fields: string[]; countyCode: string; audit: unknown }): Promise<void> {
  if (!a.ids.length) return;
  await em.execute(`select pg_advisory_xact_lock(${CHANGE_LOG_LOCK})`);
  await em.execute(
    `insert into change_log (agency, client_id, client_name, entity, entity_id, action, fields, county_code)
     select ?, ?, ?, ?, t.id::text, 'CREATED', ?::text[], t.county_code from "${a.table.replace(/"/g, '')}" t where t.id = any(?::int[]) order by t.id`,
    [principal.agency, principal.clientId, principal.clientName, a.entity, pgTextArray(a.fields), `{${a.ids.join(',')}}`],
  );
  await em.execute(
    `insert into audit_log (agency, client_id, client_name, operation, entity, entity_id, action, outcome, before, after, county_code) values (?, ?, ?, ?, ?, null, 'CREATED', 'OK', null, ?::jsonb, ?)`,
    [principal.agency, principal.clientId, principal.clientName, operation, a.entity, JSON.stringify(a.audit), a.countyCode],
  );
}

/**
 * A refused write leaves no data, but the attempt is kept: who tried what, and the code that refused it.
 * On a connection of its own, outside the request's transaction, so that the trail keeps the attempt
 * whatever becomes of that transaction (row security lets every request append to the trail).
 */
export async function auditRefusal(em: EntityManager, principal: Principal, operation: string, code: string, args: unknown, target?: { entity: string; entityId?: string | number; countyCode?: string | null }): Promise<void> {
  await em.getConnection().execute(
    `insert into audit_log (agency, client_id, client_name, operation, entity, entity_id, action, outcome, after, county_code) values (?, ?, ?, ?, ?, ?, 'REFUSED', ?, ?::jsonb, ?)`,
    [principal.agency, principal.clientId, principal.clientName, operation, target?.entity ?? null, target?.entityId == null ? null : String(target.entityId), code, JSON.stringify(args ?? null), target?.countyCode ?? null],
  );
}
