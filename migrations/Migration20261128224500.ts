import { Migration } from '@mikro-orm/migrations';

/**
 * The GB 36600-2018 land class each land use needs (RULES.md §2: "cleared for the use" compares it with the
 * class a plot was cleared for), and the key-industry reference's GB/T 4754-2017 codes and synonyms
 * (RULES.md §4 gate 3: industry is matched by the reference, not by exact string).
 * Existing rows get SECOND (the column default); the reference loader at boot sets the CSV's values.
 */
export class Migration20261128224500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "land_use" add column "land_class" text not null default 'SECOND' check ("land_class" in ('FIRST', 'SECOND'));`);
    this.addSql(`create table "key_industry_alias" (
      "kind" text not null check ("kind" in ('CODE', 'SYNONYM')),
      "alias" text not null,
      "industry" text not null references "key_industry" ("name") on update cascade on delete cascade,
      primary key ("kind", "alias"));`);
    this.addSql(`create index "key_industry_alias_industry_index" on "key_industry_alias" ("industry");`);
    // Requests read it (boot writes it as the owner); default privileges would also grant writes.
    this.addSql(`grant select on "key_industry_alias" to soilshare_scoped;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "key_industry_alias";`);
    this.addSql(`alter table "land_use" drop column "land_class";`);
  }
}
