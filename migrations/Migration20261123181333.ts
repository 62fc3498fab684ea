import { Migration } from '@mikro-orm/migrations';

export class Migration20261123181333 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "plot_county_code_id_index" on "plot" ("county_code", "id");`);


    this.addSql(`drop index "stage_event_plot_id_effective_on_index";`);

    this.addSql(`create index "stage_event_plot_effective_covering" on "stage_event" ("plot_id", "effective_on" desc, "id" desc) include ("to_stage");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "plot_county_code_id_index";`);


    this.addSql(`drop index "stage_event_plot_effective_covering";`);

    this.addSql(`create index "stage_event_plot_id_effective_on_index" on "stage_event" ("plot_id", "effective_on");`);
  }

}
