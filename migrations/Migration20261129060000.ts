import { Migration } from '@mikro-orm/migrations';

/**
 * One trigger announces a change of an API client: `api_client_changed` (Migration20261129040000, channel
 * `soilshare_api_client`, after update or delete, payload the client's id), which the principal cache and the
 * subscriptions' socket re-check now both hear on the instance's one listener (src/db/listen.ts).
 * The second trigger on api_client (Migration20261129050000, `soilshare_token_changed` on revoked_at /
 * expires_at only) said a subset of the same thing and is dropped with its function.
 */
export class Migration20261129060000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop trigger if exists api_client_notify_token_changed on api_client;`);
    this.addSql(`drop function if exists soilshare_notify_token_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`create or replace function soilshare_notify_token_changed() returns trigger language plpgsql as $$
      begin perform pg_notify('soilshare_token_changed', new.id::text); return null; end $$;`);
    this.addSql(`create trigger api_client_notify_token_changed after update of revoked_at, expires_at on api_client for each row
      when (new.revoked_at is distinct from old.revoked_at or new.expires_at is distinct from old.expires_at)
      execute function soilshare_notify_token_changed();`);
  }
}
