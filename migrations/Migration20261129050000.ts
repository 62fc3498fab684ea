import { Migration } from '@mikro-orm/migrations';

/**
 * Notifications for the change-feed subscription and for open WebSocket connections (src/subscriptions.ts):
 * - every statement that appends to change_log NOTIFYs `soilshare_changes` (delivered when its transaction
 *   commits, to every instance's listener, which then reads the feed after its subscribers' cursors);
 * - a token revoked, or its expiry changed, NOTIFYs `soilshare_token_changed` with the client id (payload),
 *   whoever changed it (the CLI, SQL by hand), so every instance re-checks the sockets of that token.
 */
export class Migration20261129050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function soilshare_notify_changes() returns trigger language plpgsql as $$
      begin perform pg_notify('soilshare_changes', ''); return null; end $$;`);
    this.addSql(`create trigger change_log_notify after insert on change_log for each statement execute function soilshare_notify_changes();`);
    this.addSql(`create or replace function soilshare_notify_token_changed() returns trigger language plpgsql as $$
      begin perform pg_notify('soilshare_token_changed', new.id::text); return null; end $$;`);
    this.addSql(`create trigger api_client_notify_token_changed after update of revoked_at, expires_at on api_client for each row
      when (new.revoked_at is distinct from old.revoked_at or new.expires_at is distinct from old.expires_at)
      execute function soilshare_notify_token_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists api_client_notify_token_changed on api_client;`);
    this.addSql(`drop function if exists soilshare_notify_token_changed();`);
    this.addSql(`drop trigger if exists change_log_notify on change_log;`);
    this.addSql(`drop function if exists soilshare_notify_changes();`);
  }
}
