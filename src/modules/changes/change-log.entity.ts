import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Agency } from '../client/agency';

export enum ChangeAction { CREATED = 'CREATED', UPDATED = 'UPDATED', STAGE_CHANGED = 'STAGE_CHANGED', DELETED = 'DELETED' }

/**
 * One committed write, in commit order (the id is taken under a transaction-scoped advisory lock just
 * before commit, see src/modules/changes/change-log.ts), so a poller reading `id > cursor` never misses one.
 * `county` lets the feed apply row scope; `fields` are filtered per agency when read.
 */
@Entity({ tableName: 'change_log' })
@Index({ properties: ['countyCode', 'id'] })
export class ChangeLog {
  @PrimaryKey({ type: 'bigint' })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at: Date = new Date();

  @Enum({ items: () => Agency })
  agency!: Agency;

  @Property({ type: 'integer', nullable: true })
  clientId?: number;

  @Property({ type: 'string' })
  clientName!: string;

  @Property({ type: 'string' })
  entity!: string;

  @Property({ type: 'string' })
  entityId!: string;

  @Enum({ items: () => ChangeAction })
  action!: ChangeAction;

  @Property({ type: 'text[]' })
  fields!: string[];

  @Property({ type: 'string', length: 6, nullable: true })
  countyCode?: string;
}
