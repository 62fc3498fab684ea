import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** Requests per client per minute window, shared by every instance (fixed window, counted in PostgreSQL). */
@Entity({ tableName: 'rate_limit' })
@Index({ properties: ['windowStart'] })
export class RateLimitWindow {
  @PrimaryKey({ type: 'integer' })
  clientId!: number;

  @PrimaryKey({ type: 'datetime' })
  windowStart!: Date;

  @Property({ type: 'integer' })
  count!: number;
}

/**
 * A mutation request's Idempotency-Key (src/limits/idempotency.ts): inserted by the write inside its own
 * transaction, so COMMITTED exactly when the write committed; DONE once the answer every retry gets is stored.
 */
@Entity({ tableName: 'idempotency_key' })
@Index({ properties: ['createdAt'] })
export class IdempotencyKey {
  @PrimaryKey({ type: 'integer' })
  clientId!: number;

  @PrimaryKey({ type: 'string', length: 200 })
  key!: string;

  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'string', length: 16 })
  state!: string;

  @Property({ type: 'integer', nullable: true })
  httpStatus?: number;

  @Property({ type: 'text', nullable: true })
  response?: string;

  /** The request that wrote the row: only it stores its answer there. */
  @Property({ type: 'string', length: 36, nullable: true })
  owner?: string;

  /** What the write created or changed (operation, entity, id, action), for an ALREADY_APPLIED answer. */
  @Property({ type: 'json', nullable: true })
  applied?: unknown;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

/** The operations a client registered (persisted-query ids: SHA-256 of the document), for the allow-list option. */
@Entity({ tableName: 'client_operation' })
export class ClientOperation {
  @PrimaryKey({ type: 'integer' })
  clientId!: number;

  @PrimaryKey({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'string', nullable: true })
  name?: string;

  @Property({ type: 'text' })
  document!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
