import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Agency } from './agency';
import { Division } from '../division/division.entity';

/**
 * An agency system's API client. The token itself is never stored: only its SHA-256, which is enough
 * because tokens are 256 random bits (no dictionary to guess from, so no slow hash is needed).
 */
@Entity({ tableName: 'api_client' })
export class ApiClient {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string' })
  name!: string;

  @Enum({ items: () => Agency })
  agency!: Agency;

  @ManyToOne(() => Division, { fieldName: 'division_code' })
  division!: Division;

  @Property({ type: 'string', length: 64 })
  @Unique()
  tokenHash!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  @Index()
  revokedAt?: Date;

  @Property({ type: 'integer', version: true })
  version!: number;
}
