import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Agency } from '../client/agency';

/**
 * The audit trail: before and after values of every write, and every refused write (outcome = the error
 * code), with who made it. Written by the platform only; the API reads it (`auditLog`), never edits it.
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['entity', 'entityId'] })
@Index({ properties: ['at'] })
export class AuditLog {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Enum({ items: () => Agency, nullable: true })
  agency?: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'string' })
  clientName!: string;

  @Property({ type: 'string' })
  operation!: string;

  @Property({ type: 'string', nullable: true })
  entity?: string;

  @Property({ type: 'string', nullable: true })
  entityId?: string;

  @Property({ type: 'string' })
  action!: string;

  /** OK, or the error code that refused the write. */
  @Property({ type: 'string' })
  outcome!: string;

  @Property({ type: 'json', nullable: true })
  before?: unknown;

  @Property({ type: 'json', nullable: true })
  after?: unknown;

  @Property({ type: 'string', length: 6, nullable: true })
  @Index()
  countyCode?: string;
}
