import { Migration } from '@mikro-orm/migrations';

export class Migration20261123165254 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "land_event" add column "supply_plan_year" int null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "land_event" drop column "supply_plan_year";`);
  }

}
