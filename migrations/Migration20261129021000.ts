import { Migration } from '@mikro-orm/migrations';

/**
 * A solid-waste yard is an inspection subject (RULES §10–11; Xiaoyi plan 6 每月至少对固废堆场全覆盖执法检查一次): the
 * enforcement family's `inspection` gets a nullable `solid_waste_yard_id`, joined into the exactly-one-subject check
 * and the county trigger's pairs (…010000), and follows its yard when the yard moves county. MONTHLY_INSPECTION
 * counts its ON_SITE rows.
 */
export class Migration20261129021000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "inspection" add column "solid_waste_yard_id" int null references "solid_waste_yard" ("id");`);
    this.addSql(`alter table "inspection" drop constraint "inspection_one_subject";`);
    this.addSql(`alter table "inspection" add constraint "inspection_one_subject" check (num_nonnulls("plot_id", "key_unit_id", "solid_waste_yard_id") = 1);`);
    this.addSql(`create index "inspection_solid_waste_yard_id_index" on "inspection" ("solid_waste_yard_id", "inspected_on") include ("method") where "solid_waste_yard_id" is not null;`);
    this.addSql(`drop trigger "inspection_county" on "inspection";`);
    this.addSql(`create trigger "inspection_county" before insert or update of "plot_id", "key_unit_id", "solid_waste_yard_id" on "inspection" for each row execute function soilshare_subject_county('plot', 'plot_id', 'key_unit', 'key_unit_id', 'solid_waste_yard', 'solid_waste_yard_id');`);
    this.addSql(`drop trigger if exists "solid_waste_yard_waste_children_county" on "solid_waste_yard";`);
    this.addSql(`create trigger "solid_waste_yard_waste_children_county" after update of "county_code" on "solid_waste_yard" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('solid_waste_ledger', 'yard_id', 'solid_waste_monitoring', 'yard_id', 'inspection', 'solid_waste_yard_id');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "solid_waste_yard_waste_children_county" on "solid_waste_yard";`);
    this.addSql(`create trigger "solid_waste_yard_waste_children_county" after update of "county_code" on "solid_waste_yard" for each row when (old.county_code is distinct from new.county_code) execute function soilshare_children_follow('solid_waste_ledger', 'yard_id', 'solid_waste_monitoring', 'yard_id');`);
    this.addSql(`drop trigger "inspection_county" on "inspection";`);
    this.addSql(`create trigger "inspection_county" before insert or update of "plot_id", "key_unit_id" on "inspection" for each row execute function soilshare_subject_county('plot', 'plot_id', 'key_unit', 'key_unit_id');`);
    this.addSql(`delete from "inspection" where "solid_waste_yard_id" is not null;`);
    this.addSql(`alter table "inspection" drop constraint "inspection_one_subject";`);
    this.addSql(`alter table "inspection" add constraint "inspection_one_subject" check (num_nonnulls("plot_id", "key_unit_id") = 1);`);
    this.addSql(`drop index if exists "inspection_solid_waste_yard_id_index";`);
    this.addSql(`alter table "inspection" drop column "solid_waste_yard_id";`);
  }
}
