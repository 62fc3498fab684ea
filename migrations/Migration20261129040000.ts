import { Migration } from '@mikro-orm/migrations';

/**
 * Every change to an API client (revocation, expiry, agency, division, deletion) is announced on the channel
 * `soilshare_api_client` with the client's id, delivered when the change commits: each server instance LISTENs
 * and drops its cached principal for that client at once (src/auth/principal-cache.ts). A trigger rather than
 * the revoking code, so that a revocation by any path (the CLI, a DBA's UPDATE) reaches every instance.
 */
export class Migration20261129040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function soilshare_api_client_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('soilshare_api_client', old.id::text);
  return null;
end $$;`);
    this.addSql(`drop trigger if exists api_client_changed on api_client;`);
    this.addSql(`create trigger api_client_changed after update or delete on api_client for each row execute function soilshare_api_client_changed();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists api_client_changed on api_client;`);
    this.addSql(`drop function if exists soilshare_api_client_changed();`);
  }
}
