import { Migration } from '@mikro-orm/migrations';

/**
 * Permits and vacated sites (issue 14; RULES.md §5, §8): why a permit ended (only CLOSURE_RELOCATION opens a
 * vacated site), a site without a plot closed by ECO with its reason (status CLOSED), and the demolition summary
 * report (拆除活动总结报告, Jinzhong plan 3) with its date and document number.
 */
const REASONS = `('CLOSURE_RELOCATION', 'PRODUCTION_HALT', 'HOLDER_CHANGE', 'TO_REGISTRATION', 'REPLACED', 'OTHER')`;

export class Migration20261128233000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "discharge_permit" add column "end_reason_category" text null check ("end_reason_category" in ${REASONS});`);
    // Every permit ended before this release opened a vacated site: it ended as CLOSURE_RELOCATION.
    this.addSql(`update "discharge_permit" set "end_reason_category" = 'CLOSURE_RELOCATION' where "stored_status" <> 'VALID' and "ended_on" is not null;`);

    this.addSql(`alter table "vacated_site" drop constraint if exists "vacated_site_status_check";`);
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_status_check" check ("status" in ('VACATED', 'UNDER_INVESTIGATION', 'RELEASED', 'CLOSED'));`);
    this.addSql(`alter table "vacated_site" add column "closed_on" date null, add column "close_reason" text null,
      add column "demolition_report_filed_on" date null, add column "demolition_report_no" varchar(100) null;`);
    // CLOSED only for a site without a plot, and always with its date and reason.
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_closed_check" check (("status" = 'CLOSED') = ("closed_on" is not null)
      and ("closed_on" is null or ("close_reason" is not null and "plot_id" is null)));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "vacated_site" drop constraint if exists "vacated_site_closed_check";`);
    this.addSql(`update "vacated_site" set "status" = 'VACATED' where "status" = 'CLOSED';`);
    this.addSql(`alter table "vacated_site" drop constraint if exists "vacated_site_status_check";`);
    this.addSql(`alter table "vacated_site" add constraint "vacated_site_status_check" check ("status" in ('VACATED', 'UNDER_INVESTIGATION', 'RELEASED'));`);
    this.addSql(`alter table "vacated_site" drop column "closed_on", drop column "close_reason", drop column "demolition_report_filed_on", drop column "demolition_report_no";`);
    this.addSql(`alter table "discharge_permit" drop column "end_reason_category";`);
  }
}
