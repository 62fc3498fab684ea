import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys owned by the write's transaction (src/limits/idempotency.ts): the key row is inserted by
 * the write itself, so a row exists only for a committed write (COMMITTED) or a stored answer (DONE).
 * `owner` names the request that wrote it (only that request stores its answer there); `applied` lists what
 * the write created or changed, for the ALREADY_APPLIED answer of a retry whose first answer was lost.
 * Rows of the old scheme still IN_PROGRESS never committed a write: they are released, a retry runs.
 */
export class Migration20261128223000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "idempotency_key" add column "owner" varchar(36) null, add column "applied" jsonb null;`);
    this.addSql(`delete from "idempotency_key" where "state" = 'IN_PROGRESS';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "idempotency_key" drop column "owner", drop column "applied";`);
  }
}
