import { Migration } from '@mikro-orm/migrations';

export class Migration20261123163907 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "client_operation" ("client_id" int not null, "sha256" varchar(64) not null, "name" varchar(255) null, "document" text not null, "created_at" timestamptz not null default now(), constraint "client_operation_pkey" primary key ("client_id", "sha256"));`);

    this.addSql(`create table "idempotency_key" ("client_id" int not null, "key" varchar(200) not null, "request_hash" varchar(64) not null, "state" varchar(16) not null, "http_status" int null, "response" text null, "created_at" timestamptz not null default now(), constraint "idempotency_key_pkey" primary key ("client_id", "key"));`);
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);

    this.addSql(`create table "rate_limit" ("client_id" int not null, "window_start" timestamptz not null, "count" int not null, constraint "rate_limit_pkey" primary key ("client_id", "window_start"));`);
    this.addSql(`create index "rate_limit_window_start_index" on "rate_limit" ("window_start");`);
    // Counters need no crash safety and are written on every request: skip the WAL.
    this.addSql(`alter table "rate_limit" set unlogged;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "client_operation" cascade;`);

    this.addSql(`drop table if exists "idempotency_key" cascade;`);

    this.addSql(`drop table if exists "rate_limit" cascade;`);
  }

}
